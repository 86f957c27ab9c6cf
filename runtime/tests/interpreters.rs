//! The interpreters API from Rust: create/exec/call/close, compiled code shared by many
//! interpreters, errors, queues between the host and Python code, and a stress test.

use std::time::Duration;

use rupy::interpreters::{InterpError, Interpreter, Queue, Shareable, compile};

/// Memory limits count what the global allocator sees.
#[global_allocator]
static ALLOC: rupy::objects::heap::CountingAlloc<std::alloc::System> =
    rupy::objects::heap::CountingAlloc(std::alloc::System);

#[test]
fn exec_call_close() {
    let it = Interpreter::create().unwrap();
    it.exec("def add(a, b):\n    return a + b\ncount = 0\n")
        .unwrap();
    it.exec("count += 1").unwrap();
    let r = it
        .call("add", vec![Shareable::Int(40), Shareable::Int(2)])
        .unwrap();
    assert!(matches!(r, Shareable::Int(42)));
    let r = it
        .call("add", vec![Shareable::str("ab"), Shareable::str("cd")])
        .unwrap();
    assert!(matches!(r, Shareable::Str(s) if &*s == "abcd"));
    it.exec("def get():\n    return [count, {'k': (1, 2.5)}]\n")
        .unwrap();
    match it.call("get", vec![]).unwrap() {
        Shareable::List(items) => assert!(matches!(items[0], Shareable::Int(1))),
        _ => panic!("expected a list"),
    }
    let id = it.id();
    assert!(!it.is_running().unwrap());
    it.clone().close().unwrap();
    assert!(matches!(it.exec("pass"), Err(InterpError::NotFound(i)) if i == id));
}

