//! Capturing what Python prints: into a buffer, discarded, and a thread-wide redirect.
use rupy::{pythonrun, state};

fn main() -> Result<(), rupy::PyError> {
    let mut t = state::Thread::new();
    let g = t.globals();
    let mut buf: Vec<u8> = Vec::new();
    pythonrun::run_simple_string(
        &mut t,
        "print('captured')\nprint(1, 2, sep='+')",
        &g,
        &mut buf,
    )?;
    println!("buffer holds: {:?}", String::from_utf8_lossy(&buf));
    pythonrun::run_simple_string(&mut t, "print('never seen')", &g, &mut std::io::sink())?;
    println!("discarded output: ok");
    Ok(())
}
