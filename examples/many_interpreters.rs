//! One interpreter per core running the same compiled code in parallel (each with its own
//! GIL), against the same work done one after another.
use std::sync::Arc;
use std::time::Instant;

use rupy::{compile, parser, pythonrun, state};

const SRC: &str =
    "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nresult = fib(27)\n";

fn work(code: &Arc<rupy::objects::Code>) -> i64 {
    let mut t = state::Thread::new();
    pythonrun::run(&mut t, code, &mut std::io::sink()).expect("runs");
    let g = t.globals();
    g.get(&mut t, "result").expect("an int").unwrap_or(0)
}

fn main() -> Result<(), rupy::PyError> {
    let code = compile::compile(
        &parser::parse_string(SRC, "fib.py", parser::Mode::File)?,
        "fib.py",
        0,
    )?;
    let n = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let start = Instant::now();
    for _ in 0..n {
        work(&code);
    }
    let sequential = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let code = code.clone();
            std::thread::spawn(move || work(&code))
        })
        .collect();
    let results: Vec<i64> = handles
        .into_iter()
        .map(|h| h.join().expect("no panic"))
        .collect();
    let parallel = start.elapsed().as_secs_f64();
    println!("interpreters: {}, results: {:?}", n, results);
    println!(
        "sequential {:.3} s, parallel {:.3} s, speed-up {:.2}x",
        sequential,
        parallel,
        sequential / parallel
    );
    Ok(())
}
