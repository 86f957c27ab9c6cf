//! Exceptions as Python sees them: materialising a lazy `PyErr` into an instance, `raise`
//! semantics (classes vs instances, `from`), implicit chaining, `except` matching, the `with`
//! protocol entry, and CPython-format traceback printing.

use std::rc::Rc;

use rupy_objects::exc::{ErrValue, ExcData, TbEntry};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, Instance, Payload, PyErr, PyResult, Value, Vm};

use crate::call::call_value;
use crate::ops;

/// A new exception instance of `cls` with `args`.
pub fn new_exception(cls: Rc<Class>, args: Vec<Value>) -> Value {
    let data = ExcData {
        args,
        ..Default::default()
    };
    Value::new_instance(Instance::new(
        cls,
        Payload::Exc(std::cell::RefCell::new(data)),
    ))
}

/// Turn an error into the exception object, moving the gathered traceback onto it.
pub fn materialize(_vm: &mut Vm, e: PyErr) -> Value {
    let state = *e.0;
    let v = match state.value {
        ErrValue::Lazy(cls, msg) => {
            let args = match msg {
                Some(m) => vec![Value::string(m)],
                None => vec![],
            };
            new_exception(cls, args)
        }
        ErrValue::Obj(v) => v,
    };
    if let Value::Instance(i) = &v
        && let Some(d) = i.exc()
    {
        let mut tb = state.tb;
        // The object's earlier traceback (from a previous raise) stays at the inner end.
        let mut d = d.borrow_mut();
        if tb.is_empty() {
            return v.clone();
        }
        let mut full = std::mem::take(&mut d.traceback);
        full.append(&mut tb);
        d.traceback = full;
    }
    v
}

