//! `bytes` and `bytearray`: their methods as natives, the codecs behind `str.encode` and
//! `bytes.decode` (utf-8, ascii, latin-1, utf-16/32 with the usual error handlers), the
//! `b'...'` repr, and the constructors.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::code::{BinOp, CmpOp};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, Payload, PyResult, Truth, Value, Vm};

use crate::builtins::args::{add_classmethod, add_method, arity, bind, native};
use crate::ops;
use crate::types::str::{adjust_indices, descr_error, slice_arg, ssize_arg, str_of, unbound_error};

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
            if !matches!(x, Value::Instance(_)) || ops::lookup_special(vm, x, "__index__").is_none()
            {
                let t = ops::type_name(vm, x);
                return Err(vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    t
                )));
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
    let n: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    Some(match n.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf_8_sig" | "utf8_sig" => {
            if n.ends_with("sig") {
                "utf-8-sig"
            } else {
                "utf-8"
            }
        }
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" => "ascii",
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819"
        | "iso_ir_100" => "latin-1",
        "utf_16" | "utf16" | "u16" => "utf-16",
        "utf_16_le" | "utf_16le" | "utf16le" => "utf-16-le",
        "utf_16_be" | "utf_16be" | "utf16be" => "utf-16-be",
        "utf_32" | "utf32" | "u32" => "utf-32",
        "utf_32_le" | "utf_32le" | "utf32le" => "utf-32-le",
        "utf_32_be" | "utf_32be" | "utf32be" => "utf-32-be",
        "cp1252" | "windows_1252" | "1252" => "cp1252",
        _ => return None,
    })
}

/// A `UnicodeEncodeError`/`UnicodeDecodeError` carrying CPython's five attributes.
pub fn unicode_error(
    vm: &mut Vm,
    decode: bool,
    encoding: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> rupy_objects::PyErr {
    let kind = if decode {
        ExcKind::UnicodeDecodeError
    } else {
        ExcKind::UnicodeEncodeError
    };
    let args = vec![
        Value::str(encoding),
        object,
        Value::Int(start as i64),
        Value::Int(end as i64),
        Value::str(reason),
    ];
    let exc = crate::exceptions::new_exception(vm.exc(kind), args.clone());
    if let Value::Instance(i) = &exc {
        set_unicode_attrs(i, &args);
    }
    rupy_objects::PyErr::from_obj(exc)
}

fn set_unicode_attrs(i: &rupy_objects::Instance, args: &[Value]) {
    if let Some(d) = &i.dict {
        for (name, v) in ["encoding", "object", "start", "end", "reason"]
            .iter()
            .zip(args.iter())
        {
            d.set_s(name, v.clone());
        }
    }
}

fn unicode_err_init(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Instance(i)) = args.first() else {
        return Ok(Value::None);
    };
    if let Some(d) = i.exc() {
        d.borrow_mut().args = args[1..].to_vec();
    }
    if args.len() == 6 {
        set_unicode_attrs(i, &args[1..]);
    }
    Ok(Value::None)
}

fn unicode_err_str(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(v @ Value::Instance(i)) = args.first() else {
        return Ok(Value::str(""));
    };
    let get = |name: &str| i.dict.as_ref().and_then(|d| d.get_s(name));
    let (Some(enc), Some(obj), Some(Value::Int(start)), Some(Value::Int(end)), Some(reason)) = (
        get("encoding"),
        get("object"),
        get("start"),
        get("end"),
        get("reason"),
    ) else {
        let a = i.exc().map(|d| d.borrow().args.clone()).unwrap_or_default();
        return Ok(Value::string(match a.len() {
            0 => String::new(),
            1 => ops::str_string(vm, &a[0])?,
            _ => ops::repr_string(vm, &Value::tuple(a))?,
        }));
    };
    let enc = ops::str_string(vm, &enc)?;
    let reason = ops::str_string(vm, &reason)?;
    let decode = vm
        .type_of(v)
        .is_subclass(&vm.exc(ExcKind::UnicodeDecodeError));
    let single = end == start + 1;
    let msg = if decode {
        let byte = bytes_of(&obj).and_then(|(b, _)| b.get(start as usize).copied());
        match (single, byte) {
            (true, Some(b)) => format!(
                "'{}' codec can't decode byte 0x{:02x} in position {}: {}",
                enc, b, start, reason
            ),
            _ => format!(
                "'{}' codec can't decode bytes in position {}-{}: {}",
                enc,
                start,
                end - 1,
                reason
            ),
        }
    } else {
        let ch = str_of(&obj).and_then(|s| s.as_str().chars().nth(start as usize));
        match (single, ch) {
            (true, Some(c)) => format!(
                "'{}' codec can't encode character '{}' in position {}: {}",
                enc,
                py_escape(c),
                start,
                reason
            ),
            _ => format!(
                "'{}' codec can't encode characters in position {}-{}: {}",
                enc,
                start,
                end - 1,
                reason
            ),
        }
    };
    Ok(Value::string(msg))
}

fn check_handler(vm: &mut Vm, errors: &str) -> PyResult<()> {
    match errors {
        "strict" | "ignore" | "replace" | "backslashreplace" | "xmlcharrefreplace"
        | "surrogateescape" | "surrogatepass" | "namereplace" => Ok(()),
        other => Err(vm.err(
            ExcKind::LookupError,
            format!("unknown error handler name '{}'", other),
        )),
    }
}

