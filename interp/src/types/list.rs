//! `list`: the builtin list's methods as natives (append/extend/insert/pop/remove/index/count,
//! sort with key and reverse, the sequence and comparison dunders) and `sort_values`, the
//! stable sort shared with `sorted()`. Comparisons and key functions may run Python code that
//! mutates the list, so no `RefCell` borrow is ever held across a call back into the VM.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::IterState;
use rupy_objects::{KwArgs, Payload, PyResult, Value, Vm};

use crate::builtins::args::{add_method, arity, bind};
use crate::call::call_value;
use crate::ops;
use crate::types::str::{descr_error, ssize_arg, unbound_error};

type ListRc = Rc<RefCell<Vec<Value>>>;

/// The list inside a value: a `list` or an instance of a `list` subclass.
pub fn list_of(v: &Value) -> Option<ListRc> {
    match v {
        Value::List(l) => Some(l.clone()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::List(l) => Some(l.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<ListRc> {
    match args.first() {
        Some(v) => list_of(v).ok_or_else(|| descr_error(vm, name, "list", v)),
        None => Err(unbound_error(vm, name, "list")),
    }
}

fn recv0(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<ListRc> {
    let l = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("list.{}() takes no keyword arguments", name)));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "list.{}() takes no arguments ({} given)",
            name,
            args.len() - 1
        )));
    }
    Ok(l)
}

fn recv1(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<ListRc> {
    let l = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("list.{}() takes no keyword arguments", name)));
    }
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "list.{}() takes exactly one argument ({} given)",
            name,
            args.len() - 1
        )));
    }
    Ok(l)
}

fn dunder(vm: &mut Vm, args: &[Value], name: &str, n: usize) -> PyResult<ListRc> {
    let l = recv(vm, args, name)?;
    if args.len() != n + 1 {
        return Err(vm.type_error(format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len() - 1
        )));
    }
    Ok(l)
}

fn get(l: &ListRc, i: usize) -> Option<Value> {
    l.borrow().get(i).cloned()
}

fn list_append(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv1(vm, args, kwargs, "append")?;
    let mut v = l.borrow_mut();
    vm.grow(&mut v, 1)?;
    v.push(args[1].clone());
    Ok(Value::None)
}

fn list_extend(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv1(vm, args, kwargs, "extend")?;
    let items = ops::collect(vm, &args[1])?;
    let mut v = l.borrow_mut();
    vm.grow(&mut v, items.len())?;
    v.extend(items);
    Ok(Value::None)
}

fn list_insert(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv(vm, args, "insert")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("list.insert() takes no keyword arguments"));
    }
    if args.len() != 3 {
        return Err(vm.type_error(format!(
            "insert expected 2 arguments, got {}",
            args.len() - 1
        )));
    }
    let i = ssize_arg(vm, &args[1])?;
    let mut v = l.borrow_mut();
    vm.grow(&mut v, 1)?;
    let n = v.len() as i64;
    let pos = if i < 0 { (i + n).max(0) } else { i.min(n) };
    v.insert(pos as usize, args[2].clone());
    Ok(Value::None)
}

fn list_pop(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv(vm, args, "pop")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("list.pop() takes no keyword arguments"));
    }
    arity(vm, "pop", &args[1..], 0, 1)?;
    let i = match args.get(1) {
        Some(v) => ssize_arg(vm, v)?,
        None => -1,
    };
    let mut v = l.borrow_mut();
    if v.is_empty() {
        drop(v);
        return Err(vm.err(ExcKind::IndexError, "pop from empty list"));
    }
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        drop(v);
        return Err(vm.err(ExcKind::IndexError, "pop index out of range"));
    }
    Ok(v.remove(j as usize))
}

fn list_remove(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv1(vm, args, kwargs, "remove")?;
    let x = &args[1];
    let mut i = 0;
    while let Some(item) = get(&l, i) {
        if ops::eq_contained(vm, &item, x)? {
            let mut v = l.borrow_mut();
            if i < v.len() {
                let removed = v.remove(i);
                drop(v);
                drop(removed);
            }
            return Ok(Value::None);
        }
        i += 1;
    }
    Err(vm.value_error("list.remove(x): x not in list"))
}

fn list_index(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv(vm, args, "index")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("list.index() takes no keyword arguments"));
    }
    arity(vm, "index", &args[1..], 1, 3)?;
    let x = args[1].clone();
    let n = l.borrow().len() as i64;
    let mut start = match args.get(2) {
        Some(v) => ops::index_bound(vm, v)?,
        None => 0,
    };
    let mut stop = match args.get(3) {
        Some(v) => ops::index_bound(vm, v)?,
        None => i64::MAX / 4,
    };
    if start < 0 {
        start = (start + n).max(0);
    }
    if stop < 0 {
        stop = (stop + n).max(0);
    }
    let mut i = start;
    while i < stop {
        let Some(item) = get(&l, i as usize) else {
            break;
        };
        if ops::eq_contained(vm, &item, &x)? {
            return Ok(Value::Int(i));
        }
        i += 1;
    }
    let r = ops::repr_string(vm, &x)?;
    Err(vm.value_error(format!("{} is not in list", r)))
}

