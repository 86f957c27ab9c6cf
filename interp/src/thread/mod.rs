//! Threads inside one interpreter, CPython's way: every OS thread running Python code has its
//! own thread state (a `Vm` sharing the interpreter's objects), and the thread states take
//! turns on the interpreter's GIL. This module attaches and detaches thread states, releases
//! the GIL around blocking work (`allow_threads`), starts OS threads for Python
//! (`_thread.start_new_thread`) and is the eval loop's slow path when the breaker trips.
//!
//! Invariants:
//! - a thread touches the interpreter's objects only between `attach` and `detach`; the
//!   cycle collector's registry moves with the GIL (installed at attach, given back to the
//!   interpreter's slot at detach);
//! - a thread state is dropped only by a thread holding the GIL;
//! - once the interpreter is finalizing, a thread that gets the GIL gives it back at once and
//!   never runs again (daemon threads at exit, as CPython) — except the finalizing thread.

pub mod handoff;
pub mod watchdog;

use std::rc::Rc;
use std::time::{Duration, Instant};

use rupy_objects::breaker::Breaker;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::gc;
use rupy_objects::gil::{Gil, Holder};
use rupy_objects::{PyResult, PyStr, Value, Vm};

/// Native stack of a Python thread (reserved address space; pages are committed on use).
pub const THREAD_STACK_BYTES: usize = 256 << 20;
/// Kept free below the recursion budget for native code running between checks.
const STACK_MARGIN: usize = 8 << 20;

/// Give up the GIL; the per-thread bookkeeping goes back to the interpreter first.
pub fn detach(vm: &Vm) {
    uninstall(vm);
    vm.thread.gil.drop_gil(&vm.thread.holder, false);
}

/// Take the GIL back (waiting for it as long as it takes) and install the bookkeeping.
pub fn attach(vm: &Vm) {
    vm.thread.gil.take(&vm.thread.holder);
    if vm.thread.gil.must_exit(vm.thread.holder.id) {
        hang(&vm.thread.gil, &vm.thread.holder);
    }
    install(vm);
}

/// What a thread state sets up once it holds its interpreter's GIL (however it got it): the
/// interpreter's collector registry, the notice of calls queued meanwhile, heap accounting.
pub fn install(vm: &Vm) {
    gc::swap_registry(
        &mut vm.shared.gc_slot.borrow_mut(),
        Some(&vm.thread.holder.breaker),
    );
    vm.thread.pending.on_attach(&vm.thread.holder.breaker);
    vm.heap_begin();
}

/// The reverse of `install`, before the thread state lets the GIL go.
pub fn uninstall(vm: &Vm) {
    vm.heap_end();
    gc::swap_registry(&mut vm.shared.gc_slot.borrow_mut(), None);
}

/// A thread that got the GIL after the interpreter began finalizing: let go and stop for good.
fn hang(gil: &Gil, holder: &Holder) -> ! {
    gil.drop_gil(holder, true);
    loop {
        std::thread::park();
    }
}

/// Run `f` with the GIL released, so the interpreter's other threads run meanwhile. `f` cannot
/// reach Python objects: they are `!Send`, and `f` must be `Send`.
pub fn allow_threads<R: Send>(vm: &mut Vm, f: impl FnOnce() -> R + Send) -> R {
    struct Reattach<'a>(&'a Vm);
    impl Drop for Reattach<'_> {
        fn drop(&mut self) {
            attach(self.0);
        }
    }
    detach(vm);
    let _back = Reattach(vm);
    f()
}

/// Buffered standard output beyond this is written out (with the GIL released) after the
/// write that crossed it.
pub const STDOUT_FLUSH_AT: usize = 8192;

/// Write out the interpreter's buffered standard output with the GIL released, so the
/// interpreter's other threads run while the terminal or pipe takes it.
pub fn flush_stdout(vm: &mut Vm) {
    if vm.shared.stdout.pending() == 0 {
        return;
    }
    let chunk = vm.shared.stdout.take();
    allow_threads(vm, move || {
        let _ = chunk.finish();
    });
}

/// How long a blocked wait sleeps before it looks at its breaker again: the bound on how late a
/// host interrupt or Ctrl-C reaches a thread blocked in a lock, a join or a sleep.
pub const WAIT_SLICE: Duration = Duration::from_millis(20);

