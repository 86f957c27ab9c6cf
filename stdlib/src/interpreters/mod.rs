//! `_interpreters`: the native half of `concurrent.interpreters` (PEP 734). Interpreters are
//! named by id; the Python module wraps ids in `Interpreter` objects. Running code elsewhere
//! goes through `registry::session`; values cross as `Shareable` data (`rupy_interp::xi`).
//!
//! `exec` and `call` return an *excinfo* tuple — `(name, qualname, module, msg, formatted,
//! errdisplay)` — instead of raising when the code fails in the target; the Python layer
//! turns it into `ExecutionFailed`.

pub mod registry;

use std::rc::Rc;
use std::sync::Arc;

use rupy_channels::Shareable;
use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::{ops, xi};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, Code, KwArgs, PyDict, PyErr, PyResult, Value, Vm};

use registry::SessionError;

#[derive(Default)]
struct ExcClasses(std::cell::RefCell<Option<(Rc<Class>, Rc<Class>)>>);

/// `InterpreterError` and `InterpreterNotFoundError` of this interpreter.
fn exc_classes(vm: &mut Vm) -> (Rc<Class>, Rc<Class>) {
    let st = vm.shared_state::<ExcClasses>();
    if let Some(c) = st.0.borrow().clone() {
        return c;
    }
    let base = rupy_objects::vm::derived("InterpreterError", &vm.exc(ExcKind::Exception));
    base.dict()
        .set_s("__module__", Value::str("concurrent.interpreters"));
    let nf = rupy_objects::vm::derived("InterpreterNotFoundError", &base);
    nf.dict()
        .set_s("__module__", Value::str("concurrent.interpreters"));
    *st.0.borrow_mut() = Some((base.clone(), nf.clone()));
    (base, nf)
}

fn interp_error(vm: &mut Vm, msg: impl Into<String>) -> PyErr {
    PyErr::lazy(exc_classes(vm).0, msg)
}

fn not_found(vm: &mut Vm, id: i64) -> PyErr {
    PyErr::lazy(
        exc_classes(vm).1,
        format!("unrecognized interpreter ID {}", id),
    )
}

fn session_error(vm: &mut Vm, id: i64, e: SessionError) -> PyErr {
    match e {
        SessionError::NotFound => not_found(vm, id),
        SessionError::Running => interp_error(vm, "interpreter already running"),
        SessionError::Panicked => vm.err(
            ExcKind::SystemError,
            "internal error in rupy while running code in another interpreter",
        ),
    }
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let (base, nf) = exc_classes(vm);
    d.set_s("InterpreterError", Value::Class(base));
    d.set_s("InterpreterNotFoundError", Value::Class(nf));
    d.set_s(
        "NotShareableError",
        Value::Class(xi::not_shareable_error(vm)),
    );
    d.set_s("WHENCE_RUNTIME", Value::str(registry::WHENCE_RUNTIME));
    d.set_s("WHENCE_STDLIB", Value::str(registry::WHENCE_STDLIB));
    add_fn(d, "create", |vm, _, _| {
        let id = registry::create(Some(vm)).map_err(|e| session_error(vm, -1, e))?;
        Ok(Value::Int(id))
    });
    add_fn(d, "destroy", interp_destroy);
    add_fn(d, "list_all", |vm, _, _| {
        registry::current_id(vm);
        let all = registry::list_all()
            .iter()
            .map(|e| Value::tuple(vec![Value::Int(e.id), Value::str(e.whence)]))
            .collect();
        Ok(Value::list(all))
    });
    add_fn(d, "get_current", |vm, _, _| {
        let id = registry::current_id(vm);
        let whence = registry::lookup(id)
            .map(|e| e.whence)
            .unwrap_or(registry::WHENCE_RUNTIME);
        Ok(Value::tuple(vec![Value::Int(id), Value::str(whence)]))
    });
    add_fn(d, "get_main", |vm, _, _| {
        registry::current_id(vm);
        let whence = registry::lookup(0)
            .map(|e| e.whence)
            .unwrap_or(registry::WHENCE_RUNTIME);
        Ok(Value::tuple(vec![Value::Int(0), Value::str(whence)]))
    });
    add_fn(d, "whence", |vm, args, _| {
        let id = id_arg(vm, args)?;
        match registry::lookup(id) {
            Some(e) => Ok(Value::str(e.whence)),
            None => Err(not_found(vm, id)),
        }
    });
    add_fn(d, "exists", |vm, args, _| {
        let id = id_arg(vm, args)?;
        Ok(Value::bool(registry::lookup(id).is_some()))
    });
    add_fn(d, "is_running", |vm, args, _| {
        let id = id_arg(vm, args)?;
        match registry::lookup(id) {
            Some(e) => Ok(Value::bool(e.is_running())),
            None => Err(not_found(vm, id)),
        }
    });
    add_fn(d, "is_shareable", |vm, args, _| {
        arity(vm, "is_shareable", args, 1, 1)?;
        Ok(Value::bool(xi::is_shareable(vm, &args[0])))
    });
    add_fn(d, "incref", |vm, args, _| {
        let id = id_arg(vm, args)?;
        if let Some(e) = registry::lookup(id) {
            e.incref();
        }
        Ok(Value::None)
    });
    add_fn(d, "decref", interp_decref);
    add_fn(d, "_cache_get", |vm, args, _| {
        arity(vm, "_cache_get", args, 2, 2)?;
        let (kind, id) = (id_arg(vm, &args[0..1])?, id_arg(vm, &args[1..2])?);
        let cache = vm.shared_state::<WeakCache>();
        let found = cache.0.borrow().get(&(kind, id)).and_then(|w| w.upgrade());
        Ok(found.map(Value::Instance).unwrap_or(Value::None))
    });
    add_fn(d, "_cache_set", |vm, args, _| {
        arity(vm, "_cache_set", args, 3, 3)?;
        let (kind, id) = (id_arg(vm, &args[0..1])?, id_arg(vm, &args[1..2])?);
        let Value::Instance(obj) = &args[2] else {
            return Err(vm.type_error("only instances can be cached"));
        };
        let cache = vm.shared_state::<WeakCache>();
        let mut map = cache.0.borrow_mut();
        // Drop entries of objects already gone, so the map stays as small as the live set.
        if map.len() >= 64 && map.len().is_power_of_two() {
            map.retain(|_, w| w.strong_count() > 0);
        }
        map.insert((kind, id), Rc::downgrade(obj));
        Ok(Value::None)
    });
    add_fn(d, "exec", interp_exec);
    add_fn(d, "call", interp_call);
    add_fn(d, "set___main___attrs", interp_set_main_attrs);
    Ok(())
}

