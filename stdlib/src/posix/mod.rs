//! `posix`, the native layer under `os`, `os.path`, `shutil`, `tempfile` and `glob`: file
//! metadata (`stat` family returning `os.stat_result`), directories (`listdir`, `scandir`,
//! `mkdir`, ...), links, permissions and times, descriptor I/O (`open`/`read`/`write`/...),
//! process ids, `uname`, `times`, `urandom`, `environ` and the `O_*`/`SEEK_*`/`*_OK`
//! constants. Built on `std::fs` and `rustix`; no `unsafe`.
//!
//! Invariants:
//! - Path arguments are `str`, `bytes` or `os.PathLike` (CPython's `path_t`): a `bytes`
//!   argument makes name results `bytes`, and errors carry the argument object itself as
//!   `filename` (so a `PathLike` prints as its repr).
//! - Every failing call raises `OSError(errno, strerror(errno), filename[, None, filename2])`,
//!   which picks the subclass (`FileNotFoundError`, ...) as CPython does.
//! - Descriptors are only reachable through `fds` (see there why): numbers Python code was
//!   not handed by this module (other than 0, 1, 2) are `EBADF`.
//! - `DirEntry` and the `scandir` iterator are written in Python (`scandir.py`, run into this
//!   module's namespace at import) over the native `_scandir`, which lists a directory
//!   eagerly with each entry's type and inode.
//!
//! Known differences: `putenv`/`unsetenv` cannot change the C environment without `unsafe`
//! (edition 2024 made `set_var` unsafe); they record the change in a process-wide overlay
//! that `environ` of later interpreters reflects. `dir_fd` is accepted where it is `None` and
//! honoured by `stat`/`open`; `supports_dir_fd` stays empty so Lib code takes its portable
//! paths.

pub mod fds;

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Mutex;

use rupy_interp::builtins::args::{add_fn, arity, bind, no_kwargs};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_interp::types::structseq::{Spec, new as seq_new, new_type};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyDict, PyErr, PyResult, Value, Vm};

use crate::errno::message;

/// The struct sequence types of one interpreter.
#[derive(Default)]
struct Types(std::cell::RefCell<Option<[Rc<Class>; 4]>>);

const STAT: usize = 0;
const UNAME: usize = 1;
const TIMES: usize = 2;
const TERMSIZE: usize = 3;

const STAT_FIELDS: &[&str] = &[
    "st_mode",
    "st_ino",
    "st_dev",
    "st_nlink",
    "st_uid",
    "st_gid",
    "st_size",
    // Positions 7-9 hold the integer times; CPython leaves them unnamed and its repr labels
    // them with the names of the float fields, which is what naming them so here gives.
    "st_atime",
    "st_mtime",
    "st_ctime",
    "st_atime",
    "st_mtime",
    "st_ctime",
    "st_atime_ns",
    "st_mtime_ns",
    "st_ctime_ns",
    "st_blksize",
    "st_blocks",
    "st_rdev",
];

fn types(vm: &mut Vm) -> PyResult<[Rc<Class>; 4]> {
    if let Some(t) = vm.shared_state::<Types>().0.borrow().clone() {
        return Ok(t);
    }
    let stat = new_type(
        vm,
        &Spec {
            module: "os",
            name: "stat_result",
            fields: STAT_FIELDS,
            n_sequence: 10,
        },
    )?;
    stat.dict().set_s("n_unnamed_fields", Value::Int(3));
    stat.dict().set_s(
        "__match_args__",
        Value::tuple(STAT_FIELDS[..7].iter().map(|f| Value::str(f)).collect()),
    );
    let uname = new_type(
        vm,
        &Spec {
            module: "posix",
            name: "uname_result",
            fields: &["sysname", "nodename", "release", "version", "machine"],
            n_sequence: 5,
        },
    )?;
    let times = new_type(
        vm,
        &Spec {
            module: "posix",
            name: "times_result",
            fields: &[
                "user",
                "system",
                "children_user",
                "children_system",
                "elapsed",
            ],
            n_sequence: 5,
        },
    )?;
    let term = new_type(
        vm,
        &Spec {
            module: "os",
            name: "terminal_size",
            fields: &["columns", "lines"],
            n_sequence: 2,
        },
    )?;
    let t = [stat, uname, times, term];
    *vm.shared_state::<Types>().0.borrow_mut() = Some(t.clone());
    Ok(t)
}

