//! Float to text: `repr`/`str`, the `e`/`f`/`g` conversions used by `%` and `format()`, and
//! `format(float, spec)` itself.
//!
//! Digits are always exact: the shortest round-tripping digits come from Rust's float
//! formatting (same digits as CPython's `repr`), and every fixed-precision conversion rounds the
//! exact binary value half-to-even with integer arithmetic (`u128` when it fits, else `BigUint`),
//! so `format(2.675, '.2f') == '2.67'` and `format(1e300, 'f')` prints all 301 digits.

use std::cmp::Ordering;

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::One;

use super::number::{NumberParts, fill_number};
use super::spec::{FormatSpec, parse_spec_typed, unknown_code};

/// Options of [`float_to_string`] (CPython's `Py_DTSF_*` flags).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FloatFlags {
    /// Write `+` before non-negative numbers and nans (a nan never gets `-`).
    pub sign: bool,
    /// Make integral fixed-point results look like floats: `1.0`, not `1`.
    pub add_dot_0: bool,
    /// Alternate form (`#`): keep the decimal point, and keep trailing zeros for `g`.
    pub alt: bool,
    /// `z`: drop the sign of a result that rounds to zero.
    pub no_neg_0: bool,
}

/// `repr(x)` and `str(x)`: shortest round-trip digits; scientific notation when the decimal
/// exponent is below -4 or at least 16.
pub fn float_repr(x: f64) -> String {
    float_to_string(
        x,
        'r',
        0,
        FloatFlags {
            add_dot_0: true,
            ..FloatFlags::default()
        },
    )
}

/// `'%.{precision}f' % x`: exactly rounded, every digit of huge values.
pub fn float_to_fixed(x: f64, precision: usize) -> String {
    float_to_string(x, 'f', precision, FloatFlags::default())
}

/// `'%.{precision}e' % x` (`'%.{precision}E'` when `upper`), e.g. `1.500000e+00`.
pub fn float_to_exp(x: f64, precision: usize, upper: bool) -> String {
    float_to_string(
        x,
        if upper { 'E' } else { 'e' },
        precision,
        FloatFlags::default(),
    )
}

/// `'%.{precision}g' % x` (`G` when `upper`, `%#g` when `alternate`). Precision 0 means 1.
pub fn float_to_general(x: f64, precision: usize, upper: bool, alternate: bool) -> String {
    let flags = FloatFlags {
        alt: alternate,
        ..FloatFlags::default()
    };
    float_to_string(x, if upper { 'G' } else { 'g' }, precision, flags)
}

/// The general conversion (CPython's `PyOS_double_to_string`). `code` is one of `e E f F g G r`;
/// `r` is the shortest repr (its `precision` is ignored). Upper-case codes give `E`, `INF`, `NAN`.
/// Any other code is treated as `r`.
pub fn float_to_string(x: f64, code: char, precision: usize, flags: FloatFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    let mut out = String::new();
    if x.is_nan() {
        // A nan never shows its own sign, but does get the requested '+'.
        if flags.sign {
            out.push('+');
        }
        out.push_str(if upper { "NAN" } else { "nan" });
        return out;
    }
    let mut negative = x.is_sign_negative();
    if x.is_infinite() {
        if negative {
            out.push('-');
        } else if flags.sign {
            out.push('+');
        }
        out.push_str(if upper { "INF" } else { "inf" });
        return out;
    }
    let ax = x.abs();
    let p = precision as i64;
    let (digits, decpt) = match code {
        'e' => sig_digits(ax, precision.saturating_add(1)),
        'f' => fixed_digits(ax, p),
        'g' => sig_digits(ax, precision.max(1)),
        _ => shortest_digits(ax),
    };
    if negative && flags.no_neg_0 && digits == b"0" {
        negative = false;
    }
    if negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    let n = digits.len() as i64;
    let (use_exp, vend) = match code {
        'e' => (true, p + 1),
        'f' => (false, decpt + p),
        'g' => {
            let p = p.max(1);
            let limit = if flags.add_dot_0 { p - 1 } else { p };
            (decpt <= -4 || decpt > limit, if flags.alt { p } else { n })
        }
        _ => (decpt <= -4 || decpt > 16, n),
    };
    render(&mut out, &digits, decpt, use_exp, vend, flags, upper);
    out
}

/// Lay out `0.DIGITS × 10^decpt` (digits without trailing zeros) in fixed or exponent notation.
/// `vend` is how many digit positions (counted from the first digit) must be written, padding
/// with zeros on the right.
fn render(
    out: &mut String,
    digits: &[u8],
    mut decpt: i64,
    use_exp: bool,
    vend: i64,
    flags: FloatFlags,
    upper: bool,
) {
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    // Positions run from `vstart` (a leading "0" before the point when decpt <= 0) to `vend`;
    // the decimal point sits just before position `decpt`.
    let vstart = if decpt <= 0 { decpt - 1 } else { 0 };
    let vend = vend.max(decpt + i64::from(!use_exp && flags.add_dot_0));
    out.reserve((vend - vstart + 8) as usize);
    for pos in vstart..vend {
        if pos == decpt {
            out.push('.');
        }
        let d = if pos >= 0 && (pos as usize) < digits.len() {
            digits[pos as usize]
        } else {
            b'0'
        };
        out.push(d as char);
    }
    if decpt == vend {
        out.push('.');
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&a.to_string());
    }
}

/// `x = m × 2^e` for finite positive `x`, with `m` odd (or `x == 0` → `(0, 0)`).
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    if m == 0 {
        return (0, 0);
    }
    let tz = m.trailing_zeros();
    (m >> tz, e + tz as i32)
}