/// Windows-1252's bytes 0x80..0x9F (0 = undefined); the rest is latin-1.
const CP1252_HIGH: [u32; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// One char in a single-byte codec, if it has a byte.
fn single_byte(codec: &str, c: char) -> Option<u8> {
    let v = c as u32;
    match codec {
        "ascii" => (v < 0x80).then_some(v as u8),
        "latin-1" => (v < 0x100).then_some(v as u8),
        _ => {
            if v < 0x80 || (0xa0..0x100).contains(&v) {
                Some(v as u8)
            } else {
                CP1252_HIGH
                    .iter()
                    .position(|x| *x == v && v != 0)
                    .map(|i| 0x80 + i as u8)
            }
        }
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
/// A codec the built-in table does not know, through the codec registry (`_codecs.lookup`,
/// which finds `encodings.*` modules): `which` 0 encodes, 1 decodes; the result's item 0.
fn via_registry(
    vm: &mut Vm,
    obj: Value,
    encoding: &str,
    errors: &str,
    which: i64,
) -> PyResult<Value> {
    let unknown = |vm: &mut Vm| {
        vm.err(
            ExcKind::LookupError,
            format!("unknown encoding: {}", encoding),
        )
    };
    let Ok((_, codecs)) = crate::import::import_module(vm, "_codecs") else {
        return Err(unknown(vm));
    };
    let lookup_name = vm.intern("lookup");
    let lookup = crate::ops::getattr(vm, &codecs, &lookup_name)?;
    let info = crate::call::call_value(vm, &lookup, &[Value::str(encoding)], &[])?;
    let f = crate::ops::getitem(vm, &info, &Value::Int(which))?;
    let r = crate::call::call_value(vm, &f, &[obj, Value::str(errors)], &[])?;
    crate::ops::getitem(vm, &r, &Value::Int(0))
}

pub fn encode_str(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let Some(codec) = normalize_encoding(encoding) else {
        let r = via_registry(vm, Value::str(s), encoding, errors, 0)?;
        return match r {
            Value::Bytes(b) => Ok((*b).clone()),
            other => {
                let t = crate::ops::type_name(vm, &other);
                Err(vm.type_error(format!(
                    "'{encoding}' encoder returned '{t}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types"
                )))
            }
        };
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
    if let Some(b) = s
        .chars()
        .map(|c| single_byte(codec, c))
        .collect::<Option<Vec<u8>>>()
    {
        return Ok(b);
    }
    check_handler(vm, errors)?;
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(b) = single_byte(codec, c) {
            out.push(b);
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
                while j < chars.len() && single_byte(codec, chars[j]).is_none() {
                    j += 1;
                }
                let (name, reason) = match codec {
                    "ascii" => ("ascii", "ordinal not in range(128)"),
                    "latin-1" => ("latin-1", "ordinal not in range(256)"),
                    _ => ("charmap", "character maps to <undefined>"),
                };
                let j = if name == "charmap" { i + 1 } else { j };
                return Err(unicode_error(vm, false, name, Value::str(s), i, j, reason));
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
        let Some(&x) = b.get(k) else {
            return (k, "unexpected end of data");
        };
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
        let r = via_registry(vm, Value::Bytes(Rc::new(b.to_vec())), encoding, errors, 1)?;
        return match r {
            Value::Str(s) => Ok(s.as_str().to_owned()),
            other => {
                let t = crate::ops::type_name(vm, &other);
                Err(vm.type_error(format!(
                    "'{encoding}' decoder returned '{t}' instead of 'str'; use codecs.decode() to decode to arbitrary types"
                )))
            }
        };
    };
    match codec {
        "utf-8" | "utf-8-sig" => {
            let b = if codec == "utf-8-sig" {
                b.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(b)
            } else {
                b
            };
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
                                    out.push(
                                        char::from_u32(0xdc00 + *x as u32).unwrap_or('\u{fffd}'),
                                    );
                                }
                            }
                            _ => {
                                let obj = Value::Bytes(std::rc::Rc::new(b.to_vec()));
                                return Err(unicode_error(
                                    vm,
                                    true,
                                    "utf-8",
                                    obj,
                                    pos,
                                    pos + n,
                                    reason,
                                ));
                            }
                        }
                        pos += n;
                    }
                }
            }
            Ok(out)
        }
        "latin-1" => Ok(b.iter().map(|x| *x as char).collect()),
        "cp1252" => {
            let mut out = String::with_capacity(b.len());
            for (i, x) in b.iter().enumerate() {
                let c = if (0x80..0xa0).contains(x) {
                    char::from_u32(CP1252_HIGH[(*x - 0x80) as usize]).filter(|c| *c != '\0')
                } else {
                    Some(*x as char)
                };
                match c {
                    Some(c) => out.push(c),
                    None => match errors {
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        "backslashreplace" => out.push_str(&format!("\\x{:02x}", x)),
                        _ => {
                            check_handler(vm, errors)?;
                            let obj = Value::Bytes(std::rc::Rc::new(b.to_vec()));
                            return Err(unicode_error(
                                vm,
                                true,
                                "charmap",
                                obj,
                                i,
                                i + 1,
                                "character maps to <undefined>",
                            ));
                        }
                    },
                }
            }
            Ok(out)
        }
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
                        let obj = Value::Bytes(std::rc::Rc::new(b.to_vec()));
                        return Err(unicode_error(
                            vm,
                            true,
                            "ascii",
                            obj,
                            i,
                            i + 1,
                            "ordinal not in range(128)",
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
                .map(|c| {
                    if be {
                        u16::from_be_bytes([c[0], c[1]])
                    } else {
                        u16::from_le_bytes([c[0], c[1]])
                    }
                })
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
                        return Err(vm.err(
                            ExcKind::UnicodeDecodeError,
                            "'utf-16' codec can't decode bytes: illegal UTF-16 surrogate",
                        ));
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
                        return Err(vm.err(
                            ExcKind::UnicodeDecodeError,
                            "'utf-32' codec can't decode bytes: code point not in range(0x110000)",
                        ));
                    }
                    None if errors == "ignore" => {}
                    None => out.push('\u{fffd}'),
                }
            }
            Ok(out)
        }
    }
}

/// `repr(bytearray)`: like bytes, except that `'` is escaped even inside double quotes.
pub fn bytearray_repr(b: &[u8]) -> String {
    let inner = bytes_repr(b, "");
    let body = if inner.starts_with("b\"") {
        inner.replacen('\'', "\\'", usize::MAX)
    } else {
        inner
    };
    format!("bytearray({})", body)
}

/// The repr of bytes data: `b'...'` with CPython's quoting and escapes, after `prefix`.
pub fn bytes_repr(b: &[u8], prefix: &str) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
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

// ---------------------------------------------------------------------------------------------
// Receivers and arguments
// ---------------------------------------------------------------------------------------------

/// The data of a bytes/bytearray value (or subclass instance) and whether it is a bytearray.
pub fn bytes_of(v: &Value) -> Option<(Vec<u8>, bool)> {
    match v {
        Value::Bytes(b) => Some(((**b).clone(), false)),
        Value::ByteArray(b) => Some((b.borrow().clone(), true)),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Bytes(b) => Some(((**b).clone(), false)),
                Value::ByteArray(b) => Some((b.borrow().clone(), true)),
                inner @ Value::Opaque(_) => exported_bytes(inner).map(|b| (b, false)),
                _ => None,
            },
            _ => None,
        },
        Value::Opaque(_) => crate::types::memoryview::contents(v)
            .map(|b| (b, false))
            .or_else(|| exported_bytes(v).map(|b| (b, false))),
        _ => None,
    }
}

/// A reader of the bytes of native objects defined outside this crate (`array.array`):
/// returns None for values it does not export.
pub type BufferReader = fn(&Value) -> Option<Vec<u8>>;

/// The registered buffer readers (process-wide: they are plain functions of the value).
static BUFFER_READERS: std::sync::RwLock<Vec<BufferReader>> = std::sync::RwLock::new(Vec::new());

/// Let `bytes_of` (every bytes-like argument) read another native type's contents. A module
/// registers its reader once per process.
pub fn register_buffer_reader(f: BufferReader) {
    if let Ok(mut g) = BUFFER_READERS.write() {
        g.push(f);
    }
}

/// Whether `v` is another module's buffer exporter (not bytes, bytearray or memoryview).
fn is_exported(v: &Value) -> bool {
    let inner = match v {
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => p.borrow().clone(),
            _ => return false,
        },
        v => v.clone(),
    };
    matches!(inner, Value::Opaque(_))
        && crate::types::memoryview::contents(&inner).is_none()
        && exported_bytes(&inner).is_some()
}

fn exported_bytes(v: &Value) -> Option<Vec<u8>> {
    let readers = BUFFER_READERS.read().ok()?;
    readers.iter().find_map(|f| f(v))
}

fn bytearray_rc(v: &Value) -> Option<Rc<RefCell<Vec<u8>>>> {
    match v {
        Value::ByteArray(b) => Some(b.clone()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::ByteArray(b) => Some(b.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn mk(ba: bool, v: Vec<u8>) -> Value {
    if ba {
        Value::ByteArray(Rc::new(RefCell::new(v)))
    } else {
        Value::Bytes(Rc::new(v))
    }
}

fn owner(ba: bool) -> &'static str {
    if ba { "bytearray" } else { "bytes" }
}

fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<(Vec<u8>, bool)> {
    match args.first() {
        Some(v) => bytes_of(v).ok_or_else(|| descr_error(vm, name, "bytes", v)),
        None => Err(unbound_error(vm, name, "bytes")),
    }
}

fn recv0(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<(Vec<u8>, bool)> {
    let r = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!(
            "{}.{}() takes no keyword arguments",
            owner(r.1),
            name
        )));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "{}.{}() takes no arguments ({} given)",
            owner(r.1),
            name,
            args.len() - 1
        )));
    }
    Ok(r)
}

fn recv1(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<(Vec<u8>, bool)> {
    let r = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!(
            "{}.{}() takes no keyword arguments",
            owner(r.1),
            name
        )));
    }
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "{}.{}() takes exactly one argument ({} given)",
            owner(r.1),
            name,
            args.len() - 1
        )));
    }
    Ok(r)
}

