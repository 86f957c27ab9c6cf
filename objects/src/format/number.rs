//! Layout shared by int and float `format()`: sign, prefix (`0x`…), digit grouping with `,`/`_`,
//! zero padding that grows through the separators, and fill/alignment.
//!
//! The output is `<lpad><sign><prefix><spad><grouped digits><.><rest><rpad>`, where only one of
//! the three paddings is non-empty. With fill `0` and `=` alignment the padding becomes leading
//! zeros inside the grouped digits (`format(1234, '08,') == '0,001,234'`).

use super::spec::FormatSpec;

/// A number already converted to text, split for layout.
pub(crate) struct NumberParts<'a> {
    pub negative: bool,
    /// `0x`, `0o`, `0b` (or upper-case) for the alternate form of ints; otherwise empty.
    pub prefix: &'a str,
    /// The integer digits (ASCII) that grouping applies to; may be empty (`inf`, `%c`).
    pub digits: &'a str,
    /// Whether a decimal point follows the digits.
    pub decimal: bool,
    /// Everything after the decimal point (or after the digits): fraction, exponent, `%`, `inf`.
    pub rest: &'a str,
}

impl<'a> NumberParts<'a> {
    /// Split a float conversion result (`-1234.5e+06`, `inf`, `50.0%`) into sign, integer
    /// digits, decimal point and the rest.
    pub(crate) fn parse_float(s: &'a str) -> Self {
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let ndig = body.bytes().take_while(u8::is_ascii_digit).count();
        let (digits, after) = body.split_at(ndig);
        let (decimal, rest) = match after.strip_prefix('.') {
            Some(r) => (true, r),
            None => (false, after),
        };
        NumberParts {
            negative,
            prefix: "",
            digits,
            decimal,
            rest,
        }
    }
}

/// Group `digits` from the right with `sep` every `size` digits, left-padding with zeros until
/// the result is at least `min_width` characters (separators included). A separator never
/// leads. Without a separator the digits are only zero-padded.
pub(crate) fn group_digits(digits: &str, min_width: i64, sep: Option<(char, usize)>) -> String {
    if digits.is_empty() {
        return String::new();
    }
    let bytes = digits.as_bytes();
    let Some((sep, size)) = sep else {
        let pad = (min_width - bytes.len() as i64).max(0) as usize;
        let mut s = "0".repeat(pad);
        s.push_str(digits);
        return s;
    };
    let size = size as i64;
    // Built right to left, then reversed.
    let mut rev: Vec<char> = Vec::with_capacity(bytes.len() * 4 / 3 + 2);
    let mut remaining = bytes.len() as i64;
    let mut min_width = min_width;
    loop {
        let len = size.min(remaining.max(min_width).max(1));
        let take = remaining.min(len).max(0);
        for i in 0..take {
            rev.push(bytes[(remaining - 1 - i) as usize] as char);
        }
        rev.extend(std::iter::repeat_n('0', (len - take) as usize));
        remaining -= take;
        min_width -= len;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        rev.push(sep);
        min_width -= 1;
    }
    rev.iter().rev().collect()
}

fn push_n(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

/// Lay out a number according to the fill, alignment, sign and width of `spec` (alignment
/// defaults to `>`, or `=` with the `0` flag). `group` is the separator and group size, if any.
pub(crate) fn fill_number(
    parts: &NumberParts<'_>,
    spec: &FormatSpec,
    group: Option<(char, usize)>,
) -> String {
    let sign = match spec.sign {
        Some('+') => Some(if parts.negative { '-' } else { '+' }),
        Some(' ') => Some(if parts.negative { '-' } else { ' ' }),
        _ => parts.negative.then_some('-'),
    };
    let align = spec.numeric_align();
    let fill = spec.fill;
    let width = spec.width.map_or(-1, |w| w.min(i64::MAX as usize) as i64);
    let non_digit = i64::from(sign.is_some())
        + parts.prefix.chars().count() as i64
        + i64::from(parts.decimal)
        + parts.rest.chars().count() as i64;
    let min_width = if fill == '0' && align == '=' {
        width - non_digit
    } else {
        0
    };
    let grouped = group_digits(parts.digits, min_width, group);
    let padding = (width - (non_digit + grouped.len() as i64)).max(0) as usize;
    let (lpad, spad, rpad) = match align {
        '<' => (0, 0, padding),
        '^' => (padding / 2, 0, padding - padding / 2),
        '=' => (0, padding, 0),
        _ => (padding, 0, 0),
    };
    let mut out = String::with_capacity(padding + grouped.len() + parts.rest.len() + 4);
    push_n(&mut out, fill, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    out.push_str(parts.prefix);
    push_n(&mut out, fill, spad);
    out.push_str(&grouped);
    if parts.decimal {
        out.push('.');
    }
    out.push_str(parts.rest);
    push_n(&mut out, fill, rpad);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        // format(1234, '08,') == '0,001,234'; format(1234, '010,') == '00,001,234'
        assert_eq!(group_digits("1234", 8, Some((',', 3))), "0,001,234");
        assert_eq!(group_digits("1234", 10, Some((',', 3))), "00,001,234");
        assert_eq!(group_digits("1234", 0, Some((',', 3))), "1,234");
        assert_eq!(group_digits("123", 0, Some((',', 3))), "123");
        assert_eq!(group_digits("123456", -5, Some(('_', 3))), "123_456");
        assert_eq!(group_digits("ffffffff", 0, Some(('_', 4))), "ffff_ffff");
        assert_eq!(group_digits("1", 4, None), "0001");
        assert_eq!(group_digits("", 4, Some((',', 3))), "");
    }
}
