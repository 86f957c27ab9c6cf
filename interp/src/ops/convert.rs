//! Conversions every other operation leans on: truthiness, `repr`/`str`, hashing, and the
//! integer/float coercions (`__index__`, `__float__`) with CPython's error messages.

use std::rc::Rc;

use num_bigint::BigInt;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::format::float_repr;
use rupy_objects::int::{hash_bigint, hash_f64, hash_i64};
use rupy_objects::{PyResult, PyStr, Truth, Value, Vm};

use crate::call::call_value;
use crate::ops::attr::{call_special, lookup_special};

/// The type name as CPython prints it in messages ("int", "NoneType", "MyClass").
pub fn type_name(vm: &Vm, v: &Value) -> String {
    vm.type_of(v).name()
}

pub fn truthy(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    Ok(match v {
        Value::None => false,
        Value::Bool(b) => b.get(),
        Value::Int(i) => *i != 0,
        Value::Float(f) => f.get() != 0.0,
        Value::BigInt(_) => true,
        Value::Str(s) => !s.as_str().is_empty(),
        Value::List(l) => !l.borrow().is_empty(),
        Value::Tuple(t) => !t.is_empty(),
        Value::Dict(d) => !d.is_empty(),
        Value::Set(s) | Value::FrozenSet(s) => !s.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::ByteArray(b) => !b.borrow().is_empty(),
        Value::Range(r) => !r.is_empty(),
        Value::Complex(c) => c.0 != 0.0 || c.1 != 0.0,
        Value::Instance(_) | Value::Opaque(_) => return truthy_slow(vm, v),
        Value::DictView(dv) => !dv.0.is_empty(),
        _ => true,
    })
}

fn truthy_slow(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if let Some(r) = call_special(vm, v, "__bool__", &[])? {
        return match r {
            Value::Bool(b) => Ok(b.get()),
            other => Err(vm.type_error(format!(
                "__bool__ should return bool, returned {}",
                type_name(vm, &other)
            ))),
        };
    }
    if let Some(r) = call_special(vm, v, "__len__", &[])? {
        let n = index_of(vm, &r)?;
        if n < 0 {
            return Err(vm.value_error("__len__() should return >= 0"));
        }
        return Ok(n != 0);
    }
    Ok(true)
}

pub fn repr(vm: &mut Vm, v: &Value) -> PyResult<Rc<PyStr>> {
    Ok(match v {
        Value::Str(s) => Rc::new(PyStr::from_string(crate::types::str::repr_str(s.as_str()))),
        _ => Rc::new(PyStr::from_string(repr_string(vm, v)?)),
    })
}

/// `repr(v)` as a Rust `String`.
pub fn repr_string(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::List(_)
        | Value::Tuple(_)
        | Value::Dict(_)
        | Value::Set(_)
        | Value::FrozenSet(_)
        | Value::Instance(_) => {
            crate::eval::enter_nested(vm, " while getting the repr of an object")?;
            let r = repr_string_inner(vm, v);
            crate::eval::leave_nested(vm);
            r
        }
        _ => repr_string_inner(vm, v),
    }
}

fn repr_string_inner(vm: &mut Vm, v: &Value) -> PyResult<String> {
    Ok(match v {
        Value::None => "None".into(),
        Value::Bool(Truth::True) => "True".into(),
        Value::Bool(Truth::False) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => crate::types::int::big_to_string(vm, b)?,
        Value::Float(f) => float_repr(f.get()),
        Value::Str(s) => crate::types::str::repr_str(s.as_str()),
        Value::NotImplemented => "NotImplemented".into(),
        Value::Ellipsis => "Ellipsis".into(),
        Value::List(l) => {
            let items = l.borrow().clone();
            if !crate::types::reprenter(vm, v) {
                return Ok("[...]".into());
            }
            let r = seq_repr(vm, &items, "[", "]");
            crate::types::reprleave(vm, v);
            r?
        }
        Value::Tuple(t) => {
            if t.is_empty() {
                return Ok("()".into());
            }
            if !crate::types::reprenter(vm, v) {
                return Ok("(...)".into());
            }
            let r = if t.len() == 1 {
                repr_string(vm, &t[0]).map(|s| format!("({},)", s))
            } else {
                seq_repr(vm, t, "(", ")")
            };
            crate::types::reprleave(vm, v);
            r?
        }
        Value::Dict(d) => {
            if d.is_empty() {
                return Ok("{}".into());
            }
            if !crate::types::reprenter(vm, v) {
                return Ok("{...}".into());
            }
            let r = (|| {
                let mut s = String::from("{");
                for (i, (k, val)) in d.entries().iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(&repr_string(vm, k)?);
                    s.push_str(": ");
                    s.push_str(&repr_string(vm, val)?);
                }
                s.push('}');
                Ok(s)
            })();
            crate::types::reprleave(vm, v);
            r?
        }
        Value::Set(s) => {
            if s.is_empty() {
                "set()".into()
            } else {
                seq_repr(vm, &s.items(), "{", "}")?
            }
        }
        Value::FrozenSet(s) => {
            if s.is_empty() {
                "frozenset()".into()
            } else {
                format!("frozenset({})", seq_repr(vm, &s.items(), "{", "}")?)
            }
        }
        Value::Instance(_) | Value::Opaque(_) | Value::Class(_) => return repr_via_dunder(vm, v),
        _ => crate::types::misc_repr(vm, v)?,
    })
}