fn recv_n(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(Vec<u8>, bool)> {
    let r = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!(
            "{}.{}() takes no keyword arguments",
            owner(r.1),
            name
        )));
    }
    arity(vm, name, &args[1..], min, max)?;
    Ok(r)
}

/// A bytes-like argument ("a bytes-like object is required, not 'str'").
pub fn buffer_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match bytes_of(v) {
        Some((b, _)) => Ok(b),
        None => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!("a bytes-like object is required, not '{}'", t)))
        }
    }
}

/// The needle of find/count/index/`in`: an int in range(256) or a bytes-like object.
fn needle(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some((b, _)) = bytes_of(v) {
        return Ok(b);
    }
    if rupy_objects::int::is_int(v)
        || (matches!(v, Value::Instance(_)) && ops::lookup_special(vm, v, "__index__").is_some())
    {
        return Ok(vec![byte_value(vm, v)?]);
    }
    let t = ops::type_name(vm, v);
    Err(vm.type_error(format!(
        "argument should be integer or bytes-like object, not '{}'",
        t
    )))
}

fn find_sub(hay: &[u8], sub: &[u8], rev: bool) -> Option<usize> {
    if sub.is_empty() {
        return Some(if rev { hay.len() } else { 0 });
    }
    if sub.len() > hay.len() {
        return None;
    }
    if rev {
        (0..=hay.len() - sub.len())
            .rev()
            .find(|&i| &hay[i..i + sub.len()] == sub)
    } else if sub.len() == 1 {
        hay.iter().position(|b| *b == sub[0])
    } else {
        hay.windows(sub.len()).position(|w| w == sub)
    }
}

fn count_sub(hay: &[u8], sub: &[u8]) -> usize {
    if sub.is_empty() {
        return hay.len() + 1;
    }
    let mut n = 0;
    let mut i = 0;
    while i + sub.len() <= hay.len() {
        if &hay[i..i + sub.len()] == sub {
            n += 1;
            i += sub.len();
        } else {
            i += 1;
        }
    }
    n
}

fn split_sub<'a>(hay: &'a [u8], sep: &[u8], maxsplit: i64) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = hay;
    let mut n = maxsplit;
    while n != 0 {
        match find_sub(rest, sep, false) {
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i + sep.len()..];
                n -= 1;
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

fn rsplit_sub<'a>(hay: &'a [u8], sep: &[u8], maxsplit: i64) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = hay;
    let mut n = maxsplit;
    while n != 0 {
        match find_sub(rest, sep, true) {
            Some(i) => {
                out.push(&rest[i + sep.len()..]);
                rest = &rest[..i];
                n -= 1;
            }
            None => break,
        }
    }
    out.push(rest);
    out.reverse();
    out
}

fn is_bspace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn split_ws(hay: &[u8], maxsplit: i64, rev: bool) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let n = hay.len();
    let mut remaining = maxsplit;
    if !rev {
        let mut i = 0;
        loop {
            while i < n && is_bspace(hay[i]) {
                i += 1;
            }
            if i >= n {
                break;
            }
            if remaining == 0 {
                out.push(&hay[i..]);
                break;
            }
            let st = i;
            while i < n && !is_bspace(hay[i]) {
                i += 1;
            }
            out.push(&hay[st..i]);
            if remaining > 0 {
                remaining -= 1;
            }
        }
    } else {
        let mut j = n;
        loop {
            while j > 0 && is_bspace(hay[j - 1]) {
                j -= 1;
            }
            if j == 0 {
                break;
            }
            if remaining == 0 {
                out.push(&hay[..j]);
                break;
            }
            let end = j;
            while j > 0 && !is_bspace(hay[j - 1]) {
                j -= 1;
            }
            out.push(&hay[j..end]);
            if remaining > 0 {
                remaining -= 1;
            }
        }
        out.reverse();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Methods shared by bytes and bytearray
// ---------------------------------------------------------------------------------------------

fn b_decode(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, _) = recv(vm, args, "decode")?;
    let [enc, errors] = bind(vm, "decode", &args[1..], kwargs, ["encoding", "errors"], 0)?;
    let text_arg = |vm: &mut Vm, v: Option<Value>, dflt: &str, what: &str| -> PyResult<String> {
        match v {
            None => Ok(dflt.to_owned()),
            Some(v) => match str_of(&v) {
                Some(s) => Ok(s.as_str().to_owned()),
                None => {
                    let t = ops::type_name(vm, &v);
                    Err(vm.type_error(format!(
                        "decode() argument '{}' must be str, not {}",
                        what, t
                    )))
                }
            },
        }
    };
    let enc = text_arg(vm, enc, "utf-8", "encoding")?;
    let errors = text_arg(vm, errors, "strict", "errors")?;
    Ok(Value::string(decode_bytes(vm, &data, &enc, &errors)?))
}

// The tuple is (haystack, needle, start, stop, needle was an int) and dies at the call site.
#[allow(clippy::type_complexity)]
fn find_args(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
) -> PyResult<(Vec<u8>, Vec<u8>, i64, i64, bool)> {
    let (data, _) = recv_n(vm, args, kwargs, name, 1, 3)?;
    let sub = needle(vm, &args[1])?;
    let a = slice_arg(vm, args.get(2))?;
    let e = slice_arg(vm, args.get(3))?;
    let len = data.len() as i64;
    let (a, e) = adjust_indices(a, e, len);
    let ok = a <= len && a <= e;
    Ok((data, sub, a, e, ok))
}

fn find_common(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    rev: bool,
) -> PyResult<i64> {
    let (data, sub, a, e, ok) = find_args(vm, args, kwargs, name)?;
    if !ok || (e - a) < sub.len() as i64 {
        return Ok(-1);
    }
    Ok(match find_sub(&data[a as usize..e as usize], &sub, rev) {
        Some(i) => a + i as i64,
        None => -1,
    })
}

fn b_find(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(find_common(vm, args, kwargs, "find", false)?))
}
fn b_rfind(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(find_common(vm, args, kwargs, "rfind", true)?))
}
fn b_index(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    match find_common(vm, args, kwargs, "index", false)? {
        -1 => Err(vm.value_error("subsection not found")),
        i => Ok(Value::Int(i)),
    }
}
fn b_rindex(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    match find_common(vm, args, kwargs, "rindex", true)? {
        -1 => Err(vm.value_error("subsection not found")),
        i => Ok(Value::Int(i)),
    }
}
fn b_count(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, sub, a, e, ok) = find_args(vm, args, kwargs, "count")?;
    if !ok {
        return Ok(Value::Int(0));
    }
    Ok(Value::Int(
        count_sub(&data[a as usize..e as usize], &sub) as i64
    ))
}

fn tail(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str, at_end: bool) -> PyResult<Value> {
    let (data, _) = recv_n(vm, args, kwargs, name, 1, 3)?;
    let a = slice_arg(vm, args.get(2))?;
    let e = slice_arg(vm, args.get(3))?;
    let len = data.len() as i64;
    let (a, e) = adjust_indices(a, e, len);
    let check = |p: &[u8]| -> bool {
        let pl = p.len() as i64;
        if e - pl < a || a > len {
            return false;
        }
        let hay = &data[a as usize..e as usize];
        if at_end {
            hay.ends_with(p)
        } else {
            hay.starts_with(p)
        }
    };
    match &args[1] {
        Value::Tuple(t) => {
            for item in t.iter() {
                match bytes_of(item) {
                    Some((p, _)) => {
                        if check(&p) {
                            return Ok(Value::Bool(Truth::True));
                        }
                    }
                    None => {
                        let tn = ops::type_name(vm, item);
                        return Err(
                            vm.type_error(format!("a bytes-like object is required, not '{}'", tn))
                        );
                    }
                }
            }
            Ok(Value::Bool(Truth::False))
        }
        other => match bytes_of(other) {
            Some((p, _)) => Ok(Value::bool(check(&p))),
            None => {
                let tn = ops::type_name(vm, other);
                Err(vm.type_error(format!(
                    "{} first arg must be bytes or a tuple of bytes, not {}",
                    name, tn
                )))
            }
        },
    }
}

