//! rupy's value model: `Value`, the heap object payloads, dictionaries keyed by Python
//! equality, compiled `Code`, and `Vm` — the per-interpreter state every object operation
//! needs (builtin type table, interned strings, module table, heap accounting).
//!
//! Invariant: heap objects are `Rc`-counted without atomics and are `!Send`; only the thread
//! holding the owning interpreter's GIL touches them. Data that crosses interpreters (compiled
//! `Code` and its constants) is `Arc`-shared and immutable.
#![deny(unsafe_code)]

pub mod breaker;
pub mod class;
pub mod code;
pub mod dict;
pub mod exc;
pub mod exc_kinds;
pub mod format;
pub mod frame;
pub mod function;
pub mod gc;
pub mod gil;
pub mod heap;
pub mod int;
pub mod limits;
pub mod misc;
pub mod output;
pub mod pending;
pub mod set;
pub mod str;
pub mod sync;
pub mod value;
pub mod vm;

pub use class::{Class, Instance, Payload, TypeFlags};
pub use code::{Code, CodeFlags, Const, Instr};
pub use dict::PyDict;
pub use exc::{ExcData, PyErr, PyResult, TbEntry};
pub use frame::{Frame, FrameEntry};
pub use function::{
    AttrCache, BoundMethod, Function, GlobalSlot, KwArgs, NativeFn, NativeFunction,
};
pub use misc::*;
pub use set::PySet;
pub use str::PyStr;
pub use value::{F64, Truth, Value};
pub use vm::Vm;
