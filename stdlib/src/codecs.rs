//! `_codecs`, the native half of `codecs` and the `encodings` package: the codec registry
//! (`register`, `lookup`, `unregister`, `_forget_codec`), the error-handler registry
//! (`register_error`, `lookup_error`), `encode`/`decode`, and the per-codec functions the
//! `encodings.*` modules are built on (`utf_8_encode`, `latin_1_decode`, `charmap_decode`,
//! `unicode_escape_decode`, ...), each returning (result, length consumed).
//!
//! The byte-level work is the interpreter's own `str.encode`/`bytes.decode`
//! (`rupy_interp::types::bytes`), so every path agrees on messages and error handlers.
//! Incremental UTF-8 decoding (`final=False`) stops before an incomplete sequence at the end.
//!
//! Known gaps: error handlers registered from Python are stored and returned by
//! `lookup_error`, but encoding and decoding only apply the built-in ones by name; strings
//! cannot hold lone surrogates (rupy's `str` is UTF-8), so `surrogateescape` and
//! `surrogatepass` decode to U+FFFD; UTF-7 and the CJK codecs are absent.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_interp::types::bytes::{buffer_arg, decode_bytes, encode_str};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

#[derive(Default)]
struct Registry {
    search: std::cell::RefCell<Vec<Value>>,
    cache: std::cell::RefCell<rustc_hash::FxHashMap<String, Value>>,
    handlers: std::cell::RefCell<rustc_hash::FxHashMap<String, Value>>,
    encodings_imported: std::cell::Cell<bool>,
}

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "register", |vm, a, _| {
        arity(vm, "register", a, 1, 1)?;
        if !rupy_interp::call::is_callable(vm, &a[0]) {
            return Err(vm.type_error("argument must be callable"));
        }
        vm.shared_state::<Registry>()
            .search
            .borrow_mut()
            .push(a[0].clone());
        Ok(Value::None)
    });
    add_fn(d, "unregister", |vm, a, _| {
        arity(vm, "unregister", a, 1, 1)?;
        let r = vm.shared_state::<Registry>();
        r.search.borrow_mut().retain(|f| !f.is(&a[0]));
        r.cache.borrow_mut().clear();
        Ok(Value::None)
    });
    add_fn(d, "lookup", |vm, a, _| {
        arity(vm, "lookup", a, 1, 1)?;
        let name = text(vm, &a[0], "lookup")?;
        lookup(vm, &name)
    });
    add_fn(d, "_forget_codec", |vm, a, _| {
        arity(vm, "_forget_codec", a, 1, 1)?;
        let name = normalize(&text(vm, &a[0], "_forget_codec")?);
        vm.shared_state::<Registry>()
            .cache
            .borrow_mut()
            .remove(&name);
        Ok(Value::None)
    });
    add_fn(d, "encode", |vm, a, kw| generic(vm, a, kw, "encode", 0));
    add_fn(d, "decode", |vm, a, kw| generic(vm, a, kw, "decode", 1));
    add_fn(d, "register_error", |vm, a, _| {
        arity(vm, "register_error", a, 2, 2)?;
        let name = text(vm, &a[0], "register_error")?;
        if !rupy_interp::call::is_callable(vm, &a[1]) {
            return Err(vm.type_error("handler must be callable"));
        }
        vm.shared_state::<Registry>()
            .handlers
            .borrow_mut()
            .insert(name, a[1].clone());
        Ok(Value::None)
    });
    add_fn(d, "lookup_error", |vm, a, _| {
        arity(vm, "lookup_error", a, 1, 1)?;
        let name = text(vm, &a[0], "lookup_error")?;
        if let Some(h) = vm.shared_state::<Registry>().handlers.borrow().get(&name) {
            return Ok(h.clone());
        }
        match builtin_handler(&name) {
            Some(f) => Ok(rupy_interp::builtins::args::native(f.0, "codecs", f.1)),
            None => Err(vm.err(
                ExcKind::LookupError,
                format!("unknown error handler name '{name}'"),
            )),
        }
    });
    macro_rules! codec {
        ($($enc:literal, $dec:literal => $codec:literal;)*) => {
            $(
                add_fn(d, $enc, |vm, a, _| encode_fn(vm, a, $codec));
                add_fn(d, $dec, |vm, a, _| decode_fn(vm, a, $codec));
            )*
        };
    }
    codec! {
        "utf_8_encode", "utf_8_decode" => "utf-8";
        "latin_1_encode", "latin_1_decode" => "latin-1";
        "ascii_encode", "ascii_decode" => "ascii";
        "utf_16_encode", "utf_16_decode" => "utf-16";
        "utf_16_le_encode", "utf_16_le_decode" => "utf-16-le";
        "utf_16_be_encode", "utf_16_be_decode" => "utf-16-be";
        "utf_32_encode", "utf_32_decode" => "utf-32";
        "utf_32_le_encode", "utf_32_le_decode" => "utf-32-le";
        "utf_32_be_encode", "utf_32_be_decode" => "utf-32-be";
    }
    add_fn(d, "unicode_escape_encode", |vm, a, _| {
        escape_encode_fn(vm, a, false)
    });
    add_fn(d, "raw_unicode_escape_encode", |vm, a, _| {
        escape_encode_fn(vm, a, true)
    });
    add_fn(d, "unicode_escape_decode", |vm, a, _| {
        escape_decode_fn(vm, a, false)
    });
    add_fn(d, "raw_unicode_escape_decode", |vm, a, _| {
        escape_decode_fn(vm, a, true)
    });
    add_fn(d, "escape_encode", |vm, a, _| {
        arity(vm, "escape_encode", a, 1, 2)?;
        let b = buffer_arg(vm, &a[0])?;
        let r = rupy_interp::types::bytes::bytes_repr(&b, "");
        // The repr without its `b'` and closing quote, as bytes.
        let inner = r.as_bytes()[2..r.len() - 1].to_vec();
        Ok(Value::tuple(vec![
            Value::Bytes(Rc::new(inner)),
            Value::Int(b.len() as i64),
        ]))
    });
    add_fn(d, "escape_decode", |vm, a, _| {
        arity(vm, "escape_decode", a, 1, 2)?;
        let b = match &a[0] {
            Value::Str(s) => s.as_str().as_bytes().to_vec(),
            other => buffer_arg(vm, other)?,
        };
        let chars = unescape(vm, &b, Escapes::Bytes)?;
        let out: Vec<u8> = chars.iter().map(|c| *c as u32 as u8).collect();
        Ok(Value::tuple(vec![
            Value::Bytes(Rc::new(out)),
            Value::Int(b.len() as i64),
        ]))
    });
    add_fn(d, "charmap_build", |vm, a, _| {
        arity(vm, "charmap_build", a, 1, 1)?;
        let s = text(vm, &a[0], "charmap_build")?;
        let m = PyDict::new_rc();
        for (i, c) in s.chars().enumerate() {
            let k = Value::Int(c as i64);
            let h = ops::hash(vm, &k)?;
            m.insert(h, k, Value::Int(i as i64), &mut |x, y| {
                Ok(matches!((x, y), (Value::Int(a), Value::Int(b)) if a == b))
            })?;
        }
        Ok(Value::Dict(m))
    });
    add_fn(d, "charmap_decode", charmap_decode);
    add_fn(d, "charmap_encode", charmap_encode);
    Ok(())
}