/// Shortest digits that round-trip (no trailing zeros), with the decimal point position:
/// `x = 0.DIGITS × 10^decpt`. Zero gives `("0", 1)`.
fn shortest_digits(ax: f64) -> (Vec<u8>, i64) {
    if ax == 0.0 {
        return (b"0".to_vec(), 1);
    }
    // Rust prints the shortest round-trip digits, e.g. "1.2345e-5".
    let s = format!("{ax:e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    let decpt = exp + 1;
    // When `ax` lies exactly halfway between two shortest candidates Rust takes the upper one,
    // CPython the even one.
    if let Some(fixed) = even_tie_digits(ax, &digits, decpt) {
        return fixed;
    }
    (digits, decpt)
}

/// If `ax` is exactly halfway between `D` (the digits, an odd number) and a neighbour `D ± 1`
/// (in units of the last digit), and that even neighbour also round-trips, return it.
fn even_tie_digits(ax: f64, digits: &[u8], decpt: i64) -> Option<(Vec<u8>, i64)> {
    if digits.len() > 17 || digits.last().is_none_or(|d| d % 2 == 0) {
        return None;
    }
    let d: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    let (m, e) = decompose(ax);
    // ax = m·2^e; a tie with D ± 1 means ax = T/2 · 10^q with T = 2D ± 1 odd, q = decpt - n.
    // As m and T are odd, this holds iff e + 1 == q and m·5^-q == T (q < 0) or m == T·5^q.
    let q = decpt - digits.len() as i64;
    if i64::from(e) + 1 != q || q.abs() > 40 {
        return None;
    }
    let p5 = 5u128.checked_pow(q.unsigned_abs() as u32)?;
    for (t, cand) in [
        (2 * u128::from(d) - 1, d - 1),
        (2 * u128::from(d) + 1, d + 1),
    ] {
        let tie = if q < 0 {
            u128::from(m).checked_mul(p5) == Some(t)
        } else {
            t.checked_mul(p5) == Some(u128::from(m))
        };
        if !tie {
            continue;
        }
        let text = format!("{cand}e{q}");
        if text.parse::<f64>().ok() != Some(ax) {
            continue;
        }
        // Re-normalise: the candidate may have gained or lost a digit, or end in zeros.
        let s = cand.to_string().into_bytes();
        let decpt = s.len() as i64 + q;
        return Some((strip_zeros(s), decpt));
    }
    None
}

/// An integer that is either small (`u128`) or big.
enum Num {
    Small(u128),
    Big(BigUint),
}

impl Num {
    fn to_digits(&self) -> Vec<u8> {
        match self {
            Num::Small(v) => v.to_string().into_bytes(),
            Num::Big(v) => v.to_str_radix(10).into_bytes(),
        }
    }
}

fn pow10_u128(k: u32) -> Option<u128> {
    10u128.checked_pow(k)
}

/// Bits needed for `10^k` (an upper bound).
fn pow10_bits(k: i64) -> i64 {
    k * 3322 / 1000 + 1
}

/// `m × 2^e × 10^s` rounded down, plus how twice the remainder compares with the divisor
/// (`Less`: round down, `Greater`: round up, `Equal`: exact tie; an exact result gives `Less`).
fn scaled(m: u64, e: i32, s: i64) -> (Num, Ordering) {
    let (e, s) = (i64::from(e), s);
    // numerator = m * 2^max(e,0) * 10^max(s,0); denominator = 2^max(-e,0) * 10^max(-s,0)
    let num_bits = 64 + e.max(0) + pow10_bits(s.max(0));
    let den_bits = (-e).max(0) + pow10_bits((-s).max(0));
    if num_bits < 126 && den_bits < 126 {
        let mut num = u128::from(m) << e.max(0);
        if s > 0 {
            num *= pow10_u128(s as u32).unwrap_or(1);
        }
        let mut den: u128 = 1u128 << (-e).max(0);
        if s < 0 {
            den *= pow10_u128((-s) as u32).unwrap_or(1);
        }
        let (q, r) = (num / den, num % den);
        // 2r vs den without overflow: r < den < 2^126.
        return (Num::Small(q), (2 * r).cmp(&den));
    }
    let mut num = BigUint::from(m) << e.max(0) as usize;
    if s > 0 {
        num *= BigUint::from(10u32).pow(s as u32);
    }
    if s >= 0 {
        let sh = (-e).max(0) as usize;
        if sh == 0 {
            return (Num::Big(num), Ordering::Less);
        }
        let q = &num >> sh;
        let r = num - (&q << sh);
        let half = BigUint::one() << (sh - 1);
        return (Num::Big(q), r.cmp(&half));
    }
    let den = (BigUint::from(10u32).pow((-s) as u32)) << (-e).max(0) as usize;
    let (q, r) = num.div_rem(&den);
    let twice: BigUint = r << 1usize;
    (Num::Big(q), twice.cmp(&den))
}

/// Round half-to-even given the floor and the remainder comparison.
fn round_up(q: Num, cmp: Ordering) -> Num {
    let odd = match &q {
        Num::Small(v) => v & 1 == 1,
        Num::Big(v) => v.is_odd(),
    };
    if cmp == Ordering::Greater || (cmp == Ordering::Equal && odd) {
        match q {
            Num::Small(v) => Num::Small(v + 1),
            Num::Big(v) => Num::Big(v + 1u32),
        }
    } else {
        q
    }
}

fn strip_zeros(mut d: Vec<u8>) -> Vec<u8> {
    while d.len() > 1 && d.last() == Some(&b'0') {
        d.pop();
    }
    d
}

/// Digits of `ax` rounded to `p` places after the point (`p` may be negative: round to tens,
/// hundreds…), as `0.DIGITS × 10^decpt` without trailing zeros. A zero result gives `("0", 1)`.
pub(crate) fn fixed_digits(ax: f64, p: i64) -> (Vec<u8>, i64) {
    let (m, e) = decompose(ax);
    if m == 0 {
        return (b"0".to_vec(), 1);
    }
    // Values far below half a unit in the last place round to zero without big arithmetic:
    // ax < 2^(e+53) <= 10^-(p+1) when (e+53)·log10(2) < -(p+1).
    if (i64::from(e) + 53) * 30103 < -(p + 1) * 100000 {
        return (b"0".to_vec(), 1);
    }
    let (q, cmp) = scaled(m, e, p);
    let q = round_up(q, cmp);
    let d = q.to_digits();
    if d == b"0" {
        return (d, 1);
    }
    let decpt = d.len() as i64 - p;
    (strip_zeros(d), decpt)
}

/// `nd >= 1` significant digits of `ax` (rounded half-to-even), as `0.DIGITS × 10^decpt` without
/// trailing zeros. Zero gives `("0", 1)`.
fn sig_digits(ax: f64, nd: usize) -> (Vec<u8>, i64) {
    let (m, e) = decompose(ax);
    if m == 0 {
        return (b"0".to_vec(), 1);
    }
    let nd = nd as i64;
    // k = floor(log10(ax)), estimated then corrected.
    let mut k = ax.log10().floor() as i64;
    loop {
        let (q, cmp) = scaled(m, e, nd - 1 - k);
        let d = q.to_digits();
        // A zero quotient means the estimate of k was too high.
        let len = if d == b"0" { 0 } else { d.len() as i64 };
        if len > nd {
            k += 1;
            continue;
        }
        if len < nd {
            k -= 1;
            continue;
        }
        let q = round_up(q, cmp);
        let mut d = q.to_digits();
        if d.len() as i64 > nd {
            // Rounded up to 10^nd.
            d.truncate(nd as usize);
            k += 1;
        }
        return (strip_zeros(d), k + 1);
    }
}

/// `round(x, ndigits)` for floats: round the exact value half-to-even at `ndigits` decimal places
/// (negative: to tens, hundreds…), then back to the nearest float. `Err` is the OverflowError
/// message "rounded value too large to represent".
pub fn float_round(x: f64, ndigits: i64) -> Result<f64, String> {
    if !x.is_finite() {
        return Ok(x);
    }
    // Beyond these bounds every float is unchanged / rounds to zero (CPython's NDIGITS_MAX/MIN).
    if ndigits > 323 {
        return Ok(x);
    }
    if ndigits < -308 {
        return Ok(0.0 * x);
    }
    if x == 0.0 {
        return Ok(x);
    }
    let (digits, decpt) = fixed_digits(x.abs(), ndigits);
    let text = format!(
        "{}0.{}e{}",
        if x < 0.0 { "-" } else { "" },
        std::str::from_utf8(&digits).unwrap_or("0"),
        decpt
    );
    let r: f64 = text.parse().unwrap_or(0.0);
    if r.is_infinite() {
        return Err("rounded value too large to represent".to_string());
    }
    Ok(r)
}

/// `format(x, spec)` for floats. `Err` is the ValueError message.
pub fn format_float(x: f64, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(float_repr(x));
    }
    let parsed = parse_spec_typed(spec, "float", None)?;
    match parsed.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {}
        Some(t) => return Err(unknown_code(t, "float")),
    }
    format_float_parsed(x, &parsed)
}

