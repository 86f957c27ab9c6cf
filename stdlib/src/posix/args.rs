//! Argument conversion and errors shared by the `posix` natives: path arguments (`str`,
//! `bytes`, `os.PathLike`, optionally a descriptor) as CPython's `path_t` converts them, and
//! `OSError` construction from an errno with the filenames CPython reports.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::rc::Rc;

use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{PyErr, PyResult, Value, Vm};

use crate::errno::message;

/// `OSError(errno, strerror, filename[, None, filename2])` for an I/O failure; calling the
/// class lets `OSError.__new__` pick the subclass for the errno.
pub(super) fn os_error(
    vm: &mut Vm,
    e: &io::Error,
    f1: Option<&Value>,
    f2: Option<&Value>,
) -> PyErr {
    let code = e.raw_os_error().map_or(5, |c| c as i64);
    errno_error(vm, code, f1, f2)
}

pub(super) fn errno_error(vm: &mut Vm, code: i64, f1: Option<&Value>, f2: Option<&Value>) -> PyErr {
    let mut args = vec![Value::Int(code), Value::string(message(code))];
    if let Some(f) = f1 {
        args.push(f.clone());
        if let Some(f2) = f2 {
            args.push(Value::None);
            args.push(f2.clone());
        }
    }
    let cls = Value::Class(vm.exc(ExcKind::OSError));
    match call_value(vm, &cls, &args, &[]) {
        Ok(obj) => PyErr::from_obj(obj),
        Err(e) => e,
    }
}

// ---- path arguments ----

/// A converted path argument.
pub(super) struct PathArg {
    pub(super) path: PathBuf,
    /// The argument was (or its `__fspath__` gave) bytes: name results are bytes too.
    pub(super) bytes: bool,
    /// The argument as given, for exception filenames.
    pub(super) obj: Value,
}

pub(super) enum Target {
    Path(PathArg),
    Fd(i32),
}

/// `os.fspath`: str and bytes (and their subclasses) pass, others go through `__fspath__`.
/// `Ok(None)` means the object is not path-like at all.
pub(super) fn fspath_of(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    let inner = match v {
        Value::Instance(_) => rupy_interp::types::unwrap_builtin(v).unwrap_or_else(|| v.clone()),
        _ => v.clone(),
    };
    if matches!(inner, Value::Str(_) | Value::Bytes(_)) {
        return Ok(Some(v.clone()));
    }
    let Some(f) = ops::lookup_special(vm, v, "__fspath__") else {
        return Ok(None);
    };
    if f.is_none() {
        return Ok(None);
    }
    let r = call_value(vm, &f, std::slice::from_ref(v), &[])?;
    let ri = rupy_interp::types::unwrap_builtin(&r).unwrap_or_else(|| r.clone());
    if matches!(ri, Value::Str(_) | Value::Bytes(_)) {
        Ok(Some(r))
    } else {
        let (t, rt) = (ops::type_name(vm, v), ops::type_name(vm, &r));
        Err(vm.type_error(format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            t, rt
        )))
    }
}

/// Convert a path argument as CPython's `path_t` converter does.
pub(super) fn target(
    vm: &mut Vm,
    fname: &str,
    argname: &str,
    v: &Value,
    allow_fd: bool,
    allow_none: bool,
) -> PyResult<Target> {
    let fspath = fspath_of(vm, v)?;
    let Some(p) = fspath else {
        if allow_fd && matches!(v, Value::Int(_) | Value::Bool(_)) {
            let n = ops::index_of(vm, v)?;
            return match i32::try_from(n) {
                Ok(n) if n >= 0 => Ok(Target::Fd(n)),
                Ok(_) => Err(vm.value_error(format!("{}: fd is negative", fname))),
                Err(_) => Err(vm.err(
                    ExcKind::OverflowError,
                    format!("{}: fd is greater than maximum", fname),
                )),
            };
        }
        let kinds = match (allow_fd, allow_none) {
            (true, true) => "string, bytes, os.PathLike, integer or None",
            (true, false) => "string, bytes, os.PathLike or integer",
            (false, true) => "string, bytes, os.PathLike or None",
            (false, false) => "string, bytes or os.PathLike",
        };
        let t = ops::type_name(vm, v);
        return Err(vm.type_error(format!(
            "{}: {} should be {}, not {}",
            fname, argname, kinds, t
        )));
    };
    let inner = rupy_interp::types::unwrap_builtin(&p).unwrap_or_else(|| p.clone());
    let (raw, bytes): (Vec<u8>, bool) = match &inner {
        Value::Str(s) => (s.as_str().as_bytes().to_vec(), false),
        Value::Bytes(b) => ((**b).clone(), true),
        _ => unreachable_path(),
    };
    if raw.contains(&0) {
        return Err(vm.value_error(format!("{}: embedded null character in {}", fname, argname)));
    }
    Ok(Target::Path(PathArg {
        path: PathBuf::from(OsString::from_vec(raw)),
        bytes,
        // CPython reports the `__fspath__` result, not the PathLike object.
        obj: p,
    }))
}

