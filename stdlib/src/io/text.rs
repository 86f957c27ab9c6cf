//! `_io.TextIOWrapper`: text over a buffered binary stream, reached only through the
//! stream's Python-level methods (`read1`/`read`, `write`, `seek`, `tell`, `flush`).
//!
//! Reading decodes chunks into `decoded`; `decoded[dpos..]` is text not yet returned, kept
//! *untranslated* so the byte position of the read point stays computable: `tell()` is the
//! buffer's position minus the encoded length of that text and of `pending` (the undecoded
//! tail of an incomplete UTF-8 sequence). Newlines are translated (`newline=None`) or just
//! recorded (`newline=''`) as text leaves the buffer; a `\r` at the very end of the decoded
//! text waits for the next chunk to know whether a `\n` follows.
//!
//! When the buffer is one of this module's Buffered classes itself, `write` and the closed
//! checks reach it directly instead of through attribute calls (same behaviour, less work).
//!
//! Known gaps: `tell()` is exact for the stateless codecs (UTF-8, Latin-1, ASCII, cp1252) with
//! lossless errors; UTF-16/32 positions are computed by re-encoding the unread text.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_getter, add_method, bind};
use rupy_interp::ops;
use rupy_interp::types::bytes::{decode_bytes, encode_str, normalize_encoding};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyErr, PyResult, Value, Vm};

use super::memio::{CR, CRLF, LF, Newline, newline_arg, newlines_value, str_arg};
use super::{call_method, init_if_builtin, new_instance, unsupported, with};

const T: &str = "TextIOWrapper";
const CHUNK: i64 = 8192;

pub(super) struct Text {
    buffer: Option<Value>,
    detached: bool,
    /// The encoding as reported (`encoding` attribute).
    encoding: String,
    /// The codec `bytes.decode`/`str.encode` know it by.
    codec: Rc<str>,
    /// The codec for text after the start of the stream: a BOM-writing codec (`utf-8-sig`,
    /// `utf-16`, `utf-32`) writes and skips its BOM only at the start.
    read_codec: Option<Rc<str>>,
    write_started: bool,
    errors: String,
    nl: Newline,
    line_buffering: bool,
    write_through: bool,
    readable: bool,
    writable: bool,
    seekable: bool,
    has_read1: bool,
    decoded: String,
    dpos: usize,
    pending: Vec<u8>,
    eof: bool,
    seennl: u8,
    /// False while iterating with `next()` (CPython disables `tell()` then); a flush or the
    /// end of the iteration turns it back on.
    telling: bool,
}

impl Text {
    fn reset_read(&mut self) {
        self.decoded.clear();
        self.dpos = 0;
        self.pending.clear();
        self.eof = false;
    }

    fn has_readahead(&self) -> bool {
        self.dpos < self.decoded.len() || !self.pending.is_empty()
    }

    /// Record (and for `newline=None` translate) the line endings of text leaving the buffer.
    fn deliver(&mut self, s: &str) -> String {
        if !matches!(self.nl, Newline::Translate | Newline::Universal) || !s.contains(['\r', '\n'])
        {
            return s.to_owned();
        }
        let translate = self.nl == Newline::Translate;
        let mut out = String::with_capacity(s.len());
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\r' if it.peek() == Some(&'\n') => {
                    it.next();
                    self.seennl |= CRLF;
                    out.push_str(if translate { "\n" } else { "\r\n" });
                }
                '\r' => {
                    self.seennl |= CR;
                    out.push(if translate { '\n' } else { '\r' });
                }
                '\n' => {
                    self.seennl |= LF;
                    out.push('\n');
                }
                c => out.push(c),
            }
        }
        out
    }

    /// Byte length (after `dpos`) of the next line, `None` when more text is needed.
    fn line_end(&self, limit: i64) -> Option<usize> {
        let rest = &self.decoded[self.dpos..];
        let b = rest.as_bytes();
        let mut end = match self.nl {
            Newline::Translate | Newline::Universal => {
                match b.iter().position(|c| *c == b'\r' || *c == b'\n') {
                    Some(i) if b[i] == b'\r' => match b.get(i + 1) {
                        Some(b'\n') => Some(i + 2),
                        Some(_) => Some(i + 1),
                        None if self.eof => Some(i + 1),
                        None => None,
                    },
                    Some(i) => Some(i + 1),
                    None => None,
                }
            }
            Newline::Fixed(nl) => rest.find(nl).map(|i| i + nl.len()),
        };
        if end.is_none() && self.eof {
            end = Some(rest.len());
        }
        if limit >= 0
            && let Some((i, _)) = rest.char_indices().nth(limit as usize)
            && end.is_none_or(|e| i < e)
        {
            end = Some(i);
        }
        end
    }

    /// Up to `n` characters of output, `None` when more text is needed first.
    fn take_chars(&mut self, n: usize) -> Option<String> {
        let rest = &self.decoded[self.dpos..];
        let translate = self.nl == Newline::Translate;
        let mut count = 0;
        let mut it = rest.char_indices().peekable();
        let mut cut = None;
        while let Some((i, c)) = it.next() {
            if count == n {
                cut = Some(i);
                break;
            }
            if c == '\r' && translate {
                match it.peek() {
                    Some((_, '\n')) => {
                        it.next();
                    }
                    None if !self.eof => return None,
                    _ => {}
                }
            }
            count += 1;
        }
        let cut = match cut {
            Some(c) => c,
            None if self.eof || count == n => rest.len(),
            None => return None,
        };
        let s = rest[..cut].to_owned();
        self.dpos += cut;
        Some(self.deliver(&s))
    }
}

