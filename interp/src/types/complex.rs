//! `complex`: arithmetic with CPython's algorithms (Smith's division, integer powers by
//! repeated squaring, polar powers otherwise), the reprs `(1+2j)`/`1j`/`(-0-1j)`, string
//! parsing for `complex('1+2j')`, the constructor and the methods as natives.

use std::rc::Rc;

use rupy_objects::code::{BinOp, CmpOp};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, Payload, PyResult, Truth, Value, Vm};

use crate::builtins::args::{add_method, bind};
use crate::ops;
use crate::types::str::{descr_error, is_py_space, str_of, unbound_error};

type C = (f64, f64);

/// `repr()` of a complex number.
pub fn complex_repr(re: f64, im: f64) -> String {
    rupy_objects::format::complex_repr(re, im)
}

/// The complex value inside a value (complex or a complex-subclass instance).
pub fn complex_of(v: &Value) -> Option<C> {
    match v {
        Value::Complex(c) => Some(**c),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Complex(c) => Some(**c),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn cval(c: C) -> Value {
    Value::Complex(Rc::new(c))
}

/// A number usable as a complex operand: complex, float or int (None otherwise).
fn to_c(vm: &mut Vm, v: &Value) -> PyResult<Option<C>> {
    if let Some(c) = complex_of(v) {
        return Ok(Some(c));
    }
    if let Some(f) = crate::types::float::float_of(v) {
        return Ok(Some((f, 0.0)));
    }
    if let Some(i) = crate::types::int::int_of(v) {
        let f = match i {
            Value::Int(n) => n as f64,
            other => ops::big_to_f64(
                vm,
                &rupy_objects::int::to_bigint(&other).unwrap_or_default(),
            )?,
        };
        return Ok(Some((f, 0.0)));
    }
    Ok(None)
}

fn c_prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// CPython's `_Py_c_quot` (Smith's algorithm); None on division by zero.
fn c_quot(a: C, b: C) -> Option<C> {
    let abs_breal = b.0.abs();
    let abs_bimag = b.1.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn c_powu(x: C, n: u64) -> C {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: u64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

/// `a ** b` for complex numbers: Err(message) for ZeroDivisionError.
fn c_pow(a: C, b: C) -> Result<C, &'static str> {
    if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n >= 0 {
            return Ok(c_powu(a, n as u64));
        }
        if a == (0.0, 0.0) {
            return Err("0.0 to a negative or complex power");
        }
        return c_quot((1.0, 0.0), c_powu(a, n.unsigned_abs()))
            .ok_or("0.0 to a negative or complex power");
    }
    if b == (0.0, 0.0) {
        return Ok((1.0, 0.0));
    }
    if a == (0.0, 0.0) {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err("0.0 to a negative or complex power");
        }
        return Ok((0.0, 0.0));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Ok((len * phase.cos(), len * phase.sin()))
}

fn pow_checked(vm: &mut Vm, a: C, b: C) -> PyResult<Value> {
    match c_pow(a, b) {
        Ok(r) => {
            let finite_in =
                a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite();
            let int_exp = b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0;
            if finite_in && !int_exp && (r.0.is_infinite() || r.1.is_infinite()) {
                return Err(vm.err(ExcKind::OverflowError, "complex exponentiation"));
            }
            Ok(cval(r))
        }
        Err(msg) => Err(vm.err(ExcKind::ZeroDivisionError, msg)),
    }
}

/// `x ** y` for a negative float base and a non-integral exponent (the result is complex).
pub fn complex_pow_real(vm: &mut Vm, x: f64, y: f64) -> PyResult<Value> {
    pow_checked(vm, (x, 0.0), (y, 0.0))
}

fn arith(vm: &mut Vm, op: BinOp, a: C, b: C) -> PyResult<Option<Value>> {
    Ok(Some(match op {
        BinOp::Add => cval((a.0 + b.0, a.1 + b.1)),
        BinOp::Sub => cval((a.0 - b.0, a.1 - b.1)),
        BinOp::Mul => cval(c_prod(a, b)),
        BinOp::TrueDiv => match c_quot(a, b) {
            Some(r) => cval(r),
            None => return Err(vm.err(ExcKind::ZeroDivisionError, "complex division by zero")),
        },
        BinOp::Pow => pow_checked(vm, a, b)?,
        _ => return Ok(None),
    }))
}

/// Binary operations where at least one operand is complex; None when not applicable.
pub fn complex_binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    if op == BinOp::Mod {
        // `'%s' % z` reaches here because one operand is complex.
        if let Value::Str(s) = a {
            return crate::types::str::percent_format(vm, s.as_str(), b).map(Some);
        }
    }
    let (Some(x), Some(y)) = (to_c(vm, a)?, to_c(vm, b)?) else {
        return Ok(None);
    };
    arith(vm, op, x, y)
}

// ---------------------------------------------------------------------------------------------
// Parsing and construction
// ---------------------------------------------------------------------------------------------

/// The longest float literal at `s[i..]`: (value, end index).
fn scan_float(s: &[char], i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    let mut text = String::new();
    if j < s.len() && (s[j] == '+' || s[j] == '-') {
        text.push(s[j]);
        j += 1;
    }
    let rest: String = s[j..]
        .iter()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    for word in ["infinity", "inf", "nan"] {
        if rest.starts_with(word) {
            text.push_str(word);
            return crate::types::float::parse_float(&text).map(|v| (v, j + word.len()));
        }
    }
    let digit = |c: char| rupy_objects::format::decimal_value(c).is_some();
    let run = |j: &mut usize, text: &mut String| -> usize {
        let mut n = 0;
        while *j < s.len() {
            if digit(s[*j]) {
                text.push(s[*j]);
                n += 1;
                *j += 1;
            } else if s[*j] == '_' && n > 0 && *j + 1 < s.len() && digit(s[*j + 1]) {
                text.push('_');
                *j += 1;
            } else {
                break;
            }
        }
        n
    };
    let ni = run(&mut j, &mut text);
    let mut nf = 0;
    if j < s.len() && s[j] == '.' {
        let save = (j, text.len());
        text.push('.');
        j += 1;
        nf = run(&mut j, &mut text);
        if ni == 0 && nf == 0 {
            j = save.0;
            text.truncate(save.1);
        }
    }
    if ni == 0 && nf == 0 {
        return None;
    }
    if j < s.len() && (s[j] == 'e' || s[j] == 'E') {
        let save = (j, text.len());
        let mut k = j + 1;
        let mut t2 = String::from("e");
        if k < s.len() && (s[k] == '+' || s[k] == '-') {
            t2.push(s[k]);
            k += 1;
        }
        let mut etext = String::new();
        if run(&mut k, &mut etext) > 0 {
            text.push_str(&t2);
            text.push_str(&etext);
            j = k;
        } else {
            j = save.0;
            text.truncate(save.1);
        }
    }
    crate::types::float::parse_float(&text).map(|v| (v, j))
}

/// Parse `complex('1+2j')` syntax.
pub fn parse_complex(src: &str) -> Option<C> {
    let s: Vec<char> = src.chars().collect();
    let mut i = 0;
    let n = s.len();
    let skip_ws = |i: &mut usize| {
        while *i < n && is_py_space(s[*i]) {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    let paren = i < n && s[i] == '(';
    if paren {
        i += 1;
        skip_ws(&mut i);
    }
    let is_j = |c: char| c == 'j' || c == 'J';
    let (re, im);
    match scan_float(&s, i) {
        Some((x, end)) => {
            i = end;
            if i < n && (s[i] == '+' || s[i] == '-') {
                // real part followed by an imaginary part
                re = x;
                match scan_float(&s, i) {
                    Some((y, e2)) => {
                        i = e2;
                        im = y;
                    }
                    None => {
                        im = if s[i] == '-' { -1.0 } else { 1.0 };
                        i += 1;
                    }
                }
                if !(i < n && is_j(s[i])) {
                    return None;
                }
                i += 1;
            } else if i < n && is_j(s[i]) {
                re = 0.0;
                im = x;
                i += 1;
            } else {
                re = x;
                im = 0.0;
            }
        }
        None => {
            let mut sign = 1.0;
            if i < n && (s[i] == '+' || s[i] == '-') {
                if s[i] == '-' {
                    sign = -1.0;
                }
                i += 1;
            }
            if !(i < n && is_j(s[i])) {
                return None;
            }
            i += 1;
            re = 0.0;
            im = sign;
        }
    }
    skip_ws(&mut i);
    if paren {
        if !(i < n && s[i] == ')') {
            return None;
        }
        i += 1;
        skip_ws(&mut i);
    }
    if i != n {
        return None;
    }
    Some((re, im))
}

fn complex_part(vm: &mut Vm, v: &Value, first: bool) -> PyResult<C> {
    if let Some(c) = complex_of(v) {
        return Ok(c);
    }
    if matches!(v, Value::Instance(_) | Value::Opaque(_))
        && let Some(r) = ops::call_special(vm, v, "__complex__", &[])?
    {
        return match complex_of(&r) {
            Some(c) => Ok(c),
            None => {
                let t = ops::type_name(vm, &r);
                Err(vm.type_error(format!("__complex__ returned non-complex (type {})", t)))
            }
        };
    }
    match to_c(vm, v)? {
        Some(c) => Ok(c),
        None => {
            let has_float = matches!(v, Value::Instance(_) | Value::Opaque(_))
                && (ops::lookup_special(vm, v, "__float__").is_some()
                    || ops::lookup_special(vm, v, "__index__").is_some());
            if has_float {
                return Ok((ops::to_f64(vm, v)?, 0.0));
            }
            let t = ops::type_name(vm, v);
            Err(vm.type_error(if first {
                format!(
                    "complex() first argument must be a string or a number, not '{}'",
                    t
                )
            } else {
                format!("complex() second argument must be a number, not '{}'", t)
            }))
        }
    }
}

/// The `complex(real=0, imag=0)` constructor (also `complex('1+2j')`).
pub fn complex_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [r, i] = bind(vm, "complex", args, kwargs, ["real", "imag"], 0)?;
    if let Some(rv) = &r
        && let Some(s) = str_of(rv)
    {
        if i.is_some() {
            return Err(vm.type_error("complex() can't take second arg if first is a string"));
        }
        return match parse_complex(s.as_str()) {
            Some(c) => Ok(cval(c)),
            // Strings with underscores go through CPython's underscore-aware parser,
            // whose message differs.
            None if s.as_str().contains('_') => Err(vm.value_error(format!(
                "could not convert string to complex: {}",
                crate::types::str::repr_str(s.as_str())
            ))),
            None => Err(vm.value_error("complex() arg is a malformed string")),
        };
    }
    if let Some(iv) = &i
        && str_of(iv).is_some()
    {
        return Err(vm.type_error("complex() second arg can't be a string"));
    }
    let r_is_complex = r
        .as_ref()
        .is_some_and(|v| complex_of(v).is_some() || has_complex(vm, v));
    let i_is_complex = i
        .as_ref()
        .is_some_and(|v| complex_of(v).is_some() || has_complex(vm, v));
    let mut cr = match &r {
        Some(v) => complex_part(vm, v, true)?,
        None => (0.0, 0.0),
    };
    let mut ci = match &i {
        Some(v) => complex_part(vm, v, false)?,
        None => (0.0, 0.0),
    };
    if i.is_none() {
        if let Some(v @ Value::Complex(_)) = &r {
            return Ok(v.clone());
        }
        return Ok(cval(cr));
    }
    if i_is_complex {
        cr.0 -= ci.1;
    }
    if r_is_complex {
        ci.0 += cr.1;
    }
    Ok(cval((cr.0, ci.0)))
}

fn has_complex(vm: &mut Vm, v: &Value) -> bool {
    matches!(v, Value::Instance(_) | Value::Opaque(_))
        && ops::lookup_special(vm, v, "__complex__").is_some()
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

fn dunder(vm: &mut Vm, args: &[Value], name: &str, n: usize) -> PyResult<C> {
    let c = match args.first() {
        Some(v) => complex_of(v).ok_or_else(|| descr_error(vm, name, "complex", v))?,
        None => return Err(unbound_error(vm, name, "complex")),
    };
    if args.len() != n + 1 {
        let msg = if name.starts_with("__") {
            format!(
                "expected {} argument{}, got {}",
                n,
                if n == 1 { "" } else { "s" },
                args.len() - 1
            )
        } else {
            format!(
                "complex.{}() takes no arguments ({} given)",
                name,
                args.len() - 1
            )
        };
        return Err(vm.type_error(msg));
    }
    Ok(c)
}

fn c_conjugate(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "conjugate", 0)?;
    Ok(cval((c.0, -c.1)))
}

fn c_abs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "__abs__", 0)?;
    let r = c.0.hypot(c.1);
    if r.is_infinite() && c.0.is_finite() && c.1.is_finite() {
        return Err(vm.err(ExcKind::OverflowError, "absolute value too large"));
    }
    Ok(Value::float(r))
}

