//! The `rupy` command: `rupy FILE.py [ARGS...]`, `rupy -c CODE [ARGS...]`, `--version`.

use clap::{Arg, ArgAction, Command};

/// mimalloc: per-thread heaps suit many interpreters on many threads, and it keeps freed
/// pages for reuse where glibc's thread arenas shrink and regrow (page faults and mprotect on
/// every interpreter created and closed). Counted per interpreter, for memory limits.
#[global_allocator]
static GLOBAL: rupy::objects::heap::CountingAlloc<rupy::allocator::MiMalloc> =
    rupy::objects::heap::CountingAlloc(rupy::allocator::MiMalloc);

fn cli() -> Command {
    Command::new("rupy")
        .version(env!("CARGO_PKG_VERSION"))
        .about("A Python 3 runtime with many isolated interpreters in one process")
        .override_usage("rupy [-c CODE | FILE] [ARGS...]")
        .arg(
            Arg::new("command")
                .short('c')
                .value_name("CODE")
                .help("program passed in as string (terminates option list)")
                .action(ArgAction::Set),
        )
        .arg(
            Arg::new("args")
                .value_name("FILE [ARGS]")
                .help("program read from script file, then arguments passed to it in sys.argv[1:]")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true),
        )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("batch") {
        rupy::install_panic_hook();
        std::process::exit(rupy::batch::cli::main(args[2..].to_vec()));
    }
    let matches = cli().get_matches();
    let command: Option<String> = matches.get_one::<String>("command").cloned();
    let rest: Vec<String> = matches
        .get_many::<String>("args")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let (argv, source, filename) = match command {
        Some(code) => {
            let mut argv = vec!["-c".to_owned()];
            argv.extend(rest);
            (argv, code.into_bytes(), "<string>".to_owned())
        }
        None => {
            let Some(path) = rest.first().cloned() else {
                eprintln!("rupy: no interactive mode yet; usage: rupy [-c CODE | FILE] [ARGS...]");
                std::process::exit(2);
            };
            match std::fs::read(&path) {
                // As CPython (3.9+), the script's code and `__file__` carry its absolute path.
                Ok(bytes) => (
                    rest,
                    bytes,
                    std::path::absolute(&path)
                        .map(|p| p.display().to_string())
                        .unwrap_or(path),
                ),
                Err(e) => {
                    let abs = std::path::absolute(&path)
                        .map(|p| p.display().to_string())
                        .unwrap_or(path.clone());
                    let msg = match e.kind() {
                        std::io::ErrorKind::NotFound => {
                            "[Errno 2] No such file or directory".to_owned()
                        }
                        std::io::ErrorKind::PermissionDenied => {
                            "[Errno 13] Permission denied".to_owned()
                        }
                        _ => format!("[Errno {}] {}", e.raw_os_error().unwrap_or(5), e),
                    };
                    eprintln!("rupy: can't open file '{}': {}", abs, msg);
                    std::process::exit(2);
                }
            }
        }
    };
    rupy::install_panic_hook();
    let status = rupy::with_big_stack(move |base, budget| {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut vm = rupy::new_vm(argv);
            rupy::install_sigint(vm.thread.holder.breaker.clone());
            vm.stack_base = base;
            vm.stack_budget = budget;
            rupy_interp::run::run_main(&mut vm, &source, &filename)
        }));
        match run {
            Ok(status) => status,
            Err(_) => {
                // A bug in rupy, not in the program: report it the way CPython reports
                // internal errors, without a Rust backtrace.
                eprintln!(
                    "SystemError: internal error in rupy: {}",
                    rupy::last_panic_message()
                );
                1
            }
        }
    });
    if status == rupy_interp::run::EXIT_INTERRUPTED {
        rupy::exit_interrupted();
    }
    std::process::exit(status);
}
