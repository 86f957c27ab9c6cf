//! Heap accounting per interpreter, for memory limits.
//!
//! `CountingAlloc` wraps the process's global allocator (the `rupy` binary installs it
//! around mimalloc; an embedder may install it around its own) and counts, per OS thread,
//! the bytes allocated minus the bytes freed. Only the thread holding an interpreter's GIL
//! allocates for that interpreter, so `begin`/`end` (called at attach and detach) fold a
//! thread's count into its interpreter's (`Shared::heap_bytes`). When a run under a memory
//! limit crosses its budget, the allocator sets that thread's LIMITS breaker bit: the run
//! stops at its next breaker check with the (uncatchable) memory-limit error. Allocations
//! known to be huge ask `would_exceed` first, so they fail before any memory is touched.
//!
//! Without `CountingAlloc` installed every count stays 0 and memory limits never trip.
//!
//! Invariant: the breaker pointer a thread keeps (`WAKE`) is set at attach from a breaker
//! the attached thread state owns, and cleared at detach, before that state can be dropped.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

use crate::breaker::Breaker;

thread_local! {
    /// Bytes allocated minus freed by this thread since `begin`.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// Crossing this (in `LIVE` terms) trips the breaker.
    static BUDGET: Cell<isize> = const { Cell::new(isize::MAX) };
    static OVER: Cell<bool> = const { Cell::new(false) };
    /// The highest `LIVE` reached since `begin`.
    static PEAK: Cell<isize> = const { Cell::new(0) };
    /// The attached thread state's breaker, as an address (0: none).
    static WAKE: Cell<usize> = const { Cell::new(0) };
}

/// A global allocator that counts bytes per thread (see the module comment).
pub struct CountingAlloc<A>(pub A);

/// Mark this thread over its budget and wake its thread state (the allocator does this
/// when the count crosses the budget; growth paths do it when they refuse to cross it).
fn set_over() {
    OVER.set(true);
    let wake = WAKE.get();
    if wake != 0 {
        // SAFETY: `WAKE` holds the address of a `Breaker` owned (through an `Arc`) by the
        // thread state attached on this thread; `end` clears it before that state detaches,
        // so the breaker is alive here.
        unsafe { &*(wake as *const Breaker) }.set(Breaker::LIMITS);
    }
}

/// A growth path refused memory because of the budget: stop the run at its next safe point.
pub fn trip() {
    if BUDGET.get() != isize::MAX {
        set_over();
    }
}

#[inline]
fn count(delta: isize) {
    // `try_with`: allocations during thread teardown, after the TLS is gone, go uncounted.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        if delta > 0 && now > PEAK.get() {
            PEAK.set(now);
        }
        if delta > 0 && now > BUDGET.get() && !OVER.get() {
            set_over();
        }
    });
}

// SAFETY: every method forwards to the wrapped allocator with the caller's arguments
// unchanged; the bookkeeping around it touches only const-initialised thread-locals of
// `Copy` types, which neither allocate nor register destructors.
unsafe impl<A: GlobalAlloc> GlobalAlloc for CountingAlloc<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received (the caller upholds `alloc`'s contract).
        let p = unsafe { self.0.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { self.0.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as received.
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Start counting for a thread state that just attached: `budget` bytes more may be
/// allocated before the breaker trips (`None`: no limit).
pub fn begin(breaker: &std::sync::Arc<Breaker>, budget: Option<i64>) {
    LIVE.set(0);
    PEAK.set(0);
    OVER.set(false);
    BUDGET.set(
        budget
            .map(|b| b.clamp(0, isize::MAX as i64) as isize)
            .unwrap_or(isize::MAX),
    );
    WAKE.set(std::sync::Arc::as_ptr(breaker) as usize);
}

/// Stop counting (the thread state detaches): the bytes it allocated net of frees.
pub fn end() -> i64 {
    WAKE.set(0);
    BUDGET.set(isize::MAX);
    OVER.set(false);
    LIVE.replace(0) as i64
}

/// The most net bytes this thread had allocated at any moment since `begin`.
pub fn peak() -> i64 {
    PEAK.get() as i64
}

/// Net bytes this thread allocated since `begin`.
pub fn live() -> i64 {
    LIVE.get() as i64
}

/// Whether this thread crossed its budget.
pub fn over() -> bool {
    OVER.get()
}

/// Whether allocating `bytes` more would cross the budget.
pub fn would_exceed(bytes: usize) -> bool {
    let budget = BUDGET.get();
    budget != isize::MAX
        && LIVE
            .get()
            .saturating_add(bytes.min(isize::MAX as usize) as isize)
            > budget
}

/// Why a container could not grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRoom {
    /// Growing would cross the run's memory budget (nothing was allocated).
    Budget,
    /// The allocator refused the memory.
    Alloc,
}

/// Whether `bytes` more may be allocated under the run's budget: the check growth paths make
/// before touching memory, so a single native operation cannot run past the budget.
pub fn room_for(bytes: usize) -> Result<(), NoRoom> {
    if over() || would_exceed(bytes) {
        Err(NoRoom::Budget)
    } else {
        Ok(())
    }
}

/// Make room for `additional` more items in `v`, the way a native container grows: doubling
/// (a smaller step near the budget), accounted before allocating, and failing instead of
/// aborting the process when the allocator refuses (`Vec::push` would call
/// `handle_alloc_error`, which aborts).
pub fn grow_vec<T>(v: &mut Vec<T>, additional: usize) -> Result<(), NoRoom> {
    if v.capacity() - v.len() >= additional {
        return Ok(());
    }
    let item = std::mem::size_of::<T>().max(1);
    let doubled = additional.max(v.capacity()).max(4);
    let step = if room_for(doubled.saturating_mul(item)).is_ok() {
        doubled
    } else {
        // Near the budget: an eighth more, as CPython's lists grow.
        let small = additional.max(v.len() / 8);
        room_for(small.saturating_mul(item))?;
        small
    };
    v.try_reserve(step).map_err(|_| NoRoom::Alloc)
}