fn list_count(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv1(vm, args, kwargs, "count")?;
    let x = &args[1];
    let mut i = 0;
    let mut c = 0;
    while let Some(item) = get(&l, i) {
        if ops::eq_contained(vm, &item, x)? {
            c += 1;
        }
        i += 1;
    }
    Ok(Value::Int(c))
}

fn list_clear(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv0(vm, args, kwargs, "clear")?;
    let old = std::mem::take(&mut *l.borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn list_copy(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv0(vm, args, kwargs, "copy")?;
    let v = l.borrow().clone();
    Ok(Value::list(v))
}

fn list_reverse(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv0(vm, args, kwargs, "reverse")?;
    l.borrow_mut().reverse();
    Ok(Value::None)
}

// ---------------------------------------------------------------------------------------------
// Sorting
// ---------------------------------------------------------------------------------------------

/// Items whose equality and order need no Python code.
fn plain_item(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::Int(_), Value::Int(_)) | (Value::Str(_), Value::Str(_))
    )
}

/// `a < b` as a bool, with native fast paths.
fn less(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x.get() < y.get()),
        (Value::Str(x), Value::Str(y)) => Ok(x.as_str() < y.as_str()),
        // Tuple keys of ints and strs (`key=lambda kv: (-kv[1], kv[0])`): the first differing
        // item decides, as tuple comparison does; other items take the general path.
        (Value::Tuple(x), Value::Tuple(y))
            if x.iter().zip(y.iter()).all(|p| plain_item(p.0, p.1)) =>
        {
            for (p, q) in x.iter().zip(y.iter()) {
                let same = match (p, q) {
                    (Value::Int(m), Value::Int(n)) => m == n,
                    (Value::Str(m), Value::Str(n)) => m.as_str() == n.as_str(),
                    _ => false,
                };
                if !same {
                    return less(vm, p, q);
                }
            }
            Ok(x.len() < y.len())
        }
        _ => {
            let r = ops::compare(vm, CmpOp::Lt, a, b)?;
            match r {
                Value::Bool(t) => Ok(t.get()),
                other => ops::truthy(vm, &other),
            }
        }
    }
}

/// Binary insertion sort of v[lo..hi] where v[lo..start] is already sorted.
fn insertion_sort<T: Clone>(
    v: &mut [T],
    start: usize,
    lt: &mut dyn FnMut(&T, &T) -> PyResult<bool>,
) -> PyResult<()> {
    for i in start.max(1)..v.len() {
        let pivot = v[i].clone();
        let (mut lo, mut hi) = (0, i);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if lt(&pivot, &v[mid])? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        v[lo..=i].rotate_right(1);
    }
    Ok(())
}

/// Merge the sorted runs v[..mid] and v[mid..]; on error v stays a permutation.
fn merge<T: Clone>(
    v: &mut [T],
    mid: usize,
    lt: &mut dyn FnMut(&T, &T) -> PyResult<bool>,
) -> PyResult<()> {
    let left: Vec<T> = v[..mid].to_vec();
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < left.len() && j < v.len() {
        let take_right = match lt(&v[j], &left[i]) {
            Ok(b) => b,
            Err(e) => {
                for (off, item) in left[i..].iter().enumerate() {
                    v[k + off] = item.clone();
                }
                return Err(e);
            }
        };
        if take_right {
            v[k] = v[j].clone();
            j += 1;
        } else {
            v[k] = left[i].clone();
            i += 1;
        }
        k += 1;
    }
    while i < left.len() {
        v[k] = left[i].clone();
        i += 1;
        k += 1;
    }
    Ok(())
}

/// A stable sort driven by a fallible less-than.
pub fn stable_sort<T: Clone>(
    v: &mut [T],
    lt: &mut dyn FnMut(&T, &T) -> PyResult<bool>,
) -> PyResult<()> {
    const RUN: usize = 32;
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    // Skip an already ascending prefix cheaply.
    let mut start = 1;
    while start < n && !lt(&v[start], &v[start - 1])? {
        start += 1;
    }
    if start == n {
        return Ok(());
    }
    if n <= RUN * 2 {
        return insertion_sort(v, start, lt);
    }
    let mut s = 0;
    while s < n {
        let e = (s + RUN).min(n);
        let pre = if s == 0 { start.min(e) } else { 1 };
        insertion_sort(&mut v[s..e], pre, lt)?;
        s = e;
    }
    let mut width = RUN;
    while width < n {
        let mut s = 0;
        while s < n {
            let mid = (s + width).min(n);
            let e = (s + 2 * width).min(n);
            if mid < e {
                merge(&mut v[s..e], mid - s, lt)?;
            }
            s = e;
        }
        width *= 2;
    }
    Ok(())
}

