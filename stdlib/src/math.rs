//! `math`: CPython's math module. Float functions follow C99 with CPython's error mapping (a
//! NaN from a non-NaN input is `ValueError: math domain error`, an infinity from a finite input
//! is `OverflowError: math range error`); integer functions (`factorial`, `comb`, `perm`,
//! `gcd`, `lcm`, `isqrt`) work on ints of any size; `fsum` is exact (Shewchuk's partials);
//! `log` of an int too large for a float works from its bit length, as in CPython.

use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rupy_interp::builtins::args::{add_fn, arity, bind};
use rupy_interp::ops;
use rupy_objects::code::BinOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyErr, PyResult, Truth, Value, Vm};

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    d.set_s("pi", Value::float(std::f64::consts::PI));
    d.set_s("e", Value::float(std::f64::consts::E));
    d.set_s("tau", Value::float(std::f64::consts::TAU));
    d.set_s("inf", Value::float(f64::INFINITY));
    d.set_s("nan", Value::float(f64::NAN));
    macro_rules! unary {
        ($($name:literal => $f:expr, $overflows:expr;)*) => {
            $(add_fn(d, $name, |vm, args, _kw| unary(vm, $name, args, $f, $overflows));)*
        };
    }
    unary! {
        "sqrt" => f64::sqrt, false;
        "exp" => f64::exp, true;
        "exp2" => f64::exp2, true;
        "expm1" => f64::exp_m1, true;
        "sin" => f64::sin, false;
        "cos" => f64::cos, false;
        "tan" => f64::tan, false;
        "asin" => f64::asin, false;
        "acos" => f64::acos, false;
        "atan" => f64::atan, false;
        "sinh" => f64::sinh, true;
        "cosh" => f64::cosh, true;
        "tanh" => f64::tanh, false;
        "asinh" => f64::asinh, false;
        "acosh" => f64::acosh, false;
        "atanh" => atanh, false;
        "cbrt" => f64::cbrt, false;
        "fabs" => f64::abs, false;
        "erf" => libm::erf, false;
        "erfc" => libm::erfc, false;
        "gamma" => gamma, true;
        "lgamma" => lgamma, true;
        "log1p" => log1p, false;
        "degrees" => f64::to_degrees, true;
        "radians" => f64::to_radians, false;
    }
    add_fn(d, "log", math_log);
    add_fn(d, "log2", |vm, args, _| {
        log_with(vm, "log2", args, f64::log2)
    });
    add_fn(d, "log10", |vm, args, _| {
        log_with(vm, "log10", args, f64::log10)
    });
    add_fn(d, "floor", |vm, args, _| {
        round_to_int(vm, "floor", args, "__floor__", f64::floor)
    });
    add_fn(d, "ceil", |vm, args, _| {
        round_to_int(vm, "ceil", args, "__ceil__", f64::ceil)
    });
    add_fn(d, "trunc", math_trunc);
    add_fn(d, "pow", math_pow);
    add_fn(d, "atan2", |vm, args, _| {
        binary(vm, "atan2", args, f64::atan2)
    });
    add_fn(d, "copysign", |vm, args, _| {
        binary(vm, "copysign", args, f64::copysign)
    });
    add_fn(d, "fmod", math_fmod);
    add_fn(d, "remainder", math_remainder);
    add_fn(d, "hypot", math_hypot);
    add_fn(d, "dist", math_dist);
    add_fn(d, "ldexp", math_ldexp);
    add_fn(d, "frexp", math_frexp);
    add_fn(d, "modf", math_modf);
    add_fn(d, "fma", math_fma);
    add_fn(d, "isnan", |vm, args, _| {
        predicate(vm, "isnan", args, f64::is_nan)
    });
    add_fn(d, "isinf", |vm, args, _| {
        predicate(vm, "isinf", args, f64::is_infinite)
    });
    add_fn(d, "isfinite", |vm, args, _| {
        predicate(vm, "isfinite", args, f64::is_finite)
    });
    add_fn(d, "isclose", math_isclose);
    add_fn(d, "nextafter", math_nextafter);
    add_fn(d, "ulp", math_ulp);
    add_fn(d, "fsum", math_fsum);
    add_fn(d, "prod", math_prod);
    add_fn(d, "sumprod", math_sumprod);
    add_fn(d, "factorial", math_factorial);
    add_fn(d, "comb", math_comb);
    add_fn(d, "perm", math_perm);
    add_fn(d, "gcd", math_gcd);
    add_fn(d, "lcm", math_lcm);
    add_fn(d, "isqrt", math_isqrt);
    Ok(())
}

