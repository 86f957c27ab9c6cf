//! `dict` and its views: the dict methods as natives (get/setdefault/pop/popitem/update/
//! fromkeys, the mapping dunders, `|` and `|=`), `__missing__` for subclasses, the
//! `dict_keys`/`dict_values`/`dict_items` views (len, iter, contains, set operations and
//! comparisons, repr), and the helpers the VM calls for `{**a}`, `f(**a)` and `==`.

use std::rc::Rc;

use rupy_objects::code::{BinOp, CmpOp};
use rupy_objects::misc::IterState;
use rupy_objects::{KwArgs, Payload, PyDict, PyResult, PySet, Truth, Value, Vm};

use crate::builtins::args::{add_classmethod, add_method, arity};
use crate::call::call_value;
use crate::ops;
use crate::types::str::{descr_error, str_of, unbound_error};

/// The dict inside a value: a `dict` or an instance of a `dict` subclass.
pub fn dict_of(v: &Value) -> Option<Rc<PyDict>> {
    match v {
        Value::Dict(d) => Some(d.clone()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Dict(d) => Some(d.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

pub fn dget(vm: &mut Vm, d: &PyDict, key: &Value) -> PyResult<Option<Value>> {
    let h = ops::hash(vm, key)?;
    d.get(h, key, &mut |a, b| ops::eq(vm, a, b))
}

pub fn dset(vm: &mut Vm, d: &PyDict, key: Value, value: Value) -> PyResult<()> {
    let h = ops::hash(vm, &key)?;
    d.insert(h, key, value, &mut |a, b| ops::eq(vm, a, b))
}

pub fn ddel(vm: &mut Vm, d: &PyDict, key: &Value) -> PyResult<Option<Value>> {
    let h = ops::hash(vm, key)?;
    Ok(d.remove(h, key, &mut |a, b| ops::eq(vm, a, b))?
        .map(|(_, v)| v))
}

fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Rc<PyDict>> {
    match args.first() {
        Some(v) => dict_of(v).ok_or_else(|| descr_error(vm, name, "dict", v)),
        None => Err(unbound_error(vm, name, "dict")),
    }
}

fn recv0(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<Rc<PyDict>> {
    let d = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("dict.{}() takes no keyword arguments", name)));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "dict.{}() takes no arguments ({} given)",
            name,
            args.len() - 1
        )));
    }
    Ok(d)
}

fn recv_n(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<Rc<PyDict>> {
    let d = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("dict.{}() takes no keyword arguments", name)));
    }
    arity(vm, name, &args[1..], min, max)?;
    Ok(d)
}

fn dunder(vm: &mut Vm, args: &[Value], name: &str, n: usize) -> PyResult<Rc<PyDict>> {
    let d = recv(vm, args, name)?;
    if args.len() != n + 1 {
        return Err(vm.type_error(format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len() - 1
        )));
    }
    Ok(d)
}

// ---------------------------------------------------------------------------------------------
// Functions the VM calls
// ---------------------------------------------------------------------------------------------

/// `d.update(other)` for another dict (hashes reused).
pub fn update_from_dict(vm: &mut Vm, d: &PyDict, other: &PyDict) -> PyResult<()> {
    for e in other.raw_entries() {
        d.insert(e.hash, e.key, e.value, &mut |a, b| ops::eq(vm, a, b))?;
    }
    Ok(())
}

/// Does `v` need the `keys()` protocol (a mapping that is not a plain dict)?
fn keys_method(vm: &mut Vm, v: &Value) -> Option<Value> {
    match v {
        Value::Dict(_) => None,
        Value::Instance(_) | Value::Opaque(_) => match ops::lookup_special(vm, v, "keys") {
            Some(Value::Native(n)) if n.owner == "dict" => None,
            other => other,
        },
        _ => None,
    }
}

