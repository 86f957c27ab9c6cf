//! `_stat`, the native half of `stat`: the Linux `S_*`, `UF_*`/`SF_*` and `ST_*` constants,
//! the file-type tests (`S_ISDIR`, ...), `S_IMODE`/`S_IFMT` and `filemode`. `Lib/stat.py`
//! has a pure-Python fallback for all of it and imports these over it. Mode arguments
//! convert as CPython's `mode_t` converter does (negative values and values past 32 bits
//! are OverflowErrors, non-integers TypeErrors).

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, no_kwargs};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

// Values as CPython 3.13 reports them on Linux (types without a Linux meaning are 0).
const CONSTANTS: &[(&str, i64)] = &[
    ("SF_APPEND", 262144),
    ("SF_ARCHIVED", 65536),
    ("SF_DATALESS", 1073741824),
    ("SF_FIRMLINK", 8388608),
    ("SF_IMMUTABLE", 131072),
    ("SF_NOUNLINK", 1048576),
    ("SF_SETTABLE", 4294901760),
    ("SF_SNAPSHOT", 2097152),
    ("ST_ATIME", 7),
    ("ST_CTIME", 9),
    ("ST_DEV", 2),
    ("ST_GID", 5),
    ("ST_INO", 1),
    ("ST_MODE", 0),
    ("ST_MTIME", 8),
    ("ST_NLINK", 3),
    ("ST_SIZE", 6),
    ("ST_UID", 4),
    ("S_ENFMT", 1024),
    ("S_IEXEC", 64),
    ("S_IFBLK", 24576),
    ("S_IFCHR", 8192),
    ("S_IFDIR", 16384),
    ("S_IFDOOR", 0),
    ("S_IFIFO", 4096),
    ("S_IFLNK", 40960),
    ("S_IFPORT", 0),
    ("S_IFREG", 32768),
    ("S_IFSOCK", 49152),
    ("S_IFWHT", 0),
    ("S_IREAD", 256),
    ("S_IRGRP", 32),
    ("S_IROTH", 4),
    ("S_IRUSR", 256),
    ("S_IRWXG", 56),
    ("S_IRWXO", 7),
    ("S_IRWXU", 448),
    ("S_ISGID", 1024),
    ("S_ISUID", 2048),
    ("S_ISVTX", 512),
    ("S_IWGRP", 16),
    ("S_IWOTH", 2),
    ("S_IWRITE", 128),
    ("S_IWUSR", 128),
    ("S_IXGRP", 8),
    ("S_IXOTH", 1),
    ("S_IXUSR", 64),
    ("UF_APPEND", 4),
    ("UF_COMPRESSED", 32),
    ("UF_DATAVAULT", 128),
    ("UF_HIDDEN", 32768),
    ("UF_IMMUTABLE", 2),
    ("UF_NODUMP", 1),
    ("UF_NOUNLINK", 16),
    ("UF_OPAQUE", 8),
    ("UF_SETTABLE", 65535),
    ("UF_TRACKED", 64),
];

const S_IFMT: u32 = 0o170000;

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    for (n, v) in CONSTANTS {
        d.set_s(n, Value::Int(*v));
    }
    add_fn(d, "S_ISDIR", |vm, a, k| {
        is_type(vm, a, k, "S_ISDIR", 0o040000)
    });
    add_fn(d, "S_ISCHR", |vm, a, k| {
        is_type(vm, a, k, "S_ISCHR", 0o020000)
    });
    add_fn(d, "S_ISBLK", |vm, a, k| {
        is_type(vm, a, k, "S_ISBLK", 0o060000)
    });
    add_fn(d, "S_ISREG", |vm, a, k| {
        is_type(vm, a, k, "S_ISREG", 0o100000)
    });
    add_fn(d, "S_ISFIFO", |vm, a, k| {
        is_type(vm, a, k, "S_ISFIFO", 0o010000)
    });
    add_fn(d, "S_ISLNK", |vm, a, k| {
        is_type(vm, a, k, "S_ISLNK", 0o120000)
    });
    add_fn(d, "S_ISSOCK", |vm, a, k| {
        is_type(vm, a, k, "S_ISSOCK", 0o140000)
    });
    // Door, event port and whiteout files do not exist on Linux.
    add_fn(d, "S_ISDOOR", |vm, a, k| never(vm, a, k, "S_ISDOOR"));
    add_fn(d, "S_ISPORT", |vm, a, k| never(vm, a, k, "S_ISPORT"));
    add_fn(d, "S_ISWHT", |vm, a, k| never(vm, a, k, "S_ISWHT"));
    add_fn(d, "S_IMODE", |vm, a, k| {
        Ok(Value::Int((one_mode(vm, a, k, "S_IMODE")? & 0o7777) as i64))
    });
    add_fn(d, "S_IFMT", |vm, a, k| {
        Ok(Value::Int((one_mode(vm, a, k, "S_IFMT")? & S_IFMT) as i64))
    });
    add_fn(d, "filemode", |vm, a, k| {
        let m = one_mode(vm, a, k, "filemode")?;
        Ok(Value::string(filemode(m)))
    });
    Ok(())
}