fn b_startswith(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    tail(vm, args, kwargs, "startswith", false)
}
fn b_endswith(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    tail(vm, args, kwargs, "endswith", true)
}

fn split_common(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    rev: bool,
) -> PyResult<Value> {
    let (data, ba) = recv(vm, args, name)?;
    let [sep, maxsplit] = bind(vm, name, &args[1..], kwargs, ["sep", "maxsplit"], 0)?;
    let maxsplit = match &maxsplit {
        Some(m) => ssize_arg(vm, m)?,
        None => -1,
    };
    let parts: Vec<&[u8]> = match sep {
        None | Some(Value::None) => split_ws(&data, maxsplit, rev),
        Some(sv) => {
            let sep = buffer_arg(vm, &sv)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let sep: &[u8] = &sep;
            let v = if rev {
                rsplit_sub(&data, sep, maxsplit)
            } else {
                split_sub(&data, sep, maxsplit)
            };
            return Ok(Value::list(
                v.into_iter().map(|p| mk(ba, p.to_vec())).collect(),
            ));
        }
    };
    Ok(Value::list(
        parts.into_iter().map(|p| mk(ba, p.to_vec())).collect(),
    ))
}

fn b_split(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    split_common(vm, args, kwargs, "split", false)
}
fn b_rsplit(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    split_common(vm, args, kwargs, "rsplit", true)
}

fn b_splitlines(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, ba) = recv(vm, args, "splitlines")?;
    let [keep] = bind(vm, "splitlines", &args[1..], kwargs, ["keepends"], 0)?;
    let keep = match keep {
        Some(k) => ops::truthy(vm, &k)?,
        None => false,
    };
    let mut out = Vec::new();
    let (mut i, mut start) = (0, 0);
    while i < data.len() {
        if data[i] == b'\n' || data[i] == b'\r' {
            let mut end = i + 1;
            if data[i] == b'\r' && i + 1 < data.len() && data[i + 1] == b'\n' {
                end += 1;
            }
            out.push(mk(ba, data[start..if keep { end } else { i }].to_vec()));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < data.len() {
        out.push(mk(ba, data[start..].to_vec()));
    }
    Ok(Value::list(out))
}

fn b_join(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (sep, ba) = recv1(vm, args, kwargs, "join")?;
    let items = ops::collect(vm, &args[1])?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        match bytes_of(it) {
            Some((b, _)) => out.extend_from_slice(&b),
            None => {
                let t = ops::type_name(vm, it);
                return Err(vm.type_error(format!(
                    "sequence item {}: expected a bytes-like object, {} found",
                    i, t
                )));
            }
        }
    }
    Ok(mk(ba, out))
}

fn partition_common(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    rev: bool,
) -> PyResult<Value> {
    let (data, ba) = recv1(vm, args, kwargs, name)?;
    let sep = buffer_arg(vm, &args[1])?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    Ok(Value::tuple(match find_sub(&data, &sep, rev) {
        Some(i) => vec![
            mk(ba, data[..i].to_vec()),
            mk(ba, sep.clone()),
            mk(ba, data[i + sep.len()..].to_vec()),
        ],
        None if rev => vec![mk(ba, vec![]), mk(ba, vec![]), mk(ba, data)],
        None => vec![mk(ba, data), mk(ba, vec![]), mk(ba, vec![])],
    }))
}

fn b_partition(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    partition_common(vm, args, kwargs, "partition", false)
}
fn b_rpartition(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    partition_common(vm, args, kwargs, "rpartition", true)
}

fn strip_common(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let (data, ba) = recv_n(vm, args, kwargs, name, 0, 1)?;
    let chars: Option<Vec<u8>> = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(buffer_arg(vm, v)?),
    };
    let strip = |b: u8| match &chars {
        None => is_bspace(b),
        Some(c) => c.contains(&b),
    };
    let mut a = 0;
    let mut e = data.len();
    if left {
        while a < e && strip(data[a]) {
            a += 1;
        }
    }
    if right {
        while e > a && strip(data[e - 1]) {
            e -= 1;
        }
    }
    if a == 0 && e == data.len() && matches!(args[0], Value::Bytes(_)) {
        return Ok(args[0].clone());
    }
    Ok(mk(ba, data[a..e].to_vec()))
}

fn b_strip(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    strip_common(vm, args, kwargs, "strip", true, true)
}
fn b_lstrip(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    strip_common(vm, args, kwargs, "lstrip", true, false)
}
fn b_rstrip(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    strip_common(vm, args, kwargs, "rstrip", false, true)
}

fn justify(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str, how: char) -> PyResult<Value> {
    let (data, ba) = recv_n(vm, args, kwargs, name, 1, 2)?;
    let width = ssize_arg(vm, &args[1])?;
    let fill = match args.get(2) {
        None => b' ',
        Some(v) => match bytes_of(v) {
            Some((f, _)) if f.len() == 1 => f[0],
            _ => {
                let t = ops::type_name(vm, v);
                return Err(vm.type_error(format!(
                    "{}() argument 2 must be a byte string of length 1, not {}",
                    name, t
                )));
            }
        },
    };
    let len = data.len() as i64;
    if width <= len {
        return Ok(mk(ba, data));
    }
    let marg = (width - len) as usize;
    let left = match how {
        'l' => 0,
        'r' => marg,
        _ => marg / 2 + (marg & (width as usize) & 1),
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(&data);
    out.resize(width as usize, fill);
    Ok(mk(ba, out))
}

fn b_center(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    justify(vm, args, kwargs, "center", 'c')
}
fn b_ljust(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    justify(vm, args, kwargs, "ljust", 'l')
}
fn b_rjust(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    justify(vm, args, kwargs, "rjust", 'r')
}

fn b_zfill(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, ba) = recv1(vm, args, kwargs, "zfill")?;
    let width = ssize_arg(vm, &args[1])?;
    if width <= data.len() as i64 {
        return Ok(mk(ba, data));
    }
    let fill = width as usize - data.len();
    let mut out = Vec::with_capacity(width as usize);
    let rest = match data.first() {
        Some(c @ (b'+' | b'-')) => {
            out.push(*c);
            &data[1..]
        }
        _ => &data[..],
    };
    out.extend(std::iter::repeat_n(b'0', fill));
    out.extend_from_slice(rest);
    Ok(mk(ba, out))
}