/// Merge a mapping that is not a dict: `for k in m.keys(): d[k] = m[k]`.
fn update_from_keys(vm: &mut Vm, d: &PyDict, other: &Value, keys: &Value) -> PyResult<()> {
    let ks = ops::call_descr_method(vm, keys, other, std::slice::from_ref(other))?;
    let it = ops::get_iter(vm, &ks)?;
    while let Some(k) = ops::next(vm, &it)? {
        let v = ops::getitem(vm, other, &k)?;
        dset(vm, d, k, v)?;
    }
    Ok(())
}

/// Merge an iterable of key/value pairs.
fn update_from_pairs(vm: &mut Vm, d: &PyDict, other: &Value) -> PyResult<()> {
    let it = ops::get_iter(vm, other)?;
    let mut n = 0usize;
    while let Some(item) = ops::next(vm, &it)? {
        let pair = match &item {
            Value::Tuple(t) => (**t).clone(),
            Value::List(l) => l.borrow().clone(),
            other => {
                if ops::get_iter(vm, other).is_err() {
                    return Err(vm.type_error(format!(
                        "cannot convert dictionary update sequence element #{} to a sequence",
                        n
                    )));
                }
                ops::collect(vm, other)?
            }
        };
        if pair.len() != 2 {
            return Err(vm.value_error(format!(
                "dictionary update sequence element #{} has length {}; 2 is required",
                n,
                pair.len()
            )));
        }
        let mut p = pair.into_iter();
        let (k, v) = (
            p.next().unwrap_or(Value::None),
            p.next().unwrap_or(Value::None),
        );
        dset(vm, d, k, v)?;
        n += 1;
    }
    Ok(())
}

/// `d.update(other)`: a dict, a mapping with `keys()`, or an iterable of pairs.
pub fn update(vm: &mut Vm, d: &PyDict, other: &Value) -> PyResult<()> {
    if let Some(k) = keys_method(vm, other) {
        return update_from_keys(vm, d, other, &k);
    }
    if let Some(o) = dict_of(other) {
        return update_from_dict(vm, d, &o);
    }
    update_from_pairs(vm, d, other)
}

