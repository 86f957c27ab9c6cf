//! Source decoding, parsing (via `ruff_python_parser`) and CPython-compatible `SyntaxError`
//! reports.
//!
//! This module owns everything between raw source bytes and a ruff AST: decoding (UTF-8, BOM,
//! PEP 263 latin-1 cookies), parsing modules and `eval()` expressions, mapping byte offsets to
//! CPython line/column numbers ([`LineIndex`]), translating ruff's parse and lexer errors into the
//! exception kind, message and position CPython 3.13 reports, and rendering an uncaught
//! `SyntaxError` exactly as CPython prints it ([`format_syntax_error`]).
//!
//! CPython reports the *first* error its tokenizer or parser meets, preferring tokenizer errors
//! (unterminated strings, unmatched brackets, bad numbers, bad indentation) found at or before the
//! point where the parser failed, and even after it for the "raising" kinds. We emulate that by
//! scanning ruff's token stream for tokenizer-level errors ([`Ctx::scan`]) and comparing their
//! positions with ruff's first parser error ([`Ctx::report`]).
#![deny(unsafe_code)]

pub use ruff_python_ast as ast;

use ruff_python_ast::token::{Token, TokenKind as K};
use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor};
use ruff_python_ast::{Expr, Mod, PySourceType, UnaryOp};
use ruff_python_parser::{
    InterpolatedStringErrorType as Fs, LexicalErrorType as Lex, Mode, ParseError,
    ParseErrorType as Pe, ParseOptions,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    SyntaxError,
    IndentationError,
    TabError,
}

impl SyntaxKind {
    /// The Python exception class name.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxKind::SyntaxError => "SyntaxError",
            SyntaxKind::IndentationError => "IndentationError",
            SyntaxKind::TabError => "TabError",
        }
    }
}

/// A `SyntaxError` as CPython would raise it. `lineno == 0` with `text == None` means "no
/// location" (decoding errors). `end_offset == 0` stands for CPython's 0 / -1 ("no end").
#[derive(Debug, Clone)]
pub struct SyntaxErrorInfo {
    pub kind: SyntaxKind,
    pub msg: String,
    pub filename: String,
    pub lineno: usize,
    pub offset: usize,
    pub end_lineno: usize,
    pub end_offset: usize,
    pub text: Option<String>,
}

impl std::fmt::Display for SyntaxErrorInfo {
    /// Like CPython's `str(SyntaxError)`: `msg (filename, line N)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.lineno == 0 && self.text.is_none() {
            return f.write_str(&self.msg);
        }
        write!(f, "{} ({}, line {})", self.msg, self.filename, self.lineno)
    }
}

impl std::error::Error for SyntaxErrorInfo {}

use SyntaxKind::{IndentationError as IE, SyntaxError as SE};

// ---------------------------------------------------------------------------------------------
// Decoding

/// Decode raw file bytes as Python source (UTF-8, optional BOM). NUL bytes give CPython's
/// "source code cannot contain null bytes"; invalid UTF-8 gives CPython's "Non-UTF-8 code ..."
/// error. A PEP 263 cookie naming latin-1 is honoured; other non-UTF-8 cookies are refused with
/// CPython's "encoding problem: NAME".
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, SyntaxErrorInfo> {
    let no_loc = |msg: String| SyntaxErrorInfo {
        kind: SE,
        msg,
        filename: filename.to_string(),
        lineno: 0,
        offset: 0,
        end_lineno: 0,
        end_offset: 0,
        text: None,
    };
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let line_of = |pos: usize| body[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(cookie) = coding_cookie(body) {
        match cookie.as_str() {
            "utf-8" => {}
            "iso-8859-1" if bom => return Err(no_loc("encoding problem: iso-8859-1 with BOM".into())),
            "iso-8859-1" => return Ok(body.iter().map(|&b| b as char).collect()),
            other => return Err(no_loc(format!("encoding problem: {other}"))),
        }
    }
    let bad = std::str::from_utf8(body).err().map(|e| e.valid_up_to());
    let nul = body.iter().position(|&b| b == 0);
    match (nul, bad) {
        (Some(n), b) if b.is_none_or(|b| line_of(n) <= line_of(b)) => {
            let line = line_of(n);
            let start = body[..n].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            Err(SyntaxErrorInfo {
                lineno: line,
                end_lineno: line,
                text: Some(String::from_utf8_lossy(&body[start..n]).into_owned()),
                ..no_loc("source code cannot contain null bytes".into())
            })
        }
        (_, Some(b)) => Err(no_loc(format!(
            "Non-UTF-8 code starting with '\\x{:02x}' in file {} on line {}, but no encoding \
             declared; see https://peps.python.org/pep-0263/ for details",
            body[b],
            filename,
            line_of(b)
        ))),
        _ => Ok(String::from_utf8(body.to_vec()).unwrap_or_default()),
    }
}

/// The normalized encoding named by a PEP 263 cookie on line 1 or 2, if any.
fn coding_cookie(body: &[u8]) -> Option<String> {
    for line in body.split(|&b| b == b'\n').take(2) {
        let text = String::from_utf8_lossy(line);
        let t = text.trim_start_matches([' ', '\t', '\x0c']);
        if !t.starts_with('#') {
            continue;
        }
        if let Some(p) = t.find("coding") {
            let rest = &t[p + 6..];
            if let Some(rest) = rest.strip_prefix([':', '=']) {
                let name: String = rest
                    .trim_start_matches([' ', '\t'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
                    .collect();
                let norm = name.to_ascii_lowercase().replace('_', "-");
                return Some(match norm.as_str() {
                    "utf-8" | "utf8" | "utf-8-sig" => "utf-8".into(),
                    "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "iso-latin-1" => {
                        "iso-8859-1".into()
                    }
                    _ => name,
                });
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Parsing entry points

/// Parse a whole module (file or `exec()` source).
pub fn parse_module(source: &str, filename: &str) -> Result<ast::ModModule, SyntaxErrorInfo> {
    let parsed = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python);
    let ctx = |m: &ast::ModModule| Ctx::new(source, filename, parsed.tokens(), true, Some(m));
    if parsed.errors().is_empty() {
        // ruff accepts inconsistent tab/space indentation that CPython rejects (TabError).
        if source.contains('\t') {
            if let Some(ev) = ctx(parsed.syntax()).scan(&[]).into_iter().next() {
                return Err(ev.info);
            }
        }
        return Ok(parsed.into_syntax());
    }
    Err(ctx(parsed.syntax()).report(parsed.errors()))
}

/// Parse an `eval()` expression. Like CPython, leading spaces and tabs are ignored; error
/// positions are relative to the stripped text (as CPython reports them) while AST ranges are
/// relative to `source`.
pub fn parse_expression(source: &str, filename: &str) -> Result<ast::ModExpression, SyntaxErrorInfo> {
    let stripped = source.trim_start_matches([' ', '\t']);
    let skip = source.len() - stripped.len();
    let parsed =
        ruff_python_parser::parse_unchecked(stripped, ParseOptions::from(Mode::Expression));
    if parsed.errors().is_empty() {
        if skip == 0 {
            let Mod::Expression(e) = parsed.into_syntax() else { unreachable!("expression mode") };
            return Ok(e);
        }
        let range = TextRange::new(TextSize::new(skip as u32), source.text_len());
        if let Ok(p) = ruff_python_parser::parse_expression_range(source, range) {
            return Ok(p.into_syntax());
        }
    }
    if stripped.trim().is_empty() {
        let idx = LineIndex::new("");
        let mut e = syntax_error_at(SE, "invalid syntax", filename, "", &idx, TextRange::default());
        (e.lineno, e.end_lineno, e.offset) = (0, 0, 0);
        return Err(e);
    }
    let Mod::Expression(m) = parsed.syntax() else { unreachable!("expression mode") };
    let ctx = Ctx::new(stripped, filename, parsed.tokens(), false, None);
    Err(ctx.with_exprs(|c| c.visit_expr(&m.body)).report(parsed.errors()))
}

trait TextLen {
    fn text_len(&self) -> TextSize;
}
impl TextLen for str {
    fn text_len(&self) -> TextSize {
        TextSize::new(self.len() as u32)
    }
}

// ---------------------------------------------------------------------------------------------
// Positions

/// Maps byte offsets (ruff `TextSize`) to 1-based line numbers and 1-based character columns.
/// Lines end at `\n`, `\r\n` or a lone `\r`.
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let b = source.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex { starts }
    }

    /// 1-based line containing byte `offset` (offsets past the end map to the last line).
    pub fn line(&self, offset: u32) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where `line` (1-based) starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1] as usize
    }

    /// Byte offset of the end of `line`'s content (before its line terminator).
    fn content_end(&self, source: &str, line: usize) -> usize {
        let start = self.line_start(line);
        source[start..].find(['\n', '\r']).map_or(source.len(), |p| start + p)
    }

    /// 1-based character column of byte `offset`; a line terminator counts as one character.
    pub fn column(&self, source: &str, offset: u32) -> usize {
        let line = self.line(offset);
        let (start, end, off) = (self.line_start(line), self.content_end(source, line), offset as usize);
        chars(&source.as_bytes()[start..off.clamp(start, end)]) + 1 + usize::from(off > end)
    }

    /// The text of `line` (1-based) without its line terminator; "" when out of range.
    pub fn line_text<'a>(&self, source: &'a str, line: usize) -> &'a str {
        if line == 0 || line > self.starts.len() {
            return "";
        }
        &source[self.line_start(line)..self.content_end(source, line)]
    }
}

