//! The generic methods of `_io._IOBase`, `_RawIOBase`, `_BufferedIOBase` and `_TextIOBase`.
//! They hold no native state: each works through the receiver's Python-level methods (as
//! `_pyio` specifies), so a Python subclass that defines `read`/`readinto`/`write` gets
//! `readline`, iteration, `readlines`, `writelines`, `with` and `close` from here. A
//! subclass's closed state is its `__IOBase_closed` attribute, as in CPython.

use rupy_interp::builtins::args::{add_getter, add_method, bind};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyErr, PyResult, Value, Vm};

use super::{DEFAULT_BUFFER_SIZE, call_method, closed_error, unsupported};

pub(super) fn fill(iobase: &Class, raw: &Class, buffered: &Class, text: &Class) {
    let o = "_IOBase";
    add_method(iobase, o, "seek", |vm, _a, _k| Err(unsupported(vm, "seek")));
    add_method(iobase, o, "truncate", |vm, _a, _k| {
        Err(unsupported(vm, "truncate"))
    });
    add_method(iobase, o, "fileno", |vm, _a, _k| {
        Err(unsupported(vm, "fileno"))
    });
    add_method(iobase, o, "tell", iob_tell);
    add_method(iobase, o, "flush", iob_flush);
    add_method(iobase, o, "close", iob_close);
    add_getter(iobase, o, "closed", iob_closed);
    add_method(iobase, o, "seekable", |_vm, _a, _k| Ok(Value::bool(false)));
    add_method(iobase, o, "readable", |_vm, _a, _k| Ok(Value::bool(false)));
    add_method(iobase, o, "writable", |_vm, _a, _k| Ok(Value::bool(false)));
    add_method(iobase, o, "_checkClosed", iob_check_closed);
    add_method(iobase, o, "_checkReadable", |vm, a, _k| {
        check_able(vm, a, "readable", "File or stream is not readable.")
    });
    add_method(iobase, o, "_checkWritable", |vm, a, _k| {
        check_able(vm, a, "writable", "File or stream is not writable.")
    });
    add_method(iobase, o, "_checkSeekable", |vm, a, _k| {
        check_able(vm, a, "seekable", "File or stream is not seekable.")
    });
    add_method(iobase, o, "__enter__", iob_enter);
    add_method(iobase, o, "__exit__", iob_exit);
    add_method(iobase, o, "isatty", iob_isatty);
    add_method(iobase, o, "readline", iob_readline);
    add_method(iobase, o, "readlines", iob_readlines);
    add_method(iobase, o, "writelines", iob_writelines);
    add_method(iobase, o, "__iter__", iob_enter);
    add_method(iobase, o, "__next__", iob_next);
    add_method(iobase, o, "__repr__", iob_repr);
    add_method(iobase, o, "__del__", iob_del);

    add_method(raw, "_RawIOBase", "read", raw_read);
    add_method(raw, "_RawIOBase", "readall", raw_readall);
    add_method(raw, "_RawIOBase", "readinto", |vm, _a, _k| {
        Err(PyErr::lazy_noarg(vm.exc(ExcKind::NotImplementedError)))
    });
    add_method(raw, "_RawIOBase", "write", |vm, _a, _k| {
        Err(PyErr::lazy_noarg(vm.exc(ExcKind::NotImplementedError)))
    });

    let b = "_BufferedIOBase";
    add_method(buffered, b, "read", |vm, _a, _k| {
        Err(unsupported(vm, "read"))
    });
    add_method(buffered, b, "read1", |vm, _a, _k| {
        Err(unsupported(vm, "read1"))
    });
    add_method(buffered, b, "write", |vm, _a, _k| {
        Err(unsupported(vm, "write"))
    });
    add_method(buffered, b, "detach", |vm, _a, _k| {
        Err(unsupported(vm, "detach"))
    });
    add_method(buffered, b, "readinto", |vm, a, _k| {
        buf_readinto(vm, a, "read")
    });
    add_method(buffered, b, "readinto1", |vm, a, _k| {
        buf_readinto(vm, a, "read1")
    });

    let t = "_TextIOBase";
    add_method(text, t, "read", |vm, _a, _k| Err(unsupported(vm, "read")));
    add_method(text, t, "readline", |vm, _a, _k| {
        Err(unsupported(vm, "readline"))
    });
    add_method(text, t, "write", |vm, _a, _k| Err(unsupported(vm, "write")));
    add_method(text, t, "detach", |vm, _a, _k| {
        Err(unsupported(vm, "detach"))
    });
    add_getter(text, t, "encoding", |_vm, _a, _k| Ok(Value::None));
    add_getter(text, t, "newlines", |_vm, _a, _k| Ok(Value::None));
    add_getter(text, t, "errors", |_vm, _a, _k| Ok(Value::None));
}

