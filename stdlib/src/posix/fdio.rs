//! Descriptor I/O of `posix`: `open`, `close`, `read`, `write`, `lseek`, `fsync`,
//! `ftruncate`/`truncate`, `dup`/`dup2`, `pipe`, `isatty` and inheritability, every descriptor
//! reached through the `fds` table.

use std::io;
use std::rc::Rc;

use rupy_interp::builtins::args::{arity, bind, no_kwargs};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::{KwArgs, PyResult, Value, Vm};

use super::args::*;
use super::fds;

pub(super) fn posix_open(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, flags, mode, dfd] = bind(
        vm,
        "open",
        args,
        kwargs,
        ["path", "flags", "mode", "dir_fd"],
        2,
    )?;
    let p = path_only(vm, "open", "path", &path.unwrap_or(Value::None))?;
    let flags = int_c(vm, &flags.unwrap_or(Value::None))?;
    let mode = match mode {
        Some(m) => int_c(vm, &m)?,
        None => 0o777,
    };
    let dfd = dir_fd(vm, &dfd)?;
    // Descriptors Python opens are not inherited by child processes (PEP 446).
    let oflags = rustix::fs::OFlags::from_bits_retain(flags as u32) | rustix::fs::OFlags::CLOEXEC;
    let m = rustix::fs::Mode::from_raw_mode(mode as u32);
    let path = p.path.clone();
    let r = match dfd {
        None => rupy_interp::thread::allow_threads(vm, move || {
            rustix::fs::open(&path, oflags, m).map_err(io::Error::from)
        }),
        Some(d) => fds::with_fd(d, |dir| Ok(rustix::fs::openat(dir, &path, oflags, m)?)),
    };
    match r {
        Ok(fd) => Ok(Value::Int(fds::insert(fd) as i64)),
        Err(e) => Err(os_error(vm, &e, Some(&p.obj), None)),
    }
}

pub(super) fn posix_close(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd] = bind(vm, "close", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    fds::take(n).map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

pub(super) fn posix_closerange(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "closerange", kwargs)?;
    positional(vm, "closerange", args, 2)?;
    let lo = fd_arg(vm, &args[0])?;
    let hi = fd_arg(vm, &args[1])?;
    for n in lo.max(3)..hi {
        let _ = fds::take(n);
    }
    Ok(Value::None)
}