/// `fspath_of` only returns str or bytes; an empty path stands in for the impossible case.
pub(super) fn unreachable_path() -> (Vec<u8>, bool) {
    (Vec::new(), false)
}

pub(super) fn path_only(vm: &mut Vm, fname: &str, argname: &str, v: &Value) -> PyResult<PathArg> {
    match target(vm, fname, argname, v, false, false)? {
        Target::Path(p) => Ok(p),
        Target::Fd(_) => Err(vm.type_error(format!("{}: {} should be a path", fname, argname))),
    }
}

/// A name or path result in the type the argument had.
pub(super) fn name_value(name: &OsStr, bytes: bool) -> Value {
    if bytes {
        Value::Bytes(Rc::new(name.as_bytes().to_vec()))
    } else {
        Value::string(name.to_string_lossy().into_owned())
    }
}

pub(super) fn is_true(vm: &mut Vm, v: &Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        None => Ok(default),
        Some(v) => ops::truthy(vm, v),
    }
}

/// `dir_fd` as an optional descriptor number.
pub(super) fn dir_fd(vm: &mut Vm, v: &Option<Value>) -> PyResult<Option<i32>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let n = ops::index_of(vm, v)?;
            i32::try_from(n)
                .map(Some)
                .map_err(|_| vm.err(ExcKind::OverflowError, "fd is greater than maximum"))
        }
    }
}

pub(super) fn reject_dir_fd(vm: &mut Vm, fname: &str, v: &Option<Value>) -> PyResult<()> {
    match dir_fd(vm, v)? {
        None => Ok(()),
        Some(_) => Err(vm.err(
            ExcKind::NotImplementedError,
            format!("{}: dir_fd unavailable on this platform", fname),
        )),
    }
}

/// An integer argument converted to the C type `ctype` spans (`int`, `long`, `ssize_t`):
/// out of range is CPython's OverflowError.
pub(super) fn c_integer(vm: &mut Vm, v: &Value, ctype: &str, min: i64, max: i64) -> PyResult<i64> {
    match ops::to_index(vm, v)? {
        Value::Int(i) if (min..=max).contains(&i) => Ok(i),
        _ => Err(vm.err(
            ExcKind::OverflowError,
            format!("Python int too large to convert to C {}", ctype),
        )),
    }
}

/// A C `int` argument (descriptors, flags, modes, signal numbers).
pub(super) fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    Ok(c_integer(vm, v, "int", i32::MIN as i64, i32::MAX as i64)? as i32)
}

pub(super) fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    c_int(vm, v)
}

/// A C `long` argument (offsets, lengths, ids).
pub(super) fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    c_integer(vm, v, "long", i64::MIN, i64::MAX)
}

/// Exactly `n` (more than one) positional arguments, with CPython's message for
/// positional-only parameters ("read expected 2 arguments, got 1").
pub(super) fn positional(vm: &mut Vm, fname: &str, args: &[Value], n: usize) -> PyResult<()> {
    if args.len() == n {
        return Ok(());
    }
    Err(vm.type_error(format!(
        "{} expected {} arguments, got {}",
        fname,
        n,
        args.len()
    )))
}

/// A C `int` argument, widened for arithmetic.
pub(super) fn int_c(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    c_integer(vm, v, "int", i32::MIN as i64, i32::MAX as i64)
}
