//! `_io.BufferedReader`, `BufferedWriter` and `BufferedRandom`: buffering over any raw
//! stream (a `FileIO` or a Python `RawIOBase`), reached only through its Python-level
//! methods (`raw.read`, `raw.write`, `raw.seek`...).
//!
//! State (payload `Buf`): a read-ahead buffer (`rbuf[rpos..]` is data read from the raw
//! stream but not yet returned) and a write buffer (`wbuf`, bytes written but not yet passed
//! to the raw stream). At most one of them is non-empty: a read first flushes pending writes,
//! and a write first moves the raw position back over unread read-ahead. The logical
//! position is therefore `raw.tell() - unread + pending`. The payload is never borrowed
//! across a call into the raw stream. `native_closed`/`native_write` let `TextIOWrapper`
//! reach an instance of these classes directly. `BufferedRWPair` (at the end) is a reader and
//! a writer of these kinds behind one object.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_getter, add_method, bind};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyResult, Value, Vm};

use super::bases::size_arg;
use super::{DEFAULT_BUFFER_SIZE, call_method, init_if_builtin, new_instance, unsupported, with};

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Reader,
    Writer,
    Random,
}

pub(super) struct Buf {
    kind: Kind,
    raw: Option<Value>,
    size: usize,
    rbuf: Vec<u8>,
    rpos: usize,
    wbuf: Vec<u8>,
    detached: bool,
}

impl Buf {
    fn unread(&self) -> usize {
        self.rbuf.len() - self.rpos
    }
    fn tname(&self) -> &'static str {
        match self.kind {
            Kind::Reader => "BufferedReader",
            Kind::Writer => "BufferedWriter",
            Kind::Random => "BufferedRandom",
        }
    }
}

pub(super) fn fill(c: &Class, kind: Kind) {
    let owner = match kind {
        Kind::Reader => "BufferedReader",
        Kind::Writer => "BufferedWriter",
        Kind::Random => "BufferedRandom",
    };
    let new: rupy_objects::NativeFn = match kind {
        Kind::Reader => |vm, a, k| buf_new(vm, a, k, Kind::Reader),
        Kind::Writer => |vm, a, k| buf_new(vm, a, k, Kind::Writer),
        Kind::Random => |vm, a, k| buf_new(vm, a, k, Kind::Random),
    };
    add_method(c, owner, "__new__", new);
    add_method(c, owner, "__init__", buf_init);
    let mut methods: Vec<(&'static str, rupy_objects::NativeFn)> = vec![
        ("flush", buf_flush),
        ("close", buf_close),
        ("detach", buf_detach),
        ("seek", buf_seek),
        ("tell", buf_tell),
        ("truncate", buf_truncate),
        ("fileno", |vm, a, _k| delegate(vm, a, "fileno")),
        ("isatty", |vm, a, _k| delegate(vm, a, "isatty")),
        ("readable", |vm, a, _k| delegate(vm, a, "readable")),
        ("writable", |vm, a, _k| delegate(vm, a, "writable")),
        ("seekable", |vm, a, _k| delegate(vm, a, "seekable")),
        ("__repr__", buf_repr),
    ];
    if kind != Kind::Writer {
        methods.extend([
            ("read", buf_read as rupy_objects::NativeFn),
            ("read1", buf_read1),
            ("peek", buf_peek),
            ("readline", buf_readline),
            ("readinto", buf_readinto),
            ("readinto1", buf_readinto),
        ]);
    }
    if kind != Kind::Reader {
        methods.push(("write", buf_write));
    }
    for (name, f) in methods {
        add_method(c, owner, name, f);
    }
    add_getter(c, owner, "raw", buf_raw);
    add_getter(c, owner, "closed", |vm, a, _k| attr_of_raw(vm, a, "closed"));
    add_getter(c, owner, "name", |vm, a, _k| attr_of_raw(vm, a, "name"));
    add_getter(c, owner, "mode", |vm, a, _k| attr_of_raw(vm, a, "mode"));
}