/// Block with the GIL released until `attempt` succeeds or `deadline` passes (`None`: no
/// deadline). `attempt(until)` waits at most until `until` for its condition and returns
/// `Some` once it holds; it runs on this OS thread without the GIL, so it cannot touch Python
/// objects. A host interrupt or a signal ends the wait: the breaker's slow path runs (raising
/// `KeyboardInterrupt`) and, if it raised nothing, the wait goes on. `Ok(None)` means the
/// deadline passed.
pub fn block_until<R: Send>(
    vm: &mut Vm,
    deadline: Option<Instant>,
    mut attempt: impl FnMut(Instant) -> Option<R> + Send,
) -> PyResult<Option<R>> {
    let breaker = vm.thread.holder.breaker.clone();
    loop {
        let outcome = allow_threads(vm, || {
            loop {
                let now = Instant::now();
                if deadline.is_some_and(|d| now >= d) {
                    return Wake::TimedOut;
                }
                let mut until = now + WAIT_SLICE;
                if let Some(d) = deadline {
                    until = until.min(d);
                }
                if let Some(r) = attempt(until) {
                    return Wake::Done(r);
                }
                if breaker.bits() & (Breaker::INTERRUPT | Breaker::SIGNALS | Breaker::LIMITS) != 0 {
                    return Wake::Interrupted;
                }
            }
        });
        match outcome {
            Wake::Done(r) => return Ok(Some(r)),
            Wake::TimedOut => return Ok(None),
            Wake::Interrupted => safe_point(vm)?,
        }
    }
}

enum Wake<R> {
    Done(R),
    TimedOut,
    Interrupted,
}

/// The eval loop's slow path: the breaker word is not zero. Handles, in CPython's order,
/// signals and interrupts, the collector, and drop requests.
#[cold]
#[inline(never)]
pub fn safe_point(vm: &mut Vm) -> PyResult<()> {
    let bits = vm.thread.breaker().bits();
    if bits & (Breaker::SIGNALS | Breaker::INTERRUPT) != 0 {
        let b = vm.thread.breaker();
        let signalled = b.take(Breaker::SIGNALS);
        if b.take(Breaker::INTERRUPT) || signalled {
            return Err(rupy_objects::PyErr::lazy_noarg(
                vm.exc(ExcKind::KeyboardInterrupt),
            ));
        }
    }
    if bits & Breaker::LIMITS != 0 && vm.thread.breaker().take(Breaker::LIMITS) {
        check_limits(vm)?;
    }
    if bits & Breaker::PENDING_CALLS != 0 {
        run_pending_calls(vm);
    }
    if bits & Breaker::GC != 0 {
        crate::gc::safe_point(vm);
    }
    if vm.thread.breaker().is_set(Breaker::DROP_REQUEST) {
        // `drop_gil` sees the request and waits until another thread took the GIL.
        detach(vm);
        attach(vm);
    }
    Ok(())
}

/// How many steps a long native loop takes between `poll_native` checks.
pub const NATIVE_POLL_EVERY: usize = 4096;

/// A long native loop's check (every `NATIVE_POLL_EVERY` steps): interrupts, signals and
/// limits (deadline, memory), so one native call cannot outrun them. Unlike `safe_point` it
/// never runs the collector or hands the GIL over: the loop may hold borrows of the
/// containers it fills.
#[inline]
pub fn poll_native(vm: &mut Vm) -> PyResult<()> {
    let bits = vm.thread.breaker().bits();
    if bits & (Breaker::SIGNALS | Breaker::INTERRUPT | Breaker::LIMITS) == 0 {
        return Ok(());
    }
    poll_native_slow(vm)
}

#[cold]
#[inline(never)]
fn poll_native_slow(vm: &mut Vm) -> PyResult<()> {
    let b = vm.thread.breaker();
    let signalled = b.take(Breaker::SIGNALS);
    if b.take(Breaker::INTERRUPT) || signalled {
        return Err(rupy_objects::PyErr::lazy_noarg(
            vm.exc(ExcKind::KeyboardInterrupt),
        ));
    }
    if vm.thread.breaker().take(Breaker::LIMITS) {
        check_limits(vm)?;
    }
    Ok(())
}

/// Run `f` under `limits` (deadline, output bytes, recursion depth); returns its result and
/// the limit that stopped it, if one did. The interpreter's previous settings come back
/// afterwards, so the same interpreter serves the next run.
pub fn with_limits<R>(
    vm: &mut Vm,
    limits: rupy_objects::limits::Limits,
    f: impl FnOnce(&mut Vm) -> R,
) -> (R, Option<rupy_objects::limits::LimitKind>) {
    let saved_recursion = vm.recursion_limit;
    vm.ticks_left = limits
        .max_instructions
        .map(|n| n.min(i64::MAX as u64) as i64)
        .unwrap_or(i64::MAX);
    if let Some(n) = limits.max_recursion {
        vm.recursion_limit = n.max(1);
    }
    let token = limits
        .deadline
        .map(|d| watchdog::arm(d, vm.thread.gil.clone()));
    vm.shared.output_written.set(0);
    vm.shared.limit_hit.set(None);
    *vm.shared.limits.borrow_mut() = limits;
    // Count this run's heap (and its peak) from zero.
    vm.heap_reset();
    let r = f(vm);
    vm.heap_end();
    if let Some(t) = token {
        watchdog::disarm(t);
    }
    *vm.shared.limits.borrow_mut() = Default::default();
    vm.heap_begin();
    vm.thread.breaker().clear(Breaker::LIMITS);
    vm.recursion_limit = saved_recursion;
    vm.ticks_left = i64::MAX;
    (r, vm.shared.limit_hit.take())
}

