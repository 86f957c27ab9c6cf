//! The models: each explores every interleaving (up to LOOM_MAX_PREEMPTIONS preemptions) of
//! 2–3 threads running the runtime's GIL / breaker / pending-call code, and checks one
//! invariant of `shared/spec/interpreters.md` §4.4.
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, Mutex};
use loom::thread;

use rupy_loom_tests::breaker::Breaker;
use rupy_loom_tests::gil::{Gil, Holder};
use rupy_loom_tests::pending::PendingCalls;

fn holder(id: u64) -> Holder {
    Holder {
        id,
        breaker: Arc::new(Breaker::new()),
    }
}

/// Invariant 1: at most one thread holds the GIL. The state it guards is a loom `UnsafeCell`,
/// so two threads inside at once is a detected data race.
#[test]
fn gil_mutual_exclusion() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        let state = Arc::new(UnsafeCell::new(0u32));
        let handles: Vec<_> = (1..=2)
            .map(|id| {
                let (gil, state) = (gil.clone(), state.clone());
                thread::spawn(move || {
                    let me = holder(id);
                    gil.take(&me);
                    state.with_mut(|p| unsafe_free_increment(p));
                    gil.drop_gil(&me, false);
                })
            })
            .collect();
        let me = holder(3);
        gil.take(&me);
        state.with_mut(|p| unsafe_free_increment(p));
        gil.drop_gil(&me, false);
        for h in handles {
            h.join().unwrap();
        }
        gil.take(&me);
        assert_eq!(state.with(|p| read(p)), 3);
        gil.drop_gil(&me, true);
    });
}

// loom hands out raw pointers; these helpers keep the dereference in one place. The GIL
// guarantees exclusive access, which is exactly what loom checks.
#[allow(unsafe_code)]
fn unsafe_free_increment(p: *mut u32) {
    // SAFETY: only called while holding the GIL; loom reports any concurrent access.
    unsafe { *p += 1 }
}

#[allow(unsafe_code)]
fn read(p: *const u32) -> u32 {
    // SAFETY: as above (all writers joined, and the reader holds the GIL).
    unsafe { *p }
}

/// Invariant 2: no lost wake-up, no deadlock — two threads taking and dropping the GIL
/// repeatedly always both finish (loom fails a model whose threads all block).
#[test]
fn gil_no_lost_wakeup() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        let done = Arc::new(AtomicUsize::new(0));
        let handles: Vec<_> = (1..=2)
            .map(|id| {
                let (gil, done) = (gil.clone(), done.clone());
                thread::spawn(move || {
                    let me = holder(id);
                    for _ in 0..2 {
                        gil.take(&me);
                        gil.drop_gil(&me, false);
                    }
                    done.fetch_add(1, Ordering::SeqCst);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(done.load(Ordering::SeqCst), 2);
        assert!(!gil.is_locked());
    });
}

/// Invariants 3–5: a waiter that times out asks the holder to drop; the holder honours the
/// request at its next check, and does not get the GIL back before the waiter had it.
#[test]
fn gil_drop_request_handoff() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        let order = Arc::new(Mutex::new(Vec::new()));
        let a = holder(1);
        gil.take(&a);
        let b_thread = {
            let (gil, order) = (gil.clone(), order.clone());
            thread::spawn(move || {
                let b = holder(2);
                gil.take(&b);
                order.lock().unwrap().push("b");
                gil.drop_gil(&b, true);
            })
        };
        // The holder runs a few "instructions", checking its breaker at each.
        let mut yielded = false;
        for _ in 0..3 {
            if gil.yield_if_requested(&a) {
                order.lock().unwrap().push("a-again");
                yielded = true;
                break;
            }
            thread::yield_now();
        }
        gil.drop_gil(&a, true);
        b_thread.join().unwrap();
        let order = order.lock().unwrap().clone();
        if yielded {
            assert_eq!(
                order,
                vec!["b", "a-again"],
                "the dropper re-took the GIL before the waiter"
            );
        } else {
            assert_eq!(order, vec!["b"]);
        }
    });
}