pub(super) fn fill(c: &Class) {
    let methods: [(&'static str, rupy_objects::NativeFn); 20] = [
        ("__new__", txt_new),
        ("__init__", txt_init),
        ("read", txt_read),
        ("readline", txt_readline),
        ("write", txt_write),
        ("flush", txt_flush),
        ("close", txt_close),
        ("detach", txt_detach),
        ("tell", txt_tell),
        ("seek", txt_seek),
        ("truncate", txt_truncate),
        ("fileno", |vm, a, _k| delegate(vm, a, "fileno")),
        ("isatty", |vm, a, _k| delegate(vm, a, "isatty")),
        ("readable", |vm, a, _k| delegate(vm, a, "readable")),
        ("writable", |vm, a, _k| delegate(vm, a, "writable")),
        ("seekable", |vm, a, _k| delegate(vm, a, "seekable")),
        ("__next__", txt_next),
        ("__repr__", txt_repr),
        ("reconfigure", txt_reconfigure),
        ("__iter__", txt_iter),
    ];
    for (name, f) in methods {
        add_method(c, T, name, f);
    }
    add_getter(c, T, "closed", |vm, a, _k| attr_of_buffer(vm, a, "closed"));
    add_getter(c, T, "name", |vm, a, _k| attr_of_buffer(vm, a, "name"));
    add_getter(c, T, "buffer", |vm, a, _k| buffer_of(vm, a));
    add_getter(c, T, "encoding", |vm, a, _k| {
        tx(vm, a, "encoding", |_vm, t| Ok(Value::str(&t.encoding)))
    });
    add_getter(c, T, "errors", |vm, a, _k| {
        tx(vm, a, "errors", |_vm, t| Ok(Value::str(&t.errors)))
    });
    add_getter(c, T, "line_buffering", |vm, a, _k| {
        tx(vm, a, "line_buffering", |_vm, t| {
            Ok(Value::bool(t.line_buffering))
        })
    });
    add_getter(c, T, "write_through", |vm, a, _k| {
        tx(vm, a, "write_through", |_vm, t| {
            Ok(Value::bool(t.write_through))
        })
    });
    add_getter(c, T, "newlines", |vm, a, _k| {
        tx(vm, a, "newlines", |_vm, t| {
            Ok(match t.nl {
                Newline::Fixed(_) => Value::None,
                _ => newlines_value(t.seennl),
            })
        })
    });
}

fn tx<R>(
    vm: &mut Vm,
    args: &[Value],
    meth: &str,
    f: impl FnOnce(&mut Vm, &mut Text) -> PyResult<R>,
) -> PyResult<R> {
    with(vm, args, T, meth, f)
}

fn txt_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let obj = new_instance(
        vm,
        args,
        Box::new(Text {
            buffer: None,
            detached: false,
            encoding: "UTF-8".to_owned(),
            codec: Rc::from("utf-8"),
            read_codec: None,
            write_started: false,
            errors: "strict".to_owned(),
            nl: Newline::Translate,
            line_buffering: false,
            write_through: false,
            readable: false,
            writable: false,
            seekable: false,
            has_read1: false,
            decoded: String::new(),
            dpos: 0,
            pending: Vec::new(),
            eof: false,
            seennl: 0,
            telling: true,
        }),
    )?;
    init_if_builtin(vm, obj, args, kw, txt_init)
}

