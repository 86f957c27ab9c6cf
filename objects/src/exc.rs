//! Exceptions inside the VM. `PyErr` is the cheap internal form that propagates through Rust
//! `Result`s: a natively raised error stays a (class, message) pair until Python code needs the
//! object (an `except ... as e`, a traceback print), and the traceback is gathered on the error
//! as frames unwind. `ExcData` is the payload of a materialised exception instance.

use std::rc::Rc;
use std::sync::Arc;

use crate::class::Class;
use crate::code::Code;
use crate::value::Value;

/// One traceback line: the code that was running, the line it was on and the globals it
/// ran with (a traceback object's `tb_frame.f_globals`).
#[derive(Clone)]
pub struct TbEntry {
    pub code: Arc<Code>,
    pub line: u32,
    pub globals: Option<Rc<crate::dict::PyDict>>,
}

#[derive(Default)]
pub struct ExcData {
    pub args: Vec<Value>,
    /// Innermost frame last, as printed.
    pub traceback: Vec<TbEntry>,
    pub cause: Option<Value>,
    pub context: Option<Value>,
    pub suppress_context: bool,
    pub notes: Vec<Value>,
}

pub enum ErrValue {
    /// Not yet materialised: class and message (one `str` argument, or none).
    Lazy(Rc<Class>, Option<String>),
    /// An exception instance.
    Obj(Value),
}

pub struct ErrState {
    pub value: ErrValue,
    /// Frames this error has unwound through so far, innermost first.
    pub tb: Vec<TbEntry>,
}

pub struct PyErr(pub Box<ErrState>);

pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    pub fn lazy(class: Rc<Class>, msg: impl Into<String>) -> PyErr {
        PyErr(Box::new(ErrState {
            value: ErrValue::Lazy(class, Some(msg.into())),
            tb: Vec::new(),
        }))
    }
    pub fn lazy_noarg(class: Rc<Class>) -> PyErr {
        PyErr(Box::new(ErrState {
            value: ErrValue::Lazy(class, None),
            tb: Vec::new(),
        }))
    }
    pub fn from_obj(v: Value) -> PyErr {
        PyErr(Box::new(ErrState {
            value: ErrValue::Obj(v),
            tb: Vec::new(),
        }))
    }
    /// The exception's class (cheap; no materialisation).
    pub fn class(&self) -> Rc<Class> {
        match &self.0.value {
            ErrValue::Lazy(c, _) => c.clone(),
            ErrValue::Obj(Value::Instance(i)) => i.class(),
            ErrValue::Obj(_) => panic_free_object_class(),
        }
    }
}

thread_local! {
    /// The attached interpreter's `MemoryError` class, for growth paths of the object layer
    /// that fail without a `Vm` at hand (set and cleared with heap accounting at attach and
    /// detach, see `Vm::heap_begin`).
    static MEMORY_ERROR: std::cell::RefCell<Option<Rc<Class>>> =
        const { std::cell::RefCell::new(None) };
}

/// Set (attach) or clear (detach) the class `PyErr::no_room` raises on this thread.
pub fn set_memory_error_class(class: Option<Rc<Class>>) {
    let old = MEMORY_ERROR.with(|c| c.replace(class));
    drop(old);
}

impl PyErr {
    /// A container of the object layer could not grow: `MemoryError`. When the run's budget
    /// refused the memory, the run's breaker is tripped as well, so the run stops with the
    /// memory-limit error at its next safe point even if Python code catches this one.
    #[cold]
    pub fn no_room(why: crate::heap::NoRoom) -> PyErr {
        if why == crate::heap::NoRoom::Budget {
            crate::heap::trip();
        }
        let class = MEMORY_ERROR
            .with(|c| c.borrow().clone())
            .unwrap_or_else(|| {
                Rc::new(Class::new_builtin(
                    "MemoryError",
                    vec![],
                    crate::class::TypeFlags::default(),
                ))
            });
        PyErr::lazy_noarg(class)
    }
}

#[cold]
fn panic_free_object_class() -> Rc<Class> {
    // Exceptions are always instances; a non-instance here is a VM bug. Returning a fresh
    // class keeps that bug from becoming a crash.
    Rc::new(Class::new_builtin(
        "object",
        vec![],
        crate::class::TypeFlags::default(),
    ))
}
