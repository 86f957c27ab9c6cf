//! Binary and unary arithmetic: i64 fast paths (overflowing into `BigInt`), float semantics
//! (floor division and modulo signs, division-by-zero errors), sequence concatenation and
//! repetition, and the `__op__`/`__rop__`/`__iop__` protocol with `NotImplemented` fallback.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rupy_objects::code::{BinOp, UnOp};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::int::{big_floordiv, big_mod, floordiv_i64, mod_i64, to_bigint};
use rupy_objects::{PyResult, PyStr, Value, Vm};

use crate::ops::attr::lookup_special;
use crate::ops::convert::{big_to_f64, type_name};

pub fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::MatMul => "@",
        BinOp::TrueDiv => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "** or pow()",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
        BinOp::And => "&",
        BinOp::Or => "|",
        BinOp::Xor => "^",
    }
}

fn dunders(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        BinOp::TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinOp::And => ("__and__", "__rand__", "__iand__"),
        BinOp::Or => ("__or__", "__ror__", "__ior__"),
        BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
    }
}

/// `a op b`.
#[inline]
pub fn binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::FloorDiv => floordiv_i64(x, y),
            BinOp::Mod => mod_i64(x, y),
            BinOp::And => Some(x & y),
            BinOp::Or => Some(x | y),
            BinOp::Xor => Some(x ^ y),
            _ => None,
        };
        if let Some(r) = r {
            return Ok(Value::Int(r));
        }
    }
    if let (Value::Float(x), Value::Float(y)) = (a, b) {
        match op {
            BinOp::Add => return Ok(Value::float(x.get() + y.get())),
            BinOp::Sub => return Ok(Value::float(x.get() - y.get())),
            BinOp::Mul => return Ok(Value::float(x.get() * y.get())),
            BinOp::TrueDiv if y.get() != 0.0 => return Ok(Value::float(x.get() / y.get())),
            _ => {}
        }
    }
    binary_slow(vm, op, a, b)
}

#[inline(never)]
fn binary_slow(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let Some(r) = builtin_binary(vm, op, a, b)? {
        return Ok(r);
    }
    dunder_binary(vm, op, a, b)
}

fn is_num(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Float(_)
    )
}

