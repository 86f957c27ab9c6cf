//! `_csv`, the native half of `Lib/csv.py` (CPython's `Modules/_csv.c`, written anew):
//! `Dialect` (validated, immutable formatting parameters), the dialect registry, `reader`
//! (CPython's character-at-a-time parsing state machine), `writer` (field quoting and
//! escaping), `field_size_limit`, `Error` and the `QUOTE_*` constants.
//!
//! Invariants: a `Dialect` object is validated once when made and never changes, so readers
//! and writers copy its `Cfg`. A reader's parse state lives only inside one `__next__` call
//! (every record starts from `StartRecord`); only `line_num` persists, so no borrow of a
//! reader is held while the input iterator (Python code) runs. The registry and the field
//! size limit are per interpreter (shared state).
//!
//! Known differences: `Dialect` attributes are read-only properties whose error on
//! assignment is the generic property message; reader/writer objects cannot be subclassed or
//! pickled; the readers' `__next__` checks the field limit on every character like CPython.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, add_getter, add_method, arity, native};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{
    Class, Instance, KwArgs, Opaque, Payload, PyDict, PyErr, PyResult, PyStr, Value, Vm,
};

use crate::support::new_exception_class;

const QUOTE_MINIMAL: i64 = 0;
const QUOTE_ALL: i64 = 1;
const QUOTE_NONNUMERIC: i64 = 2;
const QUOTE_NONE: i64 = 3;
const QUOTE_STRINGS: i64 = 4;
const QUOTE_NOTNULL: i64 = 5;

const DEFAULT_LIMIT: i64 = 128 * 1024;

/// A dialect's validated settings.
#[derive(Clone)]
struct Cfg {
    delimiter: char,
    quotechar: Option<char>,
    escapechar: Option<char>,
    doublequote: bool,
    skipinitialspace: bool,
    lineterminator: String,
    quoting: i64,
    strict: bool,
}

struct DialectObj(Cfg);

struct ReaderObj {
    input: Value,
    dialect: Value,
    cfg: Cfg,
    line_num: i64,
}

struct WriterObj {
    write: Value,
    dialect: Value,
    cfg: Cfg,
}

struct CsvState {
    error: RefCell<Option<Rc<Class>>>,
    classes: RefCell<Option<Classes>>,
    registry: Rc<PyDict>,
    limit: Cell<i64>,
}

impl Default for CsvState {
    fn default() -> Self {
        CsvState {
            error: RefCell::new(None),
            classes: RefCell::new(None),
            registry: PyDict::new_rc(),
            limit: Cell::new(DEFAULT_LIMIT),
        }
    }
}

#[derive(Clone)]
struct Classes {
    dialect: Rc<Class>,
    reader: Rc<Class>,
    writer: Rc<Class>,
}

fn state(vm: &Vm) -> Rc<CsvState> {
    vm.shared_state::<CsvState>()
}

fn csv_error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    let cls = state(vm).error.borrow().clone();
    PyErr::lazy(cls.unwrap_or_else(|| vm.exc(ExcKind::Exception)), msg)
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let exc = vm.exc(ExcKind::Exception);
    let error = new_exception_class(vm, "_csv", "Error", &[exc])?;
    *state(vm).error.borrow_mut() = Some(error.clone());
    d.set_s("Error", Value::Class(error));
    let c = classes(vm);
    d.set_s("Dialect", Value::Class(c.dialect));
    d.set_s("Reader", Value::Class(c.reader));
    d.set_s("Writer", Value::Class(c.writer));
    d.set_s("__version__", Value::str("1.0"));
    for (name, v) in [
        ("QUOTE_MINIMAL", QUOTE_MINIMAL),
        ("QUOTE_ALL", QUOTE_ALL),
        ("QUOTE_NONNUMERIC", QUOTE_NONNUMERIC),
        ("QUOTE_NONE", QUOTE_NONE),
        ("QUOTE_STRINGS", QUOTE_STRINGS),
        ("QUOTE_NOTNULL", QUOTE_NOTNULL),
    ] {
        d.set_s(name, Value::Int(v));
    }
    add_fn(d, "reader", reader_new);
    add_fn(d, "writer", writer_new);
    add_fn(d, "register_dialect", register_dialect);
    add_fn(d, "unregister_dialect", unregister_dialect);
    add_fn(d, "get_dialect", |vm, args, kw| {
        no_kw(vm, "get_dialect", kw)?;
        arity(vm, "get_dialect", args, 1, 1)?;
        get_dialect(vm, &args[0])
    });
    add_fn(d, "list_dialects", |vm, args, kw| {
        no_kw(vm, "list_dialects", kw)?;
        arity(vm, "list_dialects", args, 0, 0)?;
        Ok(ops::new_list(state(vm).registry.keys()))
    });
    add_fn(d, "field_size_limit", field_size_limit);
    Ok(())
}

