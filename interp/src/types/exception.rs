//! `BaseException` and its subclasses: construction (`args`), `str`/`repr`, the special
//! attributes (`__cause__`, `__context__`, `__traceback__`, `StopIteration.value`,
//! `SystemExit.code`, `SyntaxError` fields...), and `with_traceback`/`add_note`.

use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Instance, KwArgs, PyResult, PyStr, Truth, Value, Vm};

use crate::builtins::args::add_method;
use crate::exceptions::{exc_args, exc_str};
use crate::ops;

pub fn init(vm: &mut Vm) {
    vm.exc(ExcKind::BaseException).set_filler(|b| {
        add_method(b, "BaseException", "__new__", exc_new);
        add_method(b, "BaseException", "__init__", exc_init);
        add_method(b, "BaseException", "__str__", exc_str_m);
        add_method(b, "BaseException", "__repr__", exc_repr_m);
        add_method(b, "BaseException", "with_traceback", exc_with_traceback);
        add_method(b, "BaseException", "add_note", exc_add_note);
    });
    let se = vm.exc(ExcKind::SyntaxError);
    add_method(&se, "SyntaxError", "__init__", syntax_error_init);
    add_method(&se, "SyntaxError", "__str__", syntax_error_str);
    let ke = vm.exc(ExcKind::KeyError);
    add_method(&ke, "KeyError", "__str__", exc_str_m);
    let os = vm.exc(ExcKind::OSError);
    add_method(&os, "OSError", "__init__", oserror_init);
    add_method(&os, "OSError", "__str__", oserror_str);
}

fn exc_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Class(c)) = args.first() else {
        return Err(vm.type_error("BaseException.__new__(X): X is not a type object"));
    };
    // OSError(errno, strerror) picks the subclass for the errno, as CPython does.
    let mut c = c.clone();
    if Rc::ptr_eq(&c, &vm.exc(ExcKind::OSError))
        && args.len() >= 3
        && let Value::Int(errno) = &args[1]
    {
        let sub = match errno {
            1 | 13 => Some(ExcKind::PermissionError),
            2 => Some(ExcKind::FileNotFoundError),
            3 => Some(ExcKind::ProcessLookupError),
            4 => Some(ExcKind::InterruptedError),
            10 => Some(ExcKind::ChildProcessError),
            11 | 114 | 115 => Some(ExcKind::BlockingIOError),
            17 => Some(ExcKind::FileExistsError),
            20 => Some(ExcKind::NotADirectoryError),
            21 => Some(ExcKind::IsADirectoryError),
            32 | 108 => Some(ExcKind::BrokenPipeError),
            103 => Some(ExcKind::ConnectionAbortedError),
            104 => Some(ExcKind::ConnectionResetError),
            111 => Some(ExcKind::ConnectionRefusedError),
            110 => Some(ExcKind::TimeoutError),
            _ => None,
        };
        if let Some(k) = sub {
            c = vm.exc(k);
        }
    }
    let v = super::class::new_instance(vm, &c);
    if let Value::Instance(i) = &v
        && let Some(d) = i.exc()
    {
        d.borrow_mut().args = args[1..].to_vec();
    }
    Ok(v)
}

fn exc_init(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if let Some(Value::Instance(i)) = args.first()
        && let Some(d) = i.exc()
    {
        d.borrow_mut().args = args[1..].to_vec();
    }
    Ok(Value::None)
}

fn exc_str_m(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::string(exc_str(vm, &args[0])?))
}

pub fn exc_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let name = vm.type_of(v).name();
    let args = exc_args(v);
    Ok(if args.len() == 1 {
        format!("{}({})", name, ops::repr_string(vm, &args[0])?)
    } else {
        let t = ops::repr_string(vm, &Value::tuple(args))?;
        if t == "()" {
            format!("{}()", name)
        } else {
            format!("{}{}", name, t)
        }
    })
}

fn exc_repr_m(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::string(exc_repr(vm, &args[0])?))
}

fn exc_with_traceback(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if let (Some(Value::Instance(i)), Some(tb)) = (args.first(), args.get(1))
        && let Some(d) = i.exc()
    {
        match crate::types::traceback::entries(tb) {
            Some(entries) => d.borrow_mut().traceback = entries,
            None => return Err(vm.type_error("__traceback__ must be a traceback or None")),
        }
    }
    Ok(args.first().cloned().unwrap_or(Value::None))
}

fn exc_add_note(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (Some(Value::Instance(i)), Some(note)) = (args.first(), args.get(1)) else {
        return Err(vm.type_error("add_note() takes exactly one argument"));
    };
    if !matches!(note, Value::Str(_)) {
        return Err(vm.type_error(format!(
            "note must be a str, not '{}'",
            ops::type_name(vm, note)
        )));
    }
    if let Some(d) = i.exc() {
        d.borrow_mut().notes.push(note.clone());
    }
    Ok(Value::None)
}

fn set_attr(i: &Instance, name: &str, v: Value) {
    if let Some(d) = &i.dict {
        d.set_s(name, v);
    }
}