fn text(vm: &mut Vm, v: &Value, f: &str) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_owned()),
        other => {
            let t = ops::type_name(vm, other);
            Err(vm.type_error(format!("{f}() argument must be str, not {t}")))
        }
    }
}

/// CPython's codec name normalisation for the registry: lower case, spaces to underscores.
fn normalize(name: &str) -> String {
    name.trim().to_lowercase().replace(' ', "_")
}

fn lookup(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let key = normalize(name);
    if let Some(v) = vm.shared_state::<Registry>().cache.borrow().get(&key) {
        return Ok(v.clone());
    }
    // The standard search function lives in `encodings`: import it on first use, as
    // CPython's codec registry does at start-up.
    let reg = vm.shared_state::<Registry>();
    if !reg.encodings_imported.replace(true) {
        let _ = rupy_interp::import::import_module(vm, "encodings")?;
    }
    let search: Vec<Value> = vm.shared_state::<Registry>().search.borrow().clone();
    for f in search {
        let r = call_value(vm, &f, &[Value::str(&key)], &[])?;
        if !r.is_none() {
            vm.shared_state::<Registry>()
                .cache
                .borrow_mut()
                .insert(key, r.clone());
            return Ok(r);
        }
    }
    Err(vm.err(ExcKind::LookupError, format!("unknown encoding: {name}")))
}