fn buf_new(vm: &mut Vm, args: &[Value], kw: &KwArgs, kind: Kind) -> PyResult<Value> {
    let obj = new_instance(
        vm,
        args,
        Box::new(Buf {
            kind,
            raw: None,
            size: DEFAULT_BUFFER_SIZE as usize,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            detached: false,
        }),
    )?;
    init_if_builtin(vm, obj, args, kw, buf_init)
}

fn st<R>(
    vm: &mut Vm,
    args: &[Value],
    meth: &str,
    f: impl FnOnce(&mut Vm, &mut Buf) -> PyResult<R>,
) -> PyResult<R> {
    let tname = match args.first() {
        Some(v) => {
            let c = vm.type_of(v);
            c.mro
                .borrow()
                .iter()
                .map(|c| c.name().to_string())
                .find(|n| n.starts_with("Buffered"))
                .unwrap_or_else(|| "BufferedReader".to_owned())
        }
        None => "BufferedReader".to_owned(),
    };
    with(vm, args, &tname, meth, f)
}

/// The raw stream, or ValueError when detached or never initialised.
fn raw_of(vm: &mut Vm, args: &[Value], meth: &str) -> PyResult<Value> {
    st(vm, args, meth, |vm, b| {
        if b.detached {
            return Err(vm.value_error("raw stream has been detached"));
        }
        b.raw
            .clone()
            .ok_or_else(|| vm.value_error("I/O operation on uninitialized object"))
    })
}

fn raw_closed(vm: &mut Vm, raw: &Value) -> PyResult<bool> {
    if let Some(c) = super::file::closed_state(raw) {
        return Ok(c);
    }
    let n = vm.intern("closed");
    let v = ops::getattr(vm, raw, &n)?;
    ops::truthy(vm, &v)
}

/// ValueError `msg` when the raw stream is closed.
fn check_open(vm: &mut Vm, raw: &Value, msg: &str) -> PyResult<()> {
    if raw_closed(vm, raw)? {
        return Err(vm.value_error(msg.to_owned()));
    }
    Ok(())
}

fn buf_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [raw, size] = bind(
        vm,
        "BufferedReader",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["raw", "buffer_size"],
        1,
    )?;
    let raw = raw.unwrap_or(Value::None);
    let size = match &size {
        None => DEFAULT_BUFFER_SIZE,
        Some(v) => ops::index_of(vm, v)?,
    };
    if size <= 0 {
        return Err(vm.value_error("buffer size must be strictly positive"));
    }
    let kind = st(vm, args, "__init__", |_vm, b| Ok(b.kind))?;
    if kind != Kind::Writer {
        let r = call_method(vm, &raw, "readable", &[])?;
        if !ops::truthy(vm, &r)? {
            return Err(unsupported(vm, "File or stream is not readable."));
        }
    }
    if kind != Kind::Reader {
        let w = call_method(vm, &raw, "writable", &[])?;
        if !ops::truthy(vm, &w)? {
            return Err(unsupported(vm, "File or stream is not writable."));
        }
    }
    if kind == Kind::Random {
        let s = call_method(vm, &raw, "seekable", &[])?;
        if !ops::truthy(vm, &s)? {
            return Err(unsupported(vm, "File or stream is not seekable."));
        }
    }
    st(vm, args, "__init__", |_vm, b| {
        b.raw = Some(raw);
        b.size = size as usize;
        b.rbuf.clear();
        b.rpos = 0;
        b.wbuf.clear();
        b.detached = false;
        Ok(Value::None)
    })
}

fn delegate(vm: &mut Vm, args: &[Value], meth: &'static str) -> PyResult<Value> {
    let raw = raw_of(vm, args, meth)?;
    call_method(vm, &raw, meth, &[])
}

