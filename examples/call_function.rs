//! Compile once, call many: a Python `add` called 1,000,000 times from Rust.
use std::time::Instant;

use rupy::{Value, compile, parser, pythonrun, state};

fn main() -> Result<(), rupy::PyError> {
    let module = parser::parse_string(
        "def add(a, b):\n    return a + b\n",
        "lib",
        parser::Mode::File,
    )?;
    let code = compile::compile(&module, "lib", 0)?;
    let mut t = state::Thread::new();
    pythonrun::run(&mut t, &code, &mut std::io::stdout())?;
    let add = t.globals().get_value("add").expect("add is defined");
    const N: i64 = 1_000_000;
    let start = Instant::now();
    let mut sum = 0i64;
    for i in 0..N {
        match t.call(&add, &[Value::Int(i), Value::Int(1)])? {
            Value::Int(r) => sum += r,
            other => panic!("add returned {}", t.repr(&other)?),
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("sum = {}", sum);
    println!("calls per second = {:.0}", N as f64 / secs);
    Ok(())
}
