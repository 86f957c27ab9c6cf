//! `Shareable`: the data that may cross from one interpreter to another. Everything is owned
//! or `Arc`-shared immutable data, so a value can be built by one interpreter's thread and
//! read by any other without a lock.

use std::any::Any;
use std::sync::Arc;

use num_bigint::BigInt;

#[derive(Clone)]
pub enum Shareable {
    None,
    Bool(bool),
    Int(i64),
    BigInt(Arc<BigInt>),
    Float(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Arc<[Shareable]>),
    /// Deep copies of containers CPython would pickle: they arrive as new, equal containers.
    List(Arc<[Shareable]>),
    Dict(Arc<[(Shareable, Shareable)]>),
    Set(Arc<[Shareable]>),
    FrozenSet(Arc<[Shareable]>),
    /// A cross-interpreter queue, by id.
    Queue(i64),
    /// A plain function without closure: its compiled code and shareable defaults.
    Function(Arc<SharedFunction>),
    /// An exception of a builtin class (by name) with shareable arguments, or of another
    /// class, described by its names (materialised as the closest builtin ancestor).
    Exception(Arc<SharedException>),
    /// Values CPython sends by pickle that rupy copies natively.
    Complex(f64, f64),
    ByteArray(Arc<[u8]>),
    Range(i64, i64, i64),
    Slice(Arc<[Shareable; 3]>),
    Ellipsis,
    NotImplemented,
    /// An instance of a subclass of a builtin container or value type (`OrderedDict`,
    /// `Counter`...): its class by name and its builtin value, rebuilt as `cls(value)`.
    Instance(Arc<SharedInstance>),
    /// A function or class of the `builtins` module, by name (CPython pickles these by reference).
    Builtin(Arc<str>),
    /// Compiled code (`Arc<rupy_objects::Code>`), opaque here.
    Code(Arc<dyn Any + Send + Sync>),
}

pub struct SharedFunction {
    /// `Arc<rupy_objects::Code>`.
    pub code: Arc<dyn Any + Send + Sync>,
    /// Where the function's globals come from on the other side.
    pub origin: FunctionOrigin,
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub defaults: Vec<Shareable>,
    pub kwdefaults: Vec<(Arc<str>, Shareable)>,
}

/// The namespace a shared function runs in, in the receiving interpreter.
pub enum FunctionOrigin {
    /// It uses no globals but builtins: the receiver's `__main__`.
    Main,
    /// It uses globals of the sender's `__main__` script (this file): the script is run once
    /// in the receiver as module `<fake __main__>`, as CPython's unpickling does.
    Script(Arc<str>),
    /// It uses globals of this importable module: the receiver imports it.
    Module(Arc<str>),
}

pub struct SharedInstance {
    /// Where the class lives (a module name, or the sender's script for `__main__`).
    pub origin: FunctionOrigin,
    pub qualname: Arc<str>,
    pub value: Shareable,
}

pub struct SharedException {
    /// Name of the nearest builtin exception class (the class rebuilt on the other side).
    pub builtin: Arc<str>,
    pub args: Vec<Shareable>,
    /// The original class's `__name__`, `__qualname__` and `__module__`.
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub module: Arc<str>,
}

impl Shareable {
    /// A string payload.
    pub fn str(s: &str) -> Shareable {
        Shareable::Str(Arc::from(s))
    }
}
