//! The compiler: ruff AST → rupy bytecode (`rupy_objects::code::Code`).
//!
//! Layout: `symtable` resolves every name's scope first; then a `Compiler` walks the AST with
//! one `Unit` (code object under construction) per scope: `stmt` compiles statements and
//! the exception-table machinery, `expr` expressions, calls, comprehensions and f-strings,
//! `pattern` match statements. `disassemble` prints a `Code` for golden tests.
//!
//! Jumps are emitted with label ids and resolved to instruction indices when a unit is
//! finished. Every instruction is tagged with the innermost active exception handler
//! (label + stack depth); runs of equal tags become `Code.handlers` entries.

mod expr;
mod pattern;
mod peephole;
mod stmt;
pub mod symtable;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};
use rupy_objects::code::{Code, CodeFlags, Const, Handler, Instr};

use crate::parser::{LineIndex, SyntaxErrorInfo, SyntaxKind, syntax_error_at};
use symtable::{ScopeKind, SymScope, SymbolTable};

pub(crate) type Label = u32;
pub(crate) type CResult<T> = Result<T, SyntaxErrorInfo>;

/// A block the compiler is inside of, for `break`/`continue`/`return` unwinding.
#[derive(Clone)]
pub(crate) enum FBlockKind<'a> {
    /// Holds the iterator on the stack.
    For {
        start: Label,
        brk: Label,
    },
    While {
        start: Label,
        brk: Label,
    },
    /// Holds the bound `__exit__`.
    With,
    /// Holds the bound `__aexit__` (its result is awaited).
    AsyncWith,
    /// Normal path of a try/finally: unwinding runs the finally body inline.
    TryFinally {
        body: &'a [Stmt],
    },
    /// Inside an `except` clause body (the exception was stored or popped).
    ExceptBody {
        name: Option<String>,
    },
    /// Inside the exception path of a `finally` body (the exception is on the stack).
    FinallyExc,
}

#[derive(Clone)]
pub(crate) struct FBlock<'a> {
    pub kind: FBlockKind<'a>,
    /// The handler active outside this block.
    pub outer: Option<(Label, u32)>,
    /// The value-stack depth (held by enclosing blocks) outside this block.
    pub depth: u32,
}

pub(crate) struct Unit<'a> {
    pub scope: usize,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    pub instrs: Vec<Instr>,
    pub lines: Vec<u32>,
    pub tags: Vec<Option<(Label, u32)>>,
    pub labels: Vec<u32>,
    pub consts: Vec<Const>,
    const_map: HashMap<String, u32>,
    pub names: Vec<Arc<str>>,
    name_map: HashMap<String, u32>,
    pub varnames: Vec<String>,
    var_map: HashMap<String, u32>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: CodeFlags,
    pub docstring: Option<Arc<str>>,
    pub fblocks: Vec<FBlock<'a>>,
    pub handler: Option<(Label, u32)>,
    pub depth: u32,
    pub line: u32,
    pub private: Option<String>,
}

pub(crate) struct Compiler<'a> {
    pub source: &'a str,
    pub filename: &'a str,
    pub index: LineIndex,
    pub st: SymbolTable,
    pub units: Vec<Unit<'a>>,
    pub interactive: bool,
    /// `from __future__ import annotations`: annotations are kept as their source text.
    pub future_annotations: bool,
}

fn jump_target_mut(i: &mut Instr) -> Option<&mut u32> {
    match i {
        Instr::Jump(t)
        | Instr::PopJumpIfFalse(t)
        | Instr::PopJumpIfTrue(t)
        | Instr::JumpIfFalseOrPop(t)
        | Instr::JumpIfTrueOrPop(t)
        | Instr::PopJumpIfNone(t)
        | Instr::PopJumpIfNotNone(t)
        | Instr::ForIter(t) => Some(t),
        _ => None,
    }
}