pub(super) fn fd_op(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    fname: &str,
    f: impl FnOnce(std::os::fd::BorrowedFd<'_>) -> io::Result<()>,
) -> PyResult<Value> {
    let [fd] = bind(vm, fname, args, kwargs, ["fd"], 1)?;
    let fdv = fd.unwrap_or(Value::None);
    let n = match fd_or_fileno(vm, &fdv)? {
        Some(n) => n,
        None => fd_arg(vm, &fdv)?,
    };
    fds::with_fd(n, f).map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

/// `fsync` accepts objects with `fileno()`.
pub(super) fn fd_or_fileno(vm: &mut Vm, v: &Value) -> PyResult<Option<i32>> {
    if matches!(v, Value::Int(_) | Value::Bool(_)) {
        return Ok(None);
    }
    let name = vm.intern("fileno");
    match ops::getattr(vm, v, &name) {
        Ok(f) => {
            let r = call_value(vm, &f, &[], &[])?;
            Ok(Some(fd_arg(vm, &r)?))
        }
        Err(_) => Ok(None),
    }
}

pub(super) fn posix_read(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "read", kwargs)?;
    positional(vm, "read", args, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let len = c_integer(vm, &args[1], "ssize_t", i64::MIN, i64::MAX)?;
    if len < 0 {
        return Err(errno_error(vm, 22, None, None));
    }
    let len = len as usize;
    // Reserve without touching the memory: the kernel fills only what it reads, so a huge
    // `n` on a short file costs nothing, and an impossible one is a MemoryError.
    vm.reserve(len)?;
    let mut buf: Vec<u8> = Vec::new();
    buf.try_reserve_exact(len)
        .map_err(|_| vm.no_room(rupy_objects::heap::NoRoom::Alloc))?;
    // A read may block (pipes, terminals): other threads run meanwhile.
    let r = rupy_interp::thread::allow_threads(vm, move || {
        fds::with_fd(n, |fd| {
            if buf.capacity() == len {
                rustix::io::read(fd, rustix::buffer::spare_capacity(&mut buf))?;
            } else {
                // The allocator gave more than asked: read into exactly `len` bytes instead.
                buf.resize(len, 0);
                let got = rustix::io::read(fd, &mut buf[..])?;
                buf.truncate(got);
            }
            Ok(())
        })
        .map(|()| buf)
    });
    match r {
        Ok(b) => Ok(Value::Bytes(Rc::new(b))),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

/// The bytes of a bytes-like argument.
pub(super) fn buffer(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Bytes(b) => Ok((**b).clone()),
        Value::ByteArray(b) => Ok(b.borrow().clone()),
        _ => match rupy_interp::types::unwrap_builtin(v) {
            Some(Value::Bytes(b)) => Ok((*b).clone()),
            Some(Value::ByteArray(b)) => Ok(b.borrow().clone()),
            _ => {
                let name = vm.intern("tobytes");
                if let Ok(f) = ops::getattr(vm, v, &name)
                    && let Value::Bytes(b) = call_value(vm, &f, &[], &[])?
                {
                    return Ok((*b).clone());
                }
                let t = ops::type_name(vm, v);
                Err(vm.type_error(format!("a bytes-like object is required, not '{}'", t)))
            }
        },
    }
}

pub(super) fn posix_write(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "write", kwargs)?;
    positional(vm, "write", args, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let data = buffer(vm, &args[1])?;
    if n == 1 || n == 2 {
        // Keep ordering with what print() buffered.
        let _ = vm.flush_stdout();
    }
    let r = rupy_interp::thread::allow_threads(vm, move || {
        fds::with_fd(n, |fd| Ok(rustix::io::write(fd, &data)?))
    });
    match r {
        Ok(k) => Ok(Value::Int(k as i64)),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

pub(super) fn posix_lseek(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "lseek", kwargs)?;
    positional(vm, "lseek", args, 3)?;
    let n = fd_arg(vm, &args[0])?;
    let pos = int_arg(vm, &args[1])?;
    let how = int_c(vm, &args[2])?;
    let from = match how {
        0 if pos >= 0 => rustix::fs::SeekFrom::Start(pos as u64),
        0 => return Err(errno_error(vm, 22, None, None)),
        1 => rustix::fs::SeekFrom::Current(pos),
        2 => rustix::fs::SeekFrom::End(pos),
        3 => rustix::fs::SeekFrom::Data(pos as u64),
        4 => rustix::fs::SeekFrom::Hole(pos as u64),
        _ => return Err(errno_error(vm, 22, None, None)),
    };
    match fds::with_fd(n, |fd| Ok(rustix::fs::seek(fd, from)?)) {
        Ok(p) => Ok(Value::Int(p as i64)),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

pub(super) fn posix_ftruncate(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "ftruncate", kwargs)?;
    positional(vm, "ftruncate", args, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let len = int_arg(vm, &args[1])?;
    if len < 0 {
        return Err(errno_error(vm, 22, None, None));
    }
    fds::with_fd(n, |fd| Ok(rustix::fs::ftruncate(fd, len as u64)?))
        .map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

pub(super) fn posix_truncate(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, len] = bind(vm, "truncate", args, kwargs, ["path", "length"], 2)?;
    let len = int_arg(vm, &len.unwrap_or(Value::None))?;
    match target(
        vm,
        "truncate",
        "path",
        &path.unwrap_or(Value::None),
        true,
        false,
    )? {
        Target::Fd(n) => {
            posix_ftruncate(vm, &[Value::Int(n as i64), Value::Int(len)], &[])?;
        }
        Target::Path(p) => {
            if len < 0 {
                return Err(errno_error(vm, 22, Some(&p.obj), None));
            }
            std::fs::OpenOptions::new()
                .write(true)
                .open(&p.path)
                .and_then(|f| f.set_len(len as u64))
                .map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
        }
    }
    Ok(Value::None)
}

pub(super) fn posix_dup(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd] = bind(vm, "dup", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    match fds::with_fd(n, |fd| Ok(rustix::io::fcntl_dupfd_cloexec(fd, 0)?)) {
        Ok(fd) => Ok(Value::Int(fds::insert(fd) as i64)),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

pub(super) fn posix_dup2(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd, fd2, _inh] = bind(vm, "dup2", args, kwargs, ["fd", "fd2", "inheritable"], 2)?;
    let a = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    let b = fd_arg(vm, &fd2.unwrap_or(Value::None))?;
    fds::dup2(a, b).map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::Int(b as i64))
}

pub(super) fn posix_pipe(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "pipe", kwargs)?;
    arity(vm, "pipe", args, 0, 0)?;
    match rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC) {
        Ok((r, w)) => Ok(Value::tuple(vec![
            Value::Int(fds::insert(r) as i64),
            Value::Int(fds::insert(w) as i64),
        ])),
        Err(e) => Err(os_error(vm, &e.into(), None, None)),
    }
}

pub(super) fn posix_isatty(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "isatty", kwargs)?;
    arity(vm, "isatty", args, 1, 1)?;
    let n = fd_arg(vm, &args[0])?;
    Ok(Value::bool(
        fds::with_fd(n, |fd| Ok(rustix::termios::isatty(fd))).unwrap_or(false),
    ))
}

pub(super) fn posix_get_inheritable(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<Value> {
    no_kwargs(vm, "get_inheritable", kwargs)?;
    arity(vm, "get_inheritable", args, 1, 1)?;
    let n = fd_arg(vm, &args[0])?;
    match fds::with_fd(n, |fd| Ok(rustix::io::fcntl_getfd(fd)?)) {
        Ok(f) => Ok(Value::bool(!f.contains(rustix::io::FdFlags::CLOEXEC))),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

pub(super) fn posix_set_inheritable(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<Value> {
    no_kwargs(vm, "set_inheritable", kwargs)?;
    positional(vm, "set_inheritable", args, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let inh = ops::truthy(vm, &args[1])?;
    fds::with_fd(n, |fd| {
        let mut f = rustix::io::fcntl_getfd(fd)?;
        f.set(rustix::io::FdFlags::CLOEXEC, !inh);
        Ok(rustix::io::fcntl_setfd(fd, f)?)
    })
    .map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

pub(super) fn posix_get_blocking(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "get_blocking", kwargs)?;
    arity(vm, "get_blocking", args, 1, 1)?;
    let n = fd_arg(vm, &args[0])?;
    match fds::with_fd(n, |fd| Ok(rustix::fs::fcntl_getfl(fd)?)) {
        Ok(f) => Ok(Value::bool(!f.contains(rustix::fs::OFlags::NONBLOCK))),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

pub(super) fn posix_set_blocking(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "set_blocking", kwargs)?;
    positional(vm, "set_blocking", args, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let blocking = ops::truthy(vm, &args[1])?;
    fds::with_fd(n, |fd| {
        let mut f = rustix::fs::fcntl_getfl(fd)?;
        f.set(rustix::fs::OFlags::NONBLOCK, !blocking);
        Ok(rustix::fs::fcntl_setfl(fd, f)?)
    })
    .map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

/// A terminal's encoding is the locale's, UTF-8 here; other descriptors have none.
pub(super) fn posix_device_encoding(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<Value> {
    let [fd] = bind(vm, "device_encoding", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    let tty = fds::with_fd(n, |fd| Ok(rustix::termios::isatty(fd))).unwrap_or(false);
    Ok(if tty {
        Value::str("utf-8")
    } else {
        Value::None
    })
}
