//! `_sre`, the native half of `re`: `engine` runs the code lists `re._compiler` produces;
//! `pattern`, `matchobj` and `scanner` are the `re.Pattern`, `re.Match`, `_sre.SRE_Scanner`
//! and `_sre.SRE_Template` types; this file holds the module functions and what they share
//! (the type registry, subjects widened to code points, argument helpers).
//!
//! Invariants: every object's payload is an immutable `Rc` (scanners keep their cursor in a
//! `Cell`), so a borrow of a payload never spans a call into Python. The last `str`/`bytes`
//! subject widened is cached by identity per interpreter, so loops like json's
//! `match(s, end)` widen a long string once.

pub mod engine;
mod matchobj;
mod pattern;
mod scanner;

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, Opaque, PyDict, PyErr, PyResult, PyStr, Value, Vm};

use engine::{Found, Host, Mode};

/// The engine's host inside an interpreter: deadlines, Ctrl-C and the memory budget.
struct VmHost<'a>(&'a mut Vm);

impl Host for VmHost<'_> {
    type Err = PyErr;
    fn poll(&mut self) -> PyResult<()> {
        rupy_interp::thread::poll_native(self.0)
    }
    fn grow<T>(&mut self, v: &mut Vec<T>, additional: usize) -> PyResult<()> {
        self.0.grow(v, additional)
    }
    fn bad_code(&mut self) -> PyErr {
        self.0.err(
            ExcKind::RuntimeError,
            "internal error in regular expression engine",
        )
    }
}

/// The classes of this module, made once per interpreter.
#[derive(Clone)]
struct Types {
    pattern: Rc<Class>,
    matchc: Rc<Class>,
    scanner: Rc<Class>,
    template: Rc<Class>,
}

#[derive(Default)]
struct TypeCell(RefCell<Option<Types>>);

fn types(vm: &mut Vm) -> Types {
    let st = vm.shared_state::<TypeCell>();
    if let Some(t) = st.0.borrow().clone() {
        return t;
    }
    let mk = |vm: &mut Vm, name: &str, module: &str| {
        let c = rupy_objects::vm::derived(name, &vm.object);
        c.dict().set_s("__module__", Value::str(module));
        c
    };
    let t = Types {
        pattern: mk(vm, "Pattern", "re"),
        matchc: mk(vm, "Match", "re"),
        scanner: mk(vm, "SRE_Scanner", "_sre"),
        template: mk(vm, "SRE_Template", "_sre"),
    };
    pattern::install(&t.pattern);
    matchobj::install(&t.matchc);
    scanner::install(&t.scanner, &t.template);
    *st.0.borrow_mut() = Some(t.clone());
    t
}

/// A new object of `class` whose payload is `data`.
fn new_obj<T: 'static>(class: Rc<Class>, data: Rc<T>) -> Value {
    Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(data)),
    }))
}

/// The payload of `v` when it is one of this module's objects of payload type `T`.
fn payload<T: 'static>(v: &Value) -> Option<Rc<T>> {
    let Value::Opaque(o) = v else { return None };
    let d = o.data.try_borrow().ok()?;
    d.downcast_ref::<Rc<T>>().cloned()
}

/// The receiver (`args[0]`) as a `T`, or CPython's descriptor error.
fn recv<T: 'static>(vm: &mut Vm, args: &[Value], owner: &str, name: &str) -> PyResult<Rc<T>> {
    if let Some(p) = args.first().and_then(payload::<T>) {
        return Ok(p);
    }
    let t = match args.first() {
        Some(v) => ops::type_name(vm, v),
        None => "nothing".to_owned(),
    };
    Err(vm.type_error(format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
        name, owner, t
    )))
}

/// A subject: the object given, the text groups are sliced from, and its code points.
#[derive(Clone)]
struct Subject {
    string: Value,
    bytes: Option<Rc<Vec<u8>>>,
    cps: Rc<Vec<u32>>,
}

impl Subject {
    fn len(&self) -> usize {
        self.cps.len()
    }
    fn is_bytes(&self) -> bool {
        self.bytes.is_some()
    }
    /// `text[a:b]` as a new `str` or `bytes`.
    fn slice(&self, a: usize, b: usize) -> Value {
        let b = b.min(self.len());
        let a = a.min(b);
        match &self.bytes {
            Some(v) => Value::Bytes(Rc::new(v[a..b].to_vec())),
            None => {
                if a == 0
                    && b == self.len()
                    && let Value::Str(s) = &self.string
                {
                    return Value::Str(s.clone());
                }
                let s: String = self.cps[a..b]
                    .iter()
                    .map(|&c| char::from_u32(c).unwrap_or('\u{fffd}'))
                    .collect();
                Value::string(s)
            }
        }
    }
    fn empty(&self) -> Value {
        if self.is_bytes() {
            Value::Bytes(Rc::new(Vec::new()))
        } else {
            Value::str("")
        }
    }
}

#[derive(Default)]
struct LastSubject(RefCell<Option<Subject>>);

/// Bytes of a bytes-like object (bytes, bytearray, memoryview), or `None`.
fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Option<Rc<Vec<u8>>>> {
    Ok(match v {
        Value::Bytes(b) => Some(b.clone()),
        Value::ByteArray(b) => Some(Rc::new(b.borrow().clone())),
        Value::Str(_) => None,
        _ => {
            let t = ops::type_name(vm, v);
            if t == "memoryview" || t == "bytearray" || t == "bytes" || t == "array" {
                let cls = vm.builtins.get_s("bytes").unwrap_or(Value::None);
                let b = rupy_interp::call::call_value(vm, &cls, std::slice::from_ref(v), &[])?;
                match b {
                    Value::Bytes(b) => Some(b),
                    _ => None,
                }
            } else {
                None
            }
        }
    })
}

