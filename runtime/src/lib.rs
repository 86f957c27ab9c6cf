//! rupy for Rust hosts: one dependency to compile and run Python, exchange values with it,
//! limit and sandbox it, and run many isolated interpreters in parallel.
//!
//! The surface follows the embedding API's packages: [`parser`] and [`compile`] turn source into code
//! objects (`Arc<Code>`, shareable across threads and interpreters); [`state::Thread`] is a
//! thread state of one interpreter; [`pythonrun`] runs code with any `Write` as stdout;
//! [`convert`] moves Rust values in and out; [`errors::PyError`] is a Python exception as a
//! Rust error; [`imp::append_inittab`] registers host modules; [`stdlibinit`] wires the
//! shipped modules; [`config::Config`] sets limits and the sandbox profile; [`interpreters`]
//! drives many interpreters (`concurrent.interpreters` from Rust). `examples/` has a runnable
//! program for each.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub use rupy_interp as interp;
pub use rupy_objects as objects;
pub use rupy_stdlib as stdlib;

pub mod allocator;
pub mod batch;
pub mod compile;
pub mod config;
pub mod convert;
pub mod errors;
pub mod imp;
pub mod interpreters;
pub mod parser;
pub mod pythonrun;
pub mod state;
pub mod stdlibinit;

pub use config::Config;
pub use errors::PyError;
pub use rupy_objects::Value;
pub use state::{Globals, Thread};

/// The process-wide entry points that drive many interpreters at once.
pub struct Runtime;

impl Runtime {
    /// Run `jobs` in isolated interpreters on `options.jobs` threads; results arrive as they
    /// complete (see `batch`).
    pub fn run_batch(
        jobs: impl Iterator<Item = batch::Job> + Send + 'static,
        options: batch::BatchOptions,
    ) -> batch::BatchRun {
        batch::run_batch(jobs, options)
    }
}

use std::sync::Arc;

use rupy_objects::Vm;
use rupy_objects::breaker::Breaker;

pub use rupy_objects::vm::InterpHandle;

/// Bytes of native stack the interpreter thread gets; Python recursion is cut off with
/// `RecursionError` well before it is used up.
pub const INTERP_STACK_BYTES: usize = 1 << 30;

/// Native stack of the OS threads `Thread::spawn` starts (reserved address space).
pub const THREAD_STACK_BYTES: usize = 64 << 20;

/// Margin kept free below the stack budget for native code that runs between checks.
const STACK_MARGIN: usize = 1 << 20;

/// A fresh interpreter with builtins and the shipped modules.
pub fn new_vm(argv: Vec<String>) -> Vm {
    let mut vm = Vm::new();
    rupy_interp::builtins::init(&mut vm);
    rupy_stdlib::init(&mut vm, argv);
    vm
}

/// Run `f` on a thread with a large native stack, recording the stack base in the Vm so deep
/// Python recursion becomes `RecursionError` instead of a native overflow.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce(usize, usize) -> T + Send + 'static) -> T {
    let h = std::thread::Builder::new()
        .name("rupy-main".into())
        .stack_size(INTERP_STACK_BYTES)
        .spawn(move || {
            let marker = 0u8;
            let base = std::hint::black_box(&marker) as *const u8 as usize;
            f(base, INTERP_STACK_BYTES - STACK_MARGIN * 8)
        });
    match h {
        Ok(h) => match h.join() {
            Ok(v) => v,
            Err(_) => {
                eprintln!("rupy: internal error (the interpreter thread panicked)");
                std::process::exit(70);
            }
        },
        Err(e) => {
            eprintln!("rupy: cannot start the interpreter thread: {}", e);
            std::process::exit(70);
        }
    }
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Keep Rust panic messages away from users: the message is recorded and reported as a
/// `SystemError` by whoever catches the unwind at the interpreter boundary.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = match info.payload().downcast_ref::<&str>() {
            Some(s) => (*s).to_owned(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "unknown".to_owned()),
        };
        let loc = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = format!("{}{}", msg, loc));
    }));
}

/// The message of the last panic on this thread.
pub fn last_panic_message() -> String {
    LAST_PANIC.with(|p| p.borrow().clone())
}

/// SIGINT becomes `KeyboardInterrupt` in the thread state whose breaker is given (the main
/// interpreter's main thread, as in CPython): a watcher thread turns each signal into that
/// breaker's SIGNALS bit. Without it, Ctrl-C ends the process at once.
pub fn install_sigint(breaker: Arc<Breaker>) {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([signal_hook::consts::SIGINT]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("rupy-signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                breaker.set(Breaker::SIGNALS);
            }
        });
}

/// End the process as CPython does after an uncaught `KeyboardInterrupt`: killed by SIGINT
/// (the shell sees status 130), so callers know the run was interrupted.
pub fn exit_interrupted() -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGINT);
    std::process::exit(130);
}

/// Run `src` as a module named `__main__` (not registered in `sys.modules`) in `vm`; returns
/// its globals, or the exception formatted as its last traceback line (`Type: message`).
/// A bare entry point on a raw thread state (tests and benchmarks that drive a `Vm` directly);
/// hosts use `pythonrun` with a `state::Thread`.
pub fn run_source(
    vm: &mut Vm,
    src: &str,
    filename: &str,
) -> Result<std::rc::Rc<rupy_objects::PyDict>, String> {
    let (_m, d) = rupy_interp::import::new_module(vm, "__main__");
    let r = rupy_interp::run::compile_source(vm, src, filename, rupy_interp::run::Mode::Exec)
        .and_then(|code| {
            rupy_interp::eval::run_code_in(vm, &code, d.clone(), d.clone(), Vec::new())
        });
    match r {
        Ok(_) => Ok(d),
        Err(e) => {
            let v = rupy_interp::exceptions::materialize(vm, e);
            Err(rupy_interp::exceptions::format_exception_only(vm, &v)
                .unwrap_or_default()
                .trim_end()
                .to_owned())
        }
    }
}

/// Run `f` on a new OS thread with a native stack big enough for deep Python recursion, its
/// bounds given to `f` as `with_big_stack` does; the handle yields `f`'s result.
pub fn spawn_big_stack<T: Send + 'static>(
    f: impl FnOnce(usize, usize) -> T + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<T>> {
    std::thread::Builder::new()
        .stack_size(INTERP_STACK_BYTES)
        .spawn(move || {
            let marker = 0u8;
            let base = std::hint::black_box(&marker) as *const u8 as usize;
            f(base, INTERP_STACK_BYTES - STACK_MARGIN * 8)
        })
}
