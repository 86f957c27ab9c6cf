//! Match statements (PEP 634).
//!
//! Layout of `match s: case P if G: body ...`:
//! ```text
//!     <s>                               [subject]
//!   for each case:
//!     Copy(1)                           [subject, subject]
//!     <P>                               consumes the copy; binds names as it goes
//!     [<G>; PopJumpIfFalse NEXT]
//!     Pop                               (the subject) then the body; Jump END
//!     <fail chain>                      Pop × k for each failure depth, ending at NEXT
//!   NEXT: ...
//!     Pop                               no case matched
//!   END:
//! ```
//! Every pattern is compiled with the value to match on top of the stack and consumes it when
//! it succeeds. A failing test jumps to a label of the current *fail chain* that pops exactly
//! the items that path has pushed (counted in `PatCtx::count`) and then continues at the
//! failure target (the next case, or the next alternative of an or-pattern).
//!
//! Names are stored as soon as their sub-pattern matches (a failed case may leave some of its
//! names bound, which PEP 634 allows).
//!
//! Stack effects of the match instructions, as used here (the VM implements these):
//! - `MatchSequence` / `MatchMapping`: `[subject] → [subject, bool]` (is it a sequence /
//!   mapping in the sense of PEP 634: str/bytes/bytearray are not sequences).
//! - `GetLen`: `[subject] → [subject, len(subject)]`.
//! - `MatchKeys`: `[subject, keys-tuple] → [subject, keys-tuple, values-tuple or None]`
//!   (None if any key is missing; values looked up with `subject.get(key, sentinel)`).
//! - `CopyDictWithout`: `[subject, keys-tuple] → [subject, rest-dict]` (a new dict copied
//!   from the subject without those keys, for `**rest`).
//! - `MatchClass(npos)`: `[subject, cls, kwnames-tuple] → [attrs-tuple or None]`; the subject
//!   is consumed. The tuple holds the `npos` positional sub-values (via `cls.__match_args__`,
//!   or the subject itself for a single positional on the self-matching builtins bool,
//!   bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple) followed by the
//!   keyword attributes in order; None if not an instance or an attribute is missing.
//!   TypeErrors (`cls` not a type, too many positionals, duplicate attribute) are raised.
//! - Literal values compare with `Compare(Eq)`; None/True/False with `Is(false)`.

use std::collections::HashSet;
use std::sync::Arc;

use ruff_python_ast::{self as ast, Pattern};
use ruff_text_size::{Ranged, TextRange};
use rupy_objects::code::{CmpOp, Const, Instr};

use super::{CResult, Compiler, Label};

/// Failure bookkeeping of one pattern context (a case, or one or-alternative).
struct PatCtx {
    /// Items pushed by this context that a failure must pop.
    count: u32,
    /// `fails[k]`: label that pops `k` items and goes to the failure target.
    fails: Vec<Option<Label>>,
    /// Names bound so far (for the duplicate and or-pattern checks).
    names: Vec<String>,
}

impl PatCtx {
    fn new(count: u32) -> Self {
        PatCtx {
            count,
            fails: Vec::new(),
            names: Vec::new(),
        }
    }
}

impl<'a> Compiler<'a> {
    pub(crate) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> CResult<()> {
        self.expr(&m.subject)?;
        let end = self.new_label();
        let n = m.cases.len();
        for (i, case) in m.cases.iter().enumerate() {
            let l = self.line_of(case.range.start());
            self.u().line = l;
            if i + 1 < n && case.guard.is_none() {
                self.check_irrefutable(&case.pattern, case.pattern.range())?;
            }
            let next = self.new_label();
            self.emit(Instr::Copy(1));
            let mut ctx = PatCtx::new(1);
            self.pattern(&case.pattern, &mut ctx)?;
            if let Some(g) = &case.guard {
                let f = self.fail_label(&mut ctx, 0);
                self.jump_if(g, false, f)?;
            }
            self.emit(Instr::Pop);
            self.body(&case.body)?;
            self.u().line = l;
            self.emit(Instr::Jump(end));
            self.emit_fail_chain(&ctx, next);
            self.bind(next);
        }
        self.emit(Instr::Pop);
        self.bind(end);
        Ok(())
    }

    /// CPython: an irrefutable pattern before the last case is an error.
    fn check_irrefutable(&self, p: &Pattern, range: TextRange) -> CResult<()> {
        if let Some(ir) = p.irrefutable_pattern() {
            let msg = match ir.kind {
                ast::IrrefutablePatternKind::Name(name) => {
                    format!(
                        "name capture '{}' makes remaining patterns unreachable",
                        name.as_str()
                    )
                }
                ast::IrrefutablePatternKind::Wildcard => {
                    "wildcard makes remaining patterns unreachable".to_string()
                }
            };
            let _ = range;
            return Err(self.err(&msg, ir.range));
        }
        Ok(())
    }