fn attr_of_raw(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let raw = raw_of(vm, args, name)?;
    let n = vm.intern(name);
    ops::getattr(vm, &raw, &n)
}

fn buf_raw(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    raw_of(vm, args, "raw")
}

/// Pass every pending write to the raw stream.
fn flush_writes(vm: &mut Vm, args: &[Value], raw: &Value) -> PyResult<()> {
    loop {
        let data = st(vm, args, "flush", |_vm, b| Ok(std::mem::take(&mut b.wbuf)))?;
        if data.is_empty() {
            return Ok(());
        }
        let len = data.len();
        let r = call_method(vm, raw, "write", &[Value::Bytes(Rc::new(data.clone()))]);
        let n = match r {
            Ok(Value::None) => 0,
            Ok(v) => ops::index_of(vm, &v)?.clamp(0, len as i64) as usize,
            Err(e) => {
                // Keep the unwritten bytes for a later flush.
                st(vm, args, "flush", |_vm, b| {
                    let mut rest = data;
                    rest.extend_from_slice(&b.wbuf);
                    b.wbuf = rest;
                    Ok(())
                })?;
                return Err(e);
            }
        };
        st(vm, args, "flush", |_vm, b| {
            let mut rest = data[n..].to_vec();
            rest.extend_from_slice(&b.wbuf);
            b.wbuf = rest;
            Ok(())
        })?;
        if n == 0 {
            return Err(vm.err(
                ExcKind::BlockingIOError,
                "write could not complete without blocking",
            ));
        }
    }
}

/// Give back unread read-ahead: move the raw position to the logical one.
fn rewind_reads(vm: &mut Vm, args: &[Value], raw: &Value) -> PyResult<()> {
    let unread = st(vm, args, "seek", |_vm, b| {
        let u = b.unread();
        b.rbuf.clear();
        b.rpos = 0;
        Ok(u)
    })?;
    if unread > 0 {
        call_method(
            vm,
            raw,
            "seek",
            &[Value::Int(-(unread as i64)), Value::Int(1)],
        )?;
    }
    Ok(())
}

/// Read one chunk of up to `n` bytes from the raw stream into the read-ahead buffer.
/// `Ok(None)` means the raw stream would block, `Ok(Some(0))` end of file.
fn fill_once(vm: &mut Vm, args: &[Value], raw: &Value, n: usize) -> PyResult<Option<usize>> {
    let chunk = call_method(vm, raw, "read", &[Value::Int(n as i64)])?;
    if matches!(chunk, Value::None) {
        return Ok(None);
    }
    let data = match rupy_interp::types::bytes::bytes_of(&chunk) {
        Some((d, _)) => d,
        None => {
            let t = ops::type_name(vm, &chunk);
            return Err(vm.type_error(format!("read() should return bytes, not {}", t)));
        }
    };
    let got = data.len();
    st(vm, args, "read", |vm, b| {
        if b.rpos > 0 {
            b.rbuf.drain(..b.rpos);
            b.rpos = 0;
        }
        vm.grow(&mut b.rbuf, got)?;
        b.rbuf.extend_from_slice(&data);
        Ok(())
    })?;
    Ok(Some(got))
}

fn take(vm: &mut Vm, args: &[Value], n: usize) -> PyResult<Value> {
    st(vm, args, "read", |_vm, b| {
        let k = n.min(b.unread());
        let out = b.rbuf[b.rpos..b.rpos + k].to_vec();
        b.rpos += k;
        Ok(Value::Bytes(Rc::new(out)))
    })
}

/// Common prologue of the reading methods: raw stream open, pending writes flushed.
fn prepare_read(vm: &mut Vm, args: &[Value], meth: &str) -> PyResult<Value> {
    let raw = raw_of(vm, args, meth)?;
    check_open(vm, &raw, &format!("{} of closed file", meth))?;
    flush_writes(vm, args, &raw)?;
    Ok(raw)
}

