//! `Value`: the tagged handle every part of the VM passes around. `None`, `bool`, small ints
//! (i64) and floats live inline; everything else is an `Rc` to a heap payload owned by one
//! interpreter. Ints that overflow i64 become `BigInt`, and a `BigInt` that fits i64 is always
//! normalised back to `Int`, so equal ints have one representation.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::class::{Class, Instance};
use crate::code::Code;
use crate::dict::PyDict;
use crate::function::{BoundMethod, Function, NativeFunction};
use crate::misc::*;
use crate::set::PySet;
use crate::str::PyStr;

// Every payload is one 64-bit integer or pointer, so rustc gives `Value` a scalar-pair layout:
// values move and return as two registers. With any other payload (an `f64`, a `bool` at
// offset 1, or `repr(C)`) a Value is a 16-byte aggregate copied with one vector load, which
// stalls on store forwarding whenever its tag and payload were just written separately — the
// eval loop's pattern on every push and pop. Hence `F64` and `Truth` below.
pub enum Value {
    /// Internal marker for an empty cell; never visible to Python code.
    Unbound,
    None,
    NotImplemented,
    Ellipsis,
    Bool(Truth),
    Int(i64),
    Float(F64),
    BigInt(Rc<BigInt>),
    Complex(Rc<(f64, f64)>),
    Str(Rc<PyStr>),
    Bytes(Rc<Vec<u8>>),
    ByteArray(Rc<RefCell<Vec<u8>>>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
    Dict(Rc<PyDict>),
    Set(Rc<PySet>),
    FrozenSet(Rc<PySet>),
    Range(Rc<PyRange>),
    Slice(Rc<PySlice>),
    Function(Rc<Function>),
    Native(Rc<NativeFunction>),
    Method(Rc<BoundMethod>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Iter(Rc<RefCell<IterState>>),
    /// dict views: kind 0 keys, 1 values, 2 items.
    DictView(Rc<(Rc<PyDict>, u8)>),
    Generator(Rc<Generator>),
    Code(std::sync::Arc<Code>),
    Cell(Rc<RefCell<Value>>),
    Property(Rc<Property>),
    StaticMethod(Rc<Value>),
    ClassMethod(Rc<Value>),
    Super(Rc<SuperObj>),
    /// Objects implemented outside this crate (stdlib modules): payload plus its class.
    Opaque(Rc<Opaque>),
}

/// A float payload, kept as its IEEE bits (see the layout note on `Value`). Deliberately no
/// `PartialEq`: bit equality is not float equality.
#[derive(Clone, Copy, Debug)]
pub struct F64(u64);

impl F64 {
    #[inline(always)]
    pub const fn new(x: f64) -> F64 {
        F64(x.to_bits())
    }

    #[inline(always)]
    pub const fn get(self) -> f64 {
        f64::from_bits(self.0)
    }

    /// The IEEE bits (identity: `0.0` and `-0.0` differ, a NaN equals itself).
    #[inline(always)]
    pub const fn bits(self) -> u64 {
        self.0
    }
}

/// A bool payload, one word wide (see the layout note on `Value`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u64)]
pub enum Truth {
    False = 0,
    True = 1,
}

impl Truth {
    #[inline(always)]
    pub const fn get(self) -> bool {
        matches!(self, Truth::True)
    }

    #[inline(always)]
    pub const fn of(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

impl Clone for Value {
    /// Inline values copy without a call; heap values take the out-of-line path.
    #[inline(always)]
    fn clone(&self) -> Self {
        match self {
            Value::Int(i) => Value::Int(*i),
            Value::None => Value::None,
            Value::Bool(b) => Value::Bool(*b),
            Value::Float(f) => Value::Float(*f),
            _ => self.clone_heap(),
        }
    }
}

impl Value {
    #[inline(never)]
    fn clone_heap(&self) -> Self {
        match self {
            Value::Unbound => Value::Unbound,
            Value::None => Value::None,
            Value::NotImplemented => Value::NotImplemented,
            Value::Ellipsis => Value::Ellipsis,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Float(*f),
            Value::BigInt(x) => Value::BigInt(x.clone()),
            Value::Complex(x) => Value::Complex(x.clone()),
            Value::Str(x) => Value::Str(x.clone()),
            Value::Bytes(x) => Value::Bytes(x.clone()),
            Value::ByteArray(x) => Value::ByteArray(x.clone()),
            Value::List(x) => Value::List(x.clone()),
            Value::Tuple(x) => Value::Tuple(x.clone()),
            Value::Dict(x) => Value::Dict(x.clone()),
            Value::Set(x) => Value::Set(x.clone()),
            Value::FrozenSet(x) => Value::FrozenSet(x.clone()),
            Value::Range(x) => Value::Range(x.clone()),
            Value::Slice(x) => Value::Slice(x.clone()),
            Value::Function(x) => Value::Function(x.clone()),
            Value::Native(x) => Value::Native(x.clone()),
            Value::Method(x) => Value::Method(x.clone()),
            Value::Class(x) => Value::Class(x.clone()),
            Value::Instance(x) => Value::Instance(x.clone()),
            Value::Module(x) => Value::Module(x.clone()),
            Value::Iter(x) => Value::Iter(x.clone()),
            Value::DictView(x) => Value::DictView(x.clone()),
            Value::Generator(x) => Value::Generator(x.clone()),
            Value::Code(x) => Value::Code(x.clone()),
            Value::Cell(x) => Value::Cell(x.clone()),
            Value::Property(x) => Value::Property(x.clone()),
            Value::StaticMethod(x) => Value::StaticMethod(x.clone()),
            Value::ClassMethod(x) => Value::ClassMethod(x.clone()),
            Value::Super(x) => Value::Super(x.clone()),
            Value::Opaque(x) => Value::Opaque(x.clone()),
        }
    }
}

impl Value {
    #[inline]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// `True` or `False`.
    #[inline(always)]
    pub const fn bool(b: bool) -> Value {
        Value::Bool(Truth::of(b))
    }

    #[inline(always)]
    pub const fn float(x: f64) -> Value {
        Value::Float(F64::new(x))
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Rc::new(PyStr::new(s)))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(PyStr::from_string(s)))
    }

    /// A tuple; tracked by the cycle collector only if it holds containers (it is immutable,
    /// so a tuple of atoms can never be part of a cycle).
    pub fn tuple(v: Vec<Value>) -> Value {
        let t = Rc::new(v);
        if t.iter().any(crate::gc::is_container) {
            crate::gc::track(&t);
        }
        Value::Tuple(t)
    }

    pub fn list(v: Vec<Value>) -> Value {
        let l = Rc::new(RefCell::new(v));
        crate::gc::track(&l);
        Value::List(l)
    }

    /// A dict value, tracked by the cycle collector.
    pub fn new_dict(d: PyDict) -> Value {
        let d = Rc::new(d);
        PyDict::track(&d);
        Value::Dict(d)
    }

    pub fn new_set(s: PySet) -> Value {
        let s = Rc::new(s);
        crate::gc::track(&s);
        Value::Set(s)
    }

    pub fn new_frozenset(s: PySet) -> Value {
        let s = Rc::new(s);
        crate::gc::track(&s);
        Value::FrozenSet(s)
    }

    pub fn new_instance(i: Instance) -> Value {
        Value::Instance(Self::new_instance_rc(i))
    }

    pub fn new_instance_rc(i: Instance) -> Rc<Instance> {
        let i = Rc::new(i);
        crate::gc::track(&i);
        i
    }

    pub fn new_method(func: Value, receiver: Value) -> Value {
        let m = Rc::new(BoundMethod { func, receiver });
        crate::gc::track(&m);
        Value::Method(m)
    }

    /// An iterator (tracked: an iterator stored in the container it walks is a cycle).
    pub fn new_iter(state: crate::misc::IterState) -> Value {
        let it = Rc::new(RefCell::new(state));
        crate::gc::track(&it);
        Value::Iter(it)
    }

    /// A closure cell (tracked: a nested function that refers to itself is a cycle).
    pub fn new_cell(v: Value) -> Rc<RefCell<Value>> {
        let c = Rc::new(RefCell::new(v));
        crate::gc::track(&c);
        c
    }

    /// Address of the payload of a container kind the cycle collector tracks, None otherwise.
    #[inline]
    pub fn gc_addr(&self) -> Option<usize> {
        use Value::*;
        match self {
            List(_) | Tuple(_) | Dict(_) | Set(_) | FrozenSet(_) | Function(_) | Method(_)
            | Class(_) | Instance(_) | Module(_) | Generator(_) | Cell(_) | Iter(_) => {
                self.heap_ptr()
            }
            Opaque(o) if crate::gc::is_traced_opaque(o) => self.heap_ptr(),
            _ => Option::None,
        }
    }

    pub fn from_bigint(b: BigInt) -> Value {
        match i64::try_from(&b) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::BigInt(Rc::new(b)),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Identity (`is`): same immediate value or same heap object.
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (None, None)
            | (NotImplemented, NotImplemented)
            | (Ellipsis, Ellipsis)
            | (Unbound, Unbound) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.bits() == b.bits(),
            _ => match (self.heap_ptr(), other.heap_ptr()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// Address of the heap payload (for `id()` and identity), None for inline values.
    pub fn heap_ptr(&self) -> Option<usize> {
        use Value::*;
        Some(match self {
            BigInt(r) => Rc::as_ptr(r) as *const u8 as usize,
            Complex(r) => Rc::as_ptr(r) as *const u8 as usize,
            Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Bytes(r) => Rc::as_ptr(r) as *const u8 as usize,
            ByteArray(r) => Rc::as_ptr(r) as *const u8 as usize,
            List(r) => Rc::as_ptr(r) as *const u8 as usize,
            Tuple(r) => Rc::as_ptr(r) as *const u8 as usize,
            Dict(r) => Rc::as_ptr(r) as *const u8 as usize,
            Set(r) | FrozenSet(r) => Rc::as_ptr(r) as *const u8 as usize,
            Range(r) => Rc::as_ptr(r) as *const u8 as usize,
            Slice(r) => Rc::as_ptr(r) as *const u8 as usize,
            Function(r) => Rc::as_ptr(r) as *const u8 as usize,
            Native(r) => Rc::as_ptr(r) as *const u8 as usize,
            Method(r) => Rc::as_ptr(r) as *const u8 as usize,
            Class(r) => Rc::as_ptr(r) as *const u8 as usize,
            Instance(r) => Rc::as_ptr(r) as *const u8 as usize,
            Module(r) => Rc::as_ptr(r) as *const u8 as usize,
            Iter(r) => Rc::as_ptr(r) as *const u8 as usize,
            DictView(r) => Rc::as_ptr(r) as *const u8 as usize,
            Generator(r) => Rc::as_ptr(r) as *const u8 as usize,
            Code(r) => std::sync::Arc::as_ptr(r) as *const u8 as usize,
            Cell(r) => Rc::as_ptr(r) as *const u8 as usize,
            Property(r) => Rc::as_ptr(r) as *const u8 as usize,
            StaticMethod(r) | ClassMethod(r) => Rc::as_ptr(r) as *const u8 as usize,
            Super(r) => Rc::as_ptr(r) as *const u8 as usize,
            Opaque(r) => Rc::as_ptr(r) as *const u8 as usize,
            _ => return Option::None,
        })
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::float(f)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::string(s)
    }
}
impl From<BigInt> for Value {
    fn from(b: BigInt) -> Self {
        Value::from_bigint(b)
    }
}
