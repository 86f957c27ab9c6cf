//! Untrusted code under the sandbox profile: each escape attempt is refused or stopped, and
//! the interpreter (and the process) carries on.
use std::time::{Duration, Instant};

use rupy::{config::Config, pythonrun, state};

// The heap limit counts allocations through rupy's counting allocator.
#[global_allocator]
static GLOBAL: rupy::objects::heap::CountingAlloc<rupy::allocator::MiMalloc> =
    rupy::objects::heap::CountingAlloc(rupy::allocator::MiMalloc);

fn main() {
    let mut config = Config::sandbox();
    config.deadline = Some(Duration::from_millis(100));
    let mut t = state::Thread::with_config(config);
    let attempts = [
        ("open a file", "open('/etc/passwd').read()"),
        ("import os", "__import__('os').system('echo pwned')"),
        ("import statement", "import os"),
        ("infinite loop", "while True: pass"),
        ("10 GB allocation", "b = bytearray(10**10)"),
        ("huge list", "x = [0] * 10**9"),
        (
            "escape via object",
            "[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'Popen'][0]",
        ),
        ("plain computation", "print(sum(range(10)))"),
    ];
    for (what, src) in attempts {
        let g = t.new_globals("__main__");
        let start = Instant::now();
        let mut out = Vec::new();
        let r = pythonrun::run_simple_string(&mut t, src, &g, &mut out);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        match r {
            Ok(()) => println!(
                "{}: ran, printed {:?} ({:.0} ms)",
                what,
                String::from_utf8_lossy(&out).trim(),
                ms
            ),
            Err(e) => match e.limit() {
                Some(kind) => println!("{}: stopped: {} ({:.0} ms)", what, kind.message(), ms),
                None => println!("{}: refused: {}: {}", what, e.type_name(), e.message()),
            },
        }
    }
}
