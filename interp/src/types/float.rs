//! `float`: its methods as natives (is_integer, as_integer_ratio, hex/fromhex, the numeric
//! dunders deferring to the VM's float arithmetic), Python float-literal parsing
//! (`parse_float`), correctly rounded `round()` (`round_float`) and the `float(...)`
//! constructor (`float_new`).

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use rupy_objects::code::{BinOp, CmpOp};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, Payload, PyResult, Value, Vm};

use crate::builtins::args::{add_classmethod, add_method, arity};
use crate::call::call_value;
use crate::ops;
use crate::types::int::{float_to_bigint, int_from_float};
use crate::types::str::{descr_error, is_py_space, str_of, unbound_error};

/// The float inside a value (a float or an instance of a float subclass).
pub fn float_of(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(f.get()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Float(f) => Some(f.get()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Parse Python float syntax (`float('  1_000.5e-3 ')`, `inf`, `nan`, Unicode digits).
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim_matches(is_py_space);
    let mut clean = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    if let Some(&c) = chars.peek()
        && (c == '+' || c == '-')
    {
        clean.push(c);
        chars.next();
    }
    let rest: String = chars.clone().collect();
    let lower = rest.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(if clean == "-" {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Some(if clean == "-" { -f64::NAN } else { f64::NAN });
    }
    // digitpart: digit (["_"] digit)*
    fn digits(
        chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
        out: &mut String,
    ) -> Option<usize> {
        let mut n = 0;
        loop {
            match chars.peek().copied() {
                Some('_') if n > 0 => {
                    chars.next();
                    let d = chars
                        .peek()
                        .copied()
                        .and_then(rupy_objects::format::decimal_value)?;
                    out.push(char::from(b'0' + d as u8));
                    chars.next();
                    n += 1;
                }
                Some(c) => match rupy_objects::format::decimal_value(c) {
                    Some(d) => {
                        out.push(char::from(b'0' + d as u8));
                        chars.next();
                        n += 1;
                    }
                    None => return Some(n),
                },
                None => return Some(n),
            }
        }
    }
    let int_digits = digits(&mut chars, &mut clean)?;
    let mut frac_digits = 0;
    if chars.peek() == Some(&'.') {
        chars.next();
        clean.push('.');
        frac_digits = digits(&mut chars, &mut clean)?;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if matches!(chars.peek(), Some('e' | 'E')) {
        chars.next();
        clean.push('e');
        if let Some(&c) = chars.peek()
            && (c == '+' || c == '-')
        {
            clean.push(c);
            chars.next();
        }
        if digits(&mut chars, &mut clean)? == 0 {
            return None;
        }
    }
    if chars.next().is_some() {
        return None;
    }
    clean.parse::<f64>().ok()
}

/// `round(x)` / `round(x, ndigits)` for floats.
pub fn round_float(vm: &mut Vm, x: f64, ndigits: Option<i64>) -> PyResult<Value> {
    match ndigits {
        None => {
            let r = x.round_ties_even();
            int_from_float(vm, r)
        }
        Some(n) => match rupy_objects::format::float_round(x, n) {
            Ok(r) => Ok(Value::float(r)),
            Err(msg) => Err(vm.err(ExcKind::OverflowError, msg)),
        },
    }
}

fn int_to_f64(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => rupy_objects::format::bigint_to_f64(b)
            .ok_or_else(|| vm.err(ExcKind::OverflowError, "int too large to convert to float")),
        _ => Ok(0.0),
    }
}

/// `float(x)` for one argument.
pub fn float_from_value(vm: &mut Vm, x: &Value) -> PyResult<f64> {
    match x {
        Value::Float(f) => return Ok(f.get()),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => return int_to_f64(vm, x),
        Value::Str(s) => {
            return parse_float(s.as_str()).ok_or_else(|| {
                vm.value_error(format!(
                    "could not convert string to float: {}",
                    crate::types::str::repr_str(s.as_str())
                ))
            });
        }
        Value::Bytes(_) | Value::ByteArray(_) => {
            let data: Vec<u8> = match x {
                Value::Bytes(b) => (**b).clone(),
                Value::ByteArray(b) => b.borrow().clone(),
                _ => Vec::new(),
            };
            let text = std::str::from_utf8(&data).ok().and_then(parse_float);
            return text.ok_or_else(|| {
                let r = crate::ops::repr_string(vm, x).unwrap_or_default();
                vm.value_error(format!("could not convert string to float: {}", r))
            });
        }
        _ => {}
    }
    if matches!(x, Value::Instance(_) | Value::Opaque(_)) {
        if let Some(r) = ops::call_special(vm, x, "__float__", &[])? {
            if let Some(f) = float_of(&r) {
                return Ok(f);
            }
            let (a, b) = (ops::type_name(vm, x), ops::type_name(vm, &r));
            return Err(vm.type_error(format!("{}.__float__ returned non-float (type {})", a, b)));
        }
        if let Some(r) = ops::call_special(vm, x, "__index__", &[])? {
            return int_to_f64(vm, &r);
        }
        if let Some(s) = str_of(x) {
            return float_from_value(vm, &Value::Str(s));
        }
        if let Some(inner) = crate::types::unwrap_builtin(x) {
            return float_from_value(vm, &inner);
        }
    }
    let t = ops::type_name(vm, x);
    Err(vm.type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        t
    )))
}

/// The `float(...)` constructor.
pub fn float_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("float() takes no keyword arguments"));
    }
    arity(vm, "float", args, 0, 1)?;
    match args.first() {
        None => Ok(Value::float(0.0)),
        Some(x) => Ok(Value::float(float_from_value(vm, x)?)),
    }
}

