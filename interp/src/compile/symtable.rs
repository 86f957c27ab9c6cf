//! Scope analysis (CPython's symtable): one pass collects, for every scope (module, class,
//! function, lambda, comprehension), the names it binds, uses and declares; a second pass
//! resolves each name to local / cell / free / explicit global / implicit global.
//!
//! Scopes are keyed by the address of their AST node (`node_key`), so the compiler finds the
//! scope of a `def`, `class`, `lambda` or comprehension it is compiling.
//!
//! Rules followed (CPython 3.13): class bodies do not make their names visible to nested
//! scopes; a nested scope that uses `super` or `__class__` gets a free `__class__` served by
//! an implicit cell of the enclosing class; comprehensions are separate function scopes whose
//! iteration variables are local, and a walrus inside a comprehension binds in the nearest
//! enclosing non-comprehension scope.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, Expr, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::parser::{LineIndex, SyntaxErrorInfo, SyntaxKind, syntax_error_at};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SymScope {
    Local,
    Cell,
    Free,
    GlobalExplicit,
    GlobalImplicit,
}

pub const DEF_LOCAL: u32 = 1;
pub const DEF_PARAM: u32 = 2;
pub const DEF_GLOBAL: u32 = 4;
pub const DEF_NONLOCAL: u32 = 8;
pub const USE: u32 = 16;
pub const DEF_ANNOT: u32 = 32;
pub const DEF_COMP_ITER: u32 = 64;
/// Class scope: the name is also free (passed through to nested scopes).
pub const DEF_FREE_CLASS: u32 = 128;

#[derive(Clone, Debug)]
pub struct Symbol {
    pub flags: u32,
    pub scope: SymScope,
    decl_range: Option<TextRange>,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    pub symbols: Vec<(String, Symbol)>,
    index: HashMap<String, usize>,
    pub params: Vec<String>,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    pub is_generator: bool,
    pub is_async: bool,
    /// Class scope: a nested scope needs the implicit `__class__` cell.
    pub needs_class_cell: bool,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    /// Private-name mangling class in effect (innermost enclosing class name).
    pub private: Option<String>,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str, parent: Option<usize>, private: Option<String>) -> Self {
        Scope {
            kind,
            name: name.to_string(),
            symbols: Vec::new(),
            index: HashMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            parent,
            is_generator: false,
            is_async: false,
            needs_class_cell: false,
            cellvars: Vec::new(),
            freevars: Vec::new(),
            private,
        }
    }

    pub fn get(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).map(|&i| &self.symbols[i].1)
    }

    fn get_mut(&mut self, name: &str) -> &mut Symbol {
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                self.symbols.push((
                    name.to_string(),
                    Symbol {
                        flags: 0,
                        scope: SymScope::GlobalImplicit,
                        decl_range: None,
                    },
                ));
                self.index.insert(name.to_string(), self.symbols.len() - 1);
                self.symbols.len() - 1
            }
        };
        &mut self.symbols[i].1
    }

    /// How `name` resolves in this scope.
    pub fn lookup(&self, name: &str) -> SymScope {
        match self.get(name) {
            Some(s) => s.scope,
            None => {
                if self.kind == ScopeKind::Class && name == "__class__" && self.needs_class_cell {
                    SymScope::Cell
                } else {
                    SymScope::GlobalImplicit
                }
            }
        }
    }

    pub fn is_function_like(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        )
    }
}

#[derive(Debug)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
}

/// The key of an AST node (its address).
pub fn node_key<T>(node: &T) -> usize {
    std::ptr::from_ref(node) as usize
}

/// CPython's private name mangling (`__x` inside class `C` → `_C__x`).
pub fn mangle(private: Option<&str>, name: &str) -> String {
    if let Some(cls) = private
        && name.starts_with("__")
        && !name.ends_with("__")
        && !name.contains('.')
    {
        let stripped = cls.trim_start_matches('_');
        if !stripped.is_empty() {
            return format!("_{stripped}{name}");
        }
    }
    name.to_string()
}

impl SymbolTable {
    pub fn scope_of<T>(&self, node: &T) -> usize {
        self.by_node.get(&node_key(node)).copied().unwrap_or(0)
    }