fn const_key(c: &Const) -> Option<String> {
    match c {
        Const::Code(_) => None,
        Const::Float(f) => Some(format!("F{:x}", f.to_bits())),
        Const::Complex(a, b) => Some(format!("C{:x}/{:x}", a.to_bits(), b.to_bits())),
        Const::Tuple(items) => {
            let mut s = String::from("T(");
            for i in items.iter() {
                s.push_str(&const_key(i)?);
                s.push(',');
            }
            s.push(')');
            Some(s)
        }
        other => Some(format!("{other:?}")),
    }
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(
        source: &'a str,
        filename: &'a str,
        st: SymbolTable,
        index: LineIndex,
    ) -> Self {
        Compiler {
            source,
            filename,
            index,
            st,
            units: Vec::new(),
            interactive: false,
            future_annotations: false,
        }
    }

    pub(crate) fn err(&self, msg: &str, range: TextRange) -> SyntaxErrorInfo {
        syntax_error_at(
            SyntaxKind::SyntaxError,
            msg,
            self.filename,
            self.source,
            &self.index,
            range,
        )
    }

    pub(crate) fn line_of(&self, pos: TextSize) -> u32 {
        self.index.line(u32::from(pos)) as u32
    }

    pub(crate) fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("no unit")
    }

    pub(crate) fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("no unit")
    }

    pub(crate) fn scope_kind(&self) -> ScopeKind {
        self.st.scopes[self.ur().scope].kind
    }

    /// Start compiling a new code object for symbol-table scope `scope`.
    pub(crate) fn enter_unit(
        &mut self,
        scope: usize,
        name: &str,
        qualname: String,
        firstlineno: u32,
    ) {
        let sc = &self.st.scopes[scope];
        let mut flags = CodeFlags::default();
        if matches!(sc.kind, ScopeKind::Module | ScopeKind::Class) {
            flags.name_locals = true;
        }
        if sc.is_generator && sc.is_function_like() {
            flags.generator = true;
        }
        let mut u = Unit {
            scope,
            name: name.to_string(),
            qualname,
            firstlineno,
            instrs: Vec::new(),
            lines: Vec::new(),
            tags: Vec::new(),
            labels: Vec::new(),
            consts: Vec::new(),
            const_map: HashMap::new(),
            names: Vec::new(),
            name_map: HashMap::new(),
            varnames: Vec::new(),
            var_map: HashMap::new(),
            cellvars: sc.cellvars.clone(),
            freevars: sc.freevars.clone(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags,
            docstring: None,
            fblocks: Vec::new(),
            handler: None,
            depth: 0,
            line: firstlineno,
            private: sc.private.clone(),
        };
        if sc.is_function_like() {
            for p in &sc.params {
                u.var_map.insert(p.clone(), u.varnames.len() as u32);
                u.varnames.push(p.clone());
            }
            for (n, s) in &sc.symbols {
                if s.scope == SymScope::Local && !u.var_map.contains_key(n) {
                    u.var_map.insert(n.clone(), u.varnames.len() as u32);
                    u.varnames.push(n.clone());
                }
            }
        }
        if sc.kind == ScopeKind::Class && sc.needs_class_cell {
            u.flags.has_class_cell = true;
        }
        self.units.push(u);
    }

    /// Finish the current unit: resolve labels, build the handler table.
    pub(crate) fn leave_unit(&mut self) -> Arc<Code> {
        let mut u = self.units.pop().expect("no unit");
        let labels = std::mem::take(&mut u.labels);
        for i in u.instrs.iter_mut() {
            if let Some(t) = jump_target_mut(i) {
                *t = labels[*t as usize];
            }
        }
        let mut handlers: Vec<Handler> = Vec::new();
        let mut cur: Option<(u32, Label, u32)> = None;
        for (ip, tag) in u.tags.iter().enumerate() {
            let ip = ip as u32;
            match (cur, tag) {
                (Some((_, l, d)), Some((l2, d2))) if l == *l2 && d == *d2 => {}
                _ => {
                    if let Some((s, l, d)) = cur.take() {
                        handlers.push(Handler {
                            start: s,
                            end: ip,
                            target: labels[l as usize],
                            depth: d,
                        });
                    }
                    if let Some((l, d)) = tag {
                        cur = Some((ip, *l, *d));
                    }
                }
            }
        }
        if let Some((s, l, d)) = cur {
            handlers.push(Handler {
                start: s,
                end: u.instrs.len() as u32,
                target: labels[l as usize],
                depth: d,
            });
        }
        let sc = &self.st.scopes[u.scope];
        let mut cell_params = Vec::new();
        if sc.is_function_like() {
            for (ci, c) in u.cellvars.iter().enumerate() {
                if let Some(pi) = sc.params.iter().position(|p| p == c) {
                    cell_params.push((ci as u32, pi as u32));
                }
            }
        }
        let a = |s: &String| -> Arc<str> { Arc::from(s.as_str()) };
        Arc::new(Code {
            name: Arc::from(u.name.as_str()),
            qualname: Arc::from(u.qualname.as_str()),
            filename: Arc::from(self.filename),
            firstlineno: u.firstlineno,
            instrs: u.instrs,
            lines: u.lines,
            consts: u.consts,
            names: u.names,
            varnames: u.varnames.iter().map(a).collect(),
            cellvars: u.cellvars.iter().map(a).collect(),
            freevars: u.freevars.iter().map(a).collect(),
            cell_params,
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            flags: u.flags,
            handlers,
            docstring: u.docstring,
        })
    }

    pub(crate) fn emit(&mut self, i: Instr) -> usize {
        let u = self.u();
        u.instrs.push(i);
        u.lines.push(u.line);
        u.tags.push(u.handler);
        u.instrs.len() - 1
    }

    pub(crate) fn new_label(&mut self) -> Label {
        let u = self.u();
        u.labels.push(u32::MAX);
        (u.labels.len() - 1) as Label
    }

    pub(crate) fn bind(&mut self, l: Label) {
        let u = self.u();
        u.labels[l as usize] = u.instrs.len() as u32;
    }

    pub(crate) fn add_const(&mut self, c: Const) -> u32 {
        let u = self.u();
        let key = const_key(&c);
        if let Some(k) = &key
            && let Some(&i) = u.const_map.get(k)
        {
            return i;
        }
        u.consts.push(c);
        let i = (u.consts.len() - 1) as u32;
        if let Some(k) = key {
            u.const_map.insert(k, i);
        }
        i
    }

    pub(crate) fn load_const(&mut self, c: Const) {
        let i = self.add_const(c);
        self.emit(Instr::LoadConst(i));
    }

    pub(crate) fn str_const(s: &str) -> Const {
        Const::Str(Arc::from(s))
    }

    pub(crate) fn name_idx(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.name_map.get(name) {
            return i;
        }
        u.names.push(Arc::from(name));
        let i = (u.names.len() - 1) as u32;
        u.name_map.insert(name.to_string(), i);
        i
    }

    pub(crate) fn mangle(&self, name: &str) -> String {
        symtable::mangle(self.ur().private.as_deref(), name)
    }

    fn var_idx(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.var_map.get(name) {
            return i;
        }
        u.varnames.push(name.to_string());
        let i = (u.varnames.len() - 1) as u32;
        u.var_map.insert(name.to_string(), i);
        i
    }

    fn cell_idx(&self, name: &str) -> u32 {
        let u = self.ur();
        if let Some(i) = u.cellvars.iter().position(|c| c == name) {
            return i as u32;
        }
        if let Some(i) = u.freevars.iter().position(|c| c == name) {
            return (u.cellvars.len() + i) as u32;
        }
        0
    }

    /// Load/store/delete a variable according to its scope.
    pub(crate) fn name_op(&mut self, name: &str, ctx: ast::ExprContext) {
        let mangled = self.mangle(name);
        let sc = &self.st.scopes[self.ur().scope];
        let kind = sc.kind;
        let scope = sc.lookup(&mangled);
        use ast::ExprContext::*;
        let instr = match (kind, scope) {
            (_, SymScope::GlobalExplicit) => {
                let i = self.name_idx(&mangled);
                match ctx {
                    Store => Instr::StoreGlobal(i),
                    Del => Instr::DeleteGlobal(i),
                    _ => Instr::LoadGlobal(i),
                }
            }
            (ScopeKind::Module, _)
            | (ScopeKind::Class, SymScope::Local | SymScope::GlobalImplicit) => {
                let i = self.name_idx(&mangled);
                match ctx {
                    Store => Instr::StoreName(i),
                    Del => Instr::DeleteName(i),
                    _ => Instr::LoadName(i),
                }
            }
            (_, SymScope::GlobalImplicit) => {
                let i = self.name_idx(&mangled);
                match ctx {
                    Store => Instr::StoreGlobal(i),
                    Del => Instr::DeleteGlobal(i),
                    _ => Instr::LoadGlobal(i),
                }
            }
            (ScopeKind::Class, _) => {
                let i = self.cell_idx(&mangled);
                match ctx {
                    Store => Instr::StoreDeref(i),
                    Del => Instr::DeleteDeref(i),
                    _ => Instr::LoadClassDeref(i),
                }
            }
            (_, SymScope::Local) => {
                let i = self.var_idx(&mangled);
                match ctx {
                    Store => Instr::StoreFast(i),
                    Del => Instr::DeleteFast(i),
                    _ => Instr::LoadFast(i),
                }
            }
            (_, SymScope::Cell | SymScope::Free) => {
                let i = self.cell_idx(&mangled);
                match ctx {
                    Store => Instr::StoreDeref(i),
                    Del => Instr::DeleteDeref(i),
                    _ => Instr::LoadDeref(i),
                }
            }
        };
        self.emit(instr);
    }

    pub(crate) fn load_name(&mut self, name: &str) {
        self.name_op(name, ast::ExprContext::Load);
    }

    pub(crate) fn store_name(&mut self, name: &str) {
        self.name_op(name, ast::ExprContext::Store);
    }

    /// Emit `LoadClosure` for every free variable of child scope `child`; returns true if any.
    pub(crate) fn closure(&mut self, child: usize) -> bool {
        let frees = self.st.scopes[child].freevars.clone();
        if frees.is_empty() {
            return false;
        }
        for f in &frees {
            let i = self.cell_idx(f);
            self.emit(Instr::LoadClosure(i));
        }
        self.emit(Instr::BuildTuple(frees.len() as u32));
        true
    }

    /// Qualified name of a new scope named `name` defined in the current unit.
    pub(crate) fn qualname_for(&self, name: &str, child: usize) -> String {
        let Some(u) = self.units.last() else {
            return name.to_string();
        };
        let sc = &self.st.scopes[u.scope];
        if sc.kind == ScopeKind::Module {
            return name.to_string();
        }
        // A function declared global in its parent gets a plain qualname.
        let kind = self.st.scopes[child].kind;
        if matches!(kind, ScopeKind::Function | ScopeKind::Class)
            && sc.lookup(&self.mangle(name)) == SymScope::GlobalExplicit
        {
            return name.to_string();
        }
        if sc.kind == ScopeKind::Class {
            format!("{}.{}", u.qualname, name)
        } else {
            format!("{}.<locals>.{}", u.qualname, name)
        }
    }

    pub(crate) fn set_line(&mut self, pos: TextSize) -> u32 {
        let l = self.line_of(pos);
        let u = self.u();
        std::mem::replace(&mut u.line, l)
    }

    pub(crate) fn restore_line(&mut self, l: u32) {
        self.u().line = l;
    }

    /// The docstring of a body, if its first statement is a string literal.
    pub(crate) fn docstring_of(body: &[Stmt]) -> Option<String> {
        if let Some(Stmt::Expr(e)) = body.first()
            && let Expr::StringLiteral(s) = &*e.value
        {
            return Some(clean_doc(s.value.to_str()));
        }
        None
    }

    /// Whether a module/class body contains annotated simple assignments (not nested in scopes).
    pub(crate) fn has_annotations(body: &[Stmt]) -> bool {
        body.iter().any(|s| match s {
            Stmt::AnnAssign(_) => true,
            Stmt::If(i) => {
                Self::has_annotations(&i.body)
                    || i.elif_else_clauses
                        .iter()
                        .any(|c| Self::has_annotations(&c.body))
            }
            Stmt::For(f) => Self::has_annotations(&f.body) || Self::has_annotations(&f.orelse),
            Stmt::While(f) => Self::has_annotations(&f.body) || Self::has_annotations(&f.orelse),
            Stmt::With(w) => Self::has_annotations(&w.body),
            Stmt::Try(t) => {
                Self::has_annotations(&t.body)
                    || Self::has_annotations(&t.orelse)
                    || Self::has_annotations(&t.finalbody)
                    || t.handlers.iter().any(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        Self::has_annotations(&h.body)
                    })
            }
            Stmt::Match(m) => m.cases.iter().any(|c| Self::has_annotations(&c.body)),
            _ => false,
        })
    }
}