/// Widen `string` for a pattern of kind `isbytes` (`None`: compiled without a source, any
/// kind goes), with CPython's type errors.
fn subject(vm: &mut Vm, isbytes: Option<bool>, string: &Value) -> PyResult<Subject> {
    let cache = vm.shared_state::<LastSubject>();
    if let Some(s) = cache.0.borrow().as_ref()
        && s.string.is(string)
        && isbytes.is_none_or(|b| b == s.is_bytes())
    {
        return Ok(s.clone());
    }
    let sub = match string {
        Value::Str(s) => {
            if isbytes == Some(true) {
                return Err(vm.type_error("cannot use a bytes pattern on a string-like object"));
            }
            let mut cps: Vec<u32> = Vec::new();
            vm.grow(&mut cps, s.char_len())?;
            cps.extend(s.as_str().chars().map(|c| c as u32));
            Subject {
                string: string.clone(),
                bytes: None,
                cps: Rc::new(cps),
            }
        }
        _ => {
            let str_sub = match string {
                Value::Instance(_) => rupy_interp::types::unwrap_builtin(string),
                _ => None,
            };
            if let Some(inner @ Value::Str(_)) = str_sub {
                let mut s = subject(vm, isbytes, &inner)?;
                s.string = string.clone();
                return Ok(s);
            }
            let Some(b) = bytes_like(vm, string)? else {
                let t = ops::type_name(vm, string);
                return Err(
                    vm.type_error(format!("expected string or bytes-like object, got '{}'", t))
                );
            };
            if isbytes == Some(false) {
                return Err(vm.type_error("cannot use a string pattern on a bytes-like object"));
            }
            let mut cps: Vec<u32> = Vec::new();
            vm.grow(&mut cps, b.len())?;
            cps.extend(b.iter().map(|&c| u32::from(c)));
            Subject {
                string: string.clone(),
                bytes: Some(b),
                cps: Rc::new(cps),
            }
        }
    };
    if matches!(string, Value::Str(_) | Value::Bytes(_)) {
        *cache.0.borrow_mut() = Some(sub.clone());
    }
    Ok(sub)
}

/// An index argument (`__index__`), as CPython's `Py_ssize_t` converters take it.
fn index_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(b.get())),
        _ => match ops::to_index(vm, v)? {
            Value::Int(i) => Ok(i),
            _ => Err(vm.err(
                ExcKind::OverflowError,
                "Python int too large to convert to C ssize_t",
            )),
        },
    }
}

/// `pos`/`endpos` clamped to the subject as CPython does.
fn bounds(
    vm: &mut Vm,
    n: usize,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult<(usize, usize)> {
    let clamp = |x: i64| -> usize { x.clamp(0, n as i64) as usize };
    let p = match pos {
        Some(v) => clamp(index_arg(vm, v)?),
        None => 0,
    };
    let e = match endpos {
        Some(v) => clamp(index_arg(vm, v)?),
        None => n,
    };
    Ok((p, e))
}

/// One engine run.
fn run(
    vm: &mut Vm,
    code: &[u32],
    s: &Subject,
    pos: usize,
    end: usize,
    mode: Mode,
    must_advance: bool,
) -> PyResult<Option<(usize, usize, Found)>> {
    engine::run(&mut VmHost(vm), code, &s.cps, pos, end, mode, must_advance)
}

fn code_point(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    let i = index_arg(vm, v)?;
    u32::try_from(i).map_err(|_| vm.err(ExcKind::OverflowError, "character code out of range"))
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let t = types(vm);
    d.set_s("MAGIC", Value::Int(engine::MAGIC.into()));
    d.set_s("CODESIZE", Value::Int(4));
    d.set_s("MAXREPEAT", Value::Int(engine::MAXREPEAT.into()));
    d.set_s("MAXGROUPS", Value::Int(engine::MAXGROUPS.into()));
    d.set_s("SRE_Scanner", Value::Class(t.scanner));
    d.set_s("SRE_Template", Value::Class(t.template));
    add_fn(d, "compile", pattern::sre_compile);
    add_fn(d, "template", scanner::sre_template);
    add_fn(d, "getcodesize", |vm, args, _| {
        arity(vm, "getcodesize", args, 0, 0)?;
        Ok(Value::Int(4))
    });
    add_fn(d, "ascii_iscased", |vm, args, _| {
        arity(vm, "ascii_iscased", args, 1, 1)?;
        let c = code_point(vm, &args[0])?;
        Ok(Value::bool(c < 128 && (c as u8).is_ascii_alphabetic()))
    });
    add_fn(d, "ascii_tolower", |vm, args, _| {
        arity(vm, "ascii_tolower", args, 1, 1)?;
        let c = code_point(vm, &args[0])?;
        Ok(Value::Int(engine::ascii_lower(c).into()))
    });
    add_fn(d, "unicode_tolower", |vm, args, _| {
        arity(vm, "unicode_tolower", args, 1, 1)?;
        let c = code_point(vm, &args[0])?;
        Ok(Value::Int(engine::uni_lower(c).into()))
    });
    add_fn(d, "unicode_iscased", |vm, args, _| {
        arity(vm, "unicode_iscased", args, 1, 1)?;
        let c = code_point(vm, &args[0])?;
        Ok(Value::bool(
            c != engine::uni_lower(c) || c != engine::uni_upper(c),
        ))
    });
    Ok(())
}

/// `str` name of a value's type, for messages.
fn tname(vm: &mut Vm, v: &Value) -> String {
    ops::type_name(vm, v)
}

fn pystr(s: &str) -> Rc<PyStr> {
    Rc::new(PyStr::new(s))
}