fn no_kw(vm: &mut Vm, name: &str, kw: &KwArgs) -> PyResult<()> {
    rupy_interp::builtins::args::no_kwargs(vm, name, kw)
}

fn classes(vm: &mut Vm) -> Classes {
    let st = state(vm);
    if let Some(c) = st.classes.borrow().clone() {
        return c;
    }
    let dialect = rupy_objects::vm::derived("Dialect", &vm.object);
    dialect.dict().set_s("__module__", Value::str("_csv"));
    add_method(&dialect, "Dialect", "__new__", dialect_new_method);
    add_method(&dialect, "Dialect", "__init__", |_, _, _| Ok(Value::None));
    type Getter = fn(&Cfg) -> Value;
    // Each getter is a distinct native; the table index picks the field.
    macro_rules! getter {
        ($i:expr) => {
            |vm: &mut Vm, args: &[Value], _: &KwArgs| {
                let cfg = dialect_cfg(vm, args.first())?;
                Ok(GETTERS[$i].1(&cfg))
            }
        };
    }
    const GETTERS_LEN: usize = 8;
    static GETTERS: [(&str, Getter); GETTERS_LEN] = [
        ("delimiter", |c| char_value(Some(c.delimiter))),
        ("quotechar", |c| char_value(c.quotechar)),
        ("escapechar", |c| char_value(c.escapechar)),
        ("doublequote", |c| Value::bool(c.doublequote)),
        ("skipinitialspace", |c| Value::bool(c.skipinitialspace)),
        ("lineterminator", |c| Value::str(&c.lineterminator)),
        ("quoting", |c| Value::Int(c.quoting)),
        ("strict", |c| Value::bool(c.strict)),
    ];
    let fns: [rupy_objects::NativeFn; GETTERS_LEN] = [
        getter!(0),
        getter!(1),
        getter!(2),
        getter!(3),
        getter!(4),
        getter!(5),
        getter!(6),
        getter!(7),
    ];
    macro_rules! setter {
        ($i:expr) => {
            |vm: &mut Vm, _: &[Value], _: &KwArgs| Err(read_only(vm, GETTERS[$i].0))
        };
    }
    let setters: [rupy_objects::NativeFn; GETTERS_LEN] = [
        setter!(0),
        setter!(1),
        setter!(2),
        setter!(3),
        setter!(4),
        setter!(5),
        setter!(6),
        setter!(7),
    ];
    for (((name, _), f), set) in GETTERS.iter().zip(fns).zip(setters) {
        // A setter that refuses with CPython's message for read-only members.
        dialect.dict().set_s(
            name,
            Value::Property(Rc::new(rupy_objects::Property {
                fget: native(name, "Dialect", f),
                fset: native(name, "Dialect", set),
                fdel: native(name, "Dialect", set),
                doc: Value::None,
                name: RefCell::new(Value::str(name)),
            })),
        );
    }
    let reader = rupy_objects::vm::derived("reader", &vm.object);
    reader.dict().set_s("__module__", Value::str("_csv"));
    add_method(&reader, "reader", "__iter__", |_, args, _| {
        Ok(args.first().cloned().unwrap_or(Value::None))
    });
    add_method(&reader, "reader", "__next__", reader_next);
    add_getter(&reader, "reader", "line_num", |vm, args, _| {
        with_reader(vm, args.first(), |r| Value::Int(r.line_num))
    });
    add_getter(&reader, "reader", "dialect", |vm, args, _| {
        with_reader(vm, args.first(), |r| r.dialect.clone())
    });
    let writer = rupy_objects::vm::derived("writer", &vm.object);
    writer.dict().set_s("__module__", Value::str("_csv"));
    add_method(&writer, "writer", "writerow", writerow);
    add_method(&writer, "writer", "writerows", writerows);
    add_getter(&writer, "writer", "dialect", |vm, args, _| {
        let w = writer_parts(vm, args.first())?;
        Ok(w.1)
    });
    let c = Classes {
        dialect,
        reader,
        writer,
    };
    *st.classes.borrow_mut() = Some(c.clone());
    c
}