fn domain(vm: &Vm) -> PyErr {
    vm.value_error("math domain error")
}

fn range(vm: &Vm) -> PyErr {
    vm.err(ExcKind::OverflowError, "math range error")
}

fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    ops::to_f64(vm, v)
}

/// A C-library style function: NaN out of non-NaN in is a domain error, infinity out of a
/// finite input a range error (for functions that can overflow) or a domain error (poles).
fn unary(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    f: fn(f64) -> f64,
    overflows: bool,
) -> PyResult<Value> {
    arity(vm, name, args, 1, 1)?;
    let x = float_arg(vm, &args[0])?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if overflows { range(vm) } else { domain(vm) });
    }
    Ok(Value::float(r))
}

fn atanh(x: f64) -> f64 {
    if x.abs() >= 1.0 { f64::NAN } else { x.atanh() }
}

fn log1p(x: f64) -> f64 {
    if x <= -1.0 { f64::NAN } else { x.ln_1p() }
}

fn gamma(x: f64) -> f64 {
    if x == x.floor() && x <= 0.0 {
        return f64::NAN;
    }
    if x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    libm::tgamma(x)
}

fn lgamma(x: f64) -> f64 {
    if x == x.floor() && x <= 0.0 && x.is_finite() {
        // A pole: CPython reports a domain error here, not a range error.
        return f64::NAN;
    }
    libm::lgamma(x)
}

fn binary(vm: &mut Vm, name: &str, args: &[Value], f: fn(f64, f64) -> f64) -> PyResult<Value> {
    arity(vm, name, args, 2, 2)?;
    let x = float_arg(vm, &args[0])?;
    let y = float_arg(vm, &args[1])?;
    let r = f(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain(vm));
    }
    Ok(Value::float(r))
}

fn predicate(vm: &mut Vm, name: &str, args: &[Value], f: fn(f64) -> bool) -> PyResult<Value> {
    arity(vm, name, args, 1, 1)?;
    let x = float_arg(vm, &args[0])?;
    Ok(Value::bool(f(x)))
}

/// `func(x)` for a positive int of any size: ints too large for a float are split as
/// m * 2**e (0.5 <= m < 1) and give func(m) + func(2) * e, as in CPython.
fn int_log(vm: &Vm, b: &BigInt, func: fn(f64) -> f64) -> PyResult<f64> {
    if b.sign() != Sign::Plus {
        return Err(domain(vm));
    }
    if let Some(f) = b.to_f64().filter(|f| f.is_finite()) {
        return Ok(func(f));
    }
    let bits = b.bits();
    let shift = bits - 63;
    let top = (b >> shift).to_u64().unwrap_or(1) as f64;
    let m = top / (1u64 << 63) as f64;
    Ok(func(m) + func(2.0) * bits as f64)
}

fn int_ln(vm: &Vm, b: &BigInt) -> PyResult<f64> {
    int_log(vm, b, f64::ln)
}

fn ln_of(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Value::BigInt(b) = v {
        return int_ln(vm, b);
    }
    let x = float_arg(vm, v)?;
    if x.is_nan() {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain(vm));
    }
    Ok(x.ln())
}

fn math_log(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "log", args, 1, 2)?;
    let num = ln_of(vm, &args[0])?;
    if args.len() == 1 {
        return Ok(Value::float(num));
    }
    let den = ln_of(vm, &args[1])?;
    if den == 0.0 {
        return Err(vm.err(ExcKind::ZeroDivisionError, "float division by zero"));
    }
    Ok(Value::float(num / den))
}

fn log_with(vm: &mut Vm, name: &str, args: &[Value], f: fn(f64) -> f64) -> PyResult<Value> {
    arity(vm, name, args, 1, 1)?;
    if let Value::BigInt(b) = &args[0] {
        return Ok(Value::float(int_log(vm, b, f)?));
    }
    let x = float_arg(vm, &args[0])?;
    if x.is_nan() {
        return Ok(Value::float(x));
    }
    if x <= 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::float(f(x)))
}