fn repr_via_dunder(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match call_special(vm, v, "__repr__", &[])? {
        Some(Value::Str(s)) => Ok(s.as_str().to_owned()),
        Some(other) => Err(vm.type_error(format!(
            "__repr__ returned non-string (type {})",
            type_name(vm, &other)
        ))),
        None => crate::types::misc_repr(vm, v),
    }
}

fn seq_repr(vm: &mut Vm, items: &[Value], open: &str, close: &str) -> PyResult<String> {
    let mut s = String::from(open);
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&repr_string(vm, it)?);
    }
    s.push_str(close);
    Ok(s)
}

/// `str(v)`.
pub fn to_str(vm: &mut Vm, v: &Value) -> PyResult<Rc<PyStr>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Instance(_) | Value::Opaque(_) => {
            if let Some(f) = lookup_special(vm, v, "__str__") {
                let r = call_value(vm, &f, std::slice::from_ref(v), &[])?;
                return match r {
                    Value::Str(s) => Ok(s),
                    other => Err(vm.type_error(format!(
                        "__str__ returned non-string (type {})",
                        type_name(vm, &other)
                    ))),
                };
            }
            repr(vm, v)
        }
        _ => Ok(Rc::new(PyStr::from_string(str_string(vm, v)?))),
    }
}

pub fn str_string(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_owned()),
        Value::Instance(_) | Value::Opaque(_) => Ok(to_str(vm, v)?.as_str().to_owned()),
        _ => repr_string(vm, v),
    }
}

pub fn hash(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    Ok(match v {
        Value::Int(i) => hash_i64(*i),
        Value::Bool(b) => *b as i64,
        Value::Str(s) => s.hash(),
        Value::Float(f) => hash_f64(f.get()),
        Value::BigInt(b) => hash_bigint(b),
        // A constant since CPython 3.12.
        Value::None => 4238894112,
        Value::Tuple(t) if t.iter().any(|x| matches!(x, Value::Tuple(_))) => {
            crate::eval::enter_nested_stack(vm)?;
            let r = hash_tuple(vm, t);
            crate::eval::leave_nested(vm);
            r?
        }
        Value::Tuple(t) => hash_tuple(vm, t)?,
        Value::Bytes(b) => rupy_objects::str::str_hash(&String::from_utf8_lossy(b)),
        Value::FrozenSet(s) => {
            // CPython's frozenset hash: shuffled item hashes combined order-independently,
            // then the size mixed in and the bits dispersed.
            let mut acc: u64 = 0;
            for item in s.items() {
                let h = hash(vm, &item)? as u64;
                acc ^= (h ^ (h << 16) ^ 89869747).wrapping_mul(3644798167);
            }
            acc ^= (s.len() as u64 + 1).wrapping_mul(1927868237);
            acc ^= (acc >> 11) ^ (acc >> 25);
            acc = acc.wrapping_mul(69069).wrapping_add(907133923);
            if acc as i64 == -1 {
                590923713
            } else {
                acc as i64
            }
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::ByteArray(_) => {
            return Err(vm.type_error(format!("unhashable type: '{}'", type_name(vm, v))));
        }
        Value::Instance(_) | Value::Opaque(_) => return hash_instance(vm, v),
        Value::Complex(c) => {
            let h = hash_f64(c.0).wrapping_add(hash_f64(c.1).wrapping_mul(1000003));
            if h == -1 { -2 } else { h }
        }
        // Slices are hashable since CPython 3.12, by their three fields.
        Value::Slice(sl) => {
            // The tuple hash's lanes without its length step.
            let parts = [sl.start.clone(), sl.stop.clone(), sl.step.clone()];
            let acc = hash_lanes(vm, &parts)?;
            if acc as i64 == -1 {
                1546275796
            } else {
                acc as i64
            }
        }
        Value::DictView(dv) if dv.1 != 1 => {
            let t = type_name(vm, v);
            return Err(vm.type_error(format!("unhashable type: '{}'", t)));
        }
        Value::Range(_) => return crate::types::range::hash(vm, v),
        // Bound methods hash by receiver identity and function (equal methods hash equal).
        Value::Method(m) => {
            let h = identity_hash(&m.receiver) ^ hash(vm, &m.func)?;
            if h == -1 { -2 } else { h }
        }
        _ => identity_hash(v),
    })
}

/// The xxHash-style lanes CPython combines item hashes with (tuples and slices).
fn hash_lanes(vm: &mut Vm, items: &[Value]) -> PyResult<u64> {
    let mut acc: u64 = 0x27D4EB2F165667C5;
    for item in items {
        let h = hash(vm, item)? as u64;
        acc = acc.wrapping_add(h.wrapping_mul(0xC2B2AE3D27D4EB4F));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(0x9E3779B185EBCA87);
    }
    Ok(acc)
}

/// CPython's tuple hash: the lanes, then the length mixed in.
fn hash_tuple(vm: &mut Vm, t: &[Value]) -> PyResult<i64> {
    let mut acc = hash_lanes(vm, t)?;
    acc = acc.wrapping_add((t.len() as u64) ^ (0x27D4EB2F165667C5 ^ 3527539));
    let h = acc as i64;
    Ok(if h == -1 { 1546275796 } else { h })
}

fn identity_hash(v: &Value) -> i64 {
    let p = v.heap_ptr().unwrap_or(0);
    (p >> 4) as i64
}

fn hash_instance(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match lookup_special(vm, v, "__hash__") {
        Some(Value::None) => Err(vm.type_error(format!("unhashable type: '{}'", type_name(vm, v)))),
        Some(Value::Native(n)) if n.owner == "object" => Ok(identity_hash(v)),
        Some(f) => {
            let r = call_value(vm, &f, std::slice::from_ref(v), &[])?;
            match r {
                Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                Value::BigInt(b) => Ok(hash_bigint(&b)),
                Value::Bool(b) => Ok(b as i64),
                _ => Err(vm.type_error("__hash__ method should return an integer")),
            }
        }
        None => Ok(identity_hash(v)),
    }
}

/// `operator.index(v)` as i64; OverflowError if it does not fit.
pub fn index_of(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(vm.err(
            ExcKind::IndexError,
            "cannot fit 'int' into an index-sized integer",
        )),
        _ => {
            let r = to_index(vm, v)?;
            match r {
                Value::Int(i) => Ok(i),
                _ => Err(vm.err(
                    ExcKind::IndexError,
                    "cannot fit 'int' into an index-sized integer",
                )),
            }
        }
    }
}

