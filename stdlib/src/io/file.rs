//! `_io.FileIO`: a raw binary stream over an operating-system file.
//!
//! The `std::fs::File` (a `Handle`) lives in the instance's payload (`None` once closed);
//! `name` is an ordinary instance attribute as in CPython. Every operation is one system call
//! on the file (no buffering here: that is `BufferedReader`/`BufferedWriter`'s job). Opening
//! honours the interpreter's file-access flag (`files_allowed`).
//!
//! The standard descriptors 0, 1 and 2 can be wrapped (`open(0)`, `open(1, 'wb', closefd=False)`):
//! they read the process's stdin and write through the interpreter's own stdout/stderr
//! buffers, so output stays in order with `print` and counts against the output limit.
//!
//! Known gaps: other integer file descriptors cannot be wrapped (adopting a raw descriptor
//! needs `unsafe`), `opener` is not supported (both raise), and reading stdin holds the GIL.

use std::io::{IsTerminal, Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_getter, add_method, bind};
use rupy_interp::builtins::io::{files_allowed, files_refused, os_error};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyResult, Value, Vm};

use super::bases::size_arg;
use super::{init_if_builtin, new_instance, unsupported, with};

/// What a FileIO reads and writes.
enum Handle {
    File(std::fs::File),
    /// Descriptor 0, 1 or 2 through the interpreter's standard streams.
    Std(u8),
}

fn bad_fd() -> std::io::Error {
    std::io::Error::from_raw_os_error(9)
}

impl Read for Handle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Handle::File(f) => f.read(buf),
            Handle::Std(0) => std::io::stdin().read(buf),
            Handle::Std(_) => Err(bad_fd()),
        }
    }
}

impl Seek for Handle {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        match self {
            Handle::File(f) => f.seek(to),
            // ESPIPE, as for a terminal or pipe.
            Handle::Std(_) => Err(std::io::Error::from_raw_os_error(29)),
        }
    }
}

impl Handle {
    fn write_out(&mut self, vm: &mut Vm, data: &[u8]) -> PyResult<()> {
        let r = match self {
            Handle::File(f) => f.write_all(data),
            Handle::Std(1) => {
                vm.charge_output(data.len())?;
                vm.write_stdout(data)
            }
            Handle::Std(2) => {
                vm.charge_output(data.len())?;
                let _ = vm.flush_stdout();
                vm.shared
                    .stderr
                    .write(data)
                    .and_then(|_| vm.shared.stderr.take().finish())
            }
            Handle::Std(_) => Err(bad_fd()),
        };
        r.map_err(|e| os_error(vm, &e, None))
    }

    fn set_len(&mut self, n: u64) -> std::io::Result<()> {
        match self {
            Handle::File(f) => f.set_len(n),
            Handle::Std(_) => Err(std::io::Error::from_raw_os_error(22)),
        }
    }

    fn fd(&self) -> i64 {
        match self {
            Handle::File(f) => f.as_raw_fd() as i64,
            Handle::Std(n) => i64::from(*n),
        }
    }

    fn tty(&self) -> bool {
        match self {
            Handle::File(f) => f.is_terminal(),
            Handle::Std(0) => std::io::stdin().is_terminal(),
            Handle::Std(1) => std::io::stdout().is_terminal(),
            Handle::Std(_) => std::io::stderr().is_terminal(),
        }
    }
}

pub(super) struct Raw {
    file: Option<Handle>,
    readable: bool,
    writable: bool,
    appending: bool,
    created: bool,
    closefd: bool,
}

const T: &str = "FileIO";

