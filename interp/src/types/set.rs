//! `set` and `frozenset`: their methods as natives (add/remove/discard/pop, the union family
//! with any iterables, the `_update` forms, subset tests), the operator helpers the VM calls
//! (`set_binary`, `set_inplace`, `set_compare`), and the set algebra — CPython's algorithms,
//! so results iterate in its order — shared with the dict views.

use std::rc::Rc;

use rupy_objects::code::{BinOp, CmpOp};
use rupy_objects::{KwArgs, Payload, PyResult, PySet, Truth, Value, Vm};

use crate::builtins::args::{add_method, arity};
use crate::ops;
use crate::types::str::{descr_error, unbound_error};

/// The set inside a value (a set, frozenset or an instance of a subclass) and whether it is
/// frozen.
pub fn set_of(v: &Value) -> Option<(Rc<PySet>, bool)> {
    match v {
        Value::Set(s) => Some((s.clone(), false)),
        Value::FrozenSet(s) => Some((s.clone(), true)),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Set(s) => Some((s.clone(), false)),
                Value::FrozenSet(s) => Some((s.clone(), true)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Add `v` to `s` (hashing with `__hash__`, comparing with `__eq__`).
pub fn set_add(vm: &mut Vm, s: &PySet, v: Value) -> PyResult<()> {
    let h = ops::hash(vm, &v)?;
    s.add(h, v, &mut |a, b| ops::eq(vm, a, b))
}

pub fn set_contains_hashed(vm: &mut Vm, s: &PySet, h: i64, v: &Value) -> PyResult<bool> {
    s.contains(h, v, &mut |a, b| ops::eq(vm, a, b))
}

/// Hash of a lookup key; an unhashable `set` is looked up as the equal frozenset.
fn lookup_key(vm: &mut Vm, v: &Value) -> PyResult<(i64, Value)> {
    match ops::hash(vm, v) {
        Ok(h) => Ok((h, v.clone())),
        Err(e) => {
            if let Some((inner, false)) = set_of(v) {
                let fs = Value::new_frozenset(inner.copy()?);
                let h = ops::hash(vm, &fs)?;
                return Ok((h, fs));
            }
            Err(e)
        }
    }
}

fn contains(vm: &mut Vm, s: &PySet, v: &Value) -> PyResult<bool> {
    let (h, k) = lookup_key(vm, v)?;
    s.contains(h, &k, &mut |a, b| ops::eq(vm, a, b))
}

fn discard(vm: &mut Vm, s: &PySet, v: &Value) -> PyResult<bool> {
    let (h, k) = lookup_key(vm, v)?;
    s.remove(h, &k, &mut |a, b| ops::eq(vm, a, b))
}

fn add_hashed(vm: &mut Vm, s: &PySet, h: i64, v: Value) -> PyResult<()> {
    s.add(h, v, &mut |a, b| ops::eq(vm, a, b))
}

/// Add the keys of any iterable to `s` (CPython's `set_update_internal`: sets merge, a
/// dict's keys go in with their stored hashes after one resize, anything else one by one).
pub fn update_internal(vm: &mut Vm, s: &PySet, other: &Value) -> PyResult<()> {
    if let Some((o, _)) = set_of(other) {
        return s.merge(&o, &mut |a, b| ops::eq(vm, a, b));
    }
    if let Value::Dict(d) = other {
        s.reserve(d.len());
        for e in d.raw_entries() {
            add_hashed(vm, s, e.hash, e.key)?;
        }
        return Ok(());
    }
    let it = ops::get_iter(vm, other)?;
    while let Some(x) = ops::next(vm, &it)? {
        set_add(vm, s, x)?;
    }
    Ok(())
}

/// Any iterable as a new set.
pub fn set_from_iterable(vm: &mut Vm, v: &Value) -> PyResult<PySet> {
    let out = PySet::new();
    update_internal(vm, &out, v)?;
    Ok(out)
}

fn subset(vm: &mut Vm, a: &PySet, b: &PySet) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    for (h, k) in a.entries() {
        if !set_contains_hashed(vm, b, h, &k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `so & other`: the smaller set is walked and its keys found in the larger are kept; a
/// non-set iterable is walked in its own order.
pub fn intersection_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<PySet> {
    let result = PySet::new();
    if let Some((o, _)) = set_of(other) {
        if std::ptr::eq(so, &*o) {
            return so.copy();
        }
        let (big, small): (&PySet, &PySet) = if o.len() > so.len() {
            (&o, so)
        } else {
            (so, &o)
        };
        for (h, k) in small.entries() {
            if set_contains_hashed(vm, big, h, &k)? {
                add_hashed(vm, &result, h, k)?;
            }
        }
        return Ok(result);
    }
    let it = ops::get_iter(vm, other)?;
    while let Some(x) = ops::next(vm, &it)? {
        let h = ops::hash(vm, &x)?;
        if set_contains_hashed(vm, so, h, &x)? {
            add_hashed(vm, &result, h, x)?;
        }
    }
    Ok(result)
}

/// Remove every key of `other` from `s`.
pub fn difference_update(vm: &mut Vm, s: &PySet, other: &Value) -> PyResult<()> {
    if let Some((o, _)) = set_of(other) {
        if std::ptr::eq(s, &*o) {
            s.clear();
            return Ok(());
        }
        for (h, k) in o.entries() {
            s.remove(h, &k, &mut |a, b| ops::eq(vm, a, b))?;
        }
        return Ok(());
    }
    let it = ops::get_iter(vm, other)?;
    while let Some(x) = ops::next(vm, &it)? {
        discard(vm, s, &x)?;
    }
    Ok(())
}

/// `so - other`: a copy minus `other` when `so` is much larger (or `other` is not a set or
/// dict), else the keys of `so` not in `other`, walked in `so`'s order.
fn difference_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<PySet> {
    let other_len = match (set_of(other), other) {
        (Some((o, _)), _) => Some(o.len()),
        (None, Value::Dict(d)) => Some(d.len()),
        _ => None,
    };
    match other_len {
        Some(n) if (so.len() >> 2) <= n => {}
        _ => {
            let r = so.copy()?;
            difference_update(vm, &r, other)?;
            return Ok(r);
        }
    }
    let result = PySet::new();
    for (h, k) in so.entries() {
        let inside = match (set_of(other), other) {
            (Some((o, _)), _) => set_contains_hashed(vm, &o, h, &k)?,
            (None, Value::Dict(d)) => d.contains(h, &k, &mut |a, b| ops::eq(vm, a, b))?,
            _ => false,
        };
        if !inside {
            add_hashed(vm, &result, h, k)?;
        }
    }
    Ok(result)
}

/// `s ^= other`: each key of `other` (as a set) is removed if present, else added.
pub fn symdiff_update(vm: &mut Vm, s: &PySet, other: &Value) -> PyResult<()> {
    let o = match set_of(other) {
        Some((o, _)) => {
            if std::ptr::eq(s, &*o) {
                s.clear();
                return Ok(());
            }
            o
        }
        None => Rc::new(set_from_iterable(vm, other)?),
    };
    for (h, k) in o.entries() {
        if !s.remove(h, &k, &mut |a, b| ops::eq(vm, a, b))? {
            add_hashed(vm, s, h, k)?;
        }
    }
    Ok(())
}

/// `so ^ other`: a set built from `other`, then updated with `so`'s keys.
fn symdiff_of(vm: &mut Vm, so: &Rc<PySet>, other: &Value) -> PyResult<PySet> {
    let r = set_from_iterable(vm, other)?;
    symdiff_update(vm, &r, &Value::Set(so.clone()))?;
    Ok(r)
}

/// `so | other`.
fn union_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<PySet> {
    let r = so.copy()?;
    update_internal(vm, &r, other)?;
    Ok(r)
}

fn set_op_value(vm: &mut Vm, op: BinOp, a: &Rc<PySet>, b: &Value) -> PyResult<PySet> {
    match op {
        BinOp::Or => union_of(vm, a, b),
        BinOp::And => intersection_of(vm, a, b),
        BinOp::Sub => difference_of(vm, a, b),
        _ => symdiff_of(vm, a, b),
    }
}

/// Set comparison: equality and the subset/superset orderings.
pub fn pyset_compare(vm: &mut Vm, op: CmpOp, a: &PySet, b: &PySet) -> PyResult<bool> {
    Ok(match op {
        CmpOp::Eq => a.len() == b.len() && subset(vm, a, b)?,
        CmpOp::Ne => !(a.len() == b.len() && subset(vm, a, b)?),
        CmpOp::Le => subset(vm, a, b)?,
        CmpOp::Lt => a.len() < b.len() && subset(vm, a, b)?,
        CmpOp::Ge => subset(vm, b, a)?,
        CmpOp::Gt => b.len() < a.len() && subset(vm, b, a)?,
    })
}

fn wrap(s: PySet, frozen: bool) -> Value {
    if frozen {
        Value::new_frozenset(s)
    } else {
        Value::new_set(s)
    }
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` for sets; the result type follows the left operand.
pub fn set_binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    let (Some((x, frozen)), Some(_)) = (set_of(a), set_of(b)) else {
        return Err(crate::ops::binop_type_error(vm, op, a, b));
    };
    let r = set_op_value(vm, op, &x, b)?;
    Ok(wrap(r, frozen))
}

fn inplace_op(vm: &mut Vm, op: BinOp, s: &Rc<PySet>, other: &Value) -> PyResult<()> {
    match op {
        BinOp::Or => update_internal(vm, s, other),
        BinOp::And => {
            // CPython computes the intersection and swaps it in.
            let r = intersection_of(vm, s, other)?;
            s.replace_with(r);
            Ok(())
        }
        BinOp::Sub => difference_update(vm, s, other),
        _ => symdiff_update(vm, s, other),
    }
}

/// `a |= b` etc. for a mutable set `a` and a set or frozenset `b`.
pub fn set_inplace(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    match (set_of(a), set_of(b)) {
        (Some((x, false)), Some(_)) => {
            inplace_op(vm, op, &x, b)?;
            Ok(a.clone())
        }
        _ => set_binary(vm, op, a, b),
    }
}

/// `a op b` for two sets (as a bool value).
pub fn set_compare(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    match (set_of(a), set_of(b)) {
        (Some((x, _)), Some((y, _))) => Ok(Value::bool(pyset_compare(vm, op, &x, &y)?)),
        _ => Ok(Value::NotImplemented),
    }
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

fn owner(frozen: bool) -> &'static str {
    if frozen { "frozenset" } else { "set" }
}

/// The receiver of a method of `set` (frozen = false) or `frozenset` (frozen = true).
fn recv(vm: &mut Vm, args: &[Value], name: &str, frozen: bool) -> PyResult<Rc<PySet>> {
    match args.first() {
        Some(v) => match set_of(v) {
            Some((s, f)) if f == frozen => Ok(s),
            _ => Err(descr_error(vm, name, owner(frozen), v)),
        },
        None => Err(unbound_error(vm, name, owner(frozen))),
    }
}

fn check_args(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    frozen: bool,
    n: Option<usize>,
) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!(
            "{}.{}() takes no keyword arguments",
            owner(frozen),
            name
        )));
    }
    match n {
        Some(0) if args.len() > 1 => Err(vm.type_error(format!(
            "{}.{}() takes no arguments ({} given)",
            owner(frozen),
            name,
            args.len() - 1
        ))),
        Some(1) if args.len() != 2 => Err(vm.type_error(format!(
            "{}.{}() takes exactly one argument ({} given)",
            owner(frozen),
            name,
            args.len() - 1
        ))),
        _ => Ok(()),
    }
}

macro_rules! both {
    ($name:ident, $set_fn:ident, $frozen_fn:ident) => {
        fn $set_fn(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
            $name(vm, args, kw, false)
        }
        fn $frozen_fn(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
            $name(vm, args, kw, true)
        }
    };
}

fn m_add(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "add", false)?;
    check_args(vm, args, kw, "add", false, Some(1))?;
    set_add(vm, &s, args[1].clone())?;
    Ok(Value::None)
}

fn m_remove(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "remove", false)?;
    check_args(vm, args, kw, "remove", false, Some(1))?;
    if !discard(vm, &s, &args[1])? {
        return Err(crate::exceptions::key_error(vm, args[1].clone()));
    }
    Ok(Value::None)
}

fn m_discard(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "discard", false)?;
    check_args(vm, args, kw, "discard", false, Some(1))?;
    discard(vm, &s, &args[1])?;
    Ok(Value::None)
}

fn m_pop(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "pop", false)?;
    check_args(vm, args, kw, "pop", false, Some(0))?;
    match s.pop() {
        Some(k) => Ok(k),
        None => Err(crate::exceptions::key_error(
            vm,
            Value::str("pop from an empty set"),
        )),
    }
}

fn m_clear(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "clear", false)?;
    check_args(vm, args, kw, "clear", false, Some(0))?;
    s.clear();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = recv(vm, args, "copy", frozen)?;
    check_args(vm, args, kw, "copy", frozen, Some(0))?;
    if frozen && matches!(args[0], Value::FrozenSet(_)) {
        return Ok(args[0].clone());
    }
    Ok(wrap(s.copy()?, frozen))
}
both!(copy, set_copy, fset_copy);

fn multi(
    vm: &mut Vm,
    args: &[Value],
    kw: &KwArgs,
    name: &str,
    frozen: bool,
    op: BinOp,
) -> PyResult<Value> {
    let s = recv(vm, args, name, frozen)?;
    check_args(vm, args, kw, name, frozen, None)?;
    if args.len() == 1 {
        return Ok(wrap(s.copy()?, frozen));
    }
    let mut acc = Rc::new(set_op_value(vm, op, &s, &args[1])?);
    for other in &args[2..] {
        match op {
            // Later operands update the result in place, as CPython does.
            BinOp::Or => update_internal(vm, &acc, other)?,
            BinOp::Sub => difference_update(vm, &acc, other)?,
            _ => acc = Rc::new(intersection_of(vm, &acc, other)?),
        }
    }
    let acc = Rc::try_unwrap(acc).unwrap_or_else(|rc| (*rc).clone());
    Ok(wrap(acc, frozen))
}

fn union(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    multi(vm, args, kw, "union", frozen, BinOp::Or)
}
both!(union, set_union, fset_union);

fn intersection(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    multi(vm, args, kw, "intersection", frozen, BinOp::And)
}
both!(intersection, set_intersection, fset_intersection);

fn difference(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    multi(vm, args, kw, "difference", frozen, BinOp::Sub)
}
both!(difference, set_difference, fset_difference);

fn symmetric_difference(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = recv(vm, args, "symmetric_difference", frozen)?;
    check_args(vm, args, kw, "symmetric_difference", frozen, Some(1))?;
    Ok(wrap(symdiff_of(vm, &s, &args[1])?, frozen))
}
both!(
    symmetric_difference,
    set_symmetric_difference,
    fset_symmetric_difference
);

fn update_multi(
    vm: &mut Vm,
    args: &[Value],
    kw: &KwArgs,
    name: &str,
    op: BinOp,
) -> PyResult<Value> {
    let s = recv(vm, args, name, false)?;
    check_args(vm, args, kw, name, false, None)?;
    for other in &args[1..] {
        inplace_op(vm, op, &s, other)?;
    }
    Ok(Value::None)
}

fn m_update(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    update_multi(vm, args, kw, "update", BinOp::Or)
}
fn m_intersection_update(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    update_multi(vm, args, kw, "intersection_update", BinOp::And)
}
fn m_difference_update(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    update_multi(vm, args, kw, "difference_update", BinOp::Sub)
}
fn m_symmetric_difference_update(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "symmetric_difference_update", false)?;
    check_args(vm, args, kw, "symmetric_difference_update", false, Some(1))?;
    symdiff_update(vm, &s, &args[1])?;
    Ok(Value::None)
}

fn issubset(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = recv(vm, args, "issubset", frozen)?;
    check_args(vm, args, kw, "issubset", frozen, Some(1))?;
    let o = match set_of(&args[1]) {
        Some((o, _)) => o,
        None => Rc::new(set_from_iterable(vm, &args[1])?),
    };
    Ok(Value::bool(subset(vm, &s, &o)?))
}
both!(issubset, set_issubset, fset_issubset);

fn issuperset(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = recv(vm, args, "issuperset", frozen)?;
    check_args(vm, args, kw, "issuperset", frozen, Some(1))?;
    if let Some((o, _)) = set_of(&args[1]) {
        return Ok(Value::bool(subset(vm, &o, &s)?));
    }
    let it = ops::get_iter(vm, &args[1])?;
    while let Some(x) = ops::next(vm, &it)? {
        if !contains(vm, &s, &x)? {
            return Ok(Value::Bool(Truth::False));
        }
    }
    Ok(Value::Bool(Truth::True))
}
both!(issuperset, set_issuperset, fset_issuperset);

fn isdisjoint(vm: &mut Vm, args: &[Value], kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = recv(vm, args, "isdisjoint", frozen)?;
    check_args(vm, args, kw, "isdisjoint", frozen, Some(1))?;
    let it = ops::get_iter(vm, &args[1])?;
    while let Some(x) = ops::next(vm, &it)? {
        if contains(vm, &s, &x)? {
            return Ok(Value::Bool(Truth::False));
        }
    }
    Ok(Value::Bool(Truth::True))
}
both!(isdisjoint, set_isdisjoint, fset_isdisjoint);

// ---------------------------------------------------------------------------------------------
// Dunders
// ---------------------------------------------------------------------------------------------

fn dunder(vm: &mut Vm, args: &[Value], name: &str, frozen: bool, n: usize) -> PyResult<Rc<PySet>> {
    let s = recv(vm, args, name, frozen)?;
    if args.len() != n + 1 {
        return Err(vm.type_error(format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len() - 1
        )));
    }
    Ok(s)
}

fn len(vm: &mut Vm, args: &[Value], _kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = dunder(vm, args, "__len__", frozen, 0)?;
    Ok(Value::Int(s.len() as i64))
}
both!(len, set_len, fset_len);

fn contains_m(vm: &mut Vm, args: &[Value], _kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = dunder(vm, args, "__contains__", frozen, 1)?;
    Ok(Value::bool(contains(vm, &s, &args[1])?))
}
both!(contains_m, set_contains, fset_contains);

fn iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = dunder(vm, args, "__iter__", frozen, 0)?;
    ops::get_iter(vm, &wrap_rc(s, frozen))
}
both!(iter, set_iter, fset_iter);

fn wrap_rc(s: Rc<PySet>, frozen: bool) -> Value {
    if frozen {
        Value::FrozenSet(s)
    } else {
        Value::Set(s)
    }
}

fn binop(
    vm: &mut Vm,
    args: &[Value],
    name: &str,
    frozen: bool,
    op: BinOp,
    reflected: bool,
) -> PyResult<Value> {
    let s = dunder(vm, args, name, frozen, 1)?;
    let Some((o, ofrozen)) = set_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    let r = if reflected {
        set_op_value(vm, op, &o, &args[0])?
    } else {
        set_op_value(vm, op, &s, &args[1])?
    };
    Ok(wrap(r, if reflected { ofrozen } else { frozen }))
}

macro_rules! binops {
    ($($f:ident, $ff:ident, $name:literal, $op:expr, $refl:expr);* $(;)?) => {
        $(
            fn $f(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                binop(vm, args, $name, false, $op, $refl)
            }
            fn $ff(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                binop(vm, args, $name, true, $op, $refl)
            }
        )*
    };
}

binops! {
    set_or, fset_or, "__or__", BinOp::Or, false;
    set_and, fset_and, "__and__", BinOp::And, false;
    set_sub, fset_sub, "__sub__", BinOp::Sub, false;
    set_xor, fset_xor, "__xor__", BinOp::Xor, false;
    set_ror, fset_ror, "__ror__", BinOp::Or, true;
    set_rand, fset_rand, "__rand__", BinOp::And, true;
    set_rsub, fset_rsub, "__rsub__", BinOp::Sub, true;
    set_rxor, fset_rxor, "__rxor__", BinOp::Xor, true;
}

fn ibinop(vm: &mut Vm, args: &[Value], name: &str, op: BinOp) -> PyResult<Value> {
    let s = dunder(vm, args, name, false, 1)?;
    if set_of(&args[1]).is_none() {
        return Ok(Value::NotImplemented);
    }
    inplace_op(vm, op, &s, &args[1])?;
    Ok(args[0].clone())
}

fn set_ior(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    ibinop(vm, args, "__ior__", BinOp::Or)
}
fn set_iand(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    ibinop(vm, args, "__iand__", BinOp::And)
}
fn set_isub(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    ibinop(vm, args, "__isub__", BinOp::Sub)
}
fn set_ixor(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    ibinop(vm, args, "__ixor__", BinOp::Xor)
}

fn cmp(vm: &mut Vm, args: &[Value], name: &str, frozen: bool, op: CmpOp) -> PyResult<Value> {
    let s = dunder(vm, args, name, frozen, 1)?;
    let Some((o, _)) = set_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    Ok(Value::bool(pyset_compare(vm, op, &s, &o)?))
}

macro_rules! cmps {
    ($($f:ident, $ff:ident, $name:literal, $op:expr);* $(;)?) => {
        $(
            fn $f(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                cmp(vm, args, $name, false, $op)
            }
            fn $ff(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                cmp(vm, args, $name, true, $op)
            }
        )*
    };
}

cmps! {
    set_eq, fset_eq, "__eq__", CmpOp::Eq;
    set_ne, fset_ne, "__ne__", CmpOp::Ne;
    set_lt, fset_lt, "__lt__", CmpOp::Lt;
    set_le, fset_le, "__le__", CmpOp::Le;
    set_gt, fset_gt, "__gt__", CmpOp::Gt;
    set_ge, fset_ge, "__ge__", CmpOp::Ge;
}

fn repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs, frozen: bool) -> PyResult<Value> {
    let s = dunder(vm, args, "__repr__", frozen, 0)?;
    let base = ops::repr_string(vm, &wrap_rc(s.clone(), frozen))?;
    if let Value::Instance(_) = &args[0] {
        let name = ops::type_name(vm, &args[0]);
        if s.is_empty() {
            return Ok(Value::string(format!("{}()", name)));
        }
        let inner = if frozen {
            base.strip_prefix("frozenset(")
                .and_then(|x| x.strip_suffix(')'))
                .unwrap_or(&base)
                .to_owned()
        } else {
            base
        };
        return Ok(Value::string(format!("{}({})", name, inner)));
    }
    Ok(Value::string(base))
}
both!(repr, set_repr, fset_repr);

fn fset_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder(vm, args, "__hash__", true, 0)?;
    Ok(Value::Int(ops::hash(vm, &Value::FrozenSet(s))?))
}

fn set_init(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "__init__", false)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("set() takes no keyword arguments"));
    }
    arity(vm, "set", &args[1..], 0, 1)?;
    let items = match args.get(1) {
        Some(it) => Some(set_from_iterable(vm, it)?),
        None => None,
    };
    s.clear();
    if let Some(items) = items {
        s.replace_with(items);
    }
    Ok(Value::None)
}

/// `set()` / `set(iterable)`.
pub fn set_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("set() takes no keyword arguments"));
    }
    arity(vm, "set", args, 0, 1)?;
    Ok(match args.first() {
        Some(it) => Value::new_set(set_from_iterable(vm, it)?),
        None => Value::new_set(PySet::new()),
    })
}

/// `frozenset()` / `frozenset(iterable)`.
pub fn frozenset_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("frozenset() takes no keyword arguments"));
    }
    arity(vm, "frozenset", args, 0, 1)?;
    Ok(match args.first() {
        Some(v @ Value::FrozenSet(_)) => v.clone(),
        Some(it) => Value::new_frozenset(set_from_iterable(vm, it)?),
        None => Value::new_frozenset(PySet::new()),
    })
}

pub fn init(vm: &mut Vm) {
    vm.types.set.set_filler(fill_set);
    vm.types.frozenset.set_filler(fill_frozenset);
}

/// `set`'s methods, added when the type's dict is first used.
fn fill_set(t: &rupy_objects::Class) {
    add_method(t, "set", "__new__", super::new_set);
    super::generic_alias::add_class_getitem(t);
    let set_methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("add", m_add),
        ("remove", m_remove),
        ("discard", m_discard),
        ("pop", m_pop),
        ("clear", m_clear),
        ("copy", set_copy),
        ("update", m_update),
        ("intersection_update", m_intersection_update),
        ("difference_update", m_difference_update),
        ("symmetric_difference_update", m_symmetric_difference_update),
        ("union", set_union),
        ("intersection", set_intersection),
        ("difference", set_difference),
        ("symmetric_difference", set_symmetric_difference),
        ("issubset", set_issubset),
        ("issuperset", set_issuperset),
        ("isdisjoint", set_isdisjoint),
        ("__len__", set_len),
        ("__contains__", set_contains),
        ("__iter__", set_iter),
        ("__or__", set_or),
        ("__and__", set_and),
        ("__sub__", set_sub),
        ("__xor__", set_xor),
        ("__ror__", set_ror),
        ("__rand__", set_rand),
        ("__rsub__", set_rsub),
        ("__rxor__", set_rxor),
        ("__ior__", set_ior),
        ("__iand__", set_iand),
        ("__isub__", set_isub),
        ("__ixor__", set_ixor),
        ("__eq__", set_eq),
        ("__ne__", set_ne),
        ("__lt__", set_lt),
        ("__le__", set_le),
        ("__gt__", set_gt),
        ("__ge__", set_ge),
        ("__repr__", set_repr),
        ("__init__", set_init),
    ];
    for (name, f) in set_methods {
        add_method(t, "set", name, *f);
    }
    t.dict().set_s("__hash__", Value::None);
}

/// `frozenset`'s methods, added when the type's dict is first used.
fn fill_frozenset(ft: &rupy_objects::Class) {
    add_method(ft, "frozenset", "__new__", super::new_frozenset);
    super::generic_alias::add_class_getitem(ft);
    let fset_methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("copy", fset_copy),
        ("union", fset_union),
        ("intersection", fset_intersection),
        ("difference", fset_difference),
        ("symmetric_difference", fset_symmetric_difference),
        ("issubset", fset_issubset),
        ("issuperset", fset_issuperset),
        ("isdisjoint", fset_isdisjoint),
        ("__len__", fset_len),
        ("__contains__", fset_contains),
        ("__iter__", fset_iter),
        ("__or__", fset_or),
        ("__and__", fset_and),
        ("__sub__", fset_sub),
        ("__xor__", fset_xor),
        ("__ror__", fset_ror),
        ("__rand__", fset_rand),
        ("__rsub__", fset_rsub),
        ("__rxor__", fset_rxor),
        ("__eq__", fset_eq),
        ("__ne__", fset_ne),
        ("__lt__", fset_lt),
        ("__le__", fset_le),
        ("__gt__", fset_gt),
        ("__ge__", fset_ge),
        ("__repr__", fset_repr),
        ("__hash__", fset_hash),
    ];
    for (name, f) in fset_methods {
        add_method(ft, "frozenset", name, *f);
    }
}
