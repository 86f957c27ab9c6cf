//! The iteration protocol: `iter()` over builtin containers (native iterator states), the
//! `__iter__`/`__next__` protocol, the `__getitem__` sequence fallback, and generators.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::IterState;
use rupy_objects::{PyResult, Value, Vm};

use crate::call::call_value;
use crate::ops::attr::{call_special, lookup_special};
use crate::ops::convert::type_name;

pub fn new_iter(s: IterState) -> Value {
    Value::new_iter(s)
}

pub fn get_iter(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::List(l) => new_iter(IterState::List {
            list: l.clone(),
            idx: 0,
        }),
        Value::Tuple(t) => new_iter(IterState::Tuple {
            tuple: t.clone(),
            idx: 0,
        }),
        Value::Range(r) => new_iter(IterState::Range {
            cur: r.start,
            stop: r.stop,
            step: r.step,
        }),
        Value::Str(s) => new_iter(IterState::Str {
            s: s.clone(),
            byte: 0,
        }),
        Value::Dict(d) => new_iter(IterState::Dict {
            dict: d.clone(),
            pos: 0,
            kind: 0,
            version: d.version(),
            len: d.len(),
        }),
        Value::DictView(dv) => new_iter(IterState::Dict {
            dict: dv.0.clone(),
            pos: 0,
            kind: dv.1,
            version: dv.0.version(),
            len: dv.0.len(),
        }),
        Value::Set(s) | Value::FrozenSet(s) => new_iter(IterState::Set {
            items: s.items(),
            idx: 0,
            set: s.clone(),
            len: s.len(),
        }),
        Value::Bytes(b) => new_iter(IterState::Bytes {
            b: b.clone(),
            idx: 0,
        }),
        Value::ByteArray(b) => new_iter(IterState::ByteArray {
            b: b.clone(),
            idx: 0,
        }),
        Value::Iter(_) | Value::Generator(_) => v.clone(),
        _ => {
            if let Some(f) = lookup_special(vm, v, "__iter__") {
                if f.is_none() {
                    return Err(not_iterable(vm, v));
                }
                let it = crate::ops::attr::call_descr_method(vm, &f, v, std::slice::from_ref(v))?;
                if !is_iterator(vm, &it) {
                    return Err(vm.type_error(format!(
                        "iter() returned non-iterator of type '{}'",
                        type_name(vm, &it)
                    )));
                }
                return Ok(it);
            }
            if let Some(inner) = crate::types::unwrap_builtin(v) {
                return get_iter(vm, &inner);
            }
            if lookup_special(vm, v, "__getitem__").is_some() {
                return Ok(new_iter(IterState::Seq {
                    obj: v.clone(),
                    idx: 0,
                }));
            }
            return Err(not_iterable(vm, v));
        }
    })
}

fn is_iterator(vm: &mut Vm, v: &Value) -> bool {
    matches!(v, Value::Iter(_) | Value::Generator(_)) || lookup_special(vm, v, "__next__").is_some()
}

#[cold]
fn not_iterable(vm: &mut Vm, v: &Value) -> rupy_objects::PyErr {
    vm.type_error(format!("'{}' object is not iterable", type_name(vm, v)))
}

/// One step of the iterators that advance without calling anything (ranges, lists,
/// tuples): `Some(Some(v))` the next item, `Some(None)` exhausted, `None` for every other
/// kind. The eval loop's `for` takes this path before any call.
#[inline(always)]
pub fn next_inline(st: &RefCell<IterState>) -> Option<Option<Value>> {
    match &mut *st.borrow_mut() {
        IterState::Range { cur, stop, step } => {
            let c = *cur;
            if (*step > 0 && c < *stop) || (*step < 0 && c > *stop) {
                *cur = c.saturating_add(*step);
                return Some(Some(Value::Int(c)));
            }
            Some(None)
        }
        IterState::List { list, idx } => {
            let l = list.borrow();
            if *idx < l.len() {
                let v = l[*idx].clone();
                *idx += 1;
                return Some(Some(v));
            }
            drop(l);
            *idx = usize::MAX / 2;
            Some(None)
        }
        IterState::Tuple { tuple, idx } => {
            if *idx < tuple.len() {
                let v = tuple[*idx].clone();
                *idx += 1;
                return Some(Some(v));
            }
            Some(None)
        }
        _ => None,
    }
}

/// Advance an iterator: `Ok(None)` when exhausted.
#[inline]
pub fn next(vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
    match it {
        Value::Iter(st) => match next_inline(st) {
            Some(step) => Ok(step),
            None => next_slow(vm, st),
        },
        Value::Generator(g) => crate::eval::gen_next(vm, g),
        _ => {
            let Some(f) = lookup_special(vm, it, "__next__") else {
                return Err(
                    vm.type_error(format!("'{}' object is not an iterator", type_name(vm, it)))
                );
            };
            match crate::ops::attr::call_descr_method(vm, &f, it, std::slice::from_ref(it)) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.class().is_subclass(&vm.exc(ExcKind::StopIteration)) => Ok(None),
                Err(e) => Err(e),
            }
        }
    }
}

