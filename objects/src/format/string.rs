//! `format(str, spec)`: precision truncation and fill/alignment (default `<`; `^` puts the odd
//! fill character on the right), plus the padding helper other formatters share.

use super::spec::{parse_spec_typed, unknown_code};

/// Pad `s` to `width` characters with `fill`, aligned by `align` (`<`, `>`, `^`; anything else
/// is treated as `<`). Widths count code points, as Python does.
pub fn pad_str(s: &str, width: usize, fill: char, align: char) -> String {
    let len = s.chars().count();
    if len >= width {
        return s.to_string();
    }
    let pad = width - len;
    let (left, right) = match align {
        '>' => (pad, 0),
        '^' => (pad / 2, pad - pad / 2),
        _ => (0, pad),
    };
    let mut out = String::with_capacity(s.len() + pad * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    out
}

/// The first `n` code points of `s`.
pub(crate) fn truncate_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `format(s, spec)` for strings. `Err` is the ValueError message.
pub fn format_str(s: &str, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    let parsed = parse_spec_typed(spec, "str", Some('s'))?;
    match parsed.ty {
        Some('s') | None => {}
        Some(t) => return Err(unknown_code(t, "str")),
    }
    match parsed.sign {
        Some(' ') => return Err("Space not allowed in string format specifier".to_string()),
        Some(_) => return Err("Sign not allowed in string format specifier".to_string()),
        None => {}
    }
    if parsed.z {
        return Err(
            "Negative zero coercion (z) not allowed in string format specifier".to_string(),
        );
    }
    if parsed.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".to_string());
    }
    if parsed.align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier".to_string());
    }
    let body = match parsed.precision {
        Some(p) => truncate_chars(s, p),
        None => s,
    };
    Ok(pad_str(
        body,
        parsed.width.unwrap_or(0),
        parsed.fill,
        parsed.align.unwrap_or('<'),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        // format(s, spec) from CPython 3.11/3.13.
        let cases: &[(&str, &str, &str)] = &[
            ("abc", "", "abc"),
            ("a", "^4", " a  "),
            ("ab", "^5", " ab  "),
            ("ab", "05", "ab000"),
            ("ab", ">05", "000ab"),
            ("abc", "*>6", "***abc"),
            ("abc", "é^7", "ééabcéé"),
            ("héllo", ".2", "hé"),
            ("héllo", "x<7.3s", "hélxxxx"),
            ("abc", "2", "abc"),
            ("abc", ".0", ""),
            ("ab", "\u{ff15}", "ab   "),
            ("日本", "^6", "  日本  "),
        ];
        for &(s, spec, want) in cases {
            assert_eq!(
                format_str(s, spec).as_deref(),
                Ok(want),
                "format({s:?}, {spec:?})"
            );
        }
    }

    #[test]
    fn errors() {
        let e = |spec: &str| format_str("a", spec).unwrap_err();
        assert_eq!(
            e("z"),
            "Negative zero coercion (z) not allowed in string format specifier"
        );
        assert_eq!(e("+"), "Sign not allowed in string format specifier");
        assert_eq!(e("-"), "Sign not allowed in string format specifier");
        assert_eq!(e(" "), "Space not allowed in string format specifier");
        assert_eq!(
            e("#"),
            "Alternate form (#) not allowed in string format specifier"
        );
        assert_eq!(
            e("="),
            "'=' alignment not allowed in string format specifier"
        );
        assert_eq!(e("+#="), "Unknown format code '=' for object of type 'str'");
        assert_eq!(e(","), "Cannot specify ',' with 's'.");
        assert_eq!(e("d"), "Unknown format code 'd' for object of type 'str'");
        assert_eq!(
            e("ss"),
            "Invalid format specifier 'ss' for object of type 'str'"
        );
    }

    #[test]
    fn padding_helper() {
        assert_eq!(pad_str("ab", 5, '-', '^'), "-ab--");
        assert_eq!(pad_str("ab", 5, '-', '>'), "---ab");
        assert_eq!(pad_str("abcdef", 5, '-', '>'), "abcdef");
    }

    /// `format(s, spec)` for random strings and specs; expected results generated with CPython
    /// 3.11 (identical under 3.13).
    #[rustfmt::skip]
    const CPYTHON_FORMAT: &[(&str, &str, Result<&str, &str>)] = &[
            ("a b", "12,", Err("Cannot specify ',' with 's'.")),
            ("abc", "z,.5d", Err("Unknown format code 'd' for object of type 'str'")),
            ("xxxxxxxxxxxxxxxxxxxx", "^ 012,r", Err("Cannot specify ',' with 'r'.")),
            ("xxxxxxxxxxxxxxxxxxxx", "-25", Err("Sign not allowed in string format specifier")),
            ("日本語", "10,", Err("Cannot specify ',' with 's'.")),
            ("", "30", Ok("                              ")),
            ("héllo", "z#.1r", Err("Unknown format code 'r' for object of type 'str'")),
            ("a", "+.30d", Err("Unknown format code 'd' for object of type 'str'")),
            ("a b", ">-#d", Err("Unknown format code 'd' for object of type 'str'")),
            ("xxxxxxxxxxxxxxxxxxxx", ">25s", Ok("     xxxxxxxxxxxxxxxxxxxx")),
            ("日本語", " #30_d", Err("Unknown format code 'd' for object of type 'str'")),
            ("日本語", "z00", Err("Negative zero coercion (z) not allowed in string format specifier")),
            ("", "^12_.60", Err("Cannot specify '_' with 's'.")),
            ("abc", ">#10d", Err("Unknown format code 'd' for object of type 'str'")),
            ("abc", " ,d", Err("Unknown format code 'd' for object of type 'str'")),
            ("", " 15,r", Err("Cannot specify ',' with 'r'.")),
            ("", "25,.0", Err("Cannot specify ',' with 's'.")),
            ("", "#5.30r", Err("Unknown format code 'r' for object of type 'str'")),
            ("héllo", "#0.17s", Err("Alternate form (#) not allowed in string format specifier")),
            ("héllo", "<z0_d", Err("Unknown format code 'd' for object of type 'str'")),
            ("héllo", "#0.6s", Err("Alternate form (#) not allowed in string format specifier")),
            ("a b", "025.16", Ok("a b0000000000000000000000")),
            ("abc", "#.17d", Err("Unknown format code 'd' for object of type 'str'")),
            ("xxxxxxxxxxxxxxxxxxxx", "=+0", Err("Sign not allowed in string format specifier")),
            ("日本語", "-", Err("Sign not allowed in string format specifier")),
            ("日本語", "12,", Err("Cannot specify ',' with 's'.")),
            ("xxxxxxxxxxxxxxxxxxxx", "12,s", Err("Cannot specify ',' with 's'.")),
            ("xxxxxxxxxxxxxxxxxxxx", ">5d", Err("Unknown format code 'd' for object of type 'str'")),
            ("😀z", "=", Err("'=' alignment not allowed in string format specifier")),
            ("héllo", "_.0r", Err("Cannot specify '_' with 'r'.")),
            ("", "#5.5", Err("Alternate form (#) not allowed in string format specifier")),
            ("日本語", "015.3", Ok("日本語000000000000")),
            ("", "+1", Err("Sign not allowed in string format specifier")),
            ("", "+z2s", Err("Sign not allowed in string format specifier")),
            ("xxxxxxxxxxxxxxxxxxxx", "z.2d", Err("Unknown format code 'd' for object of type 'str'")),
            ("a", " 8,", Err("Cannot specify ',' with 's'.")),
            ("日本語", "01.30s", Ok("日本語")),
            ("a", "8", Ok("a       ")),
            ("a", "+.5s", Err("Sign not allowed in string format specifier")),
            ("日本語", ".0r", Err("Unknown format code 'r' for object of type 'str'")),
            ("héllo", "z.1s", Err("Negative zero coercion (z) not allowed in string format specifier")),
            ("a", "< 0,.17", Err("Cannot specify ',' with 's'.")),
            ("😀z", "+20.60", Err("Sign not allowed in string format specifier")),
            ("héllo", "-z_.2d", Err("Unknown format code 'd' for object of type 'str'")),
            ("xxxxxxxxxxxxxxxxxxxx", "2d", Err("Unknown format code 'd' for object of type 'str'")),
            ("", "😀=0d", Err("Unknown format code 'd' for object of type 'str'")),
            ("", " .0", Err("Space not allowed in string format specifier")),
            ("😀z", "z", Err("Negative zero coercion (z) not allowed in string format specifier")),
            ("a b", "^.15r", Err("Unknown format code 'r' for object of type 'str'")),
            ("xxxxxxxxxxxxxxxxxxxx", "z", Err("Negative zero coercion (z) not allowed in string format specifier")),
            ("xxxxxxxxxxxxxxxxxxxx", "s", Ok("xxxxxxxxxxxxxxxxxxxx")),
            ("héllo", " #12", Err("Space not allowed in string format specifier")),
            ("xxxxxxxxxxxxxxxxxxxx", "#,", Err("Cannot specify ',' with 's'.")),
            ("", "0s", Ok("")),
            ("abc", "0=,.10", Err("Cannot specify ',' with 's'.")),
            ("abc", "+s", Err("Sign not allowed in string format specifier")),
            ("日本語", "*=05,", Err("Cannot specify ',' with 's'.")),
            ("日本語", " 0.6", Err("Space not allowed in string format specifier")),
            ("", "05d", Err("Unknown format code 'd' for object of type 'str'")),
            ("xxxxxxxxxxxxxxxxxxxx", "", Ok("xxxxxxxxxxxxxxxxxxxx")),
            ("日本語", ".5d", Err("Unknown format code 'd' for object of type 'str'")),
            ("", ".30", Ok("")),
            ("abc", "^#10r", Err("Unknown format code 'r' for object of type 'str'")),
            ("a b", "😀>#020", Err("Alternate form (#) not allowed in string format specifier")),
            ("a", ".5s", Ok("a")),
            ("日本語", "*=", Err("'=' alignment not allowed in string format specifier")),
            ("a", "10s", Ok("a         ")),
            ("xxxxxxxxxxxxxxxxxxxx", ">d", Err("Unknown format code 'd' for object of type 'str'")),
            ("abc", ">#5", Err("Alternate form (#) not allowed in string format specifier")),
            ("", "0s", Ok("")),
            ("héllo", " #010,s", Err("Cannot specify ',' with 's'.")),
            ("😀z", ">.5", Ok("😀z")),
            ("a b", "z8d", Err("Unknown format code 'd' for object of type 'str'")),
            ("😀z", "+.1r", Err("Unknown format code 'r' for object of type 'str'")),
            ("abc", "=.17s", Err("'=' alignment not allowed in string format specifier")),
            ("", "#", Err("Alternate form (#) not allowed in string format specifier")),
            ("日本語", "#00s", Err("Alternate form (#) not allowed in string format specifier")),
            ("a", "1.60", Ok("a")),
            ("😀z", "0", Ok("😀z")),
            ("a b", "z2.6s", Err("Negative zero coercion (z) not allowed in string format specifier")),
    ];

    #[test]
    fn cpython_table() {
        for &(s, spec, want) in CPYTHON_FORMAT {
            let got = format_str(s, spec);
            assert_eq!(
                got.as_deref(),
                want.map_err(str::to_string).as_deref(),
                "format({s:?}, {spec:?})"
            );
        }
    }
}