/// CPython 3.13's compile-time docstring cleaning: expand tabs, strip the first line's
/// leading spaces and the common indentation of the following lines.
pub fn clean_doc(doc: &str) -> String {
    let mut expanded = String::with_capacity(doc.len());
    let mut col = 0;
    for ch in doc.chars() {
        match ch {
            '\t' => {
                let n = 8 - col % 8;
                expanded.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' | '\r' => {
                expanded.push(ch);
                col = 0;
            }
            c => {
                expanded.push(c);
                col += 1;
            }
        }
    }
    let lines: Vec<&str> = expanded.split('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim_start_matches(' ').is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(expanded.len());
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(l.trim_start_matches(' '));
        } else {
            out.push('\n');
            out.push_str(&l[indent(l).min(margin)..]);
        }
    }
    out
}

/// Whether the module opens (after its docstring) with `from __future__ import annotations`.
fn has_future_annotations(body: &[Stmt]) -> bool {
    let rest = match body.first() {
        Some(Stmt::Expr(e)) if matches!(&*e.value, ast::Expr::StringLiteral(_)) => &body[1..],
        _ => body,
    };
    rest.iter()
        .map_while(|s| match s {
            Stmt::ImportFrom(f)
                if f.module
                    .as_ref()
                    .is_some_and(|m| m.as_str() == "__future__") =>
            {
                Some(f)
            }
            _ => None,
        })
        .any(|f| f.names.iter().any(|a| a.name.as_str() == "annotations"))
}

