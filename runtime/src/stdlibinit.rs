//! Wiring the shipped modules (`sys`, `math`, `time`, `threading`, `queue`, `collections`,
//! `concurrent.interpreters`, ...) into an interpreter. A `Thread::new()` interpreter has only
//! the builtins until this runs, which is what a host that controls what code can reach wants.

use crate::state::Thread;

/// Make every shipped module importable in `t`'s interpreter (idempotent).
pub fn init(t: &mut Thread) {
    t.add_stdlib();
}
