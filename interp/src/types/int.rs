//! `int` (and `bool`'s own methods): bit_length/bit_count, to_bytes/from_bytes,
//! as_integer_ratio, the numeric dunders as natives that defer to the VM's arithmetic,
//! decimal conversion with CPython's 4300-digit limit (`IntConfig`), parsing of int literals
//! in any base (`int_from_str`), and the `int(...)` constructor (`int_new`).

use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use rupy_objects::code::{BinOp, CmpOp, UnOp};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::int::to_bigint;
use rupy_objects::{KwArgs, Payload, PyResult, Truth, Value, Vm};

use crate::builtins::args::{add_classmethod, add_method, arity, bind};
use crate::call::call_value;
use crate::ops;
use crate::types::str::{descr_error, is_py_space, ssize_arg, str_of, unbound_error};

/// Per-interpreter int settings (`sys.set_int_max_str_digits`).
pub struct IntConfig {
    /// Maximum decimal digits for str <-> int conversion; 0 disables the limit.
    pub max_str_digits: std::cell::Cell<usize>,
}

impl Default for IntConfig {
    fn default() -> Self {
        IntConfig {
            max_str_digits: std::cell::Cell::new(4300),
        }
    }
}

/// The int inside a value (bools become plain ints), including int-subclass instances.
pub fn int_of(v: &Value) -> Option<Value> {
    match v {
        Value::Int(_) | Value::BigInt(_) => Some(v.clone()),
        Value::Bool(b) => Some(Value::Int(*b as i64)),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                x @ (Value::Int(_) | Value::BigInt(_)) => Some(x.clone()),
                Value::Bool(b) => Some(Value::Int(*b as i64)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn big(v: &Value) -> BigInt {
    to_bigint(v).unwrap_or_default()
}

/// Decimal text of a big int, honouring the digit limit.
pub fn big_to_string(vm: &mut Vm, b: &BigInt) -> PyResult<String> {
    let limit = vm.shared_state::<IntConfig>().max_str_digits.get();
    if limit > 0 {
        let bits = b.bits();
        // Lower bound on the digit count: floor((bits - 1) * log10(2)) + 1.
        let min_digits =
            ((bits.saturating_sub(1)) as f64 * std::f64::consts::LOG10_2).floor() as usize + 1;
        if min_digits > limit + 1 {
            return Err(limit_error(vm, limit));
        }
        let s = b.to_string();
        let digits = s.len() - usize::from(s.starts_with('-'));
        if digits > limit {
            return Err(limit_error(vm, limit));
        }
        return Ok(s);
    }
    Ok(b.to_string())
}

fn limit_error(vm: &mut Vm, limit: usize) -> rupy_objects::PyErr {
    vm.value_error(format!(
        "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        limit
    ))
}

/// `repr(int)`.
pub fn int_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok((*b as i64).to_string()),
        Value::BigInt(b) => big_to_string(vm, b),
        _ => Ok(String::new()),
    }
}

fn invalid_literal(vm: &mut Vm, s: &str, base: u32) -> rupy_objects::PyErr {
    let r = crate::types::str::repr_str(s);
    let r: String = r.chars().take(200).collect();
    vm.value_error(format!(
        "invalid literal for int() with base {}: {}",
        base, r
    ))
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        'a'..='z' => Some(c as u32 - 'a' as u32 + 10),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        _ => rupy_objects::format::decimal_value(c),
    }
}

