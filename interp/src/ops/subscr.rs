//! Subscripting: indexing and slicing of builtin sequences (negative indices, steps, slice
//! assignment), mapping lookup with `__missing__`, and `__getitem__`/`__setitem__`/`__delitem__`
//! on other objects (including `__class_getitem__` on classes).

use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::PySlice;
use rupy_objects::{PyResult, Value, Vm};

use crate::call::call_value;
use crate::ops::attr::{call_special, lookup_special};
use crate::ops::convert::{index_of, type_name};

/// Resolve slice bounds against a sequence length (CPython's PySlice_AdjustIndices).
pub fn slice_indices(vm: &mut Vm, s: &PySlice, len: i64) -> PyResult<(i64, i64, i64)> {
    let step = if s.step.is_none() {
        1
    } else {
        slice_bound(vm, &s.step)?
    };
    if step == 0 {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adj = |v: i64| -> i64 {
        if v < 0 {
            (v + len).max(lower)
        } else {
            v.min(upper)
        }
    };
    let start = if s.start.is_none() {
        if step < 0 { upper } else { lower }
    } else {
        adj(slice_bound(vm, &s.start)?)
    };
    let stop = if s.stop.is_none() {
        if step < 0 { lower } else { upper }
    } else {
        adj(slice_bound(vm, &s.stop)?)
    };
    Ok((start, stop, step))
}

fn slice_bound(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(b) => Ok(if num_traits::Signed::is_negative(&**b) {
            i64::MIN / 2
        } else {
            i64::MAX / 2
        }),
        _ => match crate::ops::convert::to_index(vm, v) {
            Ok(Value::Int(i)) => Ok(i),
            Ok(_) => Ok(i64::MAX / 2),
            Err(_) => Err(
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            ),
        },
    }
}

/// The items of `items[a:b:step]` (bounds already adjusted).
pub fn slice_values(items: &[Value], a: i64, b: i64, step: i64) -> Vec<Value> {
    if step == 1 {
        return if a < b {
            items[a as usize..b as usize].to_vec()
        } else {
            Vec::new()
        };
    }
    let mut out = Vec::new();
    let mut i = a;
    if step > 0 {
        while i < b {
            out.push(items[i as usize].clone());
            i += step;
        }
    } else {
        while i > b {
            out.push(items[i as usize].clone());
            i += step;
        }
    }
    out
}

pub fn slice_positions(start: i64, stop: i64, step: i64) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = start;
    if step > 0 {
        while i < stop {
            out.push(i as usize);
            i += step;
        }
    } else {
        while i > stop {
            out.push(i as usize);
            i += step;
        }
    }
    out
}

fn norm_index(vm: &mut Vm, idx: &Value, len: usize, what: &str) -> PyResult<usize> {
    let i = match idx {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::BigInt(_) => {
            return Err(vm.err(
                ExcKind::IndexError,
                "cannot fit 'int' into an index-sized integer".to_string(),
            ));
        }
        _ => {
            if matches!(idx, Value::Instance(_)) && lookup_special(vm, idx, "__index__").is_some() {
                index_of(vm, idx)?
            } else {
                let what = if what == "str" {
                    "string".to_owned()
                } else {
                    what.to_owned()
                };
                if what == "string" {
                    return Err(vm.type_error(format!(
                        "string indices must be integers, not '{}'",
                        type_name(vm, idx)
                    )));
                }
                return Err(vm.type_error(format!(
                    "{} indices must be integers or slices, not {}",
                    what,
                    type_name(vm, idx)
                )));
            }
        }
    };
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        let msg = match what {
            "list" => "list index out of range",
            "tuple" => "tuple index out of range",
            "str" => "string index out of range",
            "bytes" | "bytearray" => "index out of range",
            _ => "index out of range",
        };
        return Err(vm.err(ExcKind::IndexError, msg));
    }
    Ok(j as usize)
}

/// An IndexError from `norm_index` with the message of the caller's operation.
fn reword_index_error(vm: &mut Vm, e: rupy_objects::PyErr, msg: &str) -> rupy_objects::PyErr {
    if e.class().is_subclass(&vm.exc(ExcKind::IndexError)) {
        vm.err(ExcKind::IndexError, msg)
    } else {
        e
    }
}