    fn fail_label(&mut self, ctx: &mut PatCtx, pops: u32) -> Label {
        let k = pops as usize;
        if ctx.fails.len() <= k {
            ctx.fails.resize(k + 1, None);
        }
        match ctx.fails[k] {
            Some(l) => l,
            None => {
                let l = self.new_label();
                ctx.fails[k] = Some(l);
                l
            }
        }
    }

    /// Jump to the failure path if TOS is falsy (pops it).
    fn jump_fail_if_false(&mut self, ctx: &mut PatCtx) {
        let l = self.fail_label(ctx, ctx.count);
        self.emit(Instr::PopJumpIfFalse(l));
    }

    /// Emit the pop chain of `ctx`, ending at `target` (which must be bound right after).
    fn emit_fail_chain(&mut self, ctx: &PatCtx, _target: Label) {
        for k in (0..ctx.fails.len()).rev() {
            if let Some(l) = ctx.fails[k] {
                self.bind(l);
            }
            if k > 0 {
                self.emit(Instr::Pop);
            }
        }
    }

    fn bind_capture(&mut self, id: &ast::Identifier, ctx: &mut PatCtx) -> CResult<()> {
        let name = id.as_str().to_string();
        if ctx.names.contains(&name) {
            return Err(self.err(
                &format!("multiple assignments to name '{name}' in pattern"),
                id.range,
            ));
        }
        ctx.names.push(name.clone());
        self.store_name(&name);
        ctx.count -= 1;
        Ok(())
    }

    fn pop_value(&mut self, ctx: &mut PatCtx) {
        self.emit(Instr::Pop);
        ctx.count -= 1;
    }

    /// Compile pattern `p` against TOS (which it consumes on success).
    fn pattern(&mut self, p: &'a Pattern, ctx: &mut PatCtx) -> CResult<()> {
        match p {
            Pattern::MatchAs(a) => match (&a.pattern, &a.name) {
                (None, None) => self.pop_value(ctx),
                (None, Some(n)) => self.bind_capture(n, ctx)?,
                (Some(sub), name) => {
                    if let Some(n) = name {
                        self.emit(Instr::Copy(1));
                        ctx.count += 1;
                        self.pattern(sub, ctx)?;
                        self.bind_capture(n, ctx)?;
                    } else {
                        self.pattern(sub, ctx)?;
                    }
                }
            },
            Pattern::MatchValue(v) => {
                self.expr(&v.value)?;
                self.emit(Instr::Compare(CmpOp::Eq));
                ctx.count -= 1;
                self.jump_fail_if_false(ctx);
            }
            Pattern::MatchSingleton(s) => {
                let c = match s.value {
                    ast::Singleton::None => Const::None,
                    ast::Singleton::True => Const::Bool(true),
                    ast::Singleton::False => Const::Bool(false),
                };
                self.load_const(c);
                self.emit(Instr::Is(false));
                ctx.count -= 1;
                self.jump_fail_if_false(ctx);
            }
            Pattern::MatchStar(s) => {
                // Only reached inside a sequence pattern (the star list is on top).
                match &s.name {
                    Some(n) => self.bind_capture(n, ctx)?,
                    None => self.pop_value(ctx),
                }
            }
            Pattern::MatchSequence(s) => self.sequence_pattern(s, ctx)?,
            Pattern::MatchMapping(m) => self.mapping_pattern(m, ctx)?,
            Pattern::MatchClass(c) => self.class_pattern(c, ctx)?,
            Pattern::MatchOr(o) => self.or_pattern(o, ctx)?,
        }
        Ok(())
    }