fn buf_read(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(vm, "read", args.get(1..).unwrap_or(&[]), kw, ["size"], 0)?;
    let n = size_arg(vm, size.as_ref())?;
    if n < -1 {
        return Err(vm.value_error("read length must be non-negative or -1"));
    }
    let raw = prepare_read(vm, args, "read")?;
    if n < 0 {
        let mut out = st(vm, args, "read", |_vm, b| {
            let v = b.rbuf[b.rpos..].to_vec();
            b.rbuf.clear();
            b.rpos = 0;
            Ok(v)
        })?;
        // `raw.readall()` when the raw stream has one, else `raw.read()` until it is empty.
        let n = vm.intern("readall");
        let readall = ops::getattr(vm, &raw, &n).ok();
        loop {
            let chunk = match &readall {
                Some(m) => rupy_interp::call::call_value(vm, m, &[], &[])?,
                None => call_method(vm, &raw, "read", &[])?,
            };
            if matches!(chunk, Value::None) {
                return Ok(if out.is_empty() {
                    Value::None
                } else {
                    Value::Bytes(Rc::new(out))
                });
            }
            let data = rupy_interp::types::bytes::buffer_arg(vm, &chunk)?;
            if data.is_empty() {
                break;
            }
            vm.grow(&mut out, data.len())?;
            out.extend_from_slice(&data);
            if readall.is_some() {
                break;
            }
        }
        return Ok(Value::Bytes(Rc::new(out)));
    }
    let n = n as usize;
    let size = st(vm, args, "read", |_vm, b| Ok(b.size))?;
    loop {
        let have = st(vm, args, "read", |_vm, b| Ok(b.unread()))?;
        if have >= n {
            break;
        }
        rupy_interp::thread::poll_native(vm)?;
        match fill_once(vm, args, &raw, size.max(n - have))? {
            None if have == 0 => return Ok(Value::None),
            None | Some(0) => break,
            Some(_) => {}
        }
    }
    take(vm, args, n)
}

fn buf_read1(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(vm, "read1", args.get(1..).unwrap_or(&[]), kw, ["size"], 0)?;
    let n = size_arg(vm, size.as_ref())?;
    let raw = prepare_read(vm, args, "read")?;
    let (have, bsize) = st(vm, args, "read1", |_vm, b| Ok((b.unread(), b.size)))?;
    let n = if n < 0 { bsize } else { n as usize };
    if n == 0 {
        return Ok(Value::Bytes(Rc::new(Vec::new())));
    }
    if have == 0 {
        fill_once(vm, args, &raw, n.max(bsize))?;
    }
    take(vm, args, n)
}

fn buf_peek(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let raw = prepare_read(vm, args, "peek")?;
    let (have, bsize) = st(vm, args, "peek", |_vm, b| Ok((b.unread(), b.size)))?;
    if have == 0 {
        fill_once(vm, args, &raw, bsize)?;
    }
    st(vm, args, "peek", |_vm, b| {
        Ok(Value::Bytes(Rc::new(b.rbuf[b.rpos..].to_vec())))
    })
}

fn buf_readline(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(
        vm,
        "readline",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["size"],
        0,
    )?;
    let limit = size_arg(vm, size.as_ref())?;
    let raw = prepare_read(vm, args, "readline")?;
    let bsize = st(vm, args, "readline", |_vm, b| Ok(b.size))?;
    let mut scanned = 0usize;
    loop {
        let found = st(vm, args, "readline", |_vm, b| {
            let rest = &b.rbuf[b.rpos..];
            let upto = if limit >= 0 {
                rest.len().min(limit as usize)
            } else {
                rest.len()
            };
            Ok(
                match rest[scanned.min(upto)..upto]
                    .iter()
                    .position(|c| *c == b'\n')
                {
                    Some(i) => Some(scanned + i + 1),
                    None if limit >= 0 && upto == limit as usize => Some(upto),
                    None => {
                        scanned = upto;
                        None
                    }
                },
            )
        })?;
        if let Some(k) = found {
            return take(vm, args, k);
        }
        rupy_interp::thread::poll_native(vm)?;
        match fill_once(vm, args, &raw, bsize)? {
            None | Some(0) => return take(vm, args, usize::MAX),
            Some(_) => {}
        }
    }
}

