//! Numeric builtins: `hex`, `oct`, `bin`, `divmod`, `pow` (with modulus) and `round`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use rupy_objects::code::BinOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::format::int_to_base;
use rupy_objects::int::to_bigint;
use rupy_objects::{KwArgs, PyResult, Value, Vm};

use super::args::{arity, bind};
use crate::ops;

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    let i = ops::to_index(vm, v)?;
    Ok(to_bigint(&i).unwrap_or_default())
}

pub(super) fn builtin_hex(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "hex", args, 1, 1)?;
    let b = int_arg(vm, &args[0])?;
    Ok(Value::string(int_to_base(&b, 16, true)))
}

pub(super) fn builtin_oct(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "oct", args, 1, 1)?;
    let b = int_arg(vm, &args[0])?;
    Ok(Value::string(int_to_base(&b, 8, true)))
}

pub(super) fn builtin_bin(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "bin", args, 1, 1)?;
    let b = int_arg(vm, &args[0])?;
    Ok(Value::string(int_to_base(&b, 2, true)))
}

pub(super) fn builtin_divmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "divmod", args, 2, 2)?;
    let (a, b) = (&args[0], &args[1]);
    let num = |v: &Value| {
        matches!(
            v,
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
        )
    };
    if num(a) && num(b) {
        if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
            let x = ops::to_f64(vm, a)?;
            let y = ops::to_f64(vm, b)?;
            if y == 0.0 {
                return Err(vm.err(ExcKind::ZeroDivisionError, "float divmod()"));
            }
            let (q, r) = ops::float_divmod(x, y);
            return Ok(Value::tuple(vec![Value::float(q), Value::float(r)]));
        }
        let q = ops::binary(vm, BinOp::FloorDiv, a, b)?;
        let r = ops::binary(vm, BinOp::Mod, a, b)?;
        return Ok(Value::tuple(vec![q, r]));
    }
    if let Some(r) = ops::call_special(vm, a, "__divmod__", std::slice::from_ref(b))?
        && !matches!(r, Value::NotImplemented)
    {
        return Ok(r);
    }
    if let Some(r) = ops::call_special(vm, b, "__rdivmod__", std::slice::from_ref(a))?
        && !matches!(r, Value::NotImplemented)
    {
        return Ok(r);
    }
    Err(vm.type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        ops::type_name(vm, a),
        ops::type_name(vm, b)
    )))
}

pub(super) fn builtin_pow(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [base, exp, m] = bind(vm, "pow", args, kw, ["base", "exp", "mod"], 2)?;
    let (base, exp) = (base.unwrap_or(Value::None), exp.unwrap_or(Value::None));
    match m {
        None | Some(Value::None) => ops::binary(vm, BinOp::Pow, &base, &exp),
        Some(m) => {
            let (Some(b), Some(e), Some(m)) = (to_bigint(&base), to_bigint(&exp), to_bigint(&m))
            else {
                // Three-argument __pow__ of a Python class.
                if matches!(base, Value::Instance(_))
                    && let Some(r) =
                        ops::call_special(vm, &base, "__pow__", &[exp.clone(), m.clone()])?
                    && !matches!(r, Value::NotImplemented)
                {
                    return Ok(r);
                }
                return Err(vm.type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            };
            if m.is_zero() {
                return Err(vm.value_error("pow() 3rd argument cannot be 0"));
            }
            let (b, e) = if e.is_negative() {
                // Modular inverse (Python 3.8+).
                let g = b.extended_gcd(&m);
                if !g.gcd.is_one() && g.gcd != -BigInt::one() {
                    return Err(vm.value_error("base is not invertible for the given modulus"));
                }
                (g.x.mod_floor(&m), -e)
            } else {
                (b, e)
            };
            let r = b.modpow(&e, &m.abs());
            let r = if m.is_negative() && !r.is_zero() {
                r + &m
            } else {
                r
            };
            Ok(Value::from_bigint(r))
        }
    }
}

pub(super) fn builtin_round(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [x, nd] = bind(vm, "round", args, kw, ["number", "ndigits"], 1)?;
    let x = x.unwrap_or(Value::None);
    let nd = match nd {
        None | Some(Value::None) => None,
        Some(v) => Some(ops::index_of(vm, &v)?),
    };
    match &x {
        Value::Float(f) => crate::types::float::round_float(vm, f.get(), nd),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            let b = to_bigint(&x).unwrap_or_default();
            match nd {
                None => Ok(Value::from_bigint(b)),
                Some(n) if n >= 0 => Ok(Value::from_bigint(b)),
                Some(n) => {
                    let p = num_traits::pow(BigInt::from(10), (-n) as usize);
                    let (q, r) = b.div_mod_floor(&p);
                    let twice = &r * 2;
                    let q = if twice > p || (twice == p && q.is_odd()) {
                        q + 1
                    } else {
                        q
                    };
                    Ok(Value::from_bigint(q * p))
                }
            }
        }
        _ => {
            let args: Vec<Value> = match nd {
                Some(n) => vec![Value::Int(n)],
                None => vec![],
            };
            match ops::call_special(vm, &x, "__round__", &args)? {
                Some(r) => Ok(r),
                None => Err(vm.type_error(format!(
                    "type {} doesn't define __round__ method",
                    ops::type_name(vm, &x)
                ))),
            }
        }
    }
}
