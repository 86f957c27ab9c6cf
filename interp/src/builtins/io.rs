//! Text and binary I/O objects: `sys.stdout`/`stderr`/`stdin`, files from `open()`, and
//! `input()`. Reads from stdin release the GIL. Standard output is buffered in the interpreter and flushed before anything is
//! written to stderr and at exit, so the two streams interleave as CPython's do.

use std::cell::RefCell;
use std::io::{BufRead, Read, Write};
use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Opaque, PyResult, Truth, TypeFlags, Value, Vm};

use super::args::{add_method, bind};
use crate::call::call_value;
use crate::ops;

pub enum Stream {
    Stdout,
    Stderr,
    Stdin,
    File {
        file: Option<std::fs::File>,
        read_buf: Option<Vec<u8>>,
        pos: usize,
    },
}

pub struct FileObj {
    pub stream: Stream,
    pub name: String,
    pub mode: String,
    pub binary: bool,
    pub closed: bool,
    pub writable: bool,
    pub readable: bool,
}

#[derive(Default)]
pub struct IoTypes {
    pub text: RefCell<Option<Rc<Class>>>,
    pub binary: RefCell<Option<Rc<Class>>>,
    /// `io.UnsupportedOperation` (an OSError and a ValueError).
    pub unsupported: RefCell<Option<Rc<Class>>>,
}

fn new_class(vm: &mut Vm, name: &str) -> Rc<Class> {
    let c = rupy_objects::vm::derived(name, &vm.object);
    c.set_filler(fill);
    c
}

/// The file methods (text and binary files share them), added on first use of the type.
fn fill(c: &Class) {
    c.dict().set_s("__module__", Value::str("_io"));
    add_method(c, "TextIOWrapper", "write", file_write);
    add_method(c, "TextIOWrapper", "read", file_read);
    add_method(c, "TextIOWrapper", "readline", file_readline);
    add_method(c, "TextIOWrapper", "readlines", file_readlines);
    add_method(c, "TextIOWrapper", "writelines", file_writelines);
    add_method(c, "TextIOWrapper", "flush", file_flush);
    add_method(c, "TextIOWrapper", "close", file_close);
    add_method(c, "TextIOWrapper", "__enter__", file_enter);
    add_method(c, "TextIOWrapper", "__exit__", file_exit);
    add_method(c, "TextIOWrapper", "__iter__", file_enter);
    add_method(c, "TextIOWrapper", "__next__", file_next);
    add_method(c, "TextIOWrapper", "fileno", file_fileno);
    add_method(c, "TextIOWrapper", "isatty", file_isatty);
    add_method(c, "TextIOWrapper", "readable", file_readable);
    add_method(c, "TextIOWrapper", "writable", file_writable);
}

pub fn init(vm: &mut Vm) {
    let text = new_class(vm, "TextIOWrapper");
    let binary = new_class(vm, "BufferedReader");
    let bases = vec![vm.exc(ExcKind::OSError), vm.exc(ExcKind::ValueError)];
    let unsupported = Rc::new(Class::new_builtin(
        "UnsupportedOperation",
        bases.clone(),
        TypeFlags {
            exception: true,
            ..Default::default()
        },
    ));
    if let Ok(mro) = crate::types::class::compute_mro(vm, &unsupported, &bases) {
        *unsupported.mro.borrow_mut() = mro;
    }
    unsupported
        .base_kind
        .set(rupy_objects::class::BaseKind::Exception);
    // Teardown breaks its class ↔ MRO cycle.
    rupy_objects::gc::track_permanent(&unsupported);
    unsupported.dict().set_s("__module__", Value::str("io"));
    let st = vm.shared_state::<IoTypes>();
    *st.text.borrow_mut() = Some(text);
    *st.binary.borrow_mut() = Some(binary);
    *st.unsupported.borrow_mut() = Some(unsupported);
}