/// `codecs.encode`/`decode(obj, encoding='utf-8', errors='strict')`: through the registry.
fn generic(vm: &mut Vm, args: &[Value], kw: &KwArgs, f: &str, which: usize) -> PyResult<Value> {
    arity(vm, f, args, 1, 3)?;
    let get = |i: usize, k: &str| {
        args.get(i).cloned().or_else(|| {
            kw.iter()
                .find(|(n, _)| n.as_str() == k)
                .map(|(_, v)| v.clone())
        })
    };
    let enc = match get(1, "encoding") {
        Some(v) => text(vm, &v, f)?,
        None => "utf-8".to_owned(),
    };
    let errors = get(2, "errors").unwrap_or_else(|| Value::str("strict"));
    let info = lookup(vm, &enc)?;
    let codec = ops::getitem(vm, &info, &Value::Int(which as i64))?;
    let r = call_value(vm, &codec, &[args[0].clone(), errors], &[])?;
    ops::getitem(vm, &r, &Value::Int(0))
}

fn errors_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<String> {
    match v {
        None | Some(Value::None) => Ok("strict".to_owned()),
        Some(Value::Str(s)) => Ok(s.as_str().to_owned()),
        Some(other) => {
            let t = ops::type_name(vm, other);
            Err(vm.type_error(format!("argument 2 must be str or None, not {t}")))
        }
    }
}

fn encode_fn(vm: &mut Vm, args: &[Value], codec: &str) -> PyResult<Value> {
    arity(vm, "encode", args, 1, 3)?;
    let s = match &args[0] {
        Value::Str(s) => s.clone(),
        other => {
            let t = ops::type_name(vm, other);
            return Err(vm.type_error(format!("argument 1 must be str, not {t}")));
        }
    };
    let errors = errors_arg(vm, args.get(1))?;
    let out = encode_str(vm, s.as_str(), codec, &errors)?;
    Ok(Value::tuple(vec![
        Value::Bytes(Rc::new(out)),
        Value::Int(s.char_len() as i64),
    ]))
}

/// Bytes at the end of `b` that begin a UTF-8 sequence not yet complete.
fn incomplete_utf8_tail(b: &[u8]) -> usize {
    for back in 1..=3.min(b.len()) {
        let c = b[b.len() - back];
        let need = match c {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            0x80..=0xbf => continue,
            _ => return 0,
        };
        return if need > back { back } else { 0 };
    }
    0
}

fn decode_fn(vm: &mut Vm, args: &[Value], codec: &str) -> PyResult<Value> {
    arity(vm, "decode", args, 1, 3)?;
    let b = buffer_arg(vm, &args[0])?;
    let errors = errors_arg(vm, args.get(1))?;
    let final_ = match args.get(2) {
        Some(v) => ops::truthy(vm, v)?,
        None => codec != "utf-8",
    };
    let take = if !final_ && codec == "utf-8" {
        b.len() - incomplete_utf8_tail(&b)
    } else {
        b.len()
    };
    let s = decode_bytes(vm, &b[..take], codec, &errors)?;
    Ok(Value::tuple(vec![
        Value::string(s),
        Value::Int(take as i64),
    ]))
}

/// `charmap_decode(data, errors, mapping)`: each byte through a str table or a mapping.
fn charmap_decode(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "charmap_decode", args, 1, 3)?;
    let b = buffer_arg(vm, &args[0])?;
    let errors = errors_arg(vm, args.get(1))?;
    let mapping = args.get(2).cloned().unwrap_or(Value::None);
    if mapping.is_none() {
        let s = decode_bytes(vm, &b, "latin-1", &errors)?;
        return Ok(Value::tuple(vec![
            Value::string(s),
            Value::Int(b.len() as i64),
        ]));
    }
    let table: Option<Vec<char>> = mapping.as_str().map(|s| s.chars().collect());
    let mut out = String::with_capacity(b.len());
    for (pos, &byte) in b.iter().enumerate() {
        let ch: Option<String> = match &table {
            Some(t) => t
                .get(byte as usize)
                .filter(|c| **c != '\u{fffe}')
                .map(|c| c.to_string()),
            None => match ops::getitem(vm, &mapping, &Value::Int(byte as i64)) {
                Ok(Value::None) => None,
                Ok(Value::Int(n)) => char::from_u32(n as u32).map(|c| c.to_string()),
                Ok(Value::Str(s)) => Some(s.as_str().to_owned()),
                Ok(_) => {
                    return Err(vm.type_error("character mapping must return integer, None or str"));
                }
                Err(e) if e.class().is_subclass(&vm.exc(ExcKind::LookupError)) => None,
                Err(e) => return Err(e),
            },
        };
        match ch {
            Some(c) => out.push_str(&c),
            None => match errors.as_str() {
                "ignore" => {}
                "replace" => out.push('\u{fffd}'),
                "backslashreplace" => out.push_str(&format!("\\x{byte:02x}")),
                _ => {
                    let obj = Value::Bytes(Rc::new(b.clone()));
                    return Err(rupy_interp::types::bytes::unicode_error(
                        vm,
                        true,
                        "charmap",
                        obj,
                        pos,
                        pos + 1,
                        "character maps to <undefined>",
                    ));
                }
            },
        }
    }
    Ok(Value::tuple(vec![
        Value::string(out),
        Value::Int(b.len() as i64),
    ]))
}

