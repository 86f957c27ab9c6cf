//! `_io`, the native half of CPython's `io` module: the base classes `_IOBase`,
//! `_RawIOBase`, `_BufferedIOBase` and `_TextIOBase` (which `Lib/io.py` subclasses with
//! `abc.ABCMeta`), the in-memory streams `StringIO` and `BytesIO` (`memio`), `open`,
//! `text_encoding` and the constants and exceptions `io.py` re-exports.
//!
//! Invariants: every class here is a builtin type (`vm::derived`) whose instances may also be
//! made by Python subclasses; a native stream's state lives in an `Opaque` held as the
//! instance's builtin payload (like `class L(list)` carries its list), borrowed only while no
//! Python code runs. The base-class methods are generic: they work through Python-level
//! attribute calls (`self.read`, `self.closed`...) exactly as `_pyio` describes, and keep a
//! Python subclass's closed state in its `__IOBase_closed` attribute as CPython does.
//!
//! Files: `open`/`open_code` and the file classes reach the file system only when
//! `rupy_interp::builtins::io::files_allowed` says so; an interpreter made with
//! `Config::sandbox()` refuses them with `PermissionError` while the in-memory streams work.
//! `open` stacks `FileIO` (`file`), a `Buffered*` (`buffered`) and `TextIOWrapper` (`text`)
//! as CPython's does, and is also `builtins.open` (`install_open`); `sys.stdout` and friends
//! stay the simpler file objects of `interp::builtins::io` (not `_io.TextIOWrapper`s).
//! `IncrementalNewlineDecoder` is in `newline`. `_IOBase.__del__` closes what is left open
//! (the file classes are marked `has_del`), so unclosed files are flushed when dropped.
//!
//! Known gap: the payloads that hold Python objects (a buffered stream's raw stream, a text
//! stream's buffer, a pair's halves, a newline decoder's inner decoder) are not traced by the
//! cycle collector, so a reference cycle through one of them is never freed.

mod bases;
mod buffered;
mod file;
mod memio;
mod newline;
mod text;

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, bind};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use std::cell::RefCell;

use rupy_objects::{Class, Instance, KwArgs, Opaque, Payload, PyDict, PyErr, PyResult, Value, Vm};

/// CPython's `io.DEFAULT_BUFFER_SIZE`.
pub const DEFAULT_BUFFER_SIZE: i64 = 8192;

/// The interpreter's `_io` classes, made once.
#[derive(Clone)]
pub(crate) struct Types {
    pub(crate) iobase: Rc<Class>,
    pub(crate) rawiobase: Rc<Class>,
    pub(crate) bufferediobase: Rc<Class>,
    pub(crate) textiobase: Rc<Class>,
    pub(crate) stringio: Rc<Class>,
    pub(crate) bytesio: Rc<Class>,
    pub(crate) fileio: Rc<Class>,
    pub(crate) reader: Rc<Class>,
    pub(crate) writer: Rc<Class>,
    pub(crate) random: Rc<Class>,
    pub(crate) textio: Rc<Class>,
}

#[derive(Default)]
struct IoState(std::cell::RefCell<Option<Types>>);