/// Whether code of this interpreter may open files. An interpreter made for untrusted code
/// (`Config::sandbox()`) turns it off with `deny_files`; `open`, `_io.open` and the file
/// classes then raise `PermissionError` while in-memory streams keep working.
#[derive(Default)]
pub struct FileAccess {
    denied: std::cell::Cell<bool>,
}

/// Refuse every file-system access through `open` from now on (cannot be undone).
pub fn deny_files(vm: &Vm) {
    vm.shared_state::<FileAccess>().denied.set(true);
}

pub fn files_allowed(vm: &Vm) -> bool {
    !vm.shared_state::<FileAccess>().denied.get()
}

pub fn files_refused(vm: &Vm) -> rupy_objects::PyErr {
    vm.err(
        ExcKind::PermissionError,
        "file access is not allowed in this interpreter",
    )
}

/// The classes of text and binary files (`_io.TextIOWrapper`, `_io.BufferedReader`).
pub fn file_classes(vm: &mut Vm) -> (Rc<Class>, Rc<Class>) {
    let st = vm.shared_state::<IoTypes>();
    let t = st.text.borrow().clone();
    let b = st.binary.borrow().clone();
    (
        t.unwrap_or_else(|| vm.object.clone()),
        b.unwrap_or_else(|| vm.object.clone()),
    )
}

/// `io.UnsupportedOperation`.
pub fn unsupported_class(vm: &mut Vm) -> Rc<Class> {
    vm.shared_state::<IoTypes>()
        .unsupported
        .borrow()
        .clone()
        .unwrap_or_else(|| vm.exc(ExcKind::OSError))
}

pub fn std_stream(vm: &mut Vm, which: u8) -> Value {
    let (stream, name, mode) = match which {
        0 => (Stream::Stdin, "<stdin>", "r"),
        1 => (Stream::Stdout, "<stdout>", "w"),
        _ => (Stream::Stderr, "<stderr>", "w"),
    };
    let obj = FileObj {
        stream,
        name: name.into(),
        mode: mode.into(),
        binary: false,
        closed: false,
        writable: which != 0,
        readable: which == 0,
    };
    let cls = vm
        .shared_state::<IoTypes>()
        .text
        .borrow()
        .clone()
        .unwrap_or_else(|| vm.object.clone());
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(obj)),
    }))
}

fn with_file<T>(
    vm: &mut Vm,
    v: &Value,
    f: impl FnOnce(&mut Vm, &mut FileObj) -> PyResult<T>,
) -> PyResult<T> {
    let Value::Opaque(o) = v else {
        return Err(vm.type_error("expected a file object"));
    };
    // Taken while a thread waits on stdin with the GIL released: another thread using the
    // same stream gets CPython's error for re-entrant buffered I/O instead of waiting.
    let Ok(mut data) = o.data.try_borrow_mut() else {
        return Err(vm.err(
            ExcKind::RuntimeError,
            "reentrant call inside <_io.TextIOWrapper>",
        ));
    };
    let Some(file) = data.downcast_mut::<FileObj>() else {
        return Err(vm.type_error("expected a file object"));
    };
    f(vm, file)
}

fn closed_error(vm: &Vm) -> rupy_objects::PyErr {
    vm.value_error("I/O operation on closed file.")
}

fn unsupported(vm: &mut Vm, what: &str) -> rupy_objects::PyErr {
    let cls = vm
        .shared_state::<IoTypes>()
        .unsupported
        .borrow()
        .clone()
        .unwrap_or_else(|| vm.exc(ExcKind::OSError));
    rupy_objects::PyErr::lazy(cls, what.to_owned())
}