/// Number of characters in a (possibly cut) UTF-8 byte slice.
fn chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
}

/// A `SyntaxErrorInfo` for the byte `range` of `source`, positioned the way CPython positions
/// errors on AST nodes and tokens. For errors the compiler raises itself (e.g. "'return' outside
/// function", "'break' outside loop", "nonlocal declaration not allowed at module level").
pub fn syntax_error_at(
    kind: SyntaxKind,
    msg: &str,
    filename: &str,
    source: &str,
    index: &LineIndex,
    range: TextRange,
) -> SyntaxErrorInfo {
    let (start, end) = (range.start().to_u32(), range.end().to_u32());
    let lineno = index.line(start);
    let end_line = index.line(end);
    // An end sitting at the start of a later line (a token that swallowed its newline) is
    // reported, like CPython, as one past the end of the previous line.
    let (end_lineno, end_offset) =
        if end > start && end_line > lineno && index.line_start(end_line) == end as usize {
            (end_line - 1, index.line_text(source, end_line - 1).chars().count() + 2)
        } else {
            (end_line, index.column(source, end))
        };
    SyntaxErrorInfo {
        kind,
        msg: msg.to_string(),
        filename: filename.to_string(),
        lineno,
        offset: index.column(source, start),
        end_lineno,
        end_offset,
        text: Some(index.line_text(source, lineno).to_string()),
    }
}

/// The exact text CPython 3.13 prints to stderr for an uncaught SyntaxError (no "Traceback"
/// header): the `File` line, the source line with a caret line, and `Kind: msg`.
pub fn format_syntax_error(e: &SyntaxErrorInfo) -> String {
    let mut out = String::new();
    if e.lineno == 0 && e.text.is_none() {
        return format!("{}: {}\n", e.kind.name(), e.msg);
    }
    out.push_str(&format!("  File \"{}\", line {}\n", e.filename, e.lineno));
    if let Some(text) = &e.text {
        let rtext = text.trim_end_matches('\n');
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
        let rlen = rtext.chars().count() as i64;
        let mut offset = e.offset as i64;
        let mut end = if e.lineno != e.end_lineno {
            rlen + 1
        } else if e.end_offset == 0 {
            offset
        } else {
            e.end_offset as i64
        };
        if offset > rlen {
            offset = rlen + 1;
        }
        if end > rlen {
            end = rlen + 1;
        }
        if offset >= end {
            end = offset + 1;
        }
        let (colno, end_colno) = (offset - 1 - spaces, end - 1 - spaces);
        out.push_str(&format!("    {ltext}\n"));
        if colno >= 0 {
            let pad: String = ltext
                .chars()
                .take(colno as usize)
                .map(|c| if c.is_whitespace() { c } else { ' ' })
                .collect();
            out.push_str(&format!("    {pad}{}\n", "^".repeat((end_colno - colno) as usize)));
        }
    }
    out.push_str(&format!("{}: {}\n", e.kind.name(), e.msg));
    out
}

// ---------------------------------------------------------------------------------------------
// Error analysis

/// What we need to know about an expression node: its range, CPython's name for it (as used in
/// "cannot assign to ..."), and a precedence class: 0 = below `disjunction` (lambda, ternary,
/// walrus, starred, yield, slice), 1 = `disjunction` (or/and/not/comparison), 2 = `bitwise_or`.
#[derive(Clone, Copy)]
struct ExprInfo {
    range: TextRange,
    name: &'static str,
    prec: u8,
}

#[derive(Default)]
struct Collector(Vec<ExprInfo>);

impl<'a> SourceOrderVisitor<'a> for Collector {
    fn visit_expr(&mut self, e: &'a Expr) {
        let (name, prec) = match e {
            Expr::BoolOp(_) | Expr::Compare(_) => (if matches!(e, Expr::Compare(_)) { "comparison" } else { "expression" }, 1),
            Expr::UnaryOp(u) => ("expression", if u.op == UnaryOp::Not { 1 } else { 2 }),
            Expr::BinOp(_) | Expr::IpyEscapeCommand(_) => ("expression", 2),
            Expr::Named(_) => ("named expression", 0),
            Expr::Lambda(_) => ("lambda", 0),
            Expr::If(_) => ("conditional expression", 0),
            Expr::Starred(_) => ("starred", 0),
            Expr::Yield(_) | Expr::YieldFrom(_) => ("yield expression", 0),
            Expr::Slice(_) => ("slice", 0),
            Expr::Dict(_) => ("dict literal", 2),
            Expr::Set(_) => ("set display", 2),
            Expr::ListComp(_) => ("list comprehension", 2),
            Expr::SetComp(_) => ("set comprehension", 2),
            Expr::DictComp(_) => ("dict comprehension", 2),
            Expr::Generator(_) => ("generator expression", 2),
            Expr::Await(_) => ("await expression", 2),
            Expr::Call(_) => ("function call", 2),
            Expr::FString(_) => ("f-string expression", 2),
            Expr::TString(_) => ("t-string expression", 2),
            Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => ("literal", 2),
            Expr::BooleanLiteral(b) => (if b.value { "True" } else { "False" }, 2),
            Expr::NoneLiteral(_) => ("None", 2),
            Expr::EllipsisLiteral(_) => ("ellipsis", 2),
            Expr::Attribute(_) => ("attribute", 2),
            Expr::Subscript(_) => ("subscript", 2),
            Expr::Name(_) => ("name", 2),
            Expr::List(_) => ("list", 2),
            Expr::Tuple(_) => ("tuple", 2),
        };
        self.0.push(ExprInfo { range: e.range(), name, prec });
        source_order::walk_expr(self, e);
    }
}