/// `float.hex()`.
pub fn float_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{}0x0.0p+0", sign);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & 0xf_ffff_ffff_ffff;
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    format!(
        "{}0x{}.{:013x}p{}{}",
        sign,
        lead,
        mant,
        if e >= 0 { "+" } else { "-" },
        e.abs()
    )
}

/// x * 2**e without intermediate rounding when the result is representable.
fn ldexp(mut x: f64, mut e: i64) -> f64 {
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e as i32)
}

/// `float.fromhex(s)`: Err(true) for overflow, Err(false) for a malformed string.
pub fn parse_hex_float(s: &str) -> Result<f64, bool> {
    let t = s.trim_matches(is_py_space);
    let (neg, body) = match t.chars().next() {
        Some('-') => (true, &t[1..]),
        Some('+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Ok(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Ok(if neg { -f64::NAN } else { f64::NAN });
    }
    let b = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant_s, exp_s) = match b.find('p') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let (ip, fp) = match mant_s.find('.') {
        Some(i) => (&mant_s[..i], &mant_s[i + 1..]),
        None => (mant_s, ""),
    };
    if ip.is_empty() && fp.is_empty() {
        return Err(false);
    }
    if !ip.chars().chain(fp.chars()).all(|c| c.is_ascii_hexdigit()) {
        return Err(false);
    }
    let mut exp: i64 = 0;
    if let Some(es) = exp_s {
        let (eneg, ed) = match es.chars().next() {
            Some('-') => (true, &es[1..]),
            Some('+') => (false, &es[1..]),
            _ => (false, es),
        };
        if ed.is_empty() || !ed.chars().all(|c| c.is_ascii_digit()) {
            return Err(false);
        }
        let v: i64 = ed.parse().unwrap_or(i64::MAX / 4).min(i64::MAX / 4);
        exp = if eneg { -v } else { v };
    }
    let digits: String = ip.chars().chain(fp.chars()).collect();
    let m = BigInt::parse_bytes(digits.as_bytes(), 16).unwrap_or_default();
    let sign = |v: f64| if neg { -v } else { v };
    if m.is_zero() {
        return Ok(sign(0.0));
    }
    let e = exp.saturating_sub(4 * fp.len() as i64);
    let bits = m.bits() as i64;
    let top = bits + e - 1;
    if top > 1023 {
        return Err(true);
    }
    if top < -1075 {
        return Ok(sign(0.0));
    }
    let keep = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    let shift = bits - keep;
    let (q, lsb_exp) = if shift > 0 {
        let q: BigInt = &m >> (shift as usize);
        let rem: BigInt = &m - (&q << (shift as usize));
        let half = BigInt::from(1) << ((shift - 1) as usize);
        let q = if rem > half || (rem == half && q.bit(0)) {
            q + 1
        } else {
            q
        };
        (q, e + shift)
    } else {
        (m.clone(), e)
    };
    let qf = q.to_f64().unwrap_or(f64::INFINITY);
    let r = ldexp(qf, lsb_exp);
    if r.is_infinite() {
        return Err(true);
    }
    Ok(sign(r))
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<f64> {
    match args.first() {
        Some(v) => float_of(v).ok_or_else(|| descr_error(vm, name, "float", v)),
        None => Err(unbound_error(vm, name, "float")),
    }
}

fn recv0(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<f64> {
    let v = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("float.{}() takes no keyword arguments", name)));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "float.{}() takes no arguments ({} given)",
            name,
            args.len() - 1
        )));
    }
    Ok(v)
}

