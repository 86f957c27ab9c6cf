//! Int to text: `bin`/`oct`/`hex`-style conversion, exact int→float conversion, and
//! `format(int, spec)` for the `b c d o x X n` types (plus `e E f F g G %`, which go through
//! float like CPython).

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

use super::FormatError;
use super::float::format_float_parsed;
use super::number::{NumberParts, fill_number};
use super::spec::{FormatSpec, parse_spec_typed, unknown_code};

/// `v` in base 2, 8, 10 or 16 (lower-case digits), with `0b`/`0o`/`0x` after the sign when
/// `prefix` is set (no prefix exists for base 10): `int_to_base(-5, 2, true) == "-0b101"`.
pub fn int_to_base(v: &BigInt, base: u32, prefix: bool) -> String {
    let mut out = String::new();
    if v.is_negative() {
        out.push('-');
    }
    if prefix {
        out.push_str(match base {
            2 => "0b",
            8 => "0o",
            16 => "0x",
            _ => "",
        });
    }
    out.push_str(&v.magnitude().to_str_radix(base));
    out
}

/// The float nearest to `v` (ties to even), or `None` when it does not fit (CPython raises
/// OverflowError "int too large to convert to float").
pub fn bigint_to_f64(v: &BigInt) -> Option<f64> {
    let mag = v.magnitude();
    let bits = mag.bits();
    let r = if bits <= 64 {
        // u64 -> f64 rounds to nearest, ties to even.
        mag.to_u64().map(|u| u as f64)?
    } else {
        // Keep 54 bits plus a sticky bit, so that one final rounding by the hardware is exact.
        let shift = bits - 54;
        let top = (mag >> shift).to_u64()?;
        let sticky = u64::from(mag.trailing_zeros().is_some_and(|tz| tz < shift));
        let q = (top << 1 | sticky) as f64; // < 2^55: 55 bits, rounds once to 53 bits
        if shift as i64 - 1 > 1100 {
            return None;
        }
        q * 2f64.powi(shift as i32 - 1)
    };
    if r.is_infinite() {
        return None;
    }
    Some(if v.sign() == Sign::Minus { -r } else { r })
}

/// Error for a `%c`/`c` code point outside `range(0x110000)`.
pub(crate) fn char_range_error() -> FormatError {
    FormatError::overflow("%c arg not in range(0x110000)")
}

/// A character from a code point, for `%c` and the `c` type. Lone surrogates (valid in Python
/// strings, not in Rust ones) become U+FFFD.
pub(crate) fn code_point_char(cp: u32) -> Option<char> {
    if cp > 0x10FFFF {
        return None;
    }
    Some(char::from_u32(cp).unwrap_or('\u{FFFD}'))
}

/// An int argument without forcing a `BigInt` allocation for small values.
#[derive(Clone, Copy)]
enum IntRef<'a> {
    Big(&'a BigInt),
    Small(i64),
}

impl IntRef<'_> {
    fn is_negative(self) -> bool {
        match self {
            IntRef::Big(v) => v.is_negative(),
            IntRef::Small(v) => v < 0,
        }
    }

    /// Digits of the magnitude in `base`, lower-case.
    fn magnitude_digits(self, base: u32) -> String {
        match self {
            IntRef::Big(v) => v.magnitude().to_str_radix(base),
            IntRef::Small(v) => {
                let m = v.unsigned_abs();
                match base {
                    2 => format!("{m:b}"),
                    8 => format!("{m:o}"),
                    16 => format!("{m:x}"),
                    _ => m.to_string(),
                }
            }
        }
    }

    fn to_string_repr(self) -> String {
        match self {
            IntRef::Big(v) => v.to_string(),
            IntRef::Small(v) => v.to_string(),
        }
    }

    fn to_f64(self) -> Option<f64> {
        match self {
            IntRef::Big(v) => bigint_to_f64(v),
            IntRef::Small(v) => Some(v as f64),
        }
    }

    fn code_point(self) -> Option<u32> {
        match self {
            IntRef::Big(v) => v.to_u32(),
            IntRef::Small(v) => u32::try_from(v).ok(),
        }
    }

    fn fits_c_long(self) -> bool {
        match self {
            IntRef::Big(v) => v.to_i64().is_some(),
            IntRef::Small(_) => true,
        }
    }

    fn is_zero(self) -> bool {
        match self {
            IntRef::Big(v) => v.is_zero(),
            IntRef::Small(v) => v == 0,
        }
    }
}