/// A tokenizer-level error found by [`Ctx::scan`]. `raising` errors replace a parser error that
/// occurred earlier (CPython keeps tokenizing after a parser error); `unclosed` marks the
/// end-of-file "'(' was never closed" check, which carries the bracket's line.
struct Event {
    pos: usize,
    raising: bool,
    unclosed: Option<usize>,
    info: SyntaxErrorInfo,
}

struct Ctx<'a> {
    src: &'a str,
    file: &'a str,
    idx: LineIndex,
    toks: &'a [Token],
    module: bool,
    exprs: Vec<ExprInfo>,
}

const ESC_UNICODE: &str = "(unicode error) 'unicodeescape' codec can't decode bytes in position";

impl<'a> Ctx<'a> {
    fn new(src: &'a str, file: &'a str, toks: &'a [Token], module: bool, m: Option<&ast::ModModule>) -> Self {
        let ctx = Ctx { src, file, idx: LineIndex::new(src), toks, module, exprs: Vec::new() };
        match m {
            Some(m) => ctx.with_exprs(|c| c.visit_body(&m.body)),
            None => ctx,
        }
    }

    fn with_exprs(mut self, f: impl FnOnce(&mut Collector)) -> Self {
        let mut c = Collector::default();
        f(&mut c);
        self.exprs = c.0;
        self
    }

    // ----- position helpers -----

    fn col(&self, pos: usize) -> usize {
        self.idx.column(self.src, pos as u32)
    }
    fn line(&self, pos: usize) -> usize {
        self.idx.line(pos as u32)
    }
    fn raw(&self, kind: SyntaxKind, msg: &str, line: usize, offset: usize, end_line: usize, end_offset: usize) -> SyntaxErrorInfo {
        SyntaxErrorInfo {
            kind,
            msg: msg.to_string(),
            filename: self.file.to_string(),
            lineno: line,
            offset,
            end_lineno: end_line,
            end_offset,
            text: Some(self.idx.line_text(self.src, line).to_string()),
        }
    }
    /// Error at a single point, reported CPython-tokenizer style (offset == end_offset).
    fn point(&self, msg: &str, pos: usize) -> SyntaxErrorInfo {
        let (l, c) = (self.line(pos), self.col(pos));
        self.raw(SE, msg, l, c, l, c)
    }
    fn at(&self, kind: SyntaxKind, msg: &str, start: usize, end: usize) -> SyntaxErrorInfo {
        let range = TextRange::new(TextSize::new(start as u32), TextSize::new(end.max(start) as u32));
        syntax_error_at(kind, msg, self.file, self.src, &self.idx, range)
    }
    /// Error at the ENDMARKER: CPython puts it on the last line, offset 0.
    fn at_eof(&self, kind: SyntaxKind, msg: &str) -> SyntaxErrorInfo {
        let l = self.line(self.src.len().saturating_sub(1));
        self.raw(kind, msg, l, 0, l, 0)
    }
    /// Error covering token `i`, as CPython would cover its own token.
    fn at_tok(&self, kind: SyntaxKind, msg: &str, i: usize) -> SyntaxErrorInfo {
        let t = &self.toks[i];
        match t.kind() {
            K::EndOfFile => self.at_eof(kind, msg),
            // CPython's NEWLINE token starts at a trailing comment, if there is one.
            K::Newline if i > 0 && self.toks[i - 1].kind() == K::Comment => {
                self.at(kind, msg, self.start(i - 1), self.end(i))
            }
            _ => self.at(kind, msg, self.start(i), self.end(i)),
        }
    }

    // ----- token helpers -----

