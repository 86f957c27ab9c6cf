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

mod args;
mod fdio;
pub mod fds;
mod files;
mod process;
mod stat;

use fdio::*;
use files::*;
use process::*;
use stat::*;

use std::rc::Rc;

use rupy_interp::builtins::args::add_fn;
use rupy_interp::types::structseq::{Spec, new_type};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, PyDict, PyResult, Value, Vm};

/// The struct sequence types of one interpreter.
#[derive(Default)]
struct Types(std::cell::RefCell<Option<[Rc<Class>; 5]>>);

const STAT: usize = 0;
const UNAME: usize = 1;
const TIMES: usize = 2;
const TERMSIZE: usize = 3;
const STATVFS: usize = 4;

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

fn types(vm: &mut Vm) -> PyResult<[Rc<Class>; 5]> {
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
    let statvfs = new_type(
        vm,
        &Spec {
            module: "os",
            name: "statvfs_result",
            fields: &[
                "f_bsize",
                "f_frsize",
                "f_blocks",
                "f_bfree",
                "f_bavail",
                "f_files",
                "f_ffree",
                "f_favail",
                "f_flag",
                "f_namemax",
                "f_fsid",
            ],
            n_sequence: 10,
        },
    )?;
    let t = [stat, uname, times, term, statvfs];
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
    d.set_s("statvfs_result", Value::Class(t[STATVFS].clone()));
    d.set_s("error", Value::Class(vm.exc(ExcKind::OSError)));
    add_constants(d);
    d.set_s("environ", environ(vm)?);
    add_fn(d, "stat", posix_stat);
    add_fn(d, "lstat", posix_lstat);
    add_fn(d, "fstat", posix_fstat);
    add_fn(d, "statvfs", posix_statvfs);
    add_fn(d, "fstatvfs", posix_fstatvfs);
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
    add_fn(d, "device_encoding", posix_device_encoding);
    add_fn(d, "get_blocking", posix_get_blocking);
    add_fn(d, "set_blocking", posix_set_blocking);
    add_fn(d, "chown", posix_chown);
    add_fn(d, "lchown", posix_lchown);
    add_fn(d, "fchown", posix_fchown);
    add_fn(d, "mkfifo", posix_mkfifo);
    add_fn(d, "sync", posix_sync);
    add_fn(d, "getpgrp", |_, _, _| {
        Ok(Value::Int(
            rustix::process::getpgrp().as_raw_nonzero().get() as i64,
        ))
    });
    add_fn(d, "getpgid", posix_getpgid);
    add_fn(d, "getsid", posix_getsid);
    add_fn(d, "setsid", posix_setsid);
    add_fn(d, "getgroups", posix_getgroups);
    add_fn(d, "getloadavg", posix_getloadavg);
    add_wait_macros(d);
    add_fn(d, "waitpid", posix_waitpid);
    add_fn(d, "wait", posix_wait);
    add_fn(d, "waitstatus_to_exitcode", posix_waitstatus_to_exitcode);
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
        ("ST_RDONLY", 1),
        ("ST_NOSUID", 2),
        ("ST_NODEV", 4),
        ("ST_NOEXEC", 8),
        ("ST_SYNCHRONOUS", 16),
        ("ST_MANDLOCK", 64),
        ("ST_WRITE", 128),
        ("ST_APPEND", 256),
        ("ST_NOATIME", 1024),
        ("ST_NODIRATIME", 2048),
        ("ST_RELATIME", 4096),
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
