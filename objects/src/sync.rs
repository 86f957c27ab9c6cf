//! The synchronisation primitives the GIL, the eval breaker and the pending-call queue are
//! written against: std's normally, loom's when compiled with `--cfg loom` (the loom models
//! in `loom-tests/` include these very source files), as tokio and crossbeam do.
//!
//! Locks are never poisoned here: a panic while holding one is caught at the interpreter
//! boundary and the state they guard stays consistent (each critical section is a few
//! assignments), so `lock` takes the guard either way.

#[cfg(not(loom))]
pub use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub use std::sync::{Arc, Condvar, Mutex, MutexGuard};

#[cfg(loom)]
pub use loom::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
#[cfg(loom)]
pub use loom::sync::{Arc, Condvar, Mutex, MutexGuard};

use std::time::Duration;

/// Lock, ignoring poisoning.
#[inline]
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Wait for a notification, ignoring poisoning (spurious wake-ups are possible: callers loop).
#[inline]
pub fn wait<'a, T>(cv: &Condvar, g: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(g).unwrap_or_else(|e| e.into_inner())
}

/// Timed waits of one blocking operation (one `take` of the GIL, say).
#[derive(Default)]
pub struct TimedWait {
    #[cfg(loom)]
    timed_out_once: bool,
}

impl TimedWait {
    pub fn new() -> TimedWait {
        TimedWait::default()
    }

    /// Wait for a notification or until `dur` passed; true when it timed out.
    #[cfg(not(loom))]
    #[inline]
    pub fn wait<'a, T>(
        &mut self,
        cv: &Condvar,
        _m: &'a Mutex<T>,
        g: MutexGuard<'a, T>,
        dur: Duration,
    ) -> (MutexGuard<'a, T>, bool) {
        let (g, r) = cv.wait_timeout(g, dur).unwrap_or_else(|e| e.into_inner());
        (g, r.timed_out())
    }

    /// loom does not model time. The first timed wait of an operation is "let the other
    /// threads run, then time out" (loom explores every point where that may happen); later
    /// ones block until notified, which keeps the explored paths finite. Callers re-check
    /// their condition in a loop, so both are behaviours the real wait can show.
    #[cfg(loom)]
    pub fn wait<'a, T>(
        &mut self,
        cv: &Condvar,
        m: &'a Mutex<T>,
        g: MutexGuard<'a, T>,
        _dur: Duration,
    ) -> (MutexGuard<'a, T>, bool) {
        if !self.timed_out_once {
            self.timed_out_once = true;
            drop(g);
            loom::thread::yield_now();
            return (lock(m), true);
        }
        (wait(cv, g), false)
    }
}