/// `a == b` for dicts.
pub fn dict_eq(vm: &mut Vm, a: &PyDict, b: &PyDict) -> PyResult<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for e in a.raw_entries() {
        let found = b.get(e.hash, &e.key, &mut |x, y| ops::eq(vm, x, y))?;
        match found {
            None => return Ok(false),
            Some(bv) => {
                if !ops::eq_contained(vm, &e.value, &bv)? {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

/// How CPython names a callable in argument errors (`__main__.f()`, `print()`).
pub fn function_str(vm: &mut Vm, f: &Value) -> String {
    match f {
        Value::Function(func) => {
            let module = match &*func.module.borrow() {
                Value::Str(m) => m.as_str().to_owned(),
                _ => String::new(),
            };
            let q = func.qualname.borrow().as_str().to_owned();
            if module.is_empty() || module == "builtins" {
                format!("{}()", q)
            } else {
                format!("{}.{}()", module, q)
            }
        }
        Value::Method(m) => function_str(vm, &m.func),
        Value::Native(n) => {
            if n.owner.is_empty() {
                format!("{}()", n.name)
            } else {
                format!("{}.{}()", n.owner, n.name)
            }
        }
        Value::Class(c) => format!("{}()", crate::types::class_repr_name(c)),
        other => format!("{} object", ops::type_name(vm, other)),
    }
}

/// `f(**other)` merging into the call's keyword dict `d`: string keys only, no duplicates.
/// The callable sits three slots below the top of `stack` (callable, args tuple, kwargs dict).
pub fn merge_kwargs(
    vm: &mut Vm,
    d: &PyDict,
    other: &Value,
    stack: &[Value],
    len: usize,
) -> PyResult<()> {
    let func = if len >= 3 {
        stack.get(len - 3).cloned()
    } else {
        None
    };
    let fname = |vm: &mut Vm| match &func {
        Some(f) => function_str(vm, f),
        None => "function".to_owned(),
    };
    let pairs: Vec<(Value, Value)> = if let Some(k) = keys_method(vm, other) {
        let ks = ops::call_descr_method(vm, &k, other, std::slice::from_ref(other))?;
        let keys = ops::collect(vm, &ks)?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let v = ops::getitem(vm, other, &key)?;
            out.push((key, v));
        }
        out
    } else if let Some(o) = dict_of(other) {
        o.entries()
    } else {
        let t = ops::type_name(vm, other);
        let f = fname(vm);
        return Err(vm.type_error(format!(
            "{} argument after ** must be a mapping, not {}",
            f, t
        )));
    };
    for (k, v) in pairs {
        let Some(ks) = str_of(&k) else {
            return Err(vm.type_error("keywords must be strings"));
        };
        if d.get_str(&ks).is_some() {
            let f = fname(vm);
            return Err(vm.type_error(format!(
                "{} got multiple values for keyword argument '{}'",
                f,
                ks.as_str()
            )));
        }
        d.set_str(ks, v);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

fn view_parts(v: &Value) -> Option<(Rc<PyDict>, u8)> {
    match v {
        Value::DictView(dv) => Some((dv.0.clone(), dv.1)),
        _ => None,
    }
}

/// The items of a keys/items view as a set (items as (key, value) tuples).
fn view_to_set(vm: &mut Vm, d: &PyDict, kind: u8) -> PyResult<PySet> {
    let s = PySet::new();
    for e in d.raw_entries() {
        if kind == 0 {
            s.add(e.hash, e.key, &mut |a, b| ops::eq(vm, a, b))?;
        } else {
            crate::types::set::set_add(vm, &s, Value::tuple(vec![e.key, e.value]))?;
        }
    }
    Ok(s)
}

/// A set-like operand of a view comparison: a set, frozenset (or subclass) or keys/items view.
fn operand_set(vm: &mut Vm, v: &Value) -> PyResult<Option<PySet>> {
    match v {
        Value::Set(s) | Value::FrozenSet(s) => Ok(Some(s.copy()?)),
        Value::DictView(dv) if dv.1 != 1 => Ok(Some(view_to_set(vm, &dv.0, dv.1)?)),
        Value::DictView(_) => Ok(None),
        _ => {
            if let Some(inner) = crate::types::unwrap_builtin(v)
                && matches!(inner, Value::Set(_) | Value::FrozenSet(_))
            {
                return operand_set(vm, &inner);
            }
            Ok(None)
        }
    }
}

/// `view op other` / `other op view` for keys and items views, with CPython's algorithms
/// (so the result iterates in CPython's order): the left operand becomes a set (a keys view
/// via its dict, with stored hashes) and is updated with the right one; `&` walks the
/// smaller side. None when the operation does not apply (values views, non-iterables).
pub fn view_binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    use crate::types::set as S;
    let is_view = |v: &Value| matches!(v, Value::DictView(dv) if dv.1 != 1);
    if !is_view(a) && !is_view(b) {
        return Ok(None);
    }
    for v in [a, b] {
        if matches!(v, Value::DictView(dv) if dv.1 == 1) || ops::get_iter(vm, v).is_err() {
            return Ok(None);
        }
    }
    let to_set = |vm: &mut Vm, v: &Value| -> PyResult<PySet> {
        match v {
            Value::DictView(dv) if dv.1 == 0 => {
                S::set_from_iterable(vm, &Value::Dict(dv.0.clone()))
            }
            _ => S::set_from_iterable(vm, v),
        }
    };
    let r = match op {
        BinOp::And => {
            let len = |vm: &mut Vm, v: &Value| ops::len(vm, v);
            if let Value::Set(bs) = b
                && len(vm, a)? <= bs.len()
            {
                S::intersection_of(vm, bs, a)?
            } else {
                let (this, other) = if is_view(b) && len(vm, b)? > len(vm, a)? {
                    (b, a)
                } else {
                    (a, b)
                };
                let out = PySet::new();
                let it = ops::get_iter(vm, other)?;
                while let Some(x) = ops::next(vm, &it)? {
                    if ops::contains(vm, this, &x)? {
                        S::set_add(vm, &out, x)?;
                    }
                }
                out
            }
        }
        BinOp::Or => {
            let r = to_set(vm, a)?;
            S::update_internal(vm, &r, b)?;
            r
        }
        BinOp::Sub => {
            let r = to_set(vm, a)?;
            S::difference_update(vm, &r, b)?;
            r
        }
        _ => {
            let r = to_set(vm, a)?;
            S::symdiff_update(vm, &r, b)?;
            r
        }
    };
    Ok(Some(Value::new_set(r)))
}

/// Comparisons involving views: keys/items views compare as sets; values views only by
/// identity.
pub fn view_compare(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    let values_view = |v: &Value| matches!(v, Value::DictView(dv) if dv.1 == 1);
    if values_view(a) || values_view(b) {
        return Ok(match op {
            CmpOp::Eq => Some(Value::bool(a.is(b))),
            CmpOp::Ne => Some(Value::bool(!a.is(b))),
            _ => None,
        });
    }
    let Some(x) = operand_set(vm, a)? else {
        return Ok(None);
    };
    let Some(y) = operand_set(vm, b)? else {
        return Ok(None);
    };
    let r = crate::types::set::pyset_compare(vm, op, &x, &y)?;
    Ok(Some(Value::bool(r)))
}

/// `repr()` of a dict view: `dict_keys(['a', 'b'])`.
pub fn view_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let Some((d, kind)) = view_parts(v) else {
        return Ok(String::new());
    };
    let name = match kind {
        0 => "dict_keys",
        1 => "dict_values",
        _ => "dict_items",
    };
    if !crate::types::reprenter(vm, v) {
        return Ok("...".into());
    }
    let items: Vec<Value> = match kind {
        0 => d.keys(),
        1 => d.values(),
        _ => d
            .entries()
            .into_iter()
            .map(|(k, v)| Value::tuple(vec![k, v]))
            .collect(),
    };
    let r = ops::repr_string(vm, &Value::list(items));
    crate::types::reprleave(vm, v);
    Ok(format!("{}({})", name, r?))
}

fn view_recv(vm: &mut Vm, args: &[Value], name: &str, owner: &str) -> PyResult<(Rc<PyDict>, u8)> {
    match args.first() {
        Some(v) => view_parts(v).ok_or_else(|| descr_error(vm, name, owner, v)),
        None => Err(unbound_error(vm, name, owner)),
    }
}

fn view_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = view_recv(vm, args, "__len__", "dict_keys")?;
    Ok(Value::Int(d.len() as i64))
}

fn view_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_recv(vm, args, "__iter__", "dict_keys")?;
    ops::get_iter(vm, &args[0])
}

fn view_reversed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, kind) = view_recv(vm, args, "__reversed__", "dict_keys")?;
    let mut items: Vec<Value> = match kind {
        0 => d.keys(),
        1 => d.values(),
        _ => d
            .entries()
            .into_iter()
            .map(|(k, v)| Value::tuple(vec![k, v]))
            .collect(),
    };
    items.reverse();
    Ok(Value::new_iter(IterState::Values { items, idx: 0 }))
}