fn char_value(c: Option<char>) -> Value {
    match c {
        Some(c) => Value::str(&c.to_string()),
        None => Value::None,
    }
}

// ---- dialects ----

fn dialect_opaque(v: &Value) -> Option<Rc<Opaque>> {
    let o = match v {
        Value::Opaque(o) => o.clone(),
        Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v)? {
            Value::Opaque(o) => o,
            _ => return None,
        },
        _ => return None,
    };
    let ok = o.data.borrow().is::<DialectObj>();
    ok.then_some(o)
}

fn dialect_cfg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Cfg> {
    if let Some(o) = v.and_then(dialect_opaque)
        && let Some(d) = o.data.borrow().downcast_ref::<DialectObj>()
    {
        return Ok(d.0.clone());
    }
    Err(vm.type_error("descriptor requires a '_csv.Dialect' object"))
}

const PARAMS: [&str; 8] = [
    "delimiter",
    "doublequote",
    "escapechar",
    "lineterminator",
    "quotechar",
    "quoting",
    "skipinitialspace",
    "strict",
];

/// The error of assigning or deleting a setting: they are read-only.
fn read_only(vm: &mut Vm, name: &str) -> PyErr {
    vm.err(
        ExcKind::AttributeError,
        format!(
            "attribute '{}' of '_csv.Dialect' objects is not writable",
            name
        ),
    )
}

/// `Dialect.__new__(cls, dialect=None, **params)`.
fn dialect_new_method(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let base = classes(vm).dialect;
    let cls = match args.first() {
        Some(Value::Class(c)) => c.clone(),
        _ => base.clone(),
    };
    let rest = args.get(1..).unwrap_or(&[]);
    if rest.len() > 1 {
        return Err(vm.type_error(format!(
            "Dialect() takes at most 1 positional argument ({} given)",
            rest.len()
        )));
    }
    let mut dialect = rest.first().cloned();
    let mut params = Vec::new();
    for (k, v) in kw {
        if k.as_str() == "dialect" {
            dialect = Some(v.clone());
        } else {
            params.push((k.clone(), v.clone()));
        }
    }
    let obj = make_dialect(vm, dialect, &params)?;
    if !Rc::ptr_eq(&cls, &base) && cls.is_subclass(&base) {
        return Ok(Value::new_instance(Instance::new(
            cls,
            Payload::Value(RefCell::new(obj)),
        )));
    }
    Ok(obj)
}

