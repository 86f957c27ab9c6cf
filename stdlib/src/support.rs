//! Helpers shared by the binary-data modules (`_struct`, `binascii`, `zlib`, the hashes):
//! module-level exception classes made the way CPython's `PyErr_NewException` makes them
//! (ordinary heap classes, so Python code can subclass and catch them), and reading
//! bytes-like arguments with CPython's messages.
//!
//! A module's exception classes live in the interpreter's shared state (one per
//! interpreter), set when the module is initialised; natives look them up there, falling back
//! to a builtin class if the module was never initialised in this interpreter.

use std::rc::Rc;

use rupy_interp::ops;
use rupy_interp::types::bytes::bytes_of;
use rupy_objects::{Class, KwArgs, PyDict, PyResult, PyStr, Value, Vm};

/// A new exception class `module.name` deriving from `bases`, as `class name(*bases)` in a
/// module named `module` would make it.
pub fn new_exception_class(
    vm: &mut Vm,
    module: &str,
    name: &str,
    bases: &[Rc<Class>],
) -> PyResult<Rc<Class>> {
    let ns = PyDict::new_rc();
    ns.set_s("__module__", Value::str(module));
    let bases = Value::tuple(bases.iter().map(|b| Value::Class(b.clone())).collect());
    let meta = vm.types.type_.clone();
    let cls = rupy_interp::types::class::new_class(
        vm,
        meta,
        &Value::str(name),
        &bases,
        &Value::Dict(ns),
        &[] as &KwArgs,
    )?;
    match cls {
        Value::Class(c) => Ok(c),
        _ => Err(vm.type_error("exception class creation failed")),
    }
}

/// The bytes of a bytes-like argument (bytes, bytearray, memoryview or a subclass), or
/// `TypeError: a bytes-like object is required, not 'T'`. A `bytes` object is shared, not
/// copied (inputs to hashing and compression may be large); other buffers are copied, so
/// no borrow of a mutable buffer outlives this call.
pub fn buffer(vm: &mut Vm, v: &Value) -> PyResult<Rc<Vec<u8>>> {
    match shared_bytes(v) {
        Some(b) => Ok(b),
        None => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!("a bytes-like object is required, not '{}'", t)))
        }
    }
}

/// The contents of a bytes-like value, shared when it is a `bytes`.
pub fn shared_bytes(v: &Value) -> Option<Rc<Vec<u8>>> {
    match v {
        Value::Bytes(b) => Some(b.clone()),
        Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v) {
            Some(Value::Bytes(b)) => Some(b),
            _ => bytes_of(v).map(|(b, _)| Rc::new(b)),
        },
        _ => bytes_of(v).map(|(b, _)| Rc::new(b)),
    }
}

/// An ASCII-only `str` argument's bytes, for the functions that accept `str` in place of
/// bytes (`a2b_*`, `unhexlify`): `ValueError` for other characters, as CPython's
/// `ascii_buffer_converter`.
pub fn ascii_or_buffer(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = rupy_interp::types::str::str_of(v) {
        return ascii_of(vm, &s);
    }
    match bytes_of(v) {
        Some((b, _)) => Ok(b),
        None => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!(
                "argument should be bytes, buffer or ASCII string, not '{}'",
                t
            )))
        }
    }
}

fn ascii_of(vm: &mut Vm, s: &PyStr) -> PyResult<Vec<u8>> {
    if !s.as_str().is_ascii() {
        return Err(vm.value_error("string argument should contain only ASCII characters"));
    }
    Ok(s.as_str().as_bytes().to_vec())
}

/// CPython's positional-count message for natives taking exactly or at least `min`
/// positional arguments ("unpack expected 2 arguments, got 1").
pub fn check_positional(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    let n = args.len();
    if n >= min && n <= max {
        return Ok(());
    }
    let (which, count) = if n < min {
        (if min == max { "" } else { "at least " }, min)
    } else {
        (if min == max { "" } else { "at most " }, max)
    };
    Err(vm.type_error(format!(
        "{} expected {}{} argument{}, got {}",
        fname,
        which,
        count,
        if count == 1 { "" } else { "s" },
        n
    )))
}