/// `operator.index(v)` as an int value (any size).
pub fn to_index(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => {
            if let Some(r) = call_special(vm, v, "__index__", &[])? {
                if rupy_objects::int::is_int(&r) {
                    return Ok(r);
                }
                return Err(vm.type_error(format!(
                    "__index__ returned non-int (type {})",
                    type_name(vm, &r)
                )));
            }
            Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(vm, v)
            )))
        }
    }
}

/// Convert a number to f64 (`float(x)` semantics for numbers; TypeError otherwise).
pub fn to_f64(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(f.get()),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => big_to_f64(vm, b),
        _ => {
            if let Some(r) = call_special(vm, v, "__float__", &[])? {
                if let Value::Float(f) = r {
                    return Ok(f.get());
                }
                return Err(vm.type_error(format!(
                    "{}.__float__ returned non-float (type {})",
                    type_name(vm, v),
                    type_name(vm, &r)
                )));
            }
            if let Some(r) = call_special(vm, v, "__index__", &[])? {
                return to_f64(vm, &r);
            }
            Err(vm.type_error(format!("must be real number, not {}", type_name(vm, v))))
        }
    }
}

pub fn big_to_f64(vm: &Vm, b: &BigInt) -> PyResult<f64> {
    rupy_objects::int::big_to_f64(b)
        .ok_or_else(|| vm.err(ExcKind::OverflowError, "int too large to convert to float"))
}

/// A start/stop bound of `index()` on a sequence (list, tuple, deque...): an int, or an object
/// with `__index__`; huge values clamp to a bound beyond any length ("slice indices must be
/// integers or have an __index__ method" otherwise).
pub fn index_bound(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(b) => Ok(if num_traits::Signed::is_negative(&**b) {
            i64::MIN / 4
        } else {
            i64::MAX / 4
        }),
        _ => {
            if matches!(v, Value::Instance(_))
                && crate::ops::lookup_special(vm, v, "__index__").is_some()
            {
                return match to_index(vm, v)? {
                    Value::Int(i) => Ok(i),
                    Value::BigInt(b) => Ok(if num_traits::Signed::is_negative(&*b) {
                        i64::MIN / 4
                    } else {
                        i64::MAX / 4
                    }),
                    _ => Ok(0),
                };
            }
            Err(vm.type_error("slice indices must be integers or have an __index__ method"))
        }
    }
}