/// `int(s, base)` for a string: whitespace, sign, base prefixes (for base 0/2/8/16),
/// underscores between digits, Unicode decimal digits.
pub fn int_from_str(vm: &mut Vm, s: &str, base: u32) -> PyResult<Value> {
    let t = s.trim_matches(is_py_space);
    let (neg, body) = match t.chars().next() {
        Some('-') => (true, &t[1..]),
        Some('+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower2: String = body
        .chars()
        .take(2)
        .collect::<String>()
        .to_ascii_lowercase();
    let mut b = base;
    let mut digits_part = body;
    let mut had_prefix = false;
    if body.len() >= 2 && body.starts_with('0') {
        let p = match lower2.as_str() {
            "0x" => Some(16),
            "0o" => Some(8),
            "0b" => Some(2),
            _ => None,
        };
        if let Some(p) = p
            && (base == 0 || base == p)
        {
            b = p;
            digits_part = &body[2..];
            had_prefix = true;
        }
    }
    if b == 0 {
        b = 10;
    }
    // Collect digits: groups separated by single underscores; one underscore may follow a
    // base prefix.
    let mut digits: Vec<u8> = Vec::with_capacity(digits_part.len());
    let mut chars = digits_part.chars().peekable();
    if had_prefix && chars.peek() == Some(&'_') {
        chars.next();
    }
    let mut after_sep = true;
    for c in chars {
        if c == '_' {
            if after_sep {
                return Err(invalid_literal(vm, s, base));
            }
            after_sep = true;
            continue;
        }
        let Some(d) = digit_value(c) else {
            return Err(invalid_literal(vm, s, base));
        };
        if d >= b {
            return Err(invalid_literal(vm, s, base));
        }
        digits.push(if d < 10 {
            b'0' + d as u8
        } else {
            b'a' + (d - 10) as u8
        });
        after_sep = false;
    }
    if after_sep {
        return Err(invalid_literal(vm, s, base));
    }
    // Base 0 forbids leading zeros in non-zero decimal literals.
    if base == 0
        && !had_prefix
        && digits.len() > 1
        && digits[0] == b'0'
        && digits.iter().any(|d| *d != b'0')
    {
        return Err(invalid_literal(vm, s, base));
    }
    if !b.is_power_of_two() {
        let limit = vm.shared_state::<IntConfig>().max_str_digits.get();
        if limit > 0 && digits.len() > limit {
            return Err(vm.value_error(format!(
                "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                limit,
                digits.len()
            )));
        }
    }
    if b == 10 && digits.len() <= 18 {
        let mut acc: i64 = 0;
        for d in &digits {
            acc = acc * 10 + (d - b'0') as i64;
        }
        return Ok(Value::Int(if neg { -acc } else { acc }));
    }
    let v = BigInt::parse_bytes(&digits, b).unwrap_or_default();
    Ok(Value::from_bigint(if neg { -v } else { v }))
}

/// `int(x)` for a float.
pub fn int_from_float(vm: &mut Vm, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.err(
            ExcKind::OverflowError,
            "cannot convert float infinity to integer",
        ));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(Value::from_bigint(float_to_bigint(t)))
}

/// An integral finite float as a BigInt (exact).
pub fn float_to_bigint(f: f64) -> BigInt {
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 {
        (bits & 0xf_ffff_ffff_ffff) << 1
    } else {
        (bits & 0xf_ffff_ffff_ffff) | 0x10_0000_0000_0000
    };
    let e = exp - 1075;
    let m = BigInt::from(mant);
    let v = if e >= 0 {
        m << (e as usize)
    } else {
        m >> ((-e) as usize)
    };
    if f < 0.0 { -v } else { v }
}

fn bytes_to_text(b: &[u8]) -> String {
    b.iter().map(|x| *x as char).collect()
}

/// The `int(...)` constructor: `int()`, `int(x)`, `int(s, base)`.
pub fn int_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    for (k, _) in kwargs {
        if k.as_str() != "base" {
            let hint = if k.as_str().len() > 2 && "base".starts_with(&k.as_str()[..2]) {
                ". Did you mean 'base'?"
            } else {
                ""
            };
            return Err(vm.type_error(format!(
                "int() got an unexpected keyword argument '{}'{}",
                k.as_str(),
                hint
            )));
        }
    }
    arity(vm, "int", args, 0, 2)?;
    let base_v = match (args.get(1), kwargs.first()) {
        (Some(_), Some(_)) => {
            return Err(vm.type_error("argument for int() given by name ('base') and position (2)"));
        }
        (Some(b), None) => Some(b.clone()),
        (None, Some((_, b))) => Some(b.clone()),
        (None, None) => None,
    };
    let Some(x) = args.first() else {
        if base_v.is_some() {
            return Err(vm.type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    if let Some(bv) = base_v {
        let base = ssize_arg(vm, &bv)?;
        if base != 0 && !(2..=36).contains(&base) {
            return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        let text = if let Some(s) = str_of(x) {
            s.as_str().to_owned()
        } else {
            match x {
                Value::Bytes(b) => bytes_to_text(b),
                Value::ByteArray(b) => bytes_to_text(&b.borrow()),
                _ => return Err(vm.type_error("int() can't convert non-string with explicit base")),
            }
        };
        return int_from_str(vm, &text, base as u32);
    }
    int_from_value(vm, x)
}

/// `int(x)` for any single argument.
pub fn int_from_value(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) | Value::BigInt(_) => return Ok(x.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Float(f) => return int_from_float(vm, f.get()),
        Value::Str(s) => return int_from_str(vm, s.as_str(), 10),
        Value::Bytes(b) => return int_from_str(vm, &bytes_to_text(b), 10),
        Value::ByteArray(b) => {
            let t = bytes_to_text(&b.borrow());
            return int_from_str(vm, &t, 10);
        }
        _ => {}
    }
    if matches!(x, Value::Instance(_) | Value::Opaque(_)) {
        for name in ["__int__", "__index__"] {
            if let Some(r) = ops::call_special(vm, x, name, &[])? {
                if let Some(v) = int_of(&r) {
                    return Ok(v);
                }
                let t = ops::type_name(vm, &r);
                return Err(vm.type_error(format!("{} returned non-int (type {})", name, t)));
            }
        }
        if let Some(r) = ops::call_special(vm, x, "__trunc__", &[])? {
            if let Some(v) = int_of(&r) {
                return Ok(v);
            }
            return int_from_value(vm, &r).map_err(|_| {
                let t = ops::type_name(vm, &r);
                vm.type_error(format!("__trunc__ returned non-Integral (type {})", t))
            });
        }
        if let Some(inner) = crate::types::unwrap_builtin(x) {
            return int_from_value(vm, &inner);
        }
    }
    let t = ops::type_name(vm, x);
    Err(vm.type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        t
    )))
}

/// `real`, `imag`, `numerator`, `denominator` of ints and bools.
pub fn int_attr(_vm: &mut Vm, v: &Value, name: &str) -> Option<Value> {
    let i = int_of(v)?;
    match name {
        "real" | "numerator" => Some(i),
        "imag" => Some(Value::Int(0)),
        "denominator" => Some(Value::Int(1)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    match args.first() {
        Some(v) => int_of(v).ok_or_else(|| descr_error(vm, name, "int", v)),
        None => Err(unbound_error(vm, name, "int")),
    }
}

fn recv0(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<Value> {
    let v = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("int.{}() takes no keyword arguments", name)));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "int.{}() takes no arguments ({} given)",
            name,
            args.len() - 1
        )));
    }
    Ok(v)
}

