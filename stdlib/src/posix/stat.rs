//! `stat`, `lstat`, `fstat` and `statvfs`: `struct stat` from `std::fs` or `rustix` turned into
//! `os.stat_result` (integer times in the sequence part, float and `_ns` times as attributes).

use std::os::unix::fs::MetadataExt;
use std::rc::Rc;

use rupy_interp::builtins::args::bind;
use rupy_interp::types::structseq::new as seq_new;
use rupy_objects::{KwArgs, PyResult, Value, Vm};

use super::args::*;
use super::fds;
use super::{STAT, STATVFS, types};

/// The fields of a `struct stat`, from whichever API produced it.
pub(super) struct StatFields {
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

pub(super) fn stat_impl(
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

pub(super) fn posix_stat(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    stat_impl(vm, "stat", args, kwargs, true)
}

pub(super) fn posix_lstat(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path, dfd] = bind(vm, "lstat", args, kwargs, ["path", "dir_fd"], 1)?;
    let mut kw: Vec<(Rc<rupy_objects::PyStr>, Value)> = Vec::new();
    if let Some(d) = dfd {
        kw.push((vm.intern("dir_fd"), d));
    }
    stat_impl(vm, "lstat", &[path.unwrap_or(Value::None)], &kw, false)
}

pub(super) fn posix_fstat(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd] = bind(vm, "fstat", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    match fds::with_fd(n, |fd| Ok(rustix::fs::fstat(fd)?)) {
        Ok(s) => StatFields::from_rustix(&s).into_value(vm),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

fn statvfs_value(vm: &mut Vm, s: &rustix::fs::StatVfs) -> PyResult<Value> {
    let cls = types(vm)?[STATVFS].clone();
    let u = |x: u64| match i64::try_from(x) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::from_bigint(x.into()),
    };
    let v = vec![
        u(s.f_bsize),
        u(s.f_frsize),
        u(s.f_blocks),
        u(s.f_bfree),
        u(s.f_bavail),
        u(s.f_files),
        u(s.f_ffree),
        u(s.f_favail),
        u(s.f_flag.bits()),
        u(s.f_namemax),
        u(s.f_fsid),
    ];
    Ok(seq_new(vm, &cls, v))
}

pub(super) fn posix_statvfs(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [path] = bind(vm, "statvfs", args, kwargs, ["path"], 1)?;
    let r = match target(
        vm,
        "statvfs",
        "path",
        &path.unwrap_or(Value::None),
        true,
        false,
    )? {
        Target::Fd(n) => fds::with_fd(n, |fd| Ok(rustix::fs::fstatvfs(fd)?))
            .map_err(|e| os_error(vm, &e, None, None)),
        Target::Path(p) => {
            rustix::fs::statvfs(&p.path).map_err(|e| os_error(vm, &e.into(), Some(&p.obj), None))
        }
    }?;
    statvfs_value(vm, &r)
}

pub(super) fn posix_fstatvfs(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [fd] = bind(vm, "fstatvfs", args, kwargs, ["fd"], 1)?;
    let n = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    let r = fds::with_fd(n, |fd| Ok(rustix::fs::fstatvfs(fd)?))
        .map_err(|e| os_error(vm, &e, None, None))?;
    statvfs_value(vm, &r)
}