fn view_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, kind) = view_recv(vm, args, "__contains__", "dict_keys")?;
    if args.len() != 2 {
        return Err(vm.type_error(format!("expected 1 argument, got {}", args.len() - 1)));
    }
    let x = &args[1];
    Ok(Value::bool(match kind {
        0 => dget(vm, &d, x)?.is_some(),
        2 => match x {
            Value::Tuple(t) if t.len() == 2 => match dget(vm, &d, &t[0])? {
                Some(v) => ops::eq_contained(vm, &v, &t[1])?,
                None => false,
            },
            _ => false,
        },
        _ => {
            let mut found = false;
            for v in d.values() {
                if ops::eq_contained(vm, &v, x)? {
                    found = true;
                    break;
                }
            }
            found
        }
    }))
}

fn view_isdisjoint(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, kind) = view_recv(vm, args, "isdisjoint", "dict_keys")?;
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "dict_keys.isdisjoint() takes exactly one argument ({} given)",
            args.len() - 1
        )));
    }
    let it = ops::get_iter(vm, &args[1])?;
    while let Some(x) = ops::next(vm, &it)? {
        let hit = match kind {
            0 => dget(vm, &d, &x)?.is_some(),
            _ => match &x {
                Value::Tuple(t) if t.len() == 2 => match dget(vm, &d, &t[0])? {
                    Some(v) => ops::eq_contained(vm, &v, &t[1])?,
                    None => false,
                },
                _ => false,
            },
        };
        if hit {
            return Ok(Value::Bool(Truth::False));
        }
    }
    Ok(Value::Bool(Truth::True))
}

