//! `_io.StringIO` and `_io.BytesIO`: in-memory text and binary streams.
//!
//! Each instance (of the class or a Python subclass) carries its buffer as an `Opaque`
//! payload, made by `__new__` and reset by `__init__`. Every native borrows the buffer only
//! while no Python code runs, so the methods are atomic with respect to other threads.
//!
//! StringIO keeps its text as a `Vec<char>` so positions are character indices (O(1) seek and
//! slicing, as CPython's UCS4 buffer). Newline handling follows CPython's `stringio.c`:
//! `newline=None` translates `\r\n`/`\r` to `\n` at write time and records which kinds were
//! seen (`newlines`); `newline=''` reads with universal line endings untranslated; `'\r'` or
//! `'\r\n'` turn each written `\n` into that sequence and end lines there.
//!
//! `BytesIO.getbuffer()` views share the bytes (they live in an `Rc<RefCell<Vec<u8>>>` between
//! calls); CPython refuses to resize a BytesIO with live views, rupy allows it.
//!
//! Known gaps: pickling (`__getstate__`/`__setstate__`) and `StringIO` of lone surrogates
//! (rupy's str is UTF-8).

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_getter, add_method, arity, bind, no_kwargs};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Payload, PyErr, PyResult, Value, Vm};

use super::bases::size_arg;
use super::{call_method, closed_error, init_if_builtin, new_instance, unsupported, with};