fn b_expandtabs(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, ba) = recv(vm, args, "expandtabs")?;
    let [ts] = bind(vm, "expandtabs", &args[1..], kwargs, ["tabsize"], 0)?;
    let tabsize = match ts {
        Some(t) => ssize_arg(vm, &t)?,
        None => 8,
    };
    let mut out = Vec::with_capacity(data.len());
    let mut col: i64 = 0;
    for &c in &data {
        match c {
            b'\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    out.extend(std::iter::repeat_n(b' ', n as usize));
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(mk(ba, out))
}

fn b_replace(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, ba) = recv(vm, args, "replace")?;
    if args.len() - 1 < 2 {
        return Err(vm.type_error(format!(
            "replace expected at least 2 arguments, got {}",
            args.len() - 1
        )));
    }
    let [old, new, count] = bind(
        vm,
        "replace",
        &args[1..],
        kwargs,
        ["old", "new", "count"],
        2,
    )?;
    let old = buffer_arg(vm, &old.unwrap_or(Value::None))?;
    let new = buffer_arg(vm, &new.unwrap_or(Value::None))?;
    let mut count = match count {
        Some(c) => ssize_arg(vm, &c)?,
        None => -1,
    };
    let mut out = Vec::with_capacity(data.len());
    if old.is_empty() {
        let mut i = 0;
        loop {
            if count != 0 {
                out.extend_from_slice(&new);
                if count > 0 {
                    count -= 1;
                }
            }
            if i >= data.len() {
                break;
            }
            out.push(data[i]);
            i += 1;
        }
        return Ok(mk(ba, out));
    }
    let mut i = 0;
    while i < data.len() {
        if count != 0 && data[i..].starts_with(&old) {
            out.extend_from_slice(&new);
            i += old.len();
            if count > 0 {
                count -= 1;
            }
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    Ok(mk(ba, out))
}

fn b_removeprefix(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, ba) = recv1(vm, args, kwargs, "removeprefix")?;
    let p = buffer_arg(vm, &args[1])?;
    Ok(mk(ba, data.strip_prefix(&p[..]).unwrap_or(&data).to_vec()))
}

fn b_removesuffix(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, ba) = recv1(vm, args, kwargs, "removesuffix")?;
    let p = buffer_arg(vm, &args[1])?;
    Ok(mk(ba, data.strip_suffix(&p[..]).unwrap_or(&data).to_vec()))
}

fn map_bytes(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    f: fn(&[u8]) -> Vec<u8>,
) -> PyResult<Value> {
    let (data, ba) = recv0(vm, args, kwargs, name)?;
    Ok(mk(ba, f(&data)))
}

fn b_upper(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    map_bytes(vm, args, kwargs, "upper", |d| d.to_ascii_uppercase())
}
fn b_lower(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    map_bytes(vm, args, kwargs, "lower", |d| d.to_ascii_lowercase())
}
fn b_swapcase(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    map_bytes(vm, args, kwargs, "swapcase", |d| {
        d.iter()
            .map(|b| {
                if b.is_ascii_uppercase() {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                }
            })
            .collect()
    })
}
fn b_capitalize(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    map_bytes(vm, args, kwargs, "capitalize", |d| {
        d.iter()
            .enumerate()
            .map(|(i, b)| {
                if i == 0 {
                    b.to_ascii_uppercase()
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect()
    })
}
fn b_title(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    map_bytes(vm, args, kwargs, "title", |d| {
        let mut prev = false;
        d.iter()
            .map(|&b| {
                let r = if prev {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                };
                prev = b.is_ascii_alphabetic();
                r
            })
            .collect()
    })
}

fn pred(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    f: fn(&[u8]) -> bool,
) -> PyResult<Value> {
    let (data, _) = recv0(vm, args, kwargs, name)?;
    Ok(Value::bool(f(&data)))
}

fn b_isalnum(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "isalnum", |d| {
        !d.is_empty() && d.iter().all(|b| b.is_ascii_alphanumeric())
    })
}
fn b_isalpha(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "isalpha", |d| {
        !d.is_empty() && d.iter().all(|b| b.is_ascii_alphabetic())
    })
}
fn b_isascii(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "isascii", |d| d.is_ascii())
}
fn b_isdigit(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "isdigit", |d| {
        !d.is_empty() && d.iter().all(|b| b.is_ascii_digit())
    })
}
fn b_isspace(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "isspace", |d| {
        !d.is_empty() && d.iter().all(|b| is_bspace(*b))
    })
}
fn b_islower(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "islower", |d| {
        d.iter().any(|b| b.is_ascii_lowercase()) && !d.iter().any(|b| b.is_ascii_uppercase())
    })
}
fn b_isupper(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "isupper", |d| {
        d.iter().any(|b| b.is_ascii_uppercase()) && !d.iter().any(|b| b.is_ascii_lowercase())
    })
}
fn b_istitle(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    pred(vm, args, kwargs, "istitle", |d| {
        let (mut cased, mut prev) = (false, false);
        for b in d {
            if b.is_ascii_uppercase() {
                if prev {
                    return false;
                }
                prev = true;
                cased = true;
            } else if b.is_ascii_lowercase() {
                if !prev {
                    return false;
                }
                prev = true;
                cased = true;
            } else {
                prev = false;
            }
        }
        cased
    })
}

fn b_hex(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, _) = recv(vm, args, "hex")?;
    let [sep, bps] = bind(vm, "hex", &args[1..], kwargs, ["sep", "bytes_per_sep"], 0)?;
    Ok(Value::string(hex_with_sep(vm, &data, sep, bps)?))
}

/// `bytes.hex(sep, bytes_per_sep)`.
pub fn hex_with_sep(
    vm: &mut Vm,
    data: &[u8],
    sep: Option<Value>,
    bps: Option<Value>,
) -> PyResult<String> {
    let plain: String = data.iter().map(|b| format!("{:02x}", b)).collect();
    let sep = match sep {
        None => return Ok(plain),
        Some(s) => {
            if let Some(t) = str_of(&s) {
                let mut it = t.as_str().chars();
                match (it.next(), it.next()) {
                    (Some(c), None) if c.is_ascii() => c,
                    (Some(_), None) => return Err(vm.value_error("sep must be ASCII.")),
                    _ => return Err(vm.value_error("sep must be length 1.")),
                }
            } else if let Some((b, _)) = bytes_of(&s) {
                if b.len() != 1 {
                    return Err(vm.value_error("sep must be length 1."));
                }
                b[0] as char
            } else {
                let t = ops::type_name(vm, &s);
                return Err(vm.type_error(format!("sep must be str or bytes, not {}", t)));
            }
        }
    };
    let bps = match bps {
        Some(v) => ssize_arg(vm, &v)?,
        None => 1,
    };
    if bps == 0 || data.is_empty() {
        return Ok(plain);
    }
    let n = bps.unsigned_abs() as usize;
    let mut groups: Vec<&[u8]> = Vec::new();
    if bps > 0 {
        let first = data.len() % n;
        if first > 0 {
            groups.push(&data[..first]);
        }
        groups.extend(data[first..].chunks(n));
    } else {
        groups.extend(data.chunks(n));
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|g| g.iter().map(|b| format!("{:02x}", b)).collect())
        .collect();
    Ok(parts.join(&sep.to_string()))
}

fn b_fromhex(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("fromhex() takes no keyword arguments"));
    }
    let cls = args.first().cloned().unwrap_or(Value::None);
    let rest = args.get(1..).unwrap_or(&[]);
    if rest.len() != 1 {
        return Err(vm.type_error(format!(
            "fromhex() takes exactly one argument ({} given)",
            rest.len()
        )));
    }
    let Some(s) = str_of(&rest[0]) else {
        let t = ops::type_name(vm, &rest[0]);
        return Err(vm.type_error(format!("fromhex() argument must be str, not {}", t)));
    };
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let bad = |vm: &mut Vm, pos: usize| {
        vm.value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {}",
            pos
        ))
    };
    while i < chars.len() {
        if chars[i].is_ascii() && is_bspace(chars[i] as u8) {
            i += 1;
            continue;
        }
        let Some(hi) = chars[i].to_digit(16) else {
            return Err(bad(vm, i));
        };
        let Some(lo) = chars.get(i + 1).and_then(|c| c.to_digit(16)) else {
            return Err(bad(vm, i + 1));
        };
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    let is_ba = matches!(&cls, Value::Class(c) if Rc::ptr_eq(c, &vm.types.bytearray));
    let is_bytes = matches!(&cls, Value::Class(c) if Rc::ptr_eq(c, &vm.types.bytes));
    if is_ba || is_bytes || !matches!(cls, Value::Class(_)) {
        return Ok(mk(is_ba, out));
    }
    crate::call::call_value(vm, &cls, &[Value::Bytes(Rc::new(out))], &[])
}