fn c_bool(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "__bool__", 0)?;
    Ok(Value::bool(c.0 != 0.0 || c.1 != 0.0))
}

fn c_neg(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "__neg__", 0)?;
    Ok(cval((-c.0, -c.1)))
}

fn c_pos(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(cval(dunder(vm, args, "__pos__", 0)?))
}

fn c_complex(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(cval(dunder(vm, args, "__complex__", 0)?))
}

fn c_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "__hash__", 0)?;
    Ok(Value::Int(ops::hash(vm, &cval(c))?))
}

fn c_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "__repr__", 0)?;
    Ok(Value::string(complex_repr(c.0, c.1)))
}

fn c_format(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "__format__", 1)?;
    let Some(spec) = str_of(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("__format__() argument must be str, not {}", t)));
    };
    if spec.as_str().is_empty() {
        return Ok(Value::Str(ops::to_str(vm, &args[0])?));
    }
    match rupy_objects::format::format_complex(c.0, c.1, spec.as_str()) {
        Ok(s) => Ok(Value::string(s)),
        Err(m) => Err(vm.value_error(m)),
    }
}

fn c_getnewargs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let c = dunder(vm, args, "__getnewargs__", 0)?;
    Ok(Value::tuple(vec![Value::float(c.0), Value::float(c.1)]))
}