fn dunder(vm: &mut Vm, args: &[Value], name: &str, n: usize) -> PyResult<Value> {
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

fn int_bit_length(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let v = recv0(vm, args, kw, "bit_length")?;
    Ok(Value::Int(match v {
        Value::Int(i) => 64 - i.unsigned_abs().leading_zeros() as i64,
        other => big(&other).bits() as i64,
    }))
}

fn int_bit_count(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let v = recv0(vm, args, kw, "bit_count")?;
    Ok(Value::Int(match v {
        Value::Int(i) => i.unsigned_abs().count_ones() as i64,
        other => big(&other)
            .magnitude()
            .iter_u64_digits()
            .map(|d| d.count_ones() as i64)
            .sum(),
    }))
}

fn byteorder_arg(vm: &mut Vm, v: Option<Value>, fname: &str) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(v) => match str_of(&v) {
            Some(s) => match s.as_str() {
                "big" => Ok(false),
                "little" => Ok(true),
                _ => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
            },
            None => {
                let t = ops::type_name(vm, &v);
                Err(vm.type_error(format!(
                    "{}() argument 'byteorder' must be str, not {}",
                    fname, t
                )))
            }
        },
    }
}

fn int_to_bytes(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let v = recv(vm, args, "to_bytes")?;
    if args.len() > 3 {
        return Err(vm.type_error(format!(
            "to_bytes() takes at most 2 positional arguments ({} given)",
            args.len() - 1
        )));
    }
    let [length, order, signed] = bind(
        vm,
        "to_bytes",
        &args[1..],
        kwargs,
        ["length", "byteorder", "signed"],
        0,
    )?;
    let length = match length {
        Some(l) => ssize_arg(vm, &l)?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let little = byteorder_arg(vm, order, "to_bytes")?;
    let signed = match signed {
        Some(s) => ops::truthy(vm, &s)?,
        None => false,
    };
    let b = big(&v);
    if b.is_negative() && !signed {
        return Err(vm.err(
            ExcKind::OverflowError,
            "can't convert negative int to unsigned",
        ));
    }
    let mut bytes = if signed {
        b.to_signed_bytes_le()
    } else {
        b.to_bytes_le().1
    };
    if b.is_zero() {
        bytes.clear();
    }
    if bytes.len() > length as usize {
        return Err(vm.err(ExcKind::OverflowError, "int too big to convert"));
    }
    let fill = if b.is_negative() { 0xff } else { 0 };
    bytes.resize(length as usize, fill);
    if !little {
        bytes.reverse();
    }
    Ok(Value::Bytes(Rc::new(bytes)))
}

fn int_from_bytes(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let cls = args.first().cloned().unwrap_or(Value::None);
    let rest = args.get(1..).unwrap_or(&[]);
    if rest.len() > 2 {
        return Err(vm.type_error(format!(
            "from_bytes() takes at most 2 positional arguments ({} given)",
            rest.len()
        )));
    }
    let [data, order, signed] = bind(
        vm,
        "from_bytes",
        rest,
        kwargs,
        ["bytes", "byteorder", "signed"],
        1,
    )?;
    let data = data.unwrap_or(Value::None);
    let bytes = match &data {
        Value::Bytes(b) => (**b).clone(),
        Value::ByteArray(b) => b.borrow().clone(),
        Value::Str(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::None
        | Value::BigInt(_)
        | Value::Bool(_) => {
            let t = ops::type_name(vm, &data);
            return Err(vm.type_error(format!("cannot convert '{}' object to bytes", t)));
        }
        other => crate::types::bytes::bytes_from_iterable(vm, other)?,
    };
    let little = byteorder_arg(vm, order, "from_bytes")?;
    let signed = match signed {
        Some(s) => ops::truthy(vm, &s)?,
        None => false,
    };
    let v = match (little, signed) {
        (true, true) => BigInt::from_signed_bytes_le(&bytes),
        (false, true) => BigInt::from_signed_bytes_be(&bytes),
        (true, false) => BigInt::from_bytes_le(Sign::Plus, &bytes),
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &bytes),
    };
    let r = Value::from_bigint(v);
    match &cls {
        Value::Class(c) if Rc::ptr_eq(c, &vm.types.int) => Ok(r),
        Value::Class(c) if Rc::ptr_eq(c, &vm.types.bool_) => {
            Ok(Value::bool(!rupy_objects::int::is_zero(&r)))
        }
        Value::Class(_) => call_value(vm, &cls, &[r], &[]),
        _ => Ok(r),
    }
}

fn int_as_integer_ratio(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let v = recv0(vm, args, kw, "as_integer_ratio")?;
    Ok(Value::tuple(vec![v, Value::Int(1)]))
}

fn int_conjugate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    recv0(vm, args, kw, "conjugate")
}