    fn start(&self, i: usize) -> usize {
        self.toks[i].start().to_usize()
    }
    fn end(&self, i: usize) -> usize {
        self.toks[i].end().to_usize()
    }
    fn kind(&self, i: usize) -> K {
        self.toks.get(i).map_or(K::EndOfFile, Token::kind)
    }
    fn text(&self, i: usize) -> &'a str {
        &self.src[self.toks[i].range()]
    }
    fn trivia(k: K) -> bool {
        matches!(k, K::Comment | K::NonLogicalNewline | K::Indent | K::Dedent)
    }
    /// First significant token not entirely before `pos`.
    fn tok_at(&self, pos: usize) -> usize {
        let mut i = self.toks.partition_point(|t| t.start().to_usize() < pos && t.end().to_usize() <= pos);
        while i + 1 < self.toks.len() && Self::trivia(self.kind(i)) {
            i += 1;
        }
        i.min(self.toks.len().saturating_sub(1))
    }
    fn next_sig(&self, i: usize) -> usize {
        let mut j = i + 1;
        while j + 1 < self.toks.len() && Self::trivia(self.kind(j)) {
            j += 1;
        }
        j.min(self.toks.len() - 1)
    }
    fn prev_sig(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !Self::trivia(self.kind(j)))
    }
    /// Walk back from token `i` (exclusive) at bracket depth 0 until `stop` matches a token;
    /// returns that token's index. Stops (returning `None`) at an unmatched opening bracket.
    fn back_until(&self, i: usize, stop: impl Fn(K) -> bool) -> Option<usize> {
        let mut depth = 0usize;
        for j in (0..i).rev() {
            let k = self.kind(j);
            if depth == 0 && stop(k) {
                return Some(j);
            }
            match k {
                K::Rpar | K::Rsqb | K::Rbrace => depth += 1,
                K::Lpar | K::Lsqb | K::Lbrace if depth == 0 => return None,
                K::Lpar | K::Lsqb | K::Lbrace => depth -= 1,
                _ => {}
            }
        }
        None
    }
    /// The innermost bracket still open just before token `i`.
    fn open_bracket(&self, i: usize) -> Option<usize> {
        let mut stack = Vec::new();
        for j in 0..i {
            match self.kind(j) {
                K::Lpar | K::Lsqb | K::Lbrace => stack.push(j),
                K::Rpar | K::Rsqb | K::Rbrace => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.pop()
    }
    /// First token of the logical line containing token `i`.
    fn line_start_tok(&self, i: usize) -> usize {
        let mut depth = 0usize;
        for j in (0..i).rev() {
            match self.kind(j) {
                K::Newline | K::Indent | K::Dedent => return self.next_sig(j),
                K::NonLogicalNewline if depth == 0 => return self.next_sig(j),
                K::Rpar | K::Rsqb | K::Rbrace => depth += 1,
                K::Lpar | K::Lsqb | K::Lbrace => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if Self::trivia(self.kind(0)) { self.next_sig(0) } else { 0 }
    }
    fn starts_expr(k: K) -> bool {
        matches!(
            k,
            K::Name | K::Int | K::Float | K::Complex | K::String | K::FStringStart | K::TStringStart
                | K::Lpar | K::Lsqb | K::Lbrace | K::Tilde | K::Lambda | K::Await | K::None | K::True
                | K::False | K::Ellipsis | K::Match | K::Case | K::Type | K::Not
        )
    }

    // ----- expression helpers -----

    fn expr_exact(&self, r: TextRange) -> Option<ExprInfo> {
        self.exprs.iter().find(|e| e.range == r).copied()
    }
    fn expr_starting_at(&self, pos: usize) -> Option<ExprInfo> {
        self.exprs.iter().find(|e| e.range.start().to_usize() == pos).copied()
    }
    /// Outermost expression ending at `pos` with precedence class >= `prec`.
    fn expr_ending_at(&self, pos: usize, prec: u8) -> Option<ExprInfo> {
        let mut best: Option<ExprInfo> = None;
        for e in self.exprs.iter().filter(|e| e.range.end().to_usize() == pos && self.prec(e) >= prec) {
            if best.is_none_or(|b| e.range.start() < b.range.start()) {
                best = Some(*e);
            }
        }
        best
    }
    /// Precedence class, treating a parenthesized expression as an atom.
    fn prec(&self, e: &ExprInfo) -> u8 {
        let i = self.tok_at(e.range.start().to_usize());
        let parens = self.prev_sig(i).is_some_and(|p| self.kind(p) == K::Lpar)
            && self.kind(self.tok_at(e.range.end().to_usize())) == K::Rpar;
        if parens { 2 } else { e.prec }
    }
    /// End of the expression starting at token `i` (or of the token itself).
    fn expr_end_from(&self, i: usize) -> usize {
        self.expr_starting_at(self.start(i)).map_or(self.end(i), |e| e.range.end().to_usize())
    }

    // ----- the tokenizer emulation -----

    /// Tokenizer-level errors in source order: bracket matching, indentation (including
    /// TabError), numeric literals, and the lexer errors ruff reports that CPython's tokenizer
    /// raises (unterminated strings, invalid characters, line continuations).
    fn scan(&self, errors: &[ParseError]) -> Vec<Event> {
        let mut ev = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut indents = vec![(0usize, 0usize)];
        let mut at_line_start = self.module;
        for (i, t) in self.toks.iter().enumerate() {
            match t.kind() {
                K::Newline | K::NonLogicalNewline => at_line_start |= stack.is_empty() && self.module,
                K::Comment | K::Indent | K::Dedent => {}
                K::EndOfFile => break,
                k => {
                    if std::mem::take(&mut at_line_start) {
                        ev.extend(self.check_indent(&mut indents, self.start(i)));
                    }
                    match k {
                        K::Lpar | K::Lsqb | K::Lbrace => stack.push(i),
                        K::Rpar | K::Rsqb | K::Rbrace => ev.extend(self.close_bracket(&mut stack, i)),
                        K::Int | K::Float | K::Complex | K::Unknown => ev.extend(self.check_number(i)),
                        _ => {}
                    }
                }
            }
        }
        for e in errors {
            ev.extend(self.lexical_event(e));
        }
        if let Some(&o) = stack.last() {
            // EOF inside brackets: CPython reports the bracket instead of "unexpected EOF".
            ev.retain(|e| e.pos < self.src.len());
            let (l, c) = (self.line(self.start(o)), self.col(self.start(o)));
            let msg = format!("'{}' was never closed", self.text(o));
            ev.push(Event { pos: self.src.len(), raising: false, unclosed: Some(l), info: self.raw(SE, &msg, l, c, l, 0) });
        }
        ev.sort_by_key(|e| e.pos);
        ev
    }

    fn close_bracket(&self, stack: &mut Vec<usize>, i: usize) -> Option<Event> {
        let close = self.text(i);
        let pos = self.start(i);
        let ev = |msg: String| Some(Event { pos, raising: true, unclosed: None, info: self.point(&msg, pos) });
        let Some(&o) = stack.last() else { return ev(format!("unmatched '{close}'")) };
        let open = self.text(o);
        if matches!((open, close), ("(", ")") | ("[", "]") | ("{", "}")) {
            stack.pop();
            return None;
        }
        let (ol, cl) = (self.line(self.start(o)), self.line(pos));
        let on_line = if ol != cl { format!(" on line {ol}") } else { String::new() };
        ev(format!("closing parenthesis '{close}' does not match opening parenthesis '{open}'{on_line}"))
    }

    /// CPython's indentation bookkeeping (`col` with 8-column tabs, `altcol` with 1-column tabs).
    fn check_indent(&self, indents: &mut Vec<(usize, usize)>, tok_start: usize) -> Option<Event> {
        let line = self.line(tok_start);
        let ls = self.idx.line_start(line);
        let (mut col, mut alt) = (0, 0);
        for c in self.src[ls..tok_start].chars() {
            match c {
                ' ' => (col, alt) = (col + 1, alt + 1),
                '\t' => (col, alt) = ((col / 8 + 1) * 8, alt + 1),
                '\x0c' => (col, alt) = (0, 0),
                _ => return None,
            }
        }
        let tab = || self.raw(SyntaxKind::TabError, "inconsistent use of tabs and spaces in indentation", line, 1, line, 0);
        let (top, top_alt) = *indents.last()?;
        let info = if col == top {
            (alt != top_alt).then(tab)
        } else if col > top {
            indents.push((col, alt));
            if alt <= top_alt {
                Some(tab())
            } else if indents.len() > 100 {
                Some(self.raw(IE, "too many levels of indentation", line, 1, line, 0))
            } else {
                None
            }
        } else {
            while indents.len() > 1 && col < indents.last()?.0 {
                indents.pop();
            }
            let (top, top_alt) = *indents.last()?;
            if col != top {
                let len = self.idx.line_text(self.src, line).chars().count();
                Some(self.raw(IE, "unindent does not match any outer indentation level", line, len + 1, line, 0))
            } else {
                (alt != top_alt).then(tab)
            }
        };
        info.map(|info| Event { pos: ls, raising: false, unclosed: None, info })
    }

    /// Validate a numeric literal starting at token `i` with CPython's tokenizer rules.
    fn check_number(&self, i: usize) -> Option<Event> {
        let start = self.start(i);
        let s = self.src.as_bytes();
        let first = *s.get(start)?;
        if !(first.is_ascii_digit() || (first == b'.' && s.get(start + 1).is_some_and(u8::is_ascii_digit))) {
            return None;
        }
        let info = match scan_number(s, start)? {
            NumErr::Cur(msg, cur) => {
                let (l, c) = (self.line(cur), self.col(cur) - 1);
                self.raw(SE, &msg, l, c, l, c)
            }
            NumErr::Range(msg, zeros_end) => {
                let l = self.line(start);
                self.raw(SE, &msg, l, self.col(start), l, self.col(zeros_end) - 1)
            }
        };
        Some(Event { pos: start, raising: true, unclosed: None, info })
    }

    /// Lexer errors ruff reports that CPython raises from its tokenizer.
    fn lexical_event(&self, e: &ParseError) -> Option<Event> {
        let (s, end) = (e.location.start().to_usize(), e.location.end().to_usize());
        let ev = |pos, raising, info| Some(Event { pos, raising, unclosed: None, info });
        let unterminated = |start: usize, kind: &str| {
            let body = self.src[start..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let triple = if body.starts_with("\"\"\"") || body.starts_with("'''") { "triple-quoted " } else { "" };
            let detected = self.line(end.max(start + 1) - 1);
            let msg = format!("unterminated {triple}{kind} literal (detected at line {detected})");
            ev(start, true, self.point(&msg, start))
        };
        match &e.error {
            Pe::Lexical(Lex::UnclosedStringError) => unterminated(s, "string"),
            Pe::Lexical(Lex::FStringError(Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString))
            | Pe::Lexical(Lex::TStringError(Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString)) => {
                let j = (0..=self.tok_at(s)).rev().find(|&j| matches!(self.kind(j), K::FStringStart | K::TStringStart))?;
                let kind = if self.kind(j) == K::FStringStart { "f-string" } else { "t-string" };
                unterminated(self.start(j), kind)
            }
            Pe::Lexical(Lex::FStringError(Fs::SingleRbrace)) => ev(s, true, self.point("f-string: single '}' is not allowed", s)),
            Pe::Lexical(Lex::TStringError(Fs::SingleRbrace)) => ev(s, true, self.point("t-string: single '}' is not allowed", s)),
            Pe::Lexical(Lex::UnrecognizedToken { tok }) if !tok.is_ascii() || tok.is_ascii_control() => {
                let printable = !(tok.is_control()
                    || (tok.is_whitespace() && *tok != ' ')
                    || matches!(*tok, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'));
                let msg = if printable {
                    format!("invalid character '{tok}' (U+{:04X})", *tok as u32)
                } else {
                    format!("invalid non-printable character U+{:04X}", *tok as u32)
                };
                ev(s, true, self.point(&msg, s))
            }
            Pe::Lexical(Lex::LineContinuationError | Lex::Eof) => {
                let bs = s + self.src[s..end.max(s)].rfind('\\')?;
                if matches!(&self.src[bs + 1..], "" | "\n" | "\r\n" | "\r") {
                    let l = self.line(bs);
                    let len = self.idx.line_text(self.src, l).chars().count();
                    ev(self.src.len(), false, self.raw(SE, "unexpected EOF while parsing", l, len + 1, l, 0))
                } else if matches!(e.error, Pe::Lexical(Lex::LineContinuationError)) {
                    let (l, c) = (self.line(bs), self.col(bs + 1));
                    ev(bs, true, self.raw(SE, "unexpected character after line continuation character", l, c, l, 0))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Whether a ruff error is covered by the tokenizer emulation (never a parser error).
    fn is_tokenizer_error(e: &ParseError, events: &[Event]) -> bool {
        match &e.error {
            Pe::Lexical(Lex::FStringError(f) | Lex::TStringError(f)) => {
                matches!(f, Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString | Fs::SingleRbrace)
            }
            Pe::Lexical(Lex::UnrecognizedToken { tok }) => !tok.is_ascii() || tok.is_ascii_control(),
            Pe::Lexical(Lex::OtherError(_)) => events.iter().any(|ev| ev.pos == e.location.start().to_usize()),
            Pe::Lexical(l) => matches!(l, Lex::UnclosedStringError | Lex::IndentationError | Lex::Eof | Lex::LineContinuationError),
            _ => false,
        }
    }

    /// Pick the error CPython would report, given all of ruff's errors.
    fn report(&self, errors: &[ParseError]) -> SyntaxErrorInfo {
        let events = self.scan(errors);
        let parse = errors
            .iter()
            .filter(|e| !Self::is_tokenizer_error(e, &events))
            .min_by_key(|e| e.location.start());
        let Some(p) = parse else {
            return match events.into_iter().next() {
                Some(ev) => ev.info,
                None => self.at(SE, "invalid syntax", 0, 0),
            };
        };
        let pstart = p.location.start().to_usize();
        if let Some(ev) = events.iter().find(|ev| ev.pos <= pstart) {
            return ev.info.clone();
        }
        let (info, furthest) = self.map_parse_error(p);
        // CPython tokenizes the rest of the file after a parser error: a "raising" tokenizer error
        // replaces it, and so does an unclosed bracket when the parser had read past its line.
        match events.into_iter().next() {
            Some(ev) if ev.raising => ev.info,
            Some(Event { unclosed: Some(line), info: unclosed, .. })
                if self.kind(furthest) == K::EndOfFile || self.line(self.start(furthest)) > line =>
            {
                unclosed
            }
            _ => info,
        }
    }

    // ----- parser errors -----

    /// Map one ruff parser error to CPython's message and position. Also returns the furthest
    /// token CPython's parser would have read (for the unclosed-bracket check).
    fn map_parse_error(&self, e: &ParseError) -> (SyntaxErrorInfo, usize) {
        let r = e.location;
        let (s, en) = (r.start().to_usize(), r.end().to_usize());
        let i = self.tok_at(s);
        let generic = || (self.at_tok(SE, "invalid syntax", i), i);
        let range = |msg: &str| (self.at(SE, msg, s, en), i);
        let name = || self.expr_exact(r).or_else(|| self.expr_starting_at(s)).map_or("expression", |x| x.name);
        match &e.error {
            Pe::ExpectedToken { expected, found } => self.expected_token(*expected, *found, i).unwrap_or_else(generic),
            Pe::UnexpectedIndentation => {
                let l = self.line(s);
                (self.raw(IE, "unexpected indent", l, self.col(en) - 1, l, 0), i)
            }
            Pe::InvalidAssignmentTarget => (self.assign_target(r), i),
            Pe::InvalidAugmentedAssignmentTarget => range(&format!("'{}' is an illegal expression for augmented assignment", name())),
            Pe::InvalidAnnotatedAssignmentTarget => range("illegal target for annotation"),
            Pe::InvalidNamedAssignmentTarget => range(&format!("cannot use assignment expressions with {}", name())),
            Pe::InvalidDeleteTarget => range(&format!("cannot delete {}", name())),
            Pe::NonDefaultParamAfterDefaultParam => range("parameter without a default follows parameter with a default"),
            Pe::ParamAfterVarKeywordParam => range("arguments cannot follow var-keyword argument"),
            Pe::VarParameterWithDefault => {
                let kw = self.prev_sig(i).and_then(|n| self.prev_sig(n)).is_some_and(|j| self.kind(j) == K::DoubleStar);
                range(&format!("var-{} argument cannot have default value", if kw { "keyword" } else { "positional" }))
            }
            Pe::ExpectedKeywordParam => {
                let star = (0..=i).rev().find(|&j| self.kind(j) == K::Star).unwrap_or(i);
                (self.at_tok(SE, "named arguments must follow bare *", star), i)
            }
            Pe::PositionalAfterKeywordArgument => range("positional argument follows keyword argument"),
            Pe::PositionalAfterKeywordUnpacking => range("positional argument follows keyword argument unpacking"),
            Pe::InvalidArgumentUnpackingOrder => {
                let from = self.prev_sig(i).map_or(s, |p| self.start(p));
                (self.at(SE, "iterable argument unpacking follows keyword argument unpacking", from, en), i)
            }
            Pe::UnparenthesizedGeneratorExpression => range("Generator expression must be parenthesized"),
            Pe::IterableUnpackingInComprehension => range("iterable unpacking cannot be used in comprehension"),
            Pe::EmptyImportNames => (self.point("Expected one or more names after 'import'", self.start(i)), i),
            Pe::EmptyTypeParams => (self.point("Type parameter list cannot be empty", self.start(i)), i),
            Pe::InvalidMatchPatternTarget => range("cannot use '_' as a target"),
            Pe::ExpectedRealNumber => range("real number required in complex literal"),
            Pe::ExpectedImaginaryNumber => range("imaginary number required in complex literal"),
            Pe::SimpleStatementsOnSameLine => self.legacy_print(i).unwrap_or_else(generic),
            Pe::ExpectedExpression => self.empty_fstring_field(i).map(|x| (x, i)).unwrap_or_else(generic),
            Pe::OtherError(m) => self.other_error(m, r, i).unwrap_or_else(generic),
            Pe::FStringError(f) | Pe::Lexical(Lex::FStringError(f)) => self.istring_error(f, "f-string", r, i).unwrap_or_else(generic),
            Pe::TStringError(f) | Pe::Lexical(Lex::TStringError(f)) => self.istring_error(f, "t-string", r, i).unwrap_or_else(generic),
            Pe::Lexical(Lex::InvalidByteLiteral) => (self.at_tok(SE, "bytes can only contain ASCII literal characters", i), i),
            Pe::Lexical(Lex::UnicodeError | Lex::MissingUnicodeLbrace | Lex::MissingUnicodeRbrace) => {
                self.escape_error(s).map(|x| (x, i)).unwrap_or_else(generic)
            }
            _ => generic(),
        }
    }

    fn expected_token(&self, expected: K, found: K, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let in_brace = self.open_bracket(i).is_some_and(|o| self.kind(o) == K::Lbrace);
        match expected {
            _ if found == K::Equal => self.equal_rule(i),
            K::Colon if found == K::Newline => Some((self.at_tok(SE, "expected ':'", i), i)),
            K::Colon if in_brace => {
                let sep = self.back_until(i, |k| k == K::Comma).or_else(|| self.open_bracket(i))?;
                let key = self.next_sig(sep);
                let l = self.line(self.start(key));
                Some((self.raw(SE, "':' expected after dictionary key", l, self.col(self.start(key)), l, 0), i))
            }
            K::Colon if self.forced_colon(i) => Some((self.at_tok(SE, "expected ':'", i), i)),
            K::Comma if matches!(found, K::PlusEqual | K::MinusEqual | K::StarEqual | K::SlashEqual | K::DoubleSlashEqual
                | K::PercentEqual | K::AtEqual | K::AmperEqual | K::VbarEqual | K::CircumflexEqual | K::LeftShiftEqual
                | K::RightShiftEqual | K::DoubleStarEqual) =>
            {
                let from = self.start(self.line_start_tok(i));
                let to = self.end(self.prev_sig(i)?);
                Some((self.at(SE, "'tuple' is an illegal expression for augmented assignment", from, to), i))
            }
            K::Comma | K::Colon | K::Rpar | K::Rsqb | K::Rbrace if Self::starts_expr(found) && self.open_bracket(i).is_some() => {
                self.comma_rule(i)
            }
            K::Else => {
                let kw_if = self.back_until(i, |k| k == K::If)?;
                let body = self.expr_ending_at(self.end(self.prev_sig(kw_if)?), 1)?;
                let to = self.end(self.prev_sig(i)?);
                Some((self.at(SE, "expected 'else' after 'if' expression", body.range.start().to_usize(), to), i))
            }
            _ => None,
        }
    }

    /// Statements whose ':' CPython's grammar forces (`&&':'`): def, try, finally, else.
    fn forced_colon(&self, i: usize) -> bool {
        let h = self.line_start_tok(i);
        match self.kind(h) {
            K::Def | K::Try | K::Finally | K::Else => true,
            K::Async => self.kind(self.next_sig(h)) == K::Def,
            _ => false,
        }
    }

    /// `a b` inside brackets: "invalid syntax. Perhaps you forgot a comma?" (CPython's
    /// `invalid_expression` rule), or the legacy print message, or plain "invalid syntax".
    fn comma_rule(&self, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let a = self.expr_ending_at(self.end(self.prev_sig(i)?), 1)?;
        let a_start = a.range.start().to_usize();
        let a_tok = self.tok_at(a_start);
        let b_end = self.expr_end_from(i);
        let furthest = self.tok_at(b_end);
        let legacy = matches!(self.text(a_tok), "print" | "exec") && self.kind(a_tok) == K::Name;
        if legacy && a.range.len() == self.toks[a_tok].range().len() {
            return self.legacy_print(i);
        }
        let soft = matches!(self.kind(a_tok), K::Match | K::Case | K::Type) || self.text(a_tok) == "_";
        let name_str = self.kind(a_tok) == K::Name && matches!(self.kind(self.next_sig(a_tok)), K::String | K::FStringStart);
        let in_comprehension = self.back_until(i, |k| matches!(k, K::For | K::Comma)).is_some_and(|j| self.kind(j) == K::For);
        if soft || name_str || in_comprehension {
            return Some((self.at_tok(SE, "invalid syntax", i), i));
        }
        Some((self.at(SE, "invalid syntax. Perhaps you forgot a comma?", a_start, b_end), furthest))
    }

    /// `print x` / `exec x` (token `i` follows the name).
    fn legacy_print(&self, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let p = self.prev_sig(i)?;
        let name = self.text(p);
        if self.kind(p) != K::Name || !matches!(name, "print" | "exec") || self.kind(i) == K::Lpar {
            return None;
        }
        let end = self.expr_end_from(i);
        let msg = format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
        Some((self.at(SE, &msg, self.start(p), end), self.tok_at(end)))
    }

    /// A `=` where an expression continues (`if x = 1:`, `(a = 1)`, `f(**k=1)`).
    fn equal_rule(&self, eq: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let prev = self.prev_sig(eq)?;
        let b_tok = self.next_sig(eq);
        let b_end = self.expr_end_from(b_tok);
        let furthest = self.tok_at(b_end);
        if let Some(o) = self.open_bracket(eq).filter(|&o| self.kind(o) == K::Lpar) {
            let call = self.prev_sig(o).is_some_and(|p| matches!(self.kind(p), K::Name | K::Rpar | K::Rsqb));
            let arg = self.next_sig(self.back_until(eq, |k| k == K::Comma).unwrap_or(o));
            let what = match self.kind(arg) {
                K::DoubleStar => "keyword argument unpacking",
                K::Star => "iterable argument unpacking",
                _ if call => return None,
                _ => "",
            };
            if !what.is_empty() {
                let msg = format!("cannot assign to {what}");
                return Some((self.at(SE, &msg, self.start(arg), b_end), furthest));
            }
        }
        let a = self.expr_ending_at(self.end(prev), 0)?;
        let a_start = a.range.start().to_usize();
        if a.name == "name" {
            let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
            return Some((self.at(SE, msg, a_start, b_end), furthest));
        }
        let msg = format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", a.name);
        Some((self.at(SE, &msg, a_start, a.range.end().to_usize()), furthest))
    }

    /// "cannot assign to X", with CPython's "here. Maybe you meant '=='..." hint for a single
    /// plain assignment `target = value`.
    fn assign_target(&self, r: TextRange) -> SyntaxErrorInfo {
        let (s, en) = (r.start().to_usize(), r.end().to_usize());
        let Some(x) = self.expr_exact(r).or_else(|| self.expr_starting_at(s)) else {
            return self.at(SE, "cannot assign to expression", s, en);
        };
        let mut eq = self.tok_at(en);
        if self.prec(&x) > x.prec && self.kind(eq) == K::Rpar {
            eq = self.next_sig(eq); // a parenthesized target: `(yield) = 1`
        }
        let line_tok = self.line_start_tok(eq);
        let is_eq = |j: usize| self.kind(j) == K::Equal && self.open_bracket(j) == self.open_bracket(eq);
        let next_nl = (eq + 1..self.toks.len()).find(|&j| matches!(self.kind(j), K::Newline | K::EndOfFile)).unwrap_or(eq);
        let single = self.kind(eq) == K::Equal
            && self.open_bracket(eq).is_none_or(|o| o < line_tok)
            && !(line_tok..eq).any(is_eq)
            && !(eq + 1..next_nl).any(is_eq);
        let plain = !matches!(x.name, "list" | "tuple" | "generator expression" | "True" | "False" | "None");
        let hint = if single && plain && self.prec(&x) >= 2 { " here. Maybe you meant '==' instead of '='?" } else { "" };
        self.at(SE, &format!("cannot assign to {}{hint}", x.name), s, en)
    }

    fn other_error(&self, m: &str, r: TextRange, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let (s, en) = (r.start().to_usize(), r.end().to_usize());
        if m.starts_with("Expected an indented block after") {
            return self.indented_block(s, i);
        }
        if let Some(rest) = m.strip_prefix("Only single target (not ") {
            let what = rest.split(')').next()?;
            let end = if what == "tuple" {
                let comma = (i..self.toks.len()).find(|&j| self.kind(j) == K::Comma && self.open_bracket(j) == self.open_bracket(i))?;
                self.end(self.prev_sig(comma)?)
            } else {
                en
            };
            let msg = format!("only single target (not {what}) can be annotated");
            return Some((self.at(SE, &msg, s, end), i));
        }
        if self.kind(i) == K::Equal {
            return self.equal_rule(i);
        }
        let msg = match m {
            "Expected a parameter name" => {
                let text = &self.src[s..en];
                let eq = self.tok_at(en);
                let value_end = self.expr_end_from(self.next_sig(eq));
                let (msg, end) = match text {
                    "True" | "False" | "None" => (format!("cannot assign to {text}"), en),
                    _ if text.starts_with("**") => ("cannot assign to keyword argument unpacking".into(), value_end),
                    _ if text.starts_with('*') => ("cannot assign to iterable argument unpacking".into(), value_end),
                    _ => ("expression cannot contain assignment, perhaps you meant \"==\"?".into(), self.end(eq)),
                };
                return Some((self.at(SE, &msg, s, end), i));
            }
            "Trailing comma not allowed" => {
                let next = self.next_sig(i);
                return Some((self.at_tok(SE, "trailing comma not allowed without surrounding parentheses", next), next));
            }
            "Star import must be the only import" => return Some((self.at_tok(SE, "invalid syntax", self.next_sig(i)), i)),
            "Only one '*' parameter allowed" => "* argument may appear only once",
            "Expected `except` or `finally` after `try` block" => "expected 'except' or 'finally' block",
            _ => return None,
        };
        Some((self.at_tok(SE, msg, i), i))
    }

    /// "expected an indented block after 'if' statement on line N" (IndentationError).
    fn indented_block(&self, s: usize, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let nl = (0..=i).rev().find(|&j| self.kind(j) == K::Newline && self.start(j) <= s)?;
        let mut kw = self.line_start_tok(nl);
        if self.kind(kw) == K::Async {
            kw = self.next_sig(kw);
        }
        let what = match self.kind(kw) {
            K::Def => "function definition".to_string(),
            K::Class => "class definition".to_string(),
            K::Except if self.kind(self.next_sig(kw)) == K::Star => "'except*' statement".to_string(),
            _ => format!("'{}' statement", self.text(kw)),
        };
        let msg = format!("expected an indented block after {what} on line {}", self.line(self.start(kw)));
        let body = if self.kind(i) == K::Newline { self.next_sig(i) } else { i };
        Some((self.at_tok(IE, &msg, body), body))
    }

    /// `f"{}"`, `f"{!r}"`: "f-string: valid expression required before '}'".
    fn empty_fstring_field(&self, i: usize) -> Option<SyntaxErrorInfo> {
        let lb = self.prev_sig(i).filter(|&j| self.kind(j) == K::Lbrace)?;
        let before = self.prev_sig(lb)?;
        let istr = matches!(self.kind(before), K::FStringStart | K::FStringMiddle | K::TStringStart | K::TStringMiddle | K::Rbrace | K::Colon);
        if !istr || !matches!(self.kind(i), K::Rbrace | K::Exclamation | K::Colon | K::Equal) {
            return None;
        }
        let opener = (0..lb).rev().find(|&j| matches!(self.kind(j), K::FStringStart | K::TStringStart))?;
        let p = if self.kind(opener) == K::FStringStart { "f-string" } else { "t-string" };
        let msg = format!("{p}: valid expression required before '{}'", self.text(i));
        Some(self.at_tok(SE, &msg, i))
    }

    fn istring_error(&self, f: &Fs, p: &str, r: TextRange, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let s = r.start().to_usize();
        let info = match f {
            Fs::UnclosedLbrace => {
                let prev = self.prev_sig(i)?;
                if self.kind(prev) == K::Name && self.prev_sig(prev).is_some_and(|j| self.kind(j) == K::Exclamation) {
                    self.at_tok(SE, &format!("{p}: expecting ':' or '}}'"), i)
                } else if Self::starts_expr(self.kind(i)) {
                    return self.comma_rule(i);
                } else if self.back_until(i, |k| matches!(k, K::Colon | K::FStringStart | K::TStringStart)).is_some_and(|j| self.kind(j) == K::Colon) {
                    self.at_tok(SE, &format!("{p}: expecting '}}', or format specs"), i)
                } else {
                    self.point(&format!("{p}: expecting '}}'"), self.start(i))
                }
            }
            Fs::InvalidConversionFlag => match self.text(i) {
                "}" | ":" => self.at_tok(SE, &format!("{p}: missing conversion character"), i),
                c => self.at_tok(SE, &format!("{p}: invalid conversion character '{c}': expected 's', 'r', or 'a'"), i),
            },
            Fs::LambdaWithoutParentheses => self.at(SE, &format!("{p}: lambda expressions are not allowed without parentheses"), s, r.end().to_usize()),
            Fs::ConversionFlagNotImmediatelyAfterExclamation => {
                let from = self.prev_sig(i).map_or(s, |j| self.start(j));
                self.at(SE, &format!("{p}: conversion type must come right after the exclamanation mark"), from, self.end(i))
            }
            Fs::SingleRbrace => self.point(&format!("{p}: single '}}' is not allowed"), s),
            Fs::NewlineInFormatSpec => self.point(&format!("{p}: newlines are not allowed in format specifiers for single quoted {p}s"), s),
            Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString => self.point(&format!("unterminated {p} literal"), s),
        };
        Some((info, i))
    }

    /// CPython's message for a bad escape in the string literal containing byte `s`.
    fn escape_error(&self, s: usize) -> Option<SyntaxErrorInfo> {
        let t = (0..self.toks.len()).find(|&j| self.start(j) <= s && s <= self.end(j) && matches!(self.kind(j), K::String | K::FStringMiddle | K::TStringMiddle))?;
        let text = self.text(t);
        let prefix = text.len() - text.trim_start_matches(|c: char| c.is_ascii_alphabetic()).len();
        let quotes = if text[prefix..].starts_with("\"\"\"") || text[prefix..].starts_with("'''") { 3 } else { 1 };
        let body_start = self.start(t) + if self.kind(t) == K::String { prefix + quotes } else { 0 };
        let body_end = if self.kind(t) == K::String { self.end(t) - quotes } else { self.end(t) };
        let bytes = self.kind(t) == K::String && text[..prefix].contains(['b', 'B']);
        let b = self.src.as_bytes();
        let hex = |from: usize, max: usize| (from..(from + max).min(body_end)).take_while(|&k| b[k].is_ascii_hexdigit()).count();
        let mut p = body_start;
        while p + 1 < body_end {
            if b[p] != b'\\' {
                p += 1;
                continue;
            }
            let (span, reason) = match b[p + 1] {
                b'x' if bytes => (2 + hex(p + 2, 2), if hex(p + 2, 2) < 2 { "bad-bytes" } else { "" }),
                b'x' | b'u' | b'U' if !bytes => {
                    let (want, what) = match b[p + 1] {
                        b'x' => (2, "truncated \\xXX escape"),
                        b'u' => (4, "truncated \\uXXXX escape"),
                        _ => (8, "truncated \\UXXXXXXXX escape"),
                    };
                    let n = hex(p + 2, want);
                    let big = n == 8 && u32::from_str_radix(&self.src[p + 2..p + 10], 16).is_ok_and(|v| v > 0x10FFFF);
                    (2 + n, if n < want { what } else if big { "illegal Unicode character" } else { "" })
                }
                b'N' if !bytes => match (b.get(p + 2), self.src[p..body_end].find('}')) {
                    (Some(b'{'), Some(q)) => (q + 1, "unknown Unicode character name"),
                    (Some(b'{'), None) => (body_end - p, "malformed \\N character escape"),
                    _ => (2, "malformed \\N character escape"),
                },
                _ => (2, ""),
            };
            if !reason.is_empty() && (p..=p + span).contains(&s) {
                let pos = p - body_start;
                let msg = if bytes {
                    format!("(value error) invalid \\x escape at position {pos}")
                } else {
                    format!("{ESC_UNICODE} {pos}-{}: {reason}", pos + span - 1)
                };
                return Some(self.at_tok(SE, &msg, t));
            }
            p += span.max(2);
        }
        None
    }
}

enum NumErr {
    /// Message and CPython's `cur` byte position (reported offset = chars before it).
    Cur(String, usize),
    /// Leading-zeros error: reported range is [start, zeros_end - 1].
    Range(String, usize),
}

/// CPython's tokenizer checks for a numeric literal starting at `start`.
fn scan_number(s: &[u8], start: usize) -> Option<NumErr> {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let dec = |msg: &str, i| Some(NumErr::Cur(msg.to_string(), i));
    // Digits and single underscores after a digit; returns the index of the first other char.
    let tail = |mut j: usize| -> Result<usize, usize> {
        loop {
            while at(j).is_ascii_digit() {
                j += 1;
            }
            if at(j) != b'_' {
                return Ok(j);
            }
            j += 1;
            if !at(j).is_ascii_digit() {
                return Err(j);
            }
        }
    };
    let verify = |i: usize, kind: &str| {
        let c = at(i);
        let rest = |w: &[u8]| s.get(i + 1..i + 1 + w.len()) == Some(w);
        let keyword = match c {
            b'a' => rest(b"nd"),
            b'e' => rest(b"lse"),
            b'f' => rest(b"or"),
            b'i' => matches!(at(i + 1), b'f' | b'n' | b's'),
            b'o' => rest(b"r"),
            b'n' => rest(b"ot"),
            _ => false,
        };
        (!keyword && (c.is_ascii_alphanumeric() || c == b'_')).then(|| NumErr::Cur(format!("invalid {kind} literal"), i))
    };
    let radix = match (at(start), at(start + 1) | 0x20) {
        (b'0', b'x') => Some(("hexadecimal", 16)),
        (b'0', b'o') => Some(("octal", 8)),
        (b'0', b'b') => Some(("binary", 2)),
        _ => None,
    };
    if let Some((kind, radix)) = radix {
        let digit = |c: u8| (c as char).to_digit(radix).is_some();
        let bad_digit = |i: usize| NumErr::Cur(format!("invalid digit '{}' in {kind} literal", at(i) as char), i + 1);
        let mut i = start + 2;
        loop {
            if at(i) == b'_' {
                i += 1;
            }
            if !digit(at(i)) {
                if radix != 16 && at(i).is_ascii_digit() {
                    return Some(bad_digit(i));
                }
                return Some(NumErr::Cur(format!("invalid {kind} literal"), i));
            }
            while digit(at(i)) {
                i += 1;
            }
            if at(i) != b'_' {
                break;
            }
        }
        if radix != 16 && at(i).is_ascii_digit() {
            return Some(bad_digit(i));
        }
        return verify(i, kind);
    }
    let mut i = start;
    let mut zeros = None;
    if at(i) == b'0' {
        i += 1;
        loop {
            if at(i) == b'_' {
                i += 1;
                if !at(i).is_ascii_digit() {
                    return dec("invalid decimal literal", i);
                }
            }
            if at(i) != b'0' {
                break;
            }
            i += 1;
        }
        let zeros_end = i + 1;
        if at(i).is_ascii_digit() {
            zeros = Some(zeros_end);
            i = match tail(i + 1) {
                Ok(j) => j,
                Err(j) => return dec("invalid decimal literal", j),
            };
        }
    } else if at(i) != b'.' {
        i = match tail(i + 1) {
            Ok(j) => j,
            Err(j) => return dec("invalid decimal literal", j),
        };
    }
    if at(i) == b'.' {
        i += 1;
        if at(i).is_ascii_digit() {
            i = match tail(i + 1) {
                Ok(j) => j,
                Err(j) => return dec("invalid decimal literal", j),
            };
        }
    } else if !matches!(at(i) | 0x20, b'e' | b'j') {
        if let Some(z) = zeros {
            let msg = "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers";
            return Some(NumErr::Range(msg.into(), z));
        }
    }
    if at(i) | 0x20 == b'e' {
        let e = i;
        i += 1;
        if matches!(at(i), b'+' | b'-') {
            i += 1;
            if !at(i).is_ascii_digit() {
                return dec("invalid decimal literal", i);
            }
        } else if !at(i).is_ascii_digit() {
            return verify(e, "decimal");
        }
        i = match tail(i + 1) {
            Ok(j) => j,
            Err(j) => return dec("invalid decimal literal", j),
        };
    }
    if at(i) | 0x20 == b'j' {
        return verify(i + 1, "imaginary");
    }
    verify(i, "decimal")
}

/// Debug helper for the scratch harness: the formatted error for a file, or "OK".
pub fn dbg_report(src: &str, path: &str) -> String {
    match parse_module(src, path) {
        Ok(_) => "OK\n".into(),
        Err(e) => format_syntax_error(&e),
    }
}