/// Operations between builtin types; `None` means "not handled here".
fn builtin_binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            BinOp::And => return Ok(Some(Value::bool(x.get() & y.get()))),
            BinOp::Or => return Ok(Some(Value::bool(x.get() | y.get()))),
            BinOp::Xor => return Ok(Some(Value::bool(x.get() ^ y.get()))),
            _ => {}
        }
    }
    if is_num(a) && is_num(b) {
        if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
            if matches!(
                op,
                BinOp::And | BinOp::Or | BinOp::Xor | BinOp::LShift | BinOp::RShift | BinOp::MatMul
            ) {
                // Not float operations: the error names the operands' own types.
                return Ok(None);
            }
            let x = num_to_f64(vm, a)?;
            let y = num_to_f64(vm, b)?;
            return float_op(vm, op, x, y).map(Some);
        }
        return int_op(vm, op, a, b).map(Some);
    }
    if let (Value::Complex(_), _) | (_, Value::Complex(_)) = (a, b) {
        return crate::types::complex::complex_binary(vm, op, a, b);
    }
    if (matches!(a, Value::Bytes(_) | Value::ByteArray(_))
        || matches!(b, Value::Bytes(_) | Value::ByteArray(_)))
        && let Some(r) = crate::types::bytes::bytes_binary(vm, op, a, b)?
    {
        return Ok(Some(r));
    }
    Ok(match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
            s.push_str(x.as_str());
            s.push_str(y.as_str());
            Some(Value::string(s))
        }
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            let mut v = x.borrow().clone();
            v.extend(y.borrow().iter().cloned());
            Some(Value::list(v))
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            let mut v = (**x).clone();
            v.extend(y.iter().cloned());
            Some(Value::tuple(v))
        }
        (BinOp::Add, Value::ByteArray(x), Value::Bytes(_) | Value::ByteArray(_)) => {
            let mut v = x.borrow().clone();
            match b {
                Value::Bytes(y) => v.extend_from_slice(y),
                Value::ByteArray(y) => v.extend_from_slice(&y.borrow()),
                _ => {}
            }
            Some(Value::ByteArray(Rc::new(RefCell::new(v))))
        }
        (BinOp::Add, Value::Bytes(x), Value::ByteArray(y)) => {
            let mut v = (**x).clone();
            v.extend_from_slice(&y.borrow());
            Some(Value::Bytes(Rc::new(v)))
        }
        (BinOp::Add, Value::Bytes(x), Value::Bytes(y)) => {
            let mut v = (**x).clone();
            v.extend_from_slice(y);
            Some(Value::Bytes(Rc::new(v)))
        }
        (
            BinOp::Mul,
            Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_),
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_),
        ) => Some(repeat(vm, a, b)?),
        (
            BinOp::Mul,
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_),
            Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_),
        ) => Some(repeat(vm, b, a)?),
        (BinOp::Mod, Value::Str(s), _) => {
            Some(crate::types::str::percent_format(vm, s.as_str(), b)?)
        }
        (BinOp::Mod, Value::Bytes(d), _) => {
            let r = crate::types::str::percent_format_bytes(vm, d, b)?;
            Some(Value::Bytes(Rc::new(r)))
        }
        (BinOp::Mod, Value::ByteArray(d), _) => {
            let data = d.borrow().clone();
            let r = crate::types::str::percent_format_bytes(vm, &data, b)?;
            Some(Value::ByteArray(Rc::new(RefCell::new(r))))
        }
        (BinOp::Or, Value::Dict(x), Value::Dict(y)) => {
            let d = x.copy();
            crate::types::dict::update_from_dict(vm, &d, y)?;
            Some(Value::new_dict(d))
        }
        (
            BinOp::Sub | BinOp::And | BinOp::Or | BinOp::Xor,
            Value::Set(_) | Value::FrozenSet(_),
            Value::Set(_) | Value::FrozenSet(_),
        ) => Some(crate::types::set::set_binary(vm, op, a, b)?),
        (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Value::DictView(_), _)
        | (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, _, Value::DictView(_)) => {
            crate::types::dict::view_binary(vm, op, a, b)?
        }
        _ => None,
    })
}

fn repeat(vm: &mut Vm, seq: &Value, n: &Value) -> PyResult<Value> {
    let n = match n {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Instance(_) => crate::ops::convert::index_of(vm, n)?,
        _ => {
            return Err(vm.err(
                ExcKind::OverflowError,
                "cannot fit 'int' into an index-sized integer".to_string(),
            ));
        }
    };
    let n = n.max(0) as usize;
    let len = match seq {
        Value::Str(s) => s.as_str().len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Bytes(b) => b.len(),
        _ => 0,
    };
    let total = len.saturating_mul(n);
    if total > (1usize << 40) {
        return Err(vm.err(ExcKind::MemoryError, ""));
    }
    vm.reserve(
        total.saturating_mul(if matches!(seq, Value::List(_) | Value::Tuple(_)) {
            std::mem::size_of::<Value>()
        } else {
            1
        }),
    )?;
    // Reserve up front with try_reserve: a failed allocation is a MemoryError, not an abort.
    let oom = |vm: &Vm| vm.err(ExcKind::MemoryError, "");
    Ok(match seq {
        Value::Str(s) => {
            let mut out = String::new();
            out.try_reserve(total).map_err(|_| oom(vm))?;
            for _ in 0..n {
                out.push_str(s.as_str());
            }
            Value::string(out)
        }
        Value::List(l) => {
            let src = l.borrow();
            let mut v: Vec<Value> = Vec::new();
            v.try_reserve(total).map_err(|_| oom(vm))?;
            for _ in 0..n {
                v.extend(src.iter().cloned());
            }
            Value::list(v)
        }
        Value::Tuple(t) => {
            let mut v: Vec<Value> = Vec::new();
            v.try_reserve(total).map_err(|_| oom(vm))?;
            for _ in 0..n {
                v.extend(t.iter().cloned());
            }
            Value::tuple(v)
        }
        Value::Bytes(b) => {
            let mut out: Vec<u8> = Vec::new();
            out.try_reserve(total).map_err(|_| oom(vm))?;
            for _ in 0..n {
                out.extend_from_slice(b);
            }
            Value::Bytes(Rc::new(out))
        }
        _ => unreachable_value(),
    })
}