fn binop(vm: &mut Vm, args: &[Value], name: &str, op: BinOp, reflected: bool) -> PyResult<Value> {
    let x = dunder(vm, args, name, 1)?;
    let Some(y) = to_c(vm, &args[1])? else {
        return Ok(Value::NotImplemented);
    };
    let (a, b) = if reflected { (y, x) } else { (x, y) };
    Ok(arith(vm, op, a, b)?.unwrap_or(Value::NotImplemented))
}

macro_rules! complex_binops {
    ($($f:ident, $name:literal, $op:expr, $refl:expr);* $(;)?) => {
        $(
            fn $f(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
                binop(vm, args, $name, $op, $refl)
            }
        )*
    };
}

complex_binops! {
    c_add, "__add__", BinOp::Add, false;
    c_radd, "__radd__", BinOp::Add, true;
    c_sub, "__sub__", BinOp::Sub, false;
    c_rsub, "__rsub__", BinOp::Sub, true;
    c_mul, "__mul__", BinOp::Mul, false;
    c_rmul, "__rmul__", BinOp::Mul, true;
    c_truediv, "__truediv__", BinOp::TrueDiv, false;
    c_rtruediv, "__rtruediv__", BinOp::TrueDiv, true;
}

fn pow_common(vm: &mut Vm, args: &[Value], name: &str, reflected: bool) -> PyResult<Value> {
    let x = match args.first() {
        Some(v) => complex_of(v).ok_or_else(|| descr_error(vm, name, "complex", v))?,
        None => return Err(unbound_error(vm, name, "complex")),
    };
    crate::builtins::args::arity(vm, name, &args[1..], 1, 2)?;
    if let Some(m) = args.get(2)
        && !m.is_none()
    {
        return Err(vm.value_error("complex modulo"));
    }
    let Some(y) = to_c(vm, &args[1])? else {
        return Ok(Value::NotImplemented);
    };
    let (a, b) = if reflected { (y, x) } else { (x, y) };
    pow_checked(vm, a, b)
}

