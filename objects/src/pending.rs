//! Pending calls: work another thread hands to an interpreter ("run this inside interpreter
//! X at its next breaker check") — how objects owned by X get released from elsewhere, and
//! how hosts and signals reach running code.
//!
//! Invariants (model-checked in `loom-tests/`): every accepted call runs exactly once, on a
//! thread attached to the target interpreter. `add` queues, then sets PENDING_CALLS on the
//! interpreter's current (or last) GIL holder; a thread that attaches afterwards checks the
//! queue itself (`on_attach`), so a call added while nobody is attached is not forgotten.
//! The handler clears its bit before running calls and sets it again if some remain.

use std::collections::VecDeque;

use crate::breaker::Breaker;
use crate::gil::Gil;
use crate::sync::{AtomicUsize, Mutex, Ordering, lock};

/// At most this many calls wait; `add` refuses more (CPython: 300).
pub const CAPACITY: usize = 300;
/// At most this many calls run per breaker visit (CPython: 100).
pub const BATCH: usize = 100;

pub struct PendingCalls<C> {
    queue: Mutex<VecDeque<C>>,
    npending: AtomicUsize,
}

impl<C> Default for PendingCalls<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> PendingCalls<C> {
    pub fn new() -> Self {
        PendingCalls {
            queue: Mutex::new(VecDeque::new()),
            npending: AtomicUsize::new(0),
        }
    }

    pub fn len(&self) -> usize {
        self.npending.load(Ordering::Acquire)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Queue `call` for the interpreter whose GIL is `gil`; gives it back when the queue is full.
    pub fn add(&self, call: C, gil: &Gil) -> Result<(), C> {
        {
            let mut q = lock(&self.queue);
            if q.len() >= CAPACITY {
                return Err(call);
            }
            q.push_back(call);
            self.npending.store(q.len(), Ordering::Release);
        }
        gil.signal_holder(Breaker::PENDING_CALLS);
        Ok(())
    }

    /// A thread just took the GIL: if calls wait, its breaker must say so.
    pub fn on_attach(&self, breaker: &Breaker) {
        if self.npending.load(Ordering::Acquire) > 0 {
            breaker.set(Breaker::PENDING_CALLS);
        }
    }

    /// Run waiting calls (at most BATCH) with `run`, on the attached thread whose breaker is
    /// given. Returns how many ran.
    pub fn handle(&self, breaker: &Breaker, mut run: impl FnMut(C)) -> usize {
        breaker.clear(Breaker::PENDING_CALLS);
        let mut ran = 0;
        while ran < BATCH {
            let next = {
                let mut q = lock(&self.queue);
                let c = q.pop_front();
                self.npending.store(q.len(), Ordering::Release);
                c
            };
            let Some(call) = next else { break };
            run(call);
            ran += 1;
        }
        if self.npending.load(Ordering::Acquire) > 0 {
            breaker.set(Breaker::PENDING_CALLS);
        }
        ran
    }
}
