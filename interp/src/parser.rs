//! Source decoding, parsing (via `ruff_python_parser`) and CPython-compatible `SyntaxError`
//! reports.
//!
//! This module owns everything between raw source bytes and a ruff AST: decoding (UTF-8, BOM,
//! PEP 263 latin-1/cp1252 cookies), parsing modules and `eval()` expressions, mapping byte offsets to
//! CPython line/column numbers ([`LineIndex`]), translating ruff's parse and lexer errors into the
//! exception kind, message and position CPython 3.13 reports, and rendering an uncaught
//! `SyntaxError` exactly as CPython prints it ([`format_syntax_error`]).
//!
//! CPython reports the *first* error its tokenizer or parser meets, preferring tokenizer errors
//! (unterminated strings, unmatched brackets, bad numbers, bad indentation) found at or before the
//! point where the parser failed, and even after it for the "raising" kinds. We emulate that by
//! scanning ruff's token stream for tokenizer-level errors (`Ctx::scan`) and comparing their
//! positions with ruff's first parser error (`Ctx::report`). Errors CPython raises from its
//! compiler ("'return' outside function", ...) are the compiler's: it builds them with
//! [`syntax_error_at`].
#![deny(unsafe_code)]

pub use ruff_python_ast as ast;

use ruff_python_ast::token::{Token, TokenKind as K};
use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor};
use ruff_python_ast::{Expr, Mod, UnaryOp};
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
/// error. A PEP 263 cookie naming latin-1 or cp1252 is honoured; other non-UTF-8 cookies are
/// refused with CPython's "encoding problem: NAME".
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
    let nul_error = |n: usize| {
        let start = body[..n]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let text = String::from_utf8_lossy(&body[start..n]).into_owned();
        let line = line_of(n);
        SyntaxErrorInfo {
            lineno: line,
            end_lineno: line,
            text: Some(text),
            ..no_loc("source code cannot contain null bytes".into())
        }
    };
    let text: String = match coding_cookie(body).as_deref() {
        Some(enc) if bom && enc != "utf-8" => {
            return Err(no_loc(format!("encoding problem: {enc} with BOM")));
        }
        Some("iso-8859-1") => body.iter().map(|&b| b as char).collect(),
        Some("cp1252") => body.iter().map(|&b| cp1252(b)).collect(),
        Some(enc) if enc != "utf-8" => return Err(no_loc(format!("encoding problem: {enc}"))),
        _ => match std::str::from_utf8(body) {
            Ok(text) => text.to_string(),
            Err(e) => {
                let bad = e.valid_up_to();
                if let Some(n) = body[..bad].iter().position(|&b| b == 0) {
                    return Err(nul_error(n));
                }
                if coding_cookie(body).as_deref() == Some("utf-8") {
                    // Declared UTF-8: CPython reports the codec error inside the token (the
                    // string literal) holding the bad byte.
                    let line_start = body[..bad]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1);
                    let token_start = body[line_start..bad]
                        .iter()
                        .rposition(|&b| b == b'"' || b == b'\'')
                        .map_or(line_start, |q| line_start + q + 1);
                    return Err(no_loc(format!(
                        "(unicode error) 'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                        body[bad],
                        bad - token_start
                    )));
                }
                return Err(no_loc(format!(
                    "Non-UTF-8 code starting with '\\x{:02x}' in file {filename} on line {}, but no \
                     encoding declared; see https://peps.python.org/pep-0263/ for details",
                    body[bad],
                    line_of(bad)
                )));
            }
        },
    };
    match body.iter().position(|&b| b == 0) {
        Some(n) => Err(nul_error(n)),
        None => Ok(text),
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
                    "cp1252" | "windows-1252" => "cp1252".into(),
                    _ => name,
                });
            }
        }
    }
    None
}

fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(HIGH[b as usize - 0x80] as u32).unwrap_or('\u{fffd}'),
        _ => b as char,
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing entry points

/// ruff's errors plus its "unsupported syntax" errors for syntax newer than Python 3.14
/// (expressed as `OtherError("=<CPython message>")`).
fn all_errors<T>(parsed: &ruff_python_parser::Parsed<T>) -> Vec<ParseError> {
    use ruff_python_parser::UnsupportedSyntaxErrorKind as U;
    let mut errors = parsed.errors().to_vec();
    for u in parsed.unsupported_syntax_errors() {
        let msg = match u.kind {
            U::UnpackingInComprehension(k) if format!("{k:?}") == "DictInDict" => {
                "=dict unpacking cannot be used in dict comprehension"
            }
            U::UnpackingInComprehension(_) => "=iterable unpacking cannot be used in comprehension",
            U::ParenthesizedKeywordArgumentName => {
                "=expression cannot contain assignment, perhaps you meant \"==\"?"
            }
            _ => "invalid syntax",
        };
        errors.push(ParseError {
            error: Pe::OtherError(msg.into()),
            location: u.range,
        });
    }
    errors
}

fn options(mode: Mode) -> ParseOptions {
    ParseOptions::from(mode).with_target_version(ast::PythonVersion::PY314)
}

/// Parse a whole module (file or `exec()` source).
pub fn parse_module(source: &str, filename: &str) -> Result<ast::ModModule, SyntaxErrorInfo> {
    let parsed = ruff_python_parser::parse_unchecked(source, options(Mode::Module));
    let Some(parsed) = parsed.try_into_module() else {
        unreachable!("module mode")
    };
    let ctx = || Ctx::new(source, filename, parsed.tokens(), true);
    if parsed.errors().is_empty() && parsed.unsupported_syntax_errors().is_empty() {
        // ruff accepts inconsistent tab/space indentation that CPython rejects (TabError).
        let tab_error = source
            .contains('\t')
            .then(|| ctx().scan(&[]).into_iter().next())
            .flatten();
        return match tab_error {
            Some(ev) => Err(ev.info),
            None => Ok(parsed.into_syntax()),
        };
    }
    Err(ctx()
        .with_exprs(|c| c.visit_body(&parsed.syntax().body))
        .report(&all_errors(&parsed)))
}

/// Parse an `eval()` expression. Like CPython, leading spaces and tabs are ignored; error
/// positions are relative to the stripped text (as CPython reports them) while AST ranges are
/// relative to `source`.
pub fn parse_expression(
    source: &str,
    filename: &str,
) -> Result<ast::ModExpression, SyntaxErrorInfo> {
    let stripped = source.trim_start_matches([' ', '\t']);
    let skip = source.len() - stripped.len();
    let parsed = ruff_python_parser::parse_unchecked(stripped, options(Mode::Expression));
    if parsed.errors().is_empty() && parsed.unsupported_syntax_errors().is_empty() {
        if skip == 0 {
            let Mod::Expression(e) = parsed.into_syntax() else {
                unreachable!("expression mode")
            };
            return Ok(e);
        }
        let range = TextRange::new(
            TextSize::new(skip as u32),
            TextSize::new(source.len() as u32),
        );
        if let Ok(p) = ruff_python_parser::parse_expression_range(source, range) {
            return Ok(p.into_syntax());
        }
    }
    if stripped.trim().is_empty() {
        let idx = LineIndex::new("");
        let mut e = syntax_error_at(
            SE,
            "invalid syntax",
            filename,
            "",
            &idx,
            TextRange::default(),
        );
        (e.lineno, e.end_lineno, e.offset, e.end_offset) = (0, 0, 0, 0);
        return Err(e);
    }
    let Mod::Expression(m) = parsed.syntax() else {
        unreachable!("expression mode")
    };
    let ctx = Ctx::new(stripped, filename, parsed.tokens(), false);
    Err(ctx
        .with_exprs(|c| c.visit_expr(&m.body))
        .report(&all_errors(&parsed)))
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
        source[start..]
            .find(['\n', '\r'])
            .map_or(source.len(), |p| start + p)
    }

    /// 1-based character column of byte `offset`; a line terminator counts as one character.
    pub fn column(&self, source: &str, offset: u32) -> usize {
        let line = self.line(offset);
        let (start, end, off) = (
            self.line_start(line),
            self.content_end(source, line),
            offset as usize,
        );
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
            (
                end_line - 1,
                index.line_text(source, end_line - 1).chars().count() + 2,
            )
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
            out.push_str(&format!(
                "    {pad}{}\n",
                "^".repeat((end_colno - colno) as usize)
            ));
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
            Expr::BoolOp(_) => ("expression", 1),
            Expr::Compare(_) => ("comparison", 1),
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
            Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => {
                ("literal", 2)
            }
            Expr::BooleanLiteral(b) => (if b.value { "True" } else { "False" }, 2),
            Expr::NoneLiteral(_) => ("None", 2),
            Expr::EllipsisLiteral(_) => ("ellipsis", 2),
            Expr::Attribute(_) => ("attribute", 2),
            Expr::Subscript(_) => ("subscript", 2),
            Expr::Name(n) if n.id.is_empty() => ("", 2),
            Expr::Name(_) => ("name", 2),
            Expr::List(_) => ("list", 2),
            Expr::Tuple(_) => ("tuple", 2),
        };
        self.0.push(ExprInfo {
            range: e.range(),
            name,
            prec,
        });
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
    /// Positions of ruff's placeholders for missing expressions.
    missing: Vec<usize>,
}

const ESC_UNICODE: &str = "(unicode error) 'unicodeescape' codec can't decode bytes in position";

impl<'a> Ctx<'a> {
    fn new(src: &'a str, file: &'a str, toks: &'a [Token], module: bool) -> Self {
        Ctx {
            src,
            file,
            idx: LineIndex::new(src),
            toks,
            module,
            exprs: Vec::new(),
            missing: Vec::new(),
        }
    }