fn unreachable_value() -> Value {
    Value::None
}

pub fn num_to_f64(vm: &Vm, v: &Value) -> PyResult<f64> {
    Ok(match v {
        Value::Float(f) => f.get(),
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::BigInt(b) => big_to_f64(vm, b)?,
        _ => 0.0,
    })
}

pub fn float_op(vm: &mut Vm, op: BinOp, x: f64, y: f64) -> PyResult<Value> {
    Ok(Value::float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(vm.err(ExcKind::ZeroDivisionError, "float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(vm.err(ExcKind::ZeroDivisionError, "float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(vm.err(ExcKind::ZeroDivisionError, "float modulo by zero"));
            }
            float_divmod(x, y).1
        }
        BinOp::Pow => return float_pow(vm, x, y),
        _ => {
            return Err(vm.type_error(format!(
                "unsupported operand type(s) for {}: 'float' and 'float'",
                op_symbol(op)
            )));
        }
    }))
}

/// CPython's float divmod: the remainder has the sign of the divisor.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

pub fn float_pow(vm: &mut Vm, x: f64, y: f64) -> PyResult<Value> {
    if x == 0.0 && y < 0.0 {
        return Err(vm.err(
            ExcKind::ZeroDivisionError,
            "0.0 cannot be raised to a negative power",
        ));
    }
    if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
        return crate::types::complex::complex_pow_real(vm, x, y);
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.err(
            ExcKind::OverflowError,
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(Value::float(r))
}

fn int_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    // Small-int paths first (bools included).
    let small = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::FloorDiv | BinOp::Mod if y == 0 => {
                let msg = if op == BinOp::Mod {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                };
                return Err(vm.err(ExcKind::ZeroDivisionError, msg));
            }
            BinOp::FloorDiv => floordiv_i64(x, y),
            BinOp::Mod => mod_i64(x, y),
            BinOp::And => Some(x & y),
            BinOp::Or => Some(x | y),
            BinOp::Xor => Some(x ^ y),
            BinOp::TrueDiv => {
                if y == 0 {
                    return Err(vm.err(ExcKind::ZeroDivisionError, "division by zero"));
                }
                if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                    return Ok(Value::float(x as f64 / y as f64));
                }
                None
            }
            BinOp::LShift => {
                if y < 0 {
                    return Err(vm.value_error("negative shift count"));
                }
                if y < 63 && (x == 0 || (x.unsigned_abs().leading_zeros() as i64) > y + 1) {
                    Some(x << y)
                } else {
                    None
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return Err(vm.value_error("negative shift count"));
                }
                Some(if y >= 64 {
                    if x < 0 { -1 } else { 0 }
                } else {
                    x >> y
                })
            }
            BinOp::Pow => {
                if y >= 0 {
                    let mut ok = true;
                    let mut acc: i64 = 1;
                    let mut base = x;
                    let mut e = y;
                    while e > 0 {
                        if e & 1 == 1 {
                            match acc.checked_mul(base) {
                                Some(v) => acc = v,
                                None => {
                                    ok = false;
                                    break;
                                }
                            }
                        }
                        e >>= 1;
                        if e > 0 {
                            match base.checked_mul(base) {
                                Some(v) => base = v,
                                None => {
                                    ok = false;
                                    break;
                                }
                            }
                        }
                    }
                    if ok { Some(acc) } else { None }
                } else {
                    if x == 0 {
                        return Err(vm.err(
                            ExcKind::ZeroDivisionError,
                            "0.0 cannot be raised to a negative power",
                        ));
                    }
                    return float_pow(vm, x as f64, y as f64);
                }
            }
            BinOp::MatMul => {
                return Err(vm.type_error(format!(
                    "unsupported operand type(s) for @: '{}' and '{}'",
                    type_name(vm, a),
                    type_name(vm, b)
                )));
            }
        };
        if let Some(r) = r {
            return Ok(Value::Int(r));
        }
    }
    let x = to_bigint(a).unwrap_or_default();
    let y = to_bigint(b).unwrap_or_default();
    Ok(match op {
        BinOp::Add => Value::from_bigint(x + y),
        BinOp::Sub => Value::from_bigint(x - y),
        BinOp::Mul => Value::from_bigint(x * y),
        BinOp::FloorDiv | BinOp::Mod if y.is_zero() => {
            let msg = if op == BinOp::Mod {
                "integer modulo by zero"
            } else {
                "integer division or modulo by zero"
            };
            return Err(vm.err(ExcKind::ZeroDivisionError, msg));
        }
        BinOp::FloorDiv => Value::from_bigint(big_floordiv(&x, &y)),
        BinOp::Mod => Value::from_bigint(big_mod(&x, &y)),
        BinOp::And => Value::from_bigint(x & y),
        BinOp::Or => Value::from_bigint(x | y),
        BinOp::Xor => Value::from_bigint(x ^ y),
        BinOp::TrueDiv => {
            if y.is_zero() {
                return Err(vm.err(ExcKind::ZeroDivisionError, "division by zero"));
            }
            Value::float(big_truediv(vm, &x, &y)?)
        }
        BinOp::LShift => {
            if y.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            let s = y
                .to_usize()
                .filter(|s| *s < (1 << 32))
                .ok_or_else(|| vm.err(ExcKind::OverflowError, "too many digits in integer"))?;
            if x.is_zero() {
                Value::Int(0)
            } else {
                Value::from_bigint(x << s)
            }
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            match y.to_usize() {
                Some(s) => Value::from_bigint(x >> s),
                None => Value::Int(if x.is_negative() { -1 } else { 0 }),
            }
        }
        BinOp::Pow => {
            if y.is_negative() {
                if x.is_zero() {
                    return Err(vm.err(
                        ExcKind::ZeroDivisionError,
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                let fx = big_to_f64(vm, &x)?;
                let fy = big_to_f64(vm, &y)?;
                return float_pow(vm, fx, fy);
            }
            if x.is_one() || x.is_zero() {
                return Ok(Value::from_bigint(x));
            }
            if x == BigInt::from(-1) {
                return Ok(Value::Int(if y.is_even() { 1 } else { -1 }));
            }
            let e = y
                .to_u32()
                .filter(|e| (*e as u64) * (x.bits()) < (1u64 << 36))
                .ok_or_else(|| vm.err(ExcKind::MemoryError, ""))?;
            Value::from_bigint(num_traits::pow::Pow::pow(x, e))
        }
        BinOp::MatMul => {
            return Err(vm.type_error(format!(
                "unsupported operand type(s) for @: '{}' and '{}'",
                type_name(vm, a),
                type_name(vm, b)
            )));
        }
    })
}

/// Correctly rounded big-int true division (via exact scaling).
fn big_truediv(vm: &Vm, x: &BigInt, y: &BigInt) -> PyResult<f64> {
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64())
        && a.unsigned_abs() < (1 << 53)
        && b.unsigned_abs() < (1 << 53)
    {
        return Ok(a as f64 / b as f64);
    }
    let neg = x.is_negative() != y.is_negative();
    let (a, b) = (x.abs(), y.abs());
    // Scale so the quotient has 55+ significant bits, then round via f64 conversion of the
    // integer quotient with a sticky bit.
    let shift: i64 = 55 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if shift >= 0 {
        (a << (shift as usize), b)
    } else {
        (a, b << ((-shift) as usize))
    };
    let (q, r) = num.div_rem(&den);
    let q = if r.is_zero() {
        q
    } else {
        (q << 1usize) | BigInt::one()
    };
    let extra = if r.is_zero() { 0 } else { 1 };
    let qf = q.to_f64().unwrap_or(f64::INFINITY);
    let exp = -(shift) - extra;
    let r = if exp > 1023 {
        f64::INFINITY
    } else {
        qf * 2f64.powi(exp as i32)
    };
    if r.is_infinite() {
        return Err(vm.err(
            ExcKind::OverflowError,
            "integer division result too large for a float",
        ));
    }
    Ok(if neg { -r } else { r })
}

fn dunder_binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    let (name, rname, _) = dunders(op);
    let ta = vm.type_of(a);
    let tb = vm.type_of(b);
    let same = Rc::ptr_eq(&ta, &tb);
    let fa = lookup_special(vm, a, name);
    let fb = if same {
        None
    } else {
        lookup_special(vm, b, rname)
    };
    // A subclass's reflected method goes first.
    if let Some(f) = &fb
        && tb.is_subclass(&ta)
        && !Rc::ptr_eq(&ta, &tb)
    {
        let r = crate::ops::attr::call_descr_method(vm, f, b, &[b.clone(), a.clone()])?;
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    if let Some(f) = fa
        && !is_builtin_slot(&f, a)
    {
        let r = crate::ops::attr::call_descr_method(vm, &f, a, &[a.clone(), b.clone()])?;
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    if let Some(f) = fb
        && !is_builtin_slot(&f, b)
    {
        let r = crate::ops::attr::call_descr_method(vm, &f, b, &[b.clone(), a.clone()])?;
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    // A sequence times an object with __index__ repeats the sequence.
    if op == BinOp::Mul {
        let is_seq = |v: &Value| {
            matches!(
                v,
                Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)
            )
        };
        if is_seq(a) && lookup_special(vm, b, "__index__").is_some() {
            return repeat(vm, a, b);
        }
        if is_seq(b) && lookup_special(vm, a, "__index__").is_some() {
            return repeat(vm, b, a);
        }
    }
    // Builtin payloads of subclasses of builtins (class MyInt(int)).
    let ua = crate::types::unwrap_builtin(a);
    let ub = crate::types::unwrap_builtin(b);
    if ua.is_some() || ub.is_some() {
        let x = ua.unwrap_or_else(|| a.clone());
        let y = ub.unwrap_or_else(|| b.clone());
        if let Some(r) = builtin_binary(vm, op, &x, &y)? {
            return Ok(r);
        }
    }
    Err(binop_type_error(vm, op, a, b))
}

/// A native dunder of a core builtin value: `builtin_binary` already did its work, so calling
/// it again would only repeat the refusal. Natives of other objects (classes, generic aliases,
/// unions, objects of native modules) are real implementations and are called.
fn is_builtin_slot(f: &Value, operand: &Value) -> bool {
    matches!(f, Value::Native(_)) && !matches!(operand, Value::Class(_) | Value::Opaque(_))
}

#[cold]
pub fn binop_type_error(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> rupy_objects::PyErr {
    let (ta, tb) = (type_name(vm, a), type_name(vm, b));
    if op == BinOp::Add {
        if let Value::Str(_) = a {
            return vm.type_error(format!("can only concatenate str (not \"{}\") to str", tb));
        }
        if let Value::List(_) = a {
            return vm.type_error(format!(
                "can only concatenate list (not \"{}\") to list",
                tb
            ));
        }
        if let Value::Tuple(_) = a {
            return vm.type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                tb
            ));
        }
    }
    if op == BinOp::Mul
        && (matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_))
            || matches!(b, Value::Str(_) | Value::List(_) | Value::Tuple(_)))
    {
        let other = if matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_)) {
            &tb
        } else {
            &ta
        };
        if other != "int" {
            return vm.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                other
            ));
        }
    }
    vm.type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op_symbol(op),
        ta,
        tb
    ))
}