pub(super) const LF: u8 = 1;
pub(super) const CR: u8 = 2;
pub(super) const CRLF: u8 = 4;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Newline {
    /// `newline=None`: universal reading, `\r\n` and `\r` written as `\n`.
    Translate,
    /// `newline=''`: universal reading, nothing translated.
    Universal,
    /// `'\n'`, `'\r'` or `'\r\n'`: lines end there; a written `\n` becomes it.
    Fixed(&'static str),
}

struct StrBuf {
    buf: Vec<char>,
    pos: usize,
    closed: bool,
    nl: Newline,
    /// Which line endings the universal-newline decoder has seen (LF | CR | CRLF).
    seennl: u8,
}

struct ByteBuf {
    /// The bytes while a native works on them; between calls they live in `store`.
    buf: Vec<u8>,
    /// The bytes between calls: shared with the views `getbuffer()` made, so writes through
    /// a view reach the stream.
    store: Rc<RefCell<Vec<u8>>>,
    pos: usize,
    closed: bool,
}

pub(super) fn fill(sio: &Class, bio: &Class) {
    let methods: [(&'static str, rupy_objects::NativeFn); 19] = [
        ("__new__", sio_new),
        ("__init__", sio_init),
        ("getvalue", sio_getvalue),
        ("read", sio_read),
        ("readline", sio_readline),
        ("write", sio_write),
        ("seek", sio_seek),
        ("tell", sio_tell),
        ("truncate", sio_truncate),
        ("close", sio_close),
        ("readable", sio_able),
        ("writable", sio_able),
        ("seekable", sio_able),
        ("__next__", sio_next),
        ("detach", |vm, _a, _k| Err(unsupported(vm, "detach"))),
        ("fileno", |vm, _a, _k| Err(unsupported(vm, "fileno"))),
        ("flush", sio_flush),
        ("isatty", sio_isatty),
        ("__iter__", sio_iter),
    ];
    for (name, f) in methods {
        add_method(sio, "StringIO", name, f);
    }
    add_getter(sio, "StringIO", "closed", sio_closed);
    add_getter(sio, "StringIO", "line_buffering", sio_line_buffering);
    add_getter(sio, "StringIO", "newlines", sio_newlines);

    let methods: [(&'static str, rupy_objects::NativeFn); 23] = [
        ("__new__", bio_new),
        ("__init__", bio_init),
        ("getvalue", bio_getvalue),
        ("read", bio_read),
        ("read1", bio_read),
        ("readline", bio_readline),
        ("readlines", bio_readlines),
        ("readinto", bio_readinto),
        ("readinto1", bio_readinto),
        ("write", bio_write),
        ("seek", bio_seek),
        ("tell", bio_tell),
        ("truncate", bio_truncate),
        ("close", bio_close),
        ("readable", bio_able),
        ("writable", bio_able),
        ("seekable", bio_able),
        ("flush", bio_flush),
        ("isatty", bio_isatty),
        ("__iter__", bio_iter),
        ("__next__", bio_next),
        ("fileno", |vm, _a, _k| Err(unsupported(vm, "fileno"))),
        ("getbuffer", bio_getbuffer),
    ];
    for (name, f) in methods {
        add_method(bio, "BytesIO", name, f);
    }
    add_getter(bio, "BytesIO", "closed", bio_closed);
}

fn stop(vm: &Vm) -> PyErr {
    PyErr::lazy_noarg(vm.exc(ExcKind::StopIteration))
}

/// Whether the receiver's class is the builtin one itself (not a Python subclass).
fn is_exact(args: &[Value]) -> bool {
    matches!(args.first(), Some(Value::Instance(i)) if !i.class.borrow().flags().heap)
}

/// The text of a str (or str subclass instance).
pub(super) fn str_arg(v: &Value) -> Option<Rc<rupy_objects::PyStr>> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

// ---- StringIO ----

impl StrBuf {
    fn new() -> StrBuf {
        StrBuf {
            buf: Vec::new(),
            pos: 0,
            closed: false,
            nl: Newline::Fixed("\n"),
            seennl: 0,
        }
    }

    fn check(&self, vm: &Vm) -> PyResult<()> {
        if self.closed {
            Err(vm.value_error("I/O operation on closed file"))
        } else {
            Ok(())
        }
    }

    /// Write `s` at the position (translating newlines as the mode says), padding with NULs
    /// when the position is past the end.
    fn write(&mut self, vm: &mut Vm, s: &str) -> PyResult<()> {
        let mut chars: Vec<char> = Vec::new();
        vm.grow(&mut chars, s.len())?;
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\r' if self.nl == Newline::Translate || self.nl == Newline::Universal => {
                    if it.peek() == Some(&'\n') {
                        it.next();
                        self.seennl |= CRLF;
                        if self.nl == Newline::Universal {
                            chars.extend(['\r', '\n']);
                        } else {
                            chars.push('\n');
                        }
                    } else {
                        self.seennl |= CR;
                        chars.push(if self.nl == Newline::Universal {
                            '\r'
                        } else {
                            '\n'
                        });
                    }
                }
                '\n' => match self.nl {
                    Newline::Translate | Newline::Universal => {
                        self.seennl |= LF;
                        chars.push('\n');
                    }
                    Newline::Fixed(nl) => chars.extend(nl.chars()),
                },
                c => chars.push(c),
            }
        }
        if chars.is_empty() {
            return Ok(());
        }
        let end = self.pos + chars.len();
        if end > self.buf.len() {
            let more = end - self.buf.len();
            vm.grow(&mut self.buf, more)?;
            if self.pos > self.buf.len() {
                self.buf.resize(self.pos, '\0');
            }
            let overlap = self.buf.len() - self.pos;
            self.buf[self.pos..].copy_from_slice(&chars[..overlap]);
            self.buf.extend_from_slice(&chars[overlap..]);
        } else {
            self.buf[self.pos..end].copy_from_slice(&chars);
        }
        self.pos = end;
        Ok(())
    }

    /// The end (exclusive) of the line starting at the position, at most `limit` characters.
    fn line_end(&self, limit: i64) -> usize {
        let start = self.pos.min(self.buf.len());
        let rest = &self.buf[start..];
        let mut end = match self.nl {
            Newline::Translate | Newline::Fixed("\n") => rest
                .iter()
                .position(|c| *c == '\n')
                .map_or(rest.len(), |i| i + 1),
            Newline::Universal => match rest.iter().position(|c| *c == '\n' || *c == '\r') {
                Some(i) if rest[i] == '\r' && rest.get(i + 1) == Some(&'\n') => i + 2,
                Some(i) => i + 1,
                None => rest.len(),
            },
            Newline::Fixed(nl) => {
                let pat: Vec<char> = nl.chars().collect();
                rest.windows(pat.len())
                    .position(|w| w == pat.as_slice())
                    .map_or(rest.len(), |i| i + pat.len())
            }
        };
        if limit >= 0 {
            end = end.min(limit as usize);
        }
        start + end
    }

    fn take_to(&mut self, end: usize) -> String {
        let start = self.pos.min(self.buf.len());
        let s: String = self.buf[start..end].iter().collect();
        self.pos = end.max(self.pos);
        s
    }
}