    pub fn build(
        module: &[Stmt],
        source: &str,
        filename: &str,
        index: &LineIndex,
    ) -> Result<SymbolTable, SyntaxErrorInfo> {
        let mut b = Builder {
            st: SymbolTable {
                scopes: vec![Scope::new(ScopeKind::Module, "<module>", None, None)],
                by_node: HashMap::new(),
            },
            cur: 0,
            source,
            filename,
            index,
        };
        for s in module {
            b.stmt(s)?;
        }
        b.st.analyze(0, &HashSet::new(), &HashSet::new(), source, filename, index)?;
        Ok(b.st)
    }

    /// Symbol table of an `eval` expression.
    pub fn build_expr(
        e: &Expr,
        source: &str,
        filename: &str,
        index: &LineIndex,
    ) -> Result<SymbolTable, SyntaxErrorInfo> {
        let mut b = Builder {
            st: SymbolTable {
                scopes: vec![Scope::new(ScopeKind::Module, "<module>", None, None)],
                by_node: HashMap::new(),
            },
            cur: 0,
            source,
            filename,
            index,
        };
        b.expr(e)?;
        b.st.analyze(0, &HashSet::new(), &HashSet::new(), source, filename, index)?;
        Ok(b.st)
    }

    fn analyze(
        &mut self,
        idx: usize,
        bound: &HashSet<String>,
        globals: &HashSet<String>,
        source: &str,
        filename: &str,
        index: &LineIndex,
    ) -> Result<HashSet<String>, SyntaxErrorInfo> {
        let kind = self.scopes[idx].kind;
        let mut local = HashSet::new();
        let mut new_global = globals.clone();
        let mut explicit_global = HashSet::new();
        for i in 0..self.scopes[idx].symbols.len() {
            let (name, sym) = &self.scopes[idx].symbols[i];
            let name = name.clone();
            let flags = sym.flags;
            let scope = if flags & DEF_GLOBAL != 0 {
                new_global.insert(name.clone());
                explicit_global.insert(name.clone());
                SymScope::GlobalExplicit
            } else if flags & DEF_NONLOCAL != 0 {
                if !bound.contains(&name) {
                    let r = sym.decl_range.unwrap_or_default();
                    return Err(syntax_error_at(
                        SyntaxKind::SyntaxError,
                        &format!("no binding for nonlocal '{name}' found"),
                        filename,
                        source,
                        index,
                        r,
                    ));
                }
                SymScope::Free
            } else if flags & (DEF_LOCAL | DEF_PARAM) != 0 {
                local.insert(name.clone());
                if kind != ScopeKind::Class && kind != ScopeKind::Module {
                    new_global.remove(&name);
                }
                SymScope::Local
            } else if bound.contains(&name) {
                SymScope::Free
            } else if globals.contains(&name) {
                SymScope::GlobalExplicit
            } else {
                SymScope::GlobalImplicit
            };
            self.scopes[idx].symbols[i].1.scope = scope;
        }
        let new_bound: HashSet<String> = match kind {
            ScopeKind::Module => HashSet::new(),
            ScopeKind::Class => {
                let mut b: HashSet<String> = bound.difference(&explicit_global).cloned().collect();
                b.insert("__class__".to_string());
                b
            }
            _ => {
                let mut b: HashSet<String> = bound.difference(&explicit_global).cloned().collect();
                b.extend(local.iter().cloned());
                b
            }
        };
        let mut child_free = HashSet::new();
        let children = self.scopes[idx].children.clone();
        for c in children {
            let f = self.analyze(c, &new_bound, &new_global, source, filename, index)?;
            child_free.extend(f);
        }
        let scope = &mut self.scopes[idx];
        if kind == ScopeKind::Class && child_free.remove("__class__") {
            scope.needs_class_cell = true;
        }
        let mut free = HashSet::new();
        let mut names: Vec<String> = child_free.into_iter().collect();
        names.sort();
        for name in names {
            match kind {
                ScopeKind::Module => {}
                ScopeKind::Class => {
                    let s = scope.get_mut(&name);
                    if s.scope == SymScope::Local {
                        s.flags |= DEF_FREE_CLASS;
                    } else {
                        s.scope = SymScope::Free;
                    }
                    free.insert(name);
                }
                _ => {
                    let s = scope.get_mut(&name);
                    match s.scope {
                        SymScope::Local | SymScope::Cell => s.scope = SymScope::Cell,
                        _ => {
                            s.scope = SymScope::Free;
                            free.insert(name);
                        }
                    }
                }
            }
        }
        let mut cells = Vec::new();
        let mut frees = Vec::new();
        for (name, sym) in &scope.symbols {
            match sym.scope {
                SymScope::Cell => cells.push(name.clone()),
                SymScope::Free => {
                    frees.push(name.clone());
                    free.insert(name.clone());
                }
                _ => {
                    if sym.flags & DEF_FREE_CLASS != 0 {
                        frees.push(name.clone());
                    }
                }
            }
        }
        if scope.needs_class_cell {
            cells.push("__class__".to_string());
        }
        cells.sort();
        frees.sort();
        scope.cellvars = cells;
        scope.freevars = frees;
        Ok(free)
    }
}