fn view_mapping(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = view_recv(vm, args, "mapping", "dict_keys")?;
    Ok(crate::types::class::mappingproxy(vm, Value::Dict(d)))
}

fn view_repr_native(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_recv(vm, args, "__repr__", "dict_keys")?;
    Ok(Value::string(view_repr(vm, &args[0])?))
}

fn view_binop(vm: &mut Vm, args: &[Value], op: BinOp, reflected: bool) -> PyResult<Value> {
    view_recv(vm, args, "__or__", "dict_keys")?;
    if args.len() != 2 {
        return Err(vm.type_error(format!("expected 1 argument, got {}", args.len() - 1)));
    }
    let r = if reflected {
        view_binary(vm, op, &args[1], &args[0])?
    } else {
        view_binary(vm, op, &args[0], &args[1])?
    };
    Ok(r.unwrap_or(Value::NotImplemented))
}

fn view_or(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::Or, false)
}
fn view_and(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::And, false)
}
fn view_sub(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::Sub, false)
}
fn view_xor(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::Xor, false)
}
fn view_ror(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::Or, true)
}
fn view_rand(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::And, true)
}
fn view_rsub(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::Sub, true)
}
fn view_rxor(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    view_binop(vm, args, BinOp::Xor, true)
}

// ---------------------------------------------------------------------------------------------
// dict methods
// ---------------------------------------------------------------------------------------------

fn dict_get(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv_n(vm, args, kwargs, "get", 1, 2)?;
    Ok(dget(vm, &d, &args[1])?.unwrap_or_else(|| args.get(2).cloned().unwrap_or(Value::None)))
}

fn dict_setdefault(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv_n(vm, args, kwargs, "setdefault", 1, 2)?;
    if let Some(v) = dget(vm, &d, &args[1])? {
        return Ok(v);
    }
    let dflt = args.get(2).cloned().unwrap_or(Value::None);
    dset(vm, &d, args[1].clone(), dflt.clone())?;
    Ok(dflt)
}

fn dict_pop(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv_n(vm, args, kwargs, "pop", 1, 2)?;
    match ddel(vm, &d, &args[1])? {
        Some(v) => Ok(v),
        None => match args.get(2) {
            Some(dflt) => Ok(dflt.clone()),
            None => Err(crate::exceptions::key_error(vm, args[1].clone())),
        },
    }
}

fn dict_popitem(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv0(vm, args, kwargs, "popitem")?;
    match d.pop_last()? {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(crate::exceptions::key_error(
            vm,
            Value::str("popitem(): dictionary is empty"),
        )),
    }
}

fn dict_update(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv(vm, args, "update")?;
    arity(vm, "update", &args[1..], 0, 1)?;
    if let Some(o) = args.get(1) {
        update(vm, &d, o)?;
    }
    for (k, v) in kwargs {
        d.set_str(k.clone(), v.clone());
    }
    Ok(Value::None)
}

fn make_view(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    kind: u8,
) -> PyResult<Value> {
    let d = recv0(vm, args, kwargs, name)?;
    Ok(Value::DictView(Rc::new((d, kind))))
}