pub(super) fn fill(c: &Class) {
    let methods: [(&'static str, rupy_objects::NativeFn); 17] = [
        ("__new__", fio_new),
        ("__init__", fio_init),
        ("read", fio_read),
        ("readall", fio_readall),
        ("readinto", fio_readinto),
        ("write", fio_write),
        ("seek", fio_seek),
        ("tell", fio_tell),
        ("truncate", fio_truncate),
        ("close", fio_close),
        ("fileno", fio_fileno),
        ("isatty", fio_isatty),
        ("readable", fio_readable),
        ("writable", fio_writable),
        ("seekable", fio_seekable),
        ("__repr__", fio_repr),
        ("flush", fio_flush),
    ];
    for (name, f) in methods {
        add_method(c, T, name, f);
    }
    add_getter(c, T, "closed", fio_closed);
    add_getter(c, T, "mode", fio_mode);
    add_getter(c, T, "closefd", fio_closefd);
}

/// Whether `v`, an instance of FileIO itself (not a Python subclass, which may redefine
/// `closed`), is closed; `None` for anything else.
pub(super) fn closed_state(v: &Value) -> Option<bool> {
    let Value::Instance(i) = v else { return None };
    if i.class.borrow().flags().heap {
        return None;
    }
    let o = super::payload::<Raw>(v)?;
    let d = o.data.try_borrow().ok()?;
    Some(d.downcast_ref::<Raw>()?.file.is_none())
}

fn closed_err(vm: &Vm) -> rupy_objects::PyErr {
    vm.value_error("I/O operation on closed file")
}

/// Run `f` on the open file; ValueError once closed.
fn with_file<R>(
    vm: &mut Vm,
    args: &[Value],
    meth: &str,
    f: impl FnOnce(&mut Vm, &mut Raw) -> PyResult<R>,
) -> PyResult<R> {
    with(vm, args, T, meth, |vm, r: &mut Raw| {
        if r.file.is_none() {
            return Err(closed_err(vm));
        }
        f(vm, r)
    })
}

fn fio_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let obj = new_instance(
        vm,
        args,
        Box::new(Raw {
            file: None,
            readable: false,
            writable: false,
            appending: false,
            created: false,
            closefd: true,
        }),
    )?;
    init_if_builtin(vm, obj, args, kw, fio_init)
}

/// A path argument as text for the OS and the value kept as `name`.
pub(super) fn path_arg(vm: &mut Vm, v: &Value) -> PyResult<(String, Value)> {
    match v {
        Value::Str(s) => Ok((s.as_str().to_owned(), v.clone())),
        Value::Bytes(b) => Ok((String::from_utf8_lossy(b).into_owned(), v.clone())),
        _ if rupy_objects::int::is_int(v) => Err(vm.err(
            ExcKind::OSError,
            "rupy cannot wrap a file descriptor in a file object yet",
        )),
        _ if ops::lookup_special(vm, v, "__fspath__").is_some() => {
            let p = super::call_method(vm, v, "__fspath__", &[])?;
            match &p {
                Value::Str(_) | Value::Bytes(_) => path_arg(vm, &p),
                _ => {
                    let t = ops::type_name(vm, v);
                    let pt = ops::type_name(vm, &p);
                    Err(vm.type_error(format!(
                        "expected {}.__fspath__() to return str or bytes, not {}",
                        t, pt
                    )))
                }
            }
        }
        _ => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                t
            )))
        }
    }
}

fn fio_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [file, mode, closefd, opener] = bind(
        vm,
        "FileIO",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["file", "mode", "closefd", "opener"],
        1,
    )?;
    let file = file.unwrap_or(Value::None);
    let mode = match &mode {
        None => "r".to_owned(),
        Some(Value::Str(s)) => s.as_str().to_owned(),
        Some(v) => {
            let t = ops::type_name(vm, v);
            return Err(vm.type_error(format!("FileIO() argument 'mode' must be str, not {}", t)));
        }
    };
    let closefd = match &closefd {
        None => true,
        Some(v) => ops::truthy(vm, v)?,
    };
    if !matches!(opener, None | Some(Value::None)) {
        return Err(vm.err(
            ExcKind::NotImplementedError,
            "FileIO opener is not supported",
        ));
    }
    let (mut rd, mut wr, mut cr, mut ap, mut plus) = (false, false, false, false, false);
    let mut kinds = 0;
    for c in mode.chars() {
        let seen = match c {
            'r' => std::mem::replace(&mut rd, true),
            'w' => std::mem::replace(&mut wr, true),
            'x' => std::mem::replace(&mut cr, true),
            'a' => std::mem::replace(&mut ap, true),
            '+' => std::mem::replace(&mut plus, true),
            'b' => false,
            _ => return Err(vm.value_error(format!("invalid mode: {}", mode))),
        };
        if seen {
            return Err(bad_mode(vm));
        }
        if "rwxa".contains(c) {
            kinds += 1;
        }
    }
    if kinds != 1 {
        return Err(bad_mode(vm));
    }
    if !files_allowed(vm) {
        return Err(files_refused(vm));
    }
    if let Value::Int(fd) = file
        && (0..=2).contains(&fd)
    {
        let fd = fd as u8;
        with(vm, args, T, "__init__", |_vm, r: &mut Raw| {
            *r = Raw {
                file: Some(Handle::Std(fd)),
                readable: rd || plus,
                writable: wr || cr || ap || plus,
                appending: ap,
                created: cr,
                closefd,
            };
            Ok(())
        })?;
        let n = vm.intern("name");
        ops::setattr(vm, &args[0], &n, Value::Int(i64::from(fd)))?;
        return Ok(Value::None);
    }
    let (path, name) = path_arg(vm, &file)?;
    if !closefd {
        return Err(vm.value_error("Cannot use closefd=False with file name"));
    }
    let mut o = std::fs::OpenOptions::new();
    if rd {
        o.read(true);
    }
    if wr {
        o.write(true).create(true).truncate(true);
    }
    if cr {
        o.write(true).create_new(true);
    }
    if ap {
        o.append(true).create(true);
    }
    if plus {
        o.read(true).write(true);
    }
    let mut f = o.open(&path).map_err(|e| os_error(vm, &e, Some(&path)))?;
    if ap {
        // As CPython: an appending file starts at its end, so `tell()` (and a text layer
        // deciding whether to write a BOM) sees the real position before the first write.
        f.seek(SeekFrom::End(0))
            .map_err(|e| os_error(vm, &e, Some(&path)))?;
    }
    if f.metadata().is_ok_and(|m| m.is_dir()) {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(os_error(vm, &e, Some(&path)));
    }
    with(vm, args, T, "__init__", |_vm, r: &mut Raw| {
        *r = Raw {
            file: Some(Handle::File(f)),
            readable: rd || plus,
            writable: wr || cr || ap || plus,
            appending: ap,
            created: cr,
            closefd,
        };
        Ok(())
    })?;
    let n = vm.intern("name");
    ops::setattr(vm, &args[0], &n, name)?;
    Ok(Value::None)
}