fn c_pow_native(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    pow_common(vm, args, "__pow__", false)
}
fn c_rpow(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    pow_common(vm, args, "__rpow__", true)
}

fn cmp(vm: &mut Vm, args: &[Value], name: &str, op: CmpOp) -> PyResult<Value> {
    let x = dunder(vm, args, name, 1)?;
    let other = &args[1];
    if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return Ok(Value::NotImplemented);
    }
    let eq = if let Some(c) = complex_of(other) {
        x == c
    } else if let Some(f) = crate::types::float::float_of(other) {
        x.1 == 0.0 && x.0 == f
    } else if let Some(i) = crate::types::int::int_of(other) {
        if x.1 != 0.0 {
            false
        } else {
            let r = ops::richcompare(vm, CmpOp::Eq, &Value::float(x.0), &i)?;
            matches!(r, Value::Bool(Truth::True))
        }
    } else {
        return Ok(Value::NotImplemented);
    };
    Ok(Value::bool(eq == (op == CmpOp::Eq)))
}

fn c_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__eq__", CmpOp::Eq)
}
fn c_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__ne__", CmpOp::Ne)
}

pub fn init(vm: &mut Vm) {
    vm.types.complex.set_filler(fill);
}

/// `complex`'s methods, added when the type's dict is first used.
fn fill(t: &rupy_objects::Class) {
    add_method(t, "complex", "__new__", super::new_complex);
    let methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("conjugate", c_conjugate),
        ("__abs__", c_abs),
        ("__bool__", c_bool),
        ("__neg__", c_neg),
        ("__pos__", c_pos),
        ("__complex__", c_complex),
        ("__hash__", c_hash),
        ("__repr__", c_repr),
        ("__format__", c_format),
        ("__getnewargs__", c_getnewargs),
        ("__add__", c_add),
        ("__radd__", c_radd),
        ("__sub__", c_sub),
        ("__rsub__", c_rsub),
        ("__mul__", c_mul),
        ("__rmul__", c_rmul),
        ("__truediv__", c_truediv),
        ("__rtruediv__", c_rtruediv),
        ("__pow__", c_pow_native),
        ("__rpow__", c_rpow),
        ("__eq__", c_eq),
        ("__ne__", c_ne),
    ];
    for (name, f) in methods {
        add_method(t, "complex", name, *f);
    }
}