const SCANDIR_PY: &str = include_str!("scandir.py");

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let t = types(vm)?;
    d.set_s("stat_result", Value::Class(t[STAT].clone()));
    d.set_s("uname_result", Value::Class(t[UNAME].clone()));
    d.set_s("times_result", Value::Class(t[TIMES].clone()));
    d.set_s("terminal_size", Value::Class(t[TERMSIZE].clone()));
    d.set_s("error", Value::Class(vm.exc(ExcKind::OSError)));
    add_constants(d);
    d.set_s("environ", environ(vm)?);
    add_fn(d, "stat", posix_stat);
    add_fn(d, "lstat", posix_lstat);
    add_fn(d, "fstat", posix_fstat);
    add_fn(d, "getcwd", |vm, a, k| getcwd(vm, a, k, false));
    add_fn(d, "getcwdb", |vm, a, k| getcwd(vm, a, k, true));
    add_fn(d, "chdir", posix_chdir);
    add_fn(d, "listdir", posix_listdir);
    add_fn(d, "_scandir", posix_scandir_list);
    add_fn(d, "mkdir", posix_mkdir);
    add_fn(d, "rmdir", |vm, a, k| {
        one_path(vm, a, k, "rmdir", |p| std::fs::remove_dir(p))
    });
    add_fn(d, "unlink", |vm, a, k| {
        one_path(vm, a, k, "unlink", |p| std::fs::remove_file(p))
    });
    add_fn(d, "remove", |vm, a, k| {
        one_path(vm, a, k, "remove", |p| std::fs::remove_file(p))
    });
    add_fn(d, "rename", |vm, a, k| two_paths(vm, a, k, "rename"));
    add_fn(d, "replace", |vm, a, k| two_paths(vm, a, k, "replace"));
    add_fn(d, "link", |vm, a, k| two_paths(vm, a, k, "link"));
    add_fn(d, "symlink", posix_symlink);
    add_fn(d, "readlink", posix_readlink);
    add_fn(d, "chmod", posix_chmod);
    add_fn(d, "utime", posix_utime);
    add_fn(d, "access", posix_access);
    add_fn(d, "open", posix_open);
    add_fn(d, "close", posix_close);
    add_fn(d, "closerange", posix_closerange);
    add_fn(d, "read", posix_read);
    add_fn(d, "write", posix_write);
    add_fn(d, "lseek", posix_lseek);
    add_fn(d, "fsync", |vm, a, k| {
        fd_op(vm, a, k, "fsync", |fd| Ok(rustix::fs::fsync(fd)?))
    });
    add_fn(d, "ftruncate", posix_ftruncate);
    add_fn(d, "truncate", posix_truncate);
    add_fn(d, "dup", posix_dup);
    add_fn(d, "dup2", posix_dup2);
    add_fn(d, "pipe", posix_pipe);
    add_fn(d, "isatty", posix_isatty);
    add_fn(d, "get_inheritable", posix_get_inheritable);
    add_fn(d, "set_inheritable", posix_set_inheritable);
    add_fn(d, "umask", posix_umask);
    add_fn(d, "getpid", |_, _, _| {
        Ok(Value::Int(
            rustix::process::getpid().as_raw_nonzero().get() as i64
        ))
    });
    add_fn(d, "getppid", |_, _, _| {
        Ok(Value::Int(
            rustix::process::getppid().map_or(0, |p| p.as_raw_nonzero().get() as i64),
        ))
    });
    add_fn(d, "getuid", |_, _, _| {
        Ok(Value::Int(rustix::process::getuid().as_raw() as i64))
    });
    add_fn(d, "geteuid", |_, _, _| {
        Ok(Value::Int(rustix::process::geteuid().as_raw() as i64))
    });
    add_fn(d, "getgid", |_, _, _| {
        Ok(Value::Int(rustix::process::getgid().as_raw() as i64))
    });
    add_fn(d, "getegid", |_, _, _| {
        Ok(Value::Int(rustix::process::getegid().as_raw() as i64))
    });
    add_fn(d, "kill", posix_kill);
    add_fn(d, "uname", posix_uname);
    add_fn(d, "times", posix_times);
    add_fn(d, "cpu_count", |_, _, _| Ok(cpu_count()));
    add_fn(d, "urandom", posix_urandom);
    add_fn(d, "strerror", posix_strerror);
    add_fn(d, "putenv", posix_putenv);
    add_fn(d, "unsetenv", posix_unsetenv);
    add_fn(d, "get_terminal_size", posix_get_terminal_size);
    add_fn(d, "fspath", posix_fspath);
    add_fn(d, "_exit", posix_exit);
    add_fn(d, "device_encoding", |_, _, _| Ok(Value::None));
    add_wait_macros(d);
    d.set_s(
        "_have_functions",
        Value::list(
            [
                "HAVE_FSTATAT",
                "HAVE_LSTAT",
                "HAVE_FTRUNCATE",
                "HAVE_FCHMOD",
            ]
            .iter()
            .map(|s| Value::str(s))
            .collect(),
        ),
    );
    rupy_interp::import::exec_source_in(vm, SCANDIR_PY, "<posix scandir>", d)?;
    Ok(())
}