fn sio_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let obj = new_instance(vm, args, Box::new(StrBuf::new()))?;
    init_if_builtin(vm, obj, args, kw, sio_init)
}

fn sio_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [value, newline] = bind(
        vm,
        "StringIO",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["initial_value", "newline"],
        0,
    )?;
    let nl = match &newline {
        None => Newline::Fixed("\n"),
        Some(Value::None) => Newline::Translate,
        Some(v) => match str_arg(v) {
            Some(s) => match s.as_str() {
                "" => Newline::Universal,
                "\n" => Newline::Fixed("\n"),
                "\r" => Newline::Fixed("\r"),
                "\r\n" => Newline::Fixed("\r\n"),
                _ => {
                    let r = ops::repr_string(vm, v)?;
                    return Err(vm.value_error(format!("illegal newline value: {}", r)));
                }
            },
            None => {
                let t = ops::type_name(vm, v);
                return Err(vm.type_error(format!("newline must be str or None, not {}", t)));
            }
        },
    };
    let text = match &value {
        None | Some(Value::None) => None,
        Some(v) => match str_arg(v) {
            Some(s) => Some(s),
            None => {
                let t = ops::type_name(vm, v);
                return Err(vm.type_error(format!("initial_value must be str or None, not {}", t)));
            }
        },
    };
    with(vm, args, "StringIO", "__init__", |vm, b: &mut StrBuf| {
        *b = StrBuf::new();
        b.nl = nl;
        if let Some(t) = text {
            b.write(vm, t.as_str())?;
            b.pos = 0;
        }
        Ok(Value::None)
    })
}

fn sio_getvalue(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "getvalue", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        Ok(Value::string(b.buf.iter().collect()))
    })
}

fn sio_read(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "read", kw)?;
    arity(vm, "read", args.get(1..).unwrap_or(&[]), 0, 1)?;
    let n = size_arg(vm, args.get(1))?;
    with(vm, args, "StringIO", "read", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        let start = b.pos.min(b.buf.len());
        let end = if n < 0 {
            b.buf.len()
        } else {
            start.saturating_add(n as usize).min(b.buf.len())
        };
        Ok(Value::string(b.take_to(end)))
    })
}

fn sio_readline(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "readline", kw)?;
    arity(vm, "readline", args.get(1..).unwrap_or(&[]), 0, 1)?;
    let n = size_arg(vm, args.get(1))?;
    with(vm, args, "StringIO", "readline", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        let end = b.line_end(n);
        Ok(Value::string(b.take_to(end)))
    })
}

fn sio_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let line = if is_exact(args) {
        with(vm, args, "StringIO", "__next__", |vm, b: &mut StrBuf| {
            b.check(vm)?;
            let end = b.line_end(-1);
            Ok(Value::string(b.take_to(end)))
        })?
    } else {
        let me = args.first().cloned().unwrap_or(Value::None);
        let line = call_method(vm, &me, "readline", &[])?;
        if str_arg(&line).is_none() {
            let t = ops::type_name(vm, &line);
            return Err(vm.err(
                ExcKind::OSError,
                format!("readline() should have returned a str object, not '{}'", t),
            ));
        }
        line
    };
    match str_arg(&line) {
        Some(s) if s.as_str().is_empty() => Err(stop(vm)),
        _ => Ok(line),
    }
}

fn sio_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "__iter__", |vm, b: &mut StrBuf| {
        b.check(vm)
    })?;
    Ok(args[0].clone())
}

fn sio_write(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "write", kw)?;
    arity(vm, "write", args.get(1..).unwrap_or(&[]), 1, 1)?;
    let s = str_arg(&args[1]);
    with(vm, args, "StringIO", "write", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        let Some(s) = s else {
            let t = ops::type_name(vm, &args[1]);
            return Err(vm.type_error(format!("string argument expected, got '{}'", t)));
        };
        b.write(vm, s.as_str())?;
        Ok(Value::Int(s.char_len() as i64))
    })
}

