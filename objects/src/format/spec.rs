//! Parsing of the format-spec mini-language used by `format()`, `str.format` and f-strings:
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
//!
//! The parser is type-agnostic apart from two things CPython also decides while parsing: the
//! default presentation type (used to validate `,`/`_` grouping) and the type name shown in the
//! "Invalid format specifier" message. [`parse_spec`] uses no default type and the name `object`;
//! the per-type formatters call [`parse_spec_typed`].

/// Largest width/precision the parser accepts (CPython's `PY_SSIZE_T_MAX` on 64-bit targets).
const MAX_NUMBER: usize = i64::MAX as usize;

/// A parsed format spec.
///
/// `align` is `None` when no alignment was written; `zero` records the `0` flag (which, when no
/// explicit fill was given, also sets `fill` to `'0'`). Numeric formatters then use `'='` as the
/// alignment when `zero` is set and `align` is `None`, strings use `'<'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    pub fill: char,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub z: bool,
    pub alternate: bool,
    pub zero: bool,
    pub width: Option<usize>,
    /// `','` or `'_'`.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

impl Default for FormatSpec {
    fn default() -> Self {
        FormatSpec {
            fill: ' ',
            align: None,
            sign: None,
            z: false,
            alternate: false,
            zero: false,
            width: None,
            grouping: None,
            precision: None,
            ty: None,
        }
    }
}

impl FormatSpec {
    /// The alignment numbers use: the written one, else `'='` with the `0` flag, else `'>'`.
    pub fn numeric_align(&self) -> char {
        self.align.unwrap_or(if self.zero { '=' } else { '>' })
    }
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Code points of the digit zero of every run of Unicode decimal digits (category Nd, Unicode
/// 15.1 as in CPython 3.13); each run holds the ten digits 0..9 consecutively. CPython accepts
/// any decimal digit in a format spec's width and precision.
const DECIMAL_ZEROS: [u32; 68] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// The value of a Unicode decimal digit (`str.isdecimal()` characters), if `c` is one.
pub fn decimal_value(c: char) -> Option<u32> {
    let v = c as u32;
    if c.is_ascii() {
        return c.to_digit(10);
    }
    // The last zero not above `v`.
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= v);
    let zero = DECIMAL_ZEROS[i.checked_sub(1)?];
    (v - zero < 10).then_some(v - zero)
}

/// Parse a run of decimal digits starting at `*pos`; `Ok(None)` when there are none.
fn parse_number(chars: &[char], pos: &mut usize) -> Result<Option<usize>, String> {
    let start = *pos;
    let mut acc: usize = 0;
    while let Some(d) = chars.get(*pos).and_then(|&c| decimal_value(c)) {
        let d = d as usize;
        if acc > (MAX_NUMBER - d) / 10 {
            return Err("Too many decimal digits in format string".to_string());
        }
        acc = acc * 10 + d;
        *pos += 1;
    }
    Ok(if *pos == start { None } else { Some(acc) })
}

/// Quote a presentation type the way CPython's error messages do: printable ASCII as is,
/// anything else as `\x..` (lower-case hex, no padding).
pub(crate) fn type_code_repr(c: char) -> String {
    let v = c as u32;
    if v > 32 && v < 128 {
        c.to_string()
    } else {
        format!("\\x{v:x}")
    }
}

/// Parse `spec` without a default type, naming the object `object` in errors.
pub fn parse_spec(spec: &str) -> Result<FormatSpec, String> {
    parse_spec_typed(spec, "object", None)
}

/// Parse `spec` as CPython does for an object of type `type_name` whose default presentation
/// type is `default_type` (`Some('d')` for int, `None` for float, `Some('s')` for str). The
/// default type is filled into `ty` when none is written. `Err` holds the ValueError message.
pub fn parse_spec_typed(
    spec: &str,
    type_name: &str,
    default_type: Option<char>,
) -> Result<FormatSpec, String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut out = FormatSpec::default();
    let mut pos = 0;
    let mut fill_given = false;

    if chars.len() >= 2 && is_align(chars[1]) {
        out.fill = chars[0];
        out.align = Some(chars[1]);
        fill_given = true;
        pos = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        out.align = Some(chars[0]);
        pos = 1;
    }
    if let Some(&c @ ('+' | '-' | ' ')) = chars.get(pos) {
        out.sign = Some(c);
        pos += 1;
    }
    if chars.get(pos) == Some(&'z') {
        out.z = true;
        pos += 1;
    }
    if chars.get(pos) == Some(&'#') {
        out.alternate = true;
        pos += 1;
    }
    if !fill_given && chars.get(pos) == Some(&'0') {
        out.fill = '0';
        out.zero = true;
        pos += 1;
    }
    out.width = parse_number(&chars, &mut pos)?;
    match chars.get(pos) {
        Some(',') => {
            out.grouping = Some(',');
            pos += 1;
            if chars.get(pos) == Some(&'_') {
                return Err("Cannot specify both ',' and '_'.".to_string());
            }
        }
        Some('_') => {
            out.grouping = Some('_');
            pos += 1;
            if chars.get(pos) == Some(&',') {
                return Err("Cannot specify both ',' and '_'.".to_string());
            }
        }
        _ => {}
    }
    if chars.get(pos) == Some(&'.') {
        pos += 1;
        match parse_number(&chars, &mut pos)? {
            Some(p) => out.precision = Some(p),
            None => return Err("Format specifier missing precision".to_string()),
        }
    }
    if chars.len() - pos > 1 {
        return Err(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        ));
    }
    out.ty = chars.get(pos).copied().or(default_type);

    if let Some(g) = out.grouping {
        let ok = match out.ty {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
            Some('b' | 'o' | 'x' | 'X') => g == '_',
            _ => false,
        };
        if !ok {
            // `ty` is always Some here: None is accepted above.
            let t = type_code_repr(out.ty.unwrap_or('\0'));
            return Err(format!("Cannot specify '{g}' with '{t}'."));
        }
    }
    Ok(out)
}