fn add_constants(d: &PyDict) {
    use rustix::fs::OFlags;
    let int = |d: &PyDict, n: &str, v: i64| d.set_s(n, Value::Int(v));
    for (n, f) in [
        ("O_RDONLY", OFlags::RDONLY),
        ("O_WRONLY", OFlags::WRONLY),
        ("O_RDWR", OFlags::RDWR),
        ("O_ACCMODE", OFlags::ACCMODE),
        ("O_APPEND", OFlags::APPEND),
        ("O_CREAT", OFlags::CREATE),
        ("O_EXCL", OFlags::EXCL),
        ("O_TRUNC", OFlags::TRUNC),
        ("O_NONBLOCK", OFlags::NONBLOCK),
        ("O_NDELAY", OFlags::NONBLOCK),
        ("O_SYNC", OFlags::SYNC),
        ("O_DSYNC", OFlags::DSYNC),
        ("O_RSYNC", OFlags::RSYNC),
        ("O_NOCTTY", OFlags::NOCTTY),
        ("O_CLOEXEC", OFlags::CLOEXEC),
        ("O_DIRECTORY", OFlags::DIRECTORY),
        ("O_NOFOLLOW", OFlags::NOFOLLOW),
        ("O_ASYNC", OFlags::ASYNC),
        ("O_DIRECT", OFlags::DIRECT),
        ("O_NOATIME", OFlags::NOATIME),
        ("O_PATH", OFlags::PATH),
        ("O_TMPFILE", OFlags::TMPFILE),
        ("O_LARGEFILE", OFlags::LARGEFILE),
    ] {
        int(d, n, f.bits() as i64);
    }
    for (n, v) in [
        ("SEEK_SET", 0),
        ("SEEK_CUR", 1),
        ("SEEK_END", 2),
        ("SEEK_DATA", 3),
        ("SEEK_HOLE", 4),
        ("F_OK", 0),
        ("R_OK", 4),
        ("W_OK", 2),
        ("X_OK", 1),
        ("WNOHANG", 1),
        ("WUNTRACED", 2),
        ("WCONTINUED", 8),
        ("EX_OK", 0),
        ("EX_USAGE", 64),
        ("EX_DATAERR", 65),
        ("EX_NOINPUT", 66),
        ("EX_NOUSER", 67),
        ("EX_NOHOST", 68),
        ("EX_UNAVAILABLE", 69),
        ("EX_SOFTWARE", 70),
        ("EX_OSERR", 71),
        ("EX_OSFILE", 72),
        ("EX_CANTCREAT", 73),
        ("EX_IOERR", 74),
        ("EX_TEMPFAIL", 75),
        ("EX_PROTOCOL", 76),
        ("EX_NOPERM", 77),
        ("EX_CONFIG", 78),
    ] {
        int(d, n, v);
    }
}

// ---- errors ----

/// `OSError(errno, strerror, filename[, None, filename2])` for an I/O failure; calling the
/// class lets `OSError.__new__` pick the subclass for the errno.
fn os_error(vm: &mut Vm, e: &io::Error, f1: Option<&Value>, f2: Option<&Value>) -> PyErr {
    let code = e.raw_os_error().map_or(5, |c| c as i64);
    errno_error(vm, code, f1, f2)
}

