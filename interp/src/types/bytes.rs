//! `bytes` and `bytearray`: their methods as natives, the codecs behind `str.encode` and
//! `bytes.decode` (utf-8, ascii, latin-1, utf-16/32 with the usual error handlers), the
//! `b'...'` repr, and the constructors.

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{PyResult, Value, Vm};

use crate::ops;

/// The bytes of an iterable of ints in range(256) (`bytes([1, 2])`).
pub fn bytes_from_iterable(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    let it = ops::get_iter(vm, v).map_err(|e| {
        if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) {
            let t = ops::type_name(vm, v);
            vm.type_error(format!("cannot convert '{}' object to bytes", t))
        } else {
            e
        }
    })?;
    let mut out = Vec::new();
    while let Some(x) = ops::next(vm, &it)? {
        out.push(byte_value(vm, &x)?);
    }
    Ok(out)
}

/// One byte from an int-like value ("byte must be in range(0, 256)").
pub fn byte_value(vm: &mut Vm, x: &Value) -> PyResult<u8> {
    let n = match x {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::BigInt(_) => -1,
        _ => {
            if !matches!(x, Value::Instance(_)) || ops::lookup_special(vm, x, "__index__").is_none() {
                let t = ops::type_name(vm, x);
                return Err(vm.type_error(format!("'{}' object cannot be interpreted as an integer", t)));
            }
            match ops::to_index(vm, x)? {
                Value::Int(i) => i,
                _ => -1,
            }
        }
    };
    if !(0..=255).contains(&n) {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    }
    Ok(n as u8)
}

/// Canonical codec name for an encoding name, or None if unknown.
pub fn normalize_encoding(name: &str) -> Option<&'static str> {
    let n: String = name.trim().to_ascii_lowercase().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c }).collect();
    Some(match n.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf_8_sig" | "utf8_sig" => {
            if n.ends_with("sig") { "utf-8-sig" } else { "utf-8" }
        }
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" => "ascii",
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" | "iso_ir_100" => "latin-1",
        "utf_16" | "utf16" | "u16" => "utf-16",
        "utf_16_le" | "utf_16le" | "utf16le" => "utf-16-le",
        "utf_16_be" | "utf_16be" | "utf16be" => "utf-16-be",
        "utf_32" | "utf32" | "u32" => "utf-32",
        "utf_32_le" | "utf_32le" | "utf32le" => "utf-32-le",
        "utf_32_be" | "utf_32be" | "utf32be" => "utf-32-be",
        _ => return None,
    })
}

fn check_handler(vm: &mut Vm, errors: &str) -> PyResult<()> {
    match errors {
        "strict" | "ignore" | "replace" | "backslashreplace" | "xmlcharrefreplace" | "surrogateescape" | "surrogatepass"
        | "namereplace" => Ok(()),
        other => Err(vm.err(ExcKind::LookupError, format!("unknown error handler name '{}'", other))),
    }
}

fn py_escape(c: char) -> String {
    let v = c as u32;
    if v <= 0xff {
        format!("\\x{:02x}", v)
    } else if v <= 0xffff {
        format!("\\u{:04x}", v)
    } else {
        format!("\\U{:08x}", v)
    }
}

