//! Python exceptions as Rust errors, and Rust errors as Python exceptions.
//!
//! `PyError` is what every embedding call returns when Python code raised (or a limit
//! stopped it, or rupy hit an internal bug). It holds plain data — the exception's type
//! name, message, traceback frames and the formatted CPython-style report — so it is `Send +
//! Sync + 'static` and works with `?`, `Box<dyn Error>` and error-reporting crates. The
//! helpers `type_error`, `value_error`, ... build the cheap internal exception a
//! Rust-implemented function returns to raise in the calling Python frame.

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::limits::LimitKind;
use rupy_objects::{PyErr, Vm};

/// One frame of a Python traceback, outermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The file (or `<string>`-style name) the code was compiled from.
    pub filename: String,
    /// The 1-based line that was running.
    pub line: u32,
    /// The function (`<module>` for module-level code).
    pub name: String,
}

/// A Python exception that reached the host, or a run stopped by a limit or an internal
/// error.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{type_name}: {message}")]
pub struct PyError {
    type_name: String,
    message: String,
    frames: Vec<Frame>,
    formatted: String,
    limit: Option<LimitKind>,
}

impl PyError {
    /// An error of Python type `type_name` (such as `"ValueError"`) with `message`, as a Rust
    /// function would report it; raised in Python as that builtin exception.
    pub fn new(type_name: impl Into<String>, message: impl Into<String>) -> PyError {
        let (type_name, message) = (type_name.into(), message.into());
        let formatted = if message.is_empty() {
            format!("{}\n", type_name)
        } else {
            format!("{}: {}\n", type_name, message)
        };
        PyError {
            type_name,
            message,
            frames: Vec::new(),
            formatted,
            limit: None,
        }
    }

    /// The same error with `formatted` as its report.
    pub(crate) fn with_formatted(mut self, formatted: String) -> PyError {
        self.formatted = formatted;
        self
    }

    /// The exception's class name (`"ZeroDivisionError"`).
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// `str()` of the exception (`"division by zero"`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The Python frames the exception went through, outermost first.
    pub fn traceback(&self) -> &[Frame] {
        &self.frames
    }

    /// The report CPython would print: `Traceback (most recent call last):`, the frames with
    /// their source lines, chained exceptions, and the `Type: message` line.
    pub fn formatted(&self) -> &str {
        &self.formatted
    }

    /// Which limit stopped the run, when one did (the error is then not a Python exception
    /// the code could have caught).
    pub fn limit(&self) -> Option<LimitKind> {
        self.limit
    }

    /// Whether the exception is of builtin type `type_name` or a subclass of it.
    pub fn is(&self, type_name: &str) -> bool {
        self.type_name == type_name
    }

    /// Capture an internal exception of `vm` (materialising it) as a host error.
    pub fn from_vm(vm: &mut Vm, e: PyErr) -> PyError {
        let limit = vm.shared.limit_hit.get();
        let v = rupy_interp::exceptions::materialize(vm, e);
        let type_name = match &v {
            rupy_objects::Value::Instance(i) => i.class().name(),
            _ => "BaseException".to_owned(),
        };
        let message = rupy_interp::exceptions::exc_str(vm, &v).unwrap_or_default();
        // The exception records frames innermost first; hosts read them outermost first.
        let frames = rupy_interp::exceptions::exc_traceback(&v)
            .iter()
            .rev()
            .map(|t| Frame {
                filename: t.code.filename.to_string(),
                line: t.line,
                name: t.code.name.to_string(),
            })
            .collect();
        let formatted = rupy_interp::exceptions::format_exception(vm, &v, None)
            .unwrap_or_else(|_| format!("{}: {}\n", type_name, message));
        PyError {
            type_name,
            message,
            frames,
            formatted,
            limit,
        }
    }

    /// A limit stopped the run.
    pub(crate) fn from_limit(kind: LimitKind) -> PyError {
        let mut e = PyError::new("LimitExceeded", kind.message());
        e.limit = Some(kind);
        e
    }

    /// A Rust panic inside the interpreter, reported as Python's `SystemError`.
    pub(crate) fn from_panic(what: &str) -> PyError {
        PyError::new("SystemError", format!("internal error in rupy: {}", what))
    }

    /// This error as an exception raised in `vm` (a builtin exception class of the same name,
    /// or `RuntimeError` when there is none).
    pub fn into_pyerr(self, vm: &mut Vm) -> PyErr {
        let class = match vm.builtins.get_s(&self.type_name) {
            Some(rupy_objects::Value::Class(c)) if c.flags().exception => c,
            _ => vm.exc(ExcKind::RuntimeError),
        };
        PyErr::lazy(class, self.message)
    }
}

impl From<std::io::Error> for PyError {
    /// An I/O error of the host becomes Python's `OSError`.
    fn from(e: std::io::Error) -> PyError {
        PyError::new("OSError", e.to_string())
    }
}

/// `TypeError(msg)`, to return from a Rust-implemented function.
pub fn type_error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    vm.err(ExcKind::TypeError, msg)
}

/// `ValueError(msg)`, to return from a Rust-implemented function.
pub fn value_error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    vm.err(ExcKind::ValueError, msg)
}

/// `RuntimeError(msg)`, to return from a Rust-implemented function.
pub fn runtime_error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    vm.err(ExcKind::RuntimeError, msg)
}

/// `KeyError(msg)`, to return from a Rust-implemented function.
pub fn key_error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    vm.err(ExcKind::KeyError, msg)
}

/// `PermissionError(msg)`: what a sandbox's refused capability raises.
pub fn permission_error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    vm.err(ExcKind::PermissionError, msg)
}

/// Any host error, raised in Python as `RuntimeError` carrying its message (a `PyError` keeps
/// its own type).
pub fn from_error(vm: &mut Vm, e: &(dyn std::error::Error + 'static)) -> PyErr {
    if let Some(p) = e.downcast_ref::<PyError>() {
        return p.clone().into_pyerr(vm);
    }
    runtime_error(vm, e.to_string())
}
