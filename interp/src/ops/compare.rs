//! Equality, rich comparison and membership with CPython's rules: exact int/float comparison,
//! lexicographic sequences, identity implying equality inside containers, reflected dunders,
//! and "'<' not supported between instances of ..." errors.

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use rupy_objects::code::CmpOp;
use rupy_objects::dict::fast_eq;
use rupy_objects::{PyResult, Truth, Value, Vm};

use crate::ops::attr::lookup_special;
use crate::ops::convert::{truthy, type_name};

fn cmp_i64_f64(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if i.unsigned_abs() < (1 << 53) {
        return (i as f64).partial_cmp(&f);
    }
    if f >= 9.3e18 {
        return Some(Ordering::Less);
    }
    if f <= -9.3e18 {
        return Some(Ordering::Greater);
    }
    let fl = f.floor();
    match (i as i128).cmp(&(fl as i128)) {
        Ordering::Equal => {
            if f > fl {
                Some(Ordering::Less)
            } else {
                Some(Ordering::Equal)
            }
        }
        o => Some(o),
    }
}

fn cmp_big_f64(b: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fl = f.floor();
    let fb = if fl.abs() < 1.0e38 {
        BigInt::from(fl as i128)
    } else {
        float_to_big(fl)
    };
    match b.cmp(&fb) {
        Ordering::Equal => {
            if f > fl {
                Some(Ordering::Less)
            } else {
                Some(Ordering::Equal)
            }
        }
        o => Some(o),
    }
}

fn float_to_big(f: f64) -> BigInt {
    // f is integral here.
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & 0xfffffffffffff) | 0x10000000000000;
    let m = BigInt::from(mant);
    let v = if exp >= 0 {
        m << exp as usize
    } else {
        m >> (-exp) as usize
    };
    if f < 0.0 { -v } else { v }
}

/// Ordering between two numbers, None if unordered (NaN) or not both numbers.
pub fn num_cmp(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    use Value::*;
    let ai = |v: &Value| match v {
        Int(i) => Some(*i),
        Bool(b) => Some(*b as i64),
        _ => Option::None,
    };
    Some(match (a, b) {
        (Float(x), Float(y)) => x.get().partial_cmp(&y.get()),
        _ if ai(a).is_some() && ai(b).is_some() => Some(ai(a)?.cmp(&ai(b)?)),
        (Float(f), _) if ai(b).is_some() => cmp_i64_f64(ai(b)?, f.get()).map(|o| o.reverse()),
        (_, Float(f)) if ai(a).is_some() => cmp_i64_f64(ai(a)?, f.get()),
        (BigInt(x), BigInt(y)) => Some(x.cmp(y)),
        (BigInt(x), _) if ai(b).is_some() => Some((**x).cmp(&num_bigint::BigInt::from(ai(b)?))),
        (_, BigInt(y)) if ai(a).is_some() => Some(num_bigint::BigInt::from(ai(a)?).cmp(y)),
        (BigInt(x), Float(f)) => cmp_big_f64(x, f.get()),
        (Float(f), BigInt(x)) => cmp_big_f64(x, f.get()).map(|o| o.reverse()),
        _ => return Option::None,
    })
}

/// `a == b`.
pub fn eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    // `==` itself has no identity shortcut: NaN != NaN, and `__eq__` runs even for `a == a`.
    if a.is(b) {
        match a {
            Value::Float(f) => return Ok(!f.get().is_nan()),
            Value::Instance(_) | Value::Opaque(_) | Value::Complex(_) => return eq_slow(vm, a, b),
            _ => {}
        }
    }
    if let Some(r) = fast_eq(a, b) {
        return Ok(r);
    }
    eq_slow(vm, a, b)
}

fn eq_slow(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let r = richcompare(vm, CmpOp::Eq, a, b)?;
    truthy(vm, &r)
}

/// Equality for container membership and lookups: identity first.
pub fn eq_contained(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    eq(vm, a, b)
}

fn seq_compare(vm: &mut Vm, op: CmpOp, x: &[Value], y: &[Value]) -> PyResult<Value> {
    crate::eval::enter_nested(vm, " in comparison")?;
    let r = seq_compare_inner(vm, op, x, y);
    crate::eval::leave_nested(vm);
    r
}

fn seq_compare_inner(vm: &mut Vm, op: CmpOp, x: &[Value], y: &[Value]) -> PyResult<Value> {
    let n = x.len().min(y.len());
    for i in 0..n {
        if !eq_contained(vm, &x[i], &y[i])? {
            return match op {
                CmpOp::Eq => Ok(Value::Bool(Truth::False)),
                CmpOp::Ne => Ok(Value::Bool(Truth::True)),
                _ => richcompare(vm, op, &x[i], &y[i]),
            };
        }
    }
    let o = x.len().cmp(&y.len());
    Ok(Value::bool(ord_matches(op, o)))
}

