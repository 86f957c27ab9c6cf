//! Directory and name operations of `posix`: `getcwd`, `chdir`, `listdir`, the native half of
//! `scandir`, `mkdir`/`rmdir`/`unlink`, `rename`/`replace`/`link`/`symlink`/`readlink`,
//! `chmod`, `utime` and `access`.

use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rupy_interp::builtins::args::{arity, bind, no_kwargs};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyResult, Value, Vm};

use super::args::*;
use super::fds;

pub(super) fn getcwd(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, bytes: bool) -> PyResult<Value> {
    no_kwargs(vm, "getcwd", kwargs)?;
    arity(vm, "getcwd", args, 0, 0)?;
    match std::env::current_dir() {
        Ok(p) => Ok(name_value(p.as_os_str(), bytes)),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

pub(super) fn posix_chdir(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path] = bind(vm, "chdir", args, kwargs, ["path"], 1)?;
    match target(
        vm,
        "chdir",
        "path",
        &path.unwrap_or(Value::None),
        true,
        false,
    )? {
        Target::Fd(n) => fds::with_fd(n, |fd| Ok(rustix::process::fchdir(fd)?))
            .map_err(|e| os_error(vm, &e, None, None))?,
        Target::Path(p) => {
            std::env::set_current_dir(&p.path).map_err(|e| os_error(vm, &e, Some(&p.obj), None))?
        }
    }
    Ok(Value::None)
}

/// One-path operations without options (`rmdir`, `unlink`, `remove`).
pub(super) fn one_path(
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

pub(super) fn two_paths(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    fname: &str,
) -> PyResult<Value> {
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

pub(super) fn posix_listdir(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

pub(super) fn listdir_fd(vm: &mut Vm, n: i32) -> PyResult<Value> {
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
pub(super) fn posix_scandir_list(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

pub(super) fn path_only_or_none(vm: &mut Vm, v: &Value) -> PyResult<PathArg> {
    match target(vm, "scandir", "path", v, true, true)? {
        Target::Path(p) => Ok(p),
        Target::Fd(_) => Err(vm.err(
            ExcKind::NotImplementedError,
            "scandir: can't specify an fd on this platform",
        )),
    }
}

pub(super) fn posix_mkdir(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, mode, dfd] = bind(vm, "mkdir", args, kwargs, ["path", "mode", "dir_fd"], 1)?;
    reject_dir_fd(vm, "mkdir", &dfd)?;
    let p = path_only(vm, "mkdir", "path", &path.unwrap_or(Value::None))?;
    let mode = match mode {
        Some(m) => int_c(vm, &m)?,
        None => 0o777,
    };
    std::fs::DirBuilder::new()
        .mode(mode as u32)
        .create(&p.path)
        .map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    Ok(Value::None)
}

pub(super) fn posix_symlink(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

pub(super) fn posix_readlink(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, dfd] = bind(vm, "readlink", args, kwargs, ["path", "dir_fd"], 1)?;
    reject_dir_fd(vm, "readlink", &dfd)?;
    let p = path_only(vm, "readlink", "path", &path.unwrap_or(Value::None))?;
    let t = std::fs::read_link(&p.path).map_err(|e| os_error(vm, &e, Some(&p.obj), None))?;
    Ok(name_value(t.as_os_str(), p.bytes))
}

pub(super) fn posix_chmod(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, mode, dfd, follow] = bind(
        vm,
        "chmod",
        args,
        kwargs,
        ["path", "mode", "dir_fd", "follow_symlinks"],
        2,
    )?;
    reject_dir_fd(vm, "chmod", &dfd)?;
    let mode = int_c(vm, &mode.unwrap_or(Value::None))? as u32;
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
pub(super) fn timestamp(vm: &mut Vm, v: &Value, ns: bool) -> PyResult<rustix::fs::Timespec> {
    if ns {
        let big = ops::to_index(vm, v)?;
        let n: i128 = match &big {
            Value::Int(i) => *i as i128,
            Value::BigInt(b) => i128::try_from(&**b).map_err(|_| {
                vm.err(
                    ExcKind::OverflowError,
                    "timestamp out of range for platform time_t",
                )
            })?,
            _ => 0,
        };
        let s = n.div_euclid(1_000_000_000);
        Ok(rustix::fs::Timespec {
            tv_sec: i64::try_from(s).map_err(|_| {
                vm.err(
                    ExcKind::OverflowError,
                    "timestamp out of range for platform time_t",
                )
            })?,
            tv_nsec: n.rem_euclid(1_000_000_000) as _,
        })
    } else {
        let f = match v {
            Value::Int(i) => *i as f64,
            _ => ops::to_f64(vm, v)?,
        };
        if f.is_nan() {
            return Err(vm.value_error("Invalid value NaN (not a number)"));
        }
        if !f.is_finite() || f.abs() > 9e18 {
            return Err(vm.err(
                ExcKind::OverflowError,
                "timestamp out of range for platform time_t",
            ));
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

pub(super) fn pair(v: &Value) -> Option<[Value; 2]> {
    match v {
        Value::Tuple(t) if t.len() == 2 => Some([t[0].clone(), t[1].clone()]),
        _ => None,
    }
}

pub(super) fn posix_utime(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
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

pub(super) fn posix_access(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, mode, dfd, eff, follow] = bind(
        vm,
        "access",
        args,
        kwargs,
        ["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
        2,
    )?;
    reject_dir_fd(vm, "access", &dfd)?;
    let mode = int_c(vm, &mode.unwrap_or(Value::None))?;
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

/// A uid/gid argument; -1 means "leave unchanged".
fn id_arg(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Option<u32>> {
    let n = int_arg(vm, v)?;
    if n == -1 {
        return Ok(None);
    }
    u32::try_from(n)
        .ok()
        .filter(|&x| x != u32::MAX)
        .map(Some)
        .ok_or_else(|| {
            vm.err(
                ExcKind::OverflowError,
                format!("{} is greater than maximum", what),
            )
        })
}

fn chown_impl(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kwargs: &KwArgs,
    follow_default: bool,
) -> PyResult<Value> {
    let [path, uid, gid, dfd, follow] = bind(
        vm,
        fname,
        args,
        kwargs,
        ["path", "uid", "gid", "dir_fd", "follow_symlinks"],
        3,
    )?;
    reject_dir_fd(vm, fname, &dfd)?;
    let uid = id_arg(vm, &uid.unwrap_or(Value::None), "uid")?.map(rustix::fs::Uid::from_raw);
    let gid = id_arg(vm, &gid.unwrap_or(Value::None), "gid")?.map(rustix::fs::Gid::from_raw);
    let follow = is_true(vm, &follow, follow_default)?;
    match target(
        vm,
        fname,
        "path",
        &path.unwrap_or(Value::None),
        fname == "chown",
        false,
    )? {
        Target::Fd(n) => fds::with_fd(n, |fd| Ok(rustix::fs::fchown(fd, uid, gid)?))
            .map_err(|e| os_error(vm, &e, None, None))?,
        Target::Path(p) => {
            let flags = if follow {
                rustix::fs::AtFlags::empty()
            } else {
                rustix::fs::AtFlags::SYMLINK_NOFOLLOW
            };
            rustix::fs::chownat(rustix::fs::CWD, &p.path, uid, gid, flags)
                .map_err(|e| os_error(vm, &e.into(), Some(&p.obj), None))?
        }
    }
    Ok(Value::None)
}

pub(super) fn posix_chown(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    chown_impl(vm, "chown", args, kwargs, true)
}

pub(super) fn posix_lchown(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    chown_impl(vm, "lchown", args, kwargs, false)
}

pub(super) fn posix_fchown(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd, uid, gid] = bind(vm, "fchown", args, kwargs, ["fd", "uid", "gid"], 3)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    let uid = id_arg(vm, &uid.unwrap_or(Value::None), "uid")?.map(rustix::fs::Uid::from_raw);
    let gid = id_arg(vm, &gid.unwrap_or(Value::None), "gid")?.map(rustix::fs::Gid::from_raw);
    fds::with_fd(n, |fd| Ok(rustix::fs::fchown(fd, uid, gid)?))
        .map_err(|e| os_error(vm, &e, None, None))?;
    Ok(Value::None)
}

pub(super) fn posix_mkfifo(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, mode, dfd] = bind(vm, "mkfifo", args, kwargs, ["path", "mode", "dir_fd"], 1)?;
    reject_dir_fd(vm, "mkfifo", &dfd)?;
    let p = path_only(vm, "mkfifo", "path", &path.unwrap_or(Value::None))?;
    let mode = match mode {
        Some(m) => int_c(vm, &m)?,
        None => 0o666,
    };
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &p.path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(mode as u32),
        0,
    )
    // CPython's mkfifo reports no filename.
    .map_err(|e| os_error(vm, &e.into(), None, None))?;
    Ok(Value::None)
}

pub(super) fn posix_sync(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "sync", kwargs)?;
    arity(vm, "sync", args, 0, 0)?;
    rupy_interp::thread::allow_threads(vm, rustix::fs::sync);
    Ok(Value::None)
}