#[test]
fn failures_are_typed() {
    let it = Interpreter::create().unwrap();
    match it.exec("raise ValueError('bad value')") {
        Err(InterpError::Failed {
            type_name,
            message,
            formatted,
            traceback,
        }) => {
            assert_eq!(type_name, "ValueError");
            assert_eq!(message, "bad value");
            assert_eq!(formatted, "ValueError: bad value");
            assert!(traceback.contains("Traceback"), "{traceback}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        matches!(it.exec("x = ("), Err(InterpError::Failed { type_name, .. }) if type_name == "SyntaxError")
    );
    assert!(
        matches!(it.call("missing", vec![]), Err(InterpError::Failed { type_name, .. }) if type_name == "NameError")
    );
    it.exec("def bad():\n    return object()\n").unwrap();
    assert!(matches!(
        it.call("bad", vec![]),
        Err(InterpError::NotShareable(_))
    ));
    // Still usable after every failure.
    it.exec("ok = 1").unwrap();
    it.close().unwrap();
}

#[test]
fn compiled_code_runs_in_parallel_interpreters() {
    let code = compile(
        "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nresult = fib(20)\n",
        "<shared>",
    )
    .unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let code = code.clone();
            std::thread::spawn(move || {
                let it = Interpreter::create().unwrap();
                it.exec_code(&code).unwrap();
                it.exec("def result_of():\n    return result\n").unwrap();
                let r = it.call("result_of", vec![]).unwrap();
                it.close().unwrap();
                matches!(r, Shareable::Int(6765))
            })
        })
        .collect();
    for h in handles {
        assert!(h.join().unwrap());
    }
}

#[test]
fn a_running_interpreter_refuses_a_second_session() {
    let it = Interpreter::create().unwrap();
    let q = Queue::create(0);
    let src = format!(
        "from concurrent.interpreters import Queue\nQueue({}).get()\n",
        q.id()
    );
    let runner = {
        let it = it.clone();
        std::thread::spawn(move || it.exec(&src))
    };
    while !it.is_running().unwrap() {
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(matches!(it.exec("pass"), Err(InterpError::Running(_))));
    assert!(matches!(it.clone().close(), Err(InterpError::Running(_))));
    assert!(q.put(Shareable::None, None).unwrap());
    runner.join().unwrap().unwrap();
    it.close().unwrap();
    q.destroy().unwrap();
}

#[test]
fn queues_between_host_and_python() {
    let to_py = Queue::create(0);
    let from_py = Queue::create(2);
    let it = Interpreter::create().unwrap();
    it.exec(&format!(
        "from concurrent.interpreters import Queue\ninbox, outbox = Queue({}), Queue({})\n\
         def serve(n):\n    for _ in range(n):\n        outbox.put(inbox.get() * 2)\n",
        to_py.id(),
        from_py.id()
    ))
    .unwrap();
    for i in 0..3 {
        assert!(to_py.put(Shareable::Int(i), None).unwrap());
    }
    let server = {
        let it = it.clone();
        std::thread::spawn(move || it.call("serve", vec![Shareable::Int(3)]))
    };
    let mut got = Vec::new();
    for _ in 0..3 {
        match from_py.get(Some(Duration::from_secs(10))).unwrap() {
            Some(Shareable::Int(v)) => got.push(v),
            other => panic!("unexpected {:?}", other.is_some()),
        }
    }
    assert_eq!(got, vec![0, 2, 4]);
    assert!(server.join().unwrap().is_ok());
    assert!(
        from_py
            .get(Some(Duration::from_millis(10)))
            .unwrap()
            .is_none()
    );
    // A full queue refuses within the timeout.
    assert!(from_py.put(Shareable::Int(1), None).unwrap());
    assert!(from_py.put(Shareable::Int(2), None).unwrap());
    assert!(
        !from_py
            .put(Shareable::Int(3), Some(Duration::from_millis(10)))
            .unwrap()
    );
    it.close().unwrap();
    to_py.destroy().unwrap();
    from_py.destroy().unwrap();
}

#[test]
fn many_interpreters_from_many_threads() {
    let handles: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(|| {
                let mine: Vec<Interpreter> =
                    (0..25).map(|_| Interpreter::create().unwrap()).collect();
                for it in &mine {
                    it.exec("x = 1").unwrap();
                }
                for it in mine {
                    it.close().unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

mod limits {
    use std::time::{Duration, Instant};

    use rupy::interpreters::{InterpError, Interpreter, LimitKind, Limits};

    fn deadline_in(ms: u64) -> Limits {
        Limits {
            deadline: Some(Instant::now() + Duration::from_millis(ms)),
            ..Limits::default()
        }
    }

    #[test]
    fn a_deadline_stops_an_infinite_loop_that_catches_everything() {
        let it = Interpreter::create().unwrap();
        let src = "n = 0\nwhile True:\n    try:\n        while True:\n            n += 1\n    except BaseException:\n        pass\n    finally:\n        n = -1\n";
        let t = Instant::now();
        let r = it.with_limits(deadline_in(100)).exec(src);
        let took = t.elapsed();
        assert!(
            matches!(r, Err(InterpError::Limit(LimitKind::Deadline))),
            "{r:?}"
        );
        // Acceptance: within 150 ms of starting a 100 ms run; CI machines get slack.
        assert!(took < Duration::from_millis(600), "took {took:?}");
        // Reusable, state intact, and no limit left behind.
        it.exec("m = n + 1").unwrap();
        it.exec("import time\ntime.sleep(0.15)").unwrap();
        it.close().unwrap();
    }

    #[test]
    fn a_deadline_cuts_a_sleep_and_a_blocked_lock() {
        let it = Interpreter::create().unwrap();
        let t = Instant::now();
        let r = it
            .with_limits(deadline_in(100))
            .exec("import time\ntime.sleep(30)");
        assert!(
            matches!(r, Err(InterpError::Limit(LimitKind::Deadline))),
            "{r:?}"
        );
        let r = it
            .with_limits(deadline_in(100))
            .exec("import threading\nl = threading.Lock()\nl.acquire()\nl.acquire()");
        assert!(
            matches!(r, Err(InterpError::Limit(LimitKind::Deadline))),
            "{r:?}"
        );
        assert!(t.elapsed() < Duration::from_secs(2));
        it.close().unwrap();
    }

    #[test]
    fn output_and_recursion_limits() {
        let it = Interpreter::create().unwrap();
        let limited = it.with_limits(Limits {
            max_output_bytes: Some(1000),
            ..Limits::default()
        });
        let r = limited.exec("while True:\n    try:\n        print('x' * 99)\n    except BaseException:\n        pass\n");
        assert!(
            matches!(r, Err(InterpError::Limit(LimitKind::Output))),
            "{r:?}"
        );
        limited.exec("print('within the limit')").unwrap();
        let deep = it.with_limits(Limits {
            max_recursion: Some(50),
            ..Limits::default()
        });
        let r = deep.exec("def f(n):\n    return f(n + 1)\nf(0)\n");
        assert!(
            matches!(r, Err(InterpError::Failed { ref type_name, .. }) if type_name == "RecursionError"),
            "{r:?}"
        );
        // The default limit is back for the next run.
        it.exec("def g(n):\n    return 0 if n == 0 else g(n - 1)\ng(500)\n")
            .unwrap();
        it.close().unwrap();
    }
}

mod memory {
    use rupy::interpreters::{InterpError, Interpreter, LimitKind, Limits};

    fn rss_kib() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    }

    #[test]
    fn a_memory_limit_stops_huge_and_growing_allocations() {
        let it = Interpreter::create().unwrap();
        let limited = it.with_limits(Limits {
            max_heap_bytes: Some(64 << 20),
            ..Limits::default()
        });
        for src in [
            "b = bytearray(10**10)",
            "x = [0] * 10**9",
            "x = []\nwhile True:\n    try:\n        x.append(' ' * 1000)\n    except BaseException:\n        pass\n",
        ] {
            let r = limited.exec(src);
            assert!(
                matches!(r, Err(InterpError::Limit(LimitKind::Memory))),
                "{src}: {r:?}"
            );
        }
        // The growing list was freed with the failed run's frames... and the process stayed small.
        assert!(rss_kib() < 400 * 1024, "RSS {} KiB", rss_kib());
        // Usable again, with and without the limit.
        limited.exec("y = [0] * 1000").unwrap();
        it.exec("z = bytearray(1 << 20)").unwrap();
        it.close().unwrap();
    }
}
