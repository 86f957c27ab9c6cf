//! Process-level `posix` functions: `umask`, ids, `kill`, `uname`, `times`, `cpu_count`,
//! `urandom`, `strerror`, `environ` with `putenv`/`unsetenv`, `get_terminal_size`,
//! `fspath`, `_exit` and the wait-status macros.

use std::io;
use std::os::unix::ffi::OsStringExt;
use std::rc::Rc;
use std::sync::Mutex;

use rupy_interp::builtins::args::{add_fn, arity, bind, no_kwargs};
use rupy_interp::ops;
use rupy_interp::types::structseq::new as seq_new;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

use super::args::*;
use super::fds;
use super::{TERMSIZE, TIMES, UNAME, types};
use crate::errno::message;

pub(super) fn posix_umask(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [mask] = bind(vm, "umask", args, kwargs, ["mask"], 1)?;
    let m = int_c(vm, &mask.unwrap_or(Value::None))?;
    let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(m as u32));
    Ok(Value::Int(old.as_raw_mode() as i64))
}

pub(super) fn posix_kill(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "kill", kwargs)?;
    positional(vm, "kill", args, 2)?;
    let pid = int_arg(vm, &args[0])?;
    let sig = int_c(vm, &args[1])?;
    let pid32 = i32::try_from(pid).map_err(|_| {
        vm.err(
            ExcKind::OverflowError,
            "signed integer is greater than maximum",
        )
    })?;
    let r = match (rustix::process::Pid::from_raw(pid32.abs()), sig) {
        (None, _) => Err(rustix::io::Errno::PERM),
        (Some(p), 0) if pid32 > 0 => rustix::process::test_kill_process(p),
        (Some(p), 0) => rustix::process::test_kill_process_group(p),
        (Some(p), s) => match i32::try_from(s)
            .ok()
            .and_then(rustix::process::Signal::from_named_raw)
        {
            None => Err(rustix::io::Errno::INVAL),
            Some(s) if pid32 > 0 => rustix::process::kill_process(p, s),
            Some(s) => rustix::process::kill_process_group(p, s),
        },
    };
    r.map_err(|e| os_error(vm, &e.into(), None, None))?;
    Ok(Value::None)
}

pub(super) fn posix_uname(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "uname", kwargs)?;
    arity(vm, "uname", args, 0, 0)?;
    let u = rustix::system::uname();
    let s = |c: &std::ffi::CStr| Value::string(c.to_string_lossy().into_owned());
    let v = vec![
        s(u.sysname()),
        s(u.nodename()),
        s(u.release()),
        s(u.version()),
        s(u.machine()),
    ];
    let cls = types(vm)?[UNAME].clone();
    Ok(seq_new(vm, &cls, v))
}

/// `times()` from `/proc/self/stat` (utime, stime, cutime, cstime in clock ticks) and
/// `/proc/uptime` for the elapsed real time, as the C `times()` counts it since boot.
pub(super) fn posix_times(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "times", kwargs)?;
    arity(vm, "times", args, 0, 0)?;
    let hz = rustix::param::clock_ticks_per_second() as f64;
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name (which may contain spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse::<f64>().unwrap_or(0.0))
        .collect();
    // utime is field 14 of the whole line: index 11 after the state field at index 0.
    let tick = |i: usize| Value::float(f.get(i).copied().unwrap_or(0.0) / hz);
    let up = std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0);
    let v = vec![tick(11), tick(12), tick(13), tick(14), Value::float(up)];
    let cls = types(vm)?[TIMES].clone();
    Ok(seq_new(vm, &cls, v))
}

/// The number of online processors (the system's, not this process's affinity).
pub(super) fn cpu_count() -> Value {
    if let Ok(s) = std::fs::read_to_string("/sys/devices/system/cpu/online") {
        let mut n = 0i64;
        for part in s.trim().split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    if let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) {
                        n += b - a + 1;
                    }
                }
                None if part.parse::<i64>().is_ok() => n += 1,
                None => {}
            }
        }
        if n > 0 {
            return Value::Int(n);
        }
    }
    match std::thread::available_parallelism() {
        Ok(n) => Value::Int(n.get() as i64),
        Err(_) => Value::None,
    }
}