    fn with_exprs(mut self, f: impl FnOnce(&mut Collector)) -> Self {
        let mut c = Collector::default();
        f(&mut c);
        self.missing =
            c.0.iter()
                .filter(|e| e.name.is_empty())
                .map(|e| e.range.start().to_usize())
                .collect();
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
    fn raw(
        &self,
        kind: SyntaxKind,
        msg: &str,
        line: usize,
        offset: usize,
        end_line: usize,
        end_offset: usize,
    ) -> SyntaxErrorInfo {
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
        let range = TextRange::new(
            TextSize::new(start as u32),
            TextSize::new(end.max(start) as u32),
        );
        syntax_error_at(kind, msg, self.file, self.src, &self.idx, range)
    }
    /// Error at the ENDMARKER: CPython puts it on the last line, offset 0.
    fn at_eof(&self, kind: SyntaxKind, msg: &str) -> SyntaxErrorInfo {
        let l = self.line(self.src.len().saturating_sub(1));
        self.raw(kind, msg, l, 0, l, 0)
    }
    /// Error covering token `i`, as CPython would cover its own token.
    fn at_tok(&self, kind: SyntaxKind, msg: &str, i: usize) -> SyntaxErrorInfo {
        match self.kind(i) {
            K::EndOfFile => self.at_eof(kind, msg),
            // eval() input has no NEWLINE token at its end.
            K::Newline if !self.module && self.start(i) == self.src.len() => self.at_eof(kind, msg),
            // CPython's NEWLINE token starts at a trailing comment, if there is one.
            K::Newline if i > 0 && self.kind(i - 1) == K::Comment => {
                self.at(kind, msg, self.start(i - 1), self.end(i))
            }
            _ => self.at(kind, msg, self.start(i), self.end(i)),
        }
    }

    // ----- token helpers -----

    // Token indices run up to `toks.len()`, which stands for the end of file (ruff's token list
    // has no ENDMARKER).
    fn start(&self, i: usize) -> usize {
        self.toks
            .get(i)
            .map_or(self.src.len(), |t| t.start().to_usize())
    }
    fn end(&self, i: usize) -> usize {
        self.toks
            .get(i)
            .map_or(self.src.len(), |t| t.end().to_usize())
    }
    fn kind(&self, i: usize) -> K {
        self.toks.get(i).map_or(K::EndOfFile, Token::kind)
    }
    fn text(&self, i: usize) -> &'a str {
        &self.src[self.start(i)..self.end(i)]
    }
    /// Comments, non-logical newlines, indentation tokens, and the whitespace-only `Unknown`
    /// tokens ruff emits for a bad dedent.
    fn trivia(&self, i: usize) -> bool {
        match self.kind(i) {
            K::Comment | K::NonLogicalNewline | K::Indent | K::Dedent => true,
            K::Unknown => self.text(i).trim().is_empty(),
            _ => false,
        }
    }
    /// First significant token not entirely before `pos`.
    fn tok_at(&self, pos: usize) -> usize {
        let mut i = self
            .toks
            .partition_point(|t| t.start().to_usize() < pos && t.end().to_usize() <= pos);
        while i < self.toks.len() && self.trivia(i) {
            i += 1;
        }
        i
    }
    fn next_sig(&self, i: usize) -> usize {
        let mut j = (i + 1).min(self.toks.len());
        while j < self.toks.len() && self.trivia(j) {
            j += 1;
        }
        j
    }
    fn prev_sig(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !self.trivia(j))
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
    /// The bracket closing the one opened at token `o`.
    fn closing(&self, o: usize) -> Option<usize> {
        let mut depth = 0usize;
        for j in o..self.toks.len() {
            match self.kind(j) {
                K::Lpar | K::Lsqb | K::Lbrace => depth += 1,
                K::Rpar | K::Rsqb | K::Rbrace if depth == 1 => return Some(j),
                K::Rpar | K::Rsqb | K::Rbrace => depth -= 1,
                _ => {}
            }
        }
        None
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
        if self.trivia(0) { self.next_sig(0) } else { 0 }
    }
    fn starts_expr(k: K) -> bool {
        matches!(
            k,
            K::Name
                | K::Int
                | K::Float
                | K::Complex
                | K::String
                | K::FStringStart
                | K::TStringStart
                | K::Lpar
                | K::Lsqb
                | K::Lbrace
                | K::Tilde
                | K::Lambda
                | K::Await
                | K::None
                | K::True
                | K::False
                | K::Ellipsis
                | K::Match
                | K::Case
                | K::Type
                | K::Not
        )
    }

    // ----- expression helpers -----

