//! `_sre`: the native half of `re`. `engine` runs compiled code lists; this file exposes
//! it to Python as `_sre_engine` (programs, subjects, one-shot runs) and the `_sre` module
//! itself (`sre.py`: Pattern, Match, Scanner, template) is Python on top of it.
pub mod engine;

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, Opaque, PyDict, PyErr, PyResult, Value, Vm};

use engine::{Host, Mode};

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

/// A compiled code list, or a subject widened to code points; both immutable once made.
struct Program(Vec<u32>);
struct Subject(Vec<u32>);

#[derive(Default)]
struct Classes(RefCell<Option<(Rc<Class>, Rc<Class>)>>);

fn classes(vm: &mut Vm) -> (Rc<Class>, Rc<Class>) {
    let st = vm.shared_state::<Classes>();
    if let Some(c) = st.0.borrow().clone() {
        return c;
    }
    let c = (
        rupy_objects::vm::derived("_sre_program", &vm.object),
        rupy_objects::vm::derived("_sre_subject", &vm.object),
    );
    *st.0.borrow_mut() = Some(c.clone());
    c
}

fn opaque(class: Rc<Class>, data: Box<dyn std::any::Any>) -> Value {
    Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(data),
    }))
}

fn int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(b.get())),
        _ => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!("an integer is required, not '{}'", t)))
        }
    }
}

fn code_point(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    let i = int(vm, v)?;
    u32::try_from(i).map_err(|_| {
        vm.err(
            ExcKind::OverflowError,
            "regular expression code size limit exceeded",
        )
    })
}

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    d.set_s("MAGIC", Value::Int(engine::MAGIC.into()));
    d.set_s("MAXREPEAT", Value::Int(engine::MAXREPEAT.into()));
    d.set_s("MAXGROUPS", Value::Int(engine::MAXGROUPS.into()));
    add_fn(d, "prepare", sre_prepare);
    add_fn(d, "subject", sre_subject);
    add_fn(d, "run", sre_run);
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

/// `prepare(code)`: the code list as a program object.
fn sre_prepare(vm: &mut Vm, args: &[Value], _kw: &rupy_objects::KwArgs) -> PyResult<Value> {
    arity(vm, "prepare", args, 1, 1)?;
    let items = ops::collect(vm, &args[0])?;
    let mut code = Vec::new();
    vm.grow(&mut code, items.len())?;
    for v in &items {
        code.push(code_point(vm, v)?);
    }
    let cls = classes(vm).0;
    Ok(opaque(cls, Box::new(Program(code))))
}

/// `subject(s)`: a str (or bytes-like, already converted to `bytes`) as code points.
fn sre_subject(vm: &mut Vm, args: &[Value], _kw: &rupy_objects::KwArgs) -> PyResult<Value> {
    arity(vm, "subject", args, 1, 1)?;
    let mut out: Vec<u32> = Vec::new();
    match &args[0] {
        Value::Str(s) => {
            vm.grow(&mut out, s.char_len())?;
            out.extend(s.as_str().chars().map(|c| c as u32));
        }
        Value::Bytes(b) => {
            vm.grow(&mut out, b.len())?;
            out.extend(b.iter().map(|&c| u32::from(c)));
        }
        v => {
            let t = ops::type_name(vm, v);
            return Err(vm.type_error(format!("expected string or bytes-like object, got '{}'", t)));
        }
    }
    let cls = classes(vm).1;
    Ok(opaque(cls, Box::new(Subject(out))))
}

/// `run(program, subject, pos, endpos, mode, must_advance)` with `0 <= pos, endpos <= len`;
/// mode 0 match, 1 fullmatch, 2 search. Returns None or `(start, end, marks, lastindex)`.
fn sre_run(vm: &mut Vm, args: &[Value], _kw: &rupy_objects::KwArgs) -> PyResult<Value> {
    arity(vm, "run", args, 6, 6)?;
    let (Value::Opaque(p), Value::Opaque(s)) = (&args[0], &args[1]) else {
        return Err(vm.type_error("bad _sre engine object"));
    };
    let (p, s) = (p.clone(), s.clone());
    let pos = int(vm, &args[2])?.max(0) as usize;
    let endpos = int(vm, &args[3])?.max(0) as usize;
    let mode = match int(vm, &args[4])? {
        0 => Mode::Match,
        1 => Mode::FullMatch,
        _ => Mode::Search,
    };
    let must_advance = int(vm, &args[5])? != 0;
    // Both objects are immutable, so the shared borrows may span the run.
    let pd = p
        .data
        .try_borrow()
        .map_err(|_| vm.type_error("bad _sre engine object"))?;
    let sd = s
        .data
        .try_borrow()
        .map_err(|_| vm.type_error("bad _sre engine object"))?;
    let (Some(Program(code)), Some(Subject(subj))) =
        (pd.downcast_ref::<Program>(), sd.downcast_ref::<Subject>())
    else {
        return Err(vm.type_error("bad _sre engine object"));
    };
    let r = engine::run(&mut VmHost(vm), code, subj, pos, endpos, mode, must_advance)?;
    Ok(match r {
        None => Value::None,
        Some((a, b, found)) => Value::tuple(vec![
            Value::Int(a as i64),
            Value::Int(b as i64),
            Value::tuple(found.marks.iter().map(|&m| Value::Int(m as i64)).collect()),
            Value::Int(found.lastindex as i64),
        ]),
    })
}