/// Invariant 6: breaker bits set and cleared concurrently by different threads are never lost.
#[test]
fn breaker_bits_not_lost() {
    loom::model(|| {
        let br = Arc::new(Breaker::new());
        let t1 = {
            let br = br.clone();
            thread::spawn(move || br.set(Breaker::INTERRUPT))
        };
        let t2 = {
            let br = br.clone();
            thread::spawn(move || {
                br.set(Breaker::PENDING_CALLS);
                br.set(Breaker::DROP_REQUEST);
            })
        };
        br.set(Breaker::LIMITS);
        let had = br.take(Breaker::LIMITS);
        t1.join().unwrap();
        t2.join().unwrap();
        assert!(had);
        assert_eq!(
            br.bits(),
            Breaker::INTERRUPT | Breaker::PENDING_CALLS | Breaker::DROP_REQUEST
        );
        assert!(br.tripped());
    });
}

struct Interp {
    id: u32,
    gil: Gil,
    calls: PendingCalls<u32>,
}

/// Attach `me` to `it`, check the breaker `checks` times (running pending calls, recording
/// which interpreter ran them), detach.
fn attached_run(it: &Interp, me: &Holder, checks: usize, ran: &Mutex<Vec<(u32, u32)>>) {
    it.gil.take(me);
    it.calls.on_attach(&me.breaker);
    for _ in 0..checks {
        if me.breaker.is_set(Breaker::PENDING_CALLS) {
            it.calls.handle(&me.breaker, |token| {
                ran.lock().unwrap().push((token, it.id))
            });
        }
        thread::yield_now();
    }
    it.gil.drop_gil(me, true);
}

/// Invariant 7: a pending call added from another thread runs exactly once, on a thread
/// attached to its target interpreter — whether it arrives before, during or after that
/// thread's attachment (then the next attach finds it).
#[test]
fn pending_call_runs_once_in_target() {
    loom::model(|| {
        let x = Arc::new(Interp {
            id: 0,
            gil: Gil::new(),
            calls: PendingCalls::new(),
        });
        let y = Arc::new(Interp {
            id: 1,
            gil: Gil::new(),
            calls: PendingCalls::new(),
        });
        let ran = Arc::new(Mutex::new(Vec::new()));
        let tx = {
            let (x, ran) = (x.clone(), ran.clone());
            thread::spawn(move || attached_run(&x, &holder(1), 1, &ran))
        };
        let ty = {
            let (y, ran) = (y.clone(), ran.clone());
            thread::spawn(move || attached_run(&y, &holder(2), 1, &ran))
        };
        assert!(x.calls.add(7, &x.gil).is_ok());
        tx.join().unwrap();
        ty.join().unwrap();
        // Whoever attaches to X next runs what is still queued.
        attached_run(&x, &holder(3), 1, &ran);
        assert_eq!(*ran.lock().unwrap(), vec![(7, 0)]);
        assert!(x.calls.is_empty());
    });
}

/// Standard output: chunks taken in order (under the GIL, here by one thread) reach the sink
/// in that order whichever thread writes first, and none is lost or waits forever.
#[test]
fn output_chunks_keep_their_order() {
    use rupy_loom_tests::output::Output;

    #[derive(Clone)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    loom::model(|| {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let out = Output::new(Box::new(Sink(seen.clone())));
        out.write(b"a").unwrap();
        let first = out.take();
        out.write(b"b").unwrap();
        let second = out.take();
        let t1 = thread::spawn(move || first.finish().unwrap());
        let t2 = thread::spawn(move || second.finish().unwrap());
        out.write(b"c").unwrap();
        t1.join().unwrap();
        t2.join().unwrap();
        drop(out);
        assert_eq!(&*seen.lock().unwrap(), b"abc");
    });
}
