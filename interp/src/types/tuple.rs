//! `tuple`: index/count and the sequence, comparison and hashing dunders as natives, plus the
//! `tuple(...)` constructor.

use std::rc::Rc;

use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, Payload, PyResult, Value, Vm};

use crate::builtins::args::{add_method, arity};
use crate::ops;
use crate::types::str::{descr_error, ssize_arg, unbound_error};

/// The tuple inside a value: a `tuple` or an instance of a `tuple` subclass.
pub fn tuple_of(v: &Value) -> Option<Rc<Vec<Value>>> {
    match v {
        Value::Tuple(t) => Some(t.clone()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Tuple(t) => Some(t.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Rc<Vec<Value>>> {
    match args.first() {
        Some(v) => tuple_of(v).ok_or_else(|| descr_error(vm, name, "tuple", v)),
        None => Err(unbound_error(vm, name, "tuple")),
    }
}

fn dunder(vm: &mut Vm, args: &[Value], name: &str, n: usize) -> PyResult<Rc<Vec<Value>>> {
    let t = recv(vm, args, name)?;
    if args.len() != n + 1 {
        return Err(vm.type_error(format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len() - 1
        )));
    }
    Ok(t)
}

fn tuple_index(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let t = recv(vm, args, "index")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("tuple.index() takes no keyword arguments"));
    }
    arity(vm, "index", &args[1..], 1, 3)?;
    let n = t.len() as i64;
    let mut start = match args.get(2) {
        Some(v) => ops::index_bound(vm, v)?,
        None => 0,
    };
    let mut stop = match args.get(3) {
        Some(v) => ops::index_bound(vm, v)?,
        None => n,
    };
    if start < 0 {
        start = (start + n).max(0);
    }
    if stop < 0 {
        stop = (stop + n).max(0);
    }
    let stop = stop.min(n);
    let mut i = start;
    while i < stop {
        if ops::eq_contained(vm, &t[i as usize], &args[1])? {
            return Ok(Value::Int(i));
        }
        i += 1;
    }
    Err(vm.value_error("tuple.index(x): x not in tuple"))
}

fn tuple_count(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let t = recv(vm, args, "count")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("tuple.count() takes no keyword arguments"));
    }
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "tuple.count() takes exactly one argument ({} given)",
            args.len() - 1
        )));
    }
    let mut c = 0;
    for x in t.iter() {
        if ops::eq_contained(vm, x, &args[1])? {
            c += 1;
        }
    }
    Ok(Value::Int(c))
}

fn tuple_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__len__", 0)?;
    Ok(Value::Int(t.len() as i64))
}

fn tuple_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__getitem__", 1)?;
    ops::getitem(vm, &Value::Tuple(t), &args[1])
}

fn tuple_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__contains__", 1)?;
    Ok(Value::bool(ops::contains(vm, &Value::Tuple(t), &args[1])?))
}

fn tuple_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__iter__", 0)?;
    ops::get_iter(vm, &Value::Tuple(t))
}

fn tuple_add(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__add__", 1)?;
    match tuple_of(&args[1]) {
        Some(o) => {
            let mut v = Vec::with_capacity(t.len() + o.len());
            v.extend(t.iter().cloned());
            v.extend(o.iter().cloned());
            Ok(Value::tuple(v))
        }
        None => {
            let n = ops::type_name(vm, &args[1]);
            Err(vm.type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                n
            )))
        }
    }
}

fn tuple_mul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__mul__", 1)?;
    let n = ssize_arg(vm, &args[1])?;
    if n == 1 && matches!(args[0], Value::Tuple(_)) {
        return Ok(args[0].clone());
    }
    if n <= 0 || t.is_empty() {
        return Ok(Value::tuple(Vec::new()));
    }
    if (t.len() as u128) * (n as u128) > (1u128 << 32) {
        return Err(vm.err(ExcKind::MemoryError, ""));
    }
    let mut v = Vec::with_capacity(t.len() * n as usize);
    for _ in 0..n {
        v.extend(t.iter().cloned());
    }
    Ok(Value::tuple(v))
}

fn cmp(vm: &mut Vm, args: &[Value], name: &str, op: CmpOp) -> PyResult<Value> {
    let t = dunder(vm, args, name, 1)?;
    match tuple_of(&args[1]) {
        Some(o) => ops::richcompare(vm, op, &Value::Tuple(t), &Value::Tuple(o)),
        None => Ok(Value::NotImplemented),
    }
}

fn tuple_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__eq__", CmpOp::Eq)
}
fn tuple_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__ne__", CmpOp::Ne)
}
fn tuple_lt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__lt__", CmpOp::Lt)
}
fn tuple_le(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__le__", CmpOp::Le)
}
fn tuple_gt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__gt__", CmpOp::Gt)
}
fn tuple_ge(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__ge__", CmpOp::Ge)
}

fn tuple_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__hash__", 0)?;
    Ok(Value::Int(ops::hash(vm, &Value::Tuple(t))?))
}

fn tuple_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__repr__", 0)?;
    Ok(Value::string(ops::repr_string(vm, &Value::Tuple(t))?))
}

fn tuple_getnewargs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let t = dunder(vm, args, "__getnewargs__", 0)?;
    Ok(Value::tuple(vec![Value::tuple((*t).clone())]))
}

/// `tuple()` / `tuple(iterable)`.
pub fn tuple_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("tuple() takes no keyword arguments"));
    }
    arity(vm, "tuple", args, 0, 1)?;
    match args.first() {
        None => Ok(Value::tuple(Vec::new())),
        Some(v @ Value::Tuple(_)) => Ok(v.clone()),
        Some(it) => Ok(Value::tuple(ops::collect(vm, it)?)),
    }
}

pub fn init(vm: &mut Vm) {
    vm.types.tuple.set_filler(fill);
}

/// `tuple`'s methods, added when the type's dict is first used.
fn fill(t: &rupy_objects::Class) {
    add_method(t, "tuple", "__new__", super::new_tuple);
    super::generic_alias::add_class_getitem(t);
    let methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("index", tuple_index),
        ("count", tuple_count),
        ("__len__", tuple_len),
        ("__getitem__", tuple_getitem),
        ("__contains__", tuple_contains),
        ("__iter__", tuple_iter),
        ("__add__", tuple_add),
        ("__mul__", tuple_mul),
        ("__rmul__", tuple_mul),
        ("__eq__", tuple_eq),
        ("__ne__", tuple_ne),
        ("__lt__", tuple_lt),
        ("__le__", tuple_le),
        ("__gt__", tuple_gt),
        ("__ge__", tuple_ge),
        ("__hash__", tuple_hash),
        ("__repr__", tuple_repr),
        ("__getnewargs__", tuple_getnewargs),
    ];
    for (name, f) in methods {
        add_method(t, "tuple", name, *f);
    }
}
