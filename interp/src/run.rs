//! Running source: decode → parse → compile → execute, as `__main__` or inside `exec`/`eval`,
//! with SyntaxErrors raised as Python exceptions and `SystemExit` turned into an exit status.

use std::rc::Rc;
use std::sync::Arc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Code, KwArgs, PyDict, PyErr, PyResult, Value, Vm};

use crate::builtins::FrameCtx;
use crate::ops;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Exec,
    Eval,
    Single,
}

fn syntax_err(vm: &mut Vm, info: &crate::parser::SyntaxErrorInfo) -> PyErr {
    PyErr::from_obj(crate::types::exception::syntax_error_value(vm, info))
}

pub fn decode_or_raise(vm: &mut Vm, bytes: &[u8], filename: &str) -> PyResult<String> {
    crate::parser::decode_source(bytes, filename).map_err(|e| syntax_err(vm, &e))
}

/// Parse and compile source text.
pub fn compile_source(vm: &mut Vm, src: &str, filename: &str, mode: Mode) -> PyResult<Arc<Code>> {
    vm.shared
        .sources
        .borrow_mut()
        .insert(filename.to_owned(), src.into());
    let r = match mode {
        Mode::Exec => crate::parser::parse_module(src, filename)
            .and_then(|m| crate::compile::compile_module(&m, src, filename)),
        Mode::Single => crate::parser::parse_module(src, filename)
            .and_then(|m| crate::compile::compile_interactive(&m, src, filename)),
        Mode::Eval => {
            crate::parser::parse_expression(src.trim_start_matches([' ', '\t']), filename)
                .and_then(|e| crate::compile::compile_expression(&e, src, filename))
        }
    };
    r.map_err(|e| syntax_err(vm, &e))
}

/// The exit status after an uncaught `KeyboardInterrupt` (the shell's status for SIGINT; the
/// `rupy` command then ends itself by SIGINT, as CPython does).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Exit status for an uncaught exception (printing it), or for `SystemExit`.
pub fn handle_uncaught(vm: &mut Vm, e: PyErr) -> i32 {
    if e.class().is_subclass(&vm.exc(ExcKind::SystemExit)) {
        let v = crate::exceptions::materialize(vm, e);
        let args = crate::exceptions::exc_args(&v);
        let code = match args.len() {
            0 => Value::None,
            1 => args[0].clone(),
            _ => Value::tuple(args),
        };
        let _ = vm.flush_stdout();
        return match code {
            Value::None => 0,
            Value::Int(i) => i as i32,
            Value::Bool(b) => b as i32,
            other => {
                let s = ops::str_string(vm, &other).unwrap_or_default();
                crate::builtins::write_stderr(vm, &format!("{}\n", s));
                1
            }
        };
    }
    let interrupted = e.class().is_subclass(&vm.exc(ExcKind::KeyboardInterrupt));
    crate::exceptions::print_exception(vm, e);
    if interrupted { EXIT_INTERRUPTED } else { 1 }
}

/// Run a program as `__main__`; returns the process exit status.
pub fn run_main(vm: &mut Vm, bytes: &[u8], filename: &str) -> i32 {
    let (m, d) = crate::import::new_module(vm, "__main__");
    vm.modules.set_s("__main__", m);
    if filename != "<string>" && filename != "<stdin>" {
        d.set_s("__file__", Value::str(filename));
    }
    let r = (|| -> PyResult<()> {
        let src = decode_or_raise(vm, bytes, filename)?;
        let code = compile_source(vm, &src, filename, Mode::Exec)?;
        crate::eval::run_code_in(vm, &code, d.clone(), d.clone(), Vec::new())?;
        Ok(())
    })();
    let mut status = match r {
        Ok(()) => 0,
        Err(e) => handle_uncaught(vm, e),
    };
    if let Err(e) = at_exit(vm) {
        status = handle_uncaught(vm, e);
    }
    // From here on a thread that gets the GIL gives it back and never runs again (daemon
    // threads at exit, as CPython).
    vm.thread.gil.set_finalizing(vm.thread.holder.id);
    finalize_main(vm, d);
    let _ = vm.flush_stdout();
    status
}

/// Tear down an interpreter whose main thread state is `vm` and whose `__main__` namespace
/// is `main`: wait for its non-daemon threads, finalise `__main__` and the modules, write out
/// its output, then break every reference cycle of its heap (builtin types included), so
/// dropping its thread states frees everything. The interpreter is unusable afterwards.
pub fn finalize_interpreter(vm: &mut Vm, main: Rc<PyDict>) {
    if let Err(e) = at_exit(vm) {
        crate::exceptions::print_exception(vm, e);
    }
    // From here on a thread that gets the GIL gives it back and never runs again.
    vm.thread.gil.set_finalizing(vm.thread.holder.id);
    finalize_main(vm, main);
    let _ = vm.flush_stdout();
    rupy_objects::gc::clear_all();
}

/// What CPython does before finalising: join the non-daemon threads, then run the `atexit`
/// callbacks (`crate::atexit`).
pub fn at_exit(vm: &mut Vm) -> PyResult<()> {
    wait_for_threads(vm)?;
    crate::atexit::run_exitfuncs(vm);
    Ok(())
}

/// As CPython at exit: if `threading` was imported, `threading._shutdown()` waits for every
/// non-daemon thread.
pub fn wait_for_threads(vm: &mut Vm) -> PyResult<()> {
    let Some(Value::Module(m)) = vm.modules.get_s("threading") else {
        return Ok(());
    };
    let Some(shutdown) = m.dict.get_s("_shutdown") else {
        return Ok(());
    };
    crate::call::call_value(vm, &shutdown, &[], &[])?;
    Ok(())
}