fn int_is_integer(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    recv0(vm, args, kw, "is_integer")?;
    Ok(Value::Bool(Truth::True))
}

fn same(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    dunder(vm, args, name, 0)
}
fn int_index(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    same(vm, args, "__index__")
}
fn int_int(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    same(vm, args, "__int__")
}
fn int_trunc(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    same(vm, args, "__trunc__")
}
fn int_floor(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    same(vm, args, "__floor__")
}
fn int_ceil(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    same(vm, args, "__ceil__")
}
fn int_pos(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    same(vm, args, "__pos__")
}

fn int_float(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = dunder(vm, args, "__float__", 0)?;
    Ok(Value::float(match v {
        Value::Int(i) => i as f64,
        other => ops::big_to_f64(vm, &big(&other))?,
    }))
}

fn int_bool(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = dunder(vm, args, "__bool__", 0)?;
    Ok(Value::bool(!rupy_objects::int::is_zero(&v)))
}

fn int_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = dunder(vm, args, "__hash__", 0)?;
    Ok(Value::Int(ops::hash(vm, &v)?))
}

fn int_repr_native(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = dunder(vm, args, "__repr__", 0)?;
    Ok(Value::string(int_repr(vm, &v)?))
}

fn int_format(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = dunder(vm, args, "__format__", 1)?;
    let Some(spec) = str_of(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("__format__() argument must be str, not {}", t)));
    };
    if spec.as_str().is_empty() {
        return Ok(Value::Str(ops::to_str(vm, &args[0])?));
    }
    let v = if matches!(args[0], Value::Bool(_)) {
        args[0].clone()
    } else {
        v
    };
    crate::builtins::format_value(vm, &v, spec.as_str())
}

