//! Compiled bytecode. A `Code` is immutable and `Send + Sync`: its constants are shareable data
//! (`Const`), materialised into `Value`s per interpreter when a function is created, so one
//! compiled `Code` can run in many interpreters at once.
//!
//! Exception handling is table-driven ("zero cost"): `handlers` maps instruction ranges to a
//! handler address and the value-stack depth to unwind to.

use std::sync::Arc;

use num_bigint::BigInt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Pos,
    Not,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

/// One instruction (8 bytes: instructions with two operands use a 16-bit one; the compiler
/// falls back to other forms when an operand does not fit). Jump targets are instruction indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instr {
    Nop,
    Pop,
    /// Push a copy of the item `n` places down (1 = top).
    Copy(u32),
    /// Swap the top with the item `n` places down (2 = the one below the top).
    Swap(u32),
    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Index into the frame's cells (cellvars then freevars).
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// Push the cell object itself (building a closure).
    LoadClosure(u32),
    /// Class bodies: the locals mapping first, then the cell.
    LoadClassDeref(u32),
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    /// Push (callable, self) or (NULL-marker, attribute) for a following CallMethod.
    LoadMethod(u32),
    Subscr,
    StoreSubscr,
    DeleteSubscr,
    BuildSlice(u32),
    Binary(BinOp),
    Inplace(BinOp),
    Unary(UnOp),
    Compare(CmpOp),
    /// `is` (false) / `is not` (true)
    Is(bool),
    /// `in` (false) / `not in` (true)
    In(bool),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    /// Pop; jump if it is None (match statements).
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    GetIter,
    /// TOS is an iterator: push its next item, or pop it and jump when exhausted.
    ForIter(u32),
    Call(u32),
    /// Keyword call: `argc` values (positional then keyword), keyword names in a const tuple.
    CallKw(u16, u32),
    /// Stack: callable/NULL-marker, self/callable, args.
    CallMethod(u32),
    /// Stack: callable, args tuple, (kwargs dict if flag).
    CallEx(bool),
    /// flags: 1 defaults tuple, 2 kw-defaults dict, 4 annotations dict, 8 closure tuple; then code.
    MakeFunction(u32),
    Return,
    Yield,
    /// Stack: sub-iterator, value to send. Delegates until the sub-iterator returns.
    YieldFrom,
    GetYieldFromIter,
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// Pop a constant tuple and push a set of its items built as CPython builds a constant
    /// set display (its iteration order depends on that).
    BuildConstSet,
    /// `n` key/value pairs.
    BuildMap(u32),
    /// Concatenate `n` strings (f-strings).
    BuildString(u32),
    /// f-string field: flags & 3 = conversion (0 none, 1 str, 2 repr, 3 ascii); flags & 4 = has spec.
    FormatValue(u32),
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    ListExtend(u32),
    SetUpdate(u32),
    DictUpdate(u32),
    /// Merge for `**` in calls: duplicate keys are a TypeError.
    DictMerge(u32),
    ListToTuple,
    UnpackSequence(u32),
    /// Starred unpacking: (before, after).
    UnpackEx(u16, u32),
    /// 0: bare re-raise of the handled exception; 1: raise TOS; 2: raise TOS1 from TOS.
    Raise(u32),
    /// Re-raise the exception on TOS without adding a traceback entry.
    Reraise,
    /// Enter an exception handler: TOS is the exception; mark it as being handled.
    PushExcInfo,
    /// Leave an exception handler: restore the previously handled exception.
    PopExcept,
    /// Stack: exc, type -> exc, bool.
    CheckExcMatch,
    /// Stack: context manager -> bound __exit__, result of __enter__.
    BeforeWith,
    /// Stack: exit, exc -> exit, exc, result of exit(type, exc, tb).
    WithExceptStart,
    /// Stack: context manager -> bound __aexit__, awaitable of __aenter__().
    BeforeAsyncWith,
    /// `await`: stack: value -> the iterator `YieldFrom` drives (a coroutine itself, or what
    /// `__await__` returned).
    GetAwaitable,
    /// Stack: exit -> (calls exit(None, None, None), pops both).
    WithExit,
    /// Stack: level, fromlist -> module.
    ImportName(u32),
    ImportFrom(u32),
    ImportStar,
    LoadBuildClass,
    LoadAssertionError,
    /// PEP 695: make a type parameter. Stack: name [, bound or constraints tuple] -> the
    /// `_typing.TypeVar`/`ParamSpec`/`TypeVarTuple`.
    TypeParam(TypeParamKind),
    /// Stack: tuple of type parameters -> `_typing.Generic[*params]` (the implicit base of
    /// `class C[T]`).
    GenericBase,
    /// t-strings: stack: value, expression text, format spec -> `Interpolation`.
    BuildInterpolation(Conversion),
    /// t-strings: the top `n` items (str or `Interpolation`) -> `Template`.
    BuildTemplate(u32),
    /// Stack: name, type-parameter tuple, value function -> `_typing.TypeAliasType` whose
    /// `__value__` calls the function on first use.
    TypeAlias,
    SetupAnnotations,
    /// Push the frame's locals mapping (class bodies return it).
    LoadLocals,
    /// Match statements.
    GetLen,
    MatchMapping,
    MatchSequence,
    /// Stack: subject, keys tuple -> subject, keys, values tuple or None.
    MatchKeys,
    /// Stack: subject, class, kw names tuple -> attributes tuple or None; arg = positional count.
    MatchClass(u32),
    /// Copy the remaining mapping without `keys` (for `**rest`): stack subject, keys -> rest dict.
    CopyDictWithout,
    /// Interactive mode: print repr of TOS if not None.
    PrintExpr,
    /// Raise RuntimeError/StopIteration conversions for generators (arg: kind).
    GenStopIteration,
    // Fused pairs (made by the compiler's peephole pass): each performs its own effect and that
    // of the next instruction, which is left in place (a jump may land on it) and skipped.
    /// LoadFast(a); LoadFast(b)
    LoadFastLoadFast(u16, u16),
    /// LoadFast(a); LoadConst(c)
    LoadFastLoadConst(u16, u16),
    /// StoreFast(a); LoadFast(b)
    StoreFastLoadFast(u16, u16),
    /// Compare(op); PopJumpIfFalse(target)
    CompareJumpIfFalse(CmpOp, u32),
    /// LoadFast(a); LoadConst(c); Subscr — skips the next two instructions.
    LoadFastSubscrConst(u16, u16),
    /// Copy(2); Copy(2) — duplicate the top two items.
    DupTop2,
    /// LoadFast(a); LoadConst(c); Binary(op) — skips the next two instructions.
    LoadFastBinaryConst(BinOp, u16, u16),
    /// Swap(3); Swap(2); StoreSubscr — the store of `x[i] op= v`: stack container, index,
    /// value; skips the next two instructions.
    StoreSubscrAug,
    /// ForIter(target); StoreFast(i) — a `for` loop's head. A back-edge `Jump` landing on it
    /// runs it in place (the loop then costs one dispatch less per iteration).
    ForIterStoreFast(u32, u16),
    /// LoadFast(a); Binary(op) — `TOS op local`.
    LoadFastBinary(BinOp, u16),
    /// LoadConst(c); Binary(op) — `TOS op const`.
    LoadConstBinary(BinOp, u16),
    /// LoadConst(c); Binary(op); StoreFast(i) — skips the next two instructions.
    LoadConstBinaryStoreFast(BinOp, u16, u16),
}

