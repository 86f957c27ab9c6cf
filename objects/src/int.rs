//! Integer arithmetic with CPython semantics: i64 fast paths that fall back to `BigInt` on
//! overflow, floor division and modulo rounding toward negative infinity, and CPython's
//! numeric hash (modulo 2**61 - 1) so that equal ints and floats hash equally.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::value::Value;

pub const HASH_MODULUS: u64 = (1u64 << 61) - 1;

pub fn floordiv_i64(a: i64, b: i64) -> Option<i64> {
    if b == 0 || (a == i64::MIN && b == -1) {
        return None;
    }
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

pub fn mod_i64(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(0);
    }
    let r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

pub fn big_floordiv(a: &BigInt, b: &BigInt) -> BigInt {
    a.div_floor(b)
}

pub fn big_mod(a: &BigInt, b: &BigInt) -> BigInt {
    a.mod_floor(b)
}

pub fn hash_i64(i: i64) -> i64 {
    let neg = i < 0;
    let m = (i.unsigned_abs() % HASH_MODULUS) as i64;
    let h = if neg { -m } else { m };
    if h == -1 { -2 } else { h }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    let m = BigInt::from(HASH_MODULUS);
    let r = (b.abs() % &m).to_i64().unwrap_or(0);
    let h = if b.is_negative() { -r } else { r };
    if h == -1 { -2 } else { h }
}

pub fn hash_f64(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    if x.fract() == 0.0 && x.abs() < 9.2e18 {
        return hash_i64(x as i64);
    }
    // General case: x = m * 2**e, hash = m * 2**e mod P.
    let (mant, exp, sign) = decode_f64(x);
    let p = HASH_MODULUS as u128;
    let mut h = (mant as u128) % p;
    let e = exp;
    let e_mod = if e >= 0 {
        (e as u64 % 61) as u32
    } else {
        (61 - ((-e) as u64 % 61) as u32) % 61
    };
    // multiply by 2**e_mod modulo P (P is a Mersenne prime: 2**61 == 1)
    for _ in 0..e_mod {
        h = (h * 2) % p;
    }
    let mut r = h as i64;
    if sign < 0 {
        r = -r;
    }
    if r == -1 { -2 } else { r }
}

fn decode_f64(x: f64) -> (u64, i64, i8) {
    let bits = x.to_bits();
    let sign: i8 = if bits >> 63 == 0 { 1 } else { -1 };
    let mut exponent: i16 = ((bits >> 52) & 0x7ff) as i16;
    let mantissa = if exponent == 0 {
        (bits & 0xfffffffffffff) << 1
    } else {
        (bits & 0xfffffffffffff) | 0x10000000000000
    };
    exponent -= 1023 + 52;
    (mantissa, exponent as i64, sign)
}

/// True if the value is an int (including bool).
pub fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
}

pub fn to_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// int -> float with CPython's rounding; None when too large.
pub fn big_to_f64(b: &BigInt) -> Option<f64> {
    let f = b.to_f64()?;
    if f.is_infinite() { None } else { Some(f) }
}

pub fn is_zero(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i == 0,
        Value::BigInt(b) => b.is_zero(),
        _ => false,
    }
}