fn syntax_error_init(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Instance(i)) = args.first() else {
        return Ok(Value::None);
    };
    if let Some(d) = i.exc() {
        d.borrow_mut().args = args[1..].to_vec();
    }
    set_attr(i, "msg", args.get(1).cloned().unwrap_or(Value::None));
    let details = match args.get(2) {
        Some(Value::Tuple(t)) => (**t).clone(),
        _ => Vec::new(),
    };
    let fields = [
        "filename",
        "lineno",
        "offset",
        "text",
        "end_lineno",
        "end_offset",
    ];
    for (n, f) in fields.iter().enumerate() {
        set_attr(i, f, details.get(n).cloned().unwrap_or(Value::None));
    }
    set_attr(i, "print_file_and_line", Value::None);
    Ok(Value::None)
}

fn syntax_error_str(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = &args[0];
    let get = |name: &str| match v {
        Value::Instance(i) => i.dict.as_ref().and_then(|d| d.get_s(name)),
        _ => None,
    };
    let msg = match get("msg") {
        Some(m) if !m.is_none() => ops::str_string(vm, &m)?,
        _ => exc_str(vm, v)?,
    };
    let file = get("filename").filter(|f| !f.is_none());
    let line = get("lineno").filter(|f| !f.is_none());
    Ok(Value::string(match (file, line) {
        (Some(f), Some(l)) => {
            let f = ops::str_string(vm, &f)?;
            let base = std::path::Path::new(&f)
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or(f);
            format!("{} ({}, line {})", msg, base, ops::str_string(vm, &l)?)
        }
        (Some(f), None) => format!("{} ({})", msg, ops::str_string(vm, &f)?),
        (None, Some(l)) => format!("{} (line {})", msg, ops::str_string(vm, &l)?),
        _ => msg,
    }))
}

fn oserror_init(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Instance(i)) = args.first() else {
        return Ok(Value::None);
    };
    let a = &args[1..];
    // OSError(errno, strerror[, filename[, winerror[, filename2]]]): with 2 to 5 arguments
    // they fill the attributes, and a filename is kept out of `args` (CPython keeps only
    // errno and strerror there).
    let structured = (2..=5).contains(&a.len());
    if let Some(d) = i.exc() {
        d.borrow_mut().args = if structured && a.len() > 2 {
            a[..2].to_vec()
        } else {
            a.to_vec()
        };
    }
    let get = |n: usize| {
        if structured {
            a.get(n).cloned().unwrap_or(Value::None)
        } else {
            Value::None
        }
    };
    set_attr(i, "errno", get(0));
    set_attr(i, "strerror", get(1));
    set_attr(i, "filename", get(2));
    set_attr(i, "filename2", get(4));
    Ok(Value::None)
}

fn oserror_str(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = &args[0];
    let attr = |name: &str| match v {
        Value::Instance(i) => i
            .dict
            .as_ref()
            .and_then(|d| d.get_s(name))
            .unwrap_or(Value::None),
        _ => Value::None,
    };
    let (errno, strerror) = (attr("errno"), attr("strerror"));
    let (f1, f2) = (attr("filename"), attr("filename2"));
    if !f1.is_none() {
        let errno = ops::str_string(vm, &errno)?;
        let strerror = ops::str_string(vm, &strerror)?;
        let f1 = ops::repr_string(vm, &f1)?;
        return Ok(Value::string(if f2.is_none() {
            format!("[Errno {}] {}: {}", errno, strerror, f1)
        } else {
            let f2 = ops::repr_string(vm, &f2)?;
            format!("[Errno {}] {}: {} -> {}", errno, strerror, f1, f2)
        }));
    }
    if !errno.is_none() && !strerror.is_none() {
        let errno = ops::str_string(vm, &errno)?;
        let strerror = ops::str_string(vm, &strerror)?;
        return Ok(Value::string(format!("[Errno {}] {}", errno, strerror)));
    }
    Ok(Value::string(exc_str(vm, v)?))
}