/// An `encoding` argument: (reported name, codec).
fn encoding_arg(vm: &mut Vm, v: Option<&Value>, fname: &str) -> PyResult<(String, Rc<str>)> {
    match v {
        None | Some(Value::None) => Ok(("UTF-8".to_owned(), Rc::from("utf-8"))),
        Some(v) => match str_arg(v) {
            Some(s) if s.as_str() == "locale" => Ok(("UTF-8".to_owned(), Rc::from("utf-8"))),
            Some(s) => match normalize_encoding(s.as_str()) {
                Some(c) => Ok((s.as_str().to_owned(), Rc::from(c))),
                None => {
                    // Codecs the built-in table lacks come from the registry (`_codecs`);
                    // they are decoded chunk by chunk, right for the single-byte ones.
                    let found = rupy_interp::import::import_module(vm, "_codecs")
                        .ok()
                        .map(|(_, m)| m);
                    let known = match found {
                        Some(m) => call_method(vm, &m, "lookup", std::slice::from_ref(v)).is_ok(),
                        None => false,
                    };
                    if known {
                        Ok((s.as_str().to_owned(), Rc::from(s.as_str())))
                    } else {
                        Err(vm.err(
                            ExcKind::LookupError,
                            format!("unknown encoding: {}", s.as_str()),
                        ))
                    }
                }
            },
            None => {
                let t = ops::type_name(vm, v);
                Err(vm.type_error(format!(
                    "{}() argument 'encoding' must be str or None, not {}",
                    fname, t
                )))
            }
        },
    }
}

fn errors_arg(vm: &mut Vm, v: Option<&Value>, fname: &str) -> PyResult<String> {
    match v {
        None | Some(Value::None) => Ok("strict".to_owned()),
        Some(v) => match str_arg(v) {
            Some(s) => Ok(s.as_str().to_owned()),
            None => {
                let t = ops::type_name(vm, v);
                Err(vm.type_error(format!(
                    "{}() argument 'errors' must be str or None, not {}",
                    fname, t
                )))
            }
        },
    }
}

fn txt_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [
        buffer,
        encoding,
        errors,
        newline,
        line_buffering,
        write_through,
    ] = bind(
        vm,
        "TextIOWrapper",
        args.get(1..).unwrap_or(&[]),
        kw,
        [
            "buffer",
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        1,
    )?;
    let buffer = buffer.unwrap_or(Value::None);
    let (encoding, codec) = encoding_arg(vm, encoding.as_ref(), "TextIOWrapper")?;
    let errors = errors_arg(vm, errors.as_ref(), "TextIOWrapper")?;
    let nl = newline_arg(vm, Some(newline.as_ref().unwrap_or(&Value::None)), false)?;
    let line_buffering = match &line_buffering {
        Some(v) => ops::truthy(vm, v)?,
        None => false,
    };
    let write_through = match &write_through {
        Some(v) => ops::truthy(vm, v)?,
        None => false,
    };
    let mut caps = [false; 3];
    for (i, m) in ["readable", "writable", "seekable"].iter().enumerate() {
        let v = call_method(vm, &buffer, m, &[])?;
        caps[i] = ops::truthy(vm, &v)?;
    }
    let has_read1 = ops::lookup_special(vm, &buffer, "read1").is_some() || {
        let n = vm.intern("read1");
        ops::getattr(vm, &buffer, &n).is_ok()
    };
    // A stream that does not start at 0 gets no BOM (as CPython's encoder setstate).
    let write_started = caps[2] && {
        let p = call_method(vm, &buffer, "tell", &[])?;
        ops::index_of(vm, &p)? != 0
    };
    tx(vm, args, "__init__", |_vm, t| {
        *t = Text {
            buffer: Some(buffer),
            detached: false,
            encoding,
            codec,
            read_codec: None,
            write_started,
            errors,
            nl,
            line_buffering,
            write_through,
            readable: caps[0],
            writable: caps[1],
            seekable: caps[2],
            has_read1,
            decoded: String::new(),
            dpos: 0,
            pending: Vec::new(),
            eof: false,
            seennl: 0,
            telling: caps[2],
        };
        Ok(Value::None)
    })
}