fn b_maketrans(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("maketrans() takes no keyword arguments"));
    }
    arity(vm, "maketrans", args, 2, 2)?;
    let frm = buffer_arg(vm, &args[0])?;
    let to = buffer_arg(vm, &args[1])?;
    if frm.len() != to.len() {
        return Err(vm.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (a, b) in frm.iter().zip(to.iter()) {
        table[*a as usize] = *b;
    }
    Ok(Value::Bytes(Rc::new(table)))
}

fn b_translate(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (data, ba) = recv(vm, args, "translate")?;
    let [table, delete] = bind(vm, "translate", &args[1..], kwargs, ["table", "delete"], 1)?;
    let table = match table {
        None | Some(Value::None) => None,
        Some(t) => {
            let t = buffer_arg(vm, &t)?;
            if t.len() != 256 {
                return Err(vm.value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let delete = match delete {
        Some(d) => buffer_arg(vm, &d)?,
        None => Vec::new(),
    };
    let out: Vec<u8> = data
        .iter()
        .filter(|b| !delete.contains(b))
        .map(|b| match &table {
            Some(t) => t[*b as usize],
            None => *b,
        })
        .collect();
    Ok(mk(ba, out))
}

// ---------------------------------------------------------------------------------------------
// bytearray mutators
// ---------------------------------------------------------------------------------------------

fn ba_recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Rc<RefCell<Vec<u8>>>> {
    match args.first() {
        Some(v) => bytearray_rc(v).ok_or_else(|| descr_error(vm, name, "bytearray", v)),
        None => Err(unbound_error(vm, name, "bytearray")),
    }
}

fn ba_append(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "append")?;
    recv1(vm, args, kwargs, "append")?;
    let x = byte_value(vm, &args[1])?;
    let mut v = b.borrow_mut();
    vm.grow(&mut v, 1)?;
    v.push(x);
    Ok(Value::None)
}

/// The bytes of a bytes-like object or an iterable of ints.
pub fn bytes_or_iterable(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some((b, _)) = bytes_of(v) {
        return Ok(b);
    }
    if str_of(v).is_some() {
        return Err(vm.type_error("expected iterable of integers; got: 'str'"));
    }
    bytes_from_iterable(vm, v)
}

fn ba_extend(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "extend")?;
    recv1(vm, args, kwargs, "extend")?;
    let items = bytes_or_iterable(vm, &args[1])?;
    let mut v = b.borrow_mut();
    vm.grow(&mut v, items.len())?;
    v.extend(items);
    Ok(Value::None)
}

fn ba_insert(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "insert")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("bytearray.insert() takes no keyword arguments"));
    }
    if args.len() != 3 {
        return Err(vm.type_error(format!(
            "insert expected 2 arguments, got {}",
            args.len() - 1
        )));
    }
    let i = ssize_arg(vm, &args[1])?;
    let x = byte_value(vm, &args[2])?;
    let mut v = b.borrow_mut();
    let n = v.len() as i64;
    let pos = if i < 0 { (i + n).max(0) } else { i.min(n) };
    v.insert(pos as usize, x);
    Ok(Value::None)
}

fn ba_pop(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "pop")?;
    recv_n(vm, args, kwargs, "pop", 0, 1)?;
    let i = match args.get(1) {
        Some(v) => ssize_arg(vm, v)?,
        None => -1,
    };
    let n = b.borrow().len() as i64;
    if n == 0 {
        return Err(vm.err(ExcKind::IndexError, "pop from empty bytearray"));
    }
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.err(ExcKind::IndexError, "pop index out of range"));
    }
    Ok(Value::Int(b.borrow_mut().remove(j as usize) as i64))
}

fn ba_remove(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "remove")?;
    recv1(vm, args, kwargs, "remove")?;
    let x = byte_value(vm, &args[1])?;
    let pos = b.borrow().iter().position(|c| *c == x);
    match pos {
        Some(p) => {
            b.borrow_mut().remove(p);
            Ok(Value::None)
        }
        None => Err(vm.value_error("value not found in bytearray")),
    }
}

fn ba_clear(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "clear")?;
    recv0(vm, args, kwargs, "clear")?;
    b.borrow_mut().clear();
    Ok(Value::None)
}

fn ba_copy(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    ba_recv(vm, args, "copy")?;
    let (data, _) = recv0(vm, args, kwargs, "copy")?;
    Ok(mk(true, data))
}

fn ba_reverse(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "reverse")?;
    recv0(vm, args, kwargs, "reverse")?;
    b.borrow_mut().reverse();
    Ok(Value::None)
}

/// `ba[key] = value` for bytearrays (ints and slices).
pub fn bytearray_setitem(
    vm: &mut Vm,
    b: &Rc<RefCell<Vec<u8>>>,
    key: &Value,
    value: &Value,
) -> PyResult<()> {
    if let Value::Slice(s) = key {
        let items = bytes_or_iterable(vm, value).map_err(|e| {
            if e.class().is_subclass(&vm.exc(ExcKind::TypeError))
                && rupy_objects::int::is_int(value)
            {
                vm.type_error(
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                )
            } else {
                e
            }
        })?;
        let n = b.borrow().len() as i64;
        let (a, e, st) = ops::slice_indices(vm, s, n)?;
        if st == 1 {
            let e = e.max(a);
            b.borrow_mut().splice(a as usize..e as usize, items);
            return Ok(());
        }
        let pos = ops::slice_positions(a, e, st);
        if pos.len() != items.len() {
            return Err(vm.value_error(format!(
                "attempt to assign bytes of size {} to extended slice of size {}",
                items.len(),
                pos.len()
            )));
        }
        let mut v = b.borrow_mut();
        for (p, x) in pos.into_iter().zip(items) {
            v[p] = x;
        }
        return Ok(());
    }
    let i = match key {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Instance(_) => {
            ssize_arg(vm, key).map_err(|_| {
                vm.err(
                    ExcKind::IndexError,
                    "cannot fit 'int' into an index-sized integer",
                )
            })?
        }
        _ => {
            let t = ops::type_name(vm, key);
            return Err(vm.type_error(format!(
                "bytearray indices must be integers or slices, not {}",
                t
            )));
        }
    };
    let x = byte_value(vm, value)?;
    let mut v = b.borrow_mut();
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        drop(v);
        return Err(vm.err(ExcKind::IndexError, "bytearray index out of range"));
    }
    v[j as usize] = x;
    Ok(())
}

/// `del ba[key]` for bytearrays.
pub fn bytearray_delitem(vm: &mut Vm, b: &Rc<RefCell<Vec<u8>>>, key: &Value) -> PyResult<()> {
    let n = b.borrow().len() as i64;
    if let Value::Slice(s) = key {
        let (a, e, st) = ops::slice_indices(vm, s, n)?;
        let mut pos = ops::slice_positions(a, e, st);
        pos.sort_unstable();
        let mut v = b.borrow_mut();
        for p in pos.into_iter().rev() {
            v.remove(p);
        }
        return Ok(());
    }
    let i = ssize_arg(vm, key)?;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.err(ExcKind::IndexError, "bytearray index out of range"));
    }
    b.borrow_mut().remove(j as usize);
    Ok(())
}

fn ba_setitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "__setitem__")?;
    if args.len() != 3 {
        return Err(vm.type_error(format!("expected 2 arguments, got {}", args.len() - 1)));
    }
    bytearray_setitem(vm, &b, &args[1], &args[2])?;
    Ok(Value::None)
}

fn ba_delitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "__delitem__")?;
    if args.len() != 2 {
        return Err(vm.type_error(format!("expected 1 argument, got {}", args.len() - 1)));
    }
    bytearray_delitem(vm, &b, &args[1])?;
    Ok(Value::None)
}