/// Special attributes of exception instances.
pub fn exc_attr(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Option<Value>> {
    let Value::Instance(i) = v else {
        return Ok(None);
    };
    let Some(d) = i.exc() else { return Ok(None) };
    let cls = i.class();
    Ok(match name {
        "args" => Some(Value::tuple(d.borrow().args.clone())),
        "__cause__" => Some(d.borrow().cause.clone().unwrap_or(Value::None)),
        "__context__" => Some(d.borrow().context.clone().unwrap_or(Value::None)),
        "__suppress_context__" => Some(Value::bool(d.borrow().suppress_context)),
        "__traceback__" => Some(crate::exceptions::traceback_value(vm, v)),
        "__notes__" => {
            let notes = d.borrow().notes.clone();
            if notes.is_empty() {
                None
            } else {
                Some(Value::list(notes))
            }
        }
        "value" if cls.is_subclass(&vm.exc(ExcKind::StopIteration)) => {
            Some(d.borrow().args.first().cloned().unwrap_or(Value::None))
        }
        "code" if cls.is_subclass(&vm.exc(ExcKind::SystemExit)) => {
            let a = d.borrow().args.clone();
            Some(match a.len() {
                0 => Value::None,
                1 => a[0].clone(),
                _ => Value::tuple(a),
            })
        }
        "name"
            if cls.is_subclass(&vm.exc(ExcKind::NameError))
                || cls.is_subclass(&vm.exc(ExcKind::ImportError))
                || cls.is_subclass(&vm.exc(ExcKind::AttributeError)) =>
        {
            Some(Value::None)
        }
        "msg" if cls.is_subclass(&vm.exc(ExcKind::ImportError)) => {
            Some(d.borrow().args.first().cloned().unwrap_or(Value::None))
        }
        _ => None,
    })
}

/// Setting special attributes of exceptions; None if `name` is not special.
pub fn exc_setattr(vm: &mut Vm, i: &Instance, name: &PyStr, value: &Value) -> Option<PyResult<()>> {
    let d = i.exc()?;
    match name.as_str() {
        "args" => {
            let items = match ops::collect(vm, value) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            d.borrow_mut().args = items;
        }
        "__cause__" => {
            let mut d = d.borrow_mut();
            d.cause = if value.is_none() {
                None
            } else {
                Some(value.clone())
            };
            d.suppress_context = true;
        }
        "__context__" => {
            d.borrow_mut().context = if value.is_none() {
                None
            } else {
                Some(value.clone())
            }
        }
        "__suppress_context__" => {
            d.borrow_mut().suppress_context = matches!(value, Value::Bool(Truth::True))
        }
        "__traceback__" => match crate::types::traceback::entries(value) {
            Some(entries) => d.borrow_mut().traceback = entries,
            None => {
                return Some(Err(
                    vm.type_error("__traceback__ must be a traceback or None")
                ));
            }
        },
        _ => return None,
    }
    Some(Ok(()))
}

/// The lines CPython prints for a SyntaxError (file/line, source, caret, message).
pub fn syntax_error_lines(vm: &mut Vm, v: &Value) -> PyResult<Option<String>> {
    let Value::Instance(i) = v else {
        return Ok(None);
    };
    let Some(dict) = &i.dict else { return Ok(None) };
    let get = |n: &str| dict.get_s(n).filter(|x| !x.is_none());
    let cls = i.class();
    let msg = match get("msg") {
        Some(m) => ops::str_string(vm, &m)?,
        None => exc_str(vm, v)?,
    };
    let filename = match get("filename") {
        Some(f) => ops::str_string(vm, &f)?,
        None => return Ok(None),
    };
    let as_usize = |x: Option<Value>| match x {
        Some(Value::Int(n)) => Some(n.max(0) as usize),
        _ => None,
    };
    let lineno = as_usize(get("lineno")).unwrap_or(0);
    let offset = as_usize(get("offset")).unwrap_or(0);
    let end_lineno = as_usize(get("end_lineno")).unwrap_or(lineno);
    let end_offset = as_usize(get("end_offset")).unwrap_or(0);
    let text = get("text").map(|t| ops::str_string(vm, &t)).transpose()?;
    let kind = if cls.is_subclass(&vm.exc(ExcKind::TabError)) {
        crate::parser::SyntaxKind::TabError
    } else if cls.is_subclass(&vm.exc(ExcKind::IndentationError)) {
        crate::parser::SyntaxKind::IndentationError
    } else {
        crate::parser::SyntaxKind::SyntaxError
    };
    let info = crate::parser::SyntaxErrorInfo {
        kind,
        msg,
        filename,
        lineno,
        offset,
        end_lineno,
        end_offset,
        text,
    };
    let mut s = crate::parser::format_syntax_error(&info);
    // format_syntax_error names the builtin kind; a user subclass prints its own name.
    let shown = cls.name();
    let builtin = match kind {
        crate::parser::SyntaxKind::SyntaxError => "SyntaxError",
        crate::parser::SyntaxKind::IndentationError => "IndentationError",
        crate::parser::SyntaxKind::TabError => "TabError",
    };
    if shown != builtin {
        s = s.replacen(&format!("{}:", builtin), &format!("{}:", shown), 1);
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(Some(s))
}

/// A SyntaxError instance from parser/compiler information.
pub fn syntax_error_value(vm: &mut Vm, info: &crate::parser::SyntaxErrorInfo) -> Value {
    let kind = match info.kind {
        crate::parser::SyntaxKind::SyntaxError => ExcKind::SyntaxError,
        crate::parser::SyntaxKind::IndentationError => ExcKind::IndentationError,
        crate::parser::SyntaxKind::TabError => ExcKind::TabError,
    };
    let details = Value::tuple(vec![
        Value::str(&info.filename),
        Value::Int(info.lineno as i64),
        Value::Int(info.offset as i64),
        match &info.text {
            Some(t) => Value::str(t),
            None => Value::None,
        },
        Value::Int(info.end_lineno as i64),
        Value::Int(info.end_offset as i64),
    ]);
    let cls = vm.exc(kind);
    let v = super::class::new_instance(vm, &cls);
    let _ = syntax_error_init(vm, &[v.clone(), Value::str(&info.msg), details], &[]);
    let _ = Rc::clone(&cls);
    v
}
