//! Complex numbers: `repr`/`str` and `format(complex, spec)`.
//!
//! Both parts are converted like floats (without the `.0` that float repr adds); the imaginary
//! part always carries a sign when a real part is shown. With no presentation type the result
//! looks like `repr` — parentheses, and the real part left out when it is `+0.0` — and padding
//! applies to the whole `(re+imj)` text.

use super::float::{FloatFlags, float_to_string};
use super::number::{NumberParts, fill_number};
use super::spec::{FormatSpec, parse_spec_typed, unknown_code};
use super::string::pad_str;

/// `repr(complex(re, im))` and `str()`: `1j`, `(1+2j)`, `(-0-1j)`, `(1+nanj)`, `(inf-infj)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let plain = FloatFlags::default();
    if re == 0.0 && re.is_sign_positive() {
        let mut s = float_to_string(im, 'r', 0, plain);
        s.push('j');
        return s;
    }
    let signed = FloatFlags {
        sign: true,
        ..plain
    };
    format!(
        "({}{}j)",
        float_to_string(re, 'r', 0, plain),
        float_to_string(im, 'r', 0, signed)
    )
}

/// `format(complex(re, im), spec)`. `Err` is the ValueError message.
pub fn format_complex(re: f64, im: f64, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(complex_repr(re, im));
    }
    let parsed = parse_spec_typed(spec, "complex", None)?;
    match parsed.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') => {}
        Some(t) => return Err(unknown_code(t, "complex")),
    }
    if parsed.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err("precision too big".to_string());
    }
    if parsed.fill == '0' {
        return Err("Zero padding is not allowed in complex format specifier".to_string());
    }
    if parsed.align == Some('=') {
        return Err("'=' alignment flag is not allowed in complex format specifier".to_string());
    }
    let flags = FloatFlags {
        alt: parsed.alternate,
        no_neg_0: parsed.z,
        ..FloatFlags::default()
    };
    let mut skip_re = false;
    let mut parens = false;
    let mut default_precision = 6;
    let mut code = match parsed.ty {
        None => {
            default_precision = 0;
            if re == 0.0 && re.is_sign_positive() {
                skip_re = true;
            } else {
                parens = true;
            }
            'r'
        }
        Some('n') => 'g',
        Some(c) => c,
    };
    let precision = match parsed.precision {
        None => default_precision,
        Some(p) => {
            if code == 'r' {
                code = 'g';
            }
            p
        }
    };
    let group = if parsed.ty == Some('n') {
        None
    } else {
        parsed.grouping.map(|c| (c, 3))
    };
    // Each part is laid out without padding; the padding applies to the whole.
    let part_spec = |sign: Option<char>| FormatSpec {
        sign,
        align: Some('<'),
        ..FormatSpec::default()
    };
    let mut body = String::new();
    if parens {
        body.push('(');
    }
    if !skip_re {
        let s = float_to_string(re, code, precision, flags);
        let parts = NumberParts::parse_float(&s);
        body.push_str(&fill_number(&parts, &part_spec(parsed.sign), group));
    }
    let im_sign = if skip_re { parsed.sign } else { Some('+') };
    let s = float_to_string(im, code, precision, flags);
    let parts = NumberParts::parse_float(&s);
    body.push_str(&fill_number(&parts, &part_spec(im_sign), group));
    body.push('j');
    if parens {
        body.push(')');
    }
    let align = parsed.align.unwrap_or('>');
    Ok(pad_str(
        &body,
        parsed.width.unwrap_or(0),
        parsed.fill,
        align,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;
    const INF: f64 = f64::INFINITY;

    #[test]
    fn repr_cases() {
        // repr(complex(re, im)) from CPython 3.11/3.13.
        let cases: &[(f64, f64, &str)] = &[
            (1.0, NAN, "(1+nanj)"),
            (1.0, -NAN, "(1+nanj)"),
            (NAN, NAN, "(nan+nanj)"),
            (-0.0, 1.0, "(-0+1j)"),
            (0.0, -0.0, "-0j"),
            (0.0, 1.0, "1j"),
            (0.0, 1.5e20, "1.5e+20j"),
            (1e16, 2.0, "(1e+16+2j)"),
            (-1.0, -2.0, "(-1-2j)"),
            (INF, -INF, "(inf-infj)"),
            (0.0, 0.0, "0j"),
            (1.0, -0.0, "(1-0j)"),
            (0.1, 0.2, "(0.1+0.2j)"),
        ];
        for &(re, im, want) in cases {
            assert_eq!(complex_repr(re, im), want, "complex({re:?}, {im:?})");
        }
    }

    #[test]
    fn format_cases() {
        // format(complex(re, im), spec) from CPython 3.11/3.13.
        let cases: &[(f64, f64, &str, Result<&str, &str>)] = &[
            (1.0, 2.0, "", Ok("(1+2j)")),
            (1.0, 2.0, "10", Ok("    (1+2j)")),
            (1.0, 2.0, "<15", Ok("(1+2j)         ")),
            (1.0, 2.0, "^15.2f", Ok("  1.00+2.00j   ")),
            (0.0, 1.0, "", Ok("1j")),
            (0.0, 1.0, "5", Ok("   1j")),
            (0.0, 1.0, "g", Ok("0+1j")),
            (-0.0, -1.0, "+", Ok("(-0-1j)")),
            (1.0, 2.0, "+.3e", Ok("+1.000e+00+2.000e+00j")),
            (1.0, 2.0, " ", Ok("( 1+2j)")),
            (1.0, 2.0, ",", Ok("(1+2j)")),
            (12345.0, 2.0, ",.2f", Ok("12,345.00+2.00j")),
            (-0.0, -0.0, "z.1f", Ok("0.0+0.0j")),
            (1.0, 2.0, "#", Ok("(1.+2.j)")),
            (1.0, 2.0, "#.0f", Ok("1.+2.j")),
            (1.0, 2.0, "n", Ok("1+2j")),
            (1.0, 2.0, ".2", Ok("(1+2j)")),
            (0.0, 1.0, ".2", Ok("1j")),
            (NAN, INF, "+10", Ok("(+nan+infj)")),
            (1e20, 1.0, "", Ok("(1e+20+1j)")),
            (1.0, 2.0, "x^20", Ok("xxxxxxx(1+2j)xxxxxxx")),
            (1.0, 2.0, "é>12g", Ok("éééééééé1+2j")),
            (
                1.0,
                2.0,
                "010",
                Err("Zero padding is not allowed in complex format specifier"),
            ),
            (
                1.0,
                2.0,
                "0<10",
                Err("Zero padding is not allowed in complex format specifier"),
            ),
            (
                1.0,
                2.0,
                "=10",
                Err("'=' alignment flag is not allowed in complex format specifier"),
            ),
            (
                1.0,
                2.0,
                "%",
                Err("Unknown format code '%' for object of type 'complex'"),
            ),
            (
                1.0,
                2.0,
                "_x",
                Err("Unknown format code 'x' for object of type 'complex'"),
            ),
            (1.0, 2.0, ".2147483648", Err("precision too big")),
        ];
        for &(re, im, spec, want) in cases {
            let got = format_complex(re, im, spec);
            assert_eq!(
                got.as_deref(),
                want.map_err(str::to_string).as_deref(),
                "format(complex({re:?}, {im:?}), {spec:?})"
            );
        }
    }
}