fn round_to_int(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    dunder: &str,
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    arity(vm, name, args, 1, 1)?;
    match &args[0] {
        Value::Int(_) | Value::BigInt(_) => return Ok(args[0].clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Float(x) => return rupy_interp::types::int::int_from_float(vm, f(x.get())),
        _ => {}
    }
    if let Some(r) = ops::call_special(vm, &args[0], dunder, &[])? {
        return Ok(r);
    }
    let x = float_arg(vm, &args[0])?;
    rupy_interp::types::int::int_from_float(vm, f(x))
}

fn math_trunc(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "trunc", args, 1, 1)?;
    match &args[0] {
        Value::Int(_) | Value::BigInt(_) => Ok(args[0].clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(x) => rupy_interp::types::int::int_from_float(vm, x.get()),
        v => match ops::call_special(vm, v, "__trunc__", &[])? {
            Some(r) => Ok(r),
            None => Err(vm.type_error(format!(
                "type {} doesn't define __trunc__ method",
                ops::type_name(vm, v)
            ))),
        },
    }
}

fn math_pow(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "pow", args, 2, 2)?;
    let x = float_arg(vm, &args[0])?;
    let y = float_arg(vm, &args[1])?;
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(domain(vm));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y != y.trunc() {
        return Err(domain(vm));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range(vm));
    }
    Ok(Value::float(r))
}

fn math_fmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "fmod", args, 2, 2)?;
    let x = float_arg(vm, &args[0])?;
    let y = float_arg(vm, &args[1])?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::float(x));
    }
    if (y == 0.0 || x.is_infinite()) && !x.is_nan() && !y.is_nan() {
        return Err(domain(vm));
    }
    Ok(Value::float(x % y))
}

fn math_remainder(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "remainder", args, 2, 2)?;
    let x = float_arg(vm, &args[0])?;
    let y = float_arg(vm, &args[1])?;
    if x.is_nan() || y.is_nan() {
        return Ok(Value::float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain(vm));
    }
    if y.is_infinite() {
        return Ok(Value::float(x));
    }
    Ok(Value::float(libm::remainder(x, y)))
}

/// Euclidean norm, correctly rounded in all but rare cases: inputs are scaled by a power of
/// two (exact), squares are summed exactly as non-overlapping partials (each square split
/// with an FMA), and the square root gets one correction step from the exact residual.
fn hypot_of(v: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut nan = false;
    for &x in v {
        if x.is_infinite() {
            return f64::INFINITY;
        }
        nan |= x.is_nan();
        max = max.max(x.abs());
    }
    if nan {
        return f64::NAN;
    }
    if max == 0.0 || v.len() <= 1 {
        return max;
    }
    let (_, e) = libm::frexp(max);
    let scale = |x: f64| libm::scalbn(x, -e);
    let mut partials: Vec<f64> = Vec::new();
    let add = |x: f64, partials: &mut Vec<f64>| {
        let top = fold_into_partials(partials, x);
        partials.push(top);
    };
    for &x in v {
        let s = scale(x);
        let sq = s * s;
        let err = s.mul_add(s, -sq);
        add(sq, &mut partials);
        add(err, &mut partials);
    }
    let total: f64 = partials.iter().rev().sum();
    let mut h = total.sqrt();
    // Residual of h*h against the exact sum, then one Newton step.
    let mut resid: Vec<f64> = partials.clone();
    let hh = h * h;
    let hh_err = h.mul_add(h, -hh);
    add(-hh, &mut resid);
    add(-hh_err, &mut resid);
    let r: f64 = resid.iter().rev().sum::<f64>();
    h += r / (2.0 * h);
    libm::scalbn(h, e)
}

fn math_hypot(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let mut v = Vec::with_capacity(args.len());
    for a in args {
        v.push(float_arg(vm, a)?);
    }
    let r = hypot_of(&v);
    if r.is_infinite() && v.iter().all(|x| x.is_finite()) {
        return Err(range(vm));
    }
    Ok(Value::float(r))
}

fn math_dist(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "dist", args, 2, 2)?;
    let p = ops::collect(vm, &args[0])?;
    let q = ops::collect(vm, &args[1])?;
    if p.len() != q.len() {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let mut d = Vec::with_capacity(p.len());
    for (a, b) in p.iter().zip(q.iter()) {
        d.push(float_arg(vm, a)? - float_arg(vm, b)?);
    }
    Ok(Value::float(hypot_of(&d)))
}

fn math_ldexp(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "ldexp", args, 2, 2)?;
    let x = float_arg(vm, &args[0])?;
    let e = match &args[1] {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::BigInt(b) => {
            if b.is_negative() {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        v => {
            return Err(vm.type_error(format!(
                "Expected an int as second argument to ldexp, not {}",
                ops::type_name(vm, v)
            )));
        }
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::float(x));
    }
    let e = e.clamp(-2200, 2200) as i32;
    let r = libm::scalbn(x, e);
    if r.is_infinite() {
        return Err(range(vm));
    }
    Ok(Value::float(r))
}

fn math_frexp(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "frexp", args, 1, 1)?;
    let x = float_arg(vm, &args[0])?;
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::tuple(vec![Value::float(x), Value::Int(0)]));
    }
    let (m, e) = libm::frexp(x);
    Ok(Value::tuple(vec![Value::float(m), Value::Int(e as i64)]))
}