    fn sequence_pattern(
        &mut self,
        s: &'a ast::PatternMatchSequence,
        ctx: &mut PatCtx,
    ) -> CResult<()> {
        let pats = &s.patterns;
        let stars: Vec<usize> = pats
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, Pattern::MatchStar(_)))
            .map(|(i, _)| i)
            .collect();
        if stars.len() > 1 {
            return Err(self.err("multiple starred names in sequence pattern", s.range));
        }
        self.emit(Instr::MatchSequence);
        self.jump_fail_if_false(ctx);
        self.emit(Instr::GetLen);
        let n = pats.len();
        match stars.first() {
            Some(_) => {
                self.load_const(Const::Int((n - 1) as i64));
                self.emit(Instr::Compare(CmpOp::Ge));
            }
            None => {
                self.load_const(Const::Int(n as i64));
                self.emit(Instr::Compare(CmpOp::Eq));
            }
        }
        self.jump_fail_if_false(ctx);
        if n == 0 {
            self.pop_value(ctx);
            return Ok(());
        }
        match stars.first() {
            Some(&si) => {
                let before = u16::try_from(si).map_err(|_| {
                    self.err("too many expressions in star-unpacking assignment", s.range)
                })?;
                self.emit(Instr::UnpackEx(before, (n - si - 1) as u32));
            }
            None => {
                self.emit(Instr::UnpackSequence(n as u32));
            }
        }
        ctx.count += n as u32 - 1;
        for p in pats {
            self.pattern(p, ctx)?;
        }
        Ok(())
    }

    fn mapping_pattern(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        ctx: &mut PatCtx,
    ) -> CResult<()> {
        self.emit(Instr::MatchMapping);
        self.jump_fail_if_false(ctx);
        let n = m.keys.len();
        if n == 0 && m.rest.is_none() {
            self.pop_value(ctx);
            return Ok(());
        }
        if n > 0 {
            self.emit(Instr::GetLen);
            self.load_const(Const::Int(n as i64));
            self.emit(Instr::Compare(CmpOp::Ge));
            self.jump_fail_if_false(ctx);
        }
        // The keys tuple.
        let mut seen = HashSet::new();
        let keys: Vec<&ast::Expr> = m.keys.iter().collect();
        for k in &keys {
            if let Some(c) = Self::const_of(k) {
                let repr = super::const_repr(&c);
                if !seen.insert(repr.clone()) {
                    return Err(self.err(
                        &format!("mapping pattern checks duplicate key ({repr})"),
                        m.range,
                    ));
                }
            }
        }
        match self.const_tuple(&keys) {
            Some(c) => self.load_const(c),
            None => {
                for k in &keys {
                    self.expr(k)?;
                }
                self.emit(Instr::BuildTuple(n as u32));
            }
        }
        ctx.count += 1; // [subject, keys]
        if n > 0 {
            self.emit(Instr::MatchKeys); // [subject, keys, values|None]
            ctx.count += 1;
            self.emit(Instr::Copy(1));
            let l = self.fail_label(ctx, ctx.count);
            self.emit(Instr::PopJumpIfNone(l));
            self.emit(Instr::UnpackSequence(n as u32));
            ctx.count += n as u32 - 1;
            for p in &m.patterns {
                self.pattern(p, ctx)?;
            }
        }
        // [subject, keys]
        match &m.rest {
            Some(rest) => {
                self.emit(Instr::CopyDictWithout); // [subject, rest]
                self.bind_capture(rest, ctx)?;
            }
            None => self.pop_value(ctx),
        }
        self.pop_value(ctx); // the subject
        Ok(())
    }

    fn class_pattern(&mut self, c: &'a ast::PatternMatchClass, ctx: &mut PatCtx) -> CResult<()> {
        let args = &c.arguments;
        let mut kwnames = Vec::new();
        for k in &args.keywords {
            let name = k.attr.as_str();
            if kwnames
                .iter()
                .any(|x: &Const| matches!(x, Const::Str(s) if &**s == name))
            {
                return Err(self.err(
                    &format!("attribute name repeated in class pattern: {name}"),
                    k.pattern.range(),
                ));
            }
            kwnames.push(Self::str_const(name));
        }
        self.expr(&c.cls)?;
        self.load_const(Const::Tuple(Arc::from(kwnames)));
        self.emit(Instr::MatchClass(args.patterns.len() as u32)); // [attrs|None]
        let total = args.patterns.len() + args.keywords.len();
        if total == 0 {
            ctx.count -= 1;
            let l = self.fail_label(ctx, ctx.count);
            self.emit(Instr::PopJumpIfNone(l));
            return Ok(());
        }
        self.emit(Instr::Copy(1));
        let l = self.fail_label(ctx, ctx.count);
        self.emit(Instr::PopJumpIfNone(l));
        self.emit(Instr::UnpackSequence(total as u32));
        ctx.count += total as u32 - 1;
        for p in args.patterns.iter() {
            self.pattern(p, ctx)?;
        }
        for k in &args.keywords {
            self.pattern(&k.pattern, ctx)?;
        }
        Ok(())
    }

    fn or_pattern(&mut self, o: &'a ast::PatternMatchOr, ctx: &mut PatCtx) -> CResult<()> {
        let end = self.new_label();
        let n = o.patterns.len();
        let mut bound: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            if i + 1 < n {
                self.check_irrefutable(alt, alt.range())?;
            }
            let mut sub = PatCtx::new(1);
            if i + 1 < n {
                self.emit(Instr::Copy(1));
                self.pattern(alt, &mut sub)?;
                self.emit(Instr::Pop); // the original value
                self.emit(Instr::Jump(end));
                let next = self.new_label();
                self.emit_fail_chain(&sub, next);
                self.bind(next);
            } else {
                // The last alternative runs in the enclosing context.
                let saved = std::mem::take(&mut ctx.names);
                self.pattern(alt, ctx)?;
                sub.names = std::mem::replace(&mut ctx.names, saved);
            }
            let mut names = sub.names.clone();
            names.sort();
            match &bound {
                None => bound = Some(names),
                Some(b) if *b != names => {
                    return Err(self.err("alternative patterns bind different names", o.range));
                }
                _ => {}
            }
        }
        self.bind(end);
        for name in bound.unwrap_or_default() {
            if ctx.names.contains(&name) {
                return Err(self.err(
                    &format!("multiple assignments to name '{name}' in pattern"),
                    o.range,
                ));
            }
            ctx.names.push(name);
        }
        Ok(())
    }
}