/// Sort natively when every item is an int, every item a str, or every item a non-NaN float.
fn sort_fast(items: &mut [Value]) -> bool {
    if items.iter().all(|v| matches!(v, Value::Int(_))) {
        items.sort_by_key(|v| if let Value::Int(i) = v { *i } else { 0 });
        return true;
    }
    if items.iter().all(|v| matches!(v, Value::Str(_))) {
        items.sort_by(|a, b| match (a, b) {
            (Value::Str(x), Value::Str(y)) => x.as_str().cmp(y.as_str()),
            _ => std::cmp::Ordering::Equal,
        });
        return true;
    }
    if items
        .iter()
        .all(|v| matches!(v, Value::Float(f) if !f.get().is_nan()))
    {
        items.sort_by(|a, b| match (a, b) {
            (Value::Float(x), Value::Float(y)) => x
                .get()
                .partial_cmp(&y.get())
                .unwrap_or(std::cmp::Ordering::Equal),
            _ => std::cmp::Ordering::Equal,
        });
        return true;
    }
    false
}

/// Sort `items` in place (stable), optionally by `key(item)`, optionally descending — the
/// engine of `list.sort` and `sorted()`.
pub fn sort_values(
    vm: &mut Vm,
    items: &mut [Value],
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<()> {
    let key = key.filter(|k| !k.is_none());
    if reverse {
        items.reverse();
    }
    let r = match key {
        None => {
            if sort_fast(items) {
                Ok(())
            } else {
                stable_sort(items, &mut |a, b| less(vm, a, b))
            }
        }
        Some(k) => {
            let mut pairs: Vec<(Value, Value)> = Vec::with_capacity(items.len());
            for it in items.iter() {
                let kv = call_value(vm, k, std::slice::from_ref(it), &[])?;
                pairs.push((kv, it.clone()));
            }
            let r = stable_sort(&mut pairs, &mut |a, b| less(vm, &a.0, &b.0));
            for (slot, (_, v)) in items.iter_mut().zip(pairs) {
                *slot = v;
            }
            r
        }
    };
    if reverse {
        items.reverse();
    }
    r
}

fn list_sort(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv(vm, args, "sort")?;
    if args.len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let [key, reverse] = bind(vm, "sort", &[], kwargs, ["key", "reverse"], 0)?;
    let reverse = match reverse {
        Some(r) => match r {
            Value::Bool(b) => b.get(),
            Value::Int(i) => i != 0,
            Value::Float(_) => {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            other => ops::truthy(vm, &other)?,
        },
        None => false,
    };
    let mut items = std::mem::take(&mut *l.borrow_mut());
    let r = sort_values(vm, &mut items, key.as_ref(), reverse);
    let modified = !l.borrow().is_empty();
    let stray = std::mem::replace(&mut *l.borrow_mut(), items);
    drop(stray);
    r?;
    if modified {
        return Err(vm.value_error("list modified during sort"));
    }
    Ok(Value::None)
}

// ---------------------------------------------------------------------------------------------
// Dunders
// ---------------------------------------------------------------------------------------------

fn list_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__len__", 0)?;
    let n = l.borrow().len();
    Ok(Value::Int(n as i64))
}

fn list_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__getitem__", 1)?;
    ops::getitem(vm, &Value::List(l), &args[1])
}

fn list_setitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__setitem__", 2)?;
    ops::setitem(vm, &Value::List(l), &args[1], args[2].clone())?;
    Ok(Value::None)
}

fn list_delitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__delitem__", 1)?;
    ops::delitem(vm, &Value::List(l), &args[1])?;
    Ok(Value::None)
}

fn list_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__contains__", 1)?;
    Ok(Value::bool(ops::contains(vm, &Value::List(l), &args[1])?))
}

fn list_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__iter__", 0)?;
    Ok(Value::new_iter(IterState::List { list: l, idx: 0 }))
}

fn list_reversed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__reversed__", 0)?;
    let n = l.borrow().len();
    Ok(Value::new_iter(IterState::ListRev { list: l, idx: n }))
}

fn list_add(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__add__", 1)?;
    match list_of(&args[1]) {
        Some(o) => {
            let mut v = l.borrow().clone();
            v.extend(o.borrow().iter().cloned());
            Ok(Value::list(v))
        }
        None => {
            let t = ops::type_name(vm, &args[1]);
            Err(vm.type_error(format!("can only concatenate list (not \"{}\") to list", t)))
        }
    }
}