fn buf_readinto(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let me = args.first().cloned().unwrap_or(Value::None);
    super::readinto_via(vm, args.get(1), |vm, n| {
        buf_read(vm, &[me, Value::Int(n as i64)], &[])
    })
}

fn buf_write(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    rupy_interp::builtins::args::arity(vm, "write", args.get(1..).unwrap_or(&[]), 1, 1)?;
    let raw = raw_of(vm, args, "write")?;
    check_open(vm, &raw, "write to closed file")?;
    let data = rupy_interp::types::bytes::buffer_arg(vm, &args[1])?;
    write_bytes(vm, &args[..1], &raw, &data)?;
    Ok(Value::Int(data.len() as i64))
}

/// Append `data` to the write buffer of the stream `args[0]` (raw stream `raw`, known open),
/// passing the buffer on when it is full.
fn write_bytes(vm: &mut Vm, args: &[Value], raw: &Value, data: &[u8]) -> PyResult<()> {
    let (full, unread) = st(vm, args, "write", |vm, b| {
        if b.unread() > 0 {
            return Ok((false, true));
        }
        vm.grow(&mut b.wbuf, data.len())?;
        b.wbuf.extend_from_slice(data);
        Ok((b.wbuf.len() >= b.size, false))
    })?;
    if unread {
        rewind_reads(vm, args, raw)?;
        return write_bytes(vm, args, raw, data);
    }
    if full {
        flush_writes(vm, args, raw)?;
    }
    Ok(())
}

/// The text layer's shortcut to a native buffered stream: `Some(closed)` when `v` is a
/// BufferedWriter/BufferedRandom itself (not a subclass) over a raw stream.
pub(super) fn native_writer(vm: &mut Vm, v: &Value) -> Option<PyResult<bool>> {
    native_closed(vm, v, true)
}

/// `Some(closed)` when `v` is one of the Buffered classes itself (not a subclass), attached
/// to a raw stream (and, with `writer`, not a BufferedReader).
pub(super) fn native_closed(vm: &mut Vm, v: &Value, writer: bool) -> Option<PyResult<bool>> {
    let Value::Instance(i) = v else { return None };
    if i.class.borrow().flags().heap {
        return None;
    }
    let o = super::payload::<Buf>(v)?;
    let raw = {
        let d = o.data.try_borrow().ok()?;
        let b = d.downcast_ref::<Buf>()?;
        if (writer && b.kind == Kind::Reader) || b.detached {
            return None;
        }
        b.raw.clone()?
    };
    Some(raw_closed(vm, &raw))
}

/// `buffer.write(data)` for a stream `native_writer` accepted (and found open).
pub(super) fn native_write(vm: &mut Vm, v: &Value, data: &[u8]) -> PyResult<()> {
    let args = std::slice::from_ref(v);
    let raw = raw_of(vm, args, "write")?;
    write_bytes(vm, args, &raw, data)
}

fn buf_flush(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let raw = raw_of(vm, args, "flush")?;
    let kind = st(vm, args, "flush", |_vm, b| Ok(b.kind))?;
    let msg = if kind == Kind::Reader {
        "I/O operation on closed file."
    } else {
        "flush of closed file"
    };
    check_open(vm, &raw, msg)?;
    flush_writes(vm, args, &raw)?;
    Ok(Value::None)
}

