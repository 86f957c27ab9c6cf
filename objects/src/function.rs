//! Callables: Python functions (code + globals + defaults + closure, with the code's constants
//! materialised for this interpreter), native functions, and bound methods.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use crate::code::Code;
use crate::dict::PyDict;
use crate::exc::PyResult;
use crate::str::PyStr;
use crate::value::Value;
use crate::vm::Vm;

pub struct Function {
    pub code: Arc<Code>,
    pub globals: Rc<PyDict>,
    pub name: RefCell<Rc<PyStr>>,
    pub qualname: RefCell<Rc<PyStr>>,
    pub defaults: RefCell<Vec<Value>>,
    pub kwdefaults: RefCell<Option<Rc<PyDict>>>,
    pub closure: Vec<Rc<RefCell<Value>>>,
    pub annotations: RefCell<Option<Value>>,
    pub dict: RefCell<Option<Rc<PyDict>>>,
    pub doc: RefCell<Value>,
    pub module: RefCell<Value>,
    /// `code.consts` materialised as values of this interpreter.
    pub consts: Rc<[Value]>,
    /// `code.names` as interned strings of this interpreter.
    pub names: Rc<[Rc<PyStr>]>,
    /// Where LoadGlobal found each name (see `GlobalSlot`).
    pub global_cache: RefCell<Vec<Option<GlobalSlot>>>,
    /// Per name index, two ways (sites are often polymorphic over a few subclasses): what
    /// attribute access on instances learned (see `AttrCache`).
    pub attr_cache: RefCell<Vec<[AttrCache; 2]>>,
}

/// Where LoadGlobal last found a name: valid while the globals and builtins dicts are at the
/// versions it records. A position, not a value, so the cache keeps nothing alive.
#[derive(Clone, Copy, Debug)]
pub struct GlobalSlot {
    pub globals_version: u64,
    pub builtins_version: u64,
    /// Found in the builtins dict rather than the globals.
    pub in_builtins: bool,
    /// Entry position in the dict it was found in.
    pub pos: usize,
}

/// An attribute-access inline cache entry. While the instance's class is `class` (address)
/// and the interpreter's class epoch is `epoch`, `plain` says whether the name is an
/// ordinary instance attribute (no data descriptor on the class, no custom
/// `__getattribute__`/`__setattr__`, not an exception), and `hint` is where it sat in the
/// last instance dict it was found in. The epoch bumps on every class change and creation,
/// so an address reused by a new class never matches a stale entry.
#[derive(Clone, Copy, Default)]
pub struct AttrCache {
    pub class: usize,
    pub epoch: u64,
    pub plain: bool,
    pub hint: u32,
}

/// Keyword arguments passed to a native function: (name, value) pairs.
pub type KwArgs = [(Rc<PyStr>, Value)];

/// A function implemented in Rust. Methods receive their receiver as `args[0]`.
pub type NativeFn = fn(&mut Vm, &[Value], &KwArgs) -> PyResult<Value>;

pub struct NativeFunction {
    pub name: &'static str,
    pub func: NativeFn,
    /// The receiver of a bound native method (`[].append`), prepended to the arguments.
    pub bound: Option<Value>,
    /// Owner type name for reprs ("list" for `list.append`), empty for plain functions.
    pub owner: &'static str,
    /// Builtin methods that are classmethods (`dict.fromkeys`) bind the class.
    pub is_classmethod: bool,
}

pub struct BoundMethod {
    pub func: Value,
    pub receiver: Value,
}
