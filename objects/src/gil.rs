//! The per-interpreter GIL, CPython's algorithm (`Python/ceval_gil.c`; see
//! `shared/spec/interpreters.md` §4): a mutex + condvar guarding `locked`, a switch interval
//! after which a waiter asks the holder to drop (through the holder's eval breaker), and
//! forced switching — a thread that dropped because it was asked waits until another thread
//! took the GIL, so it cannot grab it straight back.
//!
//! Invariants (model-checked in `loom-tests/`):
//! - at most one thread holds a GIL; `locked` changes only under `locked`'s mutex, and every
//!   release signals `cond` (no lost wake-up; waiters re-check in a loop);
//! - `switch_number` grows exactly when the holder changes, under the switch mutex;
//! - a waiter sets a drop request only on the thread that held the GIL for its whole wait
//!   (same `switch_number`), and a dropper honouring a request does not return before another
//!   thread took the GIL.
//!
//! Lock order: `locked` before `switch`, never the reverse.

use std::time::Duration;

use crate::breaker::Breaker;
use crate::sync::{Arc, AtomicBool, AtomicU64, Condvar, Mutex, Ordering, TimedWait, lock, wait};

/// What the GIL knows of a thread state: who it is and where its breaker is.
#[derive(Clone)]
pub struct Holder {
    pub id: u64,
    pub breaker: Arc<Breaker>,
}

struct Switch {
    last_holder: Option<Holder>,
    switch_number: u64,
}

impl Switch {
    fn held_last_by(&self, id: u64) -> bool {
        self.last_holder.as_ref().is_some_and(|h| h.id == id)
    }
}

pub struct Gil {
    locked: Mutex<bool>,
    cond: Condvar,
    switch: Mutex<Switch>,
    switch_cond: Condvar,
    interval_us: AtomicU64,
    /// The interpreter is shutting down: threads that take the GIL from now on must give it
    /// back and never run again (CPython's daemon threads at exit) — all but `finalizer`,
    /// the thread state doing the shutdown, which may still release and retake it.
    finalizing: AtomicBool,
    finalizer: AtomicU64,
}

impl Default for Gil {
    fn default() -> Self {
        Self::new()
    }
}

impl Gil {
    /// Default switch interval: 5 ms, as CPython.
    pub const DEFAULT_INTERVAL_US: u64 = 5000;

    pub fn new() -> Gil {
        Gil {
            locked: Mutex::new(false),
            cond: Condvar::new(),
            switch: Mutex::new(Switch {
                last_holder: None,
                switch_number: 0,
            }),
            switch_cond: Condvar::new(),
            interval_us: AtomicU64::new(Self::DEFAULT_INTERVAL_US),
            finalizing: AtomicBool::new(false),
            finalizer: AtomicU64::new(0),
        }
    }

    /// `sys.getswitchinterval()` in microseconds.
    pub fn interval_us(&self) -> u64 {
        self.interval_us.load(Ordering::Relaxed)
    }

    /// `sys.setswitchinterval()`; at least 1 µs.
    pub fn set_interval_us(&self, us: u64) {
        self.interval_us.store(us.max(1), Ordering::Relaxed);
    }

    /// Start finalizing; `by` is the thread state doing it.
    pub fn set_finalizing(&self, by: u64) {
        self.finalizer.store(by, Ordering::Release);
        self.finalizing.store(true, Ordering::Release);
    }

    /// Whether thread state `id`, having taken the GIL, must give it back and stop.
    pub fn must_exit(&self, id: u64) -> bool {
        self.is_finalizing() && self.finalizer.load(Ordering::Acquire) != id
    }

    pub fn is_finalizing(&self) -> bool {
        self.finalizing.load(Ordering::Acquire)
    }

    pub fn is_locked(&self) -> bool {
        *lock(&self.locked)
    }

    /// Whether the thread state `id` holds the GIL now (only that thread can get `true`
    /// reliably; it is how a thread proves to itself that it may open parked state).
    pub fn held_by(&self, id: u64) -> bool {
        let locked = lock(&self.locked);
        *locked && lock(&self.switch).held_last_by(id)
    }

    /// How many times the holder changed (for tests and statistics).
    pub fn switch_number(&self) -> u64 {
        lock(&self.switch).switch_number
    }

    /// Take the GIL for `me`, waiting as long as it takes. A wait that times out while the
    /// same thread kept the GIL asks that thread to drop it.
    pub fn take(&self, me: &Holder) {
        let mut locked = lock(&self.locked);
        let mut timer = TimedWait::new();
        while *locked {
            let saved = lock(&self.switch).switch_number;
            let interval = Duration::from_micros(self.interval_us());
            let (g, timed_out) = timer.wait(&self.cond, &self.locked, locked, interval);
            locked = g;
            if timed_out && *locked {
                let sw = lock(&self.switch);
                if sw.switch_number == saved
                    && let Some(h) = &sw.last_holder
                {
                    h.breaker.set(Breaker::DROP_REQUEST);
                }
            }
        }
        {
            let mut sw = lock(&self.switch);
            *locked = true;
            if !sw.held_last_by(me.id) {
                sw.last_holder = Some(me.clone());
                sw.switch_number += 1;
            }
            self.switch_cond.notify_all();
        }
        // A request made of us while we did not hold the GIL is moot now.
        me.breaker.clear(Breaker::DROP_REQUEST);
        drop(locked);
    }

    /// Release the GIL held by `me`. Unless `final_` (the thread state is going away), a
    /// pending drop request makes this wait until another thread took the GIL.
    pub fn drop_gil(&self, me: &Holder, final_: bool) {
        if !final_ {
            let mut sw = lock(&self.switch);
            if !sw.held_last_by(me.id) {
                sw.last_holder = Some(me.clone());
            }
        }
        {
            let mut locked = lock(&self.locked);
            *locked = false;
            self.cond.notify_one();
        }
        if !final_ && me.breaker.is_set(Breaker::DROP_REQUEST) {
            let mut sw = lock(&self.switch);
            if sw.held_last_by(me.id) {
                me.breaker.clear(Breaker::DROP_REQUEST);
                // Forced switching: the requester (still waiting in `take`) gets it first.
                while sw.held_last_by(me.id) {
                    sw = wait(&self.switch_cond, sw);
                }
            }
        }
    }

    /// Give other threads a turn if one asked (the breaker's DROP_REQUEST): drop, then take
    /// again. Returns whether the GIL changed hands.
    pub fn yield_if_requested(&self, me: &Holder) -> bool {
        if !me.breaker.is_set(Breaker::DROP_REQUEST) {
            return false;
        }
        self.drop_gil(me, false);
        self.take(me);
        true
    }

    /// Set `bit` on the breaker of the thread that holds (or last held) the GIL: how another
    /// thread gets the attention of whoever runs this interpreter's code.
    pub fn signal_holder(&self, bit: u32) {
        if let Some(h) = &lock(&self.switch).last_holder {
            h.breaker.set(bit);
        }
    }
}