/// `a op= b`.
pub fn inplace(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    match (op, a) {
        (BinOp::Add, Value::List(l)) => {
            let items = crate::ops::iter::collect(vm, b)?;
            let mut v = l.borrow_mut();
            vm.grow(&mut v, items.len())?;
            v.extend(items);
            return Ok(a.clone());
        }
        (BinOp::Add, Value::ByteArray(x)) if matches!(b, Value::Bytes(_) | Value::ByteArray(_)) => {
            let extra: Vec<u8> = match b {
                Value::Bytes(y) => y.to_vec(),
                Value::ByteArray(y) => y.borrow().clone(),
                _ => Vec::new(),
            };
            let mut v = x.borrow_mut();
            vm.grow(&mut v, extra.len())?;
            v.extend(extra);
            return Ok(a.clone());
        }
        (BinOp::Mul, Value::List(l)) => {
            let n = crate::ops::convert::index_of(vm, b)?.max(0) as usize;
            let mut v = l.borrow_mut();
            let orig = v.clone();
            v.clear();
            for _ in 0..n {
                v.extend(orig.iter().cloned());
            }
            return Ok(a.clone());
        }
        (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Value::Set(_))
            if matches!(b, Value::Set(_) | Value::FrozenSet(_)) =>
        {
            return crate::types::set::set_inplace(vm, op, a, b);
        }
        (BinOp::Or, Value::Dict(d)) => {
            crate::types::dict::update(vm, d, b)?;
            return Ok(a.clone());
        }
        (_, Value::Instance(_)) => {
            let (_, _, iname) = dunders(op);
            if let Some(f) = lookup_special(vm, a, iname) {
                let r = crate::ops::attr::call_descr_method(vm, &f, a, &[a.clone(), b.clone()])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        _ => {}
    }
    binary(vm, op, a, b).map_err(|e| inplace_error(vm, e, op, a, b))
}

/// The in-place form of "unsupported operand type(s) for +: ..." says `+=`.
fn inplace_error(
    vm: &mut Vm,
    e: rupy_objects::PyErr,
    op: BinOp,
    a: &Value,
    b: &Value,
) -> rupy_objects::PyErr {
    let sym = op_symbol(op);
    let (ta, tb) = (type_name(vm, a), type_name(vm, b));
    let plain = format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        sym, ta, tb
    );
    match &e.0.value {
        rupy_objects::exc::ErrValue::Lazy(_, Some(m)) if *m == plain => vm.type_error(format!(
            "unsupported operand type(s) for {}=: '{}' and '{}'",
            sym, ta, tb
        )),
        _ => e,
    }
}

pub fn unary(vm: &mut Vm, op: UnOp, a: &Value) -> PyResult<Value> {
    match (op, a) {
        (UnOp::Not, _) => Ok(Value::bool(!crate::ops::convert::truthy(vm, a)?)),
        (UnOp::Neg, Value::Int(i)) => Ok(match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => Value::from_bigint(-BigInt::from(*i)),
        }),
        (UnOp::Neg, Value::Bool(b)) => Ok(Value::Int(-(*b as i64))),
        (UnOp::Neg, Value::BigInt(b)) => Ok(Value::from_bigint(-(**b).clone())),
        (UnOp::Neg, Value::Float(f)) => Ok(Value::float(-f.get())),
        (UnOp::Pos, Value::Int(_) | Value::BigInt(_) | Value::Float(_)) => Ok(a.clone()),
        (UnOp::Pos, Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        (UnOp::Invert, Value::Int(i)) => Ok(Value::Int(!i)),
        (UnOp::Invert, Value::Bool(b)) => Ok(Value::Int(!(*b as i64))),
        (UnOp::Invert, Value::BigInt(b)) => Ok(Value::from_bigint(-(**b).clone() - 1)),
        (UnOp::Neg, Value::Complex(c)) => Ok(Value::Complex(Rc::new((-c.0, -c.1)))),
        (UnOp::Pos, Value::Complex(_)) => Ok(a.clone()),
        _ => {
            let name = match op {
                UnOp::Neg => "__neg__",
                UnOp::Pos => "__pos__",
                UnOp::Invert => "__invert__",
                UnOp::Not => "__bool__",
            };
            if let Some(r) = crate::ops::attr::call_special(vm, a, name, &[])? {
                return Ok(r);
            }
            if let Some(inner) = crate::types::unwrap_builtin(a) {
                return unary(vm, op, &inner);
            }
            let sym = match op {
                UnOp::Neg => "-",
                UnOp::Pos => "+",
                UnOp::Invert => "~",
                UnOp::Not => "not",
            };
            Err(vm.type_error(format!(
                "bad operand type for unary {}: '{}'",
                sym,
                type_name(vm, a)
            )))
        }
    }
}

pub fn str_value(s: &str) -> Value {
    Value::Str(Rc::new(PyStr::new(s)))
}

pub fn new_list(v: Vec<Value>) -> Value {
    Value::list(v)
}