fn ba_iadd(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "__iadd__")?;
    if args.len() != 2 {
        return Err(vm.type_error(format!("expected 1 argument, got {}", args.len() - 1)));
    }
    let Some((o, _)) = bytes_of(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("can't concat {} to bytearray", t)));
    };
    let mut v = b.borrow_mut();
    vm.grow(&mut v, o.len())?;
    v.extend(o);
    Ok(args[0].clone())
}

fn ba_imul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "__imul__")?;
    if args.len() != 2 {
        return Err(vm.type_error(format!("expected 1 argument, got {}", args.len() - 1)));
    }
    let n = ssize_arg(vm, &args[1])?.max(0) as usize;
    let src = b.borrow().clone();
    if (src.len() as u128) * (n as u128) > (1u128 << 34) {
        return Err(vm.err(ExcKind::MemoryError, ""));
    }
    vm.reserve(src.len() * n)?;
    *b.borrow_mut() = src.repeat(n);
    Ok(args[0].clone())
}

// ---------------------------------------------------------------------------------------------
// Dunders
// ---------------------------------------------------------------------------------------------

fn dunder(vm: &mut Vm, args: &[Value], name: &str, n: usize) -> PyResult<(Vec<u8>, bool)> {
    let r = recv(vm, args, name)?;
    if args.len() != n + 1 {
        return Err(vm.type_error(format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len() - 1
        )));
    }
    Ok(r)
}

fn b_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = dunder(vm, args, "__len__", 0)?;
    Ok(Value::Int(d.len() as i64))
}

fn b_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, ba) = dunder(vm, args, "__getitem__", 1)?;
    let base = mk(ba, d);
    match &args[1] {
        Value::Int(_)
        | Value::Bool(_)
        | Value::BigInt(_)
        | Value::Slice(_)
        | Value::Instance(_) => ops::getitem(vm, &base, &args[1]),
        other => {
            let t = ops::type_name(vm, other);
            Err(vm.type_error(format!(
                "{} indices must be integers or slices, not {}",
                owner(ba),
                t
            )))
        }
    }
}

/// `x in data` for bytes/bytearray data: a byte value or a bytes-like substring.
pub fn bytes_contains(vm: &mut Vm, data: &[u8], x: &Value) -> PyResult<bool> {
    if let Some((sub, _)) = bytes_of(x) {
        return Ok(find_sub(data, &sub, false).is_some());
    }
    if rupy_objects::int::is_int(x)
        || (matches!(x, Value::Instance(_)) && ops::lookup_special(vm, x, "__index__").is_some())
    {
        let b = byte_value(vm, x)?;
        return Ok(data.contains(&b));
    }
    let t = ops::type_name(vm, x);
    Err(vm.type_error(format!("a bytes-like object is required, not '{}'", t)))
}

fn b_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = dunder(vm, args, "__contains__", 1)?;
    Ok(Value::bool(bytes_contains(vm, &d, &args[1])?))
}

fn b_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = dunder(vm, args, "__iter__", 0)?;
    ops::get_iter(vm, &Value::Bytes(Rc::new(d)))
}

fn b_add(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (mut d, ba) = dunder(vm, args, "__add__", 1)?;
    match bytes_of(&args[1]) {
        Some((o, _)) => {
            d.extend_from_slice(&o);
            Ok(mk(ba, d))
        }
        None => {
            let t = ops::type_name(vm, &args[1]);
            Err(vm.type_error(format!("can't concat {} to {}", t, owner(ba))))
        }
    }
}

fn b_mul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, ba) = dunder(vm, args, "__mul__", 1)?;
    let n = ssize_arg(vm, &args[1])?.max(0) as usize;
    if (d.len() as u128) * (n as u128) > (1u128 << 34) {
        return Err(vm.err(ExcKind::MemoryError, ""));
    }
    vm.reserve(d.len() * n)?;
    Ok(mk(ba, d.repeat(n)))
}

fn b_mod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, ba) = dunder(vm, args, "__mod__", 1)?;
    let r = crate::types::str::percent_format_bytes(vm, &d, &args[1])?;
    Ok(mk(ba, r))
}

fn b_rmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    dunder(vm, args, "__rmod__", 1)?;
    Ok(Value::NotImplemented)
}

fn cmp(vm: &mut Vm, args: &[Value], name: &str, op: CmpOp) -> PyResult<Value> {
    let (d, is_bytearray) = dunder(vm, args, name, 1)?;
    // `bytes` compares only with bytes-like values of its own family; a bytearray compares
    // with any buffer (CPython: `bytes == array` is False, `bytearray == array` compares).
    if !is_bytearray && is_exported(&args[1]) {
        return Ok(Value::NotImplemented);
    }
    match bytes_of(&args[1]) {
        Some((o, _)) => Ok(Value::bool(ops::ord_matches(op, d.cmp(&o)))),
        None => Ok(Value::NotImplemented),
    }
}

fn b_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__eq__", CmpOp::Eq)
}
fn b_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__ne__", CmpOp::Ne)
}
fn b_lt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__lt__", CmpOp::Lt)
}
fn b_le(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__le__", CmpOp::Le)
}
fn b_gt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__gt__", CmpOp::Gt)
}
fn b_ge(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp(vm, args, "__ge__", CmpOp::Ge)
}

fn b_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = dunder(vm, args, "__hash__", 0)?;
    Ok(Value::Int(ops::hash(vm, &Value::Bytes(Rc::new(d)))?))
}

fn b_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, ba) = dunder(vm, args, "__repr__", 0)?;
    if ba {
        let r = bytearray_repr(&d);
        if matches!(args[0], Value::Instance(_)) {
            let name = ops::type_name(vm, &args[0]);
            return Ok(Value::string(format!(
                "{}{}",
                name,
                &r["bytearray".len()..]
            )));
        }
        return Ok(Value::string(r));
    }
    Ok(Value::string(bytes_repr(&d, "")))
}

fn b_getnewargs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = dunder(vm, args, "__getnewargs__", 0)?;
    Ok(Value::tuple(vec![Value::Bytes(Rc::new(d))]))
}

fn b_bytes(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (d, _) = dunder(vm, args, "__bytes__", 0)?;
    Ok(Value::Bytes(Rc::new(d)))
}