pub(crate) fn types(vm: &mut Vm) -> Types {
    let st = vm.shared_state::<IoState>();
    if let Some(t) = st.0.borrow().clone() {
        return t;
    }
    let iobase = new_type(vm, "_IOBase", None);
    let rawiobase = new_type(vm, "_RawIOBase", Some(&iobase));
    let bufferediobase = new_type(vm, "_BufferedIOBase", Some(&iobase));
    let textiobase = new_type(vm, "_TextIOBase", Some(&iobase));
    bases::fill(&iobase, &rawiobase, &bufferediobase, &textiobase);
    let stringio = new_type(vm, "StringIO", Some(&textiobase));
    let bytesio = new_type(vm, "BytesIO", Some(&bufferediobase));
    memio::fill(&stringio, &bytesio);
    let fileio = new_type(vm, "FileIO", Some(&rawiobase));
    file::fill(&fileio);
    let reader = new_type(vm, "BufferedReader", Some(&bufferediobase));
    buffered::fill(&reader, buffered::Kind::Reader);
    let writer = new_type(vm, "BufferedWriter", Some(&bufferediobase));
    buffered::fill(&writer, buffered::Kind::Writer);
    let random = new_type(vm, "BufferedRandom", Some(&bufferediobase));
    buffered::fill(&random, buffered::Kind::Random);
    let textio = new_type(vm, "TextIOWrapper", Some(&textiobase));
    text::fill(&textio);
    // Builtin classes get no `has_del` from their dict (only heap classes are scanned):
    // the file classes need `_IOBase.__del__` to flush and close what is left open.
    for c in [&fileio, &reader, &writer, &random, &textio] {
        c.flags.set(rupy_objects::TypeFlags {
            has_del: true,
            ..c.flags()
        });
    }
    let t = Types {
        fileio,
        reader,
        writer,
        random,
        textio,
        iobase,
        rawiobase,
        bufferediobase,
        textiobase,
        stringio,
        bytesio,
    };
    *st.0.borrow_mut() = Some(t.clone());
    t
}

fn new_type(vm: &mut Vm, name: &str, base: Option<&Rc<Class>>) -> Rc<Class> {
    let base = base.cloned().unwrap_or_else(|| vm.object.clone());
    let c = rupy_objects::vm::derived(name, &base);
    c.dict().set_s("__module__", Value::str("_io"));
    c
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let t = types(vm);
    d.set_s("DEFAULT_BUFFER_SIZE", Value::Int(DEFAULT_BUFFER_SIZE));
    d.set_s(
        "BlockingIOError",
        Value::Class(vm.exc(ExcKind::BlockingIOError)),
    );
    d.set_s("UnsupportedOperation", Value::Class(unsupported_class(vm)));
    for (name, c) in [
        ("_IOBase", &t.iobase),
        ("_RawIOBase", &t.rawiobase),
        ("_BufferedIOBase", &t.bufferediobase),
        ("_TextIOBase", &t.textiobase),
        ("StringIO", &t.stringio),
        ("BytesIO", &t.bytesio),
        ("FileIO", &t.fileio),
        ("BufferedReader", &t.reader),
        ("BufferedWriter", &t.writer),
        ("BufferedRandom", &t.random),
        ("TextIOWrapper", &t.textio),
    ] {
        d.set_s(name, Value::Class(c.clone()));
    }
    let nd = new_type(vm, "IncrementalNewlineDecoder", None);
    newline::fill(&nd);
    d.set_s("IncrementalNewlineDecoder", Value::Class(nd));
    let pair = new_type(vm, "BufferedRWPair", Some(&t.bufferediobase));
    buffered::fill_pair(&pair);
    d.set_s("BufferedRWPair", Value::Class(pair));
    // `open is io.open`: the one `install_open` put in builtins, when it is there.
    let open = match vm.builtins.get_s("open") {
        Some(v @ Value::Native(_)) if is_io_open(&v) => v,
        _ => rupy_interp::builtins::args::native("open", "_io", io_open),
    };
    d.set_s("open", open);
    add_fn(d, "open_code", io_open_code);
    add_fn(d, "text_encoding", text_encoding);
    Ok(())
}

/// Make `builtins.open` this module's `open` (CPython: `open is io.open`). Interpreters made
/// without the shipped modules keep `interp::builtins::io`'s simpler files.
pub fn install_open(vm: &mut Vm) {
    let open = rupy_interp::builtins::args::native("open", "_io", io_open);
    vm.builtins.set_s("open", open);
}

fn is_io_open(v: &Value) -> bool {
    matches!(v, Value::Native(n) if n.owner == "_io" && n.name == "open")
}

/// `io.UnsupportedOperation` (an `OSError` and a `ValueError`), shared with the builtin files.
pub(crate) fn unsupported_class(vm: &mut Vm) -> Rc<Class> {
    rupy_interp::builtins::io::unsupported_class(vm)
}