fn module_code(
    body: &[Stmt],
    source: &str,
    filename: &str,
    interactive: bool,
) -> CResult<Arc<Code>> {
    let index = LineIndex::new(source);
    let st = SymbolTable::build(body, source, filename, &index)?;
    let mut c = Compiler::new(source, filename, st, index);
    c.interactive = interactive;
    c.future_annotations = has_future_annotations(body);
    c.enter_unit(0, "<module>", "<module>".to_string(), 1);
    if let Some(first) = body.first() {
        let l = c.line_of(first.start());
        c.u().line = l;
    }
    if Compiler::has_annotations(body) {
        c.emit(Instr::SetupAnnotations);
    }
    let mut rest = body;
    if !interactive && let Some(doc) = Compiler::docstring_of(body) {
        c.load_const(Compiler::str_const(&doc));
        let i = c.name_idx("__doc__");
        c.emit(Instr::StoreName(i));
        c.u().docstring = Some(Arc::from(doc.as_str()));
        rest = &body[1..];
    }
    c.body(rest)?;
    c.load_const(Const::None);
    c.emit(Instr::Return);
    Ok(c.leave_unit())
}

/// Compile a module (`exec` mode).
pub fn compile_module(
    m: &ast::ModModule,
    source: &str,
    filename: &str,
) -> Result<Arc<Code>, SyntaxErrorInfo> {
    module_code(&m.body, source, filename, false).map(peephole::optimize)
}