fn write_bytes(vm: &mut Vm, f: &mut FileObj, data: &[u8]) -> PyResult<()> {
    if f.closed {
        return Err(closed_error(vm));
    }
    if !f.writable {
        return Err(unsupported(vm, "not writable"));
    }
    if matches!(f.stream, Stream::Stdout | Stream::Stderr) {
        vm.charge_output(data.len())?;
    }
    let r = match &mut f.stream {
        Stream::Stdout => vm.write_stdout(data),
        Stream::Stderr => {
            let _ = vm.flush_stdout();
            vm.shared
                .stderr
                .write(data)
                .and_then(|_| vm.shared.stderr.take().finish())
        }
        Stream::Stdin => Ok(()),
        Stream::File { file: Some(fh), .. } => fh.write_all(data),
        Stream::File { file: None, .. } => return Err(closed_error(vm)),
    };
    r.map_err(|e| os_error(vm, &e, None))
}

pub fn os_error(vm: &mut Vm, e: &std::io::Error, filename: Option<&str>) -> rupy_objects::PyErr {
    let (kind, errno, msg) = match e.kind() {
        std::io::ErrorKind::NotFound => {
            (ExcKind::FileNotFoundError, 2, "No such file or directory")
        }
        std::io::ErrorKind::PermissionDenied => (ExcKind::PermissionError, 13, "Permission denied"),
        std::io::ErrorKind::AlreadyExists => (ExcKind::FileExistsError, 17, "File exists"),
        _ => {
            if e.raw_os_error() == Some(21) {
                (ExcKind::IsADirectoryError, 21, "Is a directory")
            } else if e.raw_os_error() == Some(20) {
                (ExcKind::NotADirectoryError, 20, "Not a directory")
            } else {
                (
                    ExcKind::OSError,
                    e.raw_os_error().unwrap_or(5) as i64,
                    "Input/output error",
                )
            }
        }
    };
    let mut args = vec![Value::Int(errno), Value::str(msg)];
    if let Some(f) = filename {
        args.push(Value::str(f));
    }
    let cls = vm.exc(kind);
    let obj = crate::types::class::new_instance(vm, &cls);
    let mut full = vec![obj.clone()];
    full.extend(args);
    let init = cls.lookup_s("__init__").unwrap_or(Value::None);
    let _ = call_value(vm, &init, &full, &[]);
    rupy_objects::PyErr::from_obj(obj)
}

/// Is `target` one of our own file objects (or the default stdout)?
pub fn is_native_file(target: &Option<Value>) -> bool {
    match target {
        None | Some(Value::None) => true,
        Some(Value::Opaque(o)) => o.data.borrow().is::<FileObj>(),
        _ => false,
    }
}

/// Write `s` to a target file object (None = our stdout / stderr).
pub fn write_to(vm: &mut Vm, target: Option<Value>, s: &str, to_stderr: bool) -> PyResult<()> {
    match target {
        Some(t @ Value::Opaque(_)) => {
            let is_file = matches!(&t, Value::Opaque(o) if o.data.borrow().is::<FileObj>());
            if is_file {
                with_file(vm, &t, |vm, f| write_bytes(vm, f, s.as_bytes()))?;
                flush_stdout_if_due(vm);
                return Ok(());
            }
            let w = vm.intern("write");
            let m = ops::getattr(vm, &t, &w)?;
            call_value(vm, &m, &[Value::str(s)], &[])?;
            Ok(())
        }
        Some(Value::None) | None => {
            // Without `sys` (a sandbox) this is the only path to the console: it counts
            // against the output limit like a write to the file objects.
            vm.charge_output(s.len())?;
            if to_stderr {
                let _ = vm.flush_stdout();
                let _ = vm
                    .shared
                    .stderr
                    .write(s.as_bytes())
                    .and_then(|_| vm.shared.stderr.take().finish());
            } else {
                let _ = vm.write_stdout(s.as_bytes());
                flush_stdout_if_due(vm);
            }
            Ok(())
        }
        Some(t) => {
            let w = vm.intern("write");
            let m = ops::getattr(vm, &t, &w)?;
            call_value(vm, &m, &[Value::str(s)], &[])?;
            Ok(())
        }
    }
}