pub(crate) fn unsupported(vm: &mut Vm, what: &str) -> PyErr {
    PyErr::lazy(unsupported_class(vm), what.to_owned())
}

pub(crate) fn closed_error(vm: &Vm) -> PyErr {
    vm.value_error("I/O operation on closed file.")
}

// ---- reaching the buffer ----

pub(crate) fn payload<T: 'static>(v: &Value) -> Option<Rc<Opaque>> {
    let Value::Instance(i) = v else { return None };
    let Payload::Value(p) = &i.payload else {
        return None;
    };
    let Value::Opaque(o) = &*p.try_borrow().ok()? else {
        return None;
    };
    o.data.try_borrow().ok()?.is::<T>().then(|| o.clone())
}

/// Run `f` on the receiver's buffer (`args[0]`); `f` must not call Python code.
pub(crate) fn with<T: 'static, R>(
    vm: &mut Vm,
    args: &[Value],
    tname: &str,
    meth: &str,
    f: impl FnOnce(&mut Vm, &mut T) -> PyResult<R>,
) -> PyResult<R> {
    let Some(o) = args.first().and_then(payload::<T>) else {
        let t = args
            .first()
            .map(|v| ops::type_name(vm, v))
            .unwrap_or_else(|| "NoneType".to_owned());
        return Err(vm.type_error(format!(
            "descriptor '{}' for '_io.{}' objects doesn't apply to a '{}' object",
            meth, tname, t
        )));
    };
    let Ok(mut d) = o.data.try_borrow_mut() else {
        return Err(vm.err(ExcKind::RuntimeError, format!("{} is in use", tname)));
    };
    let Some(state) = d.downcast_mut::<T>() else {
        return Err(vm.type_error(format!("expected a {} object", tname)));
    };
    f(vm, state)
}

pub(crate) fn new_instance(
    vm: &mut Vm,
    args: &[Value],
    state: Box<dyn std::any::Any>,
) -> PyResult<Value> {
    let Some(Value::Class(cls)) = args.first() else {
        return Err(vm.type_error("__new__(X): X is not a type object"));
    };
    let core = Value::Opaque(Rc::new(Opaque {
        class: vm.object.clone(),
        data: RefCell::new(state),
    }));
    Ok(Value::new_instance(Instance::new(
        cls.clone(),
        Payload::Value(RefCell::new(core)),
    )))
}

/// A builtin class's instance is complete after `__new__` (the interpreter calls no
/// `__init__` for it), so `__new__` runs `__init__` itself; a Python subclass gets its own
/// `__init__` call.
pub(crate) fn init_if_builtin(
    vm: &mut Vm,
    obj: Value,
    args: &[Value],
    kw: &KwArgs,
    init: rupy_objects::NativeFn,
) -> PyResult<Value> {
    if let Some(Value::Class(c)) = args.first()
        && !c.flags().heap
    {
        let mut full = vec![obj.clone()];
        full.extend_from_slice(&args[1..]);
        init(vm, &full, kw)?;
    }
    Ok(obj)
}