fn int_unary(vm: &mut Vm, args: &[Value], name: &str, op: UnOp) -> PyResult<Value> {
    let v = dunder(vm, args, name, 0)?;
    ops::unary(vm, op, &v)
}
fn int_neg(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    int_unary(vm, args, "__neg__", UnOp::Neg)
}
fn int_invert(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    int_unary(vm, args, "__invert__", UnOp::Invert)
}
fn int_abs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = dunder(vm, args, "__abs__", 0)?;
    Ok(match v {
        Value::Int(i) if i != i64::MIN => Value::Int(i.abs()),
        other => Value::from_bigint(big(&other).abs()),
    })
}

fn int_round(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let v = recv(vm, args, "__round__")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("int.__round__() takes no keyword arguments"));
    }
    arity(vm, "__round__", &args[1..], 0, 1)?;
    let Some(nd) = args.get(1) else { return Ok(v) };
    let nd = ops::to_index(vm, nd)?;
    let n = match nd {
        Value::Int(n) => n,
        Value::BigInt(b) => {
            if b.is_negative() {
                return Ok(Value::Int(0));
            }
            return Ok(v);
        }
        _ => 0,
    };
    Ok(round_int(&big(&v), n))
}

/// `round(i, n)` for an int: unchanged for n >= 0, else round half to even at 10**-n.
pub fn round_int(b: &BigInt, n: i64) -> Value {
    if n >= 0 {
        return Value::from_bigint(b.clone());
    }
    if n < -10000 {
        return Value::Int(0);
    }
    let p = num_traits::pow(BigInt::from(10), (-n) as usize);
    let (q, r) = b.div_mod_floor(&p);
    let twice = &r * 2;
    let q = if twice > p || (twice == p && q.is_odd()) {
        q + 1
    } else {
        q
    };
    Value::from_bigint(q * p)
}

/// Three-argument `pow` for ints.
pub fn int_pow_mod(vm: &mut Vm, b: &BigInt, e: &BigInt, m: &BigInt) -> PyResult<Value> {
    if m.is_zero() {
        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
    }
    let (b, e) = if e.is_negative() {
        let g = b.extended_gcd(m);
        if !g.gcd.abs().is_one() {
            return Err(vm.value_error("base is not invertible for the given modulus"));
        }
        (g.x.mod_floor(m), -e)
    } else {
        (b.mod_floor(&m.abs()), e.clone())
    };
    let r = b.modpow(&e, &m.abs());
    let r = if m.is_negative() && !r.is_zero() {
        r + m
    } else {
        r
    };
    Ok(Value::from_bigint(r))
}

fn binop(vm: &mut Vm, args: &[Value], name: &str, op: BinOp, reflected: bool) -> PyResult<Value> {
    let a = dunder(vm, args, name, 1)?;
    let Some(b) = int_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    if reflected {
        ops::binary(vm, op, &b, &a)
    } else {
        ops::binary(vm, op, &a, &b)
    }
}

macro_rules! int_binops {
    ($($f:ident, $name:literal, $op:expr, $refl:expr);* $(;)?) => {
        $(
            fn $f(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                binop(vm, args, $name, $op, $refl)
            }
        )*
    };
}