fn next_slow(vm: &mut Vm, st: &Rc<RefCell<IterState>>) -> PyResult<Option<Value>> {
    // States that may call Python code take what they need out of the borrow first.
    enum Step {
        Done(Option<Value>),
        Enumerate(Value, Value),
        Zip(Vec<Value>, bool),
        Map(Value, Vec<Value>),
        Filter(Value, Value),
        Seq(Value, i64),
        Callable(Value, Value),
        Reversed(Value, i64),
    }
    let step = {
        let mut s = st.borrow_mut();
        match &mut *s {
            IterState::ListRev { list, idx } => {
                let l = list.borrow();
                if *idx > 0 && *idx <= l.len() {
                    *idx -= 1;
                    Step::Done(Some(l[*idx].clone()))
                } else {
                    *idx = 0;
                    Step::Done(None)
                }
            }
            IterState::Str { s: text, byte } => {
                let rest = &text.as_str()[*byte..];
                match rest.chars().next() {
                    Some(c) => {
                        *byte += c.len_utf8();
                        Step::Done(Some(crate::types::str::char_value(c)))
                    }
                    None => Step::Done(None),
                }
            }
            IterState::ByteArray { b, idx } => match b.borrow().get(*idx) {
                Some(x) => {
                    *idx += 1;
                    Step::Done(Some(Value::Int(*x as i64)))
                }
                None => Step::Done(None),
            },
            IterState::Bytes { b, idx } => {
                if *idx < b.len() {
                    *idx += 1;
                    Step::Done(Some(Value::Int(b[*idx - 1] as i64)))
                } else {
                    Step::Done(None)
                }
            }
            IterState::Dict {
                dict,
                pos,
                kind,
                version: _,
                len,
            } => {
                if dict.len() != *len {
                    *len = usize::MAX;
                    drop(s);
                    return Err(vm.err(
                        ExcKind::RuntimeError,
                        "dictionary changed size during iteration",
                    ));
                }
                match dict.next_entry(*pos) {
                    Some((np, k, v)) => {
                        *pos = np;
                        Step::Done(Some(match kind {
                            0 => k,
                            1 => v,
                            _ => Value::tuple(vec![k, v]),
                        }))
                    }
                    None => Step::Done(None),
                }
            }
            IterState::Set {
                items,
                idx,
                set,
                len,
            } => {
                if set.len() != *len {
                    *len = usize::MAX;
                    drop(s);
                    return Err(vm.err(ExcKind::RuntimeError, "Set changed size during iteration"));
                }
                if *idx < items.len() {
                    *idx += 1;
                    Step::Done(Some(items[*idx - 1].clone()))
                } else {
                    Step::Done(None)
                }
            }
            IterState::Values { items, idx } => {
                if *idx < items.len() {
                    *idx += 1;
                    Step::Done(Some(items[*idx - 1].clone()))
                } else {
                    Step::Done(None)
                }
            }
            IterState::Enumerate { it, n } => Step::Enumerate(it.clone(), n.clone()),
            IterState::Zip { its, strict } => Step::Zip(its.clone(), *strict),
            IterState::Map { func, its } => Step::Map(func.clone(), its.clone()),
            IterState::Filter { func, it } => Step::Filter(func.clone(), it.clone()),
            IterState::Seq { obj, idx } => Step::Seq(obj.clone(), *idx),
            IterState::Callable { func, sentinel } => {
                Step::Callable(func.clone(), sentinel.clone())
            }
            IterState::Reversed { seq, idx } => Step::Reversed(seq.clone(), *idx),
            IterState::Exhausted => Step::Done(None),
            IterState::Range { .. } | IterState::List { .. } | IterState::Tuple { .. } => {
                drop(s);
                return next(vm, &Value::Iter(st.clone()));
            }
        }
    };
    match step {
        Step::Done(v) => Ok(v),
        Step::Enumerate(it, n) => {
            let Some(v) = next(vm, &it)? else {
                return Ok(None);
            };
            let n1 =
                crate::ops::arith::binary(vm, rupy_objects::code::BinOp::Add, &n, &Value::Int(1))?;
            if let IterState::Enumerate { n: slot, .. } = &mut *st.borrow_mut() {
                *slot = n1;
            }
            Ok(Some(Value::tuple(vec![n, v])))
        }
        Step::Zip(its, strict) => {
            if its.is_empty() {
                return Ok(None);
            }
            let mut out = Vec::with_capacity(its.len());
            for (i, it) in its.iter().enumerate() {
                match next(vm, it)? {
                    Some(v) => out.push(v),
                    None => {
                        *st.borrow_mut() = IterState::Exhausted;
                        if strict {
                            if i > 0 {
                                let s = if i == 1 {
                                    " 1".to_string()
                                } else {
                                    format!("s 1-{}", i)
                                };
                                return Err(vm.value_error(format!(
                                    "zip() argument {} is shorter than argument{}",
                                    i + 1,
                                    s
                                )));
                            }
                            for (j, other) in its.iter().enumerate().skip(1) {
                                if next(vm, other)?.is_some() {
                                    let s = if j == 1 {
                                        " 1".to_string()
                                    } else {
                                        format!("s 1-{}", j)
                                    };
                                    return Err(vm.value_error(format!(
                                        "zip() argument {} is longer than argument{}",
                                        j + 1,
                                        s
                                    )));
                                }
                            }
                        }
                        return Ok(None);
                    }
                }
            }
            Ok(Some(Value::tuple(out)))
        }
        Step::Map(func, its) => {
            let mut args = Vec::with_capacity(its.len());
            for it in &its {
                match next(vm, it)? {
                    Some(v) => args.push(v),
                    None => return Ok(None),
                }
            }
            call_value(vm, &func, &args, &[]).map(Some)
        }
        Step::Filter(func, it) => loop {
            let Some(v) = next(vm, &it)? else {
                return Ok(None);
            };
            let keep = if func.is_none() {
                crate::ops::convert::truthy(vm, &v)?
            } else {
                let r = call_value(vm, &func, std::slice::from_ref(&v), &[])?;
                crate::ops::convert::truthy(vm, &r)?
            };
            if keep {
                return Ok(Some(v));
            }
        },
        Step::Seq(obj, idx) => match crate::ops::subscr::getitem(vm, &obj, &Value::Int(idx)) {
            Ok(v) => {
                if let IterState::Seq { idx: slot, .. } = &mut *st.borrow_mut() {
                    *slot = idx + 1;
                }
                Ok(Some(v))
            }
            Err(e)
                if e.class().is_subclass(&vm.exc(ExcKind::IndexError))
                    || e.class().is_subclass(&vm.exc(ExcKind::StopIteration)) =>
            {
                *st.borrow_mut() = IterState::Exhausted;
                Ok(None)
            }
            Err(e) => Err(e),
        },
        Step::Callable(func, sentinel) => {
            // StopIteration from the callable ends the iteration, as in CPython.
            let v = match call_value(vm, &func, &[], &[]) {
                Ok(v) => v,
                Err(e)
                    if e.class()
                        .is_subclass(&vm.exc(rupy_objects::exc_kinds::ExcKind::StopIteration)) =>
                {
                    *st.borrow_mut() = IterState::Exhausted;
                    return Ok(None);
                }
                Err(e) => return Err(e),
            };
            if crate::ops::compare::eq(vm, &v, &sentinel)? {
                *st.borrow_mut() = IterState::Exhausted;
                return Ok(None);
            }
            Ok(Some(v))
        }
        Step::Reversed(seq, idx) => {
            if idx < 0 {
                return Ok(None);
            }
            if let IterState::Reversed { idx: slot, .. } = &mut *st.borrow_mut() {
                *slot = idx - 1;
            }
            match crate::ops::subscr::getitem(vm, &seq, &Value::Int(idx)) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.class().is_subclass(&vm.exc(ExcKind::IndexError)) => Ok(None),
                Err(e) => Err(e),
            }
        }
    }
}

