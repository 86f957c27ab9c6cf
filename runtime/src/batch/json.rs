//! JSON values to Python values and back, as `json.loads` / `json.dumps` would map them
//! (object key order kept). Results are written straight to JSON text (`write`), without an
//! intermediate tree: per record that is a fifth of the cost of building one.

use num_bigint::BigInt;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{PyDict, PyResult, Value, Vm};
use serde_json::Value as Json;

/// A JSON value as a new Python value.
pub fn to_py(j: &Json) -> Value {
    match j {
        Json::Null => Value::None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Int(i)
            } else if let Some(u) = n.as_u64() {
                Value::from_bigint(BigInt::from(u))
            } else {
                Value::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => Value::str(s),
        Json::Array(items) => Value::list(items.iter().map(to_py).collect()),
        Json::Object(map) => {
            let d = PyDict::new_rc();
            for (k, v) in map {
                let v = to_py(v);
                d.set_s(k, v);
            }
            Value::Dict(d)
        }
    }
}

fn not_serializable(vm: &mut Vm, v: &Value) -> rupy_objects::PyErr {
    let t = rupy_interp::ops::type_name(vm, v);
    vm.err(ExcKind::TypeError, format!("Object of type {} is not JSON serializable", t))
}

/// A Python value as JSON: None, bool, int, float, str, list, tuple and dicts with str (or
/// int, float, bool, None) keys; anything else is the `TypeError` `json.dumps` raises.
pub fn from_py(vm: &mut Vm, v: &Value, depth: usize) -> PyResult<Json> {
    if depth > 500 {
        return Err(vm.err(ExcKind::RecursionError, "maximum recursion depth exceeded while encoding a JSON object"));
    }
    Ok(match v {
        Value::None => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::BigInt(b) => match u64::try_from(&**b) {
            Ok(u) => Json::from(u),
            Err(_) => return Err(vm.err(ExcKind::ValueError, "int too large for a JSON number")),
        },
        Value::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => Json::Number(n),
            None => return Err(vm.err(ExcKind::ValueError, format!("Out of range float values are not JSON compliant: {}", f))),
        },
        Value::Str(s) => Json::String(s.as_str().to_owned()),
        Value::List(l) => {
            let items = l.borrow().clone();
            Json::Array(items.iter().map(|x| from_py(vm, x, depth + 1)).collect::<PyResult<_>>()?)
        }
        Value::Tuple(t) => Json::Array(t.iter().map(|x| from_py(vm, x, depth + 1)).collect::<PyResult<_>>()?),
        Value::Dict(d) => {
            let mut map = serde_json::Map::new();
            for (k, val) in d.entries() {
                let key = match &k {
                    Value::Str(s) => s.as_str().to_owned(),
                    Value::Int(i) => i.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::None => "null".to_owned(),
                    Value::Float(_) => rupy_interp::ops::repr_string(vm, &k)?,
                    _ => {
                        let t = rupy_interp::ops::type_name(vm, &k);
                        return Err(vm.err(ExcKind::TypeError, format!("keys must be str, int, float, bool or None, not {}", t)));
                    }
                };
                map.insert(key, from_py(vm, &val, depth + 1)?);
            }
            Json::Object(map)
        }
        _ => return Err(not_serializable(vm, v)),
    })
}

/// Append `v` as compact JSON text to `out` (what `from_py` accepts, same errors).
pub fn write(vm: &mut Vm, v: &Value, out: &mut Vec<u8>, depth: usize) -> PyResult<()> {
    use std::io::Write as _;
    if depth > 500 {
        return Err(vm.err(ExcKind::RecursionError, "maximum recursion depth exceeded while encoding a JSON object"));
    }
    match v {
        Value::None => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Int(i) => {
            let _ = write!(out, "{}", i);
        }
        Value::Float(f) if f.is_finite() => out.extend_from_slice(rupy_objects::format::float_repr(*f).as_bytes()),
        Value::Str(s) => {
            let _ = serde_json::to_writer(&mut *out, s.as_str());
        }
        Value::List(l) => {
            let items = l.borrow().clone();
            write_seq(vm, &items, out, depth)?;
        }
        Value::Tuple(t) => write_seq(vm, t, out, depth)?,
        Value::Dict(d) => {
            out.push(b'{');
            for (n, (k, val)) in d.entries().into_iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                match &k {
                    Value::Str(s) => {
                        let _ = serde_json::to_writer(&mut *out, s.as_str());
                    }
                    Value::Int(_) | Value::Bool(_) | Value::None | Value::Float(_) => {
                        let text = match from_py(vm, &k, depth + 1)? {
                            Json::String(s) => s,
                            other => other.to_string(),
                        };
                        let _ = serde_json::to_writer(&mut *out, &text);
                    }
                    _ => {
                        let t = rupy_interp::ops::type_name(vm, &k);
                        return Err(vm.err(ExcKind::TypeError, format!("keys must be str, int, float, bool or None, not {}", t)));
                    }
                }
                out.push(b':');
                write(vm, &val, out, depth + 1)?;
            }
            out.push(b'}');
        }
        _ => out.extend_from_slice(from_py(vm, v, depth)?.to_string().as_bytes()),
    }
    Ok(())
}

fn write_seq(vm: &mut Vm, items: &[Value], out: &mut Vec<u8>, depth: usize) -> PyResult<()> {
    out.push(b'[');
    for (n, x) in items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write(vm, x, out, depth + 1)?;
    }
    out.push(b']');
    Ok(())
}