int_binops! {
    int_add, "__add__", BinOp::Add, false;
    int_radd, "__radd__", BinOp::Add, true;
    int_sub, "__sub__", BinOp::Sub, false;
    int_rsub, "__rsub__", BinOp::Sub, true;
    int_mul, "__mul__", BinOp::Mul, false;
    int_rmul, "__rmul__", BinOp::Mul, true;
    int_truediv, "__truediv__", BinOp::TrueDiv, false;
    int_rtruediv, "__rtruediv__", BinOp::TrueDiv, true;
    int_floordiv, "__floordiv__", BinOp::FloorDiv, false;
    int_rfloordiv, "__rfloordiv__", BinOp::FloorDiv, true;
    int_mod, "__mod__", BinOp::Mod, false;
    int_rmod, "__rmod__", BinOp::Mod, true;
    int_lshift, "__lshift__", BinOp::LShift, false;
    int_rlshift, "__rlshift__", BinOp::LShift, true;
    int_rshift, "__rshift__", BinOp::RShift, false;
    int_rrshift, "__rrshift__", BinOp::RShift, true;
    int_and, "__and__", BinOp::And, false;
    int_rand, "__rand__", BinOp::And, true;
    int_or, "__or__", BinOp::Or, false;
    int_ror, "__ror__", BinOp::Or, true;
    int_xor, "__xor__", BinOp::Xor, false;
    int_rxor, "__rxor__", BinOp::Xor, true;
}

fn divmod_values(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    if rupy_objects::int::is_zero(b) {
        return Err(vm.err(
            ExcKind::ZeroDivisionError,
            "integer division or modulo by zero",
        ));
    }
    let q = ops::binary(vm, BinOp::FloorDiv, a, b)?;
    let r = ops::binary(vm, BinOp::Mod, a, b)?;
    Ok(Value::tuple(vec![q, r]))
}

fn int_divmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let a = dunder(vm, args, "__divmod__", 1)?;
    let Some(b) = int_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    divmod_values(vm, &a, &b)
}

fn int_rdivmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let a = dunder(vm, args, "__rdivmod__", 1)?;
    let Some(b) = int_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    divmod_values(vm, &b, &a)
}

fn pow_common(vm: &mut Vm, args: &[Value], name: &str, reflected: bool) -> PyResult<Value> {
    let a = recv(vm, args, name)?;
    arity(vm, name, &args[1..], 1, 2)?;
    let Some(b) = int_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    match args.get(2) {
        None | Some(Value::None) => ops::binary(vm, BinOp::Pow, &x, &y),
        Some(m) => {
            let Some(m) = int_of(m) else {
                return Ok(Value::NotImplemented);
            };
            int_pow_mod(vm, &big(&x), &big(&y), &big(&m))
        }
    }
}

fn int_pow(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    pow_common(vm, args, "__pow__", false)
}
fn int_rpow(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    pow_common(vm, args, "__rpow__", true)
}

fn cmp(vm: &mut Vm, args: &[Value], name: &str, op: CmpOp) -> PyResult<Value> {
    let a = dunder(vm, args, name, 1)?;
    let Some(b) = int_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    ops::compare(vm, op, &a, &b)
}

macro_rules! int_cmps {
    ($($f:ident, $name:literal, $op:expr);* $(;)?) => {
        $(
            fn $f(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                cmp(vm, args, $name, $op)
            }
        )*
    };
}

int_cmps! {
    int_eq, "__eq__", CmpOp::Eq;
    int_ne, "__ne__", CmpOp::Ne;
    int_lt, "__lt__", CmpOp::Lt;
    int_le, "__le__", CmpOp::Le;
    int_gt, "__gt__", CmpOp::Gt;
    int_ge, "__ge__", CmpOp::Ge;
}

fn int_getnewargs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = dunder(vm, args, "__getnewargs__", 0)?;
    Ok(Value::tuple(vec![v]))
}

// ---------------------------------------------------------------------------------------------
// bool
// ---------------------------------------------------------------------------------------------

fn bool_of(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(b.get()),
        _ => None,
    }
}

fn bool_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.first() {
        Some(Value::Bool(b)) if args.len() == 1 => {
            Ok(Value::str(if b.get() { "True" } else { "False" }))
        }
        Some(v @ Value::Bool(_)) => {
            let _ = v;
            Err(vm.type_error(format!("expected 0 arguments, got {}", args.len() - 1)))
        }
        Some(v) => Err(descr_error(vm, "__repr__", "bool", v)),
        None => Err(unbound_error(vm, "__repr__", "bool")),
    }
}