fn sio_seek(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "seek", kw)?;
    arity(vm, "seek", args.get(1..).unwrap_or(&[]), 1, 2)?;
    let pos = ops::index_of(vm, &args[1])?;
    let whence = match args.get(2) {
        Some(w) => ops::index_of(vm, w)?,
        None => 0,
    };
    with(vm, args, "StringIO", "seek", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        if !(0..=2).contains(&whence) {
            return Err(vm.value_error(format!("Invalid whence ({}, should be 0, 1 or 2)", whence)));
        }
        if whence == 0 && pos < 0 {
            return Err(vm.value_error(format!("Negative seek position {}", pos)));
        }
        if whence != 0 && pos != 0 {
            return Err(vm.err(ExcKind::OSError, "Can't do nonzero cur-relative seeks"));
        }
        match whence {
            0 => b.pos = pos as usize,
            2 => b.pos = b.buf.len(),
            _ => {}
        }
        Ok(Value::Int(b.pos as i64))
    })
}

fn sio_tell(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "tell", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        Ok(Value::Int(b.pos as i64))
    })
}

fn sio_truncate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "truncate", kw)?;
    arity(vm, "truncate", args.get(1..).unwrap_or(&[]), 0, 1)?;
    let size = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(ops::index_of(vm, v)?),
    };
    with(vm, args, "StringIO", "truncate", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        let size = size.unwrap_or(b.pos as i64);
        if size < 0 {
            return Err(vm.value_error(format!("Negative size value {}", size)));
        }
        if (size as usize) < b.buf.len() {
            b.buf.truncate(size as usize);
        }
        Ok(Value::Int(size))
    })
}

fn sio_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "close", |_vm, b: &mut StrBuf| {
        b.closed = true;
        b.buf = Vec::new();
        Ok(Value::None)
    })
}

fn sio_closed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "closed", |_vm, b: &mut StrBuf| {
        Ok(Value::bool(b.closed))
    })
}

fn sio_able(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "readable", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        Ok(Value::bool(true))
    })
}

fn sio_flush(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "flush", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        Ok(Value::None)
    })
}

fn sio_isatty(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "isatty", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        Ok(Value::bool(false))
    })
}

fn sio_line_buffering(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(
        vm,
        args,
        "StringIO",
        "line_buffering",
        |vm, b: &mut StrBuf| {
            b.check(vm)?;
            Ok(Value::bool(false))
        },
    )
}

fn sio_newlines(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with(vm, args, "StringIO", "newlines", |vm, b: &mut StrBuf| {
        b.check(vm)?;
        if let Newline::Fixed(_) = b.nl {
            return Ok(Value::None);
        }
        Ok(newlines_value(b.seennl))
    })
}

// ---- BytesIO ----

/// Run `f` on a BytesIO's state with its bytes moved out of the shared store (and back after).
fn bb<R>(
    vm: &mut Vm,
    args: &[Value],
    meth: &str,
    f: impl FnOnce(&mut Vm, &mut ByteBuf) -> PyResult<R>,
) -> PyResult<R> {
    with(vm, args, "BytesIO", meth, |vm, b: &mut ByteBuf| {
        let Ok(mut s) = b.store.try_borrow_mut() else {
            return Err(vm.err(ExcKind::BufferError, "BytesIO buffer is in use"));
        };
        b.buf = std::mem::take(&mut *s);
        drop(s);
        let r = f(vm, b);
        let back = std::mem::take(&mut b.buf);
        if let Ok(mut s) = b.store.try_borrow_mut() {
            *s = back;
        }
        r
    })
}

/// `getbuffer()`: a writable memoryview sharing the stream's bytes. Unlike CPython, the
/// stream may still be resized while a view exists (views bounds-check every access).
fn bio_getbuffer(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let store = bb(vm, args, "getbuffer", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        Ok(b.store.clone())
    })?;
    let mv = vm.builtins.get_s("memoryview").unwrap_or(Value::None);
    rupy_interp::call::call_value(vm, &mv, &[Value::ByteArray(store)], &[])
}

