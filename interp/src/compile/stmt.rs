//! Statement compilation: assignments, control flow, function and class definitions,
//! imports, and the table-driven exception handling of try/except/finally and with
//! (see the module docs of `compile` and the conventions in `code.rs`).

use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::Ranged;
use rupy_objects::code::{BinOp, Const, Instr, TypeParamKind};

use super::symtable::ScopeKind;
use super::{CResult, Compiler, FBlock, FBlockKind, Label};

pub(crate) fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::MatMult => BinOp::MatMul,
        O::Div => BinOp::TrueDiv,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitOr => BinOp::Or,
        O::BitXor => BinOp::Xor,
        O::BitAnd => BinOp::And,
        O::FloorDiv => BinOp::FloorDiv,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unwind {
    Return,
    Break,
    Continue,
}

impl<'a> Compiler<'a> {
    pub(crate) fn body(&mut self, body: &'a [Stmt]) -> CResult<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn push_fblock(&mut self, kind: FBlockKind<'a>) {
        let u = self.u();
        let fb = FBlock {
            kind,
            outer: u.handler,
            depth: u.depth,
        };
        u.fblocks.push(fb);
    }

    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    /// Run `f` with handler `h` (at the current depth + `extra`) active.
    pub(crate) fn set_handler(&mut self, h: Option<(Label, u32)>) -> Option<(Label, u32)> {
        std::mem::replace(&mut self.u().handler, h)
    }

