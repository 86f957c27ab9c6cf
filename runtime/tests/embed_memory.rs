//! Dropping `Thread`s frees their interpreters (a test binary of its own: it measures the
//! process's RSS, which other tests running in parallel would disturb).

use rupy::{pythonrun, state::Thread};

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn dropping_threads_frees_their_interpreters() {
    let cycle = || {
        let mut t = Thread::new();
        let g = t.globals();
        pythonrun::run_simple_string(&mut t, "class A:\n    pass\nxs = [A() for _ in range(100)]\nd = {'self': xs}\nxs.append(d)\nprint(len(xs))", &g, &mut std::io::sink()).unwrap();
    };
    for _ in 0..200 {
        cycle();
    }
    let before = rss_kb();
    for _ in 0..2000 {
        cycle();
    }
    let after = rss_kb();
    // 2,000 leaked interpreters would be well over 100 MB.
    assert!(
        after < before + 20_000,
        "RSS grew from {} KB to {} KB",
        before,
        after
    );
}