/// Interpreter exit, as CPython does it: `__main__` leaves the module table, so its namespace
/// becomes garbage and one collection runs the `__del__` of everything in it (in allocation
/// order, all before anything is cleared). If something still holds the namespace, its
/// entries are released one by one instead.
pub fn finalize_main(vm: &mut Vm, d: Rc<PyDict>) {
    crate::gc::run_finalizers(vm);
    vm.modules.del_str(&rupy_objects::PyStr::new("__main__"));
    let weak = Rc::downgrade(&d);
    drop(d);
    crate::gc::collect(vm, 2);
    if let Some(d) = weak.upgrade() {
        for (k, _) in d.entries() {
            if let Value::Str(k) = k
                && k.as_str() != "__builtins__"
            {
                d.del_str(&k);
                crate::gc::run_finalizers(vm);
            }
        }
        drop(d);
        crate::gc::collect(vm, 2);
    }
    // Then the other modules (all but sys and builtins), so objects kept in their globals
    // are finalised too.
    for (k, _) in vm.modules.entries() {
        if let Value::Str(k) = k
            && !matches!(k.as_str(), "sys" | "builtins")
        {
            vm.modules.del_str(&k);
        }
    }
    crate::gc::collect(vm, 2);
}

fn source_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<Result<String, Arc<Code>>> {
    match v {
        Value::Str(s) => Ok(Ok(s.as_str().to_owned())),
        Value::Bytes(b) => Ok(Ok(decode_or_raise(vm, b, "<string>")?)),
        Value::Code(c) => Ok(Err(c.clone())),
        _ => Err(vm.type_error(format!(
            "{}() arg 1 must be a string, bytes or code object",
            fname
        ))),
    }
}

fn namespaces(
    vm: &mut Vm,
    ctx: FrameCtx,
    globals: Option<Value>,
    locals: Option<Value>,
    fname: &str,
) -> PyResult<(Rc<PyDict>, Rc<PyDict>)> {
    let globals_given = globals.clone();
    let g = match globals {
        Some(Value::Dict(d)) => d,
        None | Some(Value::None) => ctx.globals.unwrap_or_else(PyDict::new_rc),
        Some(v) => {
            return Err(vm.type_error(format!(
                "{}() globals must be a dict, not {}",
                fname,
                ops::type_name(vm, &v)
            )));
        }
    };
    if g.get_s("__builtins__").is_none() {
        g.set_s("__builtins__", Value::Dict(vm.builtins.clone()));
    }
    let explicit_globals = matches!(globals_given, Some(Value::Dict(_)));
    let l = match locals {
        Some(Value::Dict(d)) => d,
        None | Some(Value::None) if explicit_globals => g.clone(),
        None | Some(Value::None) => match ctx.locals {
            Some(Value::Dict(d)) if !Rc::ptr_eq(&d, &g) => d,
            _ => g.clone(),
        },
        Some(_) => g.clone(),
    };
    Ok((g, l))
}

pub fn builtin_exec(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let ctx = std::mem::take(vm.ext_state::<FrameCtx>());
    let [src, globals, locals] =
        crate::builtins::args::bind(vm, "exec", args, kw, ["source", "globals", "locals"], 1)?;
    let src = src.unwrap_or(Value::None);
    let explicit_globals = globals.is_some();
    let (g, l) = namespaces(vm, ctx, globals, locals, "exec")?;
    let l = if explicit_globals && l.version() == g.version() && Rc::ptr_eq(&l, &g) {
        g.clone()
    } else {
        l
    };
    let code = match source_arg(vm, &src, "exec")? {
        Ok(s) => compile_source(vm, &s, "<string>", Mode::Exec)?,
        Err(c) => c,
    };
    crate::eval::run_code_in(vm, &code, g, l, Vec::new())?;
    Ok(Value::None)
}

pub fn builtin_eval(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let ctx = std::mem::take(vm.ext_state::<FrameCtx>());
    let [src, globals, locals] =
        crate::builtins::args::bind(vm, "eval", args, kw, ["source", "globals", "locals"], 1)?;
    let src = src.unwrap_or(Value::None);
    let (g, l) = namespaces(vm, ctx, globals, locals, "eval")?;
    let code = match source_arg(vm, &src, "eval")? {
        Ok(s) => compile_source(vm, &s, "<string>", Mode::Eval)?,
        Err(c) => c,
    };
    crate::eval::run_code_in(vm, &code, g, l, Vec::new())
}

pub fn builtin_compile(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [src, filename, mode, _flags, _dont_inherit, _optimize] = crate::builtins::args::bind(
        vm,
        "compile",
        args,
        kw,
        [
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
        ],
        3,
    )?;
    let src = src.unwrap_or(Value::None);
    let filename = match filename {
        Some(Value::Str(s)) => s.as_str().to_owned(),
        _ => "<string>".to_owned(),
    };
    let mode = match mode.as_ref().and_then(|m| m.as_str()) {
        Some("exec") => Mode::Exec,
        Some("eval") => Mode::Eval,
        Some("single") => Mode::Single,
        _ => return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'")),
    };
    match source_arg(vm, &src, "compile")? {
        Ok(s) => Ok(Value::Code(compile_source(vm, &s, &filename, mode)?)),
        Err(c) => Ok(Value::Code(c)),
    }
}