fn math_modf(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "modf", args, 1, 1)?;
    let x = float_arg(vm, &args[0])?;
    if x.is_infinite() {
        return Ok(Value::tuple(vec![
            Value::float(0.0f64.copysign(x)),
            Value::float(x),
        ]));
    }
    let i = x.trunc();
    Ok(Value::tuple(vec![
        Value::float((x - i).copysign(x)),
        Value::float(i),
    ]))
}

fn math_fma(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "fma", args, 3, 3)?;
    let x = float_arg(vm, &args[0])?;
    let y = float_arg(vm, &args[1])?;
    let z = float_arg(vm, &args[2])?;
    let r = x.mul_add(y, z);
    if r.is_nan() && !x.is_nan() && !y.is_nan() && !z.is_nan() {
        return Err(vm.value_error("invalid operation in fma"));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() && z.is_finite() {
        return Err(vm.err(ExcKind::OverflowError, "overflow in fma"));
    }
    Ok(Value::float(r))
}

fn math_isclose(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() > 2 {
        return Err(vm.type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            args.len()
        )));
    }
    let [a, b, rel, abs] = bind(vm, "isclose", args, kw, ["a", "b", "rel_tol", "abs_tol"], 2)?;
    let a = float_arg(vm, a.as_ref().unwrap_or(&Value::None))?;
    let b = float_arg(vm, b.as_ref().unwrap_or(&Value::None))?;
    let rel = match rel {
        Some(v) => float_arg(vm, &v)?,
        None => 1e-9,
    };
    let abs = match abs {
        Some(v) => float_arg(vm, &v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(Truth::True));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(Truth::False));
    }
    let diff = (b - a).abs();
    Ok(Value::bool(
        diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs,
    ))
}

fn math_nextafter(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [x, y, steps] = bind(vm, "nextafter", args, kw, ["x", "y", "steps"], 2)?;
    let mut x = float_arg(vm, x.as_ref().unwrap_or(&Value::None))?;
    let y = float_arg(vm, y.as_ref().unwrap_or(&Value::None))?;
    let n = match steps {
        None | Some(Value::None) => 1,
        Some(s) => ops::index_of(vm, &s)?,
    };
    if n < 0 {
        return Err(vm.value_error("steps must be a non-negative integer"));
    }
    for _ in 0..n.min(1 << 12) {
        let next = libm::nextafter(x, y);
        if next == x {
            break;
        }
        x = next;
    }
    Ok(Value::float(x))
}

fn math_ulp(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "ulp", args, 1, 1)?;
    let x = float_arg(vm, &args[0])?.abs();
    if x.is_nan() || x.is_infinite() {
        return Ok(Value::float(x));
    }
    let next = libm::nextafter(x, f64::INFINITY);
    if next.is_infinite() {
        let prev = libm::nextafter(x, 0.0);
        return Ok(Value::float(x - prev));
    }
    Ok(Value::float(next - x))
}

/// Add `x` to Shewchuk's non-overlapping partials: the exact low parts stay in `partials`
/// (zeros dropped), the high part is returned for the caller to push.
fn fold_into_partials(partials: &mut Vec<f64>, mut x: f64) -> f64 {
    let mut i = 0;
    for j in 0..partials.len() {
        let mut y = partials[j];
        if x.abs() < y.abs() {
            std::mem::swap(&mut x, &mut y);
        }
        let hi = x + y;
        let lo = y - (hi - x);
        if lo != 0.0 {
            partials[i] = lo;
            i += 1;
        }
        x = hi;
    }
    partials.truncate(i);
    x
}