/// Re-raise an exception object, continuing its traceback.
pub fn reraise_obj(v: Value) -> PyErr {
    let tb = match &v {
        Value::Instance(i) => i
            .exc()
            .map(|d| std::mem::take(&mut d.borrow_mut().traceback))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut e = PyErr::from_obj(v);
    e.0.tb = tb;
    e
}

pub fn is_exception_class(vm: &Vm, c: &Rc<Class>) -> bool {
    c.is_subclass(&vm.exc(ExcKind::BaseException))
}

/// `raise exc [from cause]`.
pub fn make_raise(vm: &mut Vm, exc: Value, cause: Option<Value>) -> PyResult<PyErr> {
    let obj = match &exc {
        Value::Class(c) if is_exception_class(vm, c) => call_value(vm, &exc, &[], &[])?,
        Value::Instance(i) if i.exc().is_some() => exc.clone(),
        _ => return Ok(vm.type_error("exceptions must derive from BaseException")),
    };
    if !matches!(&obj, Value::Instance(i) if i.exc().is_some()) {
        let msg = format!(
            "calling {} should have returned an instance of BaseException, not {}",
            ops::repr_string(vm, &exc)?,
            ops::type_name(vm, &obj)
        );
        return Ok(vm.type_error(msg));
    }
    if let Some(c) = cause {
        let cause_v = match &c {
            Value::None => Value::None,
            Value::Class(cc) if is_exception_class(vm, cc) => call_value(vm, &c, &[], &[])?,
            Value::Instance(i) if i.exc().is_some() => c.clone(),
            _ => return Ok(vm.type_error("exception causes must derive from BaseException")),
        };
        if let Value::Instance(i) = &obj
            && let Some(d) = i.exc()
        {
            let mut d = d.borrow_mut();
            d.cause = if cause_v.is_none() {
                None
            } else {
                Some(cause_v)
            };
            d.suppress_context = true;
        }
    }
    Ok(reraise_obj(obj))
}

/// Record the handled exception as `__context__` of a newly raised error.
pub fn set_context(vm: &mut Vm, e: PyErr) -> PyErr {
    let Some(ctx) = vm.handled.last().cloned() else {
        return e;
    };
    let v = materialize(vm, e);
    if !v.is(&ctx)
        && let Value::Instance(i) = &v
        && let Some(d) = i.exc()
        && d.borrow().context.is_none()
    {
        // Break a cycle: ctx must not already chain back to v.
        let mut cur = Some(ctx.clone());
        let mut depth = 0;
        while let Some(c) = cur {
            if let Value::Instance(ci) = &c
                && let Some(cd) = ci.exc()
            {
                let next = cd.borrow().context.clone();
                if next.as_ref().map(|n| n.is(&v)).unwrap_or(false) {
                    cd.borrow_mut().context = None;
                    break;
                }
                cur = next;
                depth += 1;
                if depth > 1000 {
                    break;
                }
                continue;
            }
            break;
        }
        d.borrow_mut().context = Some(ctx);
    }
    reraise_obj(v)
}

pub fn with_cause(vm: &mut Vm, e: PyErr, cause: Value) -> PyErr {
    let tb = e.0.tb.clone();
    let v = materialize(vm, e);
    if let Value::Instance(i) = &v
        && let Some(d) = i.exc()
    {
        let mut d = d.borrow_mut();
        d.cause = Some(cause);
        d.suppress_context = true;
    }
    let mut e = reraise_obj(v);
    if e.0.tb.is_empty() {
        e.0.tb = tb;
    }
    e
}

pub fn key_error(vm: &mut Vm, key: Value) -> PyErr {
    PyErr::from_obj(new_exception(vm.exc(ExcKind::KeyError), vec![key]))
}

/// `except T:` matching (T a class or a tuple of classes).
pub fn exc_matches(vm: &mut Vm, exc: &Value, ty: &Value) -> PyResult<bool> {
    let cls = vm.type_of(exc);
    match ty {
        Value::Class(c) => {
            if !is_exception_class(vm, c) {
                return Err(vm.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
            Ok(cls.is_subclass(c))
        }
        Value::Tuple(t) => {
            for x in t.iter() {
                if exc_matches(vm, exc, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(
            vm.type_error("catching classes that do not inherit from BaseException is not allowed")
        ),
    }
}

/// Does a (possibly lazy) error match class `c`?
pub fn err_matches(e: &PyErr, c: &Rc<Class>) -> bool {
    e.class().is_subclass(c)
}

/// `with` entry: returns (bound __exit__, result of __enter__).
pub fn with_enter(vm: &mut Vm, mgr: &Value) -> PyResult<(Value, Value)> {
    enter_manager(
        vm,
        mgr,
        "__enter__",
        "__exit__",
        "the context manager protocol",
    )
}

/// `async with`: the bound `__aexit__` and the awaitable `__aenter__()` returned.
pub fn async_with_enter(vm: &mut Vm, mgr: &Value) -> PyResult<(Value, Value)> {
    enter_manager(
        vm,
        mgr,
        "__aenter__",
        "__aexit__",
        "the asynchronous context manager protocol",
    )
}

/// Look up the manager's enter and exit methods on its type, call enter; (bound exit, result).
fn enter_manager(
    vm: &mut Vm,
    mgr: &Value,
    enter: &str,
    exit: &str,
    protocol: &str,
) -> PyResult<(Value, Value)> {
    let enter_name = vm.intern(enter);
    let exit_name = vm.intern(exit);
    let ty = vm.type_of(mgr);
    let Some(enter_m) = ty.lookup(&enter_name) else {
        return Err(vm.type_error(format!(
            "'{}' object does not support {protocol}",
            ty.name()
        )));
    };
    let Some(exit_m) = ty.lookup(&exit_name) else {
        return Err(vm.type_error(format!(
            "'{}' object does not support {protocol} (missed {exit} method)",
            ty.name()
        )));
    };
    let exit_b = ops::bind(vm, exit_m, mgr, &ty)?;
    let enter_b = ops::bind(vm, enter_m, mgr, &ty)?;
    let r = call_value(vm, &enter_b, &[], &[])?;
    Ok((exit_b, r))
}

/// `exc.__traceback__`: a traceback object chain (None without entries).
pub fn traceback_value(vm: &mut Vm, exc: &Value) -> Value {
    let entries = exc_traceback(exc);
    if entries.is_empty() {
        return Value::None;
    }
    crate::types::traceback::chain(vm, &entries)
}

pub fn stop_iteration_value(vm: &mut Vm, e: PyErr) -> Value {
    let v = materialize(vm, e);
    exc_args(&v).into_iter().next().unwrap_or(Value::None)
}

pub fn exc_args(v: &Value) -> Vec<Value> {
    match v {
        Value::Instance(i) => i.exc().map(|d| d.borrow().args.clone()).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `str(exc)` as CPython: no args -> '', one arg -> str(arg), else str(args); KeyError uses repr.
pub fn exc_str(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let args = exc_args(v);
    let cls = vm.type_of(v);
    if cls.is_subclass(&vm.exc(ExcKind::KeyError)) && args.len() == 1 {
        return ops::repr_string(vm, &args[0]);
    }
    match args.len() {
        0 => Ok(String::new()),
        1 => ops::str_string(vm, &args[0]),
        _ => ops::repr_string(vm, &Value::tuple(args)),
    }
}

/// The last line of a traceback: "Type: message" (qualified name outside builtins).
pub fn format_exception_only(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let cls = vm.type_of(v);
    let mut name = cls.qualname.borrow().clone();
    if let Some(m) = cls.dict().get_s("__module__")
        && let Value::Str(m) = m
        && m.as_str() != "builtins"
        && m.as_str() != "__main__"
    {
        name = format!("{}.{}", m.as_str(), name);
    }
    if cls.is_subclass(&vm.exc(ExcKind::SyntaxError))
        && let Some(s) = crate::types::exception::syntax_error_lines(vm, v)?
    {
        return Ok(s);
    }
    let msg = match ops::to_str(vm, v) {
        Ok(s) => s.as_str().to_owned(),
        Err(_) => "<exception str() failed>".to_owned(),
    };
    let mut out = if msg.is_empty() {
        format!("{}\n", name)
    } else {
        format!("{}: {}\n", name, msg)
    };
    if let Value::Instance(i) = v
        && let Some(d) = i.exc()
    {
        for n in d.borrow().notes.clone() {
            out.push_str(&ops::str_string(vm, &n)?);
            out.push('\n');
        }
    }
    Ok(out)
}

pub fn source_line(vm: &mut Vm, filename: &str, line: u32) -> Option<String> {
    let cached = vm.shared.sources.borrow().get(filename).cloned();
    let src = match cached {
        Some(s) => s,
        None => {
            let text: std::rc::Rc<str> = std::fs::read_to_string(filename).ok()?.into();
            vm.shared
                .sources
                .borrow_mut()
                .insert(filename.to_owned(), text.clone());
            text
        }
    };
    src.lines()
        .nth(line.checked_sub(1)? as usize)
        .map(|l| l.trim().to_owned())
}

fn format_tb(vm: &mut Vm, tb: &[TbEntry], limit: Option<usize>) -> String {
    // Entries are gathered innermost first; print outermost first.
    let mut ordered: Vec<&TbEntry> = tb.iter().rev().collect();
    if let Some(n) = limit {
        ordered.truncate(n);
    }
    let mut out = String::new();
    let mut last: Option<(String, u32, String)> = None;
    let mut repeat = 0;
    let flush_repeat = |out: &mut String, repeat: usize| {
        if repeat > 3 {
            let n = repeat - 3;
            out.push_str(&format!(
                "  [Previous line repeated {} more time{}]\n",
                n,
                if n == 1 { "" } else { "s" }
            ));
        }
    };
    for e in ordered {
        let key = (e.code.filename.to_string(), e.line, e.code.name.to_string());
        if last.as_ref() == Some(&key) {
            repeat += 1;
            if repeat > 3 {
                continue;
            }
        } else {
            flush_repeat(&mut out, repeat);
            repeat = 1;
            last = Some(key);
        }
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            e.code.filename, e.line, e.code.name
        ));
        if let Some(l) = source_line(vm, &e.code.filename, e.line)
            && !l.is_empty()
        {
            out.push_str(&format!("    {}\n", l));
        }
    }
    flush_repeat(&mut out, repeat);
    out
}

pub fn exc_traceback(v: &Value) -> Vec<TbEntry> {
    match v {
        Value::Instance(i) => i
            .exc()
            .map(|d| d.borrow().traceback.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Full CPython-style report of an exception with its chain.
pub fn format_exception(vm: &mut Vm, v: &Value, limit: Option<usize>) -> PyResult<String> {
    let mut seen: Vec<usize> = Vec::new();
    format_chain(vm, v, limit, &mut seen)
}

fn format_chain(
    vm: &mut Vm,
    v: &Value,
    limit: Option<usize>,
    seen: &mut Vec<usize>,
) -> PyResult<String> {
    let mut out = String::new();
    seen.push(v.heap_ptr().unwrap_or(0));
    if let Value::Instance(i) = v
        && let Some(d) = i.exc()
    {
        let (cause, context, suppress) = {
            let d = d.borrow();
            (d.cause.clone(), d.context.clone(), d.suppress_context)
        };
        if let Some(c) = cause {
            if !seen.contains(&c.heap_ptr().unwrap_or(0)) {
                out.push_str(&format_chain(vm, &c, limit, seen)?);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            }
        } else if let (Some(c), false) = (context, suppress)
            && !seen.contains(&c.heap_ptr().unwrap_or(0))
        {
            out.push_str(&format_chain(vm, &c, limit, seen)?);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
    }
    let tb = exc_traceback(v);
    if !tb.is_empty() && limit != Some(0) {
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(&format_tb(vm, &tb, limit));
    }
    out.push_str(&format_exception_only(vm, v)?);
    Ok(out)
}

/// Report an exception nobody can catch (raised by `__del__` or while closing a generator
/// during finalisation) as CPython's default unraisable hook does: "Exception ignored in:
/// OBJ", then the exception with its traceback but without its chain.
pub fn print_unraisable(vm: &mut Vm, e: PyErr, what: &str) {
    print_unraisable_with(vm, e, &format!("Exception ignored in: {}", what));
}

/// `print_unraisable` with the first line given (e.g. "Exception ignored in thread started
/// by: ...").
pub fn print_unraisable_with(vm: &mut Vm, e: PyErr, header: &str) {
    let v = materialize(vm, e);
    let _ = vm.flush_stdout();
    let mut text = format!("{}\n", header);
    let tb = exc_traceback(&v);
    if !tb.is_empty() {
        text.push_str("Traceback (most recent call last):\n");
        text.push_str(&format_tb(vm, &tb, None));
    }
    match format_exception_only(vm, &v) {
        Ok(t) => text.push_str(&t),
        Err(_) => text.push_str("<unprintable exception>\n"),
    }
    crate::builtins::write_stderr(vm, &text);
}

/// Print an uncaught exception to stderr the way CPython does.
pub fn print_exception(vm: &mut Vm, e: PyErr) {
    let v = materialize(vm, e);
    let _ = vm.flush_stdout();
    let text = match format_exception(vm, &v, None) {
        Ok(t) => t,
        Err(_) => "Traceback (most recent call last):\n<unprintable exception>\n".to_owned(),
    };
    crate::builtins::write_stderr(vm, &text);
}
