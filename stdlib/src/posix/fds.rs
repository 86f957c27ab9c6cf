//! The process's table of file descriptors that Python code may name by number.
//!
//! `os.open`, `os.pipe`, `os.dup` hand Python an integer, but Rust's I/O safety says a raw
//! number may only be used while some owner keeps that descriptor open. So every descriptor
//! made for Python is owned here (one process-wide table, since descriptors are per process
//! and several interpreters may share one), and the natives reach a descriptor only through
//! `with_fd`, which borrows the owner for the call. Descriptors 0, 1 and 2 are borrowed from
//! the standard streams. Any other number — one this table never saw, or one Rust code of the
//! runtime owns — is `EBADF`: Python code cannot read, close or replace a descriptor it was
//! not given, which also keeps it from closing one the runtime still uses.
//!
//! An entry is an `Arc<OwnedFd>`, so a `close` racing a `read` on another thread releases the
//! number only after the read returns.
//!
//! Other native modules whose objects expose `fileno()` (`_io` file objects) should keep
//! their descriptor here too — `insert` when opening, `with_fd` to use it, `take` to close —
//! so `os.fstat(f.fileno())`, `os.fdopen(os.open(...))` and the like see one descriptor.

use std::collections::BTreeMap;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::sync::{Arc, Mutex, MutexGuard};

static TABLE: Mutex<BTreeMap<i32, Arc<OwnedFd>>> = Mutex::new(BTreeMap::new());

fn table() -> MutexGuard<'static, BTreeMap<i32, Arc<OwnedFd>>> {
    TABLE.lock().unwrap_or_else(|p| p.into_inner())
}

fn ebadf() -> io::Error {
    io::Error::from_raw_os_error(9)
}

/// Take ownership of `fd` and return the number Python code will use for it.
pub fn insert(fd: OwnedFd) -> i32 {
    let n = fd.as_raw_fd();
    table().insert(n, Arc::new(fd));
    n
}

/// Remove `n` from the table (for `os.close`, or for `_io` taking the descriptor over).
/// The descriptor closes when the last borrower is done with it.
pub fn take(n: i32) -> io::Result<Arc<OwnedFd>> {
    table().remove(&n).ok_or_else(ebadf)
}

/// Is `n` a descriptor Python code may use?
pub fn is_known(n: i32) -> bool {
    (0..=2).contains(&n) || table().contains_key(&n)
}

/// Run `f` with descriptor `n` borrowed (`EBADF` for a number Python was not given).
pub fn with_fd<R>(n: i32, f: impl FnOnce(BorrowedFd<'_>) -> io::Result<R>) -> io::Result<R> {
    let owned = table().get(&n).cloned();
    if let Some(fd) = owned {
        return f(fd.as_fd());
    }
    match n {
        0 => f(io::stdin().as_fd()),
        1 => f(io::stdout().as_fd()),
        2 => f(io::stderr().as_fd()),
        _ => Err(ebadf()),
    }
}

/// Make `target` a copy of `src` (`dup2`): a standard stream is redirected in place, a table
/// entry is replaced; any other target number is `EBADF` (no owner to replace).
pub fn dup2(src: i32, target: i32) -> io::Result<()> {
    if src == target {
        return with_fd(src, |_| Ok(()));
    }
    with_fd(src, |s| match target {
        0 => rustix::stdio::dup2_stdin(s).map_err(io::Error::from),
        1 => rustix::stdio::dup2_stdout(s).map_err(io::Error::from),
        2 => rustix::stdio::dup2_stderr(s).map_err(io::Error::from),
        _ => {
            let mut t = table();
            let Some(entry) = t.get_mut(&target) else {
                return Err(ebadf());
            };
            // dup2 reuses the number in place; while another thread is borrowing the entry
            // it cannot be replaced under it.
            match Arc::get_mut(entry) {
                Some(owned) => rustix::io::dup2(s, owned)?,
                None => return Err(io::Error::from_raw_os_error(16)),
            }
            Ok(())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipe() -> (i32, i32) {
        let (r, w) = rustix::pipe::pipe().unwrap();
        (insert(r), insert(w))
    }

    #[test]
    fn table_owns_and_closes() {
        let (r, w) = pipe();
        assert!(is_known(r) && is_known(w));
        with_fd(w, |fd| Ok(rustix::io::write(fd, b"hi")?)).unwrap();
        let mut buf = [0u8; 8];
        let n = with_fd(r, |fd| Ok(rustix::io::read(fd, &mut buf)?)).unwrap();
        assert_eq!(&buf[..n], b"hi");
        take(w).unwrap();
        // A closed number is EBADF, and closing it twice too.
        assert_eq!(with_fd(w, |_| Ok(())).unwrap_err().raw_os_error(), Some(9));
        assert_eq!(take(w).unwrap_err().raw_os_error(), Some(9));
        take(r).unwrap();
    }

    #[test]
    fn numbers_python_was_not_given_are_refused() {
        // A descriptor owned by Rust code (this file) is not reachable by its number.
        let f = std::fs::File::open("/dev/null").unwrap();
        let n = f.as_raw_fd();
        assert!(!is_known(n));
        assert_eq!(with_fd(n, |_| Ok(())).unwrap_err().raw_os_error(), Some(9));
        assert!(take(n).is_err());
        assert!(with_fd(1, |_| Ok(())).is_ok());
    }

    #[test]
    fn dup2_replaces_a_table_entry_in_place() {
        let (r1, w1) = pipe();
        let (r2, w2) = pipe();
        dup2(w1, w2).unwrap();
        with_fd(w2, |fd| Ok(rustix::io::write(fd, b"x")?)).unwrap();
        let mut buf = [0u8; 4];
        let n = with_fd(r1, |fd| Ok(rustix::io::read(fd, &mut buf)?)).unwrap();
        assert_eq!(&buf[..n], b"x");
        assert!(dup2(w1, 1_000_000).is_err());
        for n in [r1, w1, r2, w2] {
            take(n).unwrap();
        }
    }
}