/// Exact sum: Shewchuk's non-overlapping partials, rounded once at the end (with the
/// half-way correction CPython applies).
fn math_fsum(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "fsum", args, 1, 1)?;
    let items = ops::collect(vm, &args[0])?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0f64;
    let mut inf_sum = 0.0f64;
    for it in &items {
        let xsave = float_arg(vm, it)?;
        let x = fold_into_partials(&mut partials, xsave);
        if x != 0.0 {
            if !x.is_finite() {
                // A non-finite partial: from an infinite or NaN input, or an overflow.
                if xsave.is_finite() {
                    return Err(vm.err(ExcKind::OverflowError, "intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special != 0.0 {
        if inf_sum.is_nan() {
            return Err(vm.value_error("-inf + inf in fsum"));
        }
        return Ok(Value::float(special));
    }
    let mut hi = 0.0f64;
    if !partials.is_empty() {
        let mut n = partials.len() - 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(Value::float(hi))
}

fn math_prod(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 1 {
        return Err(vm.type_error(format!(
            "prod() takes exactly 1 positional argument ({} given)",
            args.len()
        )));
    }
    let mut acc = Value::Int(1);
    for (k, v) in kw.iter() {
        if k.as_str() == "start" {
            acc = v.clone();
        } else {
            return Err(vm.type_error(format!(
                "prod() got an unexpected keyword argument '{}'",
                k.as_str()
            )));
        }
    }
    let items = ops::collect(vm, &args[0])?;
    for it in &items {
        acc = ops::binary(vm, BinOp::Mul, &acc, it)?;
    }
    Ok(acc)
}

fn math_sumprod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "sumprod", args, 2, 2)?;
    let p = ops::collect(vm, &args[0])?;
    let q = ops::collect(vm, &args[1])?;
    if p.len() != q.len() {
        return Err(vm.value_error("Inputs are not the same length"));
    }
    let mut acc = Value::Int(0);
    for (a, b) in p.iter().zip(q.iter()) {
        let m = ops::binary(vm, BinOp::Mul, a, b)?;
        acc = ops::binary(vm, BinOp::Add, &acc, &m)?;
    }
    Ok(acc)
}

/// An int argument of any size (`__index__`), with CPython's message for floats.
fn big_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    let i = match v {
        Value::Float(_) => {
            return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
        }
        _ => ops::to_index(vm, v)?,
    };
    Ok(match i {
        Value::Int(i) => BigInt::from(i),
        Value::BigInt(b) => (*b).clone(),
        _ => BigInt::zero(),
    })
}

fn math_factorial(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "factorial", args, 1, 1)?;
    let n = big_arg(vm, &args[0])?;
    if n.is_negative() {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let Some(n) = n.to_u64().filter(|&n| n <= 1 << 24) else {
        return Err(vm.err(
            ExcKind::OverflowError,
            "factorial() argument should not exceed 9223372036854775807",
        ));
    };
    Ok(Value::from_bigint(product(1, n)))
}

/// Product of lo..=hi by splitting in halves (balanced multiplications).
fn product(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 16 {
        let mut acc = BigInt::one();
        let mut small: u64 = 1;
        for k in lo..=hi {
            match small.checked_mul(k) {
                Some(s) => small = s,
                None => {
                    acc *= small;
                    small = k;
                }
            }
        }
        return acc * small;
    }
    let mid = lo + (hi - lo) / 2;
    product(lo, mid) * product(mid + 1, hi)
}

fn comb_perm_args(vm: &mut Vm, name: &str, args: &[Value]) -> PyResult<(BigInt, BigInt)> {
    let n = big_arg(vm, &args[0])?;
    let k = big_arg(vm, &args[1])?;
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    let _ = name;
    Ok((n, k))
}

fn math_comb(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "comb", args, 2, 2)?;
    let (n, k) = comb_perm_args(vm, "comb", args)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_u64().filter(|&k| k <= 1 << 24) else {
        return Err(vm.err(
            ExcKind::OverflowError,
            "min(n - k, k) must not exceed 9223372036854775807",
        ));
    };
    let mut acc = BigInt::one();
    for i in 0..k {
        acc = acc * (&n - i) / (i + 1);
    }
    Ok(Value::from_bigint(acc))
}

fn math_perm(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "perm", args, 1, 2)?;
    if args.len() == 1 || args[1].is_none() {
        return math_factorial(vm, &args[..1], &[]);
    }
    let (n, k) = comb_perm_args(vm, "perm", args)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let Some(k) = k.to_u64().filter(|&k| k <= 1 << 24) else {
        return Err(vm.err(
            ExcKind::OverflowError,
            "k must not exceed 9223372036854775807",
        ));
    };
    let mut acc = BigInt::one();
    for i in 0..k {
        acc *= &n - i;
    }
    Ok(Value::from_bigint(acc))
}

fn math_gcd(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let mut acc = BigInt::zero();
    for a in args {
        let b = big_arg(vm, a)?;
        acc = acc.gcd(&b);
    }
    Ok(Value::from_bigint(acc))
}

fn math_lcm(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let mut acc = BigInt::one();
    for a in args {
        let b = big_arg(vm, a)?;
        if b.is_zero() || acc.is_zero() {
            acc = BigInt::zero();
            continue;
        }
        acc = acc.lcm(&b);
    }
    Ok(Value::from_bigint(acc.abs()))
}

fn math_isqrt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "isqrt", args, 1, 1)?;
    let n = big_arg(vm, &args[0])?;
    if n.is_negative() {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(n.sqrt()))
}