fn buffer_of(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    tx(vm, args, "buffer", |vm, t| {
        if t.detached {
            return Err(vm.value_error("underlying buffer has been detached"));
        }
        t.buffer
            .clone()
            .ok_or_else(|| vm.value_error("I/O operation on uninitialized object"))
    })
}

fn attr_of_buffer(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let b = buffer_of(vm, args)?;
    let n = vm.intern(name);
    ops::getattr(vm, &b, &n)
}

fn delegate(vm: &mut Vm, args: &[Value], meth: &'static str) -> PyResult<Value> {
    let b = buffer_of(vm, args)?;
    call_method(vm, &b, meth, &[])
}

/// The buffer, after checking the stream is attached and open.
fn open_buffer(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let b = buffer_of(vm, args)?;
    let closed = match super::buffered::native_closed(vm, &b, false) {
        Some(c) => c?,
        None => {
            let n = vm.intern("closed");
            let c = ops::getattr(vm, &b, &n)?;
            ops::truthy(vm, &c)?
        }
    };
    if closed {
        return Err(vm.value_error("I/O operation on closed file."));
    }
    Ok(b)
}

/// Decode `data`; unless `last`, an incomplete character at its end (a partial UTF-8
/// sequence, UTF-16/32 code unit or UTF-16 surrogate pair) is kept for later.
fn decode(
    vm: &mut Vm,
    codec: &str,
    errors: &str,
    mut data: Vec<u8>,
    last: bool,
) -> PyResult<(String, Vec<u8>)> {
    let mut keep = Vec::new();
    let n = data.len();
    if !last && (codec == "utf-8" || codec == "utf-8-sig") {
        for back in 1..=3.min(n) {
            let b = data[n - back];
            if b & 0xC0 == 0x80 {
                continue;
            }
            let need = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            if need > back {
                keep = data.split_off(n - back);
            }
            break;
        }
    } else if !last && codec.starts_with("utf-16") {
        let mut cut = n - n % 2;
        if cut >= 2 {
            let unit = if codec.ends_with("be") {
                u16::from_be_bytes([data[cut - 2], data[cut - 1]])
            } else {
                u16::from_le_bytes([data[cut - 2], data[cut - 1]])
            };
            if (0xD800..0xDC00).contains(&unit) {
                cut -= 2;
            }
        }
        keep = data.split_off(cut);
    } else if !last && codec.starts_with("utf-32") {
        keep = data.split_off(n - n % 4);
    }
    let s = decode_bytes(vm, &data, codec, errors)?;
    Ok((s, keep))
}

/// The codec for what follows the first chunk of `data` decoded with `codec`.
fn after_bom(codec: &str, data: &[u8]) -> Rc<str> {
    Rc::from(match codec {
        "utf-8-sig" => "utf-8",
        "utf-16" if data.starts_with(&[0xFE, 0xFF]) => "utf-16-be",
        "utf-16" => "utf-16-le",
        "utf-32" if data.starts_with(&[0, 0, 0xFE, 0xFF]) => "utf-32-be",
        "utf-32" => "utf-32-le",
        other => other,
    })
}

/// The codec to decode the next chunk with (and, for the stream's first chunk, the one to
/// use afterwards once the BOM is seen).
fn read_codec(t: &Text) -> (Rc<str>, bool) {
    match &t.read_codec {
        Some(c) => (c.clone(), false),
        None => (t.codec.clone(), true),
    }
}