pub fn ord_matches(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
    }
}

fn op_sym(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Eq => "==",
        CmpOp::Ne => "!=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

fn dunder(op: CmpOp) -> (&'static str, &'static str) {
    match op {
        CmpOp::Lt => ("__lt__", "__gt__"),
        CmpOp::Le => ("__le__", "__ge__"),
        CmpOp::Eq => ("__eq__", "__eq__"),
        CmpOp::Ne => ("__ne__", "__ne__"),
        CmpOp::Gt => ("__gt__", "__lt__"),
        CmpOp::Ge => ("__ge__", "__le__"),
    }
}

/// `a op b` returning the (possibly non-bool) result.
#[inline]
pub fn compare(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(Value::bool(ord_matches(op, x.cmp(y)))),
        (Value::Float(x), Value::Float(y)) => Ok(Value::bool(match op {
            CmpOp::Lt => x.get() < y.get(),
            CmpOp::Le => x.get() <= y.get(),
            CmpOp::Eq => x.get() == y.get(),
            CmpOp::Ne => x.get() != y.get(),
            CmpOp::Gt => x.get() > y.get(),
            CmpOp::Ge => x.get() >= y.get(),
        })),
        _ => richcompare(vm, op, a, b),
    }
}

pub fn richcompare(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let Some(o) = num_cmp(a, b) {
        return Ok(Value::bool(match o {
            Some(o) => ord_matches(op, o),
            None => op == CmpOp::Ne,
        }));
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            return Ok(Value::bool(ord_matches(op, x.as_str().cmp(y.as_str()))));
        }
        (Value::Bytes(_) | Value::ByteArray(_), Value::Bytes(_) | Value::ByteArray(_)) => {
            if let Some(r) = crate::types::bytes::bytes_compare(op, a, b) {
                return Ok(r);
            }
        }
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            return seq_compare(vm, op, &x, &y);
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            let (x, y) = (x.clone(), y.clone());
            return seq_compare(vm, op, &x, &y);
        }
        (Value::Dict(x), Value::Dict(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            crate::eval::enter_nested(vm, " in comparison")?;
            let r = crate::types::dict::dict_eq(vm, x, y);
            crate::eval::leave_nested(vm);
            let r = r?;
            return Ok(Value::bool(r == (op == CmpOp::Eq)));
        }
        (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => {
            return crate::types::set::set_compare(vm, op, a, b);
        }
        (Value::Range(x), Value::Range(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let same = x.len() == y.len()
                && (x.is_empty() || (x.start == y.start && (x.len() == 1 || x.step == y.step)));
            return Ok(Value::bool(same == (op == CmpOp::Eq)));
        }
        (Value::Slice(x), Value::Slice(y)) => {
            let tx = Value::tuple(vec![x.start.clone(), x.stop.clone(), x.step.clone()]);
            let ty = Value::tuple(vec![y.start.clone(), y.stop.clone(), y.step.clone()]);
            return richcompare(vm, op, &tx, &ty);
        }
        (Value::Method(x), Value::Method(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let same = x.receiver.is(&y.receiver) && x.func.is(&y.func);
            return Ok(Value::bool(same == (op == CmpOp::Eq)));
        }
        (Value::Complex(x), Value::Complex(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            return Ok(Value::bool((x.0 == y.0 && x.1 == y.1) == (op == CmpOp::Eq)));
        }
        (Value::DictView(_), _) | (_, Value::DictView(_)) => {
            if let Some(r) = crate::types::dict::view_compare(vm, op, a, b)? {
                return Ok(r);
            }
        }
        _ => {}
    }
    let (name, rname) = dunder(op);
    let ta = vm.type_of(a);
    let tb = vm.type_of(b);
    let tried_reflected_first = !Rc::ptr_eq(&ta, &tb) && tb.is_subclass(&ta);
    if tried_reflected_first && let Some(f) = lookup_special(vm, b, rname) {
        let r = crate::ops::attr::call_descr_method(vm, &f, b, &[b.clone(), a.clone()])?;
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    if let Some(f) = lookup_special(vm, a, name)
        && !matches!(&f, Value::Native(n) if n.owner == "object")
    {
        let r = crate::ops::attr::call_descr_method(vm, &f, a, &[a.clone(), b.clone()])?;
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    if !tried_reflected_first
        && let Some(f) = lookup_special(vm, b, rname)
        && !matches!(&f, Value::Native(n) if n.owner == "object")
    {
        let r = crate::ops::attr::call_descr_method(vm, &f, b, &[b.clone(), a.clone()])?;
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    // __ne__ defaults to the inverse of __eq__.
    if op == CmpOp::Ne
        && let Some(f) = lookup_special(vm, a, "__eq__")
        && !matches!(&f, Value::Native(n) if n.owner == "object")
    {
        let r = crate::ops::attr::call_descr_method(vm, &f, a, &[a.clone(), b.clone()])?;
        if !matches!(r, Value::NotImplemented) {
            let t = truthy(vm, &r)?;
            return Ok(Value::bool(!t));
        }
    }
    // Subclasses of builtins compare by their builtin payload.
    let ua = crate::types::unwrap_builtin(a);
    let ub = crate::types::unwrap_builtin(b);
    if ua.is_some() || ub.is_some() {
        let x = ua.unwrap_or_else(|| a.clone());
        let y = ub.unwrap_or_else(|| b.clone());
        return richcompare(vm, op, &x, &y);
    }
    match op {
        CmpOp::Eq => Ok(Value::bool(a.is(b))),
        CmpOp::Ne => Ok(Value::bool(!a.is(b))),
        _ => Err(vm.type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op_sym(op),
            type_name(vm, a),
            type_name(vm, b)
        ))),
    }
}

/// `item in container`.
pub fn contains(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::Str(s) => match crate::types::str::str_of(item) {
            Some(sub) => Ok(s.as_str().contains(sub.as_str())),
            _ => Err(vm.type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                type_name(vm, item)
            ))),
        },
        Value::List(l) => {
            let n = l.borrow().len();
            for i in 0..n {
                let x = match l.borrow().get(i) {
                    Some(x) => x.clone(),
                    None => break,
                };
                if eq_contained(vm, &x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Tuple(t) => {
            for x in t.iter() {
                if eq_contained(vm, x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Dict(d) => {
            let h = crate::ops::convert::hash(vm, item)?;
            d.contains(h, item, &mut |a, b| eq(vm, a, b))
        }
        Value::Set(s) | Value::FrozenSet(s) => {
            let h = match crate::ops::convert::hash(vm, item) {
                Ok(h) => h,
                Err(e) => {
                    // `{1} in set_of_frozensets` uses the frozenset equivalent of a set.
                    if let Value::Set(inner) = item {
                        let fs = Value::new_frozenset(inner.copy()?);
                        return contains(vm, container, &fs);
                    }
                    return Err(e);
                }
            };
            crate::types::set::set_contains_hashed(vm, s, h, item)
        }
        Value::Range(r) => {
            if let Some(Some(i)) = match item {
                Value::Int(i) => Some(Some(*i)),
                Value::Bool(b) => Some(Some(*b as i64)),
                _ => None,
            } {
                let (start, stop, step) = (r.start, r.stop, r.step);
                let inr = if step > 0 {
                    i >= start && i < stop
                } else {
                    i <= start && i > stop
                };
                return Ok(inr && (i - start) % step == 0);
            }
            let items = crate::ops::iter::collect(vm, container)?;
            for x in items {
                if eq_contained(vm, &x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Bytes(b) => crate::types::bytes::bytes_contains(vm, b, item),
        Value::ByteArray(b) => {
            let data = b.borrow().clone();
            crate::types::bytes::bytes_contains(vm, &data, item)
        }
        Value::DictView(dv) => {
            if dv.1 == 0 {
                return contains(vm, &Value::Dict(dv.0.clone()), item);
            }
            let items = crate::ops::iter::collect(vm, container)?;
            for x in items {
                if eq_contained(vm, &x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            if let Some(r) = crate::ops::attr::call_special(
                vm,
                container,
                "__contains__",
                std::slice::from_ref(item),
            )? {
                return truthy(vm, &r);
            }
            if let Some(inner) = crate::types::unwrap_builtin(container) {
                return contains(vm, &inner, item);
            }
            let has_iter = lookup_special(vm, container, "__iter__").is_some()
                || lookup_special(vm, container, "__getitem__").is_some();
            if !has_iter && !matches!(container, Value::Iter(_) | Value::Generator(_)) {
                return Err(vm.type_error(format!(
                    "argument of type '{}' is not iterable",
                    type_name(vm, container)
                )));
            }
            let it = crate::ops::iter::get_iter(vm, container)?;
            while let Some(x) = crate::ops::iter::next(vm, &it)? {
                if eq_contained(vm, &x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

pub fn to_usize_index(v: &BigInt) -> Option<usize> {
    v.to_usize()
}
