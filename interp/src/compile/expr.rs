//! Expression compilation: constants (with folding of negative numbers and constant
//! tuples), operators, boolean short-circuits and condition jumps, chained comparisons,
//! calls (plain, method, keyword, star), displays, comprehensions (as nested functions with
//! the `.0` parameter), lambdas, f-strings, yield.

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive};
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;
use rupy_objects::code::{CmpOp, Const, Conversion, Instr, UnOp};

use super::stmt::binop;
use super::{CResult, Compiler, Label};

#[derive(Clone, Copy, PartialEq, Eq)]
enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

/// Parse an integer literal's source text (any radix, underscores allowed).
pub(crate) fn parse_int_text(text: &str) -> Option<Const> {
    let t: String = text
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = t.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = t.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = t.strip_prefix("0b") {
        (d, 2)
    } else {
        (t.as_str(), 10)
    };
    let b = BigInt::from_str_radix(digits, radix).ok()?;
    Some(match b.to_i64() {
        Some(i) => Const::Int(i),
        None => Const::BigInt(Arc::new(b)),
    })
}

fn int_const(i: &ast::Int) -> Const {
    if let Some(v) = i.as_i64() {
        return Const::Int(v);
    }
    parse_int_text(&i.to_string()).unwrap_or(Const::Int(0))
}

fn negate(c: Const) -> Option<Const> {
    Some(match c {
        Const::Int(i) => match i.checked_neg() {
            Some(n) => Const::Int(n),
            None => Const::BigInt(Arc::new(-BigInt::from(i))),
        },
        Const::BigInt(b) => {
            let n = -(*b).clone();
            match n.to_i64() {
                Some(i) => Const::Int(i),
                None => Const::BigInt(Arc::new(n)),
            }
        }
        Const::Float(f) => Const::Float(-f),
        Const::Complex(r, i) => Const::Complex(-r, -i),
        _ => return None,
    })
}

fn cmp_instr(op: ast::CmpOp) -> Instr {
    use ast::CmpOp as C;
    match op {
        C::Eq => Instr::Compare(CmpOp::Eq),
        C::NotEq => Instr::Compare(CmpOp::Ne),
        C::Lt => Instr::Compare(CmpOp::Lt),
        C::LtE => Instr::Compare(CmpOp::Le),
        C::Gt => Instr::Compare(CmpOp::Gt),
        C::GtE => Instr::Compare(CmpOp::Ge),
        C::Is => Instr::Is(false),
        C::IsNot => Instr::Is(true),
        C::In => Instr::In(false),
        C::NotIn => Instr::In(true),
    }
}

/// One piece of an f-string being assembled.
enum Piece<'a> {
    Lit(String),
    Field(&'a ast::InterpolatedElement),
}