fn dunder(vm: &mut Vm, args: &[Value], name: &str, n: usize) -> PyResult<f64> {
    let v = recv(vm, args, name)?;
    if args.len() != n + 1 {
        return Err(vm.type_error(format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len() - 1
        )));
    }
    Ok(v)
}

fn f_is_integer(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let x = recv0(vm, args, kw, "is_integer")?;
    Ok(Value::bool(x.is_finite() && x.fract() == 0.0))
}

fn f_as_integer_ratio(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let x = recv0(vm, args, kw, "as_integer_ratio")?;
    if x.is_infinite() {
        return Err(vm.err(
            ExcKind::OverflowError,
            "cannot convert Infinity to integer ratio",
        ));
    }
    if x.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    if x == 0.0 {
        return Ok(Value::tuple(vec![Value::Int(0), Value::Int(1)]));
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = if exp == 0 {
        (bits & 0xf_ffff_ffff_ffff) << 1
    } else {
        (bits & 0xf_ffff_ffff_ffff) | 0x10_0000_0000_0000
    };
    let mut e = exp - 1075;
    let tz = mant.trailing_zeros() as i64;
    mant >>= tz;
    e += tz;
    let n = BigInt::from(mant);
    let n = if x < 0.0 { -n } else { n };
    if e >= 0 {
        Ok(Value::tuple(vec![
            Value::from_bigint(n << (e as usize)),
            Value::Int(1),
        ]))
    } else {
        Ok(Value::tuple(vec![
            Value::from_bigint(n),
            Value::from_bigint(BigInt::from(1) << ((-e) as usize)),
        ]))
    }
}

fn f_hex(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let x = recv0(vm, args, kw, "hex")?;
    Ok(Value::string(float_hex(x)))
}

fn f_fromhex(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("float.fromhex() takes no keyword arguments"));
    }
    let cls = args.first().cloned().unwrap_or(Value::None);
    let rest = args.get(1..).unwrap_or(&[]);
    if rest.len() != 1 {
        return Err(vm.type_error(format!(
            "float.fromhex() takes exactly one argument ({} given)",
            rest.len()
        )));
    }
    let Some(s) = str_of(&rest[0]) else {
        let t = ops::type_name(vm, &rest[0]);
        return Err(vm.type_error(format!("fromhex() argument must be str, not {}", t)));
    };
    let r = match parse_hex_float(s.as_str()) {
        Ok(f) => Value::float(f),
        Err(true) => {
            return Err(vm.err(
                ExcKind::OverflowError,
                "hexadecimal value too large to represent as a float",
            ));
        }
        Err(false) => return Err(vm.value_error("invalid hexadecimal floating-point string")),
    };
    match &cls {
        Value::Class(c) if !Rc::ptr_eq(c, &vm.types.float) => call_value(vm, &cls, &[r], &[]),
        _ => Ok(r),
    }
}

fn f_conjugate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::float(recv0(vm, args, kw, "conjugate")?))
}

fn f_round(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let x = recv(vm, args, "__round__")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("float.__round__() takes no keyword arguments"));
    }
    arity(vm, "__round__", &args[1..], 0, 1)?;
    match args.get(1) {
        None | Some(Value::None) => round_float(vm, x, None),
        Some(n) => {
            let n = match ops::to_index(vm, n)? {
                Value::Int(i) => i,
                Value::BigInt(b) => {
                    if num_traits::Signed::is_negative(&*b) {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    }
                }
                _ => 0,
            };
            round_float(vm, x, Some(n))
        }
    }
}