/// Read and decode one more chunk; returns false at end of file.
fn fill_text(vm: &mut Vm, args: &[Value], buffer: &Value) -> PyResult<bool> {
    let (has_read1, readable, eof) = tx(vm, args, "read", |_vm, t| {
        Ok((t.has_read1, t.readable, t.eof))
    })?;
    if !readable {
        return Err(unsupported(vm, "not readable"));
    }
    if eof {
        return Ok(false);
    }
    let meth = if has_read1 { "read1" } else { "read" };
    let chunk = call_method(vm, buffer, meth, &[Value::Int(CHUNK)])?;
    let data = match rupy_interp::types::bytes::bytes_of(&chunk) {
        Some((d, _)) => d,
        None if matches!(chunk, Value::None) => Vec::new(),
        None => {
            let t = ops::type_name(vm, &chunk);
            return Err(vm.type_error(format!(
                "underlying {}() should have returned a bytes-like object, not '{}'",
                meth, t
            )));
        }
    };
    let last = data.is_empty();
    let ((codec, first), errors, mut bytes) = tx(vm, args, "read", |_vm, t| {
        Ok((
            read_codec(t),
            t.errors.clone(),
            std::mem::take(&mut t.pending),
        ))
    })?;
    bytes.extend_from_slice(&data);
    if first && bytes.len() < 4 && !last {
        // Too short to tell a BOM: wait for more.
        tx(vm, args, "read", |_vm, t| {
            t.pending = bytes;
            Ok(())
        })?;
        return Ok(true);
    }
    let next = first.then(|| after_bom(&codec, &bytes));
    let (s, keep) = decode(vm, &codec, &errors, bytes, last)?;
    tx(vm, args, "read", |vm, t| {
        if next.is_some() {
            t.read_codec = next;
        }
        if t.dpos > 0 && t.dpos * 2 >= t.decoded.len() {
            t.decoded.drain(..t.dpos);
            t.dpos = 0;
        }
        let mut d = std::mem::take(&mut t.decoded).into_bytes();
        vm.grow(&mut d, s.len())?;
        t.decoded = String::from_utf8(d).unwrap_or_default();
        t.decoded.push_str(&s);
        t.pending = keep;
        t.eof = last;
        Ok(())
    })?;
    Ok(!last)
}

fn check_readable(vm: &mut Vm, args: &[Value]) -> PyResult<()> {
    if !tx(vm, args, "read", |_vm, t| Ok(t.readable))? {
        return Err(unsupported(vm, "not readable"));
    }
    Ok(())
}