/// Before waiting on stdin, write out pending standard output (a prompt) as `input()` does.
fn prompt_out(vm: &Vm, r: &Raw) {
    if matches!(r.file, Some(Handle::Std(0))) {
        let _ = vm.flush_stdout();
    }
}

fn bad_mode(vm: &Vm) -> rupy_objects::PyErr {
    vm.value_error("Must have exactly one of create/read/write/append mode and at most one plus")
}

fn not_readable(vm: &mut Vm) -> rupy_objects::PyErr {
    unsupported(vm, "File not open for reading")
}

fn fio_read(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(vm, "read", args.get(1..).unwrap_or(&[]), kw, ["size"], 0)?;
    let n = size_arg(vm, size.as_ref())?;
    if n < 0 {
        return fio_readall(vm, &args[..1], &[]);
    }
    vm.reserve(n as usize)?;
    with_file(vm, args, "read", |vm, r| {
        if !r.readable {
            return Err(not_readable(vm));
        }
        let mut buf = vec![0u8; n as usize];
        prompt_out(vm, r);
        let f = r.file.as_mut().ok_or_else(|| closed_err(vm))?;
        let got = f.read(&mut buf).map_err(|e| os_error(vm, &e, None))?;
        buf.truncate(got);
        Ok(Value::Bytes(Rc::new(buf)))
    })
}

fn fio_readall(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "readall", |vm, r| {
        if !r.readable {
            return Err(not_readable(vm));
        }
        prompt_out(vm, r);
        let f = r.file.as_mut().ok_or_else(|| closed_err(vm))?;
        let mut out = Vec::new();
        let mut chunk = [0u8; 8192];
        let mut steps = 0u32;
        loop {
            let got = f.read(&mut chunk).map_err(|e| os_error(vm, &e, None))?;
            if got == 0 {
                break;
            }
            vm.grow(&mut out, got)?;
            out.extend_from_slice(&chunk[..got]);
            steps += 1;
            if steps.is_multiple_of(4096) {
                rupy_interp::thread::poll_native(vm)?;
            }
        }
        Ok(Value::Bytes(Rc::new(out)))
    })
}

fn fio_readinto(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let me = args.first().cloned().unwrap_or(Value::None);
    super::readinto_via(vm, args.get(1), |vm, n| {
        fio_read(vm, &[me, Value::Int(n as i64)], &[])
    })
}

fn fio_write(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    rupy_interp::builtins::args::arity(vm, "write", args.get(1..).unwrap_or(&[]), 1, 1)?;
    with_file(vm, args, "write", |_vm, _r| Ok(()))?;
    let data = rupy_interp::types::bytes::buffer_arg(vm, &args[1])?;
    with_file(vm, args, "write", |vm, r| {
        if !r.writable {
            return Err(unsupported(vm, "File not open for writing"));
        }
        let f = r.file.as_mut().ok_or_else(|| closed_err(vm))?;
        f.write_out(vm, &data)?;
        Ok(Value::Int(data.len() as i64))
    })
}