/// `readinto(b)` for any writable bytes-like `b` (bytearray, memoryview of one, array...):
/// `read(len(b))` with the given reader, then the bytes stored at the start of `b`. Returns the
/// count, or None when the reader would block.
pub(crate) fn readinto_via(
    vm: &mut Vm,
    target: Option<&Value>,
    read: impl FnOnce(&mut Vm, usize) -> PyResult<Value>,
) -> PyResult<Value> {
    let target = target.cloned().unwrap_or(Value::None);
    let n = match &target {
        Value::ByteArray(b) => b.borrow().len(),
        v if crate::array::byte_len(v).is_some() => crate::array::byte_len(v).unwrap_or(0),
        Value::Opaque(_) | Value::Instance(_) => ops::len(vm, &target)?,
        _ => {
            let t = ops::type_name(vm, &target);
            return Err(vm.type_error(format!(
                "readinto() argument must be read-write bytes-like object, not {}",
                t
            )));
        }
    };
    let data = read(vm, n)?;
    let Some((d, _)) = rupy_interp::types::bytes::bytes_of(&data) else {
        return Ok(Value::None);
    };
    let k = d.len().min(n);
    match &target {
        Value::ByteArray(b) => match b.try_borrow_mut() {
            Ok(mut b) => b[..k].copy_from_slice(&d[..k]),
            Err(_) => return Err(vm.err(ExcKind::BufferError, "bytearray is in use")),
        },
        // An array's buffer takes the raw bytes (a partial last item keeps its other bytes).
        other if crate::array::store_prefix(other, &d[..k]) => {}
        other => {
            let key = Value::Slice(Rc::new(rupy_objects::PySlice {
                start: Value::Int(0),
                stop: Value::Int(k as i64),
                step: Value::None,
            }));
            ops::setitem(vm, other, &key, Value::Bytes(Rc::new(d[..k].to_vec())))?;
        }
    }
    Ok(Value::Int(k as i64))
}

/// `getattr(obj, name)(*args)`.
pub(crate) fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let n = vm.intern(name);
    let m = ops::getattr(vm, obj, &n)?;
    call_value(vm, &m, args, &[])
}

/// `text_encoding(encoding, stacklevel=2, /)`: the encoding to use when none was given.
fn text_encoding(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    rupy_interp::builtins::args::no_kwargs(vm, "text_encoding", kw)?;
    rupy_interp::builtins::args::arity(vm, "text_encoding", args, 1, 2)?;
    match &args[0] {
        Value::None => Ok(Value::str("locale")),
        v => Ok(v.clone()),
    }
}

/// The modes `open` accepts, checked as CPython's `_io.open` does (same messages).
pub(crate) struct Mode {
    pub(crate) binary: bool,
    pub(crate) updating: bool,
    /// 'r', 'w', 'a' or 'x'.
    pub(crate) kind: char,
}

