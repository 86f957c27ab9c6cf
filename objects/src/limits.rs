//! Per-interpreter resource limits and what happens when one is exceeded.
//!
//! A limit stops the run with an error Python code cannot catch: once `Shared::limit_hit` is
//! set, the eval loop skips every exception handler (`except`, `finally`, `with`), so the
//! error unwinds to whoever started the run, which reports the limit as a typed error. The
//! next run clears the flag: the interpreter stays usable.

use std::time::Instant;

/// The limits of one run (all optional).
#[derive(Clone, Debug, Default)]
pub struct Limits {
    /// Wall-clock deadline, checked at the breaker (a watchdog thread trips it on time).
    pub deadline: Option<Instant>,
    /// Bytes the code may write to `sys.stdout` and `sys.stderr` together.
    pub max_output_bytes: Option<u64>,
    /// Python call depth (`sys.getrecursionlimit()` while the limits apply).
    pub max_recursion: Option<usize>,
    /// Bytes the run may allocate, net of what it frees (counted by `heap::CountingAlloc`,
    /// which must be the global allocator for this limit to apply).
    pub max_heap_bytes: Option<u64>,
    /// Bytecode instructions the running thread may execute. Counted where execution can
    /// repeat: each loop iteration is charged its body's length at the back-edge (an upper
    /// bound: skipped branches count too) and each Python call one; straight-line code
    /// between them is finite.
    pub max_instructions: Option<u64>,
}

/// Which limit stopped a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    Deadline,
    Output,
    Memory,
    Instructions,
}

impl LimitKind {
    /// The message of the (uncatchable) exception that carries it through Python frames.
    pub fn message(self) -> &'static str {
        match self {
            LimitKind::Deadline => "deadline exceeded",
            LimitKind::Output => "output limit exceeded",
            LimitKind::Memory => "memory limit exceeded",
            LimitKind::Instructions => "instruction budget exceeded",
        }
    }
}