/// The run's instruction budget is spent: stop it (uncatchably, like every limit). The
/// counter stays spent, so code that runs while the error unwinds stops again at once.
#[cold]
pub fn budget_exhausted(vm: &mut Vm) -> rupy_objects::PyErr {
    vm.ticks_left = 0;
    vm.limit_exceeded(rupy_objects::limits::LimitKind::Instructions)
}

/// The watchdog (or a host) says a limit may be due: stop the run if one is.
fn check_limits(vm: &mut Vm) -> PyResult<()> {
    if let Some(kind) = vm.shared.limit_hit.get() {
        return Err(vm.limit_exceeded(kind));
    }
    if rupy_objects::heap::over() {
        return Err(vm.limit_exceeded(rupy_objects::limits::LimitKind::Memory));
    }
    let deadline = vm.shared.limits.borrow().deadline;
    if deadline.is_some_and(|d| Instant::now() >= d) {
        return Err(vm.limit_exceeded(rupy_objects::limits::LimitKind::Deadline));
    }
    Ok(())
}

/// Run the calls other OS threads queued for this interpreter (at most `pending::BATCH`; the
/// breaker stays set while more wait).
fn run_pending_calls(vm: &mut Vm) {
    let queue = vm.thread.pending.clone();
    let breaker = vm.thread.holder.breaker.clone();
    let mut calls = Vec::new();
    queue.handle(&breaker, |c| calls.push(c));
    for call in calls {
        call(vm);
    }
}

/// Threads started with `start_new_thread` that are still running (`_thread._count()`).
#[derive(Default)]
pub struct ThreadCount(pub std::cell::Cell<usize>);

/// Start an OS thread running `func(*args, **kwargs)` in this interpreter; returns its ident.
/// An exception escaping `func` is reported as unraisable, as CPython does.
pub fn spawn(
    vm: &mut Vm,
    func: Value,
    args: Vec<Value>,
    kwargs: Vec<(Rc<PyStr>, Value)>,
) -> PyResult<u64> {
    let child = vm.new_thread_state();
    let link = child.thread.clone();
    let ident = link.holder.id;
    let count = vm.shared_state::<ThreadCount>();
    count.0.set(count.0.get() + 1);
    let cargo = handoff::InTransit::new((child, func, args, kwargs));
    let started = std::thread::Builder::new()
        .name(format!("rupy-thread-{}", ident))
        .stack_size(THREAD_STACK_BYTES)
        .spawn(move || {
            let (vm, func, args, kwargs) = cargo.attach_and_open(&link.gil, &link.holder);
            if link.gil.is_finalizing() {
                // Too late to run: the process is about to end. Nothing is dropped, since
                // dropping needs the GIL we give back now.
                std::mem::forget((vm, func, args, kwargs));
                hang(&link.gil, &link.holder);
            }
            thread_main(vm, func, args, kwargs);
            link.gil.drop_gil(&link.holder, true);
        });
    match started {
        Ok(_) => Ok(ident),
        Err(_) => {
            count.0.set(count.0.get() - 1);
            Err(vm.err(ExcKind::RuntimeError, "can't start new thread"))
        }
    }
}

/// The life of a Python thread, between taking the GIL for the first time and giving it up
/// for good; everything it owns is dropped here, under the GIL.
fn thread_main(mut vm: Vm, func: Value, args: Vec<Value>, kwargs: Vec<(Rc<PyStr>, Value)>) {
    install(&vm);
    let marker = 0u8;
    vm.stack_base = std::hint::black_box(&marker) as *const u8 as usize;
    vm.stack_budget = THREAD_STACK_BYTES - STACK_MARGIN;
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::call::call_value(&mut vm, &func, &args, &kwargs)
    }));
    match run {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            if !e.class().is_subclass(&vm.exc(ExcKind::SystemExit)) {
                let what = crate::ops::repr_string(&mut vm, &func)
                    .unwrap_or_else(|_| "<function>".to_owned());
                crate::exceptions::print_unraisable_with(
                    &mut vm,
                    e,
                    &format!("Exception ignored in thread started by: {}", what),
                );
            }
        }
        Err(_) => {
            let _ = vm.flush_stdout();
            crate::builtins::write_stderr(
                &mut vm,
                "SystemError: internal error in rupy (a thread panicked)\n",
            );
        }
    }
    drop((func, args, kwargs));
    crate::gc::run_finalizers(&mut vm);
    let _ = vm.flush_stdout();
    let count = vm.shared_state::<ThreadCount>();
    count.0.set(count.0.get().saturating_sub(1));
    drop(count);
    vm.heap_end();
    let shared = vm.shared.clone();
    drop(vm);
    gc::swap_registry(&mut shared.gc_slot.borrow_mut(), None);
    drop(shared);
}
