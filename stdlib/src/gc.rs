//! `gc`: control of the cycle collector (`rupy_objects::gc`, driven by `rupy_interp::gc`).
//! `collect`, `enable`/`disable`/`isenabled`, `get_count`, `get_threshold`/`set_threshold`,
//! `is_tracked`, `is_finalized`, and the `garbage`/`callbacks` lists (always empty: cycles
//! with finalizers are collected, as in CPython since 3.4, and callbacks are not called).

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, arity, bind};
use rupy_interp::ops;
use rupy_objects::gc;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "collect", gc_collect);
    add_fn(d, "enable", gc_enable);
    add_fn(d, "disable", gc_disable);
    add_fn(d, "isenabled", gc_isenabled);
    add_fn(d, "get_count", gc_get_count);
    add_fn(d, "get_threshold", gc_get_threshold);
    add_fn(d, "set_threshold", gc_set_threshold);
    add_fn(d, "is_tracked", gc_is_tracked);
    add_fn(d, "is_finalized", gc_is_finalized);
    d.set_s("garbage", Value::list(Vec::new()));
    d.set_s("callbacks", Value::list(Vec::new()));
    for (name, v) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        d.set_s(name, Value::Int(v));
    }
    Ok(())
}

fn gc_collect(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [generation] = bind(vm, "collect", args, kw, ["generation"], 0)?;
    let generation = match generation {
        Some(g) => ops::index_of(vm, &g)?,
        None => 2,
    };
    if !(0..=2).contains(&generation) {
        return Err(vm.value_error("invalid generation"));
    }
    Ok(Value::Int(
        rupy_interp::gc::collect(vm, if generation == 0 { 0 } else { 2 }) as i64,
    ))
}

fn gc_enable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "enable", args, 0, 0)?;
    gc::with_registry(|r| r.enabled = true);
    Ok(Value::None)
}

fn gc_disable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "disable", args, 0, 0)?;
    gc::with_registry(|r| r.enabled = false);
    Ok(Value::None)
}

fn gc_isenabled(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "isenabled", args, 0, 0)?;
    Ok(Value::bool(gc::with_registry(|r| r.enabled)))
}

fn gc_get_count(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "get_count", args, 0, 0)?;
    let (a, b, c) = gc::counts();
    Ok(Value::tuple(vec![
        Value::Int(a as i64),
        Value::Int(b as i64),
        Value::Int(c as i64),
    ]))
}

fn gc_get_threshold(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "get_threshold", args, 0, 0)?;
    let t = gc::with_registry(|r| r.threshold);
    Ok(Value::tuple(vec![
        Value::Int(t as i64),
        Value::Int(10),
        Value::Int(10),
    ]))
}

fn gc_set_threshold(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "set_threshold", args, 1, 3)?;
    let t = ops::index_of(vm, &args[0])?;
    // A threshold of 0 disables automatic collection, as in CPython.
    gc::with_registry(|r| {
        if t <= 0 {
            r.enabled = false;
        } else {
            r.threshold = t as usize;
        }
    });
    Ok(Value::None)
}

fn gc_is_tracked(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "is_tracked", args, 1, 1)?;
    let tracked = match &args[0] {
        Value::Tuple(t) => t.iter().any(gc::is_container),
        Value::Dict(d) => d.gc_tracked(),
        v => gc::is_container(v),
    };
    Ok(Value::bool(tracked))
}

fn gc_is_finalized(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "is_finalized", args, 1, 1)?;
    Ok(Value::bool(
        matches!(&args[0], Value::Instance(i) if i.finalized.get()),
    ))
}
