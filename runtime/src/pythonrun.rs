//! Running code (`pythonrun` in the embedding API): a compiled code object in the thread's
//! `__main__`, a source string in a globals dict the host owns, a file, or an interactive loop.
//!
//! The `out` writer of each helper is `sys.stdout` for that run. It may borrow anything (a
//! `Vec<u8>`, a locked stdout): output is collected while the run goes and written to `out`
//! when the run returns, in order, then the thread's own stdout (see `Thread::set_stdout`) is
//! back. Python exceptions come back as `PyError`; nothing is printed for them.

use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex};

use rupy_objects::{Code, Value};

use crate::errors::PyError;
use crate::state::{Globals, Thread};

/// A `Write` that appends to a shared buffer: what a run writes while `out` is borrowed, or a
/// batch job's captured stdout/stderr. Clones share the buffer.
#[derive(Clone, Default)]
pub(crate) struct Collect(Arc<Mutex<Vec<u8>>>);

impl Collect {
    /// Everything written so far, as text (invalid UTF-8 replaced).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

impl Write for Collect {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Run `f` with `sys.stdout` collected, then written to `out`.
fn with_stdout<R>(t: &mut Thread, out: &mut dyn Write, f: impl FnOnce(&mut Thread) -> R) -> R {
    let buf = Collect::default();
    let old = t.set_stdout(Box::new(buf.clone()));
    let r = f(t);
    // Replacing the sink writes out what is still buffered.
    let _ = t.set_stdout(old);
    let data = std::mem::take(&mut *buf.0.lock().unwrap_or_else(|p| p.into_inner()));
    let _ = out.write_all(&data);
    let _ = out.flush();
    r
}

/// Run `code` in the thread's `__main__` namespace (`Thread::globals`); returns the value of
/// the code (None for a module).
pub fn run(t: &mut Thread, code: &Arc<Code>, out: &mut dyn Write) -> Result<Value, PyError> {
    let g = t.globals();
    run_in(t, code, &g, out)
}

/// Run `code` in `globals`.
pub fn run_in(
    t: &mut Thread,
    code: &Arc<Code>,
    globals: &Globals,
    out: &mut dyn Write,
) -> Result<Value, PyError> {
    let g = globals.dict().clone();
    if g.get_s("__builtins__").is_none() {
        g.set_s("__builtins__", Value::Dict(t.vm().builtins.clone()));
    }
    with_stdout(t, out, |t| {
        t.run(|vm| rupy_interp::eval::run_code_in(vm, code, g.clone(), g, Vec::new()))
    })
}

/// Compile and run `source` in `globals` (module-level assignments end up there).
pub fn run_simple_string(
    t: &mut Thread,
    source: &str,
    globals: &Globals,
    out: &mut dyn Write,
) -> Result<(), PyError> {
    let module = crate::parser::parse_string(source, "<string>", crate::parser::Mode::File)?;
    let code = crate::compile::compile(&module, "<string>", 0)?;
    run_in(t, &code, globals, out).map(|_| ())
}

/// Read, compile and run the file at `path` in the thread's `__main__`.
pub fn run_any_file(
    t: &mut Thread,
    path: impl AsRef<std::path::Path>,
    out: &mut dyn Write,
) -> Result<(), PyError> {
    let module = crate::parser::parse_file(path, crate::parser::Mode::File)?;
    let filename = module.filename().to_owned();
    let code = crate::compile::compile(&module, &filename, 0)?;
    run(t, &code, out).map(|_| ())
}

/// Whether `source` is an unfinished statement the REPL should read more lines for.
fn incomplete(source: &str) -> bool {
    match rupy_interp::parser::parse_module(source, "<stdin>") {
        Ok(_) => source.trim_end().ends_with(':'),
        Err(e) => {
            let m = rupy_interp::parser::format_syntax_error(&e);
            m.contains("never closed")
                || m.contains("expected an indented block")
                || m.contains("unexpected EOF")
                || m.contains("unterminated triple-quoted")
        }
    }
}

/// The interactive loop: read statements from `input` (prompting `>>> ` and `... ` on `out`),
/// run each in `__main__`, print expression values and tracebacks to `out`, until end of
/// input or `exit()`-style `SystemExit`. Returns how many statements raised.
pub fn interactive_loop(t: &mut Thread, input: &mut dyn BufRead, out: &mut dyn Write) -> usize {
    let mut failures = 0;
    loop {
        let _ = out.write_all(b">>> ");
        let _ = out.flush();
        let mut source = String::new();
        if input.read_line(&mut source).unwrap_or(0) == 0 {
            let _ = out.write_all(b"\n");
            return failures;
        }
        if source.trim().is_empty() {
            continue;
        }
        // A statement that needs more lines (a block, an open bracket) goes on until an
        // empty line, as in CPython's REPL.
        let mut more = incomplete(&source);
        while more {
            let _ = out.write_all(b"... ");
            let _ = out.flush();
            let mut line = String::new();
            if input.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                break;
            }
            source.push_str(&line);
            more = incomplete(&source) || source.trim_end().lines().count() > 1;
        }
        let r = crate::parser::parse_string(&source, "<stdin>", crate::parser::Mode::Single)
            .and_then(|m| crate::compile::compile(&m, "<stdin>", 0))
            .and_then(|code| run(t, &code, out));
        if let Err(e) = r {
            if e.is("SystemExit") {
                return failures;
            }
            failures += 1;
            let _ = out.write_all(e.formatted().as_bytes());
        }
    }
}