fn txt_read(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(vm, "read", args.get(1..).unwrap_or(&[]), kw, ["size"], 0)?;
    let n = super::bases::size_arg(vm, size.as_ref())?;
    let buffer = open_buffer(vm, args)?;
    check_readable(vm, args)?;
    if n < 0 {
        let all = call_method(vm, &buffer, "read", &[])?;
        let data = match rupy_interp::types::bytes::bytes_of(&all) {
            Some((d, _)) => d,
            None => Vec::new(),
        };
        let ((codec, first), errors, mut bytes) = tx(vm, args, "read", |_vm, t| {
            Ok((
                read_codec(t),
                t.errors.clone(),
                std::mem::take(&mut t.pending),
            ))
        })?;
        bytes.extend_from_slice(&data);
        let next = first.then(|| after_bom(&codec, &bytes));
        let (s, _) = decode(vm, &codec, &errors, bytes, true)?;
        return tx(vm, args, "read", |_vm, t| {
            if next.is_some() {
                t.read_codec = next;
            }
            let mut text = t.decoded[t.dpos..].to_owned();
            text.push_str(&s);
            t.reset_read();
            Ok(Value::string(t.deliver(&text)))
        });
    }
    let mut steps = 0u32;
    loop {
        if let Some(s) = tx(vm, args, "read", |_vm, t| Ok(t.take_chars(n as usize)))? {
            return Ok(Value::string(s));
        }
        fill_text(vm, args, &buffer)?;
        steps += 1;
        if steps.is_multiple_of(1024) {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
}

fn read_line(vm: &mut Vm, args: &[Value], limit: i64) -> PyResult<String> {
    let buffer = open_buffer(vm, args)?;
    check_readable(vm, args)?;
    let mut steps = 0u32;
    loop {
        let line = tx(vm, args, "readline", |_vm, t| {
            Ok(t.line_end(limit).map(|end| {
                let s = t.decoded[t.dpos..t.dpos + end].to_owned();
                t.dpos += end;
                t.deliver(&s)
            }))
        })?;
        if let Some(l) = line {
            return Ok(l);
        }
        fill_text(vm, args, &buffer)?;
        steps += 1;
        if steps.is_multiple_of(1024) {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
}

fn txt_readline(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(
        vm,
        "readline",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["size"],
        0,
    )?;
    let limit = super::bases::size_arg(vm, size.as_ref())?;
    Ok(Value::string(read_line(vm, args, limit)?))
}

fn stop(vm: &Vm) -> PyErr {
    PyErr::lazy_noarg(vm.exc(ExcKind::StopIteration))
}

fn txt_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    open_buffer(vm, args)?;
    Ok(args[0].clone())
}

fn txt_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    tx(vm, args, "__next__", |_vm, t| {
        t.telling = false;
        Ok(())
    })?;
    let exact = matches!(args.first(), Some(Value::Instance(i)) if !i.class.borrow().flags().heap);
    let line = if exact {
        Value::string(read_line(vm, args, -1)?)
    } else {
        call_method(vm, &args[0], "readline", &[])?
    };
    if !ops::truthy(vm, &line)? {
        tx(vm, args, "__next__", |_vm, t| {
            t.telling = t.seekable;
            Ok(())
        })?;
        return Err(stop(vm));
    }
    Ok(line)
}

fn txt_write(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    rupy_interp::builtins::args::arity(vm, "write", args.get(1..).unwrap_or(&[]), 1, 1)?;
    let buffer = buffer_of(vm, args)?;
    // A native BufferedWriter/BufferedRandom underneath is written to directly.
    let native = match super::buffered::native_writer(vm, &buffer) {
        Some(closed) => {
            if closed? {
                return Err(vm.value_error("I/O operation on closed file."));
            }
            true
        }
        None => {
            open_buffer(vm, args)?;
            false
        }
    };
    let Some(s) = str_arg(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("write() argument must be str, not {}", t)));
    };
    let (writable, nl, codec, errors, line_buffering) = tx(vm, args, "write", |_vm, t| {
        let codec = if t.write_started {
            after_bom(&t.codec, &[])
        } else {
            t.codec.clone()
        };
        if t.writable {
            // Forget the read-ahead: as in CPython the buffer is not moved back, so after a
            // read, text is written where the buffer's read-ahead stopped.
            t.reset_read();
            t.write_started |= !s.as_str().is_empty();
        }
        Ok((t.writable, t.nl, codec, t.errors.clone(), t.line_buffering))
    })?;
    if !writable {
        return Err(unsupported(vm, "not writable"));
    }
    let text: std::borrow::Cow<'_, str> = match nl {
        Newline::Fixed(n) if n != "\n" && s.as_str().contains('\n') => {
            s.as_str().replace('\n', n).into()
        }
        _ => s.as_str().into(),
    };
    let bytes = if &*codec == "utf-8" {
        // rupy's str is UTF-8 already (and never holds lone surrogates to refuse).
        text.as_bytes().to_vec()
    } else {
        encode_str(vm, &text, &codec, &errors)?
    };
    if native {
        super::buffered::native_write(vm, &buffer, &bytes)?;
    } else {
        call_method(vm, &buffer, "write", &[Value::Bytes(Rc::new(bytes))])?;
    }
    if line_buffering && text.contains(['\n', '\r']) {
        call_method(vm, &buffer, "flush", &[])?;
    }
    Ok(Value::Int(s.char_len() as i64))
}

fn txt_flush(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let buffer = open_buffer(vm, args)?;
    call_method(vm, &buffer, "flush", &[])?;
    tx(vm, args, "flush", |_vm, t| {
        t.telling = t.seekable;
        Ok(())
    })?;
    Ok(Value::None)
}

fn txt_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let buffer = buffer_of(vm, args)?;
    let n = vm.intern("closed");
    let c = ops::getattr(vm, &buffer, &n)?;
    if ops::truthy(vm, &c)? {
        return Ok(Value::None);
    }
    let flushed = call_method(vm, &args[0], "flush", &[]);
    call_method(vm, &buffer, "close", &[])?;
    flushed.map(|_| Value::None)
}

fn txt_detach(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let buffer = buffer_of(vm, args)?;
    call_method(vm, &args[0], "flush", &[])?;
    tx(vm, args, "detach", |_vm, t| {
        t.detached = true;
        Ok(())
    })?;
    Ok(buffer)
}

fn check_seekable(vm: &mut Vm, args: &[Value]) -> PyResult<()> {
    if !tx(vm, args, "tell", |_vm, t| Ok(t.seekable))? {
        return Err(unsupported(vm, "underlying stream is not seekable"));
    }
    Ok(())
}

