//! Measures the GIL from a host: how fast `InterpHandle::interrupt()` stops `while True: pass`,
//! and what two CPU-bound jobs cost run one after the other, as two threads of one interpreter
//! (they take turns: about the sequential time), and in two interpreters on two OS threads
//! (truly parallel). Run: `cargo run --release --example gil_bench [N]` (N: loop size).

use std::sync::mpsc;
use std::time::{Duration, Instant};

fn in_interpreter<T: Send + 'static>(
    f: impl FnOnce(&mut rupy::objects::Vm) -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    rupy::spawn_big_stack(move |base, budget| {
        let mut vm = rupy::new_vm(vec!["gil_bench".into()]);
        vm.stack_base = base;
        vm.stack_budget = budget;
        f(&mut vm)
    })
    .expect("spawn")
}

fn run(vm: &mut rupy::objects::Vm, src: String) {
    if let Err(e) = rupy::run_source(vm, &src, "<bench>") {
        panic!("benchmark code failed: {e}");
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3_000_000);

    // 1. Interrupt latency.
    let mut lat = Vec::new();
    for _ in 0..20 {
        let (tx, rx) = mpsc::channel();
        let h = in_interpreter(move |vm| {
            tx.send(vm.thread.handle()).unwrap();
            let r = rupy::run_source(vm, "while True: pass\n", "<bench>");
            (Instant::now(), r.err())
        });
        let handle = rx.recv().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let t0 = Instant::now();
        handle.interrupt();
        let (stopped, err) = h.join().unwrap();
        assert_eq!(err.as_deref(), Some("KeyboardInterrupt"));
        lat.push(stopped.duration_since(t0).as_secs_f64() * 1e6);
    }
    println!(
        "interrupt -> KeyboardInterrupt: median {:.0} us, max {:.0} us (20 runs)",
        median(lat.clone()),
        lat.iter().cloned().fold(0.0, f64::max)
    );

    // 1b. A 100 ms deadline on `while True: pass` (an interpreter of `rupy::interpreters`).
    let mut took = Vec::new();
    let it = rupy::interpreters::Interpreter::create().expect("create");
    for _ in 0..10 {
        let t0 = Instant::now();
        let limits = rupy::interpreters::Limits {
            deadline: Some(t0 + Duration::from_millis(100)),
            ..Default::default()
        };
        let r = it.with_limits(limits).exec("while True: pass\n");
        assert!(matches!(r, Err(rupy::interpreters::InterpError::Limit(_))));
        took.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    it.close().expect("close");
    println!(
        "100 ms deadline on `while True: pass` returned after: median {:.1} ms, max {:.1} ms (10 runs)",
        median(took.clone()),
        took.iter().cloned().fold(0.0, f64::max)
    );

    // 2. Two jobs: sequential, two threads of one interpreter, two interpreters. Every variant
    // runs the same `work` (which notes the time every 1,000 iterations, for fairness).
    let work = format!(
        "import threading, time\n\
         marks = ([], [])\n\
         def work(k):\n    t = 0\n    for i in range({n}):\n        t += i % 7\n        if i % 1000 == 0:\n            marks[k].append(time.perf_counter())\n"
    );
    let w = work.clone();
    let seq = in_interpreter(move |vm| {
        let t = Instant::now();
        run(vm, format!("{w}work(0)\nwork(1)\n"));
        t.elapsed().as_secs_f64()
    })
    .join()
    .unwrap();
    println!("sequential, one interpreter:        {:.3} s", seq);

    let w = work.clone();
    let threads = in_interpreter(move |vm| {
        let src = format!(
            "{w}ts = [threading.Thread(target=work, args=(k,)) for k in (0, 1)]\n\
             for t in ts: t.start()\n\
             for t in ts: t.join()\n\
             start = max(marks[0][0], marks[1][0]); end = min(marks[0][-1], marks[1][-1])\n\
             def gap(m):\n    m = [x for x in m if start <= x <= end]\n    return max(b - a for a, b in zip(m, m[1:])) if len(m) > 1 else 0.0\n\
             print('  longest pause of each thread while both ran: %.1f ms / %.1f ms' % (gap(marks[0]) * 1e3, gap(marks[1]) * 1e3))\n"
        );
        let t = Instant::now();
        run(vm, src);
        t.elapsed().as_secs_f64()
    })
    .join()
    .unwrap();
    println!(
        "two threads, one interpreter:       {:.3} s ({:.2}x sequential)",
        threads,
        threads / seq
    );

    let t = Instant::now();
    let hs: Vec<_> = (0..2)
        .map(|k| {
            let w = work.clone();
            in_interpreter(move |vm| run(vm, format!("{w}work({k})\n")))
        })
        .collect();
    for h in hs {
        h.join().unwrap();
    }
    let par = t.elapsed().as_secs_f64();
    println!(
        "two interpreters, two OS threads:   {:.3} s (speed-up {:.2}x over sequential)",
        par,
        seq / par
    );
}