/// A write left a lot of standard output buffered: write it out, releasing the GIL. Called
/// once the file object's borrow is over, so other threads may print meanwhile.
fn flush_stdout_if_due(vm: &mut Vm) {
    if vm.shared.stdout.pending() >= crate::thread::STDOUT_FLUSH_AT {
        crate::thread::flush_stdout(vm);
    }
}

pub fn flush_target(vm: &mut Vm, target: Option<Value>) -> PyResult<()> {
    match target {
        Some(t @ Value::Opaque(_)) => {
            let is_file = matches!(&t, Value::Opaque(o) if o.data.borrow().is::<FileObj>());
            if is_file {
                let is_stdout = with_file(vm, &t, |_, f| {
                    match &mut f.stream {
                        Stream::Stdout => return Ok(true),
                        Stream::File { file: Some(fh), .. } => {
                            let _ = fh.flush();
                        }
                        _ => {}
                    }
                    Ok(false)
                })?;
                // Outside the file object's borrow: the GIL is released while writing.
                if is_stdout {
                    crate::thread::flush_stdout(vm);
                }
            }
            Ok(())
        }
        None | Some(Value::None) => {
            crate::thread::flush_stdout(vm);
            Ok(())
        }
        Some(t) => {
            let n = vm.intern("flush");
            if let Ok(m) = ops::getattr(vm, &t, &n) {
                call_value(vm, &m, &[], &[])?;
            }
            Ok(())
        }
    }
}

fn file_write(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(data) = args.get(1).cloned() else {
        return Err(vm.type_error("write() takes exactly one argument (0 given)"));
    };
    let r = with_file(vm, &args[0], |vm, f| {
        let (bytes, n) = match (&data, f.binary) {
            (Value::Str(s), false) => (s.as_str().as_bytes().to_vec(), s.char_len()),
            (Value::Bytes(b), true) => (b.to_vec(), b.len()),
            (Value::ByteArray(b), true) => (b.borrow().clone(), b.borrow().len()),
            (v, false) => {
                return Err(vm.type_error(format!(
                    "write() argument must be str, not {}",
                    ops::type_name(vm, v)
                )));
            }
            (v, true) => {
                return Err(vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    ops::type_name(vm, v)
                )));
            }
        };
        write_bytes(vm, f, &bytes)?;
        Ok(Value::Int(n as i64))
    })?;
    flush_stdout_if_due(vm);
    Ok(r)
}

fn ensure_read_buf(vm: &mut Vm, f: &mut FileObj) -> PyResult<()> {
    if f.closed {
        return Err(closed_error(vm));
    }
    if !f.readable {
        return Err(unsupported(vm, "not readable"));
    }
    match &mut f.stream {
        Stream::File { file, read_buf, .. } => {
            if read_buf.is_none() {
                let mut buf = Vec::new();
                if let Some(fh) = file {
                    fh.read_to_end(&mut buf)
                        .map_err(|e| os_error(vm, &e, None))?;
                }
                *read_buf = Some(buf);
            }
        }
        Stream::Stdin => {}
        _ => return Err(unsupported(vm, "not readable")),
    }
    Ok(())
}

fn decode(vm: &mut Vm, f: &FileObj, b: &[u8]) -> PyResult<Value> {
    if f.binary {
        return Ok(Value::Bytes(Rc::new(b.to_vec())));
    }
    match std::str::from_utf8(b) {
        Ok(s) => Ok(Value::str(&s.replace("\r\n", "\n"))),
        Err(e) => Err(vm.err(
            ExcKind::UnicodeDecodeError,
            format!(
                "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                b[e.valid_up_to()],
                e.valid_up_to()
            ),
        )),
    }
}