fn txt_tell(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let buffer = open_buffer(vm, args)?;
    check_seekable(vm, args)?;
    if !tx(vm, args, "tell", |_vm, t| Ok(t.telling))? {
        return Err(vm.err(ExcKind::OSError, "telling position disabled by next() call"));
    }
    call_method(vm, &buffer, "flush", &[])?;
    let pos = call_method(vm, &buffer, "tell", &[])?;
    let pos = ops::index_of(vm, &pos)?;
    let (rest, codec, errors, pending) = tx(vm, args, "tell", |_vm, t| {
        Ok((
            t.decoded[t.dpos..].to_owned(),
            read_codec(t).0,
            t.errors.clone(),
            t.pending.len(),
        ))
    })?;
    let ahead = match &*codec {
        "utf-8" | "utf-8-sig" => rest.len(),
        "latin-1" | "ascii" | "cp1252" => rest.chars().count(),
        _ => encode_str(vm, &rest, &after_bom(&codec, &[]), &errors)?.len(),
    };
    Ok(Value::Int(pos - ahead as i64 - pending as i64))
}

fn txt_seek(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [cookie, whence] = bind(
        vm,
        "seek",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["cookie", "whence"],
        1,
    )?;
    let cookie = cookie.unwrap_or(Value::None);
    let mut cookie = ops::index_of(vm, &cookie)?;
    let mut whence = match &whence {
        Some(w) => ops::index_of(vm, w)?,
        None => 0,
    };
    let buffer = open_buffer(vm, args)?;
    check_seekable(vm, args)?;
    match whence {
        1 => {
            if cookie != 0 {
                return Err(unsupported(vm, "can't do nonzero cur-relative seeks"));
            }
            let p = txt_tell(vm, &args[..1], &[])?;
            cookie = ops::index_of(vm, &p)?;
            whence = 0;
        }
        2 => {
            if cookie != 0 {
                return Err(unsupported(vm, "can't do nonzero end-relative seeks"));
            }
            call_method(vm, &args[0], "flush", &[])?;
            tx(vm, args, "seek", |_vm, t| {
                t.reset_read();
                Ok(())
            })?;
            let end = call_method(vm, &buffer, "seek", &[Value::Int(0), Value::Int(2)])?;
            let at_start = ops::index_of(vm, &end)? == 0;
            tx(vm, args, "seek", |_vm, t| {
                t.write_started = !at_start;
                t.read_codec = (!at_start).then(|| after_bom(&t.codec, &[]));
                Ok(())
            })?;
            return Ok(end);
        }
        0 => {}
        w => {
            return Err(vm.value_error(format!("invalid whence ({}, should be 0, 1 or 2)", w)));
        }
    }
    let _ = whence;
    if cookie < 0 {
        return Err(vm.value_error(format!("negative seek position {}", cookie)));
    }
    call_method(vm, &args[0], "flush", &[])?;
    tx(vm, args, "seek", |_vm, t| {
        t.reset_read();
        // Back at the start a BOM codec writes (and expects) its BOM again.
        t.write_started = cookie != 0;
        t.read_codec = (cookie != 0).then(|| after_bom(&t.codec, &[]));
        Ok(())
    })?;
    call_method(vm, &buffer, "seek", &[Value::Int(cookie)])?;
    Ok(Value::Int(cookie))
}

fn txt_truncate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [pos] = bind(vm, "truncate", args.get(1..).unwrap_or(&[]), kw, ["pos"], 0)?;
    let buffer = open_buffer(vm, args)?;
    call_method(vm, &args[0], "flush", &[])?;
    let pos = match pos {
        None | Some(Value::None) => txt_tell(vm, &args[..1], &[])?,
        Some(p) => p,
    };
    call_method(vm, &buffer, "truncate", &[pos])
}