fn id_arg(vm: &mut Vm, args: &[Value]) -> PyResult<i64> {
    match args.first() {
        Some(Value::Int(i)) => Ok(*i),
        Some(Value::Bool(b)) => Ok(*b as i64),
        Some(v) => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!("interpreter ID must be an int, got {}", t)))
        }
        None => Err(vm.type_error("missing interpreter ID")),
    }
}

/// The checks every restricted operation makes on its target.
fn target(vm: &mut Vm, id: i64, op: &str) -> PyResult<()> {
    let Some(e) = registry::lookup(id) else {
        return Err(not_found(vm, id));
    };
    if e.whence != registry::WHENCE_STDLIB {
        return Err(interp_error(
            vm,
            format!("cannot {} unrecognized interpreter {}", op, id),
        ));
    }
    Ok(())
}

/// The objects standing for interpreters and queues in this interpreter, one per id, held
/// weakly (as CPython's weak caches), keyed by (kind, id).
#[derive(Default)]
struct WeakCache(
    std::cell::RefCell<
        std::collections::HashMap<(i64, i64), std::rc::Weak<rupy_objects::Instance>>,
    >,
);

/// `decref(id)`: an owning `Interpreter` object went away; the last one destroys the
/// interpreter (unless it is running, or gone already).
fn interp_decref(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let id = id_arg(vm, args)?;
    let Some(e) = registry::lookup(id) else {
        return Ok(Value::None);
    };
    if e.decref() && e.whence == registry::WHENCE_STDLIB && registry::current_id(vm) != id {
        let _ = registry::destroy(Some(vm), id);
    }
    Ok(Value::None)
}

fn interp_destroy(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let id = id_arg(vm, args)?;
    if registry::current_id(vm) == id {
        return Err(interp_error(vm, "cannot destroy the current interpreter"));
    }
    target(vm, id, "destroy")?;
    match registry::destroy(Some(vm), id) {
        Ok(()) => Ok(Value::None),
        Err(SessionError::Running) => Err(interp_error(vm, "interpreter running")),
        Err(e) => Err(session_error(vm, id, e)),
    }
}

/// What a failed run sends back: (name, qualname, module, msg, formatted, errdisplay).
pub type ExcInfo = Shareable;