pub(super) fn posix_urandom(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [size] = bind(vm, "urandom", args, kwargs, ["size"], 1)?;
    let n = int_arg(vm, &size.unwrap_or(Value::None))?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    let n = n as usize;
    let mut buf: Vec<u8> = Vec::new();
    vm.grow(&mut buf, n)?;
    buf.resize(n, 0);
    let mut filled = 0;
    while filled < n {
        if filled > 0 {
            rupy_interp::thread::poll_native(vm)?;
        }
        match rustix::rand::getrandom(&mut buf[filled..], rustix::rand::GetRandomFlags::empty()) {
            Ok(k) => filled += k,
            Err(rustix::io::Errno::INTR) => rupy_interp::thread::poll_native(vm)?,
            Err(e) => return Err(os_error(vm, &e.into(), None, None)),
        }
    }
    Ok(Value::Bytes(Rc::new(buf)))
}

pub(super) fn posix_strerror(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [code] = bind(vm, "strerror", args, kwargs, ["code"], 1)?;
    let c = int_c(vm, &code.unwrap_or(Value::None))?;
    Ok(Value::string(message(c)))
}

/// Changes `putenv`/`unsetenv` made (`None`: removed), applied over the real environment.
/// Name and value (`None`: removed), oldest first.
type Overlay = Vec<(Vec<u8>, Option<Vec<u8>>)>;

static ENV_OVERLAY: Mutex<Overlay> = Mutex::new(Vec::new());

pub(super) fn env_overlay() -> std::sync::MutexGuard<'static, Overlay> {
    ENV_OVERLAY.lock().unwrap_or_else(|p| p.into_inner())
}

pub(super) fn environ(vm: &mut Vm) -> PyResult<Value> {
    let mut vars: Vec<(Vec<u8>, Vec<u8>)> = std::env::vars_os()
        .map(|(k, v)| (k.into_vec(), v.into_vec()))
        .collect();
    for (k, v) in env_overlay().iter() {
        vars.retain(|(n, _)| n != k);
        if let Some(v) = v {
            vars.push((k.clone(), v.clone()));
        }
    }
    let d = Value::Dict(PyDict::new_rc());
    for (k, v) in vars {
        ops::setitem(vm, &d, &Value::Bytes(Rc::new(k)), Value::Bytes(Rc::new(v)))?;
    }
    Ok(d)
}

/// An environment name or value as bytes (str is UTF-8 encoded).
pub(super) fn env_bytes(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<Vec<u8>> {
    let p = match fspath_of(vm, v)? {
        Some(p) => rupy_interp::types::unwrap_builtin(&p).unwrap_or(p),
        None => {
            let t = ops::type_name(vm, v);
            return Err(vm.type_error(format!(
                "{}: expected str, bytes or os.PathLike object, not {}",
                fname, t
            )));
        }
    };
    let b = match &p {
        Value::Str(s) => s.as_str().as_bytes().to_vec(),
        Value::Bytes(b) => (**b).clone(),
        _ => Vec::new(),
    };
    if b.contains(&0) {
        return Err(vm.value_error("embedded null byte"));
    }
    Ok(b)
}

pub(super) fn posix_putenv(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "putenv", kwargs)?;
    positional(vm, "putenv", args, 2)?;
    let k = env_bytes(vm, "putenv", &args[0])?;
    let v = env_bytes(vm, "putenv", &args[1])?;
    if k.contains(&b'=') {
        return Err(vm.value_error("illegal environment variable name"));
    }
    if k.is_empty() {
        // setenv(3) refuses it with EINVAL.
        return Err(errno_error(vm, 22, None, None));
    }
    let mut o = env_overlay();
    o.retain(|(n, _)| *n != k);
    o.push((k, Some(v)));
    Ok(Value::None)
}

pub(super) fn posix_unsetenv(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "unsetenv", kwargs)?;
    arity(vm, "unsetenv", args, 1, 1)?;
    let k = env_bytes(vm, "unsetenv", &args[0])?;
    if k.is_empty() || k.contains(&b'=') {
        // unsetenv(3) refuses both with EINVAL.
        return Err(errno_error(vm, 22, None, None));
    }
    let mut o = env_overlay();
    o.retain(|(n, _)| *n != k);
    o.push((k, None));
    Ok(Value::None)
}