/// The `!r`/`!s`/`!a` of an interpolation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    None,
    Str,
    Repr,
    Ascii,
}

/// Which type parameter `Instr::TypeParam` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeParamKind {
    TypeVar,
    /// `T: bound` (the bound is on the stack).
    TypeVarBound,
    /// `T: (A, B)` (the constraints tuple is on the stack).
    TypeVarConstraints,
    ParamSpec,
    TypeVarTuple,
}

/// A constant: shareable data, no per-interpreter objects.
#[derive(Clone, Debug)]
pub enum Const {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    BigInt(Arc<BigInt>),
    Float(f64),
    Complex(f64, f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Arc<[Const]>),
    Code(Arc<Code>),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeFlags {
    pub varargs: bool,
    pub varkw: bool,
    pub generator: bool,
    pub coroutine: bool,
    /// Module or class body: names resolve through the locals mapping.
    pub name_locals: bool,
    /// The body uses `super()` / `__class__`.
    pub has_class_cell: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
}

#[derive(Debug)]
pub struct Code {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub filename: Arc<str>,
    pub firstlineno: u32,
    pub instrs: Vec<Instr>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    pub consts: Vec<Const>,
    /// Names used by name/global/attribute instructions.
    pub names: Vec<Arc<str>>,
    /// Fast locals: parameters first.
    pub varnames: Vec<Arc<str>>,
    pub cellvars: Vec<Arc<str>>,
    pub freevars: Vec<Arc<str>>,
    /// For each cellvar that is also a parameter: (cell index, parameter index).
    pub cell_params: Vec<(u32, u32)>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: CodeFlags,
    pub handlers: Vec<Handler>,
    pub docstring: Option<Arc<str>>,
}

impl Code {
    pub fn line_of(&self, ip: usize) -> u32 {
        self.lines.get(ip).copied().unwrap_or(self.firstlineno)
    }

    /// The innermost handler covering instruction `ip`.
    #[inline]
    pub fn handler_for(&self, ip: u32) -> Option<Handler> {
        self.handlers
            .iter()
            .find(|h| h.start <= ip && ip < h.end)
            .copied()
    }

    /// Total positional-or-keyword plus keyword-only parameters plus * and **.
    pub fn total_params(&self) -> usize {
        (self.argcount + self.kwonlyargcount) as usize
            + self.flags.varargs as usize
            + self.flags.varkw as usize
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn instructions_are_eight_bytes() {
        assert_eq!(std::mem::size_of::<super::Instr>(), 8);
    }
}