fn dict_keys(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    make_view(vm, args, kwargs, "keys", 0)
}
fn dict_values(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    make_view(vm, args, kwargs, "values", 1)
}
fn dict_items(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    make_view(vm, args, kwargs, "items", 2)
}

fn dict_copy(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv0(vm, args, kwargs, "copy")?;
    Ok(Value::new_dict(d.copy()))
}

fn dict_clear(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv0(vm, args, kwargs, "clear")?;
    d.clear();
    Ok(Value::None)
}

fn dict_fromkeys(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("dict.fromkeys() takes no keyword arguments"));
    }
    let cls = args.first().cloned().unwrap_or(Value::None);
    arity(vm, "fromkeys", args.get(1..).unwrap_or(&[]), 1, 2)?;
    let value = args.get(2).cloned().unwrap_or(Value::None);
    let is_plain = matches!(&cls, Value::Class(c) if Rc::ptr_eq(c, &vm.types.dict));
    if is_plain {
        let d = PyDict::new();
        let it = ops::get_iter(vm, &args[1])?;
        while let Some(k) = ops::next(vm, &it)? {
            dset(vm, &d, k, value.clone())?;
        }
        return Ok(Value::new_dict(d));
    }
    let obj = call_value(vm, &cls, &[], &[])?;
    let it = ops::get_iter(vm, &args[1])?;
    while let Some(k) = ops::next(vm, &it)? {
        ops::setitem(vm, &obj, &k, value.clone())?;
    }
    Ok(obj)
}

fn dict_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__getitem__", 1)?;
    let key = &args[1];
    if let Some(v) = dget(vm, &d, key)? {
        return Ok(v);
    }
    if matches!(args[0], Value::Instance(_))
        && let Some(r) = ops::call_special(vm, &args[0], "__missing__", std::slice::from_ref(key))?
    {
        return Ok(r);
    }
    Err(crate::exceptions::key_error(vm, key.clone()))
}

fn dict_setitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__setitem__", 2)?;
    dset(vm, &d, args[1].clone(), args[2].clone())?;
    Ok(Value::None)
}

fn dict_delitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__delitem__", 1)?;
    match ddel(vm, &d, &args[1])? {
        Some(_) => Ok(Value::None),
        None => Err(crate::exceptions::key_error(vm, args[1].clone())),
    }
}

fn dict_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__contains__", 1)?;
    Ok(Value::bool(dget(vm, &d, &args[1])?.is_some()))
}

fn dict_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__len__", 0)?;
    Ok(Value::Int(d.len() as i64))
}

fn dict_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__iter__", 0)?;
    ops::get_iter(vm, &Value::Dict(d))
}

fn dict_reversed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__reversed__", 0)?;
    let mut items = d.keys();
    items.reverse();
    Ok(Value::new_iter(IterState::Values { items, idx: 0 }))
}

fn dict_or(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__or__", 1)?;
    let Some(o) = dict_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    let r = d.copy();
    update_from_dict(vm, &r, &o)?;
    Ok(Value::new_dict(r))
}

fn dict_ror(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__ror__", 1)?;
    let Some(o) = dict_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    let r = o.copy();
    update_from_dict(vm, &r, &d)?;
    Ok(Value::new_dict(r))
}

fn dict_ior(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__ior__", 1)?;
    update(vm, &d, &args[1])?;
    Ok(args[0].clone())
}

fn dict_cmp(vm: &mut Vm, args: &[Value], name: &str, want_eq: bool) -> PyResult<Value> {
    let d = dunder(vm, args, name, 1)?;
    let Some(o) = dict_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    let r = dict_eq(vm, &d, &o)?;
    Ok(Value::bool(r == want_eq))
}

fn dict_eq_native(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    dict_cmp(vm, args, "__eq__", true)
}
fn dict_ne_native(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    dict_cmp(vm, args, "__ne__", false)
}

fn dict_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = dunder(vm, args, "__repr__", 0)?;
    Ok(Value::string(ops::repr_string(vm, &Value::Dict(d))?))
}

