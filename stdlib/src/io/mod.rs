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
//! `open` hands a validated mode to the builtin file objects of `interp::builtins::io`
//! (`TextIOWrapper`/`BufferedReader` here are those classes); `FileIO`, `BufferedWriter`,
//! `BufferedRandom`, `BufferedRWPair` and `IncrementalNewlineDecoder` exist so `io.py` imports
//! but cannot be instantiated yet (`UnsupportedOperation`).

mod bases;
mod memio;

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, bind};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyDict, PyErr, PyResult, Value, Vm};

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
    let t = Types {
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
    ] {
        d.set_s(name, Value::Class(c.clone()));
    }
    let (text, binary) = rupy_interp::builtins::io::file_classes(vm);
    d.set_s("TextIOWrapper", Value::Class(text));
    d.set_s("BufferedReader", Value::Class(binary));
    for (name, base) in [
        ("FileIO", &t.rawiobase),
        ("BufferedWriter", &t.bufferediobase),
        ("BufferedRandom", &t.bufferediobase),
        ("BufferedRWPair", &t.bufferediobase),
        ("IncrementalNewlineDecoder", &vm.object.clone()),
    ] {
        let c = new_type(vm, name, Some(base));
        rupy_interp::builtins::args::add_method(&c, "_io", "__new__", not_yet);
        d.set_s(name, Value::Class(c));
    }
    add_fn(d, "open", io_open);
    add_fn(d, "open_code", io_open_code);
    add_fn(d, "text_encoding", text_encoding);
    Ok(())
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

/// `getattr(obj, name)(*args)`.
pub(crate) fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let n = vm.intern(name);
    let m = ops::getattr(vm, obj, &n)?;
    call_value(vm, &m, args, &[])
}

fn not_yet(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let name = match args.first() {
        Some(Value::Class(c)) => c.name().to_string(),
        _ => "this class".to_owned(),
    };
    Err(unsupported(
        vm,
        &format!("_io.{} is not implemented in rupy yet", name),
    ))
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
    let _ = updating;
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
    Ok(Mode { binary })
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
                return Err(
                    vm.value_error(format!("binary mode doesn't take an {} argument", what))
                );
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
    let _ = (closefd, opener);
    if !rupy_interp::builtins::io::files_allowed(vm) {
        return Err(rupy_interp::builtins::io::files_refused(vm));
    }
    let mut pass = vec![file, Value::str(&mode_s)];
    if let Some(b) = buffering {
        pass.push(b);
    }
    let mut kwargs: Vec<(Rc<rupy_objects::PyStr>, Value)> = Vec::new();
    for (what, v) in [
        ("encoding", encoding),
        ("errors", errors),
        ("newline", newline),
    ] {
        if let Some(v) = v {
            kwargs.push((vm.intern(what), v));
        }
    }
    rupy_interp::builtins::io::builtin_open(vm, &pass, &kwargs)
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