/// `charmap_encode(str, errors, mapping)`: each char through a mapping to byte values.
fn charmap_encode(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "charmap_encode", args, 1, 3)?;
    let s = text(vm, &args[0], "charmap_encode")?;
    let errors = errors_arg(vm, args.get(1))?;
    let mapping = args.get(2).cloned().unwrap_or(Value::None);
    if mapping.is_none() {
        let out = encode_str(vm, &s, "latin-1", &errors)?;
        return Ok(Value::tuple(vec![
            Value::Bytes(Rc::new(out)),
            Value::Int(s.chars().count() as i64),
        ]));
    }
    let mut out = Vec::with_capacity(s.len());
    for (pos, c) in s.chars().enumerate() {
        let r = match ops::getitem(vm, &mapping, &Value::Int(c as i64)) {
            Ok(v) => Some(v),
            Err(e) if e.class().is_subclass(&vm.exc(ExcKind::LookupError)) => None,
            Err(e) => return Err(e),
        };
        match r {
            Some(Value::Int(n)) if (0..256).contains(&n) => out.push(n as u8),
            Some(Value::Bytes(b)) => out.extend_from_slice(&b),
            _ => match errors.as_str() {
                "ignore" => {}
                "replace" => out.push(b'?'),
                _ => {
                    let obj = Value::string(s.clone());
                    return Err(rupy_interp::types::bytes::unicode_error(
                        vm,
                        false,
                        "charmap",
                        obj,
                        pos,
                        pos + 1,
                        "character maps to <undefined>",
                    ));
                }
            },
        }
    }
    Ok(Value::tuple(vec![
        Value::Bytes(Rc::new(out)),
        Value::Int(s.chars().count() as i64),
    ]))
}

/// The built-in error handlers `lookup_error` returns (codecs apply them by name; these are
/// the callables Python code may call itself with a Unicode error).
fn builtin_handler(name: &str) -> Option<(&'static str, rupy_objects::NativeFn)> {
    Some(match name {
        "strict" => ("strict_errors", |vm, a, _| match a.first() {
            Some(e) => Err(rupy_objects::PyErr::from_obj(e.clone())),
            None => Err(vm.type_error("strict_errors() takes exactly one argument (0 given)")),
        }),
        "ignore" => ("ignore_errors", |vm, a, _| {
            handle(vm, a, |_, _| String::new())
        }),
        "replace" => ("replace_errors", |vm, a, _| {
            handle(vm, a, |decode, n| {
                if decode {
                    "\u{fffd}".to_owned()
                } else {
                    "?".repeat(n)
                }
            })
        }),
        // Applied by name inside the codecs; called directly they refuse, as CPython's do
        // for the errors they cannot handle.
        "backslashreplace" => ("backslashreplace_errors", refuse),
        "xmlcharrefreplace" => ("xmlcharrefreplace_errors", refuse),
        "namereplace" => ("namereplace_errors", refuse),
        "surrogateescape" => ("surrogateescape", refuse),
        "surrogatepass" => ("surrogatepass", refuse),
        _ => return None,
    })
}

fn refuse(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.first() {
        Some(e) => Err(rupy_objects::PyErr::from_obj(e.clone())),
        None => Err(_vm.type_error("the error handler takes exactly one argument")),
    }
}