pub(crate) fn parse_mode(vm: &mut Vm, mode: &str) -> PyResult<Mode> {
    let (mut creating, mut reading, mut writing, mut appending, mut updating) =
        (false, false, false, false, false);
    let (mut text, mut binary) = (false, false);
    let mut seen = String::new();
    for c in mode.chars() {
        if !"xrwabt+".contains(c) || seen.contains(c) {
            return Err(vm.value_error(format!("invalid mode: '{}'", mode)));
        }
        seen.push(c);
        match c {
            'x' => creating = true,
            'r' => reading = true,
            'w' => writing = true,
            'a' => appending = true,
            '+' => updating = true,
            't' => text = true,
            _ => binary = true,
        }
    }
    if text && binary {
        return Err(vm.value_error("can't have text and binary mode at once"));
    }
    if [creating, reading, writing, appending]
        .iter()
        .filter(|b| **b)
        .count()
        > 1
    {
        return Err(vm.value_error("must have exactly one of create/read/write/append mode"));
    }
    if !(creating || reading || writing || appending) {
        return Err(vm.value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    }
    let kind = if creating {
        'x'
    } else if reading {
        'r'
    } else if writing {
        'w'
    } else {
        'a'
    };
    Ok(Mode {
        binary,
        updating,
        kind,
    })
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)`.
fn io_open(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [
        file,
        mode,
        buffering,
        encoding,
        errors,
        newline,
        closefd,
        opener,
    ] = bind(
        vm,
        "open",
        args,
        kw,
        [
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        1,
    )?;
    let file = file.unwrap_or(Value::None);
    let mode_s = match &mode {
        None => "r".to_owned(),
        Some(Value::Str(s)) => s.as_str().to_owned(),
        Some(v) => {
            let t = ops::type_name(vm, v);
            return Err(vm.type_error(format!("open() argument 'mode' must be str, not {}", t)));
        }
    };
    for (what, v) in [
        ("encoding", &encoding),
        ("errors", &errors),
        ("newline", &newline),
    ] {
        if let Some(v) = v
            && !matches!(v, Value::None | Value::Str(_))
        {
            let t = ops::type_name(vm, v);
            return Err(vm.type_error(format!(
                "open() argument '{}' must be str or None, not {}",
                what, t
            )));
        }
    }
    let m = parse_mode(vm, &mode_s)?;
    if m.binary {
        for (what, v) in [
            ("encoding", &encoding),
            ("errors", &errors),
            ("newline", &newline),
        ] {
            if matches!(v, Some(Value::Str(_))) {
                let article = if what == "newline" { "a" } else { "an" };
                return Err(vm.value_error(format!(
                    "binary mode doesn't take {} {} argument",
                    article, what
                )));
            }
        }
    }
    if let Some(Value::Str(nl)) = &newline
        && !matches!(nl.as_str(), "" | "\n" | "\r" | "\r\n")
    {
        return Err(vm.value_error(format!("illegal newline value: {}", nl.as_str())));
    }
    if let Some(Value::Int(0)) = buffering
        && !m.binary
    {
        return Err(vm.value_error("can't have unbuffered text I/O"));
    }
    let buffering = match &buffering {
        None | Some(Value::None) => -1,
        Some(v) => ops::index_of(vm, v)?,
    };
    if buffering == 0 && !m.binary {
        return Err(vm.value_error("can't have unbuffered text I/O"));
    }
    if !rupy_interp::builtins::io::files_allowed(vm) {
        return Err(rupy_interp::builtins::io::files_refused(vm));
    }
    let t = types(vm);
    let rawmode = format!("{}{}", m.kind, if m.updating { "+" } else { "" });
    let mut raw_kw: Vec<(Rc<rupy_objects::PyStr>, Value)> = Vec::new();
    if let Some(c) = closefd {
        raw_kw.push((vm.intern("closefd"), c));
    }
    if let Some(o) = opener {
        raw_kw.push((vm.intern("opener"), o));
    }
    let raw = call_value(
        vm,
        &Value::Class(t.fileio.clone()),
        &[file, Value::str(&rawmode)],
        &raw_kw,
    )?;
    let built = (|| -> PyResult<Value> {
        let tty = call_method(vm, &raw, "isatty", &[])?;
        let line_buffering = buffering == 1 || (buffering < 0 && ops::truthy(vm, &tty)?);
        if buffering == 0 {
            return Ok(raw.clone());
        }
        let size = if buffering > 1 {
            buffering
        } else {
            DEFAULT_BUFFER_SIZE
        };
        let cls = if m.updating {
            &t.random
        } else if m.kind == 'r' {
            &t.reader
        } else {
            &t.writer
        };
        let buffer = call_value(
            vm,
            &Value::Class(cls.clone()),
            &[raw.clone(), Value::Int(size)],
            &[],
        )?;
        if m.binary {
            return Ok(buffer);
        }
        let text = call_value(
            vm,
            &Value::Class(t.textio.clone()),
            &[
                buffer,
                encoding.unwrap_or(Value::None),
                errors.unwrap_or(Value::None),
                newline.unwrap_or(Value::None),
                Value::bool(line_buffering),
            ],
            &[],
        )?;
        let n = vm.intern("mode");
        ops::setattr(vm, &text, &n, Value::str(&mode_s))?;
        Ok(text)
    })();
    if built.is_err() {
        let _ = call_method(vm, &raw, "close", &[]);
    }
    built
}

/// `open_code(path)`: open for reading in binary mode, as the importer does.
fn io_open_code(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [path] = bind(vm, "open_code", args, kw, ["path"], 1)?;
    let path = path.unwrap_or(Value::None);
    if !matches!(path, Value::Str(_)) {
        let t = ops::type_name(vm, &path);
        return Err(vm.type_error(format!(
            "open_code() argument 'path' must be str, not {}",
            t
        )));
    }
    io_open(vm, &[path, Value::str("rb")], &[])
}