/// The single mode argument of a `_stat` function.
fn one_mode(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, fname: &str) -> PyResult<u32> {
    no_kwargs(vm, fname, kwargs)?;
    if args.len() != 1 {
        return Err(vm.type_error(format!(
            "_stat.{}() takes exactly one argument ({} given)",
            fname,
            args.len()
        )));
    }
    let n: i128 = match &args[0] {
        Value::Int(i) => *i as i128,
        Value::Bool(b) => matches!(b, rupy_objects::Truth::True) as i128,
        Value::BigInt(b) => {
            if b.sign() == num_bigint::Sign::Minus {
                -1
            } else {
                i128::MAX
            }
        }
        _ => return Err(vm.type_error("an integer is required")),
    };
    if n < 0 {
        return Err(vm.err(
            ExcKind::OverflowError,
            "can't convert negative value to unsigned int",
        ));
    }
    u32::try_from(n).map_err(|_| vm.err(ExcKind::OverflowError, "mode out of range"))
}

/// Door, event port and whiteout files do not exist on Linux.
fn never(vm: &mut Vm, a: &[Value], k: &KwArgs, fname: &str) -> PyResult<Value> {
    one_mode(vm, a, k, fname)?;
    Ok(Value::bool(false))
}

fn is_type(vm: &mut Vm, a: &[Value], k: &KwArgs, fname: &str, kind: u32) -> PyResult<Value> {
    Ok(Value::bool(one_mode(vm, a, k, fname)? & S_IFMT == kind))
}

/// `ls -l` style: the type letter, then rwx for user, group, others with the set-id and
/// sticky bits shown as s/S and t/T.
fn filemode(m: u32) -> String {
    let kind = match m & S_IFMT {
        0o120000 => 'l',
        0o100000 => '-',
        0o040000 => 'd',
        0o020000 => 'c',
        0o060000 => 'b',
        0o010000 => 'p',
        0o140000 => 's',
        _ => '?',
    };
    let mut s = String::with_capacity(10);
    s.push(kind);
    let bit = |b: u32, c: char| if m & b != 0 { c } else { '-' };
    let special =
        |x: u32, special: u32, lower: char, upper: char| match (m & x != 0, m & special != 0) {
            (true, true) => lower,
            (false, true) => upper,
            (true, false) => 'x',
            (false, false) => '-',
        };
    s.push(bit(0o400, 'r'));
    s.push(bit(0o200, 'w'));
    s.push(special(0o100, 0o4000, 's', 'S'));
    s.push(bit(0o040, 'r'));
    s.push(bit(0o020, 'w'));
    s.push(special(0o010, 0o2000, 's', 'S'));
    s.push(bit(0o004, 'r'));
    s.push(bit(0o002, 'w'));
    s.push(special(0o001, 0o1000, 't', 'T'));
    s
}

#[cfg(test)]
mod tests {
    use super::filemode;

    #[test]
    fn filemode_matches_ls() {
        assert_eq!(filemode(0o104755), "-rwsr-xr-x");
        assert_eq!(filemode(0o042775), "drwxrwsr-x");
        assert_eq!(filemode(0o041777), "drwxrwxrwt");
        assert_eq!(filemode(0o102644), "-rw-r-Sr--");
        assert_eq!(filemode(0o101644), "-rw-r--r-T");
        assert_eq!(filemode(0o120777), "lrwxrwxrwx");
        assert_eq!(filemode(0o170000), "?---------");
    }
}