fn me<'a>(vm: &mut Vm, args: &'a [Value]) -> PyResult<&'a Value> {
    args.first()
        .ok_or_else(|| vm.type_error("unbound method needs an argument"))
}

fn stop(vm: &Vm) -> PyErr {
    PyErr::lazy_noarg(vm.exc(ExcKind::StopIteration))
}

/// Whether `self.closed` is true.
fn is_closed(vm: &mut Vm, s: &Value) -> PyResult<bool> {
    let n = vm.intern("closed");
    let v = ops::getattr(vm, s, &n)?;
    ops::truthy(vm, &v)
}

fn check_closed(vm: &mut Vm, s: &Value) -> PyResult<()> {
    if is_closed(vm, s)? {
        Err(closed_error(vm))
    } else {
        Ok(())
    }
}

fn iob_closed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?;
    let n = vm.intern("__IOBase_closed");
    match ops::getattr(vm, s, &n) {
        Ok(v) => Ok(v),
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => Ok(Value::bool(false)),
        Err(e) => Err(e),
    }
}

fn iob_check_closed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    check_closed(vm, &s)?;
    Ok(Value::None)
}

fn check_able(vm: &mut Vm, args: &[Value], what: &str, msg: &str) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    let v = call_method(vm, &s, what, &[])?;
    if !ops::truthy(vm, &v)? {
        return Err(unsupported(vm, msg));
    }
    Ok(Value::None)
}

fn iob_tell(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    call_method(vm, &s, "seek", &[Value::Int(0), Value::Int(1)])
}

fn iob_flush(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    check_closed(vm, &s)?;
    Ok(Value::None)
}

/// `close()`: flush once, then mark closed even when the flush failed.
fn iob_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    if is_closed(vm, &s)? {
        return Ok(Value::None);
    }
    let r = call_method(vm, &s, "flush", &[]);
    let n = vm.intern("__IOBase_closed");
    ops::setattr(vm, &s, &n, Value::bool(true))?;
    r.map(|_| Value::None)
}

fn iob_enter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    check_closed(vm, &s)?;
    Ok(s)
}

fn iob_exit(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    call_method(vm, &s, "close", &[])
}

fn iob_isatty(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    check_closed(vm, &s)?;
    Ok(Value::bool(false))
}

/// A size argument: None or an integer (-1 meaning "no limit").
pub(super) fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None | Some(Value::None) => Ok(-1),
        Some(v) if rupy_objects::int::is_int(v) || matches!(v, Value::Instance(_)) => {
            ops::index_of(vm, v)
        }
        Some(v) => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!("argument should be integer or None, not '{}'", t)))
        }
    }
}

/// `readline(size=-1)` from `read(1)`, for binary streams.
fn iob_readline(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    let [size] = bind(vm, "readline", &args[1..], kw, ["size"], 0)?;
    let limit = size_arg(vm, size.as_ref())?;
    let mut out = Vec::new();
    while limit < 0 || (out.len() as i64) < limit {
        rupy_interp::thread::poll_native(vm)?;
        let b = call_method(vm, &s, "read", &[Value::Int(1)])?;
        let Some((chunk, _)) = rupy_interp::types::bytes::bytes_of(&b) else {
            let t = ops::type_name(vm, &b);
            return Err(vm.err(
                ExcKind::OSError,
                format!("read() should have returned a bytes object, not '{}'", t),
            ));
        };
        if chunk.is_empty() {
            break;
        }
        vm.grow(&mut out, chunk.len())?;
        out.extend_from_slice(&chunk);
        if out.ends_with(b"\n") {
            break;
        }
    }
    Ok(Value::Bytes(std::rc::Rc::new(out)))
}

fn iob_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    let line = call_method(vm, &s, "readline", &[])?;
    if !ops::truthy(vm, &line)? {
        return Err(stop(vm));
    }
    Ok(line)
}