/// A dialect from a base (`None`, a registered name, a Dialect, or any object whose
/// attributes give the settings) and explicit parameters, validated as CPython does.
fn make_dialect(
    vm: &mut Vm,
    dialect: Option<Value>,
    params: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    let mut given: [Option<Value>; 8] = Default::default();
    for (k, v) in params {
        match PARAMS.iter().position(|p| *p == k.as_str()) {
            Some(i) => given[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "this function got an unexpected keyword argument '{}'",
                    k.as_str()
                )));
            }
        }
    }
    let mut dialect = dialect.filter(|d| !matches!(d, Value::None));
    if let Some(d) = &dialect
        && rupy_interp::types::str::str_of(d).is_some()
    {
        dialect = Some(get_dialect(vm, d)?);
    }
    if let Some(d) = &dialect
        && dialect_opaque(d).is_some()
        && params.is_empty()
    {
        return Ok(d.clone());
    }
    if let Some(d) = &dialect {
        for (i, p) in PARAMS.iter().enumerate() {
            if given[i].is_none() {
                match ops::getattr(vm, d, &Rc::new(PyStr::new(p))) {
                    Ok(v) => given[i] = Some(v),
                    Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    let [delim, dq, esc, lt, qc, quoting, sis, strict] = given;
    let delimiter = match &delim {
        None => ',',
        Some(v) => match rupy_interp::types::str::str_of(v) {
            Some(s) => one_char(vm, "delimiter", &s)?,
            None => {
                let t = ops::type_name(vm, v);
                return Err(vm.type_error(format!("\"delimiter\" must be string, not {}", t)));
            }
        },
    };
    let doublequote = match &dq {
        None => true,
        Some(v) => ops::truthy(vm, v)?,
    };
    let escapechar = char_or_none(vm, "escapechar", esc.as_ref(), None)?;
    // `None` is refused only after the later parameters' type checks, as in CPython.
    let lineterminator = match &lt {
        None => Some("\r\n".to_owned()),
        Some(Value::None) => None,
        Some(v) => match rupy_interp::types::str::str_of(v) {
            Some(s) => Some(s.as_str().to_owned()),
            None => return Err(vm.type_error("\"lineterminator\" must be a string")),
        },
    };
    let quotechar = char_or_none(vm, "quotechar", qc.as_ref(), Some('"'))?;
    let mut quoting_v = match &quoting {
        None => QUOTE_MINIMAL,
        Some(Value::Int(i)) => *i,
        Some(Value::Bool(b)) => b.get() as i64,
        Some(_) => return Err(vm.type_error("\"quoting\" must be an integer")),
    };
    if !(QUOTE_MINIMAL..=QUOTE_NOTNULL).contains(&quoting_v) {
        return Err(vm.type_error("bad \"quoting\" value"));
    }
    let skipinitialspace = match &sis {
        None => false,
        Some(v) => ops::truthy(vm, v)?,
    };
    let strict = match &strict {
        None => false,
        Some(v) => ops::truthy(vm, v)?,
    };
    if matches!(qc, Some(Value::None)) && quoting.is_none() {
        quoting_v = QUOTE_NONE;
    }
    if quoting_v != QUOTE_NONE && quotechar.is_none() {
        return Err(vm.type_error("quotechar must be set if quoting enabled"));
    }
    let Some(lineterminator) = lineterminator else {
        return Err(vm.type_error("lineterminator must be set"));
    };
    let cfg = Cfg {
        delimiter,
        quotechar,
        escapechar,
        doublequote,
        skipinitialspace,
        lineterminator,
        quoting: quoting_v,
        strict,
    };
    check_chars(vm, &cfg)?;
    let cls = classes(vm).dialect;
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(DialectObj(cfg))),
    })))
}

/// The special characters must be distinct and none may be a line break (nor a space
/// where a space is skipped).
fn check_chars(vm: &mut Vm, c: &Cfg) -> PyResult<()> {
    let checks = [
        ("delimiter", Some(c.delimiter), true),
        ("escapechar", c.escapechar, !c.skipinitialspace),
        ("quotechar", c.quotechar, !c.skipinitialspace),
    ];
    for (name, ch, allow_space) in checks {
        let Some(ch) = ch else { continue };
        if ch == '\r' || ch == '\n' || (ch == ' ' && !allow_space) {
            return Err(vm.value_error(format!("bad {} value", name)));
        }
        if c.lineterminator.contains(ch) {
            return Err(vm.value_error(format!("bad {} or lineterminator value", name)));
        }
    }
    let pairs = [
        ("delimiter", "escapechar", Some(c.delimiter), c.escapechar),
        ("delimiter", "quotechar", Some(c.delimiter), c.quotechar),
        ("escapechar", "quotechar", c.escapechar, c.quotechar),
    ];
    for (n1, n2, a, b) in pairs {
        if a.is_some() && a == b {
            return Err(vm.value_error(format!("bad {} or {} value", n1, n2)));
        }
    }
    Ok(())
}

fn one_char(vm: &mut Vm, name: &str, s: &PyStr) -> PyResult<char> {
    let mut cs = s.as_str().chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(vm.type_error(format!("\"{}\" must be a 1-character string", name))),
    }
}