impl<'a> Compiler<'a> {
    /// The constant value of a literal expression (folding `-<number>` and constant tuples).
    pub(crate) fn const_of(e: &Expr) -> Option<Const> {
        Some(match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => int_const(i),
                ast::Number::Float(f) => Const::Float(*f),
                ast::Number::Complex { real, imag } => Const::Complex(*real, *imag),
            },
            Expr::StringLiteral(s) => Self::str_const(s.value.to_str()),
            Expr::BytesLiteral(b) => Const::Bytes(b.value.bytes().collect::<Vec<u8>>().into()),
            Expr::BooleanLiteral(b) => Const::Bool(b.value),
            Expr::NoneLiteral(_) => Const::None,
            Expr::EllipsisLiteral(_) => Const::Ellipsis,
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => {
                if let Expr::NumberLiteral(_) = &*u.operand {
                    negate(Self::const_of(&u.operand)?)?
                } else {
                    return None;
                }
            }
            Expr::Tuple(t) => {
                let items: Option<Vec<Const>> = t.elts.iter().map(Self::const_of).collect();
                Const::Tuple(Arc::from(items?))
            }
            _ => return None,
        })
    }

    pub(crate) fn const_tuple(&self, items: &[&Expr]) -> Option<Const> {
        let items: Option<Vec<Const>> = items.iter().map(|e| Self::const_of(e)).collect();
        Some(Const::Tuple(Arc::from(items?)))
    }

    pub(crate) fn expr(&mut self, e: &'a Expr) -> CResult<()> {
        let saved = self.set_line(e.start());
        let r = self.expr_inner(e);
        self.restore_line(saved);
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult<()> {
        if let Some(c) = Self::const_of(e) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::BoolOp(b) => {
                let end = self.new_label();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        match b.op {
                            ast::BoolOp::And => self.emit(Instr::JumpIfFalseOrPop(end)),
                            ast::BoolOp::Or => self.emit(Instr::JumpIfTrueOrPop(end)),
                        };
                    }
                }
                self.bind(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Instr::Copy(1));
                self.store_target(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Instr::Binary(binop(b.op)));
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::Invert => UnOp::Invert,
                    ast::UnaryOp::Not => UnOp::Not,
                    ast::UnaryOp::UAdd => UnOp::Pos,
                    ast::UnaryOp::USub => UnOp::Neg,
                };
                self.emit(Instr::Unary(op));
            }
            Expr::Lambda(l) => {
                let child = self.st.scope_of(l);
                let qualname = self.qualname_for("<lambda>", child);
                let line = self.line_of(l.range.start());
                self.enter_unit(child, "<lambda>", qualname, line);
                self.set_params(l.parameters.as_deref());
                self.expr(&l.body)?;
                self.emit(Instr::Return);
                let code = self.leave_unit();
                self.make_function(child, code, l.parameters.as_deref(), None)?;
            }
            Expr::If(i) => {
                let orelse = self.new_label();
                let end = self.new_label();
                self.jump_if(&i.test, false, orelse)?;
                self.expr(&i.body)?;
                self.emit(Instr::Jump(end));
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Dict(d) => self.dict_display(d)?,
            Expr::Set(s) => self.sequence_display(&s.elts, 2)?,
            Expr::List(l) => self.sequence_display(&l.elts, 0)?,
            Expr::Tuple(t) => self.sequence_display(&t.elts, 1)?,
            Expr::ListComp(c) => {
                self.comprehension(c, "<listcomp>", &c.generators, CompKind::List, &c.elt, None)?
            }
            Expr::SetComp(c) => {
                self.comprehension(c, "<setcomp>", &c.generators, CompKind::Set, &c.elt, None)?
            }
            Expr::DictComp(c) => {
                let Some(k) = &c.key else {
                    return Err(self.err(
                        "dict unpacking cannot be used in dict comprehension",
                        c.range,
                    ));
                };
                self.comprehension(
                    c,
                    "<dictcomp>",
                    &c.generators,
                    CompKind::Dict,
                    k,
                    Some(&c.value),
                )?
            }
            Expr::Generator(c) => {
                self.comprehension(c, "<genexpr>", &c.generators, CompKind::Gen, &c.elt, None)?
            }
            Expr::Await(a) => {
                self.expr(&a.value)?;
                self.emit_await();
            }
            Expr::Yield(y) => {
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.emit(Instr::Yield);
            }
            Expr::YieldFrom(y) => {
                self.expr(&y.value)?;
                self.emit(Instr::GetYieldFromIter);
                self.load_const(Const::None);
                self.emit(Instr::YieldFrom);
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
            Expr::FString(f) => self.fstring(f)?,
            Expr::TString(t) => self.tstring(t)?,
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.attr_idx(a.attr.as_str());
                self.emit(Instr::LoadAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::Subscr);
            }
            Expr::Starred(s) => return Err(self.err("can't use starred expression here", s.range)),
            Expr::Name(n) => self.load_name(n.id.as_str()),
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => self.load_const(Const::None),
                    }
                }
                match &s.step {
                    Some(x) => {
                        self.expr(x)?;
                        self.emit(Instr::BuildSlice(3));
                    }
                    None => {
                        self.emit(Instr::BuildSlice(2));
                    }
                }
            }
            Expr::IpyEscapeCommand(c) => return Err(self.err("invalid syntax", c.range)),
            // Literals are handled by const_of above.
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {}
        }
        Ok(())
    }

    /// Jump to `target` if the truth of `e` equals `cond`; fall through otherwise.
    pub(crate) fn jump_if(&mut self, e: &'a Expr, cond: bool, target: Label) -> CResult<()> {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                self.jump_if(&u.operand, !cond, target)
            }
            Expr::BoolOp(b) => {
                let is_and = b.op == ast::BoolOp::And;
                let n = b.values.len();
                if cond != is_and {
                    for v in &b.values {
                        self.jump_if(v, cond, target)?;
                    }
                } else {
                    let skip = self.new_label();
                    for (i, v) in b.values.iter().enumerate() {
                        if i + 1 < n {
                            self.jump_if(v, !cond, skip)?;
                        } else {
                            self.jump_if(v, cond, target)?;
                        }
                    }
                    self.bind(skip);
                }
                Ok(())
            }
            _ => {
                self.expr(e)?;
                let saved = self.set_line(e.start());
                if cond {
                    self.emit(Instr::PopJumpIfTrue(target));
                } else {
                    self.emit(Instr::PopJumpIfFalse(target));
                }
                self.restore_line(saved);
                Ok(())
            }
        }
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> CResult<()> {
        self.expr(&c.left)?;
        let n = c.ops.len();
        if n == 1 {
            if matches!(c.ops[0], ast::CmpOp::In | ast::CmpOp::NotIn) {
                self.iterable_operand(&c.comparators[0])?;
            } else {
                self.expr(&c.comparators[0])?;
            }
            self.emit(cmp_instr(c.ops[0]));
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for i in 0..n - 1 {
            self.expr(&c.comparators[i])?;
            self.emit(Instr::Swap(2));
            self.emit(Instr::Copy(2));
            self.emit(cmp_instr(c.ops[i]));
            self.emit(Instr::JumpIfFalseOrPop(cleanup));
        }
        self.expr(&c.comparators[n - 1])?;
        self.emit(cmp_instr(c.ops[n - 1]));
        self.emit(Instr::Jump(end));
        self.bind(cleanup);
        self.emit(Instr::Swap(2));
        self.emit(Instr::Pop);
        self.bind(end);
        Ok(())
    }

    /// Compile an operand only iterated or searched (`in`, `for`): a list display of
    /// constants becomes a constant tuple, as in CPython.
    pub(crate) fn iterable_operand(&mut self, e: &'a Expr) -> CResult<()> {
        if let Expr::List(l) = e
            && !l.elts.is_empty()
        {
            let items: Vec<&Expr> = l.elts.iter().collect();
            if let Some(c) = self.const_tuple(&items) {
                let saved = self.set_line(e.start());
                self.load_const(c);
                self.restore_line(saved);
                return Ok(());
            }
        }
        self.expr(e)
    }

    /// kind: 0 list, 1 tuple, 2 set.
    fn sequence_display(&mut self, elts: &'a [Expr], kind: u8) -> CResult<()> {
        let first_star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
        let Some(fs) = first_star else {
            // CPython compiles a set display of more than two constants via a frozenset
            // constant.
            if kind == 2 && elts.len() > 2 {
                let items: Vec<&Expr> = elts.iter().collect();
                if let Some(c) = self.const_tuple(&items) {
                    self.load_const(c);
                    self.emit(Instr::BuildConstSet);
                    return Ok(());
                }
            }
            for e in elts {
                self.expr(e)?;
            }
            let n = elts.len() as u32;
            self.emit(match kind {
                0 => Instr::BuildList(n),
                1 => Instr::BuildTuple(n),
                _ => Instr::BuildSet(n),
            });
            return Ok(());
        };
        for e in &elts[..fs] {
            self.expr(e)?;
        }
        let set = kind == 2;
        self.emit(if set {
            Instr::BuildSet(fs as u32)
        } else {
            Instr::BuildList(fs as u32)
        });
        for e in &elts[fs..] {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(if set {
                        Instr::SetUpdate(1)
                    } else {
                        Instr::ListExtend(1)
                    });
                }
                other => {
                    self.expr(other)?;
                    self.emit(if set {
                        Instr::SetAdd(1)
                    } else {
                        Instr::ListAppend(1)
                    });
                }
            }
        }
        if kind == 1 {
            self.emit(Instr::ListToTuple);
        }
        Ok(())
    }

    fn dict_display(&mut self, d: &'a ast::ExprDict) -> CResult<()> {
        let mut pending = 0u32;
        let mut started = false;
        for it in &d.items {
            match &it.key {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(&it.value)?;
                    pending += 1;
                }
                None => {
                    if !started {
                        self.emit(Instr::BuildMap(pending));
                        started = true;
                    } else if pending > 0 {
                        self.emit(Instr::BuildMap(pending));
                        self.emit(Instr::DictUpdate(1));
                    }
                    pending = 0;
                    self.expr(&it.value)?;
                    self.emit(Instr::DictUpdate(1));
                }
            }
        }
        if !started {
            self.emit(Instr::BuildMap(pending));
        } else if pending > 0 {
            self.emit(Instr::BuildMap(pending));
            self.emit(Instr::DictUpdate(1));
        }
        Ok(())
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> CResult<()> {
        let args = &c.arguments.args;
        let kws = &c.arguments.keywords;
        if let Expr::Attribute(a) = &*c.func
            && kws.is_empty()
            && !args.iter().any(|x| matches!(x, Expr::Starred(_)))
        {
            self.expr(&a.value)?;
            let i = self.attr_idx(a.attr.as_str());
            let saved = self.set_line(a.attr.range.start());
            self.emit(Instr::LoadMethod(i));
            self.restore_line(saved);
            for x in args.iter() {
                self.expr(x)?;
            }
            // Like CPython, a method call is located at the attribute's line.
            let saved = self.set_line(a.attr.range.start());
            self.emit(Instr::CallMethod(args.len() as u32));
            self.restore_line(saved);
            return Ok(());
        }
        self.expr(&c.func)?;
        self.call_args(0, args, kws)
    }

    /// Emit a call whose callable and `extra` positional arguments are already pushed.
    pub(crate) fn call_args(
        &mut self,
        extra: u32,
        args: &'a [Expr],
        kws: &'a [ast::Keyword],
    ) -> CResult<()> {
        self.call_args_tail(extra, args, kws, None)
    }

    /// `call_args` with one more positional argument, pushed by `tail` after the written ones
    /// (the implicit `Generic[...]` base of `class C[T]`).
    pub(crate) fn call_args_then(
        &mut self,
        extra: u32,
        args: &'a [Expr],
        kws: &'a [ast::Keyword],
        mut tail: impl FnMut(&mut Self),
    ) -> CResult<()> {
        self.call_args_tail(extra, args, kws, Some(&mut tail))
    }

    fn call_args_tail(
        &mut self,
        extra: u32,
        args: &'a [Expr],
        kws: &'a [ast::Keyword],
        mut tail: Option<&mut dyn FnMut(&mut Self)>,
    ) -> CResult<()> {
        let starred = args.iter().any(|x| matches!(x, Expr::Starred(_)));
        let dstar = kws.iter().any(|k| k.arg.is_none());
        // Duplicate keyword arguments.
        for (i, k) in kws.iter().enumerate() {
            if let Some(a) = &k.arg
                && kws[..i]
                    .iter()
                    .any(|p| p.arg.as_ref().is_some_and(|q| q.as_str() == a.as_str()))
            {
                return Err(self.err(
                    &format!("keyword argument repeated: {}", a.as_str()),
                    k.range,
                ));
            }
        }
        if starred || dstar {
            let fs = args
                .iter()
                .position(|x| matches!(x, Expr::Starred(_)))
                .unwrap_or(args.len());
            for x in &args[..fs] {
                self.expr(x)?;
            }
            self.emit(Instr::BuildList(extra + fs as u32));
            for x in &args[fs..] {
                match x {
                    Expr::Starred(s) => {
                        self.expr(&s.value)?;
                        self.emit(Instr::ListExtend(1));
                    }
                    other => {
                        self.expr(other)?;
                        self.emit(Instr::ListAppend(1));
                    }
                }
            }
            if let Some(t) = tail.as_mut() {
                t(self);
                self.emit(Instr::ListAppend(1));
            }
            self.emit(Instr::ListToTuple);
            if kws.is_empty() {
                self.emit(Instr::CallEx(false));
                return Ok(());
            }
            self.emit(Instr::BuildMap(0));
            let mut pending = 0;
            for k in kws {
                match &k.arg {
                    Some(name) => {
                        self.load_const(Self::str_const(name.as_str()));
                        self.expr(&k.value)?;
                        pending += 1;
                    }
                    None => {
                        if pending > 0 {
                            self.emit(Instr::BuildMap(pending));
                            self.emit(Instr::DictMerge(1));
                            pending = 0;
                        }
                        self.expr(&k.value)?;
                        self.emit(Instr::DictMerge(1));
                    }
                }
            }
            if pending > 0 {
                self.emit(Instr::BuildMap(pending));
                self.emit(Instr::DictMerge(1));
            }
            self.emit(Instr::CallEx(true));
            return Ok(());
        }
        for x in args.iter() {
            self.expr(x)?;
        }
        let mut n = extra + args.len() as u32;
        if let Some(t) = tail.as_mut() {
            t(self);
            n += 1;
        }
        if kws.is_empty() {
            self.emit(Instr::Call(n));
        } else {
            let mut names = Vec::new();
            for k in kws {
                self.expr(&k.value)?;
                names.push(Self::str_const(
                    k.arg.as_ref().map(|a| a.as_str()).unwrap_or(""),
                ));
            }
            let ci = self.add_const(Const::Tuple(Arc::from(names)));
            let total = u16::try_from(n + kws.len() as u32)
                .map_err(|_| self.err("too many arguments in call", kws[0].range()))?;
            self.emit(Instr::CallKw(total, ci));
        }
        Ok(())
    }

    fn comprehension<T>(
        &mut self,
        node: &T,
        name: &str,
        gens: &'a [ast::Comprehension],
        kind: CompKind,
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult<()> {
        if let Some(g) = gens.iter().find(|g| g.is_async) {
            return Err(self.err("asynchronous comprehensions are not supported yet", g.range));
        }
        let child = self.st.scope_of(node);
        let qualname = self.qualname_for(name, child);
        let line = self.ur().line;
        self.enter_unit(child, name, qualname, line);
        self.u().argcount = 1;
        match kind {
            CompKind::List => self.emit(Instr::BuildList(0)),
            CompKind::Set => self.emit(Instr::BuildSet(0)),
            CompKind::Dict => self.emit(Instr::BuildMap(0)),
            CompKind::Gen => 0,
        };
        self.comp_gen(gens, 0, kind, elt, val)?;
        if kind == CompKind::Gen {
            self.load_const(Const::None);
        }
        self.emit(Instr::Return);
        let code = self.leave_unit();
        self.make_function(child, code, None, None)?;
        self.expr(&gens[0].iter)?;
        self.emit(Instr::GetIter);
        self.emit(Instr::Call(1));
        Ok(())
    }

    fn comp_gen(
        &mut self,
        gens: &'a [ast::Comprehension],
        i: usize,
        kind: CompKind,
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult<()> {
        let g = &gens[i];
        if i == 0 {
            self.emit(Instr::LoadFast(0));
        } else {
            self.expr(&g.iter)?;
            self.emit(Instr::GetIter);
        }
        let start = self.new_label();
        let end = self.new_label();
        self.bind(start);
        self.emit(Instr::ForIter(end));
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, false, start)?;
        }
        if i + 1 < gens.len() {
            self.comp_gen(gens, i + 1, kind, elt, val)?;
        } else {
            let k = gens.len() as u32 + 1;
            match kind {
                CompKind::List => {
                    self.expr(elt)?;
                    self.emit(Instr::ListAppend(k));
                }
                CompKind::Set => {
                    self.expr(elt)?;
                    self.emit(Instr::SetAdd(k));
                }
                CompKind::Dict => {
                    self.expr(elt)?;
                    if let Some(v) = val {
                        self.expr(v)?;
                    }
                    self.emit(Instr::MapAdd(k));
                }
                CompKind::Gen => {
                    self.expr(elt)?;
                    self.emit(Instr::Yield);
                    self.emit(Instr::Pop);
                }
            }
        }
        self.emit(Instr::Jump(start));
        self.bind(end);
        Ok(())
    }

    fn fstring(&mut self, f: &'a ast::ExprFString) -> CResult<()> {
        let mut pieces: Vec<Piece<'a>> = Vec::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => Self::push_lit(&mut pieces, &s.value),
                ast::FStringPart::FString(fs) => self.collect_pieces(&fs.elements, &mut pieces),
            }
        }
        self.emit_pieces(pieces)
    }

    /// A t-string: its literal parts and `Interpolation`s, in order, make a `Template`.
    fn tstring(&mut self, t: &'a ast::ExprTString) -> CResult<()> {
        let mut n = 0u32;
        for el in t.value.elements() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    self.load_const(Self::str_const(&l.value));
                    n += 1;
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(d) = &i.debug_text {
                        let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                        self.load_const(Self::str_const(&text));
                        n += 1;
                    }
                    self.expr(&i.expression)?;
                    let src = &self.source[i.expression.range()];
                    self.load_const(Self::str_const(src));
                    let mut conv = match i.conversion {
                        ast::ConversionFlag::None => Conversion::None,
                        ast::ConversionFlag::Str => Conversion::Str,
                        ast::ConversionFlag::Repr => Conversion::Repr,
                        ast::ConversionFlag::Ascii => Conversion::Ascii,
                    };
                    if i.debug_text.is_some() && conv == Conversion::None && i.format_spec.is_none()
                    {
                        conv = Conversion::Repr;
                    }
                    match &i.format_spec {
                        Some(spec) => {
                            let mut sp = Vec::new();
                            self.collect_pieces(&spec.elements, &mut sp);
                            self.emit_pieces(sp)?;
                        }
                        None => self.load_const(Self::str_const("")),
                    }
                    self.emit(Instr::BuildInterpolation(conv));
                    n += 1;
                }
            }
        }
        self.emit(Instr::BuildTemplate(n));
        Ok(())
    }

    fn push_lit(pieces: &mut Vec<Piece<'a>>, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Lit(prev)) = pieces.last_mut() {
            prev.push_str(s);
        } else {
            pieces.push(Piece::Lit(s.to_string()));
        }
    }

    fn collect_pieces(
        &self,
        elements: &'a ast::InterpolatedStringElements,
        pieces: &mut Vec<Piece<'a>>,
    ) {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => Self::push_lit(pieces, &l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(d) = &i.debug_text {
                        let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                        Self::push_lit(pieces, &text);
                    }
                    pieces.push(Piece::Field(i));
                }
            }
        }
    }

    fn emit_pieces(&mut self, pieces: Vec<Piece<'a>>) -> CResult<()> {
        let n = pieces.len();
        if n == 0 {
            self.load_const(Self::str_const(""));
            return Ok(());
        }
        for p in pieces {
            match p {
                Piece::Lit(s) => self.load_const(Self::str_const(&s)),
                Piece::Field(i) => {
                    self.expr(&i.expression)?;
                    let mut conv = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if i.debug_text.is_some() && conv == 0 && i.format_spec.is_none() {
                        conv = 2;
                    }
                    if let Some(spec) = &i.format_spec {
                        let mut sp = Vec::new();
                        self.collect_pieces(&spec.elements, &mut sp);
                        self.emit_pieces(sp)?;
                        conv |= 4;
                    }
                    self.emit(Instr::FormatValue(conv));
                }
            }
        }
        if n > 1 {
            self.emit(Instr::BuildString(n as u32));
        }
        Ok(())
    }
}