pub(super) fn posix_get_terminal_size(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<Value> {
    no_kwargs(vm, "get_terminal_size", kwargs)?;
    arity(vm, "get_terminal_size", args, 0, 1)?;
    let n = match args.first() {
        Some(v) => fd_arg(vm, v)?,
        None => 1,
    };
    match fds::with_fd(n, |fd| Ok(rustix::termios::tcgetwinsize(fd)?)) {
        Ok(w) => {
            let cls = types(vm)?[TERMSIZE].clone();
            Ok(seq_new(
                vm,
                &cls,
                vec![Value::Int(w.ws_col as i64), Value::Int(w.ws_row as i64)],
            ))
        }
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

pub(super) fn posix_fspath(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path] = bind(vm, "fspath", args, kwargs, ["path"], 1)?;
    let path = path.unwrap_or(Value::None);
    match fspath_of(vm, &path)? {
        Some(p) => Ok(p),
        None => {
            let t = ops::type_name(vm, &path);
            Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                t
            )))
        }
    }
}

pub(super) fn posix_exit(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [status] = bind(vm, "_exit", args, kwargs, ["status"], 1)?;
    let s = int_c(vm, &status.unwrap_or(Value::None))?;
    std::process::exit(s as i32)
}

/// `WIFEXITED` and friends: bit arithmetic on a wait status, as glibc's macros define it.
pub(super) fn add_wait_macros(d: &PyDict) {
    fn status(vm: &mut Vm, args: &[Value], fname: &str) -> PyResult<i64> {
        arity(vm, fname, args, 1, 1)?;
        Ok(int_c(vm, &args[0])? & 0xffff_ffff)
    }
    add_fn(d, "WIFEXITED", |vm, a, _| {
        Ok(Value::bool(status(vm, a, "WIFEXITED")? & 0x7f == 0))
    });
    add_fn(d, "WEXITSTATUS", |vm, a, _| {
        Ok(Value::Int((status(vm, a, "WEXITSTATUS")? >> 8) & 0xff))
    });
    add_fn(d, "WIFSIGNALED", |vm, a, _| {
        let s = status(vm, a, "WIFSIGNALED")?;
        Ok(Value::bool(((s & 0x7f) + 1) as i8 >> 1 > 0))
    });
    add_fn(d, "WTERMSIG", |vm, a, _| {
        Ok(Value::Int(status(vm, a, "WTERMSIG")? & 0x7f))
    });
    add_fn(d, "WIFSTOPPED", |vm, a, _| {
        Ok(Value::bool(status(vm, a, "WIFSTOPPED")? & 0xff == 0x7f))
    });
    add_fn(d, "WSTOPSIG", |vm, a, _| {
        Ok(Value::Int((status(vm, a, "WSTOPSIG")? >> 8) & 0xff))
    });
    add_fn(d, "WCOREDUMP", |vm, a, _| {
        Ok(Value::bool(status(vm, a, "WCOREDUMP")? & 0x80 != 0))
    });
    add_fn(d, "WIFCONTINUED", |vm, a, _| {
        Ok(Value::bool(status(vm, a, "WIFCONTINUED")? == 0xffff))
    });
}

fn wait_result(
    vm: &mut Vm,
    r: io::Result<Option<(rustix::process::Pid, rustix::process::WaitStatus)>>,
) -> PyResult<Value> {
    match r {
        Ok(Some((pid, st))) => Ok(Value::tuple(vec![
            Value::Int(pid.as_raw_nonzero().get() as i64),
            Value::Int(st.as_raw() as i64),
        ])),
        Ok(None) => Ok(Value::tuple(vec![Value::Int(0), Value::Int(0)])),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

/// `waitpid(pid, options)`: -1 any child, 0 this process group, below -1 group `-pid`.
/// Waits with the GIL released.
pub(super) fn posix_waitpid(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "waitpid", kwargs)?;
    positional(vm, "waitpid", args, 2)?;
    let pid = int_arg(vm, &args[0])?;
    let opts = int_c(vm, &args[1])?;
    let pid = i32::try_from(pid).map_err(|_| {
        vm.err(
            ExcKind::OverflowError,
            "signed integer is greater than maximum",
        )
    })?;
    let opts = rustix::process::WaitOptions::from_bits_retain(opts as u32);
    let r = rupy_interp::thread::allow_threads(vm, move || match pid {
        -1 => rustix::process::waitpid(None, opts),
        0 => rustix::process::waitpgid(rustix::process::getpgrp(), opts),
        p => match rustix::process::Pid::from_raw(p.abs()) {
            Some(q) if p > 0 => rustix::process::waitpid(Some(q), opts),
            Some(q) => rustix::process::waitpgid(q, opts),
            None => Err(rustix::io::Errno::CHILD),
        },
    });
    wait_result(vm, r.map_err(io::Error::from))
}

pub(super) fn posix_wait(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "wait", kwargs)?;
    arity(vm, "wait", args, 0, 0)?;
    let r = rupy_interp::thread::allow_threads(vm, || {
        rustix::process::wait(rustix::process::WaitOptions::empty())
    });
    wait_result(vm, r.map_err(io::Error::from))
}