fn char_or_none(
    vm: &mut Vm,
    name: &str,
    v: Option<&Value>,
    default: Option<char>,
) -> PyResult<Option<char>> {
    match v {
        None => Ok(default),
        Some(Value::None) => Ok(None),
        Some(v) => match rupy_interp::types::str::str_of(v) {
            Some(s) => Ok(Some(one_char(vm, name, &s)?)),
            None => {
                let t = ops::type_name(vm, v);
                Err(vm.type_error(format!("\"{}\" must be string or None, not {}", name, t)))
            }
        },
    }
}

fn get_dialect(vm: &mut Vm, name: &Value) -> PyResult<Value> {
    let reg = state(vm).registry.clone();
    match rupy_interp::types::str::str_of(name).and_then(|n| reg.get_str(&n)) {
        Some(d) => Ok(d),
        None => Err(csv_error(vm, "unknown dialect")),
    }
}

fn register_dialect(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.is_empty() || args.len() > 2 {
        return Err(vm.type_error(format!(
            "register_dialect() expected at most 2 arguments, got {}",
            args.len()
        )));
    }
    let Some(name) = rupy_interp::types::str::str_of(&args[0]) else {
        return Err(vm.type_error("dialect name must be a string"));
    };
    let params: Vec<(Rc<PyStr>, Value)> = kw.to_vec();
    let d = make_dialect(vm, args.get(1).cloned(), &params)?;
    let reg = state(vm).registry.clone();
    reg.set_str(Rc::new(PyStr::new(name.as_str())), d);
    Ok(Value::None)
}

fn unregister_dialect(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "unregister_dialect", kw)?;
    arity(vm, "unregister_dialect", args, 1, 1)?;
    let reg = state(vm).registry.clone();
    match rupy_interp::types::str::str_of(&args[0]).and_then(|n| reg.del_str(&n)) {
        Some(_) => Ok(Value::None),
        None => Err(csv_error(vm, "unknown dialect")),
    }
}

fn field_size_limit(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let mut new = args.first().cloned();
    for (k, v) in kw {
        if k.as_str() == "new_limit" && new.is_none() {
            new = Some(v.clone());
        } else {
            return Err(vm.type_error(format!(
                "field_size_limit() got an unexpected keyword argument '{}'",
                k.as_str()
            )));
        }
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "field_size_limit expected at most 1 argument, got {}",
            args.len()
        )));
    }
    let st = state(vm);
    let old = st.limit.get();
    if let Some(v) = new {
        let n = match &v {
            Value::Int(i) => *i,
            Value::Bool(b) => b.get() as i64,
            Value::BigInt(_) => {
                return Err(vm.err(
                    ExcKind::OverflowError,
                    "Python int too large to convert to C long",
                ));
            }
            _ => return Err(vm.type_error("limit must be an integer")),
        };
        st.limit.set(n);
    }
    Ok(Value::Int(old))
}

/// The dialect for a reader or writer: `Dialect(dialect, **kw)`.
fn dialect_from_args(vm: &mut Vm, dialect: Option<&Value>, kw: &KwArgs) -> PyResult<(Value, Cfg)> {
    let mut dialect = dialect.cloned();
    let mut params = Vec::new();
    for (k, v) in kw {
        if k.as_str() == "dialect" {
            dialect = Some(v.clone());
        } else {
            params.push((k.clone(), v.clone()));
        }
    }
    let d = make_dialect(vm, dialect, &params)?;
    let cfg = dialect_cfg(vm, Some(&d))?;
    Ok((d, cfg))
}

// ---- reader ----

/// CPython's messages for `reader()`/`writer()` argument counts (with its leading space:
/// the function name it would print is empty).
fn check_reader_writer_args(vm: &mut Vm, args: &[Value]) -> PyResult<()> {
    if args.is_empty() {
        return Err(vm.type_error(" expected at least 1 argument, got 0"));
    }
    if args.len() > 2 {
        return Err(vm.type_error(format!(" expected at most 2 arguments, got {}", args.len())));
    }
    Ok(())
}

fn reader_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    check_reader_writer_args(vm, args)?;
    let input = ops::get_iter(vm, &args[0])?;
    let (dialect, cfg) = dialect_from_args(vm, args.get(1), kw)?;
    let cls = classes(vm).reader;
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(ReaderObj {
            input,
            dialect,
            cfg,
            line_num: 0,
        })),
    })))
}