/// `str.encode(encoding, errors)`.
pub fn encode_str(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let Some(codec) = normalize_encoding(encoding) else {
        return Err(vm.err(ExcKind::LookupError, format!("unknown encoding: {}", encoding)));
    };
    match codec {
        "utf-8" => return Ok(s.as_bytes().to_vec()),
        "utf-8-sig" => {
            let mut v = vec![0xef, 0xbb, 0xbf];
            v.extend_from_slice(s.as_bytes());
            return Ok(v);
        }
        "utf-16" | "utf-16-le" | "utf-16-be" => {
            let be = codec == "utf-16-be";
            let mut v = Vec::with_capacity(s.len() * 2 + 2);
            if codec == "utf-16" {
                v.extend_from_slice(&[0xff, 0xfe]);
            }
            for u in s.encode_utf16() {
                v.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            return Ok(v);
        }
        "utf-32" | "utf-32-le" | "utf-32-be" => {
            let be = codec == "utf-32-be";
            let mut v = Vec::with_capacity(s.len() * 4 + 4);
            if codec == "utf-32" {
                v.extend_from_slice(&[0xff, 0xfe, 0, 0]);
            }
            for c in s.chars() {
                let u = c as u32;
                v.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            return Ok(v);
        }
        _ => {}
    }
    let limit: u32 = if codec == "ascii" { 0x80 } else { 0x100 };
    if s.chars().all(|c| (c as u32) < limit) {
        return Ok(s.chars().map(|c| c as u32 as u8).collect());
    }
    check_handler(vm, errors)?;
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        match errors {
            "ignore" => {}
            "replace" => out.push(b'?'),
            "backslashreplace" => out.extend_from_slice(py_escape(c).as_bytes()),
            "xmlcharrefreplace" => out.extend_from_slice(format!("&#{};", c as u32).as_bytes()),
            _ => {
                let mut j = i;
                while j < chars.len() && (chars[j] as u32) >= limit {
                    j += 1;
                }
                let range = if j - i == 1 {
                    format!("character '{}' in position {}", py_escape(c), i)
                } else {
                    format!("characters in position {}-{}", i, j - 1)
                };
                let name = if codec == "ascii" { "ascii" } else { "latin-1" };
                return Err(vm.err(
                    ExcKind::UnicodeEncodeError,
                    format!("'{}' codec can't encode {}: ordinal not in range({})", name, range, limit),
                ));
            }
        }
        i += 1;
    }
    Ok(out)
}

/// Length of the maximal invalid UTF-8 prefix at `b` (CPython's error ranges), and the reason.
fn utf8_error_len(b: &[u8]) -> (usize, &'static str) {
    let c = b[0];
    let need = match c {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return (1, "invalid start byte"),
    };
    for k in 1..need {
        let Some(&x) = b.get(k) else { return (k, "unexpected end of data") };
        let ok = match (c, k) {
            (0xe0, 1) => (0xa0..=0xbf).contains(&x),
            (0xed, 1) => (0x80..=0x9f).contains(&x),
            (0xf0, 1) => (0x90..=0xbf).contains(&x),
            (0xf4, 1) => (0x80..=0x8f).contains(&x),
            _ => (0x80..=0xbf).contains(&x),
        };
        if !ok {
            return (k, "invalid continuation byte");
        }
    }
    (need, "invalid continuation byte")
}

/// `bytes.decode(encoding, errors)`.
pub fn decode_bytes(vm: &mut Vm, b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let Some(codec) = normalize_encoding(encoding) else {
        return Err(vm.err(ExcKind::LookupError, format!("unknown encoding: {}", encoding)));
    };
    match codec {
        "utf-8" | "utf-8-sig" => {
            let b = if codec == "utf-8-sig" { b.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(b) } else { b };
            if let Ok(s) = std::str::from_utf8(b) {
                return Ok(s.to_owned());
            }
            check_handler(vm, errors)?;
            let mut out = String::with_capacity(b.len());
            let mut pos = 0;
            while pos < b.len() {
                match std::str::from_utf8(&b[pos..]) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&b[pos..pos + good]).unwrap_or(""));
                        pos += good;
                        let (n, reason) = utf8_error_len(&b[pos..]);
                        match errors {
                            "ignore" => {}
                            "replace" => out.push('\u{fffd}'),
                            "backslashreplace" => {
                                for x in &b[pos..pos + n] {
                                    out.push_str(&format!("\\x{:02x}", x));
                                }
                            }
                            "surrogateescape" => {
                                for x in &b[pos..pos + n] {
                                    out.push(char::from_u32(0xdc00 + *x as u32).unwrap_or('\u{fffd}'));
                                }
                            }
                            _ => {
                                let what = if n == 1 {
                                    format!("byte 0x{:02x} in position {}", b[pos], pos)
                                } else {
                                    format!("bytes in position {}-{}", pos, pos + n - 1)
                                };
                                return Err(vm.err(ExcKind::UnicodeDecodeError, format!("'utf-8' codec can't decode {}: {}", what, reason)));
                            }
                        }
                        pos += n;
                    }
                }
            }
            Ok(out)
        }
        "latin-1" => Ok(b.iter().map(|x| *x as char).collect()),
        "ascii" => {
            if b.is_ascii() {
                return Ok(b.iter().map(|x| *x as char).collect());
            }
            check_handler(vm, errors)?;
            let mut out = String::with_capacity(b.len());
            for (i, x) in b.iter().enumerate() {
                if x.is_ascii() {
                    out.push(*x as char);
                    continue;
                }
                match errors {
                    "ignore" => {}
                    "replace" => out.push('\u{fffd}'),
                    "backslashreplace" => out.push_str(&format!("\\x{:02x}", x)),
                    _ => {
                        return Err(vm.err(
                            ExcKind::UnicodeDecodeError,
                            format!("'ascii' codec can't decode byte 0x{:02x} in position {}: ordinal not in range(128)", x, i),
                        ));
                    }
                }
            }
            Ok(out)
        }
        "utf-16" | "utf-16-le" | "utf-16-be" => {
            let (mut be, mut data) = (codec == "utf-16-be", b);
            if codec == "utf-16" {
                if let Some(rest) = b.strip_prefix(&[0xff, 0xfe][..]) {
                    data = rest;
                } else if let Some(rest) = b.strip_prefix(&[0xfe, 0xff][..]) {
                    data = rest;
                    be = true;
                }
            }
            let units: Vec<u16> = data
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) })
                .collect();
            if data.len() % 2 == 1 && errors == "strict" {
                return Err(vm.err(
                    ExcKind::UnicodeDecodeError,
                    format!("'utf-16-{}' codec can't decode byte 0x{:02x} in position {}: truncated data", if be { "be" } else { "le" }, data[data.len() - 1], data.len() - 1),
                ));
            }
            let mut out = String::new();
            for r in char::decode_utf16(units) {
                match r {
                    Ok(c) => out.push(c),
                    Err(_) if errors == "strict" => {
                        return Err(vm.err(ExcKind::UnicodeDecodeError, "'utf-16' codec can't decode bytes: illegal UTF-16 surrogate"));
                    }
                    Err(_) if errors == "ignore" => {}
                    Err(_) => out.push('\u{fffd}'),
                }
            }
            Ok(out)
        }
        _ => {
            let (mut be, mut data) = (codec == "utf-32-be", b);
            if codec == "utf-32" {
                if let Some(rest) = b.strip_prefix(&[0xff, 0xfe, 0, 0][..]) {
                    data = rest;
                } else if let Some(rest) = b.strip_prefix(&[0, 0, 0xfe, 0xff][..]) {
                    data = rest;
                    be = true;
                }
            }
            let mut out = String::new();
            for c in data.chunks(4) {
                let u = if c.len() < 4 {
                    None
                } else if be {
                    char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                } else {
                    char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                };
                match u {
                    Some(ch) => out.push(ch),
                    None if errors == "strict" => {
                        return Err(vm.err(ExcKind::UnicodeDecodeError, "'utf-32' codec can't decode bytes: code point not in range(0x110000)"));
                    }
                    None if errors == "ignore" => {}
                    None => out.push('\u{fffd}'),
                }
            }
            Ok(out)
        }
    }
}

/// The repr of bytes data: `b'...'` with CPython's quoting and escapes, after `prefix`.
pub fn bytes_repr(b: &[u8], prefix: &str) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::with_capacity(b.len() + 3 + prefix.len());
    out.push_str(prefix);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{:02x}", c)),
        }
    }
    out.push(quote as char);
    out
}