pub(super) fn posix_waitstatus_to_exitcode(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<Value> {
    let [status] = bind(vm, "waitstatus_to_exitcode", args, kwargs, ["status"], 1)?;
    let s = int_c(vm, &status.unwrap_or(Value::None))?;
    let s32 = s as i32 as i64;
    if s32 & 0x7f == 0 {
        return Ok(Value::Int((s32 >> 8) & 0xff));
    }
    if ((s32 & 0x7f) + 1) as i8 >> 1 > 0 {
        return Ok(Value::Int(-(s32 & 0x7f)));
    }
    if s32 & 0xff == 0x7f {
        return Err(vm.value_error(format!(
            "process stopped by delivery of signal {}",
            (s32 >> 8) & 0xff
        )));
    }
    Err(vm.value_error(format!("invalid wait status: {}", s)))
}

fn pid_value(p: rustix::process::Pid) -> Value {
    Value::Int(p.as_raw_nonzero().get() as i64)
}

/// A pid argument where 0 means the calling process.
fn pid_arg(vm: &mut Vm, v: &Value) -> PyResult<Option<rustix::process::Pid>> {
    let n = int_arg(vm, v)?;
    let n = i32::try_from(n).map_err(|_| {
        vm.err(
            ExcKind::OverflowError,
            "signed integer is greater than maximum",
        )
    })?;
    if n < 0 {
        return Err(errno_error(vm, 3, None, None));
    }
    Ok(rustix::process::Pid::from_raw(n))
}

pub(super) fn posix_getpgid(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "getpgid", kwargs)?;
    arity(vm, "getpgid", args, 1, 1)?;
    let p = pid_arg(vm, &args[0])?;
    rustix::process::getpgid(p)
        .map(pid_value)
        .map_err(|e| os_error(vm, &e.into(), None, None))
}

pub(super) fn posix_getsid(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "getsid", kwargs)?;
    arity(vm, "getsid", args, 1, 1)?;
    let p = pid_arg(vm, &args[0])?;
    rustix::process::getsid(p)
        .map(pid_value)
        .map_err(|e| os_error(vm, &e.into(), None, None))
}

pub(super) fn posix_setsid(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "setsid", kwargs)?;
    arity(vm, "setsid", args, 0, 0)?;
    rustix::process::setsid().map_err(|e| os_error(vm, &e.into(), None, None))?;
    Ok(Value::None)
}

pub(super) fn posix_getgroups(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "getgroups", kwargs)?;
    arity(vm, "getgroups", args, 0, 0)?;
    match rustix::process::getgroups() {
        Ok(g) => Ok(Value::list(
            g.into_iter()
                .map(|g| Value::Int(g.as_raw() as i64))
                .collect(),
        )),
        Err(e) => Err(os_error(vm, &e.into(), None, None)),
    }
}

/// `getloadavg()` from `/proc/loadavg`.
pub(super) fn posix_getloadavg(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "getloadavg", kwargs)?;
    arity(vm, "getloadavg", args, 0, 0)?;
    let s = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let v: Vec<f64> = s
        .split_whitespace()
        .take(3)
        .filter_map(|x| x.parse().ok())
        .collect();
    if v.len() < 3 {
        return Err(vm.err(ExcKind::OSError, "Load averages are unobtainable"));
    }
    Ok(Value::tuple(v.into_iter().map(Value::float).collect()))
}