fn with_reader<T>(
    vm: &mut Vm,
    v: Option<&Value>,
    f: impl FnOnce(&mut ReaderObj) -> T,
) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = v
        && let Some(r) = o.data.borrow_mut().downcast_mut::<ReaderObj>()
    {
        return Ok(f(r));
    }
    Err(vm.type_error("descriptor requires a '_csv.reader' object"))
}

#[derive(Clone, Copy, PartialEq)]
enum St {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

/// One record being parsed.
struct Parser<'a> {
    cfg: &'a Cfg,
    limit: i64,
    state: St,
    field: String,
    field_len: i64,
    unquoted: bool,
    fields: Vec<Value>,
}

impl Parser<'_> {
    fn save_field(&mut self, vm: &mut Vm) -> PyResult<()> {
        let q = self.cfg.quoting;
        let text = std::mem::take(&mut self.field);
        let empty = self.field_len == 0;
        self.field_len = 0;
        let v = if self.unquoted && empty && (q == QUOTE_NOTNULL || q == QUOTE_STRINGS) {
            Value::None
        } else {
            let s = Value::str(&text);
            if self.unquoted && !empty && (q == QUOTE_NONNUMERIC || q == QUOTE_STRINGS) {
                let float = Value::Class(vm.types.float.clone());
                call_value(vm, &float, &[s], &[])?
            } else {
                s
            }
        };
        self.fields.push(v);
        self.unquoted = true;
        Ok(())
    }

    fn add_char(&mut self, vm: &mut Vm, c: char) -> PyResult<()> {
        if self.field_len >= self.limit {
            return Err(csv_error(
                vm,
                format!("field larger than field limit ({})", self.limit),
            ));
        }
        self.field.push(c);
        self.field_len += 1;
        Ok(())
    }

    /// Feed one character, or the end of a line (`None`).
    fn process(&mut self, vm: &mut Vm, c: Option<char>) -> PyResult<()> {
        let cfg = self.cfg;
        let quoting_on = cfg.quoting != QUOTE_NONE;
        let is_nl = |c: Option<char>| matches!(c, Some('\n') | Some('\r'));
        let mut st = self.state;
        loop {
            match st {
                St::StartRecord => {
                    if c.is_none() {
                        return Ok(());
                    }
                    if is_nl(c) {
                        self.state = St::EatCrnl;
                        return Ok(());
                    }
                    st = St::StartField;
                    continue;
                }
                St::StartField => {
                    if c.is_none() || is_nl(c) {
                        self.save_field(vm)?;
                        self.state = if c.is_none() {
                            St::StartRecord
                        } else {
                            St::EatCrnl
                        };
                    } else if c == cfg.quotechar && quoting_on {
                        self.unquoted = false;
                        self.state = St::InQuotedField;
                    } else if c == cfg.escapechar {
                        self.state = St::EscapedChar;
                    } else if c == Some(' ') && cfg.skipinitialspace {
                    } else if c == Some(cfg.delimiter) {
                        self.save_field(vm)?;
                        self.state = St::StartField;
                    } else {
                        self.add_char(vm, c.unwrap_or('\n'))?;
                        self.state = St::InField;
                    }
                    return Ok(());
                }
                St::EscapedChar => {
                    if is_nl(c) {
                        self.add_char(vm, c.unwrap_or('\n'))?;
                        self.state = St::AfterEscapedCrnl;
                        return Ok(());
                    }
                    self.add_char(vm, c.unwrap_or('\n'))?;
                    self.state = St::InField;
                    return Ok(());
                }
                St::AfterEscapedCrnl => {
                    if c.is_none() {
                        return Ok(());
                    }
                    st = St::InField;
                    continue;
                }
                St::InField => {
                    if c.is_none() || is_nl(c) {
                        self.save_field(vm)?;
                        self.state = if c.is_none() {
                            St::StartRecord
                        } else {
                            St::EatCrnl
                        };
                    } else if c == cfg.escapechar {
                        self.state = St::EscapedChar;
                    } else if c == Some(cfg.delimiter) {
                        self.save_field(vm)?;
                        self.state = St::StartField;
                    } else {
                        self.add_char(vm, c.unwrap_or('\n'))?;
                        self.state = St::InField;
                    }
                    return Ok(());
                }
                St::InQuotedField => {
                    if c.is_none() {
                    } else if c == cfg.escapechar {
                        self.state = St::EscapeInQuotedField;
                    } else if c == cfg.quotechar && quoting_on {
                        self.state = if cfg.doublequote {
                            St::QuoteInQuotedField
                        } else {
                            St::InField
                        };
                    } else {
                        self.add_char(vm, c.unwrap_or('\n'))?;
                    }
                    return Ok(());
                }
                St::EscapeInQuotedField => {
                    self.add_char(vm, c.unwrap_or('\n'))?;
                    self.state = St::InQuotedField;
                    return Ok(());
                }
                St::QuoteInQuotedField => {
                    if quoting_on && c == cfg.quotechar {
                        self.add_char(vm, c.unwrap_or('"'))?;
                        self.state = St::InQuotedField;
                    } else if c == Some(cfg.delimiter) {
                        self.save_field(vm)?;
                        self.state = St::StartField;
                    } else if c.is_none() || is_nl(c) {
                        self.save_field(vm)?;
                        self.state = if c.is_none() {
                            St::StartRecord
                        } else {
                            St::EatCrnl
                        };
                    } else if !cfg.strict {
                        self.add_char(vm, c.unwrap_or('\n'))?;
                        self.state = St::InField;
                    } else {
                        return Err(csv_error(
                            vm,
                            format!(
                                "'{}' expected after '{}'",
                                cfg.delimiter,
                                cfg.quotechar.unwrap_or('"')
                            ),
                        ));
                    }
                    return Ok(());
                }
                St::EatCrnl => {
                    if is_nl(c) {
                    } else if c.is_none() {
                        self.state = St::StartRecord;
                    } else {
                        return Err(csv_error(
                            vm,
                            "new-line character seen in unquoted field - do you need to open the file with newline=''?",
                        ));
                    }
                    return Ok(());
                }
            }
        }
    }
}

