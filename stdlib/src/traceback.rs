//! `traceback`: formatting exceptions the way the interpreter prints them
//! (`format_exception`, `format_exception_only`, `format_exc`, `print_exc`, `print_exception`).

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, bind};
use rupy_interp::exceptions::{format_exception, format_exception_only};
use rupy_interp::ops;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "format_exception", tb_format_exception);
    add_fn(d, "format_exception_only", tb_format_exception_only);
    add_fn(d, "format_exc", tb_format_exc);
    add_fn(d, "print_exc", tb_print_exc);
    add_fn(d, "print_exception", tb_print_exception);
    Ok(())
}

/// Split a report into lines the way the traceback module returns them (each ends in '\n').
fn lines(s: &str) -> Value {
    let mut out = Vec::new();
    let mut cur = String::new();
    for l in s.split_inclusive('\n') {
        // Frame entries ("  File ...\n    source\n") come as one string in CPython.
        if l.starts_with("    ") && cur.starts_with("  File") {
            cur.push_str(l);
            continue;
        }
        if !cur.is_empty() {
            out.push(Value::string(std::mem::take(&mut cur)));
        }
        cur.push_str(l);
    }
    if !cur.is_empty() {
        out.push(Value::string(cur));
    }
    Value::list(out)
}

fn exc_arg(vm: &mut Vm, first: Option<Value>, value: Option<Value>) -> PyResult<Value> {
    match (first, value) {
        (_, Some(v)) if !v.is_none() => Ok(v),
        (Some(v @ Value::Instance(_)), _) => Ok(v),
        (Some(Value::None), _) | (None, _) => Ok(Value::None),
        (Some(v), _) => Err(vm.type_error(format!(
            "Exception expected for value, {} found",
            ops::type_name(vm, &v)
        ))),
    }
}

fn limit_arg(vm: &mut Vm, l: Option<Value>) -> PyResult<Option<usize>> {
    match l {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(ops::index_of(vm, &v)?.max(0) as usize)),
    }
}

fn tb_format_exception(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [exc, value, _tb, limit, _chain] = bind(
        vm,
        "format_exception",
        args,
        kw,
        ["exc", "value", "tb", "limit", "chain"],
        1,
    )?;
    let v = exc_arg(vm, exc, value)?;
    let limit = limit_arg(vm, limit)?;
    if v.is_none() {
        return Ok(Value::list(vec![Value::str("NoneType: None\n")]));
    }
    let s = format_exception(vm, &v, limit)?;
    Ok(lines(&s))
}

fn tb_format_exception_only(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [exc, value] = bind(vm, "format_exception_only", args, kw, ["exc", "value"], 1)?;
    let v = exc_arg(vm, exc, value)?;
    if v.is_none() {
        return Ok(Value::list(vec![Value::str("NoneType: None\n")]));
    }
    let s = format_exception_only(vm, &v)?;
    Ok(lines(&s))
}

fn current(vm: &mut Vm) -> Option<Value> {
    vm.handled.last().cloned()
}

fn tb_format_exc(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [limit, _chain] = bind(vm, "format_exc", args, kw, ["limit", "chain"], 0)?;
    let limit = limit_arg(vm, limit)?;
    match current(vm) {
        Some(v) => Ok(Value::string(format_exception(vm, &v, limit)?)),
        None => Ok(Value::str("NoneType: None\n")),
    }
}

fn tb_print_exc(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [limit, file, _chain] = bind(vm, "print_exc", args, kw, ["limit", "file", "chain"], 0)?;
    let limit = limit_arg(vm, limit)?;
    let text = match current(vm) {
        Some(v) => format_exception(vm, &v, limit)?,
        None => "NoneType: None\n".to_owned(),
    };
    write_out(vm, file, &text)
}

fn tb_print_exception(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [exc, value, _tb, limit, file, _chain] = bind(
        vm,
        "print_exception",
        args,
        kw,
        ["exc", "value", "tb", "limit", "file", "chain"],
        1,
    )?;
    let v = exc_arg(vm, exc, value)?;
    let limit = limit_arg(vm, limit)?;
    let text = format_exception(vm, &v, limit)?;
    write_out(vm, file, &text)
}

fn write_out(vm: &mut Vm, file: Option<Value>, text: &str) -> PyResult<Value> {
    match file {
        None | Some(Value::None) => rupy_interp::builtins::write_stderr(vm, text),
        Some(f) => rupy_interp::builtins::io::write_to(vm, Some(f), text, false)?,
    }
    Ok(Value::None)
}