impl ByteBuf {
    fn check(&self, vm: &Vm) -> PyResult<()> {
        if self.closed {
            Err(closed_error(vm))
        } else {
            Ok(())
        }
    }

    fn rest(&self) -> &[u8] {
        &self.buf[self.pos.min(self.buf.len())..]
    }

    fn take(&mut self, n: usize) -> Value {
        let start = self.pos.min(self.buf.len());
        let end = start.saturating_add(n).min(self.buf.len());
        let v = self.buf[start..end].to_vec();
        self.pos = end.max(self.pos);
        Value::Bytes(Rc::new(v))
    }

    fn line_len(&self, limit: i64) -> usize {
        let rest = self.rest();
        let n = rest
            .iter()
            .position(|c| *c == b'\n')
            .map_or(rest.len(), |i| i + 1);
        if limit >= 0 { n.min(limit as usize) } else { n }
    }
}

fn bio_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let obj = new_instance(
        vm,
        args,
        Box::new(ByteBuf {
            buf: Vec::new(),
            store: Rc::new(RefCell::new(Vec::new())),
            pos: 0,
            closed: false,
        }),
    )?;
    init_if_builtin(vm, obj, args, kw, bio_init)
}

fn bio_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [init] = bind(
        vm,
        "BytesIO",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["initial_bytes"],
        0,
    )?;
    let data = match &init {
        None | Some(Value::None) => Vec::new(),
        Some(v) => rupy_interp::types::bytes::buffer_arg(vm, v)?,
    };
    bb(vm, args, "__init__", |_vm, b: &mut ByteBuf| {
        b.buf = data;
        b.pos = 0;
        b.closed = false;
        Ok(Value::None)
    })
}

fn bio_getvalue(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "getvalue", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        Ok(Value::Bytes(Rc::new(b.buf.clone())))
    })
}

fn bio_read(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "read", kw)?;
    arity(vm, "read", args.get(1..).unwrap_or(&[]), 0, 1)?;
    let n = size_arg(vm, args.get(1))?;
    bb(vm, args, "read", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        let n = if n < 0 { b.rest().len() } else { n as usize };
        Ok(b.take(n))
    })
}

fn bio_readline(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "readline", kw)?;
    arity(vm, "readline", args.get(1..).unwrap_or(&[]), 0, 1)?;
    let n = size_arg(vm, args.get(1))?;
    bb(vm, args, "readline", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        let k = b.line_len(n);
        Ok(b.take(k))
    })
}

fn bio_readlines(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "readlines", kw)?;
    arity(vm, "readlines", args.get(1..).unwrap_or(&[]), 0, 1)?;
    let hint = size_arg(vm, args.get(1))?;
    bb(vm, args, "readlines", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        let mut out = Vec::new();
        let mut total = 0usize;
        loop {
            let k = b.line_len(-1);
            if k == 0 {
                break;
            }
            vm.grow(&mut out, 1)?;
            out.push(b.take(k));
            total += k;
            if hint > 0 && total >= hint as usize {
                break;
            }
        }
        Ok(Value::list(out))
    })
}

fn bio_readinto(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "readinto", kw)?;
    arity(vm, "readinto", args.get(1..).unwrap_or(&[]), 1, 1)?;
    let me = args[0].clone();
    super::readinto_via(vm, args.get(1), |vm, n| {
        bio_read(vm, &[me, Value::Int(n as i64)], &[])
    })
}

fn bio_write(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "write", kw)?;
    arity(vm, "write", args.get(1..).unwrap_or(&[]), 1, 1)?;
    bb(vm, args, "write", |vm, b: &mut ByteBuf| b.check(vm))?;
    let data = rupy_interp::types::bytes::buffer_arg(vm, &args[1])?;
    bb(vm, args, "write", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        let end = b.pos + data.len();
        if end > b.buf.len() {
            let more = end - b.buf.len();
            vm.grow(&mut b.buf, more)?;
            b.buf.resize(end, 0);
        }
        b.buf[b.pos..end].copy_from_slice(&data);
        b.pos = end;
        Ok(Value::Int(data.len() as i64))
    })
}