/// `format(v, spec)` for ints. `Err` is the ValueError message; the two OverflowError cases
/// ('c' out of range, too large for a float type) are reported as their message too — use
/// [`format_int_ex`] to tell them apart.
pub fn format_int(v: &BigInt, spec: &str) -> Result<String, String> {
    format_int_ex(v, spec).map_err(|e| e.msg)
}

/// `format(v, spec)` for ints, with the exception kind.
pub fn format_int_ex(v: &BigInt, spec: &str) -> Result<String, FormatError> {
    format_intref(IntRef::Big(v), spec)
}

/// Fast path of [`format_int`] for values that fit an `i64`; identical output.
pub fn format_i64(v: i64, spec: &str) -> Result<String, String> {
    format_i64_ex(v, spec).map_err(|e| e.msg)
}

/// Fast path of [`format_int_ex`] for values that fit an `i64`.
pub fn format_i64_ex(v: i64, spec: &str) -> Result<String, FormatError> {
    format_intref(IntRef::Small(v), spec)
}

fn format_intref(v: IntRef<'_>, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(v.to_string_repr());
    }
    let parsed = parse_spec_typed(spec, "int", Some('d')).map_err(FormatError::value)?;
    let ty = parsed.ty.unwrap_or('d');
    match ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_int_parsed(v, &parsed, ty),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = v
                .to_f64()
                .ok_or_else(|| FormatError::overflow("int too large to convert to float"))?;
            format_float_parsed(x, &parsed).map_err(FormatError::value)
        }
        _ => Err(FormatError::value(unknown_code(ty, "int"))),
    }
}