/// (replacement, end) for a UnicodeEncodeError or UnicodeDecodeError.
fn handle(
    vm: &mut Vm,
    args: &[Value],
    replacement: impl Fn(bool, usize) -> String,
) -> PyResult<Value> {
    let Some(e) = args.first() else {
        return Err(vm.type_error("the error handler takes exactly one argument"));
    };
    let decode = vm
        .type_of(e)
        .is_subclass(&vm.exc(ExcKind::UnicodeDecodeError));
    let start_name = vm.intern("start");
    let end_name = vm.intern("end");
    let start = ops::getattr(vm, e, &start_name)?;
    let end = ops::getattr(vm, e, &end_name)?;
    let (s, n) = (ops::index_of(vm, &start)?, ops::index_of(vm, &end)?);
    let r = replacement(decode, (n - s).max(0) as usize);
    Ok(Value::tuple(vec![Value::string(r), end]))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Escapes {
    /// `bytes` literal escapes (`escape_decode`): no `\u`, `\U`, `\N`.
    Bytes,
    /// `unicode_escape`: every string-literal escape.
    Unicode,
    /// `raw_unicode_escape`: only `\u` and `\U`.
    Raw,
}

/// Decode backslash escapes as Python literals do; bytes stand for Latin-1 chars.
fn unescape(vm: &mut Vm, b: &[u8], kind: Escapes) -> PyResult<Vec<char>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let bad = |vm: &mut Vm, msg: String| vm.err(ExcKind::UnicodeDecodeError, msg);
    while i < b.len() {
        let c = b[i];
        if c != b'\\' || i + 1 >= b.len() {
            if c == b'\\' && kind != Escapes::Raw {
                return Err(bad(vm, "\\ at end of string".to_owned()));
            }
            out.push(c as char);
            i += 1;
            continue;
        }
        let e = b[i + 1];
        let hex = |vm: &mut Vm, at: usize, n: usize, what: &str| -> PyResult<u32> {
            let digits = b
                .get(at..at + n)
                .filter(|d| d.iter().all(|x| x.is_ascii_hexdigit()));
            match digits.and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok()) {
                Some(v) => Ok(v),
                None => Err(bad(vm, format!("truncated {what} escape"))),
            }
        };
        if kind == Escapes::Raw && e != b'u' && e != b'U' {
            out.push('\\');
            i += 1;
            continue;
        }
        i += 2;
        match e {
            b'\n' => {}
            b'\\' => out.push('\\'),
            b'\'' => out.push('\''),
            b'"' => out.push('"'),
            b'a' => out.push('\u{7}'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'v' => out.push('\u{b}'),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(
                    char::from_u32(if kind == Escapes::Bytes { v & 0xff } else { v })
                        .unwrap_or('\u{fffd}'),
                );
            }
            b'x' => {
                let v = hex(vm, i, 2, "\\xXX")?;
                i += 2;
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            b'u' | b'U' if kind != Escapes::Bytes => {
                let n = if e == b'u' { 4 } else { 8 };
                let v = hex(vm, i, n, if n == 4 { "\\uXXXX" } else { "\\UXXXXXXXX" })?;
                i += n;
                match char::from_u32(v) {
                    Some(ch) => out.push(ch),
                    None => return Err(bad(vm, "illegal Unicode character".to_owned())),
                }
            }
            other => {
                out.push('\\');
                out.push(other as char);
            }
        }
    }
    Ok(out)
}

fn escape_decode_fn(vm: &mut Vm, args: &[Value], raw: bool) -> PyResult<Value> {
    arity(vm, "decode", args, 1, 3)?;
    let b = match &args[0] {
        Value::Str(s) => s.as_str().as_bytes().to_vec(),
        other => buffer_arg(vm, other)?,
    };
    let chars = unescape(vm, &b, if raw { Escapes::Raw } else { Escapes::Unicode })?;
    let s: String = chars.into_iter().collect();
    Ok(Value::tuple(vec![
        Value::string(s),
        Value::Int(b.len() as i64),
    ]))
}

fn escape_encode_fn(vm: &mut Vm, args: &[Value], raw: bool) -> PyResult<Value> {
    arity(vm, "encode", args, 1, 2)?;
    let s = text(vm, &args[0], "encode")?;
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let v = c as u32;
        if raw {
            if v < 0x100 {
                out.push(v as u8);
                continue;
            }
        } else {
            match c {
                '\\' => {
                    out.extend_from_slice(b"\\\\");
                    continue;
                }
                '\t' => {
                    out.extend_from_slice(b"\\t");
                    continue;
                }
                '\n' => {
                    out.extend_from_slice(b"\\n");
                    continue;
                }
                '\r' => {
                    out.extend_from_slice(b"\\r");
                    continue;
                }
                ' '..='~' => {
                    out.push(v as u8);
                    continue;
                }
                _ if v < 0x100 => {
                    out.extend_from_slice(format!("\\x{v:02x}").as_bytes());
                    continue;
                }
                _ => {}
            }
        }
        if v < 0x10000 {
            out.extend_from_slice(format!("\\u{v:04x}").as_bytes());
        } else {
            out.extend_from_slice(format!("\\U{v:08x}").as_bytes());
        }
    }
    Ok(Value::tuple(vec![
        Value::Bytes(Rc::new(out)),
        Value::Int(s.chars().count() as i64),
    ]))
}