/// Materialise any iterable into a Vec.
pub fn collect(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::List(l) => Ok(l.borrow().clone()),
        Value::Tuple(t) => Ok((**t).clone()),
        _ => {
            let it = get_iter(vm, v)?;
            let mut out = Vec::new();
            while let Some(x) = next(vm, &it)? {
                vm.grow(&mut out, 1)?;
                out.push(x);
                if out.len() % crate::thread::NATIVE_POLL_EVERY == 0 {
                    crate::thread::poll_native(vm)?;
                }
            }
            Ok(out)
        }
    }
}

/// `len(v)`.
pub fn len(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    Ok(match v {
        Value::Str(s) => s.char_len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.len(),
        Value::Set(s) | Value::FrozenSet(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::ByteArray(b) => b.borrow().len(),
        Value::Range(r) => r.len() as usize,
        Value::DictView(dv) => dv.0.len(),
        _ => {
            if let Some(r) = call_special(vm, v, "__len__", &[])? {
                let n = crate::ops::convert::index_of(vm, &r)?;
                if n < 0 {
                    return Err(vm.value_error("__len__() should return >= 0"));
                }
                return Ok(n as usize);
            }
            if let Some(inner) = crate::types::unwrap_builtin(v) {
                return len(vm, &inner);
            }
            return Err(vm.type_error(format!(
                "object of type '{}' has no len()",
                type_name(vm, v)
            )));
        }
    })
}