fn bio_seek(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "seek", kw)?;
    arity(vm, "seek", args.get(1..).unwrap_or(&[]), 1, 2)?;
    let pos = ops::index_of(vm, &args[1])?;
    let whence = match args.get(2) {
        Some(w) => ops::index_of(vm, w)?,
        None => 0,
    };
    bb(vm, args, "seek", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        let new = match whence {
            0 if pos < 0 => {
                return Err(vm.value_error(format!("negative seek value {}", pos)));
            }
            0 => pos,
            1 => (b.pos as i64).saturating_add(pos).max(0),
            2 => (b.buf.len() as i64).saturating_add(pos).max(0),
            _ => {
                return Err(
                    vm.value_error(format!("invalid whence ({}, should be 0, 1 or 2)", whence))
                );
            }
        };
        b.pos = new as usize;
        Ok(Value::Int(new))
    })
}

fn bio_tell(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "tell", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        Ok(Value::Int(b.pos as i64))
    })
}

fn bio_truncate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "truncate", kw)?;
    arity(vm, "truncate", args.get(1..).unwrap_or(&[]), 0, 1)?;
    let size = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(ops::index_of(vm, v)?),
    };
    bb(vm, args, "truncate", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        let size = size.unwrap_or(b.pos as i64);
        if size < 0 {
            return Err(vm.value_error(format!("negative size value {}", size)));
        }
        if (size as usize) < b.buf.len() {
            b.buf.truncate(size as usize);
        }
        Ok(Value::Int(size))
    })
}

fn bio_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "close", |_vm, b: &mut ByteBuf| {
        b.closed = true;
        b.buf = Vec::new();
        Ok(Value::None)
    })
}

fn bio_closed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "closed", |_vm, b: &mut ByteBuf| {
        Ok(Value::bool(b.closed))
    })
}

fn bio_able(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "readable", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        Ok(Value::bool(true))
    })
}

fn bio_flush(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "flush", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        Ok(Value::None)
    })
}

fn bio_isatty(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "isatty", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        Ok(Value::bool(false))
    })
}

/// `iter(b)` is `b` even when closed (CPython's BytesIO checks only at `next`).
fn bio_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    bb(vm, args, "__iter__", |_vm, _b: &mut ByteBuf| Ok(()))?;
    Ok(args[0].clone())
}

fn bio_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    // Unlike StringIO, CPython's BytesIO iterates with its own readline even in subclasses.
    let line = bb(vm, args, "__next__", |vm, b: &mut ByteBuf| {
        b.check(vm)?;
        let k = b.line_len(-1);
        Ok((k > 0).then(|| b.take(k)))
    })?;
    line.ok_or_else(|| stop(vm))
}

/// The `newlines` attribute for the line endings seen so far (None, one string or a tuple).
pub(super) fn newlines_value(seennl: u8) -> Value {
    let mut kinds = Vec::new();
    for (bit, s) in [(CR, "\r"), (LF, "\n"), (CRLF, "\r\n")] {
        if seennl & bit != 0 {
            kinds.push(Value::str(s));
        }
    }
    match kinds.len() {
        0 => Value::None,
        1 => kinds.pop().unwrap_or(Value::None),
        _ => Value::tuple(kinds),
    }
}

/// The newline mode of a `newline` argument, with CPython's errors.
pub(super) fn newline_arg(vm: &mut Vm, v: Option<&Value>, quote: bool) -> PyResult<Newline> {
    Ok(match v {
        None => Newline::Fixed("\n"),
        Some(Value::None) => Newline::Translate,
        Some(v) => match str_arg(v) {
            Some(s) => match s.as_str() {
                "" => Newline::Universal,
                "\n" => Newline::Fixed("\n"),
                "\r" => Newline::Fixed("\r"),
                "\r\n" => Newline::Fixed("\r\n"),
                other => {
                    let r = if quote {
                        ops::repr_string(vm, v)?
                    } else {
                        other.to_owned()
                    };
                    return Err(vm.value_error(format!("illegal newline value: {}", r)));
                }
            },
            None => {
                let t = ops::type_name(vm, v);
                return Err(vm.type_error(format!("newline must be str or None, not {}", t)));
            }
        },
    })
}