fn read_line_raw(vm: &mut Vm, f: &mut FileObj) -> PyResult<Vec<u8>> {
    ensure_read_buf(vm, f)?;
    match &mut f.stream {
        Stream::File {
            read_buf: Some(buf),
            pos,
            ..
        } => {
            let rest = &buf[*pos..];
            let end = rest
                .iter()
                .position(|b| *b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(rest.len());
            let line = rest[..end].to_vec();
            *pos += end;
            Ok(line)
        }
        Stream::Stdin => {
            let _ = vm.flush_stdout();
            let (r, line) = crate::thread::allow_threads(vm, || {
                let mut line = String::new();
                (std::io::stdin().lock().read_line(&mut line), line)
            });
            r.map_err(|e| os_error(vm, &e, None))?;
            Ok(line.into_bytes())
        }
        _ => Ok(Vec::new()),
    }
}

fn file_read(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let n = match args.get(1) {
        None | Some(Value::None) => -1,
        Some(v) => ops::index_of(vm, v)?,
    };
    with_file(vm, &args[0], |vm, f| {
        ensure_read_buf(vm, f)?;
        let data = match &mut f.stream {
            Stream::File {
                read_buf: Some(buf),
                pos,
                ..
            } => {
                let rest = &buf[*pos..];
                let take = if n < 0 {
                    rest.len()
                } else if f.binary {
                    (n as usize).min(rest.len())
                } else {
                    // n characters
                    let s = String::from_utf8_lossy(rest);
                    s.char_indices()
                        .nth(n as usize)
                        .map(|(i, _)| i)
                        .unwrap_or(rest.len())
                };
                let out = rest[..take].to_vec();
                *pos += take;
                out
            }
            Stream::Stdin => {
                let (r, s) = crate::thread::allow_threads(vm, || {
                    let mut s = Vec::new();
                    (std::io::stdin().read_to_end(&mut s), s)
                });
                r.map_err(|e| os_error(vm, &e, None))?;
                s
            }
            _ => Vec::new(),
        };
        decode(vm, f, &data)
    })
}

fn file_readline(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, &args[0], |vm, f| {
        let l = read_line_raw(vm, f)?;
        decode(vm, f, &l)
    })
}

fn file_readlines(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, &args[0], |vm, f| {
        let mut out = Vec::new();
        loop {
            let l = read_line_raw(vm, f)?;
            if l.is_empty() {
                break;
            }
            out.push(decode(vm, f, &l)?);
        }
        Ok(Value::list(out))
    })
}

fn file_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let r = with_file(vm, &args[0], |vm, f| {
        let l = read_line_raw(vm, f)?;
        if l.is_empty() {
            Ok(None)
        } else {
            decode(vm, f, &l).map(Some)
        }
    })?;
    match r {
        Some(v) => Ok(v),
        None => Err(rupy_objects::PyErr::lazy_noarg(
            vm.exc(ExcKind::StopIteration),
        )),
    }
}

fn file_writelines(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let lines = ops::collect(vm, args.get(1).unwrap_or(&Value::None))?;
    for l in lines {
        file_write(vm, &[args[0].clone(), l], &[])?;
    }
    Ok(Value::None)
}

fn file_flush(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    flush_target(vm, Some(args[0].clone()))?;
    Ok(Value::None)
}

fn file_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, &args[0], |_vm, f| {
        if let Stream::File { file, .. } = &mut f.stream
            && let Some(mut fh) = file.take()
        {
            let _ = fh.flush();
        }
        if !matches!(f.stream, Stream::Stdout | Stream::Stderr | Stream::Stdin) {
            f.closed = true;
        }
        Ok(Value::None)
    })
}

fn file_enter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, &args[0], |vm, f| {
        if f.closed {
            Err(closed_error(vm))
        } else {
            Ok(())
        }
    })?;
    Ok(args[0].clone())
}

fn file_exit(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    file_close(vm, &args[..1], &[])?;
    Ok(Value::None)
}