fn to_int_value(vm: &mut Vm, x: f64) -> PyResult<Value> {
    int_from_float(vm, x)
}

fn f_trunc(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__trunc__", 0)?;
    to_int_value(vm, x)
}
fn f_int(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__int__", 0)?;
    to_int_value(vm, x)
}
fn f_floor(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__floor__", 0)?;
    to_int_value(vm, x.floor())
}
fn f_ceil(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__ceil__", 0)?;
    to_int_value(vm, x.ceil())
}
fn f_float(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::float(dunder(vm, args, "__float__", 0)?))
}
fn f_abs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::float(dunder(vm, args, "__abs__", 0)?.abs()))
}
fn f_neg(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::float(-dunder(vm, args, "__neg__", 0)?))
}
fn f_pos(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::float(dunder(vm, args, "__pos__", 0)?))
}
fn f_bool(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::bool(dunder(vm, args, "__bool__", 0)? != 0.0))
}
fn f_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__hash__", 0)?;
    Ok(Value::Int(rupy_objects::int::hash_f64(x)))
}
fn f_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__repr__", 0)?;
    Ok(Value::string(rupy_objects::format::float_repr(x)))
}
fn f_format(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__format__", 1)?;
    let Some(spec) = str_of(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("__format__() argument must be str, not {}", t)));
    };
    if spec.as_str().is_empty() {
        return Ok(Value::Str(ops::to_str(vm, &args[0])?));
    }
    crate::builtins::format_value(vm, &Value::float(x), spec.as_str())
}
fn f_getnewargs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__getnewargs__", 0)?;
    Ok(Value::tuple(vec![Value::float(x)]))
}

/// A numeric operand for float arithmetic: floats, ints (OverflowError when too large).
fn operand(vm: &mut Vm, v: &Value) -> PyResult<Option<f64>> {
    if let Some(f) = float_of(v) {
        return Ok(Some(f));
    }
    match crate::types::int::int_of(v) {
        Some(i) => Ok(Some(int_to_f64(vm, &i)?)),
        None => Ok(None),
    }
}

fn binop(vm: &mut Vm, args: &[Value], name: &str, op: BinOp, reflected: bool) -> PyResult<Value> {
    let x = dunder(vm, args, name, 1)?;
    let Some(y) = operand(vm, &args[1])? else {
        return Ok(Value::NotImplemented);
    };
    let (a, b) = if reflected { (y, x) } else { (x, y) };
    ops::float_op(vm, op, a, b)
}

macro_rules! float_binops {
    ($($f:ident, $name:literal, $op:expr, $refl:expr);* $(;)?) => {
        $(
            fn $f(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                binop(vm, args, $name, $op, $refl)
            }
        )*
    };
}

float_binops! {
    f_add, "__add__", BinOp::Add, false;
    f_radd, "__radd__", BinOp::Add, true;
    f_sub, "__sub__", BinOp::Sub, false;
    f_rsub, "__rsub__", BinOp::Sub, true;
    f_mul, "__mul__", BinOp::Mul, false;
    f_rmul, "__rmul__", BinOp::Mul, true;
    f_truediv, "__truediv__", BinOp::TrueDiv, false;
    f_rtruediv, "__rtruediv__", BinOp::TrueDiv, true;
    f_floordiv, "__floordiv__", BinOp::FloorDiv, false;
    f_rfloordiv, "__rfloordiv__", BinOp::FloorDiv, true;
    f_mod, "__mod__", BinOp::Mod, false;
    f_rmod, "__rmod__", BinOp::Mod, true;
}