fn errno_error(vm: &mut Vm, code: i64, f1: Option<&Value>, f2: Option<&Value>) -> PyErr {
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
struct PathArg {
    path: PathBuf,
    /// The argument was (or its `__fspath__` gave) bytes: name results are bytes too.
    bytes: bool,
    /// The argument as given, for exception filenames.
    obj: Value,
}

enum Target {
    Path(PathArg),
    Fd(i32),
}

/// `os.fspath`: str and bytes (and their subclasses) pass, others go through `__fspath__`.
/// `Ok(None)` means the object is not path-like at all.
fn fspath_of(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
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
fn target(
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
fn unreachable_path() -> (Vec<u8>, bool) {
    (Vec::new(), false)
}

fn path_only(vm: &mut Vm, fname: &str, argname: &str, v: &Value) -> PyResult<PathArg> {
    match target(vm, fname, argname, v, false, false)? {
        Target::Path(p) => Ok(p),
        Target::Fd(_) => Err(vm.type_error(format!("{}: {} should be a path", fname, argname))),
    }
}

/// A name or path result in the type the argument had.
fn name_value(name: &OsStr, bytes: bool) -> Value {
    if bytes {
        Value::Bytes(Rc::new(name.as_bytes().to_vec()))
    } else {
        Value::string(name.to_string_lossy().into_owned())
    }
}

fn is_true(vm: &mut Vm, v: &Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        None => Ok(default),
        Some(v) => ops::truthy(vm, v),
    }
}

/// `dir_fd` as an optional descriptor number.
fn dir_fd(vm: &mut Vm, v: &Option<Value>) -> PyResult<Option<i32>> {
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

fn reject_dir_fd(vm: &mut Vm, fname: &str, v: &Option<Value>) -> PyResult<()> {
    match dir_fd(vm, v)? {
        None => Ok(()),
        Some(_) => Err(vm.err(
            ExcKind::NotImplementedError,
            format!("{}: dir_fd unavailable on this platform", fname),
        )),
    }
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = ops::index_of(vm, v)?;
    i32::try_from(n).map_err(|_| {
        vm.err(
            ExcKind::OverflowError,
            if n < 0 {
                "fd is less than minimum"
            } else {
                "fd is greater than maximum"
            },
        )
    })
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    ops::index_of(vm, v)
}

// ---- stat ----

/// The fields of a `struct stat`, from whichever API produced it.
struct StatFields {
    mode: u32,
    ino: u64,
    dev: u64,
    nlink: u64,
    uid: u32,
    gid: u32,
    size: i64,
    times: [(i64, i64); 3],
    blksize: i64,
    blocks: i64,
    rdev: u64,
}

impl StatFields {
    fn from_meta(m: &std::fs::Metadata) -> StatFields {
        StatFields {
            mode: m.mode(),
            ino: m.ino(),
            dev: m.dev(),
            nlink: m.nlink(),
            uid: m.uid(),
            gid: m.gid(),
            size: m.size() as i64,
            times: [
                (m.atime(), m.atime_nsec()),
                (m.mtime(), m.mtime_nsec()),
                (m.ctime(), m.ctime_nsec()),
            ],
            blksize: m.blksize() as i64,
            blocks: m.blocks() as i64,
            rdev: m.rdev(),
        }
    }

    // The `struct stat` field widths differ between architectures, so the casts stay.
    #[allow(clippy::unnecessary_cast)]
    fn from_rustix(s: &rustix::fs::Stat) -> StatFields {
        StatFields {
            mode: s.st_mode,
            ino: s.st_ino,
            dev: s.st_dev,
            nlink: s.st_nlink as u64,
            uid: s.st_uid,
            gid: s.st_gid,
            size: s.st_size,
            times: [
                (s.st_atime, s.st_atime_nsec as i64),
                (s.st_mtime, s.st_mtime_nsec as i64),
                (s.st_ctime, s.st_ctime_nsec as i64),
            ],
            blksize: s.st_blksize as i64,
            blocks: s.st_blocks as i64,
            rdev: s.st_rdev,
        }
    }

    fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
        let cls = types(vm)?[STAT].clone();
        let uint = |x: u64| match i64::try_from(x) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::from_bigint(x.into()),
        };
        let mut v = vec![
            Value::Int(self.mode as i64),
            uint(self.ino),
            uint(self.dev),
            uint(self.nlink),
            Value::Int(self.uid as i64),
            Value::Int(self.gid as i64),
            Value::Int(self.size),
        ];
        for (s, _) in self.times {
            v.push(Value::Int(s));
        }
        for (s, ns) in self.times {
            v.push(Value::float(s as f64 + ns as f64 * 1e-9));
        }
        for (s, ns) in self.times {
            let total = s as i128 * 1_000_000_000 + ns as i128;
            v.push(match i64::try_from(total) {
                Ok(i) => Value::Int(i),
                Err(_) => Value::from_bigint(total.into()),
            });
        }
        v.push(Value::Int(self.blksize));
        v.push(Value::Int(self.blocks));
        v.push(uint(self.rdev));
        Ok(seq_new(vm, &cls, v))
    }
}

fn stat_impl(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kwargs: &KwArgs,
    follow_default: bool,
) -> PyResult<Value> {
    let [path, dfd, follow] = bind(
        vm,
        fname,
        args,
        kwargs,
        ["path", "dir_fd", "follow_symlinks"],
        1,
    )?;
    let path = path.unwrap_or(Value::None);
    let follow = is_true(vm, &follow, follow_default)?;
    let dfd = dir_fd(vm, &dfd)?;
    match target(vm, fname, "path", &path, fname == "stat", false)? {
        Target::Fd(n) => {
            let r = fds::with_fd(n, |fd| Ok(rustix::fs::fstat(fd)?));
            match r {
                Ok(s) => StatFields::from_rustix(&s).into_value(vm),
                Err(e) => Err(os_error(vm, &e, None, None)),
            }
        }
        Target::Path(p) => {
            let r = match dfd {
                Some(d) => fds::with_fd(d, |dir| {
                    let flags = if follow {
                        rustix::fs::AtFlags::empty()
                    } else {
                        rustix::fs::AtFlags::SYMLINK_NOFOLLOW
                    };
                    Ok(StatFields::from_rustix(&rustix::fs::statat(
                        dir, &p.path, flags,
                    )?))
                }),
                None if follow => std::fs::metadata(&p.path).map(|m| StatFields::from_meta(&m)),
                None => std::fs::symlink_metadata(&p.path).map(|m| StatFields::from_meta(&m)),
            };
            match r {
                Ok(s) => s.into_value(vm),
                Err(e) => Err(os_error(vm, &e, Some(&p.obj), None)),
            }
        }
    }
}

fn posix_stat(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    stat_impl(vm, "stat", args, kwargs, true)
}

fn posix_lstat(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, dfd] = bind(vm, "lstat", args, kwargs, ["path", "dir_fd"], 1)?;
    let mut kw: Vec<(Rc<rupy_objects::PyStr>, Value)> = Vec::new();
    if let Some(d) = dfd {
        kw.push((vm.intern("dir_fd"), d));
    }
    stat_impl(vm, "lstat", &[path.unwrap_or(Value::None)], &kw, false)
}