/// Snapshot an exception raised in `vm` (the target) for the caller.
pub fn excinfo(vm: &mut Vm, e: PyErr) -> ExcInfo {
    let v = rupy_interp::exceptions::materialize(vm, e);
    let class = vm.type_of(&v);
    let name = class.name.borrow().as_str().to_owned();
    let qualname = class.qualname.borrow().clone();
    let qualname = if qualname.is_empty() {
        name.clone()
    } else {
        qualname
    };
    let module = match class.dict().get_s("__module__") {
        Some(Value::Str(m)) => m.as_str().to_owned(),
        _ => "builtins".to_owned(),
    };
    let msg = rupy_interp::exceptions::exc_str(vm, &v).unwrap_or_default();
    let qual = if module == "builtins" || module == "__main__" {
        qualname.clone()
    } else {
        format!("{}.{}", module, qualname)
    };
    let formatted = if msg.is_empty() {
        qual
    } else {
        format!("{}: {}", qual, msg)
    };
    let errdisplay = rupy_interp::exceptions::format_exception(vm, &v, None)
        .unwrap_or_else(|_| formatted.clone());
    Shareable::Tuple(Arc::from(vec![
        Shareable::str(&name),
        Shareable::str(&qualname),
        Shareable::str(&module),
        Shareable::str(&msg),
        Shareable::str(&formatted),
        Shareable::str(errdisplay.trim_end()),
    ]))
}

/// `exec(id, code)`: `code` is source text, a code object or a function taking no arguments.
fn interp_exec(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "exec", args, 2, 2)?;
    let id = id_arg(vm, args)?;
    target(vm, id, "exec")?;
    let (code, source): (Arc<Code>, Option<Arc<str>>) = match &args[1] {
        Value::Str(s) => {
            let (code, src) = compile_cached(vm, s.as_str())?;
            (code, Some(src))
        }
        Value::Code(c) => (c.clone(), None),
        Value::Function(f) => {
            if !f.closure.is_empty() || f.code.total_params() > 0 {
                return Err(
                    vm.value_error("functions with arguments or closures are not supported")
                );
            }
            if !returns_only_none(&f.code) {
                return Err(vm.value_error("functions that return a value are not supported"));
            }
            (f.code.clone(), None)
        }
        v => {
            let t = ops::type_name(vm, v);
            return Err(vm.type_error(format!(
                "expected a script (str, function or code object), got {}",
                t
            )));
        }
    };
    let r = registry::session(Some(vm), id, move |target| {
        if let Some(src) = source {
            let mut sources = target.shared.sources.borrow_mut();
            if sources.get("<string>").is_none_or(|old| **old != *src) {
                sources.insert("<string>".to_owned(), Rc::from(&*src));
            }
        }
        let main = xi::main_dict(target);
        match rupy_interp::eval::run_code_in(target, &code, main.clone(), main, Vec::new()) {
            Ok(_) => None,
            Err(e) => Some(excinfo(target, e)),
        }
    });
    match r {
        Ok(None) => Ok(Value::None),
        Ok(Some(info)) => xi::from_shareable(vm, &info),
        Err(e) => Err(session_error(vm, id, e)),
    }
}

/// Whether every `return` of `code` returns the constant None (CPython 3.14 refuses to
/// `exec` a function that returns anything else).
fn returns_only_none(code: &Code) -> bool {
    use rupy_objects::code::{Const, Instr};
    code.instrs.iter().enumerate().all(|(i, ins)| {
        !matches!(ins, Instr::Return)
            || matches!(i.checked_sub(1).map(|p| &code.instrs[p]), Some(Instr::LoadConst(c)) if matches!(code.consts.get(*c as usize), Some(Const::None)))
    })
}

/// Scripts this interpreter sent to others lately, compiled: code is immutable and shared, so
/// running the same text again (a loop of `interp.exec(...)`) skips parsing and compiling.
#[derive(Default)]
struct ExecCache(std::cell::RefCell<std::collections::HashMap<Arc<str>, Arc<Code>>>);

const EXEC_CACHE_SIZE: usize = 64;

fn compile_cached(vm: &mut Vm, src: &str) -> PyResult<(Arc<Code>, Arc<str>)> {
    let cache = vm.shared_state::<ExecCache>();
    if let Some((k, code)) = cache.0.borrow().get_key_value(src) {
        return Ok((code.clone(), k.clone()));
    }
    let code = rupy_interp::run::compile_source(vm, src, "<string>", rupy_interp::run::Mode::Exec)?;
    let mut map = cache.0.borrow_mut();
    if map.len() >= EXEC_CACHE_SIZE {
        map.clear();
    }
    let key: Arc<str> = Arc::from(src);
    map.insert(key.clone(), code.clone());
    Ok((code, key))
}