fn file_fileno(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, &args[0], |_vm, f| {
        Ok(Value::Int(match f.stream {
            Stream::Stdin => 0,
            Stream::Stdout => 1,
            Stream::Stderr => 2,
            _ => 3,
        }))
    })
}

fn file_isatty(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Bool(Truth::False))
}

fn file_readable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, &args[0], |_vm, f| Ok(Value::bool(f.readable)))
}

fn file_writable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_file(vm, &args[0], |_vm, f| Ok(Value::bool(f.writable)))
}

pub fn builtin_open(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [file, mode, _buffering, encoding, _errors, newline] = bind(
        vm,
        "open",
        args,
        kw,
        ["file", "mode", "buffering", "encoding", "errors", "newline"],
        1,
    )?;
    let _ = (encoding, newline);
    if !files_allowed(vm) {
        return Err(files_refused(vm));
    }
    let path = match file {
        Some(Value::Str(s)) => s.as_str().to_owned(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                ops::type_name(vm, &v)
            )));
        }
        None => unreachable_path(),
    };
    let mode = match mode {
        Some(Value::Str(s)) => s.as_str().to_owned(),
        None => "r".to_owned(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "open() argument 'mode' must be str, not {}",
                ops::type_name(vm, &v)
            )));
        }
    };
    let binary = mode.contains('b');
    let plus = mode.contains('+');
    let mut opts = std::fs::OpenOptions::new();
    let (readable, writable) = if mode.contains('w') {
        opts.write(true).create(true).truncate(true);
        (plus, true)
    } else if mode.contains('a') {
        opts.append(true).create(true);
        (plus, true)
    } else if mode.contains('x') {
        opts.write(true).create_new(true);
        (plus, true)
    } else if mode.contains('r') || !mode.is_empty() {
        opts.read(true);
        (true, plus)
    } else {
        return Err(vm.value_error(format!("invalid mode: '{}'", mode)));
    };
    if readable {
        opts.read(true);
    }
    if plus {
        opts.write(true);
    }
    let fh = opts
        .open(&path)
        .map_err(|e| os_error(vm, &e, Some(&path)))?;
    if std::fs::metadata(&path)
        .map(|m| m.is_dir())
        .unwrap_or(false)
    {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(os_error(vm, &e, Some(&path)));
    }
    let obj = FileObj {
        stream: Stream::File {
            file: Some(fh),
            read_buf: None,
            pos: 0,
        },
        name: path,
        mode,
        binary,
        closed: false,
        writable,
        readable,
    };
    let cls = {
        let st = vm.shared_state::<IoTypes>();
        if binary {
            st.binary.borrow().clone()
        } else {
            st.text.borrow().clone()
        }
    }
    .unwrap_or_else(|| vm.object.clone());
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(obj)),
    })))
}

fn unreachable_path() -> String {
    String::new()
}

/// File object attributes (`name`, `mode`, `closed`).
pub fn file_attr(v: &Value, name: &str) -> Option<Value> {
    let Value::Opaque(o) = v else { return None };
    let data = o.data.borrow();
    let f = data.downcast_ref::<FileObj>()?;
    Some(match name {
        "name" => Value::str(&f.name),
        "mode" => Value::str(&f.mode),
        "closed" => Value::bool(f.closed),
        "encoding" => Value::str("utf-8"),
        _ => return None,
    })
}

pub fn builtin_input(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if let Some(p) = args.first() {
        let s = ops::str_string(vm, p)?;
        super::write_stdout(vm, &s)?;
    }
    let _ = vm.flush_stdout();
    // Waiting for the user must not stop the interpreter's other threads.
    let (n, line) = crate::thread::allow_threads(vm, || {
        let mut line = String::new();
        (std::io::stdin().lock().read_line(&mut line), line)
    });
    let mut line = line;
    let n = n.map_err(|e| os_error(vm, &e, None))?;
    if n == 0 {
        return Err(vm.err(ExcKind::EOFError, "EOF when reading a line"));
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(Value::string(line))
}