fn fio_seek(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [pos, whence] = bind(
        vm,
        "seek",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["pos", "whence"],
        1,
    )?;
    let pos = ops::index_of(vm, &pos.unwrap_or(Value::None))?;
    let whence = match &whence {
        Some(w) => ops::index_of(vm, w)?,
        None => 0,
    };
    with_file(vm, args, "seek", |vm, r| {
        let to = match whence {
            0 if pos < 0 => return Err(vm.err(ExcKind::OSError, "[Errno 22] Invalid argument")),
            0 => SeekFrom::Start(pos as u64),
            1 => SeekFrom::Current(pos),
            2 => SeekFrom::End(pos),
            _ => return Err(vm.err(ExcKind::OSError, "[Errno 22] Invalid argument")),
        };
        let f = r.file.as_mut().ok_or_else(|| closed_err(vm))?;
        let p = f.seek(to).map_err(|e| os_error(vm, &e, None))?;
        Ok(Value::Int(p as i64))
    })
}

fn fio_tell(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "tell", |vm, r| {
        let f = r.file.as_mut().ok_or_else(|| closed_err(vm))?;
        let p = f.stream_position().map_err(|e| os_error(vm, &e, None))?;
        Ok(Value::Int(p as i64))
    })
}

fn fio_truncate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(
        vm,
        "truncate",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["size"],
        0,
    )?;
    let size = match &size {
        None | Some(Value::None) => None,
        Some(v) => Some(ops::index_of(vm, v)?),
    };
    with_file(vm, args, "truncate", |vm, r| {
        if !r.writable {
            return Err(unsupported(vm, "File not open for writing"));
        }
        let f = r.file.as_mut().ok_or_else(|| closed_err(vm))?;
        let size = match size {
            Some(s) => s,
            None => f.stream_position().map_err(|e| os_error(vm, &e, None))? as i64,
        };
        if size < 0 {
            return Err(vm.err(ExcKind::OSError, "[Errno 22] Invalid argument"));
        }
        f.set_len(size as u64).map_err(|e| os_error(vm, &e, None))?;
        Ok(Value::Int(size))
    })
}

fn fio_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let f = with(vm, args, T, "close", |_vm, r: &mut Raw| Ok(r.file.take()))?;
    if let Some(Handle::File(mut f)) = f {
        let _ = f.flush();
    }
    Ok(Value::None)
}

fn fio_flush(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "flush", |_vm, _r| Ok(Value::None))
}

fn fio_fileno(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "fileno", |vm, r| {
        let f = r.file.as_ref().ok_or_else(|| closed_err(vm))?;
        Ok(Value::Int(f.fd()))
    })
}

fn fio_isatty(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "isatty", |vm, r| {
        let f = r.file.as_ref().ok_or_else(|| closed_err(vm))?;
        Ok(Value::bool(f.tty()))
    })
}

fn fio_readable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "readable", |_vm, r| Ok(Value::bool(r.readable)))
}

fn fio_writable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "writable", |_vm, r| Ok(Value::bool(r.writable)))
}

fn fio_seekable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, args, "seekable", |_vm, r| {
        Ok(Value::bool(
            r.file.as_mut().is_some_and(|f| f.stream_position().is_ok()),
        ))
    })
}

fn fio_closed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, T, "closed", |_vm, r: &mut Raw| {
        Ok(Value::bool(r.file.is_none()))
    })
}

fn mode_of(r: &Raw) -> &'static str {
    match (r.created, r.appending, r.readable, r.writable) {
        (true, _, true, _) => "xb+",
        (true, _, false, _) => "xb",
        (_, true, true, _) => "ab+",
        (_, true, false, _) => "ab",
        (_, _, true, true) => "rb+",
        (_, _, true, false) => "rb",
        _ => "wb",
    }
}

fn fio_mode(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, T, "mode", |_vm, r: &mut Raw| {
        Ok(Value::str(mode_of(r)))
    })
}

fn fio_closefd(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, T, "closefd", |_vm, r: &mut Raw| {
        Ok(Value::bool(r.closefd))
    })
}

fn fio_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (open, mode, closefd) = with(vm, args, T, "__repr__", |_vm, r: &mut Raw| {
        Ok((r.file.is_some(), mode_of(r), r.closefd))
    })?;
    let tname = vm.type_of(&args[0]).name().to_string();
    let module = match vm.type_of(&args[0]).dict().get_s("__module__") {
        Some(Value::Str(s)) => s.as_str().to_owned(),
        _ => "_io".to_owned(),
    };
    if !open {
        return Ok(Value::string(format!("<{}.{} [closed]>", module, tname)));
    }
    let n = vm.intern("name");
    let name = match ops::getattr(vm, &args[0], &n) {
        Ok(v) => format!(" name={}", ops::repr_string(vm, &v)?),
        Err(_) => String::new(),
    };
    Ok(Value::string(format!(
        "<{}.{}{} mode='{}' closefd={}>",
        module,
        tname,
        name,
        mode,
        if closefd { "True" } else { "False" }
    )))
}