/// `call(id, callable, args, kwargs)` → `(result, excinfo)`.
fn interp_call(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "call", args, 2, 4)?;
    let id = id_arg(vm, args)?;
    target(vm, id, "call")?;
    let func = xi::to_shareable(vm, &args[1], true)?;
    let pos = match args.get(2) {
        None | Some(Value::None) => Shareable::Tuple(Arc::from(Vec::new())),
        Some(v) => xi::to_shareable(vm, v, true)?,
    };
    let kwargs = match args.get(3) {
        None | Some(Value::None) => Shareable::Dict(Arc::from(Vec::new())),
        Some(v) => xi::to_shareable(vm, v, true)?,
    };
    let r = registry::session(
        Some(vm),
        id,
        move |target| -> Result<Result<Shareable, ExcInfo>, String> {
            let run = (|| -> PyResult<Value> {
                let f = xi::from_shareable(target, &func)?;
                // Builtins that read their caller's frame (`eval`, `exec`, `dir`, `globals`...)
                // see the target's `__main__`, as when CPython unpickles and calls them there.
                if let Value::Native(n) = &f
                    && n.owner == rupy_interp::builtins::FRAME_OWNER
                {
                    let main = xi::main_dict(target);
                    let ctx = target.ext_state::<rupy_interp::builtins::FrameCtx>();
                    ctx.globals = Some(main.clone());
                    ctx.locals = Some(Value::Dict(main));
                }
                let pos = match xi::from_shareable(target, &pos)? {
                    Value::Tuple(t) => t.to_vec(),
                    _ => Vec::new(),
                };
                let mut kw = Vec::new();
                if let Value::Dict(d) = xi::from_shareable(target, &kwargs)? {
                    for (k, v) in d.entries() {
                        if let Value::Str(k) = k {
                            kw.push((k, v));
                        }
                    }
                }
                rupy_interp::call::call_value(target, &f, &pos, &kw)
            })();
            match run {
                Ok(v) => match xi::to_shareable(target, &v, true) {
                    Ok(s) => Ok(Ok(s)),
                    Err(e) => {
                        let v = rupy_interp::exceptions::materialize(target, e);
                        Err(rupy_interp::exceptions::exc_str(target, &v).unwrap_or_default())
                    }
                },
                Err(e) => Ok(Err(excinfo(target, e))),
            }
        },
    );
    match r {
        Ok(Ok(Ok(result))) => {
            let v = xi::from_shareable(vm, &result)?;
            Ok(Value::tuple(vec![v, Value::None]))
        }
        Ok(Ok(Err(info))) => {
            let info = xi::from_shareable(vm, &info)?;
            Ok(Value::tuple(vec![Value::None, info]))
        }
        Ok(Err(msg)) => Err(PyErr::lazy(xi::not_shareable_error(vm), msg)),
        Err(e) => Err(session_error(vm, id, e)),
    }
}

/// `set___main___attrs(id, dict)`: bind natively shareable values in the target's `__main__`.
fn interp_set_main_attrs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "set___main___attrs", args, 2, 2)?;
    let id = id_arg(vm, args)?;
    target(vm, id, "prepare_main")?;
    let Value::Dict(d) = &args[1] else {
        return Err(vm.type_error("expected a dict"));
    };
    let mut items = Vec::new();
    for (k, v) in d.entries() {
        let Value::Str(k) = k else {
            return Err(vm.type_error("names must be str"));
        };
        if k.as_str().contains('\0') {
            return Err(vm.value_error("embedded null character"));
        }
        items.push((
            Arc::<str>::from(k.as_str()),
            xi::to_shareable(vm, &v, false)?,
        ));
    }
    let r = registry::session(Some(vm), id, move |target| -> Result<(), String> {
        let main = xi::main_dict(target);
        for (k, v) in &items {
            let v = xi::from_shareable(target, v).map_err(|_| "cannot bind".to_owned())?;
            main.set_s(k, v);
        }
        Ok(())
    });
    match r {
        Ok(Ok(())) => Ok(Value::None),
        Ok(Err(msg)) => Err(vm.err(ExcKind::RuntimeError, msg)),
        Err(e) => Err(session_error(vm, id, e)),
    }
}