/// Format a float with an already parsed spec whose type is one of `e E f F g G n %` or none
/// (also used for ints formatted with a float presentation type).
pub(crate) fn format_float_parsed(x: f64, spec: &FormatSpec) -> Result<String, String> {
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err("precision too big".to_string());
    }
    let mut x = x;
    let mut flags = FloatFlags {
        alt: spec.alternate,
        no_neg_0: spec.z,
        ..FloatFlags::default()
    };
    let mut default_precision = 6;
    let mut add_pct = false;
    let mut code = match spec.ty {
        None => {
            flags.add_dot_0 = true;
            default_precision = 0;
            'r'
        }
        Some('n') => 'g',
        Some('%') => {
            x *= 100.0;
            add_pct = true;
            'f'
        }
        Some(c) => c,
    };
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if code == 'r' {
                code = 'g';
            }
            p
        }
    };
    let mut s = float_to_string(x, code, precision, flags);
    if add_pct {
        s.push('%');
    }
    let parts = NumberParts::parse_float(&s);
    let group = spec.grouping.map(|c| (c, 3));
    Ok(fill_number(&parts, spec, group))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INF: f64 = f64::INFINITY;
    const NAN: f64 = f64::NAN;

    #[test]
    fn repr_cases() {
        // Expected values: python3 -c "print(repr(x))" (3.11 and 3.13 agree).
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (123456789012345.0, "123456789012345.0"),
            (INF, "inf"),
            (-INF, "-inf"),
            (NAN, "nan"),
            (-NAN, "nan"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0 / 3.0, "0.3333333333333333"),
            (2.0f64.powi(63), "9.223372036854776e+18"),
            (123.456, "123.456"),
            (-1.5, "-1.5"),
            (1e22, "1e+22"),
            (1e23, "1e+23"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (0.000123, "0.000123"),
        ];
        for &(x, want) in cases {
            assert_eq!(float_repr(x), want, "repr({x:?})");
        }
    }

    #[test]
    fn fixed_exp_general_helpers() {
        // '%.{p}f' % x, '%.{p}e' % x, '%.{p}g' % x from CPython.
        assert_eq!(float_to_fixed(2.675, 2), "2.67");
        assert_eq!(float_to_fixed(0.5, 0), "0");
        assert_eq!(float_to_fixed(1.5, 0), "2");
        assert_eq!(float_to_fixed(2.5, 0), "2");
        assert_eq!(float_to_fixed(-0.001, 2), "-0.00");
        assert_eq!(
            float_to_fixed(0.1, 50),
            "0.10000000000000000555111512312578270211815834045410"
        );
        assert_eq!(
            float_to_fixed(1e300, 6),
            "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"
        );
        assert_eq!(float_to_fixed(INF, 2), "inf");
        assert_eq!(float_to_fixed(-INF, 2), "-inf");
        assert_eq!(float_to_fixed(NAN, 2), "nan");
        assert_eq!(float_to_exp(1.5, 6, false), "1.500000e+00");
        assert_eq!(float_to_exp(1e300, 6, false), "1.000000e+300");
        assert_eq!(
            float_to_exp(5e-324, 20, false),
            "4.94065645841246544177e-324"
        );
        assert_eq!(float_to_exp(-1e-10, 3, true), "-1.000E-10");
        assert_eq!(float_to_exp(9.9999, 2, false), "1.00e+01");
        assert_eq!(float_to_exp(0.0, 2, false), "0.00e+00");
        assert_eq!(float_to_exp(NAN, 2, true), "NAN");
        assert_eq!(float_to_general(100000.0, 6, false, false), "100000");
        assert_eq!(float_to_general(1000000.0, 6, false, false), "1e+06");
        assert_eq!(float_to_general(100000.0, 3, false, false), "1e+05");
        assert_eq!(float_to_general(1e-4, 6, false, false), "0.0001");
        assert_eq!(float_to_general(1e-5, 6, false, false), "1e-05");
        assert_eq!(
            float_to_general(0.1, 17, false, false),
            "0.10000000000000001"
        );
        assert_eq!(float_to_general(0.1, 15, false, false), "0.1");
        assert_eq!(float_to_general(1.0, 6, false, true), "1.00000");
        assert_eq!(float_to_general(1e-10, 6, true, true), "1.00000E-10");
        assert_eq!(float_to_general(1.5, 0, false, false), "2");
        assert_eq!(float_to_general(INF, 6, true, false), "INF");
    }

    #[test]
    fn alternate_forms() {
        let alt = FloatFlags {
            alt: true,
            ..FloatFlags::default()
        };
        // '%#.0f' % 1 == '1.'; '%#.0e' % 1 == '1.e+00'
        assert_eq!(float_to_string(1.0, 'f', 0, alt), "1.");
        assert_eq!(float_to_string(1.0, 'e', 0, alt), "1.e+00");
        assert_eq!(float_to_string(1.0, 'g', 0, alt), "1.");
        assert_eq!(float_to_string(123456.0, 'g', 3, alt), "1.23e+05");
        let plus = FloatFlags {
            sign: true,
            ..FloatFlags::default()
        };
        // repr(complex(1, nan)) == '(1+nanj)' writes the imaginary part this way.
        assert_eq!(float_to_string(NAN, 'r', 0, plus), "+nan");
        assert_eq!(float_to_string(-NAN, 'r', 0, plus), "+nan");
        assert_eq!(float_to_string(INF, 'r', 0, plus), "+inf");
        assert_eq!(float_to_string(1.5, 'f', 1, plus), "+1.5");
    }

    #[test]
    fn format_spec_cases() {
        // format(x, spec) from CPython 3.11/3.13.
        let cases: &[(f64, &str, &str)] = &[
            (1e16, "", "1e+16"),
            (1.5, ".3", "1.5"),
            (1.0, ".3", "1.0"),
            (123.0, ".3", "1.23e+02"),
            (1.0, ".0", "1e+00"),
            (1e16, ".3", "1e+16"),
            (2.675, ".2f", "2.67"),
            (1234.5, "n", "1234.5"),
            (1e20, ",", "1e+20"),
            (1234567.5, ",", "1,234,567.5"),
            (123456789.0, ",.2f", "123,456,789.00"),
            (-1234.5, "=+15,.2f", "-      1,234.50"),
            (1234.5, "*^+15,.2f", "***+1,234.50***"),
            (0.0001, "%", "0.010000%"),
            (INF, "%", "inf%"),
            (-0.0, "z", "0.0"),
            (-0.0, "z.1f", "0.0"),
            (-0.00001, "z.2f", "0.00"),
            (-0.00001, "z.2%", "0.00%"),
            (-0.0001, "z.1e", "-1.0e-04"),
            (-INF, "z", "-inf"),
            (NAN, "z", "nan"),
            (-0.0, "zg", "0"),
            (-1e-10, "z.3g", "-1e-10"),
            (INF, "010", "0000000inf"),
            (-INF, "010", "-000000inf"),
            (NAN, "+010", "+000000nan"),
            (-NAN, "f", "nan"),
            (1.5, "_.3f", "1.500"),
            (1.5, ".\u{662}f", "1.50"),
            (-0.0, "", "-0.0"),
            (-0.0, ".2f", "-0.00"),
            (1.0, "#.0f", "1."),
            (1.0, "#g", "1.00000"),
            (1.0, "#", "1.0"),
            (12345.678, "015,.2f", "0,000,012,345.68"),
            (12345.678, "0=16,.1f", "00,000,012,345.7"),
            (1.5, "<08", "1.500000"),
            (1.5, "^9", "   1.5   "),
            (1.5, "é^8", "éé1.5ééé"),
        ];
        for &(x, spec, want) in cases {
            assert_eq!(
                format_float(x, spec).as_deref(),
                Ok(want),
                "format({x:?}, {spec:?})"
            );
        }
    }

    #[test]
    fn format_errors() {
        assert_eq!(
            format_float(1.5, "d").unwrap_err(),
            "Unknown format code 'd' for object of type 'float'"
        );
        assert_eq!(
            format_float(1.5, "\u{7f}").unwrap_err(),
            "Unknown format code '\u{7f}' for object of type 'float'"
        );
        assert_eq!(
            format_float(-0.0, "z+").unwrap_err(),
            "Unknown format code '+' for object of type 'float'"
        );
        assert_eq!(
            format_float(1.0, ".2147483648f").unwrap_err(),
            "precision too big"
        );
        assert_eq!(
            format_float(1.5, ".3_f").unwrap_err(),
            "Invalid format specifier '.3_f' for object of type 'float'"
        );
        assert_eq!(
            format_float(1.5, ",n").unwrap_err(),
            "Cannot specify ',' with 'n'."
        );
    }

    #[test]
    fn rounding() {
        // round(x, n) from CPython.
        assert_eq!(float_round(2.675, 2), Ok(2.67));
        assert_eq!(float_round(0.5, 0), Ok(0.0));
        assert_eq!(float_round(1.5, 0), Ok(2.0));
        assert_eq!(
            float_round(-0.4, 0).map(f64::to_bits),
            Ok((-0.0f64).to_bits())
        );
        assert_eq!(float_round(12345.0, -2), Ok(12300.0));
        assert_eq!(float_round(1250.0, -2), Ok(1200.0));
        assert_eq!(
            float_round(1.7976931348623157e308, -308),
            Err("rounded value too large to represent".to_string())
        );
        assert_eq!(float_round(5e-324, 400), Ok(5e-324));
        assert_eq!(float_round(0.1, 1), Ok(0.1));
    }

    /// `format(x, spec)` for random values and specs; expected results generated with CPython
    /// 3.11 (identical under 3.13).
    #[rustfmt::skip]
    const CPYTHON_FORMAT: &[(f64, &str, Result<&str, &str>)] = &[
            (0.00918197806, "-#,.20s", Err("Cannot specify ',' with 's'.")),
            (3.37e-20, "=-z0f", Ok("0.000000")),
            (1.5088664145986187e+203, ">.60s", Err("Unknown format code 's' for object of type 'float'")),
            (-1.033203125, "+0.6e", Ok("-1.033203e+00")),
            (8.521777459083263e-212, "#20.0%", Ok("                 0.%")),
            (-5.2499301680264315e-08, "+z#2,e", Ok("-5.249930e-08")),
            (5.179809312603586e+303, "_.2", Ok("5.2e+303")),
            (3.4735975469151416e+99, "😀>0s", Err("Unknown format code 's' for object of type 'float'")),
            (4.581365329389004e-21, " 12,G", Ok(" 4.58137E-21")),
            (-0.00537109375, "15_.0d", Err("Unknown format code 'd' for object of type 'float'")),
            (0.0087890625, "010.3e", Ok("08.789e-03")),
            (1.8e-08, "*> z_.2", Ok(" 1.8e-08")),
            (-0.001, "_f", Ok("-0.001000")),
            (-1e-21, "😀<12.0E", Ok("-1E-21😀😀😀😀😀😀")),
            (1.1956379889832531e-267, "#5.30", Ok("1.19563798898325313435229965144e-267")),
            (-1e-146, "0.2x", Err("Unknown format code 'x' for object of type 'float'")),
            (7.216723937204049e-158, ">", Ok("7.216723937204049e-158")),
            (-783106.1554233445, "=-08.2n", Ok("-7.8e+05")),
            (-1.1177768873091037e-140, "+0d", Err("Unknown format code 'd' for object of type 'float'")),
            (-311403480.78, " z#,.16", Ok("-311,403,480.7800000")),
            (4.953013546636802e+220, "", Ok("4.953013546636802e+220")),
            (-2.2484932019385852e-76, "0f", Ok("-0.000000")),
            (-565298175.3, "#25.20g", Ok("   -565298175.29999995232")),
            (NAN, "25.60", Ok("                      nan")),
            (48401608381258.58, "10%", Ok("4840160838125858.000000%")),
            (9.313225746154785e-10, "<z#.20", Ok("9.3132257461547851562e-10")),
            (2.5, "+z#2%", Ok("+250.000000%")),
            (196026.125, "=-01.15s", Err("Unknown format code 's' for object of type 'float'")),
            (8.538724508211653e+239, ">.16n", Ok("8.538724508211653e+239")),
            (-1e-227, " 0x", Err("Unknown format code 'x' for object of type 'float'")),
            (1.7976931348623157e+308, "0,.3E", Ok("1.798E+308")),
            (-16.0, "*=1.0", Ok("-2e+01")),
            (-1.971348357503093e+201, ",E", Ok("-1.971348E+201")),
            (-1.5585628351434788e+243, "+25.0d", Err("Unknown format code 'd' for object of type 'float'")),
            (-98482551318.98, "-0.60d", Err("Unknown format code 'd' for object of type 'float'")),
            (49.94921875, ",.6", Ok("49.9492")),
            (4.498941e-07, "=>0.6n", Ok("4.49894e-07")),
            (-1.425365086903366e-46, "z30", Ok("        -1.425365086903366e-46")),
            (1e-05, ".15g", Ok("1e-05")),
            (-6.754034012229084e-226, "€<.60s", Err("Unknown format code 's' for object of type 'float'")),
            (1.3011001434606182e-182, "5.5n", Ok("1.3011e-182")),
            (-0.00439453125, "z010e", Ok("-4.394531e-03")),
            (-1.9099155794257002e+300, " ", Ok("-1.9099155794257002e+300")),
            (-9.587222175641642e+172, "-.1d", Err("Unknown format code 'd' for object of type 'float'")),
            (228447.51517820358, "+0", Ok("+228447.51517820358")),
            (-5.4e-05, " 30.30", Ok("-5.3999999999999997979914512225e-05")),
            (-43856.251960074296, "<<10s", Err("Unknown format code 's' for object of type 'float'")),
            (1e+40, "z.5n", Ok("1e+40")),
            (1059.4873046875, "=-n", Ok("1059.49")),
            (2.87890625, "F", Ok("2.878906")),
            (9.235821473020485, "x^-5.30s", Err("Unknown format code 's' for object of type 'float'")),
            (8.6313e-05, "", Ok("8.6313e-05")),
            (-1e-253, "0.60", Ok("-1.00000000000000006369110076296211841349196258629847923954161e-253")),
            (0.05, " G", Ok(" 0.05")),
            (1.818854, "< z,x", Err("Cannot specify ',' with 'x'.")),
            (-917421.6981863619, "<^-.60n", Ok("-917421.69818636192940175533294677734375")),
            (1e-07, "2_", Ok("1e-07")),
            (0.048828125, "^ ,E", Ok(" 4.882812E-02")),
            (1.9088973698196605e-306, "#5_.0g", Ok("2.e-306")),
            (1e+102, "^20", Ok("       1e+102       ")),
            (0.001, "x>.3e", Ok("1.000e-03")),
            (-1e+65, "é>-0d", Err("Unknown format code 'd' for object of type 'float'")),
            (1.2826677504057426e-290, "#F", Ok("0.000000")),
            (2.245009889608778e-08, "*>z.20G", Ok("2.2450098896087779099E-08")),
            (-0.0390625, "€^#n", Ok("-0.0390625")),
            (-0.34375, "=^+15_d", Err("Unknown format code 'd' for object of type 'float'")),
            (2.0747577844404965e+180, "-.20s", Err("Unknown format code 's' for object of type 'float'")),
            (9.00555597971328e-149, " z30e", Ok("                 9.005556e-149")),
            (994599.257200506, "+0", Ok("+994599.257200506")),
            (-1e-285, ">_f", Ok("-0.000000")),
            (-3.646430496519136e+204, "0.16", Ok("-3.646430496519136e+204")),
            (-INF, "", Ok("-inf")),
            (130007.04336819123, "^25,.20e", Ok("1.30007043368191225454e+05")),
            (0.009495015250437805, "<-#.16", Ok("0.009495015250437805")),
            (-274837.5363739686, "x= 10,.20d", Err("Unknown format code 'd' for object of type 'float'")),
            (2.478660352135892e+32, ">0E", Ok("2.478660E+32")),
            (-392955.5558203093, "x>z025.2", Ok("xxxxxxxxxxxxxxxxx-3.9e+05")),
            (0.0699846, "0.2n", Ok("0.07")),
            (-407186.76176573103, "+15g", Ok("        -407187")),
            (-1.7309728356228794e+42, "#030.0x", Err("Unknown format code 'x' for object of type 'float'")),
            (14087.8359375, "=^ ,G", Ok(" 14,087.8")),
            (-1.1319751845210749e+51, " z#2f", Ok("-1131975184521074886919035061121800429849070880686080.000000")),
            (-819275570479.2255, " ^+030.3", Ok("          -8.19e+11           ")),
            (-1.5990699074521872e-168, "-05,n", Err("Cannot specify ',' with 'n'.")),
            (-39355.65238098521, "<20e", Ok("-3.935565e+04       ")),
            (2.2431646186004254e-166, "-8e", Ok("2.243165e-166")),
            (2.80642806e-15, "-#0.5n", Ok("2.8064e-15")),
            (5.618508328531317e+28, "30.6d", Err("Unknown format code 'd' for object of type 'float'")),
            (268435456.0, ".15d", Err("Unknown format code 'd' for object of type 'float'")),
            (-45046199844099.5, "=+_.30s", Err("Cannot specify '_' with 's'.")),
            (-1.6543612251060553e-24, " ^0", Ok("-1.6543612251060553e-24")),
            (1.1930844490797586e-151, "#0f", Ok("0.000000")),
            (-8056332.125, ".3", Ok("-8.06e+06")),
            (1.51616931696171e-86, "#030.30", Ok("1.51616931696171005522834113282e-86")),
            (2.4515139275601447e-293, "-d", Err("Unknown format code 'd' for object of type 'float'")),
            (583224.493447588, " =zG", Ok("583224")),
            (-1143530.578125, "s", Err("Unknown format code 's' for object of type 'float'")),
            (-525439.4459089932, "_", Ok("-525_439.4459089932")),
            (171920.1, "10x", Err("Unknown format code 'x' for object of type 'float'")),
            (1000000000000000.0, "-0.3", Ok("1e+15")),
            (1.385204136440661e+292, "<z#20", Ok("1.385204136440661e+292")),
            (-1e+81, "é=030,x", Err("Cannot specify ',' with 'x'.")),
            (-9.839673127831227e+16, "-08.20E", Ok("-9.83967312783122720000E+16")),
            (0.0, "30.60", Ok("                           0.0")),
            (-1e-138, "20n", Ok("             -1e-138")),
            (123456789.0, "-", Ok("123456789.0")),
            (1e+119, "=<0E", Ok("1.000000E+119")),
            (1.0643318762096102e-64, "<z10.15%", Ok("0.000000000000000%")),
            (6.264738732545283e-136, " <+0_E", Ok("+6.264739E-136")),
            (-1.1113793747425387e-162, "10.20", Ok("-1.1113793747425387417e-162")),
            (288232.00975274784, "-g", Ok("288232")),
            (611363.6335289313, "#12.6E", Ok("6.113636E+05")),
            (-1e+44, "-20", Ok("              -1e+44")),
            (-4.124755715109111e+290, "01g", Ok("-4.12476e+290")),
            (-906269.9219888943, "#%", Ok("-90626992.198889%")),
            (-3.7385625446373786e-274, "<=-#0", Ok("-3.7385625446373786e-274")),
            (51.0240050407022, ".15f", Ok("51.024005040702200")),
            (1315923.1640625, ">00f", Ok("1315923.164062")),
            (-1.50150336576094e+256, "E", Ok("-1.501503E+256")),
            (1.5, "+.20x", Err("Unknown format code 'x' for object of type 'float'")),
            (3008478.95548958, "1e", Ok("3.008479e+06")),
            (-1.6484709625207242e-42, "25.10", Ok("         -1.648470963e-42")),
            (123456789.0, "z.20", Ok("123456789.0")),
            (-2.0773559464718352e+91, "=0_", Ok("-2.0773559464718352e+91")),
            (-8192005584.7205, "=e", Ok("-8.192006e+09")),
            (-2.06760957, "=,.3e", Ok("-2.068e+00")),
            (-1.4788152327084684e-272, "z", Ok("-1.4788152327084684e-272")),
            (1e-77, "15g", Ok("          1e-77")),
            (5.168497426493167e-160, ",", Ok("5.168497426493167e-160")),
            (1e-22, "10f", Ok("  0.000000")),
            (-6.675e-06, "-8", Ok("-6.675e-06")),
            (1.7976931348623157e+308, "z0", Ok("1.7976931348623157e+308")),
            (7.619249474193791e-38, "+z.60g", Ok("+7.61924947419379137067041782135694547632472140966060028187315e-38")),
            (5.9375, "+#1", Ok("+5.9375")),
            (0.000750517347, "z0.1", Ok("0.0008")),
            (1.618286971678736e-153, "01,e", Ok("1.618287e-153")),
            (50868061334911.875, "0g", Ok("5.08681e+13")),
            (-827215.25, "-025.2x", Err("Unknown format code 'x' for object of type 'float'")),
            (2.3859273315100495e+141, "+0", Ok("+2.3859273315100495e+141")),
            (-1.2374537466558754e-306, " 30x", Err("Unknown format code 'x' for object of type 'float'")),
            (-1e-153, ".0", Ok("-1e-153")),
            (8.112758611704962e-44, "z0.17%", Ok("0.00000000000000000%")),
            (-1e+298, " z02G", Ok("-1E+298")),
            (-7.6e-22, "-", Ok("-7.6e-22")),
            (2377.3515625, "08.15d", Err("Unknown format code 'd' for object of type 'float'")),
            (-3.4662534821462e-11, ">z,f", Ok("0.000000")),
            (-5138.71875, "25.0", Ok("                   -5e+03")),
            (-2.045976404159954e-208, "=#0", Ok("-2.045976404159954e-208")),
            (-1.9030423666006553e-159, "#.17s", Err("Unknown format code 's' for object of type 'float'")),
            (-4.840739893561648e-122, " z_F", Ok(" 0.000000")),
            (-904995424.2387453, "0>-02x", Err("Unknown format code 'x' for object of type 'float'")),
            (7.876228316775818e-271, "=#0.0G", Ok("8.E-271")),
            (135799.5092421556, "", Ok("135799.5092421556")),
            (-0.057235505455553, "+#.0F", Ok("-0.")),
            (-6.386688990511104e+293, "z.10", Ok("-6.386688991e+293")),
            (-2964252.84375, "#025.16", Ok("-00000002964252.843750000")),
            (-3.0914959329910912e-257, ".20s", Err("Unknown format code 's' for object of type 'float'")),
            (11784.4375, "8.3e", Ok("1.178e+04")),
            (-3.3662816474785044e-39, " zg", Ok("-3.36628e-39")),
            (683899072.36, "+#,f", Ok("+683,899,072.360000")),
            (532.461056248106, ",n", Err("Cannot specify ',' with 'n'.")),
            (973046851.9214, "08.30%", Ok("97304685192.139999389648437500000000000000%")),
            (0.39275, "= 020f", Ok(" 000000000000.392750")),
            (119.1142578125, "^+010.3s", Err("Unknown format code 's' for object of type 'float'")),
            (8.940645046652586e+18, ",.5", Ok("8.9406e+18")),
            (0.0004, "0.15", Ok("0.0004")),
            (-1.466311880625918e+253, "20x", Err("Unknown format code 'x' for object of type 'float'")),
            (618094.3958019973, "<>#s", Err("Unknown format code 's' for object of type 'float'")),
            (-1.692202190064986e-07, ".3G", Ok("-1.69E-07")),
            (0.0001, " #1,e", Ok(" 1.000000e-04")),
            (-921175.2693273381, "10f", Ok("-921175.269327")),
            (-505081.1495194292, "*=#", Ok("-505081.1495194292")),
            (0.0, "#_.17E", Ok("0.00000000000000000E+00")),
            (-424.28125, "€=-_n", Err("Cannot specify '_' with 'n'.")),
            (-3.474753441601015e-205, "z#5E", Ok("-3.474753E-205")),
            (-4656002110.53, ".60s", Err("Unknown format code 's' for object of type 'float'")),
            (0.0, "€=-010f", Ok("€€0.000000")),
            (-5.344724715075447e+206, "=+10", Ok("-5.344724715075447e+206")),
            (0.125, ">0.6s", Err("Unknown format code 's' for object of type 'float'")),
            (0.0, "-_.16E", Ok("0.0000000000000000E+00")),
            (1e-21, "z5n", Ok("1e-21")),
            (-185592.66967386368, "25.2e", Ok("                -1.86e+05")),
            (1.7976931348623157e+308, " 0G", Ok(" 1.79769E+308")),
            (6.57702e-19, "z030.5n", Ok("0000000000000000000006.577e-19")),
            (1234567.125, "=2f", Ok("1234567.125000")),
            (-2.1619181540278445e-228, "=^-10.10", Ok("-2.161918154e-228")),
            (16336.1875, "0s", Err("Unknown format code 's' for object of type 'float'")),
            (-1.1553170364080621e+238, "😀^.5", Ok("-1.1553e+238")),
            (-3.866368194939004e-27, "x", Err("Unknown format code 'x' for object of type 'float'")),
            (-3.5257702653609953e-279, "g", Ok("-3.52577e-279")),
            (-6.2563361220695e-09, "z15.16", Ok("-6.2563361220695e-09")),
            (-8.07452e-07, "#25x", Err("Unknown format code 'x' for object of type 'float'")),
            (-7.58476e-10, " > 25.0s", Err("Unknown format code 's' for object of type 'float'")),
            (4.706874736529071e-184, "02%", Ok("0.000000%")),
            (1.6192473718454872e-138, "#8", Ok("1.6192473718454872e-138")),
            (-0.00032220779778, "+00.1", Ok("-0.0003")),
            (0.125, "é=12e", Ok("1.250000e-01")),
            (-0.01513671875, "+G", Ok("-0.0151367")),
            (47011.10271000571, "#,.10d", Err("Unknown format code 'd' for object of type 'float'")),
            (-1000000.0, "2_.2d", Err("Unknown format code 'd' for object of type 'float'")),
            (1.7954744967427586e-256, "*^", Ok("1.7954744967427586e-256")),
            (1e-37, "+_%", Ok("+0.000000%")),
            (0.32080884295744677, "#g", Ok("0.320809")),
            (3.39804025897347e-104, ".20G", Ok("3.3980402589734697679E-104")),
            (1.4426529090290212e-129, "#0.10%", Ok("0.0000000000%")),
            (-1.73833895195875e-310, "+z25", Ok("   -1.73833895195875e-310")),
            (8031366.16, "é<0.1x", Err("Unknown format code 'x' for object of type 'float'")),
            (-2.61959080700442e+63, "-0,.20d", Err("Unknown format code 'd' for object of type 'float'")),
            (2.823535096537528e-257, "_G", Ok("2.82354E-257")),
            (-4.936374057396084e-136, "1G", Ok("-4.93637E-136")),
            (5.76840875030708e+217, ",.0s", Err("Cannot specify ',' with 's'.")),
            (1.2269132669565102e-155, "", Ok("1.2269132669565102e-155")),
            (0.0, "-0.2G", Ok("0")),
            (1234567.125, "10.5", Ok("1.2346e+06")),
            (562544.7380756806, "2_.20G", Ok("562_544.73807568056509")),
            (0.7945767955127911, " .2G", Ok(" 0.79")),
            (2.5, "0.0f", Ok("2")),
            (506478065.563, ">#020.0", Ok("000000000000005.e+08")),
            (0.1, "1e", Ok("1.000000e-01")),
            (6.51e-08, "#n", Ok("6.51000e-08")),
    ];

    /// `repr(x)`, generated with CPython 3.11 (identical under 3.13).
    #[rustfmt::skip]
    const CPYTHON_REPR: &[(f64, &str)] = &[
            (f64::from_bits(0x3f82ce003bd7a209), "0.00918197806"),
            (2.710886201222089e-109, "2.710886201222089e-109"),
            (f64::from_bits(0x4061fc9800000000), "143.8935546875"),
            (300071113050.7418, "300071113050.7418"),
            (1.5876262895134075e+113, "1.5876262895134075e+113"),
            (7484597891335498.0, "7484597891335498.0"),
            (1.1161986242990967e-103, "1.1161986242990967e-103"),
            (f64::from_bits(0x2b50000000000000), "4.5719495651291e-100"),
            (f64::from_bits(0x9893588c860a7da1), "-2.713760756235414e-190"),
            (0.03515625, "0.03515625"),
            (f64::from_bits(0xbff0880000000000), "-1.033203125"),
            (2.8568144927019664e-106, "2.8568144927019664e-106"),
            (f64::from_bits(0x3fbc000000000000), "0.109375"),
            (8.023911259315103e-293, "8.023911259315103e-293"),
            (f64::from_bits(0x3eb0c6f7a0b5ed8d), "1e-06"),
            (f64::from_bits(0x419d6f3454000000), "123456789.0"),
            (f64::from_bits(0x53650fc77de6002d), "5.491624169433838e+93"),
            (f64::from_bits(0x4129cb30b138c962), "845208.3461363728"),
            (11.535883367880055, "11.535883367880055"),
            (-538714.9422876205, "-538714.9422876205"),
            (f64::from_bits(0x173148758980bb2c), "5.780202677294167e-197"),
            (-3.0454465617270388e-114, "-3.0454465617270388e-114"),
            (f64::from_bits(0xef0e1c779b852cbc), "-8.916508270791997e+226"),
            (-2.1912355521529627, "-2.1912355521529627"),
            (1.7976931348623157e+308, "1.7976931348623157e+308"),
            (2.0864899591815364e-81, "2.0864899591815364e-81"),
            (f64::from_bits(0xbd1a43d6953fe15a), "-2.3328e-14"),
            (f64::from_bits(0x533eae8caef261ad), "1e+93"),
            (f64::from_bits(0x3d6cd9e7447e7fdf), "8.2e-13"),
            (f64::from_bits(0x1f60000000000000), "1.4567071740625404e-157"),
            (3.07043583269603e+52, "3.07043583269603e+52"),
            (f64::from_bits(0x32a50ffd44f4a73d), "1e-64"),
            (f64::from_bits(0x84459a03cc9a502c), "-4.433232309677068e-288"),
            (7.237974311762173e-225, "7.237974311762173e-225"),
            (-0.00537109375, "-0.00537109375"),
            (-7.91585094e-07, "-7.91585094e-07"),
            (7.644161727227829e-38, "7.644161727227829e-38"),
            (f64::from_bits(0x411580874d07b8f8), "352289.82522477163"),
            (f64::from_bits(0xc12ca64c0b189594), "-938790.0216719382"),
            (7.864891880506888e+296, "7.864891880506888e+296"),
            (f64::from_bits(0xc192e7f15d99999a), "-79297623.4"),
            (28226083653.55, "28226083653.55"),
            (-24138105.0204, "-24138105.0204"),
            (-1e+71, "-1e+71"),
            (4.190324797402743e+289, "4.190324797402743e+289"),
            (-9.293779367173671e-269, "-9.293779367173671e-269"),
            (f64::from_bits(0xc11a5a90566d4320), "-431780.08440117724"),
            (f64::from_bits(0x35136f4187111aa9), "5.07266562378839e-53"),
            (f64::from_bits(0x80b0000000000000), "-2.2784756311113742e-305"),
            (f64::from_bits(0x534aad5888183610), "1.738952892961528e+93"),
            (0.5, "0.5"),
            (f64::from_bits(0xbda5fd7fe1796495), "-1e-11"),
            (0.0001, "0.0001"),
            (f64::from_bits(0x63b4d323502f5232), "2.0119514275681303e+172"),
            (-1.370739593690286e-157, "-1.370739593690286e-157"),
            (2.6311061159502435e-162, "2.6311061159502435e-162"),
            (1.6256199481099997e-245, "1.6256199481099997e-245"),
            (6.111095520525088e+259, "6.111095520525088e+259"),
            (-9.962737086968845e+188, "-9.962737086968845e+188"),
            (0.5, "0.5"),
            (f64::from_bits(0xa19ff779fd329cb9), "-1e-146"),
            (f64::from_bits(0x1d42deac01e2b4f7), "1e-167"),
            (f64::from_bits(0x4061b5c4029a0e09), "141.6801770218738"),
            (5.1691957984528225e-18, "5.1691957984528225e-18"),
            (f64::from_bits(0x5ec0533a7f6752de), "2.6093001063366024e+148"),
            (f64::from_bits(0xc08d4dca7cf63395), "-937.7238711580745"),
            (-783106.1554233445, "-783106.1554233445"),
            (820530.7078493622, "820530.7078493622"),
            (195.1914706945, "195.1914706945"),
            (f64::from_bits(0x3c15148811d2ccfc), "2.8569e-19"),
            (f64::from_bits(0xc11d068a8bd7353c), "-475554.63656314067"),
            (f64::from_bits(0x3fe0000000000000), "0.5"),
            (f64::from_bits(0x8066789e3750f791), "-1e-306"),
            (-92752515.29780021, "-92752515.29780021"),
            (972038.6304024947, "972038.6304024947"),
            (f64::from_bits(0xc122108eb307fc36), "-591943.3496702972"),
            (f64::from_bits(0x903f13f626bde4db), "-2.0017785863766594e-230"),
            (-733384.9023522537, "-733384.9023522537"),
            (-66874.5, "-66874.5"),
            (f64::from_bits(0xc089988481de394d), "-819.0647008286702"),
            (f64::from_bits(0x60bd22573a28f19d), "1e+158"),
            (0.05, "0.05"),
            (2.72e-19, "2.72e-19"),
            (-7.75054292375969e-06, "-7.75054292375969e-06"),
            (88232181125830.0, "88232181125830.0"),
            (-4733.375, "-4733.375"),
            (-3.210532166472396e+206, "-3.210532166472396e+206"),
            (-4.246243161550597e+139, "-4.246243161550597e+139"),
            (f64::from_bits(0xbe077beaefe9c55b), "-6.83475914602743e-10"),
            (560.62890625, "560.62890625"),
            (2.0987261174471194e+145, "2.0987261174471194e+145"),
            (f64::from_bits(0xc120c23187edbe4f), "-549144.7654857131"),
            (f64::from_bits(0x4179274761c894c4), "26375286.11147"),
            (f64::from_bits(0x3ee4f8b588e368f1), "1e-05"),
            (2.461435933747813e-154, "2.461435933747813e-154"),
            (3.0193185746086215e-307, "3.0193185746086215e-307"),
            (f64::from_bits(0xa7059d523fbe8d9c), "-1.0463034800381012e-120"),
            (f64::from_bits(0xf980d39a9d0be60f), "-1.864240016386488e+277"),
            (0.0, "0.0"),
            (9.313225746154785e-10, "9.313225746154785e-10"),
            (3.193344495255552e+293, "3.193344495255552e+293"),
            (f64::from_bits(0xa843b374f06526de), "-1e-114"),
            (f64::from_bits(0xc12ba39790aca67c), "-905675.7825672175"),
            (585731.3683797815, "585731.3683797815"),
            (617327.1808590242, "617327.1808590242"),
            (f64::from_bits(0x6ca3cca160c4660f), "2.132934771859622e+215"),
            (f64::from_bits(0x2787716ef4620a1f), "2.905137815774813e-118"),
            (-1e-223, "-1e-223"),
            (5.135896322469793e-281, "5.135896322469793e-281"),
            (f64::from_bits(0xc03de40000000000), "-29.890625"),
            (6.9889547262796704e+100, "6.9889547262796704e+100"),
            (f64::from_bits(0xc1f7292976a6410b), "-6217176938.39088"),
            (8.538724508211653e+239, "8.538724508211653e+239"),
            (f64::from_bits(0x4008ac0000000000), "3.083984375"),
            (20149291.065478567, "20149291.065478567"),
            (f64::from_bits(0x5e588964908add57), "3.0638951504236923e+146"),
            (f64::from_bits(0x90ce5297287c2f45), "-1e-227"),
            (3.1188970889915667e-99, "3.1188970889915667e-99"),
            (1e+270, "1e+270"),
    ];

    #[test]
    fn cpython_tables() {
        for &(x, spec, want) in CPYTHON_FORMAT {
            let got = format_float(x, spec);
            assert_eq!(
                got.as_deref(),
                want.map_err(str::to_string).as_deref(),
                "format({x:?}, {spec:?})"
            );
        }
        for &(x, want) in CPYTHON_REPR {
            assert_eq!(float_repr(x), want, "repr({x:?})");
        }
    }
}
