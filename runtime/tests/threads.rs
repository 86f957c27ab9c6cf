//! Threads and interpreters from a host's point of view: interrupting running code from another
//! OS thread, pending calls, and interpreters running side by side on their own OS threads.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use rupy::objects::Value;

/// A fresh interpreter on its own big-stack thread, running `src`; `setup` sees the
/// interpreter's handle first (sent back to the caller). Returns the handle and the result:
/// `Ok(globals' RESULT repr)` or the exception line.
fn run_in_new_interpreter(
    src: &'static str,
) -> (
    rupy::InterpHandle,
    std::thread::JoinHandle<Result<String, String>>,
) {
    let (tx, rx) = mpsc::channel();
    let h = rupy::spawn_big_stack(move |base, budget| {
        let mut vm = rupy::new_vm(vec!["test".into()]);
        vm.stack_base = base;
        vm.stack_budget = budget;
        tx.send(vm.thread.handle()).unwrap();
        let r = rupy::run_source(&mut vm, src, "<test>");
        r.map(|d| match d.get_s("RESULT") {
            Some(Value::Int(i)) => i.to_string(),
            Some(Value::Str(s)) => s.as_str().to_owned(),
            Some(_) => "<other>".to_owned(),
            None => "<unset>".to_owned(),
        })
    })
    .unwrap();
    (rx.recv().unwrap(), h)
}

#[test]
fn interrupt_stops_an_infinite_loop() {
    let (handle, h) = run_in_new_interpreter("while True: pass\n");
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    handle.interrupt();
    let r = h.join().unwrap();
    let took = t.elapsed();
    assert_eq!(r, Err("KeyboardInterrupt".to_owned()));
    // The acceptance bound is 50 ms; a loaded CI machine gets slack, not a free pass.
    assert!(
        took < Duration::from_millis(500),
        "interrupt took {:?}",
        took
    );
}

#[test]
fn interrupt_reaches_a_blocked_lock_and_can_be_caught() {
    let src = "import threading\nl = threading.Lock()\nl.acquire()\ntry:\n    l.acquire()\nexcept KeyboardInterrupt:\n    RESULT = 'caught'\n";
    let (handle, h) = run_in_new_interpreter(src);
    std::thread::sleep(Duration::from_millis(100));
    handle.interrupt();
    assert_eq!(h.join().unwrap(), Ok("caught".to_owned()));
}

#[test]
fn pending_call_runs_inside_the_interpreter() {
    let src = "import builtins, time\nRESULT = 'not run'\nfor i in range(500):\n    if getattr(builtins, 'FLAG', 0):\n        RESULT = 'ran'\n        break\n    time.sleep(0.01)\n";
    let (handle, h) = run_in_new_interpreter(src);
    let (tx, rx) = mpsc::channel();
    let queued = handle.add_pending_call(Box::new(move |vm| {
        // Runs on the interpreter's own thread, holding its GIL: it may touch its objects.
        vm.builtins.set_s("FLAG", Value::Int(1));
        tx.send(std::thread::current().id()).unwrap();
    }));
    assert!(queued.is_ok());
    let ran_on = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the pending call ran");
    let interp_thread = h.thread().id();
    assert_eq!(h.join().unwrap(), Ok("ran".to_owned()));
    assert_eq!(ran_on, interp_thread);
}

#[test]
fn interpreters_run_side_by_side() {
    let src = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nRESULT = fib(22)\n";
    let runs: Vec<_> = (0..4).map(|_| run_in_new_interpreter(src)).collect();
    for (_, h) in runs {
        assert_eq!(h.join().unwrap(), Ok("17711".to_owned()));
    }
}