fn txt_reconfigure(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() > 1 {
        return Err(vm.type_error("reconfigure() takes no positional arguments"));
    }
    let [encoding, errors, newline, line_buffering, write_through] = bind(
        vm,
        "reconfigure",
        &[],
        kw,
        [
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        0,
    )?;
    let changes_decoding = encoding.as_ref().is_some_and(|v| !v.is_none()) || newline.is_some();
    if changes_decoding && tx(vm, args, "reconfigure", |_vm, t| Ok(t.has_readahead()))? {
        return Err(unsupported(
            vm,
            "It is not possible to set the encoding or newline of stream after the first read",
        ));
    }
    let enc = match &encoding {
        Some(v) if !v.is_none() => Some(encoding_arg(vm, Some(v), "reconfigure")?),
        _ => None,
    };
    let errs = match &errors {
        Some(v) if !v.is_none() => Some(errors_arg(vm, Some(v), "reconfigure")?),
        _ => None,
    };
    let nl = match &newline {
        Some(v) => Some(newline_arg(vm, Some(v), false)?),
        None => None,
    };
    let lb = match &line_buffering {
        Some(v) if !v.is_none() => Some(ops::truthy(vm, v)?),
        _ => None,
    };
    let wt = match &write_through {
        Some(v) if !v.is_none() => Some(ops::truthy(vm, v)?),
        _ => None,
    };
    call_method(vm, &args[0], "flush", &[])?;
    tx(vm, args, "reconfigure", |_vm, t| {
        if let Some((e, c)) = enc {
            t.encoding = e;
            t.codec = c;
            if errs.is_none() {
                t.errors = "strict".to_owned();
            }
        }
        if let Some(e) = errs {
            t.errors = e;
        }
        if let Some(n) = nl {
            t.nl = n;
        }
        if let Some(b) = lb {
            t.line_buffering = b;
        }
        if let Some(b) = wt {
            t.write_through = b;
        }
        Ok(Value::None)
    })
}

fn txt_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let mut out = String::from("<_io.TextIOWrapper");
    for attr in ["name", "mode"] {
        let n = vm.intern(attr);
        if let Ok(v) = ops::getattr(vm, &args[0], &n) {
            out.push_str(&format!(" {}={}", attr, ops::repr_string(vm, &v)?));
        }
    }
    let enc = tx(vm, args, "__repr__", |_vm, t| Ok(t.encoding.clone()))?;
    let r = ops::repr_string(vm, &Value::str(&enc))?;
    out.push_str(&format!(" encoding={}>", r));
    Ok(Value::string(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(nl: Newline, decoded: &str, eof: bool) -> Text {
        Text {
            buffer: None,
            detached: false,
            encoding: "utf-8".to_owned(),
            codec: Rc::from("utf-8"),
            read_codec: None,
            write_started: false,
            errors: "strict".to_owned(),
            nl,
            line_buffering: false,
            write_through: false,
            readable: true,
            writable: false,
            seekable: false,
            has_read1: true,
            decoded: decoded.to_owned(),
            dpos: 0,
            pending: Vec::new(),
            eof,
            seennl: 0,
            telling: true,
        }
    }

    #[test]
    fn a_trailing_cr_waits_for_the_next_chunk() {
        let t = text(Newline::Translate, "ab\r", false);
        assert_eq!(t.line_end(-1), None);
        let t = text(Newline::Translate, "ab\r", true);
        assert_eq!(t.line_end(-1), Some(3));
        let t = text(Newline::Universal, "ab\r\ncd", false);
        assert_eq!(t.line_end(-1), Some(4));
        let t = text(Newline::Fixed("\r\n"), "a\rb\r\n", false);
        assert_eq!(t.line_end(-1), Some(5));
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let t = text(Newline::Fixed("\n"), "é€x\n", false);
        assert_eq!(t.line_end(2), Some("é€".len()));
        let t = text(Newline::Fixed("\n"), "é", false);
        assert_eq!(t.line_end(5), None);
    }

    #[test]
    fn take_chars_translates_and_records_newlines() {
        let mut t = text(Newline::Translate, "a\r\nb\rc\r", false);
        assert_eq!(t.take_chars(3).as_deref(), Some("a\nb"));
        assert_eq!(t.take_chars(2).as_deref(), Some("\nc"));
        assert_eq!(t.take_chars(1), None, "a \\r at the end needs lookahead");
        t.eof = true;
        assert_eq!(t.take_chars(5).as_deref(), Some("\n"));
        assert_eq!(t.seennl, CR | CRLF);
    }

    #[test]
    fn bom_codecs_continue_without_a_bom() {
        assert_eq!(&*after_bom("utf-8-sig", b"\xef\xbb\xbfx"), "utf-8");
        assert_eq!(&*after_bom("utf-16", b"\xfe\xff\x00a"), "utf-16-be");
        assert_eq!(&*after_bom("utf-16", b"\xff\xfea\x00"), "utf-16-le");
        assert_eq!(&*after_bom("latin-1", b""), "latin-1");
    }
}
