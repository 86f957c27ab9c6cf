//! The smallest embed: parse, compile and run a program, its output on stdout.
use rupy::{compile, parser, pythonrun, state};

fn main() {
    let src = "name = \"world\"\nprint(f\"hello, {name}\")\n";
    let result = parser::parse_string(src, "<embedded>", parser::Mode::File)
        .and_then(|module| compile::compile(&module, "<embedded>", 0))
        .and_then(|code| {
            let mut t = state::Thread::new();
            pythonrun::run(&mut t, &code, &mut std::io::stdout())
        });
    if let Err(e) = result {
        eprint!("{}", e.formatted());
        std::process::exit(1);
    }
}