/// Compile a module in interactive (REPL) mode: expression statements print their value.
pub fn compile_interactive(
    m: &ast::ModModule,
    source: &str,
    filename: &str,
) -> Result<Arc<Code>, SyntaxErrorInfo> {
    module_code(&m.body, source, filename, true).map(peephole::optimize)
}

/// Compile an expression (`eval` mode): the code returns the value.
pub fn compile_expression(
    e: &ast::ModExpression,
    source: &str,
    filename: &str,
) -> Result<Arc<Code>, SyntaxErrorInfo> {
    let index = LineIndex::new(source);
    let st = SymbolTable::build_expr(&e.body, source, filename, &index)?;
    let mut c = Compiler::new(source, filename, st, index);
    c.enter_unit(0, "<module>", "<module>".to_string(), 1);
    let l = c.line_of(e.body.start());
    c.u().line = l;
    c.expr(&e.body)?;
    c.emit(Instr::Return);
    Ok(peephole::optimize(c.leave_unit()))
}

// ---------------------------------------------------------------------------------------------
// Disassembler

/// Python-like repr of a constant.
pub fn const_repr(c: &Const) -> String {
    match c {
        Const::None => "None".into(),
        Const::Ellipsis => "Ellipsis".into(),
        Const::Bool(b) => if *b { "True" } else { "False" }.into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(b) => b.to_string(),
        Const::Float(f) => {
            if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
                format!("{f:.1}")
            } else {
                format!("{f}")
            }
        }
        Const::Complex(r, i) => format!("({r}+{i}j)"),
        Const::Str(s) => {
            let mut out = String::from("'");
            for ch in s.chars() {
                match ch {
                    '\'' => out.push_str("\\'"),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                        let _ = write!(out, "\\x{:02x}", c as u32);
                    }
                    c => out.push(c),
                }
            }
            out.push('\'');
            out
        }
        Const::Bytes(b) => {
            let mut out = String::from("b'");
            for &x in b.iter() {
                match x {
                    b'\'' => out.push_str("\\'"),
                    b'\\' => out.push_str("\\\\"),
                    b'\n' => out.push_str("\\n"),
                    0x20..=0x7e => out.push(x as char),
                    _ => {
                        let _ = write!(out, "\\x{x:02x}");
                    }
                }
            }
            out.push('\'');
            out
        }
        Const::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Const::Code(c) => format!("<code {}>", c.qualname),
    }
}