/// `a op b` where an operand is bytes or bytearray: `+` (either type, result follows the left
/// operand), `*` by an int, `%` formatting. None when the operation does not apply.
pub fn bytes_binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    match op {
        BinOp::Add => match (bytes_of(a), bytes_of(b)) {
            (Some((mut x, ba)), Some((y, _))) => {
                x.extend_from_slice(&y);
                Ok(Some(mk(ba, x)))
            }
            (Some((_, ba)), None) => {
                let t = ops::type_name(vm, b);
                Err(vm.type_error(format!("can't concat {} to {}", t, owner(ba))))
            }
            _ => Ok(None),
        },
        BinOp::Mul => {
            let (seq, n) = match (bytes_of(a), bytes_of(b)) {
                (Some(s), None) => (s, b),
                (None, Some(s)) => (s, a),
                _ => return Ok(None),
            };
            if !rupy_objects::int::is_int(n) {
                return Ok(None);
            }
            let k = ssize_arg(vm, n)?.max(0) as usize;
            if (seq.0.len() as u128) * (k as u128) > (1u128 << 34) {
                return Err(vm.err(ExcKind::MemoryError, ""));
            }
            vm.reserve(seq.0.len() * k)?;
            Ok(Some(mk(seq.1, seq.0.repeat(k))))
        }
        BinOp::Mod => match bytes_of(a) {
            Some((fmt, ba)) => Ok(Some(mk(
                ba,
                crate::types::str::percent_format_bytes(vm, &fmt, b)?,
            ))),
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// Comparison of two bytes-like values (bytes/bytearray in any mix); None otherwise.
pub fn bytes_compare(op: CmpOp, a: &Value, b: &Value) -> Option<Value> {
    match (bytes_of(a), bytes_of(b)) {
        (Some((x, _)), Some((y, _))) => Some(Value::bool(ops::ord_matches(op, x.cmp(&y)))),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------------

fn construct(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<Vec<u8>> {
    let [src, enc, errors] = bind(vm, name, args, kwargs, ["source", "encoding", "errors"], 0)?;
    let Some(src) = src else {
        if enc.is_some() || errors.is_some() {
            return Err(vm.type_error("encoding or errors without sequence argument"));
        }
        return Ok(Vec::new());
    };
    let text = |vm: &mut Vm, v: &Option<Value>, what: &str, dflt: &str| -> PyResult<String> {
        match v {
            None => Ok(dflt.to_owned()),
            Some(v) => match str_of(v) {
                Some(s) => Ok(s.as_str().to_owned()),
                None => {
                    let t = ops::type_name(vm, v);
                    Err(vm.type_error(format!(
                        "{}() argument '{}' must be str, not {}",
                        name, what, t
                    )))
                }
            },
        }
    };
    if let Some(s) = str_of(&src) {
        if enc.is_none() {
            return Err(vm.type_error("string argument without an encoding"));
        }
        let e = text(vm, &enc, "encoding", "utf-8")?;
        let er = text(vm, &errors, "errors", "strict")?;
        return encode_str(vm, s.as_str(), &e, &er);
    }
    if enc.is_some() {
        return Err(vm.type_error("encoding without a string argument"));
    }
    if errors.is_some() {
        return Err(vm.type_error("errors without a string argument"));
    }
    if let Some((b, _)) = bytes_of(&src) {
        return Ok(b);
    }
    if matches!(src, Value::Instance(_) | Value::Opaque(_))
        && let Some(r) = ops::call_special(vm, &src, "__bytes__", &[])?
    {
        return match r {
            Value::Bytes(b) => Ok((*b).clone()),
            other => {
                let t = ops::type_name(vm, &other);
                Err(vm.type_error(format!("__bytes__ returned non-bytes (type {})", t)))
            }
        };
    }
    let is_index = rupy_objects::int::is_int(&src)
        || (matches!(src, Value::Instance(_))
            && ops::lookup_special(vm, &src, "__index__").is_some());
    if is_index {
        let n = ssize_arg(vm, &src)?;
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        if n > (1 << 34) {
            return Err(vm.err(ExcKind::MemoryError, ""));
        }
        vm.reserve(n as usize)?;
        return Ok(vec![0u8; n as usize]);
    }
    let it = match ops::get_iter(vm, &src) {
        Ok(it) => it,
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) => {
            let t = ops::type_name(vm, &src);
            return Err(vm.type_error(format!("cannot convert '{}' object to {}", t, name)));
        }
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    while let Some(x) = ops::next(vm, &it)? {
        match byte_value(vm, &x) {
            Ok(b) => out.push(b),
            Err(e) if e.class().is_subclass(&vm.exc(ExcKind::ValueError)) => {
                return Err(vm.value_error(format!(
                    "{} must be in range(0, 256)",
                    if name == "bytes" { "bytes" } else { "byte" }
                )));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// `bytes()`, `bytes(n)`, `bytes(iterable)`, `bytes(str, encoding[, errors])`.
pub fn bytes_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    if let [v @ Value::Bytes(_)] = args
        && kwargs.is_empty()
    {
        return Ok(v.clone());
    }
    Ok(Value::Bytes(Rc::new(construct(vm, args, kwargs, "bytes")?)))
}

/// `bytearray(...)`, same forms as `bytes`.
pub fn bytearray_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    Ok(Value::ByteArray(Rc::new(RefCell::new(construct(
        vm,
        args,
        kwargs,
        "bytearray",
    )?))))
}

fn ba_init(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let b = ba_recv(vm, args, "__init__")?;
    let data = construct(vm, &args[1..], kwargs, "bytearray")?;
    *b.borrow_mut() = data;
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) {
    vm.types.bytes.set_filler(|c| fill(c, false));
    vm.types.bytearray.set_filler(|c| fill(c, true));
    for k in [ExcKind::UnicodeEncodeError, ExcKind::UnicodeDecodeError] {
        let c = vm.exc(k);
        add_method(&c, "UnicodeError", "__init__", unicode_err_init);
        add_method(&c, "UnicodeError", "__str__", unicode_err_str);
    }
}

/// The methods of `bytes` or (`mutable`) `bytearray`, added when the type's dict is first used.
fn fill(t: &rupy_objects::Class, mutable: bool) {
    let common: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("decode", b_decode),
        ("find", b_find),
        ("rfind", b_rfind),
        ("index", b_index),
        ("rindex", b_rindex),
        ("count", b_count),
        ("startswith", b_startswith),
        ("endswith", b_endswith),
        ("split", b_split),
        ("rsplit", b_rsplit),
        ("splitlines", b_splitlines),
        ("join", b_join),
        ("partition", b_partition),
        ("rpartition", b_rpartition),
        ("strip", b_strip),
        ("lstrip", b_lstrip),
        ("rstrip", b_rstrip),
        ("center", b_center),
        ("ljust", b_ljust),
        ("rjust", b_rjust),
        ("zfill", b_zfill),
        ("expandtabs", b_expandtabs),
        ("replace", b_replace),
        ("removeprefix", b_removeprefix),
        ("removesuffix", b_removesuffix),
        ("upper", b_upper),
        ("lower", b_lower),
        ("swapcase", b_swapcase),
        ("capitalize", b_capitalize),
        ("title", b_title),
        ("isalnum", b_isalnum),
        ("isalpha", b_isalpha),
        ("isascii", b_isascii),
        ("isdigit", b_isdigit),
        ("isspace", b_isspace),
        ("islower", b_islower),
        ("isupper", b_isupper),
        ("istitle", b_istitle),
        ("hex", b_hex),
        ("translate", b_translate),
        ("__len__", b_len),
        ("__getitem__", b_getitem),
        ("__contains__", b_contains),
        ("__iter__", b_iter),
        ("__add__", b_add),
        ("__mul__", b_mul),
        ("__rmul__", b_mul),
        ("__mod__", b_mod),
        ("__rmod__", b_rmod),
        ("__eq__", b_eq),
        ("__ne__", b_ne),
        ("__lt__", b_lt),
        ("__le__", b_le),
        ("__gt__", b_gt),
        ("__ge__", b_ge),
        ("__repr__", b_repr),
    ];
    let owner = if mutable { "bytearray" } else { "bytes" };
    add_method(
        t,
        owner,
        "__new__",
        if mutable {
            super::new_bytearray
        } else {
            super::new_bytes
        },
    );
    for (name, f) in common {
        add_method(t, owner, name, *f);
    }
    add_classmethod(t, owner, "fromhex", b_fromhex);
    t.dict().set_s(
        "maketrans",
        Value::StaticMethod(Rc::new(native("maketrans", owner, b_maketrans))),
    );
    if !mutable {
        add_method(t, "bytes", "__hash__", b_hash);
        add_method(t, "bytes", "__getnewargs__", b_getnewargs);
        add_method(t, "bytes", "__bytes__", b_bytes);
        return;
    }
    let ba_methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("append", ba_append),
        ("extend", ba_extend),
        ("insert", ba_insert),
        ("pop", ba_pop),
        ("remove", ba_remove),
        ("clear", ba_clear),
        ("copy", ba_copy),
        ("reverse", ba_reverse),
        ("__setitem__", ba_setitem),
        ("__delitem__", ba_delitem),
        ("__iadd__", ba_iadd),
        ("__imul__", ba_imul),
        ("__init__", ba_init),
    ];
    for (name, f) in ba_methods {
        add_method(t, "bytearray", name, *f);
    }
    t.dict().set_s("__hash__", Value::None);
}
