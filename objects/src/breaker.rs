//! The eval breaker: one atomic word per thread state, read with a single relaxed load at
//! loop back-edges, calls and function entry. Any set bit sends the eval loop to its cold
//! path, which handles the bits (GIL drop request, host interrupt, limits, pending calls,
//! signals, the cycle collector).
//!
//! Invariant: bits are only changed with read-modify-write atomics, so concurrent setters and
//! clearers of different bits never lose each other's updates; a handler clears its bit
//! *before* doing the work, so a request made during the handling triggers another visit.

use crate::sync::{AtomicU32, Ordering};

pub struct Breaker {
    bits: AtomicU32,
}

impl Default for Breaker {
    fn default() -> Self {
        Self::new()
    }
}

impl Breaker {
    /// Another thread waits for the GIL: drop it at the next check.
    pub const DROP_REQUEST: u32 = 1 << 0;
    /// `Interpreter::interrupt()` or SIGINT: raise `KeyboardInterrupt`.
    pub const INTERRUPT: u32 = 1 << 1;
    /// Closures queued for this interpreter wait to run.
    pub const PENDING_CALLS: u32 = 1 << 2;
    /// A POSIX signal arrived (main thread of the main interpreter).
    pub const SIGNALS: u32 = 1 << 3;
    /// A deadline or instruction budget needs checking.
    pub const LIMITS: u32 = 1 << 4;
    /// The cycle collector is due or `__del__` finalizers wait (set by this thread's own
    /// allocations and drops).
    pub const GC: u32 = 1 << 5;

    pub fn new() -> Breaker {
        Breaker {
            bits: AtomicU32::new(0),
        }
    }

    /// The hot check: one relaxed load.
    #[inline(always)]
    pub fn tripped(&self) -> bool {
        self.bits.load(Ordering::Relaxed) != 0
    }

    /// All bits (for the cold path).
    #[inline]
    pub fn bits(&self) -> u32 {
        self.bits.load(Ordering::Acquire)
    }

    #[inline]
    pub fn is_set(&self, bit: u32) -> bool {
        self.bits.load(Ordering::Acquire) & bit != 0
    }

    /// Set `bit`; safe from any thread.
    #[inline]
    pub fn set(&self, bit: u32) {
        self.bits.fetch_or(bit, Ordering::AcqRel);
    }

    #[inline]
    pub fn clear(&self, bit: u32) {
        self.bits.fetch_and(!bit, Ordering::AcqRel);
    }

    /// Clear `bit` and say whether it was set (the handler's first step).
    #[inline]
    pub fn take(&self, bit: u32) -> bool {
        self.bits.fetch_and(!bit, Ordering::AcqRel) & bit != 0
    }
}