fn iob_readlines(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    let [hint] = bind(vm, "readlines", &args[1..], kw, ["hint"], 0)?;
    let hint = size_arg(vm, hint.as_ref())?;
    let it = ops::get_iter(vm, &s)?;
    let mut out = Vec::new();
    let mut total = 0i64;
    // As CPython's C version: lines are taken until their total length exceeds the hint.
    while let Some(line) = ops::next(vm, &it)? {
        let n = if hint > 0 {
            ops::len(vm, &line)? as i64
        } else {
            0
        };
        vm.grow(&mut out, 1)?;
        out.push(line);
        if hint > 0 {
            if n > hint - total {
                break;
            }
            total += n;
        }
    }
    Ok(Value::list(out))
}

fn iob_writelines(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    let [lines] = bind(vm, "writelines", &args[1..], kw, ["lines"], 1)?;
    check_closed(vm, &s)?;
    let it = ops::get_iter(vm, &lines.unwrap_or(Value::None))?;
    while let Some(line) = ops::next(vm, &it)? {
        call_method(vm, &s, "write", &[line])?;
    }
    Ok(Value::None)
}

/// `_RawIOBase.read(size=-1)`: `readinto` a fresh bytearray.
fn raw_read(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    let [size] = bind(vm, "read", &args[1..], kw, ["size"], 0)?;
    let n = size_arg(vm, size.as_ref())?;
    if n < 0 {
        return call_method(vm, &s, "readall", &[]);
    }
    vm.reserve(n as usize)?;
    let buf = std::rc::Rc::new(std::cell::RefCell::new(vec![0u8; n as usize]));
    let got = call_method(vm, &s, "readinto", &[Value::ByteArray(buf.clone())])?;
    if matches!(got, Value::None) {
        return Ok(Value::None);
    }
    let got = ops::index_of(vm, &got)?;
    let mut data = buf.borrow().clone();
    if got < 0 || got as usize > data.len() {
        return Err(vm.value_error(format!(
            "readinto returned {} outside buffer size {}",
            got, n
        )));
    }
    data.truncate(got as usize);
    Ok(Value::Bytes(std::rc::Rc::new(data)))
}

fn raw_readall(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    let mut out = Vec::new();
    loop {
        rupy_interp::thread::poll_native(vm)?;
        let chunk = call_method(vm, &s, "read", &[Value::Int(DEFAULT_BUFFER_SIZE)])?;
        if matches!(chunk, Value::None) {
            if out.is_empty() {
                return Ok(Value::None);
            }
            break;
        }
        let Some((b, _)) = rupy_interp::types::bytes::bytes_of(&chunk) else {
            return Err(vm.type_error("read() should return bytes"));
        };
        if b.is_empty() {
            break;
        }
        vm.grow(&mut out, b.len())?;
        out.extend_from_slice(&b);
    }
    Ok(Value::Bytes(std::rc::Rc::new(out)))
}

/// `_BufferedIOBase.readinto(b)`: `read(len(b))` copied into a bytearray.
fn buf_readinto(vm: &mut Vm, args: &[Value], method: &str) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    super::readinto_via(vm, args.get(1), |vm, n| {
        call_method(vm, &s, method, &[Value::Int(n as i64)])
    })
}

/// `object.__repr__` as CPython shows it (rupy's default would describe the payload).
fn iob_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?;
    let c = vm.type_of(s);
    let module = match c.dict().get_s("__module__") {
        Some(Value::Str(m)) if m.as_str() != "builtins" => format!("{}.", m.as_str()),
        _ => String::new(),
    };
    let qual = match c.dict().get_s("__qualname__") {
        Some(Value::Str(q)) => q.as_str().to_owned(),
        _ => c.name().to_string(),
    };
    Ok(Value::string(format!(
        "<{}{} object at 0x{:x}>",
        module,
        qual,
        s.heap_ptr().unwrap_or(0)
    )))
}

/// The finalizer: close a stream that is still open, as CPython's `iobase_finalize` does, so
/// buffered data reaches the file when the last reference goes. Errors are dropped (CPython
/// reports them as unraisable).
fn iob_del(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = me(vm, args)?.clone();
    if let Ok(false) = is_closed(vm, &s) {
        let _ = call_method(vm, &s, "close", &[]);
    }
    Ok(Value::None)
}