fn format_int_parsed(v: IntRef<'_>, spec: &FormatSpec, ty: char) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(FormatError::value(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.z {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(FormatError::value(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(FormatError::value(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        if !v.fits_c_long() {
            return Err(FormatError::overflow(
                "Python int too large to convert to C long",
            ));
        }
        let c = v
            .code_point()
            .and_then(code_point_char)
            .ok_or_else(char_range_error)?;
        let mut buf = [0u8; 4];
        let rest = c.encode_utf8(&mut buf);
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: "",
            decimal: false,
            rest,
        };
        return Ok(fill_number(&parts, spec, None));
    }
    let (base, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = v.magnitude_digits(base);
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let group = match (spec.grouping, base) {
        (Some(c), 10) => Some((c, 3)),
        (Some(c), _) => Some((c, 4)),
        (None, _) => None,
    };
    let parts = NumberParts {
        negative: v.is_negative() && !v.is_zero(),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        decimal: false,
        rest: "",
    };
    Ok(fill_number(&parts, spec, group))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        s.parse().unwrap()
    }

    #[test]
    fn bases() {
        // bin(-5), oct(8), hex(255), hex(-2**70)
        assert_eq!(int_to_base(&BigInt::from(-5), 2, true), "-0b101");
        assert_eq!(int_to_base(&BigInt::from(8), 8, true), "0o10");
        assert_eq!(int_to_base(&BigInt::from(255), 16, true), "0xff");
        assert_eq!(int_to_base(&BigInt::from(0), 16, true), "0x0");
        assert_eq!(
            int_to_base(&-(BigInt::from(1) << 70usize), 16, true),
            "-0x400000000000000000"
        );
        assert_eq!(int_to_base(&BigInt::from(255), 16, false), "ff");
    }

    #[test]
    fn to_float() {
        // float(n) from CPython.
        let two = BigInt::from(2);
        let p = |e: u32| num_traits::pow(two.clone(), e as usize);
        assert_eq!(bigint_to_f64(&(p(53) + 1)), Some(9007199254740992.0));
        assert_eq!(bigint_to_f64(&(p(53) + 3)), Some(9007199254740996.0));
        assert_eq!(bigint_to_f64(&(p(64) + 1)), Some(1.8446744073709552e19));
        // 2**65 + 2**12 + 1 rounds up (sticky bit), 2**65 + 2**12 is a tie -> even.
        assert_eq!(
            bigint_to_f64(&(p(65) + p(12) + 1)),
            Some(3.689348814741911e19)
        );
        assert_eq!(bigint_to_f64(&(p(65) + p(12))), Some(3.6893488147419103e19));
        assert_eq!(bigint_to_f64(&(p(1024) - p(970) - 1)), Some(f64::MAX));
        assert_eq!(bigint_to_f64(&(p(1024) - p(970))), None);
        assert_eq!(bigint_to_f64(&-(p(64))), Some(-1.8446744073709552e19));
        assert_eq!(bigint_to_f64(&big("0")), Some(0.0));
    }

    #[test]
    fn format_cases() {
        // format(v, spec) from CPython 3.11/3.13.
        let cases: &[(&str, &str, &str)] = &[
            ("1234", "08,", "0,001,234"),
            ("1234", "0=10,", "00,001,234"),
            ("1234", "x=10,", "xxxxx1,234"),
            ("65", "05c", "0000A"),
            ("65", "^5c", "  A  "),
            ("1", "_x", "1"),
            ("4294967295", "_x", "ffff_ffff"),
            (
                "4294967295",
                "#_b",
                "0b1111_1111_1111_1111_1111_1111_1111_1111",
            ),
            ("-255", "#010x", "-0x00000ff"),
            ("255", "#X", "0XFF"),
            ("255", "#o", "0o377"),
            ("-255", "=+#12_X", "-0X       FF"),
            ("-255", "*=+#12_X", "-0X*******FF"),
            ("12345678", "010n", "0012345678"),
            ("1234", "n", "1234"),
            ("1234567", ",", "1,234,567"),
            ("-1234567", "_d", "-1_234_567"),
            ("1234567", "+,", "+1,234,567"),
            ("5", " ", " 5"),
            ("-5", " ", "-5"),
            ("5", "<05", "50000"),
            ("5", "x<05", "5xxxx"),
            ("5", "^6", "  5   "),
            ("-5", "=6", "-    5"),
            ("10", "f", "10.000000"),
            ("10", "%", "1000.000000%"),
            ("10", ".2e", "1.00e+01"),
            ("9007199254740993", "f", "9007199254740992.000000"),
            ("-18446744073709551616", "e", "-1.844674e+19"),
            (
                "100000000000000000000000000000",
                "",
                "100000000000000000000000000000",
            ),
            (
                "100000000000000000000000000000",
                ",",
                "100,000,000,000,000,000,000,000,000,000",
            ),
            ("0", "#b", "0b0"),
            ("-0", "+", "+0"),
            ("1114111", "c", "\u{10ffff}"),
        ];
        for &(v, spec, want) in cases {
            let b = big(v);
            assert_eq!(
                format_int(&b, spec).as_deref(),
                Ok(want),
                "format({v}, {spec:?})"
            );
            if let Ok(small) = v.parse::<i64>() {
                assert_eq!(
                    format_i64(small, spec).as_deref(),
                    Ok(want),
                    "format_i64({v}, {spec:?})"
                );
            }
        }
    }

    #[test]
    fn errors() {
        use super::super::ErrorKind;
        let e = |v: i64, s: &str| format_i64_ex(v, s).unwrap_err();
        let val = |v: i64, s: &str| {
            let err = e(v, s);
            assert_eq!(err.kind, ErrorKind::ValueError, "{s}");
            err.msg
        };
        assert_eq!(
            val(1, ".2s"),
            "Unknown format code 's' for object of type 'int'"
        );
        assert_eq!(
            val(1, "z"),
            "Negative zero coercion (z) not allowed in integer format specifier"
        );
        assert_eq!(
            val(1, "zd"),
            "Negative zero coercion (z) not allowed in integer format specifier"
        );
        assert_eq!(
            val(1, "+c"),
            "Sign not allowed with integer format specifier 'c'"
        );
        assert_eq!(
            val(1, "#c"),
            "Alternate form (#) not allowed with integer format specifier 'c'"
        );
        assert_eq!(
            val(1, ".2c"),
            "Precision not allowed in integer format specifier"
        );
        assert_eq!(
            val(1, ".2"),
            "Precision not allowed in integer format specifier"
        );
        assert_eq!(val(1, ",c"), "Cannot specify ',' with 'c'.");
        assert_eq!(
            val(1, "\u{1}"),
            "Unknown format code '\\x1' for object of type 'int'"
        );
        assert_eq!(
            val(1, "é"),
            "Unknown format code '\\xe9' for object of type 'int'"
        );
        assert_eq!(
            val(1, "dd"),
            "Invalid format specifier 'dd' for object of type 'int'"
        );
        let err = e(-1, "c");
        assert_eq!(
            (err.kind, err.msg.as_str()),
            (ErrorKind::OverflowError, "%c arg not in range(0x110000)")
        );
        let err = e(0x110000, "c");
        assert_eq!(err.kind, ErrorKind::OverflowError);
        let huge: BigInt = num_traits::pow(BigInt::from(10), 400);
        let err = format_int_ex(&huge, "f").unwrap_err();
        assert_eq!(
            (err.kind, err.msg.as_str()),
            (
                ErrorKind::OverflowError,
                "int too large to convert to float"
            )
        );
        assert_eq!(format_int(&huge, "").unwrap().len(), 401);
    }

    /// `format(v, spec)` for random values and specs; expected results (or exception class and
    /// message) generated with CPython 3.11 (identical under 3.13).
    type Expected = Result<&'static str, (&'static str, &'static str)>;

    #[rustfmt::skip]
    const CPYTHON_FORMAT: &[(&str, &str, Expected)] = &[
            ("7965021731097164391", "<<1X", Ok("6E8971105E503A67")),
            ("93236", "=-z0X", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("84529", "0", Ok("84529")),
            ("64434", ">-00,.5f", Ok("64,434.00000")),
            ("6980", "+.0F", Ok("+6980")),
            ("78965", "2,n", Err(("ValueError", "Cannot specify ',' with 'n'."))),
            ("36787", "*>-s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("-8720223970320733513", "12.0s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("-18446744073709551616", "+20", Ok("-18446744073709551616")),
            ("0", "030_s", Err(("ValueError", "Cannot specify '_' with 's'."))),
            ("4375956340293849283", "+#0.0n", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-51146579862133906902959653505919", "#010.0", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("43699", "20d", Ok("               43699")),
            ("26174", "20", Ok("               26174")),
            ("-8770148630418256620", "15.6x", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("80596", "0<z#.6", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("20250", "5X", Ok(" 4F1A")),
            ("2778228148422252598", "<z0_%", Ok("277_822_814_842_225_262_592.000000%")),
            ("334474946623516031", "15,.6X", Err(("ValueError", "Cannot specify ',' with 'X'."))),
            ("79852", "F", Ok("79852.000000")),
            ("15830", "#s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("685915031527747351", "01f", Ok("685915031527747328.000000")),
            ("6695874727375608947", "^-20_g", Ok("    6.69587e+18     ")),
            ("60839", "^ 20,d", Ok("       60,839       ")),
            ("27189", " =1.5o", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("37003", "z#.20", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("65", "+z#2F", Ok("+65.000000")),
            ("-2127830791914587407", "0b", Ok("-1110110000111100100101101010011011110001101010000010100001111")),
            ("3900732910907984228", "#20,c", Err(("ValueError", "Cannot specify ',' with 'c'."))),
            ("-1767686952284434399", ">1", Ok("-1767686952284434399")),
            ("50184", " .0E", Ok(" 5E+04")),
            ("27678", " 030,.30", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("68876", "<012_x", Ok("1_0d0c000000")),
            ("434195062312600781", "z.5F", Ok("434195062312600768.00000")),
            ("44428964583314627", "#.10c", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-977918537306215174", "z", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("44022", "0d", Ok("44022")),
            ("70281", "o", Ok("211211")),
            ("1372021159667036235", ".0s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("5425529390894014110", "z15", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("49543", " <+#.30F", Ok("+49543.000000000000000000000000000000")),
            ("1114111", "*=05,", Ok("1,114,111")),
            ("-6696534580800253705", "0.5", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("43487", "b", Ok("1010100111011111")),
            ("257647981330913661377077076687010006680089", ".20G", Ok("2.5764798133091365051E+41")),
            ("13219", "05,%", Ok("1,321,900.000000%")),
            ("47434", "015,.5b", Err(("ValueError", "Cannot specify ',' with 'b'."))),
            ("81102", "😀^+G", Ok("+81102")),
            ("44255", "5", Ok("44255")),
            ("1114112", "z0d", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("1114112", "1_s", Err(("ValueError", "Cannot specify '_' with 's'."))),
            ("47009", " _", Ok(" 47_009")),
            ("5312974482295416426", "+.1X", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("46803", "d", Ok("46803")),
            ("-7658030461685952327", "2d", Ok("-7658030461685952327")),
            ("-699981005850930671", "z.6", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("31924", "z0f", Ok("31924.000000")),
            ("6233981879334962027", "=", Ok("6233981879334962027")),
            ("99799", "0.17g", Ok("99799")),
            ("72287", " ^8.2", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-2338089671981444067", "#30.3", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("33986171728125528817003137448627", "😀>01e", Ok("3.398617e+31")),
            ("4419797664358995946", " #30.5n", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("1", "", Ok("1")),
            ("-4728660169995451409985985263431361185", "F", Ok("-4728660169995451328567134485984837632.000000")),
            ("7380439008512859351908121", "%", Ok("738043900851286024382316544.000000%")),
            ("25984839885715206277239535866458910878602", "x= 10,.20b", Err(("ValueError", "Cannot specify ',' with 'b'."))),
            ("7690105750474069016", "#.0", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("26716", "12,.16b", Err(("ValueError", "Cannot specify ',' with 'b'."))),
            ("995", "-.10", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("37452441410154390173491080572275309", "#c", Err(("ValueError", "Alternate form (#) not allowed with integer format specifier 'c'"))),
            ("97723", "0E", Ok("9.772300E+04")),
            ("-6489358450137905822", "z15.2%", Ok("-648935845013790654464.00%")),
            ("65", ".10b", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-650", "08E", Ok("-6.500000E+02")),
            ("29637257169357509775346778606671", " o", Ok(" 56604622212130714772674365304306117")),
            ("58982", "€^0", Ok("58982")),
            ("1", "zx", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("52655232987896224790055847988582517011", ".3o", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-143185587322817178", "20,d", Ok("-143,185,587,322,817,178")),
            ("59912", "z,.6n", Err(("ValueError", "Cannot specify ',' with 'n'."))),
            ("-5308178076618253902", "g", Ok("-5.30818e+18")),
            ("-637600680385646396347185809048899978", "s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("7133834826834884519", ".30f", Ok("7133834826834884608.000000000000000000000000000000")),
            ("65", "#_d", Ok("65")),
            ("7715091339965985059", "z#20", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("2391524756922287893", "é=030,g", Ok("ééééééééééééééééééé2.39152e+18")),
            ("8253128505412005012", "0=#0G", Ok("8.25313E+18")),
            ("7032", "", Ok("7032")),
            ("-3427654139433289272", "=s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("21089", "30.10d", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("94378", "^+z10.15s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("42218", "<0,E", Ok("4.221800E+04")),
            ("4440307374052100613", ".1", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-87470570360616588", "x<#15", Ok("-87470570360616588")),
            ("2090158680603879543", "2,o", Err(("ValueError", "Cannot specify ',' with 'o'."))),
            ("85873", "^+0s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("-5790737840803620183", "z.30", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("6892450062931200538", "+10G", Ok("+6.89245E+18")),
            ("30561", ">025.6", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("6647", "2c", Ok(" ᧷")),
            ("-7533175081625728041", " 1b", Ok("-110100010001011001101101101001100000011001000000011010000101001")),
            ("65244", "z25.3", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-2329784134026557607", "<#.17s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("140064590132243302638336266431890384076", "<25.60s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("17792", ".5E", Ok("1.77920E+04")),
            ("-35569767334070618808703434913", "#", Ok("-35569767334070618808703434913")),
            ("58029", "s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("96224", ",.15G", Ok("96,224")),
            ("4676751038396613157", " ", Ok(" 4676751038396613157")),
            ("49696", "-.2e", Ok("4.97e+04")),
            ("81485", ".0", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("95506", ",.1o", Err(("ValueError", "Cannot specify ',' with 'o'."))),
            ("60646", "=<25.20X", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("45048", ",.10X", Err(("ValueError", "Cannot specify ',' with 'X'."))),
            ("37303064", " z2x", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("68052", "025.60o", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("25846", "=.6o", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-8203940897731527097", "-zX", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("676709724557078218", "0.1o", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("66136", "^25,X", Err(("ValueError", "Cannot specify ',' with 'X'."))),
            ("-3162403969491684518", "8%", Ok("-316240396949168455680.000000%")),
            ("3718361869224410872", "0.16c", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("2623125336077152470", "😀>.10X", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("7071249692540843242", "x=z1,.30o", Err(("ValueError", "Cannot specify ',' with 'o'."))),
            ("77964", "*>12_.6", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("73258", "x=-#0%", Ok("7325800.000000%")),
            ("5314406230888258368264494654868487585371", "=#0.0f", Ok("5314406230888258269295291211000435441664.")),
            ("7612", " 30X", Ok("                          1DBC")),
            ("-3449432905583382268", "<8.1E", Ok("-3.4E+18")),
            ("-6630102734966346550", "0_.2b", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("35616", "-.16X", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("8894", " 15e", Ok("   8.894000e+03")),
            ("93432", "x^+z0,F", Ok("+93,432.000000")),
            ("81817", "0x", Ok("13f99")),
            ("65303", ">30f", Ok("                  65303.000000")),
            ("4876589473738031768", "30.3n", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-3808990382788107882", "#x", Ok("-0x34dc40927ef6de6a")),
            ("-61001686907872318560407367377039534014627", "z_.17", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("3608824889533973761", "=#0.5", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("24159", "=^020", Ok("=======24159========")),
            ("67682", "+0s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("3731103457057279901", "z.30", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("412045328904003105464689986027326", "-_g", Ok("4.12045e+32")),
            ("84806", "^", Ok("84806")),
            ("-5297020579261262204", "<z12f", Ok("-5297020579261261824.000000")),
            ("749978230516485266662118594424553733773986", "=< 25,f", Ok(" 749,978,230,516,485,271,505,970,430,927,458,879,406,080.000000")),
            ("-451301343902976531", "0>0.5e", Ok("-4.51301e+17")),
            ("6402595594634607061", ".17", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("71199", "-z.60b", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("28035", "#F", Ok("28035.000000")),
            ("54679", "z1.5b", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("9007199254740993", ">0.6g", Ok("9.0072e+15")),
            ("78051604407591823196", "z#0g", Ok("7.80516e+19")),
            ("7028274445264932019", "5.16d", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("88055", "_.0e", Ok("9e+04")),
            ("4447687391085871051", "12g", Ok(" 4.44769e+18")),
            ("41417", "20.30X", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("73679", "#2,", Ok("73,679")),
            ("38803", ".5", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("94462", "g", Ok("94462")),
            ("-1", "😀>10.6", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("50859", "#25f", Ok("             50859.000000")),
            ("24672", "-#15.16", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("13563", "25b", Ok("           11010011111011")),
            ("20807", "025.1n", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("1174831096681835431", "2,X", Err(("ValueError", "Cannot specify ',' with 'X'."))),
            ("40414", "é>015%", Ok("4041400.000000%")),
            ("50646", "#.17n", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("1878151250912749498", " 15.6", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("17868", "😀>+2_.2", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("4547", "*^", Ok("4547")),
            ("-4977064788733776472", "=_.30n", Err(("ValueError", "Cannot specify '_' with 'n'."))),
            ("8418265925438912224", "5e", Ok("8.418266e+18")),
            ("98534", "<^", Ok("98534")),
            ("79060", "z#.3E", Ok("7.906E+04")),
            ("7336542380763790128", "+z25f", Ok("+7336542380763790336.000000")),
            ("90159", "-00b", Ok("10110000000101111")),
            ("5577419208408268928", "12X", Ok("4D66F938389D8080")),
            ("85570", " #.6G", Ok(" 85570.0")),
            ("97922", "_c", Err(("ValueError", "Cannot specify '_' with 'c'."))),
            ("11581", " 025,.20o", Err(("ValueError", "Cannot specify ',' with 'o'."))),
            ("99654", "0>2_F", Ok("99_654.000000")),
            ("17581", "<z", Err(("ValueError", "Negative zero coercion (z) not allowed in integer format specifier"))),
            ("27357", "5.5x", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-2901129688421652182", "02.5F", Ok("-2901129688421651968.00000")),
            ("8712446462370480218", ">5_o", Ok("7_4350_6476_2642_1470_0132")),
            ("-3536236940990330221439454163", "2.60", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-684253950299305353960350595552537", "-25.20%", Ok("-68425395029930540772110903776641024.00000000000000000000%")),
            ("1897544988420565078", " _.3e", Ok(" 1.898e+18")),
            ("16724", " 2.6f", Ok(" 16724.000000")),
            ("-2761024579304221537", "8.3G", Ok("-2.76E+18")),
            ("86145", "-z0.6E", Ok("8.614500E+04")),
            ("-4497949522259210085", "==-0,G", Ok("-4.49795E+18")),
            ("53045", "15e", Ok("   5.304500e+04")),
            ("-2485801108501071692", "030.5b", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("43634", "30.16d", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("365945056182238163754062190042999", "=x", Ok("120ae03fbbcba12e96f278155f77")),
            ("500703789048011610496523652512564318", "+0c", Err(("ValueError", "Sign not allowed with integer format specifier 'c'"))),
            ("30470", "+0s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("43999", "z.0X", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("5841836280254172129", "o", Ok("504222762250042405741")),
            ("71420", "^0,", Ok("71,420")),
            ("85294", "+#.10d", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("3060", "-15_", Ok("          3_060")),
            ("766011833722239010467018839037140", "zg", Ok("7.66012e+32")),
            ("88238", "#05_.30g", Ok("88_238.0000000000000000000000000")),
            ("-8934967920415035571", ">z25.20F", Ok("-8934967920415035392.00000000000000000000")),
            ("0", "10_b", Ok("         0")),
            ("92122", "0^.60", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("19466", "25_e", Ok("             1.946600e+04")),
            ("-1", "015", Ok("-00000000000001")),
            ("-1743708393631656384", "01.0", Err(("ValueError", "Precision not allowed in integer format specifier"))),
            ("-1", "😀<zG", Ok("-1")),
            ("27580", "z25.60s", Err(("ValueError", "Unknown format code 's' for object of type 'int'"))),
            ("8035606383826934828", "+20g", Ok("        +8.03561e+18")),
            ("80259", "25_", Ok("                   80_259")),
            ("27638", "é<#E", Ok("2.763800E+04")),
            ("29820", " 010_d", Ok(" 0_029_820")),
            ("4469677342271400918", " 015x", Ok(" 3e077bdc86b2ebd6")),
    ];

    #[test]
    fn cpython_table() {
        for &(v, spec, want) in CPYTHON_FORMAT {
            let want = want
                .map(str::to_string)
                .map_err(|(k, m)| (k.to_string(), m.to_string()));
            let conv = |e: FormatError| (e.exc_name().to_string(), e.msg);
            assert_eq!(
                format_int_ex(&big(v), spec).map_err(conv),
                want,
                "format({v}, {spec:?})"
            );
            if let Ok(small) = v.parse::<i64>() {
                assert_eq!(
                    format_i64_ex(small, spec).map_err(conv),
                    want,
                    "format_i64({v}, {spec:?})"
                );
            }
        }
    }
}