fn list_iadd(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__iadd__", 1)?;
    let items = ops::collect(vm, &args[1])?;
    let mut v = l.borrow_mut();
    vm.grow(&mut v, items.len())?;
    v.extend(items);
    Ok(args[0].clone())
}

fn repeat_count(vm: &mut Vm, v: &Value, len: usize) -> PyResult<usize> {
    let n = ssize_arg(vm, v)?;
    if n <= 0 || len == 0 {
        return Ok(0);
    }
    if (len as u128) * (n as u128) > (1u128 << 32) {
        return Err(vm.err(ExcKind::MemoryError, ""));
    }
    vm.reserve(len * n as usize * std::mem::size_of::<Value>())?;
    Ok(n as usize)
}

fn list_mul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__mul__", 1)?;
    let len = l.borrow().len();
    let n = repeat_count(vm, &args[1], len)?;
    let src = l.borrow().clone();
    let mut v = Vec::with_capacity(len * n);
    for _ in 0..n {
        v.extend(src.iter().cloned());
    }
    Ok(Value::list(v))
}

fn list_imul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__imul__", 1)?;
    let len = l.borrow().len();
    let n = repeat_count(vm, &args[1], len)?;
    let src = std::mem::take(&mut *l.borrow_mut());
    let mut v = Vec::with_capacity(len * n);
    for _ in 0..n {
        v.extend(src.iter().cloned());
    }
    *l.borrow_mut() = v;
    Ok(args[0].clone())
}

fn cmp(vm: &mut Vm, args: &[Value], name: &str, op: CmpOp) -> PyResult<Value> {
    let l = dunder(vm, args, name, 1)?;
    match list_of(&args[1]) {
        Some(o) => ops::richcompare(vm, op, &Value::List(l), &Value::List(o)),
        None => Ok(Value::NotImplemented),
    }
}

fn list_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__eq__", CmpOp::Eq)
}
fn list_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__ne__", CmpOp::Ne)
}
fn list_lt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__lt__", CmpOp::Lt)
}
fn list_le(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__le__", CmpOp::Le)
}
fn list_gt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__gt__", CmpOp::Gt)
}
fn list_ge(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__ge__", CmpOp::Ge)
}

fn list_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let l = dunder(vm, args, "__repr__", 0)?;
    Ok(Value::string(ops::repr_string(vm, &Value::List(l))?))
}

/// `list.__init__(self, iterable=())`: replace the contents.
fn list_init(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let l = recv(vm, args, "__init__")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("list() takes no keyword arguments"));
    }
    arity(vm, "list", &args[1..], 0, 1)?;
    let items = match args.get(1) {
        Some(it) => ops::collect(vm, it)?,
        None => Vec::new(),
    };
    let old = std::mem::replace(&mut *l.borrow_mut(), items);
    drop(old);
    Ok(Value::None)
}

/// `list()` / `list(iterable)`.
pub fn list_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("list() takes no keyword arguments"));
    }
    arity(vm, "list", args, 0, 1)?;
    match args.first() {
        Some(it) => Ok(Value::list(ops::collect(vm, it)?)),
        None => Ok(Value::list(Vec::new())),
    }
}

pub fn init(vm: &mut Vm) {
    vm.types.list.set_filler(fill);
}

/// `list`'s methods, added when the type's dict is first used.
fn fill(t: &rupy_objects::Class) {
    add_method(t, "list", "__new__", super::new_list);
    super::generic_alias::add_class_getitem(t);
    let methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("append", list_append),
        ("extend", list_extend),
        ("insert", list_insert),
        ("pop", list_pop),
        ("remove", list_remove),
        ("index", list_index),
        ("count", list_count),
        ("clear", list_clear),
        ("copy", list_copy),
        ("reverse", list_reverse),
        ("sort", list_sort),
        ("__len__", list_len),
        ("__getitem__", list_getitem),
        ("__setitem__", list_setitem),
        ("__delitem__", list_delitem),
        ("__contains__", list_contains),
        ("__iter__", list_iter),
        ("__reversed__", list_reversed),
        ("__add__", list_add),
        ("__iadd__", list_iadd),
        ("__mul__", list_mul),
        ("__rmul__", list_mul),
        ("__imul__", list_imul),
        ("__eq__", list_eq),
        ("__ne__", list_ne),
        ("__lt__", list_lt),
        ("__le__", list_le),
        ("__gt__", list_gt),
        ("__ge__", list_ge),
        ("__repr__", list_repr),
        ("__init__", list_init),
    ];
    for (name, f) in methods {
        add_method(t, "list", name, *f);
    }
    t.dict().set_s("__hash__", Value::None);
}
