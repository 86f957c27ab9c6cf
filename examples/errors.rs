//! Python exceptions as Rust errors: type, message, frames, the formatted traceback, and `?`.
use rupy::{errors::PyError, pythonrun, state};

fn run(t: &mut state::Thread, src: &str) -> Result<(), Box<dyn std::error::Error>> {
    let g = t.new_globals("__main__");
    pythonrun::run_simple_string(t, src, &g, &mut std::io::stdout())?;
    Ok(())
}

fn main() {
    let mut t = state::Thread::new();
    let src = "def inner(x):\n    return 1 / x\n\ndef outer():\n    return inner(0)\n\nouter()\n";
    let err = run(&mut t, src).unwrap_err();
    let py = err.downcast_ref::<PyError>().expect("a Python exception");
    println!("type: {}", py.type_name());
    println!("message: {}", py.message());
    for f in py.traceback() {
        println!("frame: {} line {} in {}", f.filename, f.line, f.name);
    }
    print!("{}", py.formatted());
    let syntax = run(&mut t, "x = (1,\n").unwrap_err();
    println!("syntax error: {}", syntax);
    // The interpreter is fine afterwards.
    run(&mut t, "print('still running')").unwrap();
}