fn bool_logic(vm: &mut Vm, args: &[Value], name: &str, op: BinOp) -> PyResult<Value> {
    let Some(a) = args.first().and_then(bool_of) else {
        return match args.first() {
            Some(v) => Err(descr_error(vm, name, "bool", v)),
            None => Err(unbound_error(vm, name, "bool")),
        };
    };
    if args.len() != 2 {
        return Err(vm.type_error(format!("expected 1 argument, got {}", args.len() - 1)));
    }
    if let Some(b) = bool_of(&args[1]) {
        return Ok(Value::bool(match op {
            BinOp::And => a & b,
            BinOp::Or => a | b,
            _ => a ^ b,
        }));
    }
    let Some(b) = int_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    ops::binary(vm, op, &Value::Int(a as i64), &b)
}

fn bool_and(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bool_logic(vm, args, "__and__", BinOp::And)
}
fn bool_or(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bool_logic(vm, args, "__or__", BinOp::Or)
}
fn bool_xor(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bool_logic(vm, args, "__xor__", BinOp::Xor)
}

pub fn init(vm: &mut Vm) {
    vm.types.int.set_filler(fill_int);
    vm.types.bool_.set_filler(fill_bool);
}

/// `int`'s methods, added when the type's dict is first used.
fn fill_int(t: &rupy_objects::Class) {
    add_method(t, "int", "__new__", super::new_int);
    let methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("bit_length", int_bit_length),
        ("bit_count", int_bit_count),
        ("to_bytes", int_to_bytes),
        ("as_integer_ratio", int_as_integer_ratio),
        ("conjugate", int_conjugate),
        ("is_integer", int_is_integer),
        ("__index__", int_index),
        ("__int__", int_int),
        ("__trunc__", int_trunc),
        ("__floor__", int_floor),
        ("__ceil__", int_ceil),
        ("__pos__", int_pos),
        ("__neg__", int_neg),
        ("__invert__", int_invert),
        ("__abs__", int_abs),
        ("__float__", int_float),
        ("__bool__", int_bool),
        ("__hash__", int_hash),
        ("__repr__", int_repr_native),
        ("__format__", int_format),
        ("__round__", int_round),
        ("__add__", int_add),
        ("__radd__", int_radd),
        ("__sub__", int_sub),
        ("__rsub__", int_rsub),
        ("__mul__", int_mul),
        ("__rmul__", int_rmul),
        ("__truediv__", int_truediv),
        ("__rtruediv__", int_rtruediv),
        ("__floordiv__", int_floordiv),
        ("__rfloordiv__", int_rfloordiv),
        ("__mod__", int_mod),
        ("__rmod__", int_rmod),
        ("__divmod__", int_divmod),
        ("__rdivmod__", int_rdivmod),
        ("__pow__", int_pow),
        ("__rpow__", int_rpow),
        ("__lshift__", int_lshift),
        ("__rlshift__", int_rlshift),
        ("__rshift__", int_rshift),
        ("__rrshift__", int_rrshift),
        ("__and__", int_and),
        ("__rand__", int_rand),
        ("__or__", int_or),
        ("__ror__", int_ror),
        ("__xor__", int_xor),
        ("__rxor__", int_rxor),
        ("__eq__", int_eq),
        ("__ne__", int_ne),
        ("__lt__", int_lt),
        ("__le__", int_le),
        ("__gt__", int_gt),
        ("__ge__", int_ge),
        ("__getnewargs__", int_getnewargs),
    ];
    for (name, f) in methods {
        add_method(t, "int", name, *f);
    }
    add_classmethod(t, "int", "from_bytes", int_from_bytes);
}

/// `bool`'s own methods (the rest it inherits from int).
fn fill_bool(b: &rupy_objects::Class) {
    add_method(b, "bool", "__repr__", bool_repr);
    add_method(b, "bool", "__and__", bool_and);
    add_method(b, "bool", "__rand__", bool_and);
    add_method(b, "bool", "__or__", bool_or);
    add_method(b, "bool", "__ror__", bool_or);
    add_method(b, "bool", "__xor__", bool_xor);
    add_method(b, "bool", "__rxor__", bool_xor);
}