fn reader_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (input, cfg) = with_reader(vm, args.first(), |r| (r.input.clone(), r.cfg.clone()))?;
    let limit = state(vm).limit.get();
    let mut p = Parser {
        cfg: &cfg,
        limit,
        state: St::StartRecord,
        field: String::new(),
        field_len: 0,
        unquoted: true,
        fields: Vec::new(),
    };
    loop {
        let line = ops::next(vm, &input)?;
        let Some(line) = line else {
            if p.field_len != 0 || p.state == St::InQuotedField {
                if cfg.strict {
                    return Err(csv_error(vm, "unexpected end of data"));
                }
                p.save_field(vm)?;
                break;
            }
            return Err(rupy_interp::builtins::stop_iteration(vm, Value::None));
        };
        let Some(s) = rupy_interp::types::str::str_of(&line) else {
            let t = ops::type_name(vm, &line);
            return Err(csv_error(
                vm,
                format!(
                    "iterator should return strings, not {} (the file should be opened in text mode)",
                    t
                ),
            ));
        };
        with_reader(vm, args.first(), |r| r.line_num += 1)?;
        for (k, c) in s.as_str().chars().enumerate() {
            p.process(vm, Some(c))?;
            if k % 65536 == 65535 {
                rupy_interp::thread::poll_native(vm)?;
            }
        }
        p.process(vm, None)?;
        if p.state == St::StartRecord {
            break;
        }
    }
    Ok(ops::new_list(p.fields))
}

// ---- writer ----

fn writer_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    check_reader_writer_args(vm, args)?;
    let write = match ops::getattr(vm, &args[0], &Rc::new(PyStr::new("write"))) {
        Ok(w) => w,
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {
            return Err(vm.type_error("argument 1 must have a \"write\" method"));
        }
        Err(e) => return Err(e),
    };
    let (dialect, cfg) = dialect_from_args(vm, args.get(1), kw)?;
    let cls = classes(vm).writer;
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(WriterObj {
            write,
            dialect,
            cfg,
        })),
    })))
}

fn writer_parts(vm: &mut Vm, v: Option<&Value>) -> PyResult<(Value, Value, Cfg)> {
    if let Some(Value::Opaque(o)) = v
        && let Some(w) = o.data.borrow().downcast_ref::<WriterObj>()
    {
        return Ok((w.write.clone(), w.dialect.clone(), w.cfg.clone()));
    }
    Err(vm.type_error("descriptor requires a '_csv.writer' object"))
}