/// `obj[key]`.
pub fn getitem(vm: &mut Vm, obj: &Value, key: &Value) -> PyResult<Value> {
    match obj {
        Value::List(l) => {
            if let Value::Int(i) = key {
                let l = l.borrow();
                let j = if *i < 0 { *i + l.len() as i64 } else { *i };
                if j >= 0 && (j as usize) < l.len() {
                    return Ok(l[j as usize].clone());
                }
                drop(l);
                return Err(vm.err(ExcKind::IndexError, "list index out of range"));
            }
            if let Value::Slice(s) = key {
                let n = l.borrow().len() as i64;
                let (a, b, st) = slice_indices(vm, s, n)?;
                let items = l.borrow();
                return Ok(Value::list(slice_values(&items, a, b, st)));
            }
            let n = l.borrow().len();
            let j = norm_index(vm, key, n, "list")?;
            Ok(l.borrow()[j].clone())
        }
        Value::Tuple(t) => {
            if let Value::Slice(s) = key {
                let (a, b, st) = slice_indices(vm, s, t.len() as i64)?;
                if a == 0 && st == 1 && b as usize == t.len() {
                    return Ok(obj.clone());
                }
                return Ok(Value::tuple(slice_values(t, a, b, st)));
            }
            let j = norm_index(vm, key, t.len(), "tuple")?;
            Ok(t[j].clone())
        }
        Value::Dict(d) => {
            let h = crate::ops::convert::hash(vm, key)?;
            match d.get(h, key, &mut |a, b| crate::ops::compare::eq(vm, a, b))? {
                Some(v) => Ok(v),
                None => Err(crate::exceptions::key_error(vm, key.clone())),
            }
        }
        Value::Str(s) => {
            if let Value::Slice(sl) = key {
                let (a, b, st) = slice_indices(vm, sl, s.char_len() as i64)?;
                if st == 1 {
                    return Ok(if a < b {
                        Value::str(s.substr(a as usize, b as usize))
                    } else {
                        Value::str("")
                    });
                }
                let chars: Vec<char> = s.as_str().chars().collect();
                return Ok(Value::string(
                    slice_positions(a, b, st)
                        .into_iter()
                        .map(|i| chars[i])
                        .collect(),
                ));
            }
            let j = norm_index(vm, key, s.char_len(), "str")?;
            Ok(crate::types::str::char_value(s.char_at(j)))
        }
        Value::Range(r) => {
            if let Value::Slice(_) = key {
                return crate::types::range::getitem(vm, obj, key);
            }
            let n = r.len() as usize;
            let j = norm_index(vm, key, n, "range")
                .map_err(|e| reword_index_error(vm, e, "range object index out of range"))?;
            Ok(Value::Int(r.start + j as i64 * r.step))
        }
        Value::Bytes(b) => {
            if let Value::Slice(sl) = key {
                let (a, e, st) = slice_indices(vm, sl, b.len() as i64)?;
                return Ok(Value::Bytes(Rc::new(
                    slice_positions(a, e, st)
                        .into_iter()
                        .map(|i| b[i])
                        .collect(),
                )));
            }
            let j = norm_index(vm, key, b.len(), "bytes")?;
            Ok(Value::Int(b[j] as i64))
        }
        Value::ByteArray(b) => {
            if let Value::Slice(sl) = key {
                let items = b.borrow().clone();
                let (a, e, st) = slice_indices(vm, sl, items.len() as i64)?;
                return Ok(Value::ByteArray(Rc::new(std::cell::RefCell::new(
                    slice_positions(a, e, st)
                        .into_iter()
                        .map(|i| items[i])
                        .collect(),
                ))));
            }
            let n = b.borrow().len();
            let j = norm_index(vm, key, n, "bytearray")?;
            Ok(Value::Int(b.borrow()[j] as i64))
        }
        Value::Class(c) => {
            // The metaclass's `__getitem__` comes first (enum's `Color['RED']`).
            let meta = vm.type_of(obj);
            if !Rc::ptr_eq(&meta, &vm.types.type_) {
                let gi = vm.intern("__getitem__");
                if let Some(f) = meta.lookup(&gi) {
                    return call_value(vm, &f, &[obj.clone(), key.clone()], &[]);
                }
            }
            let n = vm.intern("__class_getitem__");
            if let Some(f) = c.lookup(&n) {
                let f = match f {
                    Value::ClassMethod(inner) => (*inner).clone(),
                    other => other,
                };
                return call_value(vm, &f, &[obj.clone(), key.clone()], &[]);
            }
            // Builtin generics (`list[int]`) produce an alias.
            if !c.flags().heap
                && ["list", "dict", "tuple", "set", "frozenset", "type"]
                    .contains(&c.name().as_str())
            {
                return crate::types::generic_alias::new(vm, obj, key);
            }
            Err(vm.type_error(format!("type '{}' is not subscriptable", c.name())))
        }
        _ => {
            if let Some(f) = lookup_special(vm, obj, "__getitem__") {
                return crate::ops::attr::call_descr_method(
                    vm,
                    &f,
                    obj,
                    &[obj.clone(), key.clone()],
                );
            }
            if let Some(inner) = crate::types::unwrap_builtin(obj) {
                if let Value::Dict(d) = &inner {
                    let h = crate::ops::convert::hash(vm, key)?;
                    if let Some(v) = d.get(h, key, &mut |a, b| crate::ops::compare::eq(vm, a, b))? {
                        return Ok(v);
                    }
                    if let Some(r) =
                        call_special(vm, obj, "__missing__", std::slice::from_ref(key))?
                    {
                        return Ok(r);
                    }
                    return Err(crate::exceptions::key_error(vm, key.clone()));
                }
                return getitem(vm, &inner, key);
            }
            Err(vm.type_error(format!(
                "'{}' object is not subscriptable",
                type_name(vm, obj)
            )))
        }
    }
}