    fn expr_exact(&self, r: TextRange) -> Option<ExprInfo> {
        self.exprs.iter().find(|e| e.range == r).copied()
    }
    fn expr_starting_at(&self, pos: usize) -> Option<ExprInfo> {
        self.exprs
            .iter()
            .find(|e| e.range.start().to_usize() == pos)
            .copied()
    }
    /// Outermost expression ending at `pos`, starting at or after `after`, with precedence
    /// class >= `prec`.
    fn expr_ending_at(&self, pos: usize, after: usize, prec: u8) -> Option<ExprInfo> {
        let mut best: Option<ExprInfo> = None;
        let fits =
            |e: &&ExprInfo| e.range.end().to_usize() == pos && e.range.start().to_usize() >= after;
        for e in self
            .exprs
            .iter()
            .filter(fits)
            .filter(|e| self.prec(e) >= prec)
        {
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
        self.expr_starting_at(self.start(i))
            .map_or(self.end(i), |e| e.range.end().to_usize())
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
        for i in 0..self.toks.len() {
            match self.kind(i) {
                K::Newline | K::NonLogicalNewline => {
                    at_line_start |= stack.is_empty() && self.module
                }
                _ if self.trivia(i) => {}
                K::EndOfFile => break,
                k => {
                    if std::mem::take(&mut at_line_start) {
                        ev.extend(self.check_indent(&mut indents, self.start(i)));
                    }
                    match k {
                        K::Lpar | K::Lsqb | K::Lbrace => stack.push(i),
                        K::Rpar | K::Rsqb | K::Rbrace => {
                            ev.extend(self.close_bracket(&mut stack, i))
                        }
                        K::Int | K::Float | K::Complex | K::Unknown => {
                            ev.extend(self.check_number(i))
                        }
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
            ev.push(Event {
                pos: self.src.len(),
                raising: false,
                unclosed: Some(l),
                info: self.raw(SE, &msg, l, c, l, 0),
            });
        }
        ev.sort_by_key(|e| e.pos);
        ev
    }

    fn close_bracket(&self, stack: &mut Vec<usize>, i: usize) -> Option<Event> {
        let close = self.text(i);
        let pos = self.start(i);
        let ev = |msg: String| {
            Some(Event {
                pos,
                raising: true,
                unclosed: None,
                info: self.point(&msg, pos),
            })
        };
        let Some(&o) = stack.last() else {
            return ev(format!("unmatched '{close}'"));
        };
        let open = self.text(o);
        if matches!((open, close), ("(", ")") | ("[", "]") | ("{", "}")) {
            stack.pop();
            return None;
        }
        let (ol, cl) = (self.line(self.start(o)), self.line(pos));
        let on_line = if ol != cl {
            format!(" on line {ol}")
        } else {
            String::new()
        };
        ev(format!(
            "closing parenthesis '{close}' does not match opening parenthesis '{open}'{on_line}"
        ))
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
        let tab = || {
            self.raw(
                SyntaxKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                line,
                1,
                line,
                0,
            )
        };
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
                Some(self.raw(
                    IE,
                    "unindent does not match any outer indentation level",
                    line,
                    len + 1,
                    line,
                    0,
                ))
            } else {
                (alt != top_alt).then(tab)
            }
        };
        info.map(|info| Event {
            pos: ls,
            raising: false,
            unclosed: None,
            info,
        })
    }

    /// Validate a numeric literal starting at token `i` with CPython's tokenizer rules.
    fn check_number(&self, i: usize) -> Option<Event> {
        let start = self.start(i);
        let s = self.src.as_bytes();
        let first = *s.get(start)?;
        if !(first.is_ascii_digit()
            || (first == b'.' && s.get(start + 1).is_some_and(u8::is_ascii_digit)))
        {
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
        Some(Event {
            pos: start,
            raising: true,
            unclosed: None,
            info,
        })
    }

    /// Lexer errors ruff reports that CPython raises from its tokenizer.
    fn lexical_event(&self, e: &ParseError) -> Option<Event> {
        let (s, end) = (e.location.start().to_usize(), e.location.end().to_usize());
        let ev = |pos, raising, info| {
            Some(Event {
                pos,
                raising,
                unclosed: None,
                info,
            })
        };
        let unterminated = |start: usize, kind: &str| {
            let body = self.src[start..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let triple = if body.starts_with("\"\"\"") || body.starts_with("'''") {
                "triple-quoted "
            } else {
                ""
            };
            let detected = self.line(end.max(start + 1) - 1);
            let msg = format!("unterminated {triple}{kind} literal (detected at line {detected})");
            // Errors met while the tokenizer is inside an f-string don't replace parser errors.
            ev(start, kind == "string", self.point(&msg, start))
        };
        match &e.error {
            Pe::Lexical(Lex::UnclosedStringError) => unterminated(s, "string"),
            Pe::Lexical(Lex::FStringError(
                Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString,
            ))
            | Pe::Lexical(Lex::TStringError(
                Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString,
            )) => {
                let j = (0..=self.tok_at(s))
                    .rev()
                    .find(|&j| matches!(self.kind(j), K::FStringStart | K::TStringStart))?;
                let kind = if self.kind(j) == K::FStringStart {
                    "f-string"
                } else {
                    "t-string"
                };
                unterminated(self.start(j), kind)
            }
            // Not "raising": ruff also reports it after recovering from an unclosed `{`.
            Pe::Lexical(Lex::FStringError(Fs::SingleRbrace)) => ev(
                s,
                false,
                self.point("f-string: single '}' is not allowed", s),
            ),
            Pe::Lexical(Lex::TStringError(Fs::SingleRbrace)) => ev(
                s,
                false,
                self.point("t-string: single '}' is not allowed", s),
            ),
            Pe::Lexical(Lex::UnrecognizedToken { tok })
                if !tok.is_ascii() || tok.is_ascii_control() =>
            {
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
                    ev(
                        self.src.len(),
                        false,
                        self.raw(SE, "unexpected EOF while parsing", l, len + 1, l, 0),
                    )
                } else if matches!(e.error, Pe::Lexical(Lex::LineContinuationError)) {
                    let (l, c) = (self.line(bs), self.col(bs + 1));
                    ev(
                        bs,
                        true,
                        self.raw(
                            SE,
                            "unexpected character after line continuation character",
                            l,
                            c,
                            l,
                            0,
                        ),
                    )
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
                matches!(
                    f,
                    Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString | Fs::SingleRbrace
                )
            }
            Pe::Lexical(Lex::UnrecognizedToken { tok }) => {
                !tok.is_ascii() || tok.is_ascii_control()
            }
            Pe::Lexical(Lex::OtherError(_)) => events
                .iter()
                .any(|ev| ev.pos == e.location.start().to_usize()),
            Pe::Lexical(l) => matches!(
                l,
                Lex::UnclosedStringError
                    | Lex::IndentationError
                    | Lex::Eof
                    | Lex::LineContinuationError
            ),
            _ => false,
        }
    }

    /// Pick the error CPython would report, given all of ruff's errors.
    fn report(&self, errors: &[ParseError]) -> SyntaxErrorInfo {
        let events = self.scan(errors);
        // Target errors around a placeholder for a missing expression (`x == = y`) are
        // consequences of another error.
        let artifact = |e: &&ParseError| {
            matches!(
                e.error,
                Pe::InvalidAssignmentTarget
                    | Pe::InvalidAugmentedAssignmentTarget
                    | Pe::InvalidAnnotatedAssignmentTarget
            ) && self
                .missing
                .iter()
                .any(|&m| e.location.contains_inclusive(TextSize::new(m as u32)))
        };
        let candidates = || {
            errors
                .iter()
                .filter(|e| !Self::is_tokenizer_error(e, &events))
        };
        let parse = candidates()
            .filter(|e| !artifact(e))
            .min_by_key(|e| e.location.start())
            .or_else(|| candidates().min_by_key(|e| e.location.start()));
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
        let (info, mut furthest) = self.map_parse_error(p);
        if self.kind(furthest) == K::Newline && self.open_bracket(furthest).is_some() {
            furthest = self.next_sig(furthest); // a newline ruff re-lexed as logical
        }
        // CPython tokenizes the rest of the file after a parser error: a "raising" tokenizer error
        // replaces it, and so does an unclosed bracket when the parser had read past its line.
        match events.into_iter().next() {
            Some(ev) if ev.raising => ev.info,
            Some(Event {
                unclosed: Some(line),
                info: unclosed,
                ..
            }) if self.kind(furthest) == K::EndOfFile || self.line(self.start(furthest)) > line => {
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
        let name = || {
            self.expr_exact(r)
                .or_else(|| self.expr_starting_at(s))
                .map_or("expression", |x| x.name)
        };
        match &e.error {
            Pe::ExpectedToken { expected, found } => self
                .expected_token(*expected, *found, i)
                .unwrap_or_else(generic),
            Pe::UnexpectedIndentation => {
                let l = self.line(s);
                (
                    self.raw(IE, "unexpected indent", l, self.col(en) - 1, l, 0),
                    i,
                )
            }
            Pe::InvalidAssignmentTarget => (self.assign_target(r), i),
            Pe::InvalidAugmentedAssignmentTarget => range(&format!(
                "'{}' is an illegal expression for augmented assignment",
                name()
            )),
            Pe::InvalidAnnotatedAssignmentTarget => range("illegal target for annotation"),
            Pe::InvalidNamedAssignmentTarget => range(&format!(
                "cannot use assignment expressions with {}",
                name()
            )),
            Pe::InvalidDeleteTarget => range(&format!("cannot delete {}", name())),
            Pe::NonDefaultParamAfterDefaultParam => {
                range("parameter without a default follows parameter with a default")
            }
            Pe::ParamAfterVarKeywordParam => range("arguments cannot follow var-keyword argument"),
            Pe::VarParameterWithDefault => {
                let kw = self
                    .prev_sig(i)
                    .and_then(|n| self.prev_sig(n))
                    .is_some_and(|j| self.kind(j) == K::DoubleStar);
                range(&format!(
                    "var-{} argument cannot have default value",
                    if kw { "keyword" } else { "positional" }
                ))
            }
            Pe::ExpectedKeywordParam => {
                let lambda = self.back_until(i, |k| k == K::Lambda).is_some();
                let star = (0..=i)
                    .rev()
                    .find(|&j| self.kind(j) == K::Star && !lambda)
                    .unwrap_or(i);
                (
                    self.at_tok(SE, "named arguments must follow bare *", star),
                    i,
                )
            }
            // CPython points at the call's closing parenthesis.
            Pe::PositionalAfterKeywordArgument | Pe::PositionalAfterKeywordUnpacking => {
                let close = self
                    .open_bracket(i)
                    .and_then(|o| self.closing(o))
                    .unwrap_or(i);
                let unpack = if matches!(e.error, Pe::PositionalAfterKeywordUnpacking) {
                    " unpacking"
                } else {
                    ""
                };
                (
                    self.at_tok(
                        SE,
                        &format!("positional argument follows keyword argument{unpack}"),
                        close,
                    ),
                    close,
                )
            }
            Pe::InvalidStarredExpressionUsage => {
                let next = self.tok_at(en);
                match self.kind(next) {
                    K::Rpar if self.prev_sig(i).is_some_and(|p| self.kind(p) == K::Lpar) => {
                        range("cannot use starred expression here")
                    }
                    K::Colon => (self.at_tok(SE, "invalid syntax", next), next),
                    _ => generic(),
                }
            }
            Pe::UnparenthesizedTupleExpression => {
                let ob = self.open_bracket(i);
                let comma = (i..self.tok_at(en))
                    .find(|&j| self.kind(j) == K::Comma && self.open_bracket(j) == ob)
                    .unwrap_or(i);
                (self.at_tok(SE, "invalid syntax", comma), comma)
            }
            Pe::UnparenthesizedNamedExpression => {
                let next = self.tok_at(en);
                (self.at_tok(SE, "invalid syntax", next), next)
            }
            Pe::InvalidArgumentUnpackingOrder => {
                let from = self.prev_sig(i).map_or(s, |p| self.start(p));
                (
                    self.at(
                        SE,
                        "iterable argument unpacking follows keyword argument unpacking",
                        from,
                        en,
                    ),
                    i,
                )
            }
            Pe::UnparenthesizedGeneratorExpression => {
                range("Generator expression must be parenthesized")
            }
            Pe::IterableUnpackingInComprehension => {
                range("iterable unpacking cannot be used in comprehension")
            }
            Pe::EmptyImportNames => (
                self.point("Expected one or more names after 'import'", self.start(i)),
                i,
            ),
            Pe::EmptyTypeParams => (
                self.point("Type parameter list cannot be empty", self.start(i)),
                i,
            ),
            Pe::InvalidMatchPatternTarget => range("cannot use '_' as a target"),
            Pe::ExpectedRealNumber => range("real number required in complex literal"),
            Pe::ExpectedImaginaryNumber => range("imaginary number required in complex literal"),
            Pe::SimpleStatementsOnSameLine if self.kind(i) == K::Not => {
                let next = self.next_sig(i);
                (self.at_tok(SE, "invalid syntax", next), next)
            }
            Pe::SimpleStatementsOnSameLine => self.legacy_print(i).unwrap_or_else(generic),
            Pe::ExpectedExpression => self
                .empty_fstring_field(i)
                .map(|x| (x, i))
                .unwrap_or_else(generic),
            Pe::OtherError(m) => self.other_error(m, r, i).unwrap_or_else(generic),
            Pe::FStringError(f) | Pe::Lexical(Lex::FStringError(f)) => self
                .istring_error(f, "f-string", r, i)
                .unwrap_or_else(generic),
            Pe::TStringError(f) | Pe::Lexical(Lex::TStringError(f)) => self
                .istring_error(f, "t-string", r, i)
                .unwrap_or_else(generic),
            Pe::Lexical(Lex::InvalidByteLiteral) => (
                self.at_tok(SE, "bytes can only contain ASCII literal characters", i),
                i,
            ),
            Pe::Lexical(
                Lex::UnicodeError | Lex::MissingUnicodeLbrace | Lex::MissingUnicodeRbrace,
            ) => self.escape_error(s).map(|x| (x, i)).unwrap_or_else(generic),
            _ => generic(),
        }
    }

    fn expected_token(&self, expected: K, found: K, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let in_brace = self
            .open_bracket(i)
            .is_some_and(|o| self.kind(o) == K::Lbrace);
        match expected {
            _ if found == K::Equal => self.equal_rule(i),
            K::Colon if found == K::Newline => Some((self.at_tok(SE, "expected ':'", i), i)),
            K::Colon if in_brace => {
                let sep = self
                    .back_until(i, |k| k == K::Comma)
                    .or_else(|| self.open_bracket(i))?;
                let key = self.next_sig(sep);
                let l = self.line(self.start(key));
                Some((
                    self.raw(
                        SE,
                        "':' expected after dictionary key",
                        l,
                        self.col(self.start(key)),
                        l,
                        0,
                    ),
                    i,
                ))
            }
            K::Colon if self.forced_colon(i) => Some((self.at_tok(SE, "expected ':'", i), i)),
            K::Comma
                if matches!(
                    found,
                    K::PlusEqual
                        | K::MinusEqual
                        | K::StarEqual
                        | K::SlashEqual
                        | K::DoubleSlashEqual
                        | K::PercentEqual
                        | K::AtEqual
                        | K::AmperEqual
                        | K::VbarEqual
                        | K::CircumflexEqual
                        | K::LeftShiftEqual
                        | K::RightShiftEqual
                        | K::DoubleStarEqual
                ) =>
            {
                let from = self.start(self.line_start_tok(i));
                let to = self.end(self.prev_sig(i)?);
                Some((
                    self.at(
                        SE,
                        "'tuple' is an illegal expression for augmented assignment",
                        from,
                        to,
                    ),
                    i,
                ))
            }
            K::Comma | K::Colon | K::Rpar | K::Rsqb | K::Rbrace
                if Self::starts_expr(found) && self.open_bracket(i).is_some() =>
            {
                self.comma_rule(i)
            }
            K::Else => {
                let kw_if = self.back_until(i, |k| k == K::If)?;
                let body = self.expr_ending_at(self.end(self.prev_sig(kw_if)?), 0, 1)?;
                let to = self.end(self.prev_sig(i)?);
                Some((
                    self.at(
                        SE,
                        "expected 'else' after 'if' expression",
                        body.range.start().to_usize(),
                        to,
                    ),
                    i,
                ))
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
        let after = self.open_bracket(i).map_or(0, |o| self.end(o));
        let a = self.expr_ending_at(self.end(self.prev_sig(i)?), after, 1)?;
        let a_start = a.range.start().to_usize();
        let a_tok = self.tok_at(a_start);
        let b_end = self.expr_end_from(i);
        let furthest = self.tok_at(b_end);
        let legacy = matches!(self.text(a_tok), "print" | "exec") && self.kind(a_tok) == K::Name;
        if legacy && a.range.end().to_usize() == self.end(a_tok) {
            return self.legacy_print(i);
        }
        let soft = matches!(self.text(a_tok), "match" | "case" | "type" | "_");
        let name_str = self.kind(a_tok) == K::Name
            && matches!(self.kind(self.next_sig(a_tok)), K::String | K::FStringStart);
        let in_comprehension = self
            .back_until(i, |k| matches!(k, K::For | K::Comma))
            .is_some_and(|j| self.kind(j) == K::For);
        if soft || name_str || in_comprehension {
            return Some((self.at_tok(SE, "invalid syntax", i), i));
        }
        Some((
            self.at(
                SE,
                "invalid syntax. Perhaps you forgot a comma?",
                a_start,
                b_end,
            ),
            furthest,
        ))
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
            let call = self
                .prev_sig(o)
                .is_some_and(|p| matches!(self.kind(p), K::Name | K::Rpar | K::Rsqb));
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
        let after = self.open_bracket(eq).map_or(0, |o| self.end(o));
        let a = self.expr_ending_at(self.end(prev), after, 0)?;
        let a_start = a.range.start().to_usize();
        if a.name == "name" {
            let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
            return Some((self.at(SE, msg, a_start, b_end), furthest));
        }
        let msg = format!(
            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
            a.name
        );
        Some((
            self.at(SE, &msg, a_start, a.range.end().to_usize()),
            furthest,
        ))
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
        let is_eq =
            |j: usize| self.kind(j) == K::Equal && self.open_bracket(j) == self.open_bracket(eq);
        let next_nl = (eq + 1..self.toks.len())
            .find(|&j| matches!(self.kind(j), K::Newline | K::EndOfFile))
            .unwrap_or(eq);
        let single = self.kind(eq) == K::Equal
            && self.open_bracket(eq).is_none_or(|o| o < line_tok)
            && !(line_tok..eq).any(is_eq)
            && !(eq + 1..next_nl).any(is_eq);
        let plain = !matches!(
            x.name,
            "list" | "tuple" | "generator expression" | "True" | "False" | "None"
        );
        let hint = if single && plain && self.prec(&x) >= 2 {
            " here. Maybe you meant '==' instead of '='?"
        } else {
            ""
        };
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
                let comma = (i..self.toks.len()).find(|&j| {
                    self.kind(j) == K::Comma && self.open_bracket(j) == self.open_bracket(i)
                })?;
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
        if self.kind(i) == K::ColonEqual {
            let a = self
                .expr_ending_at(self.end(self.prev_sig(i)?), 0, 1)
                .filter(|a| a.name != "name")?;
            let msg = format!("cannot use assignment expressions with {}", a.name);
            return Some((
                self.at(
                    SE,
                    &msg,
                    a.range.start().to_usize(),
                    a.range.end().to_usize(),
                ),
                i,
            ));
        }
        let msg = match m {
            "Expected a parameter name" => {
                let text = &self.src[s..en];
                let eq = self.tok_at(en);
                let value_end = self.expr_end_from(self.next_sig(eq));
                let (msg, end) = match text {
                    "True" | "False" | "None" => (format!("cannot assign to {text}"), self.end(eq)),
                    _ if text.starts_with("**") => (
                        "cannot assign to keyword argument unpacking".into(),
                        value_end,
                    ),
                    _ if text.starts_with('*') => (
                        "cannot assign to iterable argument unpacking".into(),
                        value_end,
                    ),
                    _ => (
                        "expression cannot contain assignment, perhaps you meant \"==\"?".into(),
                        self.end(eq),
                    ),
                };
                return Some((self.at(SE, &msg, s, end), i));
            }
            "Trailing comma not allowed" => {
                let next = self.next_sig(i);
                let import = matches!(self.kind(self.line_start_tok(i)), K::From | K::Import);
                let msg = if import {
                    "trailing comma not allowed without surrounding parentheses"
                } else {
                    "invalid syntax"
                };
                return Some((self.at_tok(SE, msg, next), next));
            }
            _ if m.starts_with('=') => return Some((self.at(SE, &m[1..], s, en), i)),
            "Star import must be the only import" => {
                return Some((self.at_tok(SE, "invalid syntax", self.next_sig(i)), i));
            }
            _ if m.ends_with("after decorator") && self.kind(i) == K::Newline => {
                return Some((self.at_tok(SE, "invalid syntax", self.next_sig(i)), i));
            }
            "Only one '*' parameter allowed" => "* argument may appear only once",
            "Expected `except` or `finally` after `try` block" => {
                "expected 'except' or 'finally' block"
            }
            _ => return None,
        };
        Some((self.at_tok(SE, msg, i), i))
    }

    /// "expected an indented block after 'if' statement on line N" (IndentationError).
    fn indented_block(&self, s: usize, i: usize) -> Option<(SyntaxErrorInfo, usize)> {
        let nl = (0..=i)
            .rev()
            .find(|&j| self.kind(j) == K::Newline && self.start(j) <= s)?;
        let mut kw = self.line_start_tok(nl);
        if self.kind(kw) == K::Async {
            kw = self.next_sig(kw);
        }
        let what = match self.kind(kw) {
            K::Def => "function definition".to_string(),
            K::Class => "class definition".to_string(),
            K::Except if self.kind(self.next_sig(kw)) == K::Star => {
                "'except*' statement".to_string()
            }
            _ => format!("'{}' statement", self.text(kw)),
        };
        let msg = format!(
            "expected an indented block after {what} on line {}",
            self.line(self.start(kw))
        );
        let body = if self.kind(i) == K::Newline {
            self.next_sig(i)
        } else {
            i
        };
        Some((self.at_tok(IE, &msg, body), body))
    }

    /// `f"{}"`, `f"{!r}"`: "f-string: valid expression required before '}'".
    fn empty_fstring_field(&self, i: usize) -> Option<SyntaxErrorInfo> {
        let lb = self.prev_sig(i).filter(|&j| self.kind(j) == K::Lbrace)?;
        let before = self.prev_sig(lb)?;
        let istr = matches!(
            self.kind(before),
            K::FStringStart
                | K::FStringMiddle
                | K::TStringStart
                | K::TStringMiddle
                | K::Rbrace
                | K::Colon
        );
        if !istr
            || !matches!(
                self.kind(i),
                K::Rbrace | K::Exclamation | K::Colon | K::Equal
            )
        {
            return None;
        }
        let opener = (0..lb)
            .rev()
            .find(|&j| matches!(self.kind(j), K::FStringStart | K::TStringStart))?;
        let p = if self.kind(opener) == K::FStringStart {
            "f-string"
        } else {
            "t-string"
        };
        let msg = format!("{p}: valid expression required before '{}'", self.text(i));
        Some(self.at_tok(SE, &msg, i))
    }

    fn istring_error(
        &self,
        f: &Fs,
        p: &str,
        r: TextRange,
        i: usize,
    ) -> Option<(SyntaxErrorInfo, usize)> {
        let s = r.start().to_usize();
        let info = match f {
            Fs::UnclosedLbrace => {
                let prev = self.prev_sig(i)?;
                if self.kind(prev) == K::Name
                    && self
                        .prev_sig(prev)
                        .is_some_and(|j| self.kind(j) == K::Exclamation)
                {
                    self.at_tok(SE, &format!("{p}: expecting ':' or '}}'"), i)
                } else if Self::starts_expr(self.kind(i)) {
                    return self.comma_rule(i);
                } else if self
                    .back_until(i, |k| {
                        matches!(k, K::Colon | K::FStringStart | K::TStringStart)
                    })
                    .is_some_and(|j| self.kind(j) == K::Colon)
                {
                    self.at_tok(SE, &format!("{p}: expecting '}}', or format specs"), i)
                } else {
                    self.point(&format!("{p}: expecting '}}'"), self.start(i))
                }
            }
            Fs::InvalidConversionFlag => match self.text(i) {
                "}" | ":" => self.at_tok(SE, &format!("{p}: missing conversion character"), i),
                c => self.at_tok(
                    SE,
                    &format!("{p}: invalid conversion character '{c}': expected 's', 'r', or 'a'"),
                    i,
                ),
            },
            Fs::LambdaWithoutParentheses => self.at(
                SE,
                &format!("{p}: lambda expressions are not allowed without parentheses"),
                s,
                r.end().to_usize(),
            ),
            Fs::ConversionFlagNotImmediatelyAfterExclamation => {
                let from = self.prev_sig(i).map_or(s, |j| self.start(j));
                self.at(
                    SE,
                    &format!("{p}: conversion type must come right after the exclamanation mark"),
                    from,
                    self.end(i),
                )
            }
            Fs::SingleRbrace => self.point(&format!("{p}: single '}}' is not allowed"), s),
            Fs::NewlineInFormatSpec => self.point(
                &format!(
                    "{p}: newlines are not allowed in format specifiers for single quoted {p}s"
                ),
                s,
            ),
            Fs::UnterminatedString | Fs::UnterminatedTripleQuotedString => {
                self.point(&format!("unterminated {p} literal"), s)
            }
        };
        Some((info, i))
    }

    /// CPython's message for a bad escape in the string literal containing byte `s`.
    fn escape_error(&self, s: usize) -> Option<SyntaxErrorInfo> {
        let t = (0..self.toks.len()).find(|&j| {
            self.start(j) <= s
                && s <= self.end(j)
                && matches!(
                    self.kind(j),
                    K::String | K::FStringMiddle | K::TStringMiddle
                )
        })?;
        let text = self.text(t);
        let prefix = text.len()
            - text
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let quotes = if text[prefix..].starts_with("\"\"\"") || text[prefix..].starts_with("'''") {
            3
        } else {
            1
        };
        let body_start = self.start(t)
            + if self.kind(t) == K::String {
                prefix + quotes
            } else {
                0
            };
        let body_end = if self.kind(t) == K::String {
            self.end(t) - quotes
        } else {
            self.end(t)
        };
        let bytes = self.kind(t) == K::String && text[..prefix].contains(['b', 'B']);
        let b = self.src.as_bytes();
        let hex = |from: usize, max: usize| {
            (from..(from + max).min(body_end))
                .take_while(|&k| b[k].is_ascii_hexdigit())
                .count()
        };
        let mut p = body_start;
        while p + 1 < body_end {
            if b[p] != b'\\' {
                p += 1;
                continue;
            }
            let (span, reason) = match b[p + 1] {
                b'x' if bytes => (2 + hex(p + 2, 2), if hex(p + 2, 2) < 2 { "x" } else { "" }),
                b'x' | b'u' | b'U' if !bytes => {
                    let (want, what) = match b[p + 1] {
                        b'x' => (2, "truncated \\xXX escape"),
                        b'u' => (4, "truncated \\uXXXX escape"),
                        _ => (8, "truncated \\UXXXXXXXX escape"),
                    };
                    let n = hex(p + 2, want);
                    let big = n == 8
                        && u32::from_str_radix(&self.src[p + 2..p + 10], 16)
                            .is_ok_and(|v| v > 0x10FFFF);
                    (
                        2 + n,
                        if n < want {
                            what
                        } else if big {
                            "illegal Unicode character"
                        } else {
                            ""
                        },
                    )
                }
                b'N' if !bytes => {
                    match (b.get(p + 2), b[p..body_end].iter().position(|&c| c == b'}')) {
                        (Some(b'{'), Some(q)) => (q + 1, "unknown Unicode character name"),
                        (Some(b'{'), None) => (body_end - p, "malformed \\N character escape"),
                        _ => (2, "malformed \\N character escape"),
                    }
                }
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
    let invalid = |kind: &str, i| NumErr::Cur(format!("invalid {kind} literal"), i);
    // Digits and single underscores after a digit; returns the index of the first other char.
    let tail = |mut j: usize| -> Result<usize, NumErr> {
        loop {
            while at(j).is_ascii_digit() {
                j += 1;
            }
            if at(j) != b'_' {
                return Ok(j);
            }
            j += 1;
            if !at(j).is_ascii_digit() {
                return Err(invalid("decimal", j));
            }
        }
    };
    // A literal directly followed by a name character is an error, except before keywords.
    let verify = |i: usize, kind: &str| -> Result<(), NumErr> {
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
        if !keyword && (c.is_ascii_alphanumeric() || c == b'_') {
            Err(invalid(kind, i))
        } else {
            Ok(())
        }
    };
    let number = || -> Result<(), NumErr> {
        let radix = match (at(start), at(start + 1) | 0x20) {
            (b'0', b'x') => Some(("hexadecimal", 16)),
            (b'0', b'o') => Some(("octal", 8)),
            (b'0', b'b') => Some(("binary", 2)),
            _ => None,
        };
        if let Some((kind, radix)) = radix {
            let digit = |c: u8| (c as char).is_digit(radix);
            let bad_digit = |i: usize| {
                NumErr::Cur(
                    format!("invalid digit '{}' in {kind} literal", at(i) as char),
                    i + 1,
                )
            };
            let mut i = start + 2;
            loop {
                i += usize::from(at(i) == b'_');
                if !digit(at(i)) {
                    return Err(if radix != 16 && at(i).is_ascii_digit() {
                        bad_digit(i)
                    } else {
                        invalid(kind, i)
                    });
                }
                while digit(at(i)) {
                    i += 1;
                }
                if at(i) != b'_' {
                    break;
                }
            }
            return if radix != 16 && at(i).is_ascii_digit() {
                Err(bad_digit(i))
            } else {
                verify(i, kind)
            };
        }
        let (mut i, mut zeros) = (start, None);
        if at(i) == b'0' {
            i += 1;
            loop {
                if at(i) == b'_' {
                    i += 1;
                    if !at(i).is_ascii_digit() {
                        return Err(invalid("decimal", i));
                    }
                }
                if at(i) != b'0' {
                    break;
                }
                i += 1;
            }
            if at(i).is_ascii_digit() {
                zeros = Some(i + 1);
                i = tail(i + 1)?;
            }
        } else if at(i) != b'.' {
            i = tail(i + 1)?;
        }
        if at(i) == b'.' {
            i += 1;
            if at(i).is_ascii_digit() {
                i = tail(i + 1)?;
            }
        } else if let (Some(z), false) = (zeros, matches!(at(i) | 0x20, b'e' | b'j')) {
            let msg = "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers";
            return Err(NumErr::Range(msg.into(), z));
        }
        if at(i) | 0x20 == b'e' {
            let e = i;
            i += 1;
            if matches!(at(i), b'+' | b'-') {
                i += 1;
                if !at(i).is_ascii_digit() {
                    return Err(invalid("decimal", i));
                }
            } else if !at(i).is_ascii_digit() {
                return verify(e, "decimal");
            }
            i = tail(i + 1)?;
        }
        if at(i) | 0x20 == b'j' {
            verify(i + 1, "imaginary")
        } else {
            verify(i, "decimal")
        }
    };
    number().err()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module_error(src: &str) -> String {
        match parse_module(src, "t.py") {
            Ok(_) => "OK\n".to_string(),
            Err(e) => format_syntax_error(&e),
        }
    }

    /// Sources and the exact stderr CPython 3.13 printed running them as `t.py`.
    const CPYTHON: &[(&str, &str)] = &[
        (
            "print(\"this line is never executed\")\nvalues = [1, 2, 3\nprint(values)\n",
            "  File \"t.py\", line 2\n    values = [1, 2, 3\n             ^\nSyntaxError: '[' was never closed\n",
        ),
        (
            "print(\"not printed\")\nif True:\nprint(\"body should be indented\")\n",
            "  File \"t.py\", line 3\n    print(\"body should be indented\")\n    ^^^^^\nIndentationError: expected an indented block after 'if' statement on line 2\n",
        ),
        (
            "x = 1)\n",
            "  File \"t.py\", line 1\n    x = 1)\n         ^\nSyntaxError: unmatched ')'\n",
        ),
        (
            "x = (1, 2]\n",
            "  File \"t.py\", line 1\n    x = (1, 2]\n             ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '('\n",
        ),
        (
            "x = (1,\n 2]\n",
            "  File \"t.py\", line 2\n    2]\n     ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1\n",
        ),
        (
            "x y z\n",
            "  File \"t.py\", line 1\n    x y z\n      ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "x = 1 +\n",
            "  File \"t.py\", line 1\n    x = 1 +\n           ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "x = 1 +",
            "  File \"t.py\", line 1\n    x = 1 +\n           ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "if x\n    pass\n",
            "  File \"t.py\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n",
        ),
        (
            "if x  # comment\n    pass\n",
            "  File \"t.py\", line 1\n    if x  # comment\n          ^^^^^^^^^\nSyntaxError: expected ':'\n",
        ),
        (
            "def f() x:\n    pass\n",
            "  File \"t.py\", line 1\n    def f() x:\n            ^\nSyntaxError: expected ':'\n",
        ),
        (
            "class A x:\n    pass\n",
            "  File \"t.py\", line 1\n    class A x:\n            ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "for x in y:\nprint(x)\n",
            "  File \"t.py\", line 2\n    print(x)\n    ^^^^^\nIndentationError: expected an indented block after 'for' statement on line 1\n",
        ),
        (
            "while x:\npass\n",
            "  File \"t.py\", line 2\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'while' statement on line 1\n",
        ),
        (
            "@dec\ndef f():\nreturn 1\n",
            "  File \"t.py\", line 3\n    return 1\n    ^^^^^^\nIndentationError: expected an indented block after function definition on line 2\n",
        ),
        (
            "class A:\nx = 1\n",
            "  File \"t.py\", line 2\n    x = 1\n    ^\nIndentationError: expected an indented block after class definition on line 1\n",
        ),
        (
            "try:\nx = 1\nexcept E:\n    pass\n",
            "  File \"t.py\", line 2\n    x = 1\n    ^\nIndentationError: expected an indented block after 'try' statement on line 1\n",
        ),
        (
            "try:\n    pass\nexcept* E:\npass\n",
            "  File \"t.py\", line 4\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'except*' statement on line 3\n",
        ),
        (
            "try:\n    pass\nfinally:\npass\n",
            "  File \"t.py\", line 4\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'finally' statement on line 3\n",
        ),
        (
            "if x:\n    pass\nelif y:\npass\n",
            "  File \"t.py\", line 4\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'elif' statement on line 3\n",
        ),
        (
            "for x in y:\n    pass\nelse:\npass\n",
            "  File \"t.py\", line 4\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'else' statement on line 3\n",
        ),
        (
            "with a as b:\npass\n",
            "  File \"t.py\", line 2\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'with' statement on line 1\n",
        ),
        (
            "match x:\ncase 1:\n    pass\n",
            "  File \"t.py\", line 2\n    case 1:\n    ^^^^\nIndentationError: expected an indented block after 'match' statement on line 1\n",
        ),
        (
            "match x:\n    case 1:\n    pass\n",
            "  File \"t.py\", line 3\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'case' statement on line 2\n",
        ),
        (
            "if x:\n",
            "  File \"t.py\", line 1\n    if x:\nIndentationError: expected an indented block after 'if' statement on line 1\n",
        ),
        (
            "if x:\n    # c\n",
            "  File \"t.py\", line 2\n    # c\nIndentationError: expected an indented block after 'if' statement on line 1\n",
        ),
        (
            "async def f():\n    async for x in y:\n    pass\n",
            "  File \"t.py\", line 3\n    pass\n    ^^^^\nIndentationError: expected an indented block after 'for' statement on line 2\n",
        ),
        (
            "if (a and\n    b):\nx = 1\n",
            "  File \"t.py\", line 3\n    x = 1\n    ^\nIndentationError: expected an indented block after 'if' statement on line 1\n",
        ),
        (
            "x = 1\n    y = 2\n",
            "  File \"t.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n",
        ),
        (
            "if x:\n        a = 1\n    b = 2\n",
            "  File \"t.py\", line 3\n    b = 2\n         ^\nIndentationError: unindent does not match any outer indentation level\n",
        ),
        (
            "if x:\n\ta = 1\n        b = 2\n",
            "  File \"t.py\", line 3\n    b = 2\nTabError: inconsistent use of tabs and spaces in indentation\n",
        ),
        (
            "if x:\n\tif y:\n\t\ta\n\t    b\n",
            "  File \"t.py\", line 4\n    \t    b\n    \t     ^\nIndentationError: unindent does not match any outer indentation level\n",
        ),
        (
            "x = 1\ns = \"abc\ny = 2\n",
            "  File \"t.py\", line 2\n    s = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 2)\n",
        ),
        (
            "s = \"\"\"abc\ny = 2\n",
            "  File \"t.py\", line 1\n    s = \"\"\"abc\n        ^\nSyntaxError: unterminated triple-quoted string literal (detected at line 2)\n",
        ),
        (
            "x = f\"abc\n",
            "  File \"t.py\", line 1\n    x = f\"abc\n        ^\nSyntaxError: unterminated f-string literal (detected at line 1)\n",
        ),
        (
            "x = rb'abc\n",
            "  File \"t.py\", line 1\n    x = rb'abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n",
        ),
        (
            "x = \"abc\\\ndef\n",
            "  File \"t.py\", line 1\n    x = \"abc\\\n        ^\nSyntaxError: unterminated string literal (detected at line 2)\n",
        ),
        (
            "x = [1, 2 3]\n",
            "  File \"t.py\", line 1\n    x = [1, 2 3]\n            ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n",
        ),
        (
            "f(a b)\n",
            "  File \"t.py\", line 1\n    f(a b)\n      ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n",
        ),
        (
            "foo(a,\n    b\n    c)\n",
            "  File \"t.py\", line 2\n    b\n    ^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n",
        ),
        (
            "foo(print x)\n",
            "  File \"t.py\", line 1\n    foo(print x)\n        ^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n",
        ),
        (
            "x = [1, 2 3\n",
            "  File \"t.py\", line 1\n    x = [1, 2 3\n        ^\nSyntaxError: '[' was never closed\n",
        ),
        (
            "y = [x for x in y z]\n",
            "  File \"t.py\", line 1\n    y = [x for x in y z]\n                      ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "f(x \"abc\")\n",
            "  File \"t.py\", line 1\n    f(x \"abc\")\n        ^^^^^\nSyntaxError: invalid syntax\n",
        ),
        (
            "1 = x\n",
            "  File \"t.py\", line 1\n    1 = x\n    ^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n",
        ),
        (
            "\"a\" = x\n",
            "  File \"t.py\", line 1\n    \"a\" = x\n    ^^^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n",
        ),
        (
            "True = 1\n",
            "  File \"t.py\", line 1\n    True = 1\n    ^^^^\nSyntaxError: cannot assign to True\n",
        ),
        (
            "f() = 1\n",
            "  File \"t.py\", line 1\n    f() = 1\n    ^^^\nSyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n",
        ),
        (
            "1 = x = y\n",
            "  File \"t.py\", line 1\n    1 = x = y\n    ^\nSyntaxError: cannot assign to literal\n",
        ),
        (
            "x, 1 = y\n",
            "  File \"t.py\", line 1\n    x, 1 = y\n       ^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n",
        ),
        (
            "[a, 1] = y\n",
            "  File \"t.py\", line 1\n    [a, 1] = y\n        ^\nSyntaxError: cannot assign to literal\n",
        ),
        (
            "(x := 1) = 2\n",
            "  File \"t.py\", line 1\n    (x := 1) = 2\n     ^^^^^^\nSyntaxError: cannot assign to named expression here. Maybe you meant '==' instead of '='?\n",
        ),
        (
            "lambda: x = 1\n",
            "  File \"t.py\", line 1\n    lambda: x = 1\n    ^^^^^^^^^\nSyntaxError: cannot assign to lambda\n",
        ),
        (
            "for 1 in x:\n    pass\n",
            "  File \"t.py\", line 1\n    for 1 in x:\n        ^\nSyntaxError: cannot assign to literal\n",
        ),
        (
            "1 += 1\n",
            "  File \"t.py\", line 1\n    1 += 1\n    ^\nSyntaxError: 'literal' is an illegal expression for augmented assignment\n",
        ),
        (
            "a, b += 1\n",
            "  File \"t.py\", line 1\n    a, b += 1\n    ^^^^\nSyntaxError: 'tuple' is an illegal expression for augmented assignment\n",
        ),
        (
            "del f()\n",
            "  File \"t.py\", line 1\n    del f()\n        ^^^\nSyntaxError: cannot delete function call\n",
        ),
        (
            "1: int = 3\n",
            "  File \"t.py\", line 1\n    1: int = 3\n    ^\nSyntaxError: illegal target for annotation\n",
        ),
        (
            "a, b: int\n",
            "  File \"t.py\", line 1\n    a, b: int\n    ^\nSyntaxError: only single target (not tuple) can be annotated\n",
        ),
        (
            "(a.b := 2)\n",
            "  File \"t.py\", line 1\n    (a.b := 2)\n     ^^^\nSyntaxError: cannot use assignment expressions with attribute\n",
        ),
        (
            "x - y := 1\n",
            "  File \"t.py\", line 1\n    x - y := 1\n    ^^^^^\nSyntaxError: cannot use assignment expressions with expression\n",
        ),
        (
            "x = 1abc\n",
            "  File \"t.py\", line 1\n    x = 1abc\n        ^\nSyntaxError: invalid decimal literal\n",
        ),
        (
            "x = 12_\n",
            "  File \"t.py\", line 1\n    x = 12_\n          ^\nSyntaxError: invalid decimal literal\n",
        ),
        (
            "x = 1__0\n",
            "  File \"t.py\", line 1\n    x = 1__0\n         ^\nSyntaxError: invalid decimal literal\n",
        ),
        (
            "x = 1e\n",
            "  File \"t.py\", line 1\n    x = 1e\n        ^\nSyntaxError: invalid decimal literal\n",
        ),
        (
            "x = 0x\n",
            "  File \"t.py\", line 1\n    x = 0x\n         ^\nSyntaxError: invalid hexadecimal literal\n",
        ),
        (
            "x = 0o8\n",
            "  File \"t.py\", line 1\n    x = 0o8\n          ^\nSyntaxError: invalid digit '8' in octal literal\n",
        ),
        (
            "x = 0b1a\n",
            "  File \"t.py\", line 1\n    x = 0b1a\n          ^\nSyntaxError: invalid binary literal\n",
        ),
        (
            "x = 0777\n",
            "  File \"t.py\", line 1\n    x = 0777\n        ^\nSyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers\n",
        ),
        (
            "x = 00777\n",
            "  File \"t.py\", line 1\n    x = 00777\n        ^^\nSyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers\n",
        ),
        (
            "x = 1jx\n",
            "  File \"t.py\", line 1\n    x = 1jx\n         ^\nSyntaxError: invalid imaginary literal\n",
        ),
        (
            "x = .5x\n",
            "  File \"t.py\", line 1\n    x = .5x\n         ^\nSyntaxError: invalid decimal literal\n",
        ),
        (
            "x = {1: 2\n",
            "  File \"t.py\", line 1\n    x = {1: 2\n        ^\nSyntaxError: '{' was never closed\n",
        ),
        (
            "foo(1,\n  2\n",
            "  File \"t.py\", line 1\n    foo(1,\n       ^\nSyntaxError: '(' was never closed\n",
        ),
        (
            "x = (1, [2,\n",
            "  File \"t.py\", line 1\n    x = (1, [2,\n            ^\nSyntaxError: '[' was never closed\n",
        ),
        (
            "x = (\n\n\n",
            "  File \"t.py\", line 1\n    x = (\n        ^\nSyntaxError: '(' was never closed\n",
        ),
        (
            "def f():\n    x = [\n        1,\n        2\n    y = 3\n",
            "  File \"t.py\", line 2\n    x = [\n        ^\nSyntaxError: '[' was never closed\n",
        ),
        (
            "x = (1,\ny = [2,\n",
            "  File \"t.py\", line 2\n    y = [2,\n        ^\nSyntaxError: '[' was never closed\n",
        ),
        (
            "x = 1 + \\",
            "  File \"t.py\", line 1\n    x = 1 + \\\n             ^\nSyntaxError: unexpected EOF while parsing\n",
        ),
        (
            "x = 1 + \\\n",
            "  File \"t.py\", line 1\n    x = 1 + \\\n             ^\nSyntaxError: unexpected EOF while parsing\n",
        ),
        (
            "@dec\n",
            "  File \"t.py\", line 1\n    @dec\nSyntaxError: invalid syntax\n",
        ),
        (
            "x = 1 \\ 2\n",
            "  File \"t.py\", line 1\n    x = 1 \\ 2\n           ^\nSyntaxError: unexpected character after line continuation character\n",
        ),
        (
            "print \"hello\"\n",
            "  File \"t.py\", line 1\n    print \"hello\"\n    ^^^^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n",
        ),
        (
            "print x, y\n",
            "  File \"t.py\", line 1\n    print x, y\n    ^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n",
        ),
        (
            "exec \"x\"\n",
            "  File \"t.py\", line 1\n    exec \"x\"\n    ^^^^^^^^\nSyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?\n",
        ),
        (
            "x = print y\n",
            "  File \"t.py\", line 1\n    x = print y\n        ^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n",
        ),
        (
            "x = 1 → 2\n",
            "  File \"t.py\", line 1\n    x = 1 → 2\n          ^\nSyntaxError: invalid character '→' (U+2192)\n",
        ),
        (
            "x€ = 1\n",
            "  File \"t.py\", line 1\n    x€ = 1\n     ^\nSyntaxError: invalid character '€' (U+20AC)\n",
        ),
        (
            "x = 1 \u{1} 2\n",
            "  File \"t.py\", line 1\n    x = 1 \u{1} 2\n          ^\nSyntaxError: invalid non-printable character U+0001\n",
        ),
        (
            "x = 1 $ 2\n",
            "  File \"t.py\", line 1\n    x = 1 $ 2\n          ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "d = {1: 2, 3}\n",
            "  File \"t.py\", line 1\n    d = {1: 2, 3}\n               ^\nSyntaxError: ':' expected after dictionary key\n",
        ),
        (
            "d = {1: 2, 3 4}\n",
            "  File \"t.py\", line 1\n    d = {1: 2, 3 4}\n               ^\nSyntaxError: ':' expected after dictionary key\n",
        ),
        (
            "x = 1 if y\n",
            "  File \"t.py\", line 1\n    x = 1 if y\n        ^^^^^^\nSyntaxError: expected 'else' after 'if' expression\n",
        ),
        (
            "f(1=2)\n",
            "  File \"t.py\", line 1\n    f(1=2)\n      ^^\nSyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?\n",
        ),
        (
            "f(True=1)\n",
            "  File \"t.py\", line 1\n    f(True=1)\n      ^^^^^\nSyntaxError: cannot assign to True\n",
        ),
        (
            "f(*a=1)\n",
            "  File \"t.py\", line 1\n    f(*a=1)\n      ^^^^\nSyntaxError: cannot assign to iterable argument unpacking\n",
        ),
        (
            "f(**a=1)\n",
            "  File \"t.py\", line 1\n    f(**a=1)\n      ^^^^^\nSyntaxError: cannot assign to keyword argument unpacking\n",
        ),
        (
            "f(a=1, b)\n",
            "  File \"t.py\", line 1\n    f(a=1, b)\n            ^\nSyntaxError: positional argument follows keyword argument\n",
        ),
        (
            "f(**x, y)\n",
            "  File \"t.py\", line 1\n    f(**x, y)\n            ^\nSyntaxError: positional argument follows keyword argument unpacking\n",
        ),
        (
            "f(**x, *y)\n",
            "  File \"t.py\", line 1\n    f(**x, *y)\n         ^^^^\nSyntaxError: iterable argument unpacking follows keyword argument unpacking\n",
        ),
        (
            "f(x for x in y, 1)\n",
            "  File \"t.py\", line 1\n    f(x for x in y, 1)\n      ^^^^^^^^^^^^\nSyntaxError: Generator expression must be parenthesized\n",
        ),
        (
            "def f(a=1, b):\n    pass\n",
            "  File \"t.py\", line 1\n    def f(a=1, b):\n               ^\nSyntaxError: parameter without a default follows parameter with a default\n",
        ),
        (
            "def f(*a=1): pass\n",
            "  File \"t.py\", line 1\n    def f(*a=1): pass\n            ^\nSyntaxError: var-positional argument cannot have default value\n",
        ),
        (
            "def f(**k=1): pass\n",
            "  File \"t.py\", line 1\n    def f(**k=1): pass\n             ^\nSyntaxError: var-keyword argument cannot have default value\n",
        ),
        (
            "def f(*): pass\n",
            "  File \"t.py\", line 1\n    def f(*): pass\n          ^\nSyntaxError: named arguments must follow bare *\n",
        ),
        (
            "def f(*a, *b): pass\n",
            "  File \"t.py\", line 1\n    def f(*a, *b): pass\n              ^\nSyntaxError: * argument may appear only once\n",
        ),
        (
            "def f(**a, b): pass\n",
            "  File \"t.py\", line 1\n    def f(**a, b): pass\n               ^\nSyntaxError: arguments cannot follow var-keyword argument\n",
        ),
        (
            "from x import a,\n",
            "  File \"t.py\", line 1\n    from x import a,\n                    ^\nSyntaxError: trailing comma not allowed without surrounding parentheses\n",
        ),
        (
            "from x import\n",
            "  File \"t.py\", line 1\n    from x import\n                 ^\nSyntaxError: Expected one or more names after 'import'\n",
        ),
        (
            "try:\n    pass\nx = 1\n",
            "  File \"t.py\", line 3\n    x = 1\n    ^\nSyntaxError: expected 'except' or 'finally' block\n",
        ),
        (
            "def f[](): pass\n",
            "  File \"t.py\", line 1\n    def f[](): pass\n          ^\nSyntaxError: Type parameter list cannot be empty\n",
        ),
        (
            "x = f\"{a\"\n",
            "  File \"t.py\", line 1\n    x = f\"{a\"\n            ^\nSyntaxError: f-string: expecting '}'\n",
        ),
        (
            "x = f\"{}\"\n",
            "  File \"t.py\", line 1\n    x = f\"{}\"\n           ^\nSyntaxError: f-string: valid expression required before '}'\n",
        ),
        (
            "x = f\"{!r}\"\n",
            "  File \"t.py\", line 1\n    x = f\"{!r}\"\n           ^\nSyntaxError: f-string: valid expression required before '!'\n",
        ),
        (
            "x = f\"{a!x}\"\n",
            "  File \"t.py\", line 1\n    x = f\"{a!x}\"\n             ^\nSyntaxError: f-string: invalid conversion character 'x': expected 's', 'r', or 'a'\n",
        ),
        (
            "x = f\"{a!}\"\n",
            "  File \"t.py\", line 1\n    x = f\"{a!}\"\n             ^\nSyntaxError: f-string: missing conversion character\n",
        ),
        (
            "x = f\"a}\"\n",
            "  File \"t.py\", line 1\n    x = f\"a}\"\n           ^\nSyntaxError: f-string: single '}' is not allowed\n",
        ),
        (
            "x = f\"{lambda x: 1}\"\n",
            "  File \"t.py\", line 1\n    x = f\"{lambda x: 1}\"\n           ^^^^^^^^^\nSyntaxError: f-string: lambda expressions are not allowed without parentheses\n",
        ),
        (
            "x = f\"{a! r}\"\n",
            "  File \"t.py\", line 1\n    x = f\"{a! r}\"\n            ^^^\nSyntaxError: f-string: conversion type must come right after the exclamanation mark\n",
        ),
        (
            "x = f\"{a b}\"\n",
            "  File \"t.py\", line 1\n    x = f\"{a b}\"\n           ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n",
        ),
        (
            "x = \"\\x1\"\n",
            "  File \"t.py\", line 1\n    x = \"\\x1\"\n        ^^^^^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape\n",
        ),
        (
            "x = \"\\N{foo}\"\n",
            "  File \"t.py\", line 1\n    x = \"\\N{foo}\"\n        ^^^^^^^^^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name\n",
        ),
        (
            "x = \"ab\\u12\"\n",
            "  File \"t.py\", line 1\n    x = \"ab\\u12\"\n        ^^^^^^^^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 2-5: truncated \\uXXXX escape\n",
        ),
        (
            "x = b\"\\x1\"\n",
            "  File \"t.py\", line 1\n    x = b\"\\x1\"\n        ^^^^^^\nSyntaxError: (value error) invalid \\x escape at position 0\n",
        ),
        (
            "x = b\"é\"\n",
            "  File \"t.py\", line 1\n    x = b\"é\"\n        ^^^^\nSyntaxError: bytes can only contain ASCII literal characters\n",
        ),
        (
            "if x = 1:\n    pass\n",
            "  File \"t.py\", line 1\n    if x = 1:\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n",
        ),
        (
            "if f() = 1:\n    pass\n",
            "  File \"t.py\", line 1\n    if f() = 1:\n       ^^^\nSyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n",
        ),
        (
            "y = (a = 1)\n",
            "  File \"t.py\", line 1\n    y = (a = 1)\n         ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n",
        ),
        (
            "x = 1; if x: pass\n",
            "  File \"t.py\", line 1\n    x = 1; if x: pass\n           ^^\nSyntaxError: invalid syntax\n",
        ),
        (
            "else:\n    pass\n",
            "  File \"t.py\", line 1\n    else:\n    ^^^^\nSyntaxError: invalid syntax\n",
        ),
        (
            "x := 1\n",
            "  File \"t.py\", line 1\n    x := 1\n      ^^\nSyntaxError: invalid syntax\n",
        ),
        (
            "x = **y\n",
            "  File \"t.py\", line 1\n    x = **y\n        ^^\nSyntaxError: invalid syntax\n",
        ),
        (
            "x = \"é\" + \n",
            "  File \"t.py\", line 1\n    x = \"é\" + \n              ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "s = \"ééé\" ; y = 1 2\n",
            "  File \"t.py\", line 1\n    s = \"ééé\" ; y = 1 2\n                      ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "def f():\n\treturn 1 +\n",
            "  File \"t.py\", line 2\n    \treturn 1 +\n    \t          ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "if x:\n\tx = [1,\n\t\t2 3]\n",
            "  File \"t.py\", line 3\n    \t\t2 3]\n    \t\t^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n",
        ),
        (
            "x = 1\r\ny = (\r\n",
            "  File \"t.py\", line 2\n    y = (\n        ^\nSyntaxError: '(' was never closed\n",
        ),
        (
            "x = 1\n\u{c}y = 2 3\n",
            "  File \"t.py\", line 2\n    y = 2 3\n          ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "x = {**a: 1}\n",
            "  File \"t.py\", line 1\n    x = {**a: 1}\n            ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "(*a) = 1\n",
            "  File \"t.py\", line 1\n    (*a) = 1\n     ^^\nSyntaxError: cannot use starred expression here\n",
        ),
        (
            "x = 1 < < 2\n",
            "  File \"t.py\", line 1\n    x = 1 < < 2\n            ^\nSyntaxError: invalid syntax\n",
        ),
        (
            "class = 1\n",
            "  File \"t.py\", line 1\n    class = 1\n          ^\nSyntaxError: invalid syntax\n",
        ),
    ];

    #[test]
    fn module_errors_match_cpython() {
        let bad: Vec<String> = CPYTHON
            .iter()
            .filter(|(src, want)| module_error(src) != *want)
            .map(|(src, want)| format!("{src:?}\n--- want:\n{want}--- got:\n{}", module_error(src)))
            .collect();
        assert!(
            bad.is_empty(),
            "{} mismatches:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }

    #[test]
    fn eval_errors_match_cpython() {
        // (source, msg, lineno, offset, end_lineno, end_offset, text) from CPython 3.13 eval().
        let cases: &[(&str, &str, usize, usize, usize, usize, &str)] = &[
            ("  1 +", "invalid syntax", 1, 0, 1, 0, "1 +"),
            ("(1", "'(' was never closed", 1, 1, 1, 0, "(1"),
            ("1)", "unmatched ')'", 1, 2, 1, 2, "1)"),
            ("1\n2", "invalid syntax", 2, 1, 2, 2, "2"),
            ("x = 1", "invalid syntax", 1, 3, 1, 4, "x = 1"),
            ("\t(1,\n 2", "'(' was never closed", 1, 1, 1, 0, "(1,"),
            ("", "invalid syntax", 0, 0, 0, 0, ""),
            (
                "f(a b)",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
                3,
                1,
                6,
                "f(a b)",
            ),
            (
                "'abc",
                "unterminated string literal (detected at line 1)",
                1,
                1,
                1,
                1,
                "'abc",
            ),
            ("1;2", "invalid syntax", 1, 2, 1, 3, "1;2"),
            (
                "  (1,\n   2 3)",
                "invalid syntax. Perhaps you forgot a comma?",
                2,
                4,
                2,
                7,
                "   2 3)",
            ),
            (
                "1 if x",
                "expected 'else' after 'if' expression",
                1,
                1,
                1,
                7,
                "1 if x",
            ),
        ];
        for &(src, msg, line, off, end_line, end_off, text) in cases {
            let e = parse_expression(src, "<string>").expect_err(src);
            let got = (
                e.msg.as_str(),
                e.lineno,
                e.offset,
                e.end_lineno,
                e.end_offset,
                e.text.as_deref(),
            );
            assert_eq!(
                got,
                (msg, line, off, end_line, end_off, Some(text)),
                "eval({src:?})"
            );
        }
        for ok in [
            "1 + 2",
            "  x.y(1)",
            "# c\n1",
            "\n1",
            "1\n\n",
            "lambda: (yield)",
            "[x for x in y]",
        ] {
            assert!(parse_expression(ok, "<string>").is_ok(), "{ok:?}");
        }
        // AST ranges are relative to the unstripped source.
        let m = parse_expression("  x", "<string>").unwrap();
        assert_eq!(
            m.body.range(),
            TextRange::new(TextSize::new(2), TextSize::new(3))
        );
    }

    #[test]
    fn compiler_errors_format_like_cpython() {
        let src = "print(\"not printed\")\nx = 1\nreturn x\n";
        let idx = LineIndex::new(src);
        let range = TextRange::new(TextSize::new(27), TextSize::new(35));
        let e = syntax_error_at(SE, "'return' outside function", "t.py", src, &idx, range);
        let want = "  File \"t.py\", line 3\n    return x\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n";
        assert_eq!(format_syntax_error(&e), want);
        assert_eq!(
            (e.lineno, e.offset, e.end_lineno, e.end_offset),
            (3, 1, 3, 9)
        );
        assert_eq!(e.to_string(), "'return' outside function (t.py, line 3)");
    }

    #[test]
    fn decoding() {
        assert_eq!(
            decode_source(b"\xef\xbb\xbfx = 1\n", "t.py").unwrap(),
            "x = 1\n"
        );
        assert_eq!(
            decode_source(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", "t.py").unwrap(),
            "# -*- coding: latin-1 -*-\nx = '\u{e9}'\n"
        );
        assert_eq!(
            decode_source(b"# coding: cp1252\nx = '\x80'\n", "t.py").unwrap(),
            "# coding: cp1252\nx = '\u{20ac}'\n"
        );
        let e = decode_source(b"x = 1\ny = 2\x00\n", "t.py").unwrap_err();
        let want = "  File \"t.py\", line 2\n    y = 2\nSyntaxError: source code cannot contain null bytes\n";
        assert_eq!(format_syntax_error(&e), want);
        let e = decode_source(b"x = 1\ny = \"\xff\xfe\"\n", "t.py").unwrap_err();
        let want = "SyntaxError: Non-UTF-8 code starting with '\\xff' in file t.py on line 2, but no encoding declared; \
                    see https://peps.python.org/pep-0263/ for details\n";
        assert_eq!(format_syntax_error(&e), want);
        let e = decode_source(b"# coding: foobar\nx=1\n", "t.py").unwrap_err();
        assert_eq!(
            format_syntax_error(&e),
            "SyntaxError: encoding problem: foobar\n"
        );
    }

    #[test]
    fn valid_sources_parse() {
        let ok = [
            "if x:\n\ta = 1\n\tb = 2\n",
            "x = 1if y else 2\ny = [1for x in z]\n",
            "x = 0x_ff + 0o17 + 0b1_0 + 1_000 + 1e5 + 1.5j + .5 + 1. + 0_0\n",
            "f\"{x!r:>{w}} {'a'} {f'{y}'}\"\n",
            "try:\n    pass\nexcept A, B:\n    pass\n",
            "def f[T](x: T) -> T: return x\n",
            "x = (1,\n\t2)\n",
            "",
        ];
        for src in ok {
            assert!(
                parse_module(src, "t.py").is_ok(),
                "{src:?}: {:?}",
                parse_module(src, "t.py").err()
            );
        }
    }

    #[test]
    fn line_index() {
        let src = "ab\r\nçd\re\n\nlast";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_count(), 5);
        assert_eq!(
            (
                idx.line(0),
                idx.line(4),
                idx.line(8),
                idx.line(10),
                idx.line(11)
            ),
            (1, 2, 3, 4, 5)
        );
        assert_eq!(idx.column(src, 7), 3); // 'ç' is two bytes but one column
        assert_eq!(idx.column(src, 2), 3); // the "\r\n" terminator counts as one column
        assert_eq!(idx.line_text(src, 1), "ab");
        assert_eq!(idx.line_text(src, 2), "çd");
        assert_eq!(idx.line_text(src, 4), "");
        assert_eq!(idx.line_text(src, 5), "last");
        assert_eq!(idx.line_text(src, 9), "");
    }
}