fn fill(vm: &mut Vm, d: &PyDict, args: &[Value], kwargs: &KwArgs) -> PyResult<()> {
    arity(vm, "dict", args, 0, 1)?;
    if let Some(o) = args.first() {
        update(vm, d, o)?;
    }
    for (k, v) in kwargs {
        d.set_str(k.clone(), v.clone());
    }
    Ok(())
}

/// `dict.__init__(self, [mapping_or_iterable], **kwargs)`: update self.
fn dict_init(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = recv(vm, args, "__init__")?;
    fill(vm, &d, &args[1..], kwargs)?;
    Ok(Value::None)
}

/// `dict(...)`: `dict()`, `dict(mapping)`, `dict(iterable_of_pairs)`, plus keyword items.
pub fn dict_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let d = PyDict::new();
    fill(vm, &d, args, kwargs)?;
    Ok(Value::new_dict(d))
}

pub fn init(vm: &mut Vm) {
    vm.types.dict.set_filler(fill_dict);
    vm.types
        .dict_keys
        .set_filler(|c| fill_view(c, "dict_keys", true));
    vm.types
        .dict_values
        .set_filler(|c| fill_view(c, "dict_values", false));
    vm.types
        .dict_items
        .set_filler(|c| fill_view(c, "dict_items", true));
}

/// `dict`'s methods, added when the type's dict is first used.
fn fill_dict(t: &rupy_objects::Class) {
    add_method(t, "dict", "__new__", super::new_dict);
    super::generic_alias::add_class_getitem(t);
    let methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("get", dict_get),
        ("setdefault", dict_setdefault),
        ("pop", dict_pop),
        ("popitem", dict_popitem),
        ("update", dict_update),
        ("keys", dict_keys),
        ("values", dict_values),
        ("items", dict_items),
        ("copy", dict_copy),
        ("clear", dict_clear),
        ("__getitem__", dict_getitem),
        ("__setitem__", dict_setitem),
        ("__delitem__", dict_delitem),
        ("__contains__", dict_contains),
        ("__len__", dict_len),
        ("__iter__", dict_iter),
        ("__reversed__", dict_reversed),
        ("__or__", dict_or),
        ("__ror__", dict_ror),
        ("__ior__", dict_ior),
        ("__eq__", dict_eq_native),
        ("__ne__", dict_ne_native),
        ("__repr__", dict_repr),
        ("__init__", dict_init),
    ];
    for (name, f) in methods {
        add_method(t, "dict", name, *f);
    }
    add_classmethod(t, "dict", "fromkeys", dict_fromkeys);
    t.dict().set_s("__hash__", Value::None);
}

/// The methods of a dict view type (`owner`); keys and items views are set-like.
fn fill_view(vt: &rupy_objects::Class, owner: &'static str, setlike: bool) {
    add_method(vt, owner, "__len__", view_len);
    add_method(vt, owner, "__iter__", view_iter);
    add_method(vt, owner, "__reversed__", view_reversed);
    add_method(vt, owner, "__contains__", view_contains);
    add_method(vt, owner, "__repr__", view_repr_native);
    if setlike {
        add_method(vt, owner, "isdisjoint", view_isdisjoint);
        add_method(vt, owner, "__or__", view_or);
        add_method(vt, owner, "__and__", view_and);
        add_method(vt, owner, "__sub__", view_sub);
        add_method(vt, owner, "__xor__", view_xor);
        add_method(vt, owner, "__ror__", view_ror);
        add_method(vt, owner, "__rand__", view_rand);
        add_method(vt, owner, "__rsub__", view_rsub);
        add_method(vt, owner, "__rxor__", view_rxor);
    }
    // Keys and items views are set-like, hence unhashable; values views hash by identity.
    if owner != "dict_values" {
        vt.dict().set_s("__hash__", Value::None);
    }
    // `view.mapping`: a read-only mappingproxy of the dict.
    crate::builtins::args::add_getter(vt, owner, "mapping", view_mapping);
}