fn posix_fstat(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd] = bind(vm, "fstat", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    match fds::with_fd(n, |fd| Ok(rustix::fs::fstat(fd)?)) {
        Ok(s) => StatFields::from_rustix(&s).into_value(vm),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

// ---- directories and names ----

fn getcwd(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, bytes: bool) -> PyResult<Value> {
    no_kwargs(vm, "getcwd", kwargs)?;
    arity(vm, "getcwd", args, 0, 0)?;
    match std::env::current_dir() {
        Ok(p) => Ok(name_value(p.as_os_str(), bytes)),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

fn posix_chdir(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path] = bind(vm, "chdir", args, kwargs, ["path"], 1)?;
    let p = path_only(vm, "chdir", "path", &path.unwrap_or(Value::None))?;
    std::env::set_current_dir(&p.path).map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    Ok(Value::None)
}

/// One-path operations without options (`rmdir`, `unlink`, `remove`).
fn one_path(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    fname: &str,
    f: impl FnOnce(&Path) -> io::Result<()>,
) -> PyResult<Value> {
    let [path, dfd] = bind(vm, fname, args, kwargs, ["path", "dir_fd"], 1)?;
    reject_dir_fd(vm, fname, &dfd)?;
    let p = path_only(vm, fname, "path", &path.unwrap_or(Value::None))?;
    f(&p.path).map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    Ok(Value::None)
}

fn two_paths(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, fname: &str) -> PyResult<Value> {
    let [src, dst, sfd, dfd, follow] = bind(
        vm,
        fname,
        args,
        kwargs,
        ["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"],
        2,
    )?;
    if fname != "link" && follow.is_some() {
        return Err(vm.type_error(format!(
            "{}() got an unexpected keyword argument 'follow_symlinks'",
            fname
        )));
    }
    reject_dir_fd(vm, fname, &sfd)?;
    reject_dir_fd(vm, fname, &dfd)?;
    let s = path_only(vm, fname, "src", &src.unwrap_or(Value::None))?;
    let d = path_only(vm, fname, "dst", &dst.unwrap_or(Value::None))?;
    if s.bytes != d.bytes {
        return Err(vm.type_error(format!("{}: src and dst must be the same type", fname)));
    }
    let r = if fname == "link" {
        std::fs::hard_link(&s.path, &d.path)
    } else {
        std::fs::rename(&s.path, &d.path)
    };
    r.map_err(|e| os_error(vm, &e, Some(&s.obj), Some(&d.obj)))?;
    Ok(Value::None)
}

fn posix_listdir(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path] = bind(vm, "listdir", args, kwargs, ["path"], 0)?;
    let path = path.unwrap_or(Value::None);
    let p = if path.is_none() {
        PathArg {
            path: PathBuf::from("."),
            bytes: false,
            obj: Value::str("."),
        }
    } else {
        match target(vm, "listdir", "path", &path, true, true)? {
            Target::Path(p) => p,
            Target::Fd(n) => return listdir_fd(vm, n),
        }
    };
    let rd = std::fs::read_dir(&p.path).map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    let mut out = Vec::new();
    for (i, ent) in rd.enumerate() {
        if i % 4096 == 4095 {
            rupy_interp::thread::poll_native(vm)?;
        }
        let ent = ent.map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
        vm.grow(&mut out, 1)?;
        out.push(name_value(&ent.file_name(), p.bytes));
    }
    Ok(Value::list(out))
}

fn listdir_fd(vm: &mut Vm, n: i32) -> PyResult<Value> {
    let r = fds::with_fd(n, |fd| {
        let mut dir = rustix::fs::Dir::read_from(fd)?;
        let mut names = Vec::new();
        while let Some(ent) = dir.read() {
            let ent = ent?;
            let name = ent.file_name().to_bytes();
            if name != b"." && name != b".." {
                names.push(name.to_vec());
            }
        }
        Ok(names)
    });
    match r {
        Ok(names) => Ok(Value::list(
            names
                .into_iter()
                .map(|n| Value::string(String::from_utf8_lossy(&n).into_owned()))
                .collect(),
        )),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

/// `_scandir(path)`: `(name, path, kind, inode)` for each entry, with `kind` 1 for a
/// directory, 2 a regular file, 3 a symlink, 4 anything else (none of them following links).
fn posix_scandir_list(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path] = bind(vm, "scandir", args, kwargs, ["path"], 0)?;
    let path = path.unwrap_or(Value::None);
    let p = if path.is_none() {
        PathArg {
            path: PathBuf::from("."),
            bytes: false,
            obj: Value::str("."),
        }
    } else {
        path_only_or_none(vm, &path)?
    };
    let rd = std::fs::read_dir(&p.path).map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    let mut prefix = p.path.as_os_str().as_bytes().to_vec();
    if !prefix.ends_with(b"/") {
        prefix.push(b'/');
    }
    let mut out = Vec::new();
    for (i, ent) in rd.enumerate() {
        if i % 4096 == 4095 {
            rupy_interp::thread::poll_native(vm)?;
        }
        let ent = ent.map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
        let name = ent.file_name();
        let mut full = prefix.clone();
        full.extend_from_slice(name.as_bytes());
        let kind = match ent.file_type() {
            Ok(t) if t.is_dir() => 1,
            Ok(t) if t.is_file() => 2,
            Ok(t) if t.is_symlink() => 3,
            _ => 4,
        };
        use std::os::unix::fs::DirEntryExt;
        vm.grow(&mut out, 1)?;
        out.push(Value::tuple(vec![
            name_value(&name, p.bytes),
            name_value(OsStr::from_bytes(&full), p.bytes),
            Value::Int(kind),
            Value::from_bigint(ent.ino().into()),
        ]));
    }
    Ok(Value::list(out))
}

fn path_only_or_none(vm: &mut Vm, v: &Value) -> PyResult<PathArg> {
    match target(vm, "scandir", "path", v, true, true)? {
        Target::Path(p) => Ok(p),
        Target::Fd(_) => Err(vm.err(
            ExcKind::NotImplementedError,
            "scandir: can't specify an fd on this platform",
        )),
    }
}

fn posix_mkdir(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, mode, dfd] = bind(vm, "mkdir", args, kwargs, ["path", "mode", "dir_fd"], 1)?;
    reject_dir_fd(vm, "mkdir", &dfd)?;
    let p = path_only(vm, "mkdir", "path", &path.unwrap_or(Value::None))?;
    let mode = match mode {
        Some(m) => int_arg(vm, &m)?,
        None => 0o777,
    };
    std::fs::DirBuilder::new()
        .mode(mode as u32)
        .create(&p.path)
        .map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    Ok(Value::None)
}

fn posix_symlink(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [src, dst, _isdir, dfd] = bind(
        vm,
        "symlink",
        args,
        kwargs,
        ["src", "dst", "target_is_directory", "dir_fd"],
        2,
    )?;
    reject_dir_fd(vm, "symlink", &dfd)?;
    let s = path_only(vm, "symlink", "src", &src.unwrap_or(Value::None))?;
    let d = path_only(vm, "symlink", "dst", &dst.unwrap_or(Value::None))?;
    std::os::unix::fs::symlink(&s.path, &d.path)
        .map_err(|e| os_error(vm, &e, Some(&s.obj), Some(&d.obj)))?;
    Ok(Value::None)
}

fn posix_readlink(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, dfd] = bind(vm, "readlink", args, kwargs, ["path", "dir_fd"], 1)?;
    reject_dir_fd(vm, "readlink", &dfd)?;
    let p = path_only(vm, "readlink", "path", &path.unwrap_or(Value::None))?;
    let t = std::fs::read_link(&p.path).map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    Ok(name_value(t.as_os_str(), p.bytes))
}

fn posix_chmod(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, mode, dfd, follow] = bind(
        vm,
        "chmod",
        args,
        kwargs,
        ["path", "mode", "dir_fd", "follow_symlinks"],
        2,
    )?;
    reject_dir_fd(vm, "chmod", &dfd)?;
    let mode = int_arg(vm, &mode.unwrap_or(Value::None))? as u32;
    if !is_true(vm, &follow, true)? {
        return Err(vm.err(
            ExcKind::NotImplementedError,
            "chmod: follow_symlinks unavailable on this platform",
        ));
    }
    match target(
        vm,
        "chmod",
        "path",
        &path.unwrap_or(Value::None),
        true,
        false,
    )? {
        Target::Fd(n) => fds::with_fd(n, |fd| {
            Ok(rustix::fs::fchmod(
                fd,
                rustix::fs::Mode::from_raw_mode(mode),
            )?)
        })
        .map_err(|e| os_error(vm, &e, None, None))?,
        Target::Path(p) => std::fs::set_permissions(&p.path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| os_error(vm, &e, Some(&p.obj), None))?,
    }
    Ok(Value::None)
}