fn operand_note(code: &Code, i: &Instr) -> String {
    let name = |n: &u32| {
        code.names
            .get(*n as usize)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let var = |n: &u32| {
        code.varnames
            .get(*n as usize)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let cell = |n: &u32| {
        let n = *n as usize;
        code.cellvars
            .get(n)
            .or_else(|| code.freevars.get(n.wrapping_sub(code.cellvars.len())))
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    match i {
        Instr::LoadConst(c) => code
            .consts
            .get(*c as usize)
            .map(const_repr)
            .unwrap_or_default(),
        Instr::CallKw(_, c) => code
            .consts
            .get(*c as usize)
            .map(const_repr)
            .unwrap_or_default(),
        Instr::LoadName(n)
        | Instr::StoreName(n)
        | Instr::DeleteName(n)
        | Instr::LoadGlobal(n)
        | Instr::StoreGlobal(n)
        | Instr::DeleteGlobal(n)
        | Instr::LoadAttr(n)
        | Instr::StoreAttr(n)
        | Instr::DeleteAttr(n)
        | Instr::LoadMethod(n)
        | Instr::ImportName(n)
        | Instr::ImportFrom(n) => name(n),
        Instr::LoadFast(n) | Instr::StoreFast(n) | Instr::DeleteFast(n) => var(n),
        Instr::LoadDeref(n)
        | Instr::StoreDeref(n)
        | Instr::DeleteDeref(n)
        | Instr::LoadClosure(n)
        | Instr::LoadClassDeref(n) => cell(n),
        _ => String::new(),
    }
}

/// A readable listing of `code` and, recursively, of the code objects among its constants.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    disassemble_into(code, &mut out);
    out
}

fn disassemble_into(code: &Code, out: &mut String) {
    let _ = write!(out, "code {} (line {})", code.qualname, code.firstlineno);
    if code.name.as_ref() != code.qualname.as_ref()
        && !code.qualname.ends_with(&format!(".{}", code.name))
    {
        let _ = write!(out, " name={}", code.name);
    }
    let f = &code.flags;
    let mut flags = Vec::new();
    for (on, n) in [
        (f.varargs, "varargs"),
        (f.varkw, "varkw"),
        (f.generator, "generator"),
        (f.coroutine, "coroutine"),
        (f.name_locals, "name_locals"),
        (f.has_class_cell, "class_cell"),
    ] {
        if on {
            flags.push(n);
        }
    }
    if !flags.is_empty() {
        let _ = write!(out, " flags={}", flags.join(","));
    }
    if code.argcount + code.kwonlyargcount > 0 {
        let _ = write!(
            out,
            " args={}/{}/{}",
            code.posonlyargcount, code.argcount, code.kwonlyargcount
        );
    }
    out.push('\n');
    let list = |v: &[Arc<str>]| {
        v.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    if !code.varnames.is_empty() {
        let _ = writeln!(out, "  varnames: {}", list(&code.varnames));
    }
    if !code.cellvars.is_empty() {
        let _ = writeln!(out, "  cellvars: {}", list(&code.cellvars));
    }
    if !code.freevars.is_empty() {
        let _ = writeln!(out, "  freevars: {}", list(&code.freevars));
    }
    if !code.cell_params.is_empty() {
        let _ = writeln!(out, "  cell_params: {:?}", code.cell_params);
    }
    if let Some(d) = &code.docstring {
        let _ = writeln!(out, "  doc: {}", const_repr(&Const::Str(d.clone())));
    }
    let mut last_line = 0;
    for (ip, i) in code.instrs.iter().enumerate() {
        let line = code.lines.get(ip).copied().unwrap_or(0);
        let ls = if line != last_line {
            format!("{line:>3}")
        } else {
            "   ".to_string()
        };
        last_line = line;
        let note = operand_note(code, i);
        let text = format!("{i:?}");
        if note.is_empty() {
            let _ = writeln!(out, "  {ls} {ip:>3} {text}");
        } else {
            let _ = writeln!(out, "  {ls} {ip:>3} {text:<22} ; {note}");
        }
    }
    for h in &code.handlers {
        let _ = writeln!(
            out,
            "  handler {}..{} -> {} depth {}",
            h.start, h.end, h.target, h.depth
        );
    }
    for c in &code.consts {
        if let Const::Code(sub) = c {
            out.push('\n');
            disassemble_into(sub, out);
        }
    }
}