/// `obj[key] = value`.
pub fn setitem(vm: &mut Vm, obj: &Value, key: &Value, value: Value) -> PyResult<()> {
    match obj {
        Value::List(l) => {
            if let Value::Slice(s) = key {
                if crate::ops::iter::get_iter(vm, &value).is_err() {
                    return Err(vm.type_error("must assign iterable to extended slice"));
                }
                let items = crate::ops::iter::collect(vm, &value)?;
                let n = l.borrow().len() as i64;
                let (a, b, st) = slice_indices(vm, s, n)?;
                if st == 1 {
                    let b = b.max(a);
                    l.borrow_mut().splice(a as usize..b as usize, items);
                    return Ok(());
                }
                let pos = slice_positions(a, b, st);
                if pos.len() != items.len() {
                    return Err(vm.value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        items.len(),
                        pos.len()
                    )));
                }
                let mut lb = l.borrow_mut();
                for (p, v) in pos.into_iter().zip(items) {
                    lb[p] = v;
                }
                return Ok(());
            }
            let n = l.borrow().len();
            let j = norm_index(vm, key, n, "list")
                .map_err(|e| reword_index_error(vm, e, "list assignment index out of range"))?;
            l.borrow_mut()[j] = value;
            Ok(())
        }
        Value::Dict(d) => {
            let h = crate::ops::convert::hash(vm, key)?;
            d.insert(h, key.clone(), value, &mut |a, b| {
                crate::ops::compare::eq(vm, a, b)
            })
        }
        Value::ByteArray(b) => crate::types::bytes::bytearray_setitem(vm, b, key, &value),
        _ => {
            if let Some(f) = lookup_special(vm, obj, "__setitem__") {
                crate::ops::attr::call_descr_method(
                    vm,
                    &f,
                    obj,
                    &[obj.clone(), key.clone(), value],
                )?;
                return Ok(());
            }
            if let Some(inner) = crate::types::unwrap_builtin(obj) {
                return setitem(vm, &inner, key, value);
            }
            Err(vm.type_error(format!(
                "'{}' object does not support item assignment",
                type_name(vm, obj)
            )))
        }
    }
}

/// `del obj[key]`.
pub fn delitem(vm: &mut Vm, obj: &Value, key: &Value) -> PyResult<()> {
    match obj {
        Value::List(l) => {
            if let Value::Slice(s) = key {
                let n = l.borrow().len() as i64;
                let (a, b, st) = slice_indices(vm, s, n)?;
                let mut pos = slice_positions(a, b, st);
                pos.sort_unstable();
                let mut lb = l.borrow_mut();
                for p in pos.into_iter().rev() {
                    lb.remove(p);
                }
                return Ok(());
            }
            let n = l.borrow().len();
            let j = norm_index(vm, key, n, "list")
                .map_err(|e| reword_index_error(vm, e, "list assignment index out of range"))?;
            let removed = l.borrow_mut().remove(j);
            drop(removed);
            Ok(())
        }
        Value::ByteArray(b) => crate::types::bytes::bytearray_delitem(vm, b, key),
        Value::Dict(d) => {
            let h = crate::ops::convert::hash(vm, key)?;
            match d.remove(h, key, &mut |a, b| crate::ops::compare::eq(vm, a, b))? {
                Some(_) => Ok(()),
                None => Err(crate::exceptions::key_error(vm, key.clone())),
            }
        }
        _ => {
            if let Some(f) = lookup_special(vm, obj, "__delitem__") {
                crate::ops::attr::call_descr_method(vm, &f, obj, &[obj.clone(), key.clone()])?;
                return Ok(());
            }
            if let Some(inner) = crate::types::unwrap_builtin(obj) {
                return delitem(vm, &inner, key);
            }
            Err(vm.type_error(format!(
                "'{}' object doesn't support item deletion",
                type_name(vm, obj)
            )))
        }
    }
}