/// A `times`/`ns` item as a timestamp.
fn timestamp(vm: &mut Vm, v: &Value, ns: bool) -> PyResult<rustix::fs::Timespec> {
    if ns {
        let big = ops::to_index(vm, v)?;
        let n: i128 = match &big {
            Value::Int(i) => *i as i128,
            Value::BigInt(b) => i128::try_from(&**b)
                .map_err(|_| vm.err(ExcKind::OverflowError, "timestamp too large"))?,
            _ => 0,
        };
        let s = n.div_euclid(1_000_000_000);
        Ok(rustix::fs::Timespec {
            tv_sec: i64::try_from(s)
                .map_err(|_| vm.err(ExcKind::OverflowError, "timestamp too large"))?,
            tv_nsec: n.rem_euclid(1_000_000_000) as _,
        })
    } else {
        let f = match v {
            Value::Int(i) => *i as f64,
            _ => ops::to_f64(vm, v)?,
        };
        if !f.is_finite() || f.abs() > 9e18 {
            return Err(vm.err(ExcKind::OverflowError, "timestamp out of range"));
        }
        let s = f.floor();
        let mut nsec = ((f - s) * 1e9).round() as i64;
        let mut sec = s as i64;
        if nsec >= 1_000_000_000 {
            sec += 1;
            nsec -= 1_000_000_000;
        }
        Ok(rustix::fs::Timespec {
            tv_sec: sec,
            tv_nsec: nsec as _,
        })
    }
}

fn pair(v: &Value) -> Option<[Value; 2]> {
    match v {
        Value::Tuple(t) if t.len() == 2 => Some([t[0].clone(), t[1].clone()]),
        _ => None,
    }
}