/// Error for a presentation type a formatter does not know.
pub(crate) fn unknown_code(ty: char, type_name: &str) -> String {
    format!(
        "Unknown format code '{}' for object of type '{}'",
        type_code_repr(ty),
        type_name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(
        fill: char,
        align: Option<char>,
        sign: Option<char>,
        width: Option<usize>,
        precision: Option<usize>,
        ty: Option<char>,
    ) -> FormatSpec {
        FormatSpec {
            fill,
            align,
            sign,
            width,
            precision,
            ty,
            ..FormatSpec::default()
        }
    }

    #[test]
    fn basic_fields() {
        assert_eq!(parse_spec("").unwrap(), FormatSpec::default());
        assert_eq!(
            parse_spec("*^10.3f").unwrap(),
            spec('*', Some('^'), None, Some(10), Some(3), Some('f'))
        );
        assert_eq!(
            parse_spec("<").unwrap(),
            spec(' ', Some('<'), None, None, None, None)
        );
        assert_eq!(
            parse_spec("<<").unwrap(),
            spec('<', Some('<'), None, None, None, None)
        );
        assert_eq!(
            parse_spec("é>+5").unwrap(),
            spec('é', Some('>'), Some('+'), Some(5), None, None)
        );
        let s = parse_spec("+z#012_.4e").unwrap();
        assert!(s.z && s.alternate && s.zero);
        assert_eq!(
            (s.fill, s.align, s.width, s.grouping, s.precision, s.ty),
            ('0', None, Some(12), Some('_'), Some(4), Some('e'))
        );
        assert_eq!(s.numeric_align(), '=');
    }

    #[test]
    fn zero_flag_and_fill() {
        // '<05': no fill written, so '0' is the zero flag; 'x<05': '0' belongs to the width.
        let s = parse_spec("<05").unwrap();
        assert!(s.zero);
        assert_eq!((s.fill, s.align, s.width), ('0', Some('<'), Some(5)));
        let s = parse_spec("x<05").unwrap();
        assert!(!s.zero);
        assert_eq!((s.fill, s.width), ('x', Some(5)));
        let s = parse_spec("00").unwrap();
        assert_eq!((s.zero, s.width), (true, Some(0)));
    }

    #[test]
    fn errors() {
        // Messages from CPython 3.11/3.13.
        let e = |s: &str, t: &str, d: Option<char>| parse_spec_typed(s, t, d).unwrap_err();
        assert_eq!(
            e("99999999999999999999", "int", Some('d')),
            "Too many decimal digits in format string"
        );
        assert_eq!(
            e(",_", "int", Some('d')),
            "Cannot specify both ',' and '_'."
        );
        assert_eq!(
            e("_,", "int", Some('d')),
            "Cannot specify both ',' and '_'."
        );
        assert_eq!(e(",x", "int", Some('d')), "Cannot specify ',' with 'x'.");
        assert_eq!(e(",n", "int", Some('d')), "Cannot specify ',' with 'n'.");
        assert_eq!(e(",c", "int", Some('d')), "Cannot specify ',' with 'c'.");
        assert_eq!(e(",", "str", Some('s')), "Cannot specify ',' with 's'.");
        assert_eq!(
            e("dd", "int", Some('d')),
            "Invalid format specifier 'dd' for object of type 'int'"
        );
        assert_eq!(
            e(".3_f", "float", None),
            "Invalid format specifier '.3_f' for object of type 'float'"
        );
        assert_eq!(
            e(".5,d", "int", Some('d')),
            "Invalid format specifier '.5,d' for object of type 'int'"
        );
        assert_eq!(e(",.", "float", None), "Format specifier missing precision");
        assert_eq!(e(".", "float", None), "Format specifier missing precision");
        assert!(parse_spec_typed("_x", "int", Some('d')).is_ok());
        assert!(parse_spec_typed("_.3f", "float", None).is_ok());
    }

    #[test]
    fn unicode_digits() {
        // format(1, '\u0665') == '    1'; format(1.5, '.\u0662f') == '1.50'
        assert_eq!(parse_spec("\u{665}").unwrap().width, Some(5));
        assert_eq!(parse_spec(".\u{662}f").unwrap().precision, Some(2));
        assert_eq!(parse_spec("\u{ff15}").unwrap().width, Some(5));
        assert_eq!(decimal_value('\u{1d7ff}'), Some(9));
        assert_eq!(decimal_value('\u{1d7ce}'), Some(0));
        assert_eq!(decimal_value('\u{2070}'), None);
        assert_eq!(decimal_value('a'), None);
    }

    #[test]
    fn type_code_quoting() {
        assert_eq!(
            unknown_code('\u{1}', "int"),
            "Unknown format code '\\x1' for object of type 'int'"
        );
        assert_eq!(
            unknown_code('é', "int"),
            "Unknown format code '\\xe9' for object of type 'int'"
        );
        assert_eq!(
            unknown_code('\u{7f}', "float"),
            "Unknown format code '\u{7f}' for object of type 'float'"
        );
        assert_eq!(
            unknown_code('d', "float"),
            "Unknown format code 'd' for object of type 'float'"
        );
    }
}