fn pow_common(vm: &mut Vm, args: &[Value], name: &str, reflected: bool) -> PyResult<Value> {
    let x = recv(vm, args, name)?;
    arity(vm, name, &args[1..], 1, 2)?;
    if let Some(m) = args.get(2)
        && !m.is_none()
    {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    let Some(y) = operand(vm, &args[1])? else {
        return Ok(Value::NotImplemented);
    };
    let (a, b) = if reflected { (y, x) } else { (x, y) };
    ops::float_pow(vm, a, b)
}

fn f_pow(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    pow_common(vm, args, "__pow__", false)
}
fn f_rpow(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    pow_common(vm, args, "__rpow__", true)
}

fn divmod_f(vm: &mut Vm, a: f64, b: f64) -> PyResult<Value> {
    if b == 0.0 {
        return Err(vm.err(ExcKind::ZeroDivisionError, "float divmod()"));
    }
    let (q, r) = ops::float_divmod(a, b);
    Ok(Value::tuple(vec![Value::float(q), Value::float(r)]))
}

fn f_divmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__divmod__", 1)?;
    let Some(y) = operand(vm, &args[1])? else {
        return Ok(Value::NotImplemented);
    };
    divmod_f(vm, x, y)
}

fn f_rdivmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let x = dunder(vm, args, "__rdivmod__", 1)?;
    let Some(y) = operand(vm, &args[1])? else {
        return Ok(Value::NotImplemented);
    };
    divmod_f(vm, y, x)
}

fn cmp(vm: &mut Vm, args: &[Value], name: &str, op: CmpOp) -> PyResult<Value> {
    let x = dunder(vm, args, name, 1)?;
    let other = &args[1];
    let y = if let Some(f) = float_of(other) {
        Value::float(f)
    } else if let Some(i) = crate::types::int::int_of(other) {
        i
    } else {
        return Ok(Value::NotImplemented);
    };
    ops::richcompare(vm, op, &Value::float(x), &y)
}

macro_rules! float_cmps {
    ($($f:ident, $name:literal, $op:expr);* $(;)?) => {
        $(
            fn $f(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                cmp(vm, args, $name, $op)
            }
        )*
    };
}

float_cmps! {
    f_eq, "__eq__", CmpOp::Eq;
    f_ne, "__ne__", CmpOp::Ne;
    f_lt, "__lt__", CmpOp::Lt;
    f_le, "__le__", CmpOp::Le;
    f_gt, "__gt__", CmpOp::Gt;
    f_ge, "__ge__", CmpOp::Ge;
}

/// An integral float as an exact int value (used by int(x) for big floats).
pub fn float_to_int_exact(x: f64) -> Value {
    Value::from_bigint(float_to_bigint(x.trunc()))
}

pub fn init(vm: &mut Vm) {
    vm.types.float.set_filler(fill);
}

/// `float`'s methods, added when the type's dict is first used.
fn fill(t: &rupy_objects::Class) {
    add_method(t, "float", "__new__", super::new_float);
    let methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("is_integer", f_is_integer),
        ("as_integer_ratio", f_as_integer_ratio),
        ("hex", f_hex),
        ("conjugate", f_conjugate),
        ("__round__", f_round),
        ("__trunc__", f_trunc),
        ("__int__", f_int),
        ("__floor__", f_floor),
        ("__ceil__", f_ceil),
        ("__float__", f_float),
        ("__abs__", f_abs),
        ("__neg__", f_neg),
        ("__pos__", f_pos),
        ("__bool__", f_bool),
        ("__hash__", f_hash),
        ("__repr__", f_repr),
        ("__format__", f_format),
        ("__getnewargs__", f_getnewargs),
        ("__add__", f_add),
        ("__radd__", f_radd),
        ("__sub__", f_sub),
        ("__rsub__", f_rsub),
        ("__mul__", f_mul),
        ("__rmul__", f_rmul),
        ("__truediv__", f_truediv),
        ("__rtruediv__", f_rtruediv),
        ("__floordiv__", f_floordiv),
        ("__rfloordiv__", f_rfloordiv),
        ("__mod__", f_mod),
        ("__rmod__", f_rmod),
        ("__divmod__", f_divmod),
        ("__rdivmod__", f_rdivmod),
        ("__pow__", f_pow),
        ("__rpow__", f_rpow),
        ("__eq__", f_eq),
        ("__ne__", f_ne),
        ("__lt__", f_lt),
        ("__le__", f_le),
        ("__gt__", f_gt),
        ("__ge__", f_ge),
    ];
    for (name, f) in methods {
        add_method(t, "float", name, *f);
    }
    add_classmethod(t, "float", "fromhex", f_fromhex);
}