fn posix_utime(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, times, ns, dfd, follow] = bind(
        vm,
        "utime",
        args,
        kwargs,
        ["path", "times", "ns", "dir_fd", "follow_symlinks"],
        1,
    )?;
    reject_dir_fd(vm, "utime", &dfd)?;
    let times = times.filter(|t| !t.is_none());
    let follow = is_true(vm, &follow, true)?;
    let stamps = match (&times, &ns) {
        (Some(_), Some(_)) => {
            return Err(
                vm.value_error("utime: you may specify either 'times' or 'ns' but not both")
            );
        }
        (Some(t), None) => {
            let Some([a, m]) = pair(t) else {
                return Err(
                    vm.type_error("utime: 'times' must be either a tuple of two ints or None")
                );
            };
            Some((timestamp(vm, &a, false)?, timestamp(vm, &m, false)?))
        }
        (None, Some(n)) => {
            let Some([a, m]) = pair(n) else {
                return Err(vm.type_error("utime: 'ns' must be a tuple of two ints"));
            };
            Some((timestamp(vm, &a, true)?, timestamp(vm, &m, true)?))
        }
        (None, None) => None,
    };
    let now = rustix::fs::Timespec {
        tv_sec: 0,
        tv_nsec: rustix::fs::UTIME_NOW as _,
    };
    let (a, m) = stamps.unwrap_or((now, now));
    let ts = rustix::fs::Timestamps {
        last_access: a,
        last_modification: m,
    };
    match target(
        vm,
        "utime",
        "path",
        &path.unwrap_or(Value::None),
        true,
        false,
    )? {
        Target::Fd(n) => fds::with_fd(n, |fd| Ok(rustix::fs::futimens(fd, &ts)?))
            .map_err(|e| os_error(vm, &e, None, None))?,
        Target::Path(p) => {
            let flags = if follow {
                rustix::fs::AtFlags::empty()
            } else {
                rustix::fs::AtFlags::SYMLINK_NOFOLLOW
            };
            rustix::fs::utimensat(rustix::fs::CWD, &p.path, &ts, flags)
                .map_err(|e| os_error(vm, &e.into(), Some(&p.obj), None))?
        }
    }
    Ok(Value::None)
}

fn posix_access(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, mode, dfd, eff, follow] = bind(
        vm,
        "access",
        args,
        kwargs,
        ["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
        2,
    )?;
    reject_dir_fd(vm, "access", &dfd)?;
    let mode = int_arg(vm, &mode.unwrap_or(Value::None))?;
    let p = path_only(vm, "access", "path", &path.unwrap_or(Value::None))?;
    let mut flags = rustix::fs::AtFlags::empty();
    if is_true(vm, &eff, false)? {
        flags |= rustix::fs::AtFlags::EACCESS;
    }
    if !is_true(vm, &follow, true)? {
        flags |= rustix::fs::AtFlags::SYMLINK_NOFOLLOW;
    }
    let access = rustix::fs::Access::from_bits_retain(mode as u32);
    let ok = rustix::fs::accessat(rustix::fs::CWD, &p.path, access, flags).is_ok();
    Ok(Value::bool(ok))
}

// ---- descriptors ----

