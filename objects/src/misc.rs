//! Smaller heap payloads: ranges, slices, modules, iterators, generators,
//! descriptors (`property`, `super`), and `Opaque` for objects defined by stdlib modules.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::class::Class;
use crate::dict::PyDict;
use crate::frame::Frame;
use crate::str::PyStr;
use crate::value::Value;

pub struct PyRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl PyRange {
    pub fn len(&self) -> i64 {
        let (lo, hi, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 {
            if lo < hi { (hi - lo - 1) / step + 1 } else { 0 }
        } else if lo > hi {
            (lo - hi - 1) / (-step) + 1
        } else {
            0
        };
        n as i64
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub struct PySlice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

pub struct Module {
    pub name: Rc<PyStr>,
    pub dict: Rc<PyDict>,
}

/// Iterator states over builtin containers and the builtin iterator types. Iterators that must
/// call Python code (map, filter, ...) are advanced by the VM, which owns calling.
pub enum IterState {
    Range {
        cur: i64,
        stop: i64,
        step: i64,
    },
    List {
        list: Rc<RefCell<Vec<Value>>>,
        idx: usize,
    },
    ListRev {
        list: Rc<RefCell<Vec<Value>>>,
        idx: usize,
    },
    Tuple {
        tuple: Rc<Vec<Value>>,
        idx: usize,
    },
    Str {
        s: Rc<PyStr>,
        byte: usize,
    },
    Bytes {
        b: Rc<Vec<u8>>,
        idx: usize,
    },
    /// Live: sees the bytearray's changes, as CPython's iterator does.
    ByteArray {
        b: Rc<RefCell<Vec<u8>>>,
        idx: usize,
    },
    /// kind: 0 keys, 1 values, 2 items.
    Dict {
        dict: Rc<PyDict>,
        pos: usize,
        kind: u8,
        version: u64,
        len: usize,
    },
    Set {
        items: Vec<Value>,
        idx: usize,
        set: Rc<crate::set::PySet>,
        len: usize,
    },
    Enumerate {
        it: Value,
        n: Value,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    Filter {
        func: Value,
        it: Value,
    },
    /// Sequence protocol fallback: `__getitem__` with 0, 1, 2, ...
    Seq {
        obj: Value,
        idx: i64,
    },
    /// `iter(callable, sentinel)`
    Callable {
        func: Value,
        sentinel: Value,
    },
    Reversed {
        seq: Value,
        idx: i64,
    },
    Values {
        items: Vec<Value>,
        idx: usize,
    },
    Exhausted,
}

/// What a suspendable frame object is to Python: the three share one implementation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenKind {
    /// A `def` with `yield`.
    Generator,
    /// An `async def` without `yield` (`types.CoroutineType`).
    Coroutine,
    /// An `async def` with `yield` (`types.AsyncGeneratorType`).
    AsyncGenerator,
}

pub struct Generator {
    pub kind: GenKind,
    pub frame: RefCell<Option<Box<Frame>>>,
    /// Exceptions being handled inside the generator while it is suspended.
    pub handled: RefCell<Vec<Value>>,
    pub running: Cell<bool>,
    pub name: RefCell<Rc<PyStr>>,
    pub qualname: RefCell<Rc<PyStr>>,
    pub started: Cell<bool>,
}

impl Generator {
    /// A suspended generator whose frame sits inside a `try` (so `close()` would run code):
    /// what finalisation must close.
    pub fn needs_close(&self) -> bool {
        if !self.started.get() || self.running.get() {
            return false;
        }
        match self.frame.try_borrow() {
            Ok(f) => f.as_ref().is_some_and(|f| {
                f.code()
                    .handler_for(f.ip.saturating_sub(1) as u32)
                    .is_some()
            }),
            Err(_) => false,
        }
    }
}

impl Drop for Generator {
    /// The last reference to a suspended generator went away: as in CPython, it is closed
    /// (its `finally` blocks run) — by the VM at its next safe point, on a revived generator
    /// holding the frame.
    fn drop(&mut self) {
        if !self.needs_close() {
            return;
        }
        let revived = Generator {
            kind: self.kind,
            frame: RefCell::new(self.frame.get_mut().take()),
            handled: RefCell::new(std::mem::take(self.handled.get_mut())),
            running: Cell::new(false),
            name: RefCell::new(self.name.get_mut().clone()),
            qualname: RefCell::new(self.qualname.get_mut().clone()),
            started: Cell::new(true),
        };
        crate::gc::defer_finalizer(Value::Generator(std::rc::Rc::new(revived)));
    }
}

pub struct Property {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: Value,
    pub name: RefCell<Value>,
}

pub struct SuperObj {
    pub class: Rc<Class>,
    pub obj: Value,
    /// The class of `obj` (or `obj` itself when it is a class).
    pub obj_type: Rc<Class>,
}

pub struct Opaque {
    pub class: Rc<Class>,
    pub data: RefCell<Box<dyn Any>>,
}