fn is_number(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_) | Value::Complex(_) => {
            true
        }
        Value::Instance(_) => ["__index__", "__float__", "__int__", "__complex__"]
            .iter()
            .any(|m| ops::lookup_special(vm, v, m).is_some()),
        _ => false,
    }
}

/// Append one field to `out`, quoting or escaping as the dialect needs.
fn append_field(
    vm: &mut Vm,
    cfg: &Cfg,
    out: &mut String,
    first: bool,
    field: &str,
    mut quoted: bool,
) -> PyResult<()> {
    if !first {
        out.push(cfg.delimiter);
    }
    if field.is_empty() && cfg.delimiter == ' ' && cfg.skipinitialspace {
        if cfg.quoting == QUOTE_NONE {
            return Err(csv_error(
                vm,
                "empty field must be quoted if delimiter is a space and skipinitialspace is true",
            ));
        }
        quoted = true;
    }
    let mut body = String::with_capacity(field.len());
    for c in field.chars() {
        let special = c == cfg.delimiter
            || Some(c) == cfg.escapechar
            || Some(c) == cfg.quotechar
            || c == '\n'
            || c == '\r'
            || cfg.lineterminator.contains(c);
        let mut escape = false;
        if special {
            if cfg.quoting == QUOTE_NONE {
                escape = true;
            } else {
                if Some(c) == cfg.quotechar {
                    if cfg.doublequote {
                        body.push(c);
                    } else {
                        escape = true;
                    }
                } else if Some(c) == cfg.escapechar {
                    escape = true;
                }
                if !escape {
                    quoted = true;
                }
            }
            if escape {
                match cfg.escapechar {
                    Some(e) => body.push(e),
                    None => return Err(csv_error(vm, "need to escape, but no escapechar set")),
                }
            }
        }
        body.push(c);
    }
    let q = cfg.quotechar.filter(|_| quoted);
    if let Some(q) = q {
        out.push(q);
    }
    out.push_str(&body);
    if let Some(q) = q {
        out.push(q);
    }
    Ok(())
}

fn writerow(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "writerow", kw)?;
    let (write, _, cfg) = writer_parts(vm, args.first())?;
    arity(vm, "writerow", &args[1..], 1, 1)?;
    let row = &args[1];
    let it = match ops::get_iter(vm, row) {
        Ok(it) => it,
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) => {
            let t = ops::type_name(vm, row);
            return Err(csv_error(vm, format!("iterable expected, not {}", t)));
        }
        Err(e) => return Err(e),
    };
    let mut out = String::new();
    let mut n = 0usize;
    while let Some(field) = ops::next(vm, &it)? {
        let quoted = match cfg.quoting {
            QUOTE_NONNUMERIC => !is_number(vm, &field),
            QUOTE_ALL => true,
            QUOTE_STRINGS => rupy_interp::types::str::str_of(&field).is_some(),
            QUOTE_NOTNULL => !matches!(field, Value::None),
            _ => false,
        };
        let text = match &field {
            Value::None => String::new(),
            v => match rupy_interp::types::str::str_of(v) {
                Some(s) => s.as_str().to_owned(),
                None => ops::str_string(vm, v)?,
            },
        };
        append_field(vm, &cfg, &mut out, n == 0, &text, quoted)?;
        n += 1;
    }
    if n == 1 && out.is_empty() {
        if cfg.quoting == QUOTE_NONE {
            return Err(csv_error(vm, "single empty field record must be quoted"));
        }
        append_field(vm, &cfg, &mut out, true, "", true)?;
    }
    out.push_str(&cfg.lineterminator);
    call_value(vm, &write, &[Value::str(&out)], &[])
}

fn writerows(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "writerows", kw)?;
    writer_parts(vm, args.first())?;
    arity(vm, "writerows", &args[1..], 1, 1)?;
    let it = ops::get_iter(vm, &args[1])?;
    while let Some(row) = ops::next(vm, &it)? {
        writerow(vm, &[args[0].clone(), row], &Vec::new())?;
    }
    Ok(Value::None)
}