fn posix_open(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, flags, mode, dfd] = bind(
        vm,
        "open",
        args,
        kwargs,
        ["path", "flags", "mode", "dir_fd"],
        2,
    )?;
    let p = path_only(vm, "open", "path", &path.unwrap_or(Value::None))?;
    let flags = int_arg(vm, &flags.unwrap_or(Value::None))?;
    let mode = match mode {
        Some(m) => int_arg(vm, &m)?,
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

fn posix_close(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd] = bind(vm, "close", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    fds::take(n).map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

fn posix_closerange(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "closerange", kwargs)?;
    arity(vm, "closerange", args, 2, 2)?;
    let lo = fd_arg(vm, &args[0])?;
    let hi = fd_arg(vm, &args[1])?;
    for n in lo.max(3)..hi {
        let _ = fds::take(n);
    }
    Ok(Value::None)
}

fn fd_op(
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
fn fd_or_fileno(vm: &mut Vm, v: &Value) -> PyResult<Option<i32>> {
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

fn posix_read(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "read", kwargs)?;
    arity(vm, "read", args, 2, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let len = int_arg(vm, &args[1])?;
    if len < 0 {
        return Err(errno_error(vm, 22, None, None));
    }
    let len = len as usize;
    vm.reserve(len)?;
    let r = fds::with_fd(n, |fd| {
        let mut buf = vec![0u8; len];
        let got = rustix::io::read(fd, &mut buf)?;
        buf.truncate(got);
        Ok(buf)
    });
    match r {
        Ok(b) => Ok(Value::Bytes(Rc::new(b))),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

/// The bytes of a bytes-like argument.
fn buffer(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
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

fn posix_write(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "write", kwargs)?;
    arity(vm, "write", args, 2, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let data = buffer(vm, &args[1])?;
    if n == 1 || n == 2 {
        // Keep ordering with what print() buffered.
        let _ = vm.flush_stdout();
    }
    match fds::with_fd(n, |fd| Ok(rustix::io::write(fd, &data)?)) {
        Ok(k) => Ok(Value::Int(k as i64)),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

fn posix_lseek(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "lseek", kwargs)?;
    arity(vm, "lseek", args, 3, 3)?;
    let n = fd_arg(vm, &args[0])?;
    let pos = int_arg(vm, &args[1])?;
    let how = int_arg(vm, &args[2])?;
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

fn posix_ftruncate(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "ftruncate", kwargs)?;
    arity(vm, "ftruncate", args, 2, 2)?;
    let n = fd_arg(vm, &args[0])?;
    let len = int_arg(vm, &args[1])?;
    if len < 0 {
        return Err(errno_error(vm, 22, None, None));
    }
    fds::with_fd(n, |fd| Ok(rustix::fs::ftruncate(fd, len as u64)?))
        .map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

fn posix_truncate(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

fn posix_dup(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd] = bind(vm, "dup", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    match fds::with_fd(n, |fd| Ok(rustix::io::fcntl_dupfd_cloexec(fd, 0)?)) {
        Ok(fd) => Ok(Value::Int(fds::insert(fd) as i64)),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

fn posix_dup2(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd, fd2, _inh] = bind(vm, "dup2", args, kwargs, ["fd", "fd2", "inheritable"], 2)?;
    let a = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    let b = fd_arg(vm, &fd2.unwrap_or(Value::None))?;
    fds::dup2(a, b).map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::Int(b as i64))
}

fn posix_pipe(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

fn posix_isatty(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "isatty", kwargs)?;
    arity(vm, "isatty", args, 1, 1)?;
    let n = fd_arg(vm, &args[0])?;
    Ok(Value::bool(
        fds::with_fd(n, |fd| Ok(rustix::termios::isatty(fd))).unwrap_or(false),
    ))
}

fn posix_get_inheritable(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "get_inheritable", kwargs)?;
    arity(vm, "get_inheritable", args, 1, 1)?;
    let n = fd_arg(vm, &args[0])?;
    match fds::with_fd(n, |fd| Ok(rustix::io::fcntl_getfd(fd)?)) {
        Ok(f) => Ok(Value::bool(!f.contains(rustix::io::FdFlags::CLOEXEC))),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

fn posix_set_inheritable(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "set_inheritable", kwargs)?;
    arity(vm, "set_inheritable", args, 2, 2)?;
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

// ---- process ----

fn posix_umask(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [mask] = bind(vm, "umask", args, kwargs, ["mask"], 1)?;
    let m = int_arg(vm, &mask.unwrap_or(Value::None))?;
    let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(m as u32));
    Ok(Value::Int(old.as_raw_mode() as i64))
}

fn posix_kill(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "kill", kwargs)?;
    arity(vm, "kill", args, 2, 2)?;
    let pid = int_arg(vm, &args[0])?;
    let sig = int_arg(vm, &args[1])?;
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

fn posix_uname(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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
fn posix_times(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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
fn cpu_count() -> Value {
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

fn posix_urandom(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [size] = bind(vm, "urandom", args, kwargs, ["size"], 1)?;
    let n = int_arg(vm, &size.unwrap_or(Value::None))?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    let n = n as usize;
    vm.reserve(n)?;
    let mut buf = vec![0u8; n];
    let mut filled = 0;
    while filled < n {
        match rustix::rand::getrandom(&mut buf[filled..], rustix::rand::GetRandomFlags::empty()) {
            Ok(k) => filled += k,
            Err(rustix::io::Errno::INTR) => rupy_interp::thread::poll_native(vm)?,
            Err(e) => return Err(os_error(vm, &e.into(), None, None)),
        }
    }
    Ok(Value::Bytes(Rc::new(buf)))
}

fn posix_strerror(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [code] = bind(vm, "strerror", args, kwargs, ["code"], 1)?;
    let c = int_arg(vm, &code.unwrap_or(Value::None))?;
    Ok(Value::string(message(c)))
}

/// Changes `putenv`/`unsetenv` made (`None`: removed), applied over the real environment.
/// Name and value (`None`: removed), oldest first.
type Overlay = Vec<(Vec<u8>, Option<Vec<u8>>)>;

static ENV_OVERLAY: Mutex<Overlay> = Mutex::new(Vec::new());

fn env_overlay() -> std::sync::MutexGuard<'static, Overlay> {
    ENV_OVERLAY.lock().unwrap_or_else(|p| p.into_inner())
}

fn environ(vm: &mut Vm) -> PyResult<Value> {
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
fn env_bytes(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<Vec<u8>> {
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

fn posix_putenv(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "putenv", kwargs)?;
    arity(vm, "putenv", args, 2, 2)?;
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

fn posix_unsetenv(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

fn posix_get_terminal_size(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

fn posix_fspath(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

fn posix_exit(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [status] = bind(vm, "_exit", args, kwargs, ["status"], 1)?;
    let s = int_arg(vm, &status.unwrap_or(Value::None))?;
    std::process::exit(s as i32)
}

/// `WIFEXITED` and friends: bit arithmetic on a wait status, as glibc's macros define it.
fn add_wait_macros(d: &PyDict) {
    fn status(vm: &mut Vm, args: &[Value], fname: &str) -> PyResult<i64> {
        arity(vm, fname, args, 1, 1)?;
        Ok(int_arg(vm, &args[0])? & 0xffff_ffff)
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