/// `close()`: flush, then close the raw stream even when the flush failed.
fn buf_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let raw = raw_of(vm, args, "close")?;
    if raw_closed(vm, &raw)? {
        return Ok(Value::None);
    }
    let flushed = flush_writes(vm, args, &raw);
    st(vm, args, "close", |_vm, b| {
        b.rbuf.clear();
        b.rpos = 0;
        Ok(())
    })?;
    call_method(vm, &raw, "close", &[])?;
    flushed.map(|_| Value::None)
}

fn buf_detach(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let raw = raw_of(vm, args, "detach")?;
    flush_writes(vm, args, &raw)?;
    st(vm, args, "detach", |_vm, b| {
        b.detached = true;
        Ok(())
    })?;
    Ok(raw)
}

fn buf_tell(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let raw = raw_of(vm, args, "tell")?;
    let pos = call_method(vm, &raw, "tell", &[])?;
    let pos = ops::index_of(vm, &pos)?;
    let (unread, pending) = st(vm, args, "tell", |_vm, b| Ok((b.unread(), b.wbuf.len())))?;
    Ok(Value::Int((pos - unread as i64 + pending as i64).max(0)))
}

fn buf_seek(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [target, whence] = bind(
        vm,
        "seek",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["target", "whence"],
        1,
    )?;
    let target = target.unwrap_or(Value::None);
    if !rupy_objects::int::is_int(&target) && !matches!(target, Value::Instance(_)) {
        let t = ops::type_name(vm, &target);
        return Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            t
        )));
    }
    let mut pos = ops::index_of(vm, &target)?;
    let whence = match &whence {
        Some(w) => ops::index_of(vm, w)?,
        None => 0,
    };
    if !(0..=2).contains(&whence) {
        return Err(vm.value_error(format!("whence value {} unsupported", whence)));
    }
    let raw = raw_of(vm, args, "seek")?;
    check_open(vm, &raw, "seek of closed file")?;
    flush_writes(vm, args, &raw)?;
    let unread = st(vm, args, "seek", |_vm, b| {
        let u = b.unread();
        b.rbuf.clear();
        b.rpos = 0;
        Ok(u)
    })?;
    if whence == 1 {
        pos -= unread as i64;
    }
    call_method(vm, &raw, "seek", &[Value::Int(pos), Value::Int(whence)])
}

fn buf_truncate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [pos] = bind(vm, "truncate", args.get(1..).unwrap_or(&[]), kw, ["pos"], 0)?;
    let raw = raw_of(vm, args, "truncate")?;
    check_open(vm, &raw, "truncate of closed file")?;
    let kind = st(vm, args, "truncate", |_vm, b| Ok(b.kind))?;
    if kind == Kind::Reader {
        return Err(unsupported(vm, "truncate"));
    }
    let pos = match pos {
        None | Some(Value::None) => buf_tell(vm, &args[..1], &[])?,
        Some(p) => p,
    };
    flush_writes(vm, args, &raw)?;
    rewind_reads(vm, args, &raw)?;
    call_method(vm, &raw, "truncate", &[pos])
}

fn buf_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let tname = st(vm, args, "__repr__", |_vm, b| Ok(b.tname()))?;
    let module = "_io";
    let raw = raw_of(vm, args, "__repr__").ok();
    let name = match raw {
        Some(r) => {
            let n = vm.intern("name");
            match ops::getattr(vm, &r, &n) {
                Ok(v) => Some(ops::repr_string(vm, &v)?),
                Err(_) => None,
            }
        }
        None => None,
    };
    Ok(Value::string(match name {
        Some(n) => format!("<{}.{} name={}>", module, tname, n),
        None => format!("<{}.{}>", module, tname),
    }))
}

// ---- BufferedRWPair ----

/// A reader and a writer over two raw streams, as one object (`BufferedRWPair`): reads go
/// to a `BufferedReader` of the first, writes to a `BufferedWriter` of the second.
struct Pair {
    reader: Value,
    writer: Value,
}

const PAIR: &str = "BufferedRWPair";