struct Builder<'s> {
    st: SymbolTable,
    cur: usize,
    source: &'s str,
    filename: &'s str,
    index: &'s LineIndex,
}

type R<T = ()> = Result<T, SyntaxErrorInfo>;

impl Builder<'_> {
    fn err(&self, msg: &str, range: TextRange) -> SyntaxErrorInfo {
        syntax_error_at(
            SyntaxKind::SyntaxError,
            msg,
            self.filename,
            self.source,
            self.index,
            range,
        )
    }

    fn scope(&mut self) -> &mut Scope {
        &mut self.st.scopes[self.cur]
    }

    fn mangle(&self, name: &str) -> String {
        mangle(self.st.scopes[self.cur].private.as_deref(), name)
    }

    fn add(&mut self, name: &str, flag: u32) {
        let n = self.mangle(name);
        self.scope().get_mut(&n).flags |= flag;
    }

    fn push_scope<T>(&mut self, kind: ScopeKind, name: &str, node: &T) -> usize {
        let private = if kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            self.st.scopes[self.cur].private.clone()
        };
        let idx = self.st.scopes.len();
        self.st
            .scopes
            .push(Scope::new(kind, name, Some(self.cur), private));
        self.st.scopes[self.cur].children.push(idx);
        self.st.by_node.insert(node_key(node), idx);
        let prev = self.cur;
        self.cur = idx;
        prev
    }

    fn body(&mut self, body: &[Stmt]) -> R {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn params_defaults(&mut self, p: &ast::Parameters) -> R {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn params_annotations(&mut self, p: &ast::Parameters) -> R {
        for a in p.iter() {
            if let Some(an) = a.annotation() {
                self.expr(an)?;
            }
        }
        Ok(())
    }

    fn declare_params(&mut self, p: &ast::Parameters) -> R {
        let mut names: Vec<(&ast::Identifier,)> = Vec::new();
        for a in p.posonlyargs.iter().chain(&p.args) {
            names.push((&a.parameter.name,));
        }
        for a in &p.kwonlyargs {
            names.push((&a.parameter.name,));
        }
        if let Some(v) = &p.vararg {
            names.push((&v.name,));
        }
        if let Some(k) = &p.kwarg {
            names.push((&k.name,));
        }
        // CPython's order: positional, then *args, then kw-only, then **kwargs for the
        // duplicate check; the varnames order (positional, kw-only, *, **) is the compiler's.
        for (id,) in names {
            let n = self.mangle(id.as_str());
            if self
                .scope()
                .get(&n)
                .is_some_and(|s| s.flags & DEF_PARAM != 0)
            {
                return Err(self.err(
                    &format!(
                        "duplicate argument '{}' in function definition",
                        id.as_str()
                    ),
                    id.range,
                ));
            }
            self.scope().get_mut(&n).flags |= DEF_PARAM;
            self.scope().params.push(n);
        }
        Ok(())
    }

    /// Open the scope of a definition's type parameters (if it has any), keyed by the
    /// `TypeParams` node, with each parameter a local; returns the scope to go back to.
    /// Bounds and constraints are evaluated there, eagerly.
    fn generic_scope(&mut self, tp: Option<&ast::TypeParams>, name: &str) -> R<Option<usize>> {
        let Some(tp) = tp else { return Ok(None) };
        let prev = self.push_scope(
            ScopeKind::Function,
            &format!("<generic parameters of {name}>"),
            tp,
        );
        for p in tp.iter() {
            let (id, bound, default) = match p {
                ast::TypeParam::TypeVar(v) => (&v.name, v.bound.as_deref(), v.default.as_deref()),
                ast::TypeParam::ParamSpec(v) => (&v.name, None, v.default.as_deref()),
                ast::TypeParam::TypeVarTuple(v) => (&v.name, None, v.default.as_deref()),
            };
            if let Some(d) = default {
                return Err(self.err("type parameter defaults are not supported yet", d.range()));
            }
            if let Some(b) = bound {
                self.expr(b)?;
            }
            self.add(id.as_str(), DEF_LOCAL);
        }
        Ok(Some(prev))
    }

    fn stmt(&mut self, s: &Stmt) -> R {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }
                self.add(f.name.as_str(), DEF_LOCAL);
                // PEP 695: the parameters live in a function scope of their own around the
                // definition (CPython's annotation scope), which the compiler runs at once.
                let outer = self.generic_scope(f.type_params.as_deref(), f.name.as_str())?;
                self.params_defaults(&f.parameters)?;
                // PEP 649: annotations are evaluated lazily, by an `__annotate__` function
                // of their own (keyed by the parameters node), on first use.
                let annotated =
                    f.returns.is_some() || f.parameters.iter().any(|a| a.annotation().is_some());
                if annotated {
                    let prev = self.push_scope(ScopeKind::Function, "__annotate__", &*f.parameters);
                    self.add(".format", DEF_PARAM);
                    self.params_annotations(&f.parameters)?;
                    if let Some(r) = &f.returns {
                        self.expr(r)?;
                    }
                    self.cur = prev;
                }
                let prev = self.push_scope(ScopeKind::Function, f.name.as_str(), f);
                self.scope().is_async = f.is_async;
                self.declare_params(&f.parameters)?;
                self.body(&f.body)?;
                self.cur = prev;
                if let Some(o) = outer {
                    self.cur = o;
                }
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression)?;
                }
                self.add(c.name.as_str(), DEF_LOCAL);
                let outer = self.generic_scope(c.type_params.as_deref(), c.name.as_str())?;
                if let Some(a) = &c.arguments {
                    for e in a.args.iter() {
                        self.expr(e)?;
                    }
                    for k in a.keywords.iter() {
                        self.expr(&k.value)?;
                    }
                }
                let prev = self.push_scope(ScopeKind::Class, c.name.as_str(), c);
                self.body(&c.body)?;
                self.cur = prev;
                if let Some(o) = outer {
                    self.cur = o;
                }
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t)?;
                }
            }
            Stmt::TypeAlias(t) => {
                self.expr(&t.name)?;
                let name = match &*t.name {
                    Expr::Name(n) => n.id.to_string(),
                    _ => String::new(),
                };
                let outer = self.generic_scope(t.type_params.as_deref(), &name)?;
                // The value is evaluated lazily, by a function of its own.
                let prev = self.push_scope(ScopeKind::Function, &name, &*t.value);
                self.expr(&t.value)?;
                self.cur = prev;
                if let Some(o) = outer {
                    self.cur = o;
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for t in &a.targets {
                    self.expr(t)?;
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.target)?;
                self.expr(&a.value)?;
                if let Expr::Name(n) = &*a.target {
                    self.add(n.id.as_str(), USE);
                }
            }
            Stmt::AnnAssign(a) => {
                let kind = self.st.scopes[self.cur].kind;
                if let Expr::Name(n) = &*a.target {
                    let m = self.mangle(n.id.as_str());
                    let sym = self.scope().get(&m).map(|s| s.flags).unwrap_or(0);
                    if sym & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && a.simple {
                        let which = if sym & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return Err(self.err(
                            &format!("annotated name '{}' can't be {which}", n.id.as_str()),
                            n.range,
                        ));
                    }
                    if a.simple {
                        self.add(n.id.as_str(), DEF_LOCAL | DEF_ANNOT);
                    } else {
                        self.add(n.id.as_str(), DEF_LOCAL);
                    }
                } else {
                    self.expr(&a.target)?;
                }
                if matches!(kind, ScopeKind::Module | ScopeKind::Class) {
                    self.expr(&a.annotation)?;
                }
                if let Some(v) = &a.value {
                    self.expr(v)?;
                }
            }
            Stmt::For(f) => {
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.body(&f.body)?;
                self.body(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.body(&w.body)?;
                self.body(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.body(&i.body)?;
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t)?;
                    }
                    self.body(&c.body)?;
                }
            }
            Stmt::With(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.body(&w.body)?;
            }
            Stmt::Match(m) => {
                self.expr(&m.subject)?;
                for c in &m.cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g)?;
                    }
                    self.body(&c.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                }
                if let Some(e) = &r.cause {
                    self.expr(e)?;
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.add(n.as_str(), DEF_LOCAL);
                    }
                    self.body(&h.body)?;
                }
                self.body(&t.orelse)?;
                self.body(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let bound = match &a.asname {
                        Some(n) => n.as_str(),
                        None => a.name.as_str().split('.').next().unwrap_or(""),
                    };
                    self.add(bound, DEF_LOCAL);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        if self.st.scopes[self.cur].kind != ScopeKind::Module {
                            return Err(self.err("import * only allowed at module level", a.range));
                        }
                        continue;
                    }
                    let bound = a.asname.as_ref().unwrap_or(&a.name);
                    self.add(bound.as_str(), DEF_LOCAL);
                }
            }
            Stmt::Global(g) => {
                for id in &g.names {
                    let n = self.mangle(id.as_str());
                    let flags = self.scope().get(&n).map(|s| s.flags).unwrap_or(0);
                    let name = id.as_str();
                    let msg = if flags & DEF_PARAM != 0 {
                        Some(format!("name '{name}' is parameter and global"))
                    } else if flags & DEF_NONLOCAL != 0 {
                        Some(format!("name '{name}' is nonlocal and global"))
                    } else if flags & DEF_ANNOT != 0 {
                        Some(format!("annotated name '{name}' can't be global"))
                    } else if flags & DEF_LOCAL != 0 {
                        Some(format!(
                            "name '{name}' is assigned to before global declaration"
                        ))
                    } else if flags & USE != 0 {
                        Some(format!("name '{name}' is used prior to global declaration"))
                    } else {
                        None
                    };
                    if let Some(m) = msg {
                        return Err(self.err(&m, g.range));
                    }
                    let sym = self.scope().get_mut(&n);
                    sym.flags |= DEF_GLOBAL;
                    sym.decl_range = Some(g.range);
                }
            }
            Stmt::Nonlocal(g) => {
                if self.st.scopes[self.cur].kind == ScopeKind::Module {
                    return Err(
                        self.err("nonlocal declaration not allowed at module level", g.range)
                    );
                }
                for id in &g.names {
                    let n = self.mangle(id.as_str());
                    let flags = self.scope().get(&n).map(|s| s.flags).unwrap_or(0);
                    let name = id.as_str();
                    let msg = if flags & DEF_PARAM != 0 {
                        Some(format!("name '{name}' is parameter and nonlocal"))
                    } else if flags & DEF_GLOBAL != 0 {
                        let r = self
                            .scope()
                            .get(&n)
                            .and_then(|s| s.decl_range)
                            .unwrap_or(g.range);
                        return Err(self.err(&format!("name '{name}' is nonlocal and global"), r));
                    } else if flags & DEF_ANNOT != 0 {
                        Some(format!("annotated name '{name}' can't be nonlocal"))
                    } else if flags & DEF_LOCAL != 0 {
                        Some(format!(
                            "name '{name}' is assigned to before nonlocal declaration"
                        ))
                    } else if flags & USE != 0 {
                        Some(format!(
                            "name '{name}' is used prior to nonlocal declaration"
                        ))
                    } else {
                        None
                    };
                    if let Some(m) = msg {
                        return Err(self.err(&m, g.range));
                    }
                    let sym = self.scope().get_mut(&n);
                    sym.flags |= DEF_NONLOCAL;
                    sym.decl_range = Some(g.range);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value)?,
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::IpyEscapeCommand(_) => {}
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> R {
        match p {
            Pattern::MatchValue(v) => self.expr(&v.value)?,
            Pattern::MatchSingleton(_) => {}
            Pattern::MatchSequence(s) => {
                for p in &s.patterns {
                    self.pattern(p)?;
                }
            }
            Pattern::MatchMapping(m) => {
                for k in &m.keys {
                    self.expr(k)?;
                }
                for p in &m.patterns {
                    self.pattern(p)?;
                }
                if let Some(r) = &m.rest {
                    self.add(r.as_str(), DEF_LOCAL);
                }
            }
            Pattern::MatchClass(c) => {
                self.expr(&c.cls)?;
                for p in &c.arguments.patterns {
                    self.pattern(p)?;
                }
                for k in &c.arguments.keywords {
                    self.pattern(&k.pattern)?;
                }
            }
            Pattern::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add(n.as_str(), DEF_LOCAL);
                }
            }
            Pattern::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.pattern(p)?;
                }
                if let Some(n) = &a.name {
                    self.add(n.as_str(), DEF_LOCAL);
                }
            }
            Pattern::MatchOr(o) => {
                for p in &o.patterns {
                    self.pattern(p)?;
                }
            }
        }
        Ok(())
    }

    fn comprehension<T>(
        &mut self,
        node: &T,
        name: &str,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
        is_gen: bool,
        range: TextRange,
    ) -> R {
        let Some(first) = generators.first() else {
            return Ok(());
        };
        self.expr(&first.iter)?;
        let outer_async = self.st.scopes[self.cur].is_async;
        let prev = self.push_scope(ScopeKind::Comprehension, name, node);
        self.scope().is_generator = is_gen;
        self.scope().is_async = outer_async || (is_gen && generators.iter().any(|g| g.is_async));
        self.scope().get_mut(".0").flags |= DEF_PARAM;
        self.scope().params.push(".0".to_string());
        for (i, g) in generators.iter().enumerate() {
            if g.is_async && !outer_async && !is_gen {
                let msg = "asynchronous comprehension outside of an asynchronous function";
                return Err(self.err(msg, range));
            }
            self.comp_target(&g.target)?;
            if i > 0 {
                self.expr(&g.iter)?;
            }
            for c in &g.ifs {
                self.expr(c)?;
            }
        }
        for e in elts {
            self.expr(e)?;
        }
        self.cur = prev;
        Ok(())
    }

    fn comp_target(&mut self, t: &Expr) -> R {
        match t {
            Expr::Name(n) => {
                self.add(n.id.as_str(), DEF_LOCAL | DEF_COMP_ITER);
                Ok(())
            }
            Expr::Tuple(t) => t.elts.iter().try_for_each(|e| self.comp_target(e)),
            Expr::List(t) => t.elts.iter().try_for_each(|e| self.comp_target(e)),
            Expr::Starred(s) => self.comp_target(&s.value),
            other => self.expr(other),
        }
    }

    fn walrus(&mut self, n: &ast::ExprNamed) -> R {
        let Expr::Name(target) = &*n.target else {
            self.expr(&n.target)?;
            return self.expr(&n.value);
        };
        let name = self.mangle(target.id.as_str());
        if self.st.scopes[self.cur].kind == ScopeKind::Comprehension {
            // Find the nearest enclosing non-comprehension scope.
            let mut s = self.cur;
            loop {
                let sc = &self.st.scopes[s];
                if sc.kind != ScopeKind::Comprehension {
                    break;
                }
                if sc.get(&name).is_some_and(|x| x.flags & DEF_COMP_ITER != 0) {
                    return Err(self.err(
                        &format!(
                            "assignment expression cannot rebind comprehension iteration variable '{}'",
                            target.id.as_str()
                        ),
                        target.range,
                    ));
                }
                s = sc.parent.unwrap_or(0);
            }
            match self.st.scopes[s].kind {
                ScopeKind::Class => {
                    return Err(self.err(
                        "assignment expression within a comprehension cannot be used in a class body",
                        target.range,
                    ));
                }
                ScopeKind::Module => {
                    self.st.scopes[s].get_mut(&name).flags |= DEF_LOCAL;
                    let sym = self.scope().get_mut(&name);
                    sym.flags |= DEF_GLOBAL;
                }
                _ => {
                    let sym = self.st.scopes[s].get_mut(&name);
                    if sym.flags & DEF_GLOBAL == 0 {
                        sym.flags |= DEF_LOCAL;
                        let sym = self.scope().get_mut(&name);
                        sym.flags |= DEF_NONLOCAL;
                        sym.decl_range = Some(target.range);
                    } else {
                        self.scope().get_mut(&name).flags |= DEF_GLOBAL;
                    }
                }
            }
        } else {
            self.scope().get_mut(&name).flags |= DEF_LOCAL;
        }
        self.expr(&n.value)
    }

    fn expr(&mut self, e: &Expr) -> R {
        match e {
            Expr::BoolOp(b) => b.values.iter().try_for_each(|v| self.expr(v))?,
            Expr::Named(n) => self.walrus(n)?,
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.expr(&u.operand)?,
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.params_defaults(p)?;
                }
                let prev = self.push_scope(ScopeKind::Lambda, "<lambda>", l);
                if let Some(p) = &l.parameters {
                    self.declare_params(p)?;
                }
                self.expr(&l.body)?;
                self.cur = prev;
            }
            Expr::If(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for it in &d.items {
                    if let Some(k) = &it.key {
                        self.expr(k)?;
                    }
                    self.expr(&it.value)?;
                }
            }
            Expr::Set(s) => s.elts.iter().try_for_each(|v| self.expr(v))?,
            Expr::ListComp(c) => {
                self.comprehension(c, "<listcomp>", &c.generators, &[&c.elt], false, c.range)?
            }
            Expr::SetComp(c) => {
                self.comprehension(c, "<setcomp>", &c.generators, &[&c.elt], false, c.range)?
            }
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                elts.push(&c.value);
                self.comprehension(c, "<dictcomp>", &c.generators, &elts, false, c.range)?
            }
            Expr::Generator(c) => {
                self.comprehension(c, "<genexpr>", &c.generators, &[&c.elt], true, c.range)?
            }
            Expr::Await(a) => {
                let sc = &self.st.scopes[self.cur];
                match sc.kind {
                    ScopeKind::Module | ScopeKind::Class => {
                        return Err(self.err("'await' outside function", a.range));
                    }
                    _ if !(sc.is_async
                        || sc.kind == ScopeKind::Comprehension && sc.name == "<genexpr>") =>
                    {
                        return Err(self.err("'await' outside async function", a.range));
                    }
                    _ => {}
                }
                // `await` suspends the frame like `yield from`, but only `yield` makes an
                // `async def` an async generator (the coroutine flag marks it suspendable).
                if self.scope().kind == ScopeKind::Comprehension {
                    self.scope().is_generator = true;
                }
                self.expr(&a.value)?;
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                let sc = &self.st.scopes[self.cur];
                match sc.kind {
                    ScopeKind::Module | ScopeKind::Class => {
                        return Err(self.err("'yield' outside function", e.range()));
                    }
                    ScopeKind::Comprehension => {
                        let what = match sc.name.as_str() {
                            "<listcomp>" => "list comprehension",
                            "<setcomp>" => "set comprehension",
                            "<dictcomp>" => "dict comprehension",
                            _ => "generator expression",
                        };
                        return Err(self.err(&format!("'yield' inside {what}"), e.range()));
                    }
                    _ => {}
                }
                self.scope().is_generator = true;
                match e {
                    Expr::Yield(y) => {
                        if let Some(v) = &y.value {
                            self.expr(v)?;
                        }
                    }
                    Expr::YieldFrom(y) => self.expr(&y.value)?,
                    _ => {}
                }
            }
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                c.comparators.iter().try_for_each(|v| self.expr(v))?;
            }
            Expr::Call(c) => {
                self.expr(&c.func)?;
                c.arguments.args.iter().try_for_each(|v| self.expr(v))?;
                c.arguments
                    .keywords
                    .iter()
                    .try_for_each(|k| self.expr(&k.value))?;
            }
            Expr::FString(f) => {
                for el in f.value.elements() {
                    self.fstring_element(el)?;
                }
            }
            Expr::TString(t) => {
                for el in t.value.elements() {
                    self.fstring_element(el)?;
                }
            }
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => {}
            Expr::Attribute(a) => self.expr(&a.value)?,
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
            }
            Expr::Starred(s) => self.expr(&s.value)?,
            Expr::Name(n) => {
                let flag = match n.ctx {
                    ast::ExprContext::Load | ast::ExprContext::Invalid => USE,
                    _ => DEF_LOCAL,
                };
                self.add(n.id.as_str(), flag);
                if flag == USE
                    && n.id.as_str() == "super"
                    && self.st.scopes[self.cur].is_function_like()
                {
                    self.scope().get_mut("__class__").flags |= USE;
                }
            }
            Expr::List(l) => l.elts.iter().try_for_each(|v| self.expr(v))?,
            Expr::Tuple(l) => l.elts.iter().try_for_each(|v| self.expr(v))?,
            Expr::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
        }
        Ok(())
    }

    fn fstring_element(&mut self, el: &ast::InterpolatedStringElement) -> R {
        if let ast::InterpolatedStringElement::Interpolation(i) = el {
            self.expr(&i.expression)?;
            if let Some(spec) = &i.format_spec {
                for e in spec.elements.iter() {
                    self.fstring_element(e)?;
                }
            }
        }
        Ok(())
    }
}