    pub(crate) fn stmt(&mut self, s: &'a Stmt) -> CResult<()> {
        let l = self.line_of(s.start());
        self.u().line = l;
        match s {
            Stmt::FunctionDef(f) => self.function_def(f)?,
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Return(r) => {
                if !self.st.scopes[self.ur().scope].is_function_like() {
                    return Err(self.err("'return' outside function", r.range));
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.unwind(Unwind::Return)?;
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete_target(t)?;
                }
            }
            Stmt::TypeAlias(t) => self.type_alias(t)?,
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Instr::Copy(1));
                    }
                    self.store_target(t)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => self.ann_assign(a)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::With(w) => {
                if w.is_async {
                    self.check_async_context("async with", w.range)?;
                }
                self.with_items(&w.items, &w.body, w.is_async)?;
            }
            Stmt::Match(m) => self.match_stmt(m)?,
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Instr::Raise(n));
            }
            Stmt::Try(t) => {
                if t.is_star {
                    return Err(self.err("'except*' is not supported yet", t.range));
                }
                if t.finalbody.is_empty() {
                    self.try_except(t)?;
                } else {
                    self.try_finally(t)?;
                }
            }
            Stmt::Assert(a) => {
                let ok = self.new_label();
                self.jump_if(&a.test, true, ok)?;
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    self.emit(Instr::Call(1));
                }
                self.emit(Instr::Raise(1));
                self.bind(ok);
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let zero = self.add_const(Const::Int(0));
                    self.emit(Instr::LoadConst(zero));
                    self.load_const(Const::None);
                    let full = a.name.as_str();
                    let ni = self.name_idx(full);
                    self.emit(Instr::ImportName(ni));
                    match &a.asname {
                        Some(asname) => {
                            for part in full.split('.').skip(1) {
                                let pi = self.name_idx(part);
                                self.emit(Instr::LoadAttr(pi));
                            }
                            self.store_name(asname.as_str());
                        }
                        None => {
                            let top = full.split('.').next().unwrap_or(full);
                            self.store_name(top);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let lvl = self.add_const(Const::Int(i64::from(i.level)));
                self.emit(Instr::LoadConst(lvl));
                let names: Vec<Const> = i
                    .names
                    .iter()
                    .map(|a| Self::str_const(a.name.as_str()))
                    .collect();
                self.load_const(Const::Tuple(Arc::from(names)));
                let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                let mi = self.name_idx(module);
                self.emit(Instr::ImportName(mi));
                if i.names.len() == 1 && i.names[0].name.as_str() == "*" {
                    self.emit(Instr::ImportStar);
                } else {
                    for a in &i.names {
                        let ni = self.name_idx(a.name.as_str());
                        self.emit(Instr::ImportFrom(ni));
                        let bound = a.asname.as_ref().unwrap_or(&a.name);
                        self.store_name(bound.as_str());
                    }
                    self.emit(Instr::Pop);
                }
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) => {}
            Stmt::Expr(e) => {
                if self.interactive && self.scope_kind() == ScopeKind::Module {
                    self.expr(&e.value)?;
                    self.emit(Instr::PrintExpr);
                } else if e.value.is_literal_expr() || matches!(&*e.value, Expr::EllipsisLiteral(_))
                {
                    // A constant expression statement has no effect.
                } else {
                    self.expr(&e.value)?;
                    self.emit(Instr::Pop);
                }
            }
            Stmt::Break(b) => {
                if !self.in_loop() {
                    return Err(self.err("'break' outside loop", b.range));
                }
                self.unwind(Unwind::Break)?;
            }
            Stmt::Continue(c) => {
                if !self.in_loop() {
                    return Err(self.err("'continue' not properly in loop", c.range));
                }
                self.unwind(Unwind::Continue)?;
            }
            Stmt::IpyEscapeCommand(c) => return Err(self.err("invalid syntax", c.range)),
        }
        Ok(())
    }

    fn in_loop(&self) -> bool {
        self.ur()
            .fblocks
            .iter()
            .any(|f| matches!(f.kind, FBlockKind::For { .. } | FBlockKind::While { .. }))
    }

    /// Emit the unwinding code for return/break/continue through the active blocks, then
    /// (for break/continue) the jump. For return, the value is on top of the stack.
    fn unwind(&mut self, kind: Unwind) -> CResult<()> {
        let saved_blocks = self.ur().fblocks.clone();
        let saved_handler = self.ur().handler;
        let saved_depth = self.ur().depth;
        let ret = u32::from(kind == Unwind::Return);
        let mut i = saved_blocks.len();
        let mut jump_to = None;
        while i > 0 {
            i -= 1;
            let fb = saved_blocks[i].clone();
            self.u().handler = fb.outer;
            self.u().depth = fb.depth + ret;
            match &fb.kind {
                FBlockKind::For { start, brk } => match kind {
                    Unwind::Return => {
                        self.emit(Instr::Swap(2));
                        self.emit(Instr::Pop);
                    }
                    Unwind::Break => {
                        self.emit(Instr::Pop);
                        jump_to = Some(*brk);
                        break;
                    }
                    Unwind::Continue => {
                        jump_to = Some(*start);
                        break;
                    }
                },
                FBlockKind::While { start, brk } => match kind {
                    Unwind::Return => {}
                    Unwind::Break => {
                        jump_to = Some(*brk);
                        break;
                    }
                    Unwind::Continue => {
                        jump_to = Some(*start);
                        break;
                    }
                },
                FBlockKind::With => {
                    if ret == 1 {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::WithExit);
                }
                FBlockKind::AsyncWith => {
                    if ret == 1 {
                        self.emit(Instr::Swap(2));
                    }
                    self.async_exit_none();
                }
                FBlockKind::TryFinally { body } => {
                    self.u().fblocks.truncate(i);
                    self.body(body)?;
                }
                FBlockKind::ExceptBody { name } => {
                    self.emit(Instr::PopExcept);
                    if let Some(n) = name {
                        self.load_const(Const::None);
                        self.store_name(n);
                        self.name_op(n, ExprContext::Del);
                    }
                }
                FBlockKind::FinallyExc => {
                    if ret == 1 {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::Pop);
                    self.emit(Instr::PopExcept);
                }
            }
        }
        match jump_to {
            Some(t) => {
                self.emit(Instr::Jump(t));
            }
            None if kind == Unwind::Return => {
                self.u().handler = None;
                self.emit(Instr::Return);
            }
            None => {}
        }
        let u = self.u();
        u.fblocks = saved_blocks;
        u.handler = saved_handler;
        u.depth = saved_depth;
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> CResult<()> {
        let end = self.new_label();
        let mut next = self.new_label();
        self.jump_if(&i.test, false, next)?;
        self.body(&i.body)?;
        for clause in &i.elif_else_clauses {
            self.emit(Instr::Jump(end));
            self.bind(next);
            next = self.new_label();
            if let Some(t) = &clause.test {
                let l = self.line_of(clause.range.start());
                self.u().line = l;
                self.jump_if(t, false, next)?;
            }
            self.body(&clause.body)?;
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> CResult<()> {
        let start = self.new_label();
        let orelse = self.new_label();
        let brk = self.new_label();
        self.bind(start);
        let always = matches!(&*w.test, Expr::BooleanLiteral(b) if b.value);
        if !always {
            self.jump_if(&w.test, false, orelse)?;
        }
        self.push_fblock(FBlockKind::While { start, brk });
        self.body(&w.body)?;
        self.pop_fblock();
        self.emit(Instr::Jump(start));
        self.bind(orelse);
        self.body(&w.orelse)?;
        self.bind(brk);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult<()> {
        if f.is_async {
            return Err(self.err("'async for' is not supported yet", f.range));
        }
        self.iterable_operand(&f.iter)?;
        let l = self.line_of(f.range.start());
        self.u().line = l;
        self.emit(Instr::GetIter);
        let start = self.new_label();
        let end = self.new_label();
        let brk = self.new_label();
        self.bind(start);
        self.emit(Instr::ForIter(end));
        self.push_fblock(FBlockKind::For { start, brk });
        self.u().depth += 1;
        self.store_target(&f.target)?;
        self.body(&f.body)?;
        self.u().depth -= 1;
        self.pop_fblock();
        self.u().line = l;
        self.emit(Instr::Jump(start));
        self.bind(end);
        self.body(&f.orelse)?;
        self.bind(brk);
        Ok(())
    }

    /// `await` of the value on the stack.
    pub(crate) fn emit_await(&mut self) {
        self.emit(Instr::GetAwaitable);
        self.load_const(Const::None);
        self.emit(Instr::YieldFrom);
    }

    /// Stack: bound `__aexit__` -> (awaits `__aexit__(None, None, None)`, pops both).
    fn async_exit_none(&mut self) {
        for _ in 0..3 {
            self.load_const(Const::None);
        }
        self.emit(Instr::Call(3));
        self.emit_await();
        self.emit(Instr::Pop);
    }

    /// `async with`/`async for` belong in an `async def` (CPython's message).
    fn check_async_context(&mut self, what: &str, range: ruff_text_size::TextRange) -> CResult<()> {
        if !self.ur().flags.coroutine {
            return Err(self.err(&format!("'{what}' outside async function"), range));
        }
        Ok(())
    }

    fn with_items(
        &mut self,
        items: &'a [ast::WithItem],
        body: &'a [Stmt],
        is_async: bool,
    ) -> CResult<()> {
        let Some((item, rest)) = items.split_first() else {
            return self.body(body);
        };
        self.expr(&item.context_expr)?;
        if is_async {
            self.emit(Instr::BeforeAsyncWith);
            self.emit_await();
        } else {
            self.emit(Instr::BeforeWith);
        }
        let w = self.new_label();
        let cleanup = self.new_label();
        let supp = self.new_label();
        let end = self.new_label();
        let d = self.ur().depth;
        let outer = self.ur().handler;
        self.push_fblock(if is_async {
            FBlockKind::AsyncWith
        } else {
            FBlockKind::With
        });
        self.u().depth = d + 1;
        self.set_handler(Some((w, d + 1)));
        match &item.optional_vars {
            Some(t) => self.store_target(t)?,
            None => {
                self.emit(Instr::Pop);
            }
        }
        let line = self.ur().line;
        self.with_items(rest, body, is_async)?;
        self.u().line = line;
        self.set_handler(outer);
        self.u().depth = d;
        self.pop_fblock();
        if is_async {
            self.async_exit_none();
        } else {
            self.emit(Instr::WithExit);
        }
        self.emit(Instr::Jump(end));
        // Exception path.
        self.bind(w);
        self.set_handler(Some((cleanup, d)));
        self.emit(Instr::PushExcInfo);
        self.emit(Instr::WithExceptStart);
        if is_async {
            self.emit_await();
        }
        self.emit(Instr::PopJumpIfTrue(supp));
        self.emit(Instr::Reraise);
        self.bind(supp);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Pop);
        self.emit(Instr::Pop);
        self.set_handler(outer);
        self.emit(Instr::Jump(end));
        self.bind(cleanup);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> CResult<()> {
        let f = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        let d = self.ur().depth;
        let outer = self.ur().handler;
        self.push_fblock(FBlockKind::TryFinally { body: &t.finalbody });
        self.set_handler(Some((f, d)));
        if t.handlers.is_empty() {
            self.body(&t.body)?;
        } else {
            self.try_except(t)?;
        }
        self.set_handler(outer);
        self.pop_fblock();
        // Normal path.
        self.body(&t.finalbody)?;
        self.emit(Instr::Jump(end));
        // Exception path.
        self.bind(f);
        self.set_handler(Some((cleanup, d)));
        self.emit(Instr::PushExcInfo);
        self.push_fblock(FBlockKind::FinallyExc);
        if let Some(b) = self.u().fblocks.last_mut() {
            b.outer = outer;
        }
        self.u().depth = d + 1;
        self.body(&t.finalbody)?;
        self.u().depth = d;
        self.pop_fblock();
        self.emit(Instr::Reraise);
        self.set_handler(outer);
        self.bind(cleanup);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(end);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> CResult<()> {
        let h = self.new_label();
        let cleanup = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let d = self.ur().depth;
        let outer = self.ur().handler;
        self.set_handler(Some((h, d)));
        self.body(&t.body)?;
        self.set_handler(outer);
        self.emit(Instr::Jump(orelse));
        self.bind(h);
        self.set_handler(Some((cleanup, d)));
        self.emit(Instr::PushExcInfo);
        for handler in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(eh) = handler;
            let l = self.line_of(eh.range.start());
            self.u().line = l;
            let next = self.new_label();
            if let Some(ty) = &eh.type_ {
                self.expr(ty)?;
                self.emit(Instr::CheckExcMatch);
                self.emit(Instr::PopJumpIfFalse(next));
            }
            match &eh.name {
                Some(n) => {
                    let name = n.as_str().to_string();
                    self.store_name(&name);
                    // `except E as e:` ≡ try: body finally: e = None; del e
                    let nameclean = self.new_label();
                    self.set_handler(Some((nameclean, d)));
                    self.u().fblocks.push(FBlock {
                        kind: FBlockKind::ExceptBody {
                            name: Some(name.clone()),
                        },
                        outer,
                        depth: d,
                    });
                    self.body(&eh.body)?;
                    self.pop_fblock();
                    self.set_handler(outer);
                    self.emit(Instr::PopExcept);
                    self.load_const(Const::None);
                    self.store_name(&name);
                    self.name_op(&name, ExprContext::Del);
                    self.emit(Instr::Jump(end));
                    self.bind(nameclean);
                    self.set_handler(Some((cleanup, d)));
                    self.load_const(Const::None);
                    self.store_name(&name);
                    self.name_op(&name, ExprContext::Del);
                    self.emit(Instr::Reraise);
                }
                None => {
                    self.emit(Instr::Pop);
                    self.u().fblocks.push(FBlock {
                        kind: FBlockKind::ExceptBody { name: None },
                        outer,
                        depth: d,
                    });
                    self.body(&eh.body)?;
                    self.pop_fblock();
                    self.set_handler(outer);
                    self.emit(Instr::PopExcept);
                    self.emit(Instr::Jump(end));
                    self.set_handler(Some((cleanup, d)));
                }
            }
            self.bind(next);
        }
        self.emit(Instr::Reraise);
        self.set_handler(outer);
        self.bind(cleanup);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(orelse);
        self.body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult<()> {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(n.id.as_str());
                self.expr(&a.value)?;
                self.emit(Instr::Inplace(op));
                self.store_name(n.id.as_str());
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                let ni = self.attr_idx(at.attr.as_str());
                self.emit(Instr::Copy(1));
                self.emit(Instr::LoadAttr(ni));
                self.expr(&a.value)?;
                self.emit(Instr::Inplace(op));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreAttr(ni));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.emit(Instr::Subscr);
                self.expr(&a.value)?;
                self.emit(Instr::Inplace(op));
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreSubscr);
            }
            other => {
                let what = Self::expr_kind_name(other);
                return Err(self.err(
                    &format!("'{what}' is an illegal expression for augmented assignment"),
                    other.range(),
                ));
            }
        }
        Ok(())
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> CResult<()> {
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.store_target(&a.target)?;
        }
        let kind = self.scope_kind();
        if matches!(kind, ScopeKind::Module | ScopeKind::Class) {
            match &*a.target {
                Expr::Name(n) if a.simple => {
                    self.annotation(&a.annotation)?;
                    let ai = self.name_idx("__annotations__");
                    self.emit(Instr::LoadName(ai));
                    let name = self.mangle(n.id.as_str());
                    self.load_const(Self::str_const(&name));
                    self.emit(Instr::StoreSubscr);
                }
                _ => {
                    if !self.future_annotations {
                        self.expr(&a.annotation)?;
                        self.emit(Instr::Pop);
                    }
                }
            }
        }
        Ok(())
    }

    /// Push an annotation's value: the expression, or under `from __future__ import
    /// annotations` its source text (CPython unparses it; the text as written differs only in
    /// spacing and quotes).
    pub(crate) fn annotation(&mut self, e: &'a Expr) -> CResult<()> {
        if self.future_annotations {
            let text = self.source[e.range()].to_owned();
            self.load_const(Self::str_const(&text));
            Ok(())
        } else {
            self.expr(e)
        }
    }

    pub(crate) fn attr_idx(&mut self, attr: &str) -> u32 {
        let m = self.mangle(attr);
        self.name_idx(&m)
    }

    /// Evaluate decorators, defaults, kw-defaults, annotations and closure, then MakeFunction.
    /// Returns nothing; the function object is left on the stack.
    pub(crate) fn make_function(
        &mut self,
        child: usize,
        code: Arc<rupy_objects::code::Code>,
        params: Option<&'a ast::Parameters>,
        returns: Option<&'a Expr>,
    ) -> CResult<()> {
        let mut flags = 0;
        if let Some(p) = params {
            let defaults: Vec<&Expr> = p
                .posonlyargs
                .iter()
                .chain(&p.args)
                .filter_map(|a| a.default.as_deref())
                .collect();
            if !defaults.is_empty() {
                if let Some(c) = self.const_tuple(&defaults) {
                    self.load_const(c);
                } else {
                    for d in &defaults {
                        self.expr(d)?;
                    }
                    self.emit(Instr::BuildTuple(defaults.len() as u32));
                }
                flags |= 1;
            }
            let kwd: Vec<(&ast::ParameterWithDefault, &Expr)> = p
                .kwonlyargs
                .iter()
                .filter_map(|a| a.default.as_deref().map(|d| (a, d)))
                .collect();
            if !kwd.is_empty() {
                for (a, d) in &kwd {
                    let n = self.mangle(a.parameter.name.as_str());
                    self.load_const(Self::str_const(&n));
                    self.expr(d)?;
                }
                self.emit(Instr::BuildMap(kwd.len() as u32));
                flags |= 2;
            }
        }
        let annotated =
            returns.is_some() || params.is_some_and(|p| p.iter().any(|a| a.annotation().is_some()));
        if let (true, Some(p)) = (annotated, params) {
            // PEP 649: a function `__annotate__(format)` builds the dict when first asked.
            let scope = self.st.scope_of(p);
            let line = self.u().line;
            self.enter_unit(scope, "__annotate__", "__annotate__".to_owned(), line);
            self.u().argcount = 1;
            let mut nann = 0;
            for a in p.iter() {
                if let Some(an) = a.annotation() {
                    let n = self.mangle(a.name().as_str());
                    self.load_const(Self::str_const(&n));
                    self.annotation(an)?;
                    nann += 1;
                }
            }
            if let Some(r) = returns {
                self.load_const(Self::str_const("return"));
                self.annotation(r)?;
                nann += 1;
            }
            self.emit(Instr::BuildMap(nann));
            self.emit(Instr::Return);
            let code = self.leave_unit();
            self.make_function(scope, code, None, None)?;
            flags |= 4;
        }
        if self.closure(child) {
            flags |= 8;
        }
        self.load_const(Const::Code(code));
        self.emit(Instr::MakeFunction(flags));
        Ok(())
    }

    /// Set the argument counts and flags of the current unit from `params`.
    pub(crate) fn set_params(&mut self, p: Option<&ast::Parameters>) {
        let Some(p) = p else { return };
        let u = self.u();
        u.posonlyargcount = p.posonlyargs.len() as u32;
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
        u.kwonlyargcount = p.kwonlyargs.len() as u32;
        u.flags.varargs = p.vararg.is_some();
        u.flags.varkw = p.kwarg.is_some();
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult<()> {
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        let child = self.st.scope_of(f);
        let qualname = self.qualname_for(f.name.as_str(), child);
        let first = f
            .decorator_list
            .first()
            .map(|d| d.range.start())
            .unwrap_or(f.range.start());
        let firstline = self.line_of(first);
        let generic = self.enter_generic(f.type_params.as_deref(), f.name.as_str(), firstline)?;
        let defline = self.u().line;
        self.enter_unit(child, f.name.as_str(), qualname, firstline);
        self.set_params(Some(&f.parameters));
        if f.is_async {
            self.u().flags.coroutine = true;
        }
        let mut body: &[Stmt] = &f.body;
        if let Some(doc) = Self::docstring_of(body) {
            self.u().docstring = Some(Arc::from(doc.as_str()));
            body = &body[1..];
        }
        if let Some(s) = f.body.first() {
            let l = self.line_of(s.start());
            self.u().line = l;
        }
        self.body(body)?;
        self.load_const(Const::None);
        self.emit(Instr::Return);
        let code = self.leave_unit();
        self.u().line = defline;
        self.make_function(child, code, Some(&f.parameters), f.returns.as_deref())?;
        self.leave_generic(generic)?;
        for _ in &f.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(f.name.as_str());
        Ok(())
    }

    /// PEP 695: start the function that holds a definition's type parameters (CPython's
    /// annotation scope): it makes each parameter, then the definition is compiled inside it.
    /// Returns the parameter names (None: no type parameters).
    fn enter_generic(
        &mut self,
        tp: Option<&'a ast::TypeParams>,
        name: &str,
        firstline: u32,
    ) -> CResult<Option<(usize, Vec<String>)>> {
        let Some(tp) = tp else { return Ok(None) };
        let scope = self.st.scope_of(tp);
        let label = format!("<generic parameters of {name}>");
        self.enter_unit(scope, &label, label.clone(), firstline);
        let mut names = Vec::new();
        for p in tp.iter() {
            let (id, kind) = match p {
                ast::TypeParam::TypeVar(v) => {
                    self.load_const(Self::str_const(v.name.as_str()));
                    let kind = match v.bound.as_deref() {
                        None => TypeParamKind::TypeVar,
                        Some(Expr::Tuple(t)) => {
                            for e in &t.elts {
                                self.expr(e)?;
                            }
                            self.emit(Instr::BuildTuple(t.elts.len() as u32));
                            TypeParamKind::TypeVarConstraints
                        }
                        Some(b) => {
                            self.expr(b)?;
                            TypeParamKind::TypeVarBound
                        }
                    };
                    (&v.name, kind)
                }
                ast::TypeParam::ParamSpec(v) => {
                    self.load_const(Self::str_const(v.name.as_str()));
                    (&v.name, TypeParamKind::ParamSpec)
                }
                ast::TypeParam::TypeVarTuple(v) => {
                    self.load_const(Self::str_const(v.name.as_str()));
                    (&v.name, TypeParamKind::TypeVarTuple)
                }
            };
            self.emit(Instr::TypeParam(kind));
            self.store_name(id.as_str());
            names.push(id.to_string());
        }
        Ok(Some((scope, names)))
    }

    /// Push the tuple of the type parameters entered by `enter_generic`.
    fn load_type_params(&mut self, names: &[String]) {
        for n in names {
            self.load_name(n);
        }
        self.emit(Instr::BuildTuple(names.len() as u32));
    }

    /// Finish the function of `enter_generic`: the definition on the stack gets
    /// `__type_params__` and is returned; the caller's code calls the function at once.
    fn leave_generic(&mut self, generic: Option<(usize, Vec<String>)>) -> CResult<()> {
        let Some((scope, names)) = generic else {
            return Ok(());
        };
        self.emit(Instr::Copy(1));
        self.load_type_params(&names);
        self.emit(Instr::Swap(2));
        let i = self.attr_idx("__type_params__");
        self.emit(Instr::StoreAttr(i));
        self.emit(Instr::Return);
        let code = self.leave_unit();
        self.make_function(scope, code, None, None)?;
        self.emit(Instr::Call(0));
        Ok(())
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult<()> {
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let child = self.st.scope_of(c);
        let qualname = self.qualname_for(c.name.as_str(), child);
        let first = c
            .decorator_list
            .first()
            .map(|d| d.range.start())
            .unwrap_or(c.range.start());
        let firstline = self.line_of(first);
        let generic = self.enter_generic(c.type_params.as_deref(), c.name.as_str(), firstline)?;
        let defline = self.u().line;
        self.enter_unit(child, c.name.as_str(), qualname.clone(), firstline);
        let n = self.name_idx("__name__");
        self.emit(Instr::LoadName(n));
        let m = self.name_idx("__module__");
        self.emit(Instr::StoreName(m));
        self.load_const(Self::str_const(&qualname));
        let q = self.name_idx("__qualname__");
        self.emit(Instr::StoreName(q));
        let mut body: &[Stmt] = &c.body;
        if let Some(doc) = Self::docstring_of(body) {
            if let Some(s) = body.first() {
                let l = self.line_of(s.start());
                self.u().line = l;
            }
            self.load_const(Self::str_const(&doc));
            let d = self.name_idx("__doc__");
            self.emit(Instr::StoreName(d));
            self.u().docstring = Some(Arc::from(doc.as_str()));
            body = &body[1..];
        }
        if Self::has_annotations(body) {
            self.emit(Instr::SetupAnnotations);
        }
        self.body(body)?;
        if self.st.scopes[child].needs_class_cell {
            let i = self
                .ur()
                .cellvars
                .iter()
                .position(|x| x == "__class__")
                .unwrap_or(0) as u32;
            self.emit(Instr::LoadClosure(i));
            let cc = self.name_idx("__classcell__");
            self.emit(Instr::StoreName(cc));
        }
        self.emit(Instr::LoadLocals);
        self.emit(Instr::Return);
        let code = self.leave_unit();
        self.u().line = defline;
        self.emit(Instr::LoadBuildClass);
        self.make_function(child, code, None, None)?;
        self.load_const(Self::str_const(c.name.as_str()));
        let (args, kws): (&[Expr], &[ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        match &generic {
            // `Generic[*params]` joins the bases, after the written ones.
            Some((_, names)) => {
                let names = names.clone();
                self.call_args_then(2, args, kws, |this| {
                    this.load_type_params(&names);
                    this.emit(Instr::GenericBase);
                })?;
            }
            None => self.call_args(2, args, kws)?,
        }
        self.leave_generic(generic)?;
        for _ in &c.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(c.name.as_str());
        Ok(())
    }

    /// `type X[T] = value`: a `_typing.TypeAliasType` whose value is computed by a function
    /// on first use (so it may name things defined later).
    fn type_alias(&mut self, t: &'a ast::StmtTypeAlias) -> CResult<()> {
        let Expr::Name(n) = &*t.name else {
            return Err(self.err("invalid type alias target", t.range));
        };
        let name = n.id.as_str();
        let firstline = self.line_of(t.range.start());
        let generic = self.enter_generic(t.type_params.as_deref(), name, firstline)?;
        self.load_const(Self::str_const(name));
        match &generic {
            Some((_, names)) => {
                let names = names.clone();
                self.load_type_params(&names);
            }
            None => {
                self.emit(Instr::BuildTuple(0));
            }
        }
        let child = self.st.scope_of(&*t.value);
        self.enter_unit(child, name, name.to_string(), firstline);
        self.expr(&t.value)?;
        self.emit(Instr::Return);
        let code = self.leave_unit();
        self.make_function(child, code, None, None)?;
        self.emit(Instr::TypeAlias);
        if let Some((scope, _)) = generic {
            self.emit(Instr::Return);
            let code = self.leave_unit();
            self.make_function(scope, code, None, None)?;
            self.emit(Instr::Call(0));
        }
        self.store_name(name);
        Ok(())
    }

    /// Store TOS into an assignment target.
    pub(crate) fn store_target(&mut self, t: &'a Expr) -> CResult<()> {
        match t {
            Expr::Name(n) => self.store_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.attr_idx(a.attr.as_str());
                self.emit(Instr::StoreAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::StoreSubscr);
            }
            Expr::Tuple(_) | Expr::List(_) => {
                let elts = match t {
                    Expr::Tuple(x) => &x.elts,
                    Expr::List(x) => &x.elts,
                    _ => unreachable!(),
                };
                let stars: Vec<usize> = elts
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| matches!(e, Expr::Starred(_)))
                    .map(|(i, _)| i)
                    .collect();
                if stars.len() > 1 {
                    return Err(self.err("multiple starred expressions in assignment", t.range()));
                }
                if let Some(&si) = stars.first() {
                    let after = elts.len() - si - 1;
                    let before = u16::try_from(si).map_err(|_| {
                        self.err(
                            "too many expressions in star-unpacking assignment",
                            t.range(),
                        )
                    })?;
                    self.emit(Instr::UnpackEx(before, after as u32));
                } else {
                    self.emit(Instr::UnpackSequence(elts.len() as u32));
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store_target(&s.value)?,
                        other => self.store_target(other)?,
                    }
                }
            }
            Expr::Starred(s) => {
                return Err(self.err(
                    "starred assignment target must be in a list or tuple",
                    s.range,
                ));
            }
            other => {
                let what = Self::expr_kind_name(other);
                return Err(self.err(&format!("cannot assign to {what}"), other.range()));
            }
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &'a Expr) -> CResult<()> {
        match t {
            Expr::Name(n) => self.name_op(n.id.as_str(), ExprContext::Del),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.attr_idx(a.attr.as_str());
                self.emit(Instr::DeleteAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::DeleteSubscr);
            }
            Expr::Tuple(x) => {
                for e in &x.elts {
                    self.delete_target(e)?;
                }
            }
            Expr::List(x) => {
                for e in &x.elts {
                    self.delete_target(e)?;
                }
            }
            other => {
                let what = Self::expr_kind_name(other);
                return Err(self.err(&format!("cannot delete {what}"), other.range()));
            }
        }
        Ok(())
    }

    /// CPython's name for an expression kind in "cannot assign to ..." messages.
    pub(crate) fn expr_kind_name(e: &Expr) -> &'static str {
        match e {
            Expr::Call(_) => "function call",
            Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
            Expr::Compare(_) => "comparison",
            Expr::Lambda(_) => "lambda",
            Expr::If(_) => "conditional expression",
            Expr::Named(_) => "named expression",
            Expr::Dict(_) => "dict literal",
            Expr::Set(_) => "set display",
            Expr::ListComp(_) => "list comprehension",
            Expr::SetComp(_) => "set comprehension",
            Expr::DictComp(_) => "dict comprehension",
            Expr::Generator(_) => "generator expression",
            Expr::Await(_) => "await expression",
            Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
            Expr::FString(_) => "f-string expression",
            Expr::TString(_) => "t-string expression",
            Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => "literal",
            Expr::BooleanLiteral(b) => {
                if b.value {
                    "True"
                } else {
                    "False"
                }
            }
            Expr::NoneLiteral(_) => "None",
            Expr::EllipsisLiteral(_) => "ellipsis",
            Expr::Tuple(_) => "tuple",
            Expr::List(_) => "list",
            Expr::Starred(_) => "starred",
            Expr::Slice(_) => "slice",
            Expr::Name(_) => "name",
            Expr::Attribute(_) => "attribute",
            Expr::Subscript(_) => "subscript",
            Expr::IpyEscapeCommand(_) => "expression",
        }
    }
}