pub(super) fn fill_pair(c: &Class) {
    add_method(c, PAIR, "__new__", pair_new);
    add_method(c, PAIR, "__init__", pair_init);
    let methods: [(&'static str, rupy_objects::NativeFn); 12] = [
        ("read", |vm, a, k| to_half(vm, a, k, false, "read")),
        ("peek", |vm, a, k| to_half(vm, a, k, false, "peek")),
        ("read1", |vm, a, k| to_half(vm, a, k, false, "read1")),
        ("readinto", |vm, a, k| to_half(vm, a, k, false, "readinto")),
        ("readinto1", |vm, a, k| {
            to_half(vm, a, k, false, "readinto1")
        }),
        ("readline", |vm, a, k| to_half(vm, a, k, false, "readline")),
        ("readable", |vm, a, k| to_half(vm, a, k, false, "readable")),
        ("write", |vm, a, k| to_half(vm, a, k, true, "write")),
        ("flush", |vm, a, k| to_half(vm, a, k, true, "flush")),
        ("writable", |vm, a, k| to_half(vm, a, k, true, "writable")),
        ("isatty", pair_isatty),
        ("close", pair_close),
    ];
    for (name, f) in methods {
        add_method(c, PAIR, name, f);
    }
    add_getter(c, PAIR, "closed", |vm, a, _k| {
        let w = half(vm, a, true)?;
        let n = vm.intern("closed");
        ops::getattr(vm, &w, &n)
    });
}

fn pair_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let obj = new_instance(
        vm,
        args,
        Box::new(Pair {
            reader: Value::None,
            writer: Value::None,
        }),
    )?;
    init_if_builtin(vm, obj, args, kw, pair_init)
}

fn pair_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [reader, writer, size] = bind(
        vm,
        PAIR,
        args.get(1..).unwrap_or(&[]),
        kw,
        ["reader", "writer", "buffer_size"],
        2,
    )?;
    let size = size.unwrap_or(Value::Int(DEFAULT_BUFFER_SIZE));
    let t = super::types(vm);
    let r = rupy_interp::call::call_value(
        vm,
        &Value::Class(t.reader.clone()),
        &[reader.unwrap_or(Value::None), size.clone()],
        &[],
    )?;
    let w = rupy_interp::call::call_value(
        vm,
        &Value::Class(t.writer.clone()),
        &[writer.unwrap_or(Value::None), size],
        &[],
    )?;
    with(vm, args, PAIR, "__init__", |_vm, p: &mut Pair| {
        p.reader = r;
        p.writer = w;
        Ok(Value::None)
    })
}

fn half(vm: &mut Vm, args: &[Value], writer: bool) -> PyResult<Value> {
    let v = with(vm, args, PAIR, "half", |_vm, p: &mut Pair| {
        Ok(if writer {
            p.writer.clone()
        } else {
            p.reader.clone()
        })
    })?;
    if v.is_none() {
        return Err(vm.value_error("I/O operation on uninitialized object"));
    }
    Ok(v)
}

fn to_half(vm: &mut Vm, args: &[Value], kw: &KwArgs, writer: bool, meth: &str) -> PyResult<Value> {
    let h = half(vm, args, writer)?;
    let n = vm.intern(meth);
    let m = ops::getattr(vm, &h, &n)?;
    rupy_interp::call::call_value(vm, &m, args.get(1..).unwrap_or(&[]), kw)
}

fn pair_isatty(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let w = half(vm, args, true)?;
    let v = call_method(vm, &w, "isatty", &[])?;
    if ops::truthy(vm, &v)? {
        return Ok(v);
    }
    let r = half(vm, args, false)?;
    call_method(vm, &r, "isatty", &[])
}

/// Close the writer (flushing it), then the reader, even when the first close failed.
fn pair_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let w = half(vm, args, true)?;
    let r = half(vm, args, false)?;
    let first = call_method(vm, &w, "close", &[]);
    call_method(vm, &r, "close", &[])?;
    first.map(|_| Value::None)
}
