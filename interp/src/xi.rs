//! Cross-interpreter data: turning this interpreter's objects into `Shareable` data (copied out
//! of the heap, `Send`) and back into new objects of the receiving interpreter.
//!
//! Two strengths, as CPython has: *strict* (what `prepare_main` and `is_shareable` accept —
//! None, bool, int, float, str, bytes, tuples of these, queues) and *fallback* (also what
//! CPython would pickle and rupy copies natively: lists, dicts, sets and frozensets of
//! shareable values, plain functions without closures (their code is shared, not copied;
//! globals resolve in the receiver's `__main__`), and exceptions). Anything else raises
//! `NotShareableError`, a `TypeError` subclass this module owns per interpreter.
//!
//! Exact types only: a subclass of `bytes` or `tuple` is not shareable (as CPython).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use rupy_channels::Shareable;
use rupy_channels::shareable::{FunctionOrigin, SharedException, SharedFunction, SharedInstance};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, Code, Function, PyDict, PyErr, PyResult, PySet, Value, Vm};

use crate::ops;

/// Per-interpreter classes the conversions need.
#[derive(Default)]
pub struct XiState {
    not_shareable: RefCell<Option<Rc<Class>>>,
    /// The namespace of `<fake __main__>`: the sender's script run once here, for functions
    /// that use its globals.
    fake_main: RefCell<Option<Rc<PyDict>>>,
    /// `concurrent.interpreters._queues.Queue`, once that module registered it.
    pub queue_class: RefCell<Option<Rc<Class>>>,
}

/// `NotShareableError` of this interpreter.
pub fn not_shareable_error(vm: &mut Vm) -> Rc<Class> {
    let st = vm.shared_state::<XiState>();
    if let Some(c) = st.not_shareable.borrow().clone() {
        return c;
    }
    let c = rupy_objects::vm::derived("NotShareableError", &vm.exc(ExcKind::TypeError));
    c.dict()
        .set_s("__module__", Value::str("concurrent.interpreters"));
    *st.not_shareable.borrow_mut() = Some(c.clone());
    c
}

fn not_shareable(vm: &mut Vm, v: &Value) -> PyErr {
    let what = ops::repr_string(vm, v).unwrap_or_else(|_| "object".to_owned());
    PyErr::lazy(
        not_shareable_error(vm),
        format!("{} does not support cross-interpreter data", what),
    )
}

/// CPython's `is_shareable`: by exact type, natively shareable only.
pub fn is_shareable(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::BigInt(_) | Value::Float(_) => true,
        Value::Str(_) | Value::Bytes(_) | Value::Tuple(_) => true,
        Value::Instance(i) => is_queue_class(vm, &i.class()),
        _ => false,
    }
}

fn is_queue_class(vm: &mut Vm, c: &Rc<Class>) -> bool {
    vm.shared_state::<XiState>()
        .queue_class
        .borrow()
        .as_ref()
        .is_some_and(|q| Rc::ptr_eq(q, c))
}

/// Copy `v` out of this interpreter (`fallback`: also what CPython would pickle).
pub fn to_shareable(vm: &mut Vm, v: &Value, fallback: bool) -> PyResult<Shareable> {
    to_shareable_depth(vm, v, fallback, 0)
}

fn items(vm: &mut Vm, vs: &[Value], fallback: bool, depth: usize) -> PyResult<Arc<[Shareable]>> {
    let mut out = Vec::with_capacity(vs.len());
    for x in vs {
        out.push(to_shareable_depth(vm, x, fallback, depth + 1)?);
    }
    Ok(out.into())
}

fn to_shareable_depth(vm: &mut Vm, v: &Value, fallback: bool, depth: usize) -> PyResult<Shareable> {
    if depth > 200 {
        return Err(vm.err(
            ExcKind::RecursionError,
            "maximum recursion depth exceeded while sharing an object",
        ));
    }
    Ok(match v {
        Value::None => Shareable::None,
        Value::Bool(b) => Shareable::Bool(b.get()),
        Value::Int(i) => Shareable::Int(*i),
        Value::BigInt(b) => Shareable::BigInt(Arc::new((**b).clone())),
        Value::Float(f) => Shareable::Float(f.get()),
        Value::Str(s) => Shareable::Str(Arc::from(s.as_str())),
        Value::Bytes(b) => Shareable::Bytes(Arc::from(&b[..])),
        Value::Tuple(t) => Shareable::Tuple(items(vm, t, fallback, depth)?),
        Value::List(l) if fallback => {
            let snapshot = l.borrow().clone();
            Shareable::List(items(vm, &snapshot, fallback, depth)?)
        }
        Value::Dict(d) if fallback => {
            let mut out = Vec::new();
            for (k, x) in d.entries() {
                out.push((
                    to_shareable_depth(vm, &k, fallback, depth + 1)?,
                    to_shareable_depth(vm, &x, fallback, depth + 1)?,
                ));
            }
            Shareable::Dict(out.into())
        }
        Value::Set(s) if fallback => Shareable::Set(items(vm, &s.items(), fallback, depth)?),
        Value::FrozenSet(s) if fallback => {
            Shareable::FrozenSet(items(vm, &s.items(), fallback, depth)?)
        }
        Value::Code(c) if fallback => Shareable::Code(c.clone()),
        Value::Complex(c) if fallback => Shareable::Complex(c.0, c.1),
        Value::ByteArray(b) if fallback => Shareable::ByteArray(Arc::from(&b.borrow()[..])),
        Value::Range(r) if fallback => Shareable::Range(r.start, r.stop, r.step),
        Value::Slice(sl) if fallback => Shareable::Slice(Arc::new([
            to_shareable_depth(vm, &sl.start, fallback, depth + 1)?,
            to_shareable_depth(vm, &sl.stop, fallback, depth + 1)?,
            to_shareable_depth(vm, &sl.step, fallback, depth + 1)?,
        ])),
        Value::Ellipsis if fallback => Shareable::Ellipsis,
        Value::NotImplemented if fallback => Shareable::NotImplemented,
        Value::Class(c)
            if fallback
                && vm
                    .builtins
                    .get_s(c.name.borrow().as_str())
                    .is_some_and(|b| b.is(v)) =>
        {
            Shareable::Builtin(Arc::from(c.name.borrow().as_str()))
        }
        Value::Function(f) if fallback && f.closure.is_empty() => {
            let defaults = items(vm, &f.defaults.borrow().clone(), fallback, depth)?.to_vec();
            let mut kwdefaults = Vec::new();
            if let Some(d) = f.kwdefaults.borrow().clone() {
                for (k, x) in d.entries() {
                    if let Value::Str(k) = k {
                        kwdefaults.push((
                            Arc::from(k.as_str()),
                            to_shareable_depth(vm, &x, fallback, depth + 1)?,
                        ));
                    }
                }
            }
            let origin = function_origin(vm, f);
            Shareable::Function(Arc::new(SharedFunction {
                code: f.code.clone(),
                origin,
                name: Arc::from(f.name.borrow().as_str()),
                qualname: Arc::from(f.qualname.borrow().as_str()),
                defaults,
                kwdefaults,
            }))
        }
        Value::Native(n)
            if fallback
                && n.bound.is_none()
                && vm.builtins.get_s(n.name).is_some_and(|b| b.is(v)) =>
        {
            Shareable::Builtin(Arc::from(n.name))
        }
        Value::Instance(i) if is_queue_class(vm, &i.class()) => {
            let name = vm.intern("_id");
            let id = ops::getattr(vm, v, &name)?;
            match id {
                Value::Int(id) => Shareable::Queue(id),
                _ => return Err(not_shareable(vm, v)),
            }
        }
        Value::Instance(i)
            if fallback && i.class().is_subclass(&vm.exc(ExcKind::BaseException)) =>
        {
            exception(vm, v, &i.class(), depth)?
        }
        Value::Instance(i) if fallback && crate::types::unwrap_builtin(v).is_some() => {
            let class = i.class();
            let inner = crate::types::unwrap_builtin(v).unwrap_or(Value::None);
            let value = to_shareable_depth(vm, &inner, fallback, depth + 1)?;
            let module = match class.dict().get_s("__module__") {
                Some(Value::Str(m)) => m.as_str().to_owned(),
                _ => return Err(not_shareable(vm, v)),
            };
            let origin = if module == "__main__" {
                match main_dict(vm).get_s("__file__") {
                    Some(Value::Str(f)) => FunctionOrigin::Script(Arc::from(f.as_str())),
                    _ => return Err(not_shareable(vm, v)),
                }
            } else {
                FunctionOrigin::Module(Arc::from(module.as_str()))
            };
            let qualname = class.qualname.borrow().clone();
            Shareable::Instance(Arc::new(SharedInstance {
                origin,
                qualname: Arc::from(qualname.as_str()),
                value,
            }))
        }
        _ => return Err(not_shareable(vm, v)),
    })
}

/// Whether `code` (or code nested in it) reads or writes module globals other than builtins.
fn uses_globals(vm: &Vm, code: &Code) -> bool {
    use rupy_objects::code::{Const, Instr};
    let named = |i: &u32| {
        let name = &code.names[*i as usize];
        vm.builtins.get_s(name).is_none()
    };
    code.instrs.iter().any(|ins| match ins {
        Instr::LoadGlobal(i) | Instr::LoadName(i) => named(i),
        Instr::StoreGlobal(_) | Instr::DeleteGlobal(_) | Instr::StoreName(_) => true,
        _ => false,
    }) || code
        .consts
        .iter()
        .any(|c| matches!(c, Const::Code(inner) if uses_globals(vm, inner)))
}

/// Where a shared function's globals should come from in the receiver.
fn function_origin(vm: &mut Vm, f: &Function) -> FunctionOrigin {
    if !uses_globals(vm, &f.code) {
        return FunctionOrigin::Main;
    }
    let name = match f.globals.get_s("__name__") {
        Some(Value::Str(n)) => n.as_str().to_owned(),
        _ => return FunctionOrigin::Main,
    };
    if name == "__main__" {
        if let Some(Value::Str(file)) = f.globals.get_s("__file__") {
            return FunctionOrigin::Script(Arc::from(file.as_str()));
        }
        return FunctionOrigin::Main;
    }
    FunctionOrigin::Module(Arc::from(name.as_str()))
}

/// The receiver's `<fake __main__>`: the sender's script, run once here.
fn fake_main(vm: &mut Vm, path: &str) -> PyResult<Rc<PyDict>> {
    if let Some(d) = vm.shared_state::<XiState>().fake_main.borrow().clone() {
        return Ok(d);
    }
    let (_m, d) = crate::import::new_module(vm, "<fake __main__>");
    d.set_s("__file__", Value::str(path));
    let bytes =
        std::fs::read(path).map_err(|e| crate::builtins::io::os_error(vm, &e, Some(path)))?;
    let src = crate::run::decode_or_raise(vm, &bytes, path)?;
    let code = crate::run::compile_source(vm, &src, path, crate::run::Mode::Exec)?;
    *vm.shared_state::<XiState>().fake_main.borrow_mut() = Some(d.clone());
    crate::eval::run_code_in(vm, &code, d.clone(), d.clone(), Vec::new())?;
    Ok(d)
}

/// Look `qualname` up in namespace `d` (a dotted path through classes).
fn lookup_qualname(vm: &mut Vm, d: &PyDict, qualname: &str) -> Option<Value> {
    let mut parts = qualname.split('.');
    let mut v = d.get_s(parts.next()?)?;
    for p in parts {
        let name = vm.intern(p);
        v = ops::getattr(vm, &v, &name).ok()?;
    }
    Some(v)
}

/// An exception travels as its nearest builtin class plus its (shareable) arguments; an
/// argument that cannot travel is replaced by its `repr`.
fn exception(vm: &mut Vm, v: &Value, class: &Rc<Class>, depth: usize) -> PyResult<Shareable> {
    let builtin = class
        .mro
        .borrow()
        .iter()
        .find(|c| vm.excs.iter().any(|e| Rc::ptr_eq(e, c)))
        .map(|c| c.name.borrow().as_str().to_owned())
        .unwrap_or_else(|| "Exception".to_owned());
    let mut args = Vec::new();
    for a in crate::exceptions::exc_args(v) {
        match to_shareable_depth(vm, &a, true, depth + 1) {
            Ok(s) => args.push(s),
            Err(_) => args.push(Shareable::Str(Arc::from(
                ops::repr_string(vm, &a).unwrap_or_default().as_str(),
            ))),
        }
    }
    let module = match class.dict().get_s("__module__") {
        Some(Value::Str(m)) => m.as_str().to_owned(),
        _ => "builtins".to_owned(),
    };
    let qualname = match class.dict().get_s("__qualname__") {
        Some(Value::Str(q)) => q.as_str().to_owned(),
        _ => class.name.borrow().as_str().to_owned(),
    };
    Ok(Shareable::Exception(Arc::new(SharedException {
        builtin: Arc::from(builtin.as_str()),
        args,
        name: Arc::from(class.name.borrow().as_str()),
        qualname: Arc::from(qualname.as_str()),
        module: Arc::from(module.as_str()),
    })))
}

/// Materialise `s` as a new object of this interpreter.
pub fn from_shareable(vm: &mut Vm, s: &Shareable) -> PyResult<Value> {
    Ok(match s {
        Shareable::None => Value::None,
        Shareable::Bool(b) => Value::bool(*b),
        Shareable::Int(i) => Value::Int(*i),
        Shareable::BigInt(b) => Value::from_bigint((**b).clone()),
        Shareable::Float(f) => Value::float(*f),
        Shareable::Str(s) => Value::str(s),
        Shareable::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
        Shareable::Tuple(t) => Value::tuple(from_items(vm, t)?),
        Shareable::List(l) => Value::list(from_items(vm, l)?),
        Shareable::Dict(entries) => {
            let d = PyDict::new_rc();
            let dv = Value::Dict(d);
            for (k, x) in entries.iter() {
                let k = from_shareable(vm, k)?;
                let x = from_shareable(vm, x)?;
                ops::setitem(vm, &dv, &k, x)?;
            }
            dv
        }
        Shareable::Set(items) | Shareable::FrozenSet(items) => {
            let set = PySet::new();
            for x in from_items(vm, items)? {
                crate::types::set::set_add(vm, &set, x)?;
            }
            if matches!(s, Shareable::Set(_)) {
                Value::new_set(set)
            } else {
                Value::new_frozenset(set)
            }
        }
        Shareable::Code(c) => match c.clone().downcast::<Code>() {
            Ok(code) => Value::Code(code),
            Err(_) => {
                return Err(vm.err(ExcKind::SystemError, "foreign data where code was expected"));
            }
        },
        Shareable::Function(f) => function(vm, f)?,
        Shareable::Complex(re, im) => Value::Complex(Rc::new((*re, *im))),
        Shareable::ByteArray(b) => Value::ByteArray(Rc::new(RefCell::new(b.to_vec()))),
        Shareable::Range(start, stop, step) => Value::Range(Rc::new(rupy_objects::misc::PyRange {
            start: *start,
            stop: *stop,
            step: *step,
        })),
        Shareable::Slice(parts) => {
            let [a, b, c] = &**parts;
            Value::Slice(Rc::new(rupy_objects::misc::PySlice {
                start: from_shareable(vm, a)?,
                stop: from_shareable(vm, b)?,
                step: from_shareable(vm, c)?,
            }))
        }
        Shareable::Instance(inst) => {
            let ns = match &inst.origin {
                FunctionOrigin::Script(path) => fake_main(vm, path)?,
                FunctionOrigin::Module(name) => match crate::import::import_module(vm, name)?.1 {
                    Value::Module(m) => m.dict.clone(),
                    _ => {
                        return Err(vm.err(ExcKind::ImportError, format!("cannot import {}", name)));
                    }
                },
                FunctionOrigin::Main => main_dict(vm),
            };
            let Some(class) = lookup_qualname(vm, &ns, &inst.qualname) else {
                return Err(vm.err(
                    ExcKind::AttributeError,
                    format!(
                        "cannot find class {} in the receiving interpreter",
                        inst.qualname
                    ),
                ));
            };
            let value = from_shareable(vm, &inst.value)?;
            crate::call::call_value(vm, &class, &[value], &[])?
        }
        Shareable::Ellipsis => Value::Ellipsis,
        Shareable::NotImplemented => Value::NotImplemented,
        Shareable::Builtin(name) => match vm.builtins.get_s(name) {
            Some(b) => b,
            None => {
                return Err(vm.err(
                    ExcKind::AttributeError,
                    format!("module 'builtins' has no attribute '{}'", name),
                ));
            }
        },
        Shareable::Queue(id) => queue(vm, *id)?,
        Shareable::Exception(e) => {
            let class = match vm.builtins.get_s(&e.builtin) {
                Some(Value::Class(c)) => c,
                _ => vm.exc(ExcKind::Exception),
            };
            let args = e
                .args
                .iter()
                .map(|a| from_shareable(vm, a))
                .collect::<PyResult<Vec<_>>>()?;
            crate::exceptions::new_exception(class, args)
        }
    })
}

fn from_items(vm: &mut Vm, items: &[Shareable]) -> PyResult<Vec<Value>> {
    items.iter().map(|x| from_shareable(vm, x)).collect()
}

/// The receiving interpreter's `__main__` namespace (created if it has none).
pub fn main_dict(vm: &mut Vm) -> Rc<PyDict> {
    if let Some(Value::Module(m)) = vm.modules.get_s("__main__") {
        return m.dict.clone();
    }
    let (m, d) = crate::import::new_module(vm, "__main__");
    // What CPython's fresh `__main__` holds.
    for name in ["__package__", "__spec__", "__loader__"] {
        d.set_s(name, Value::None);
    }
    if let Some(b) = vm.modules.get_s("builtins") {
        d.set_s("__builtins__", b);
    }
    vm.modules.set_s("__main__", m);
    d
}

fn function(vm: &mut Vm, f: &SharedFunction) -> PyResult<Value> {
    let Ok(code) = f.code.clone().downcast::<Code>() else {
        return Err(vm.err(ExcKind::SystemError, "foreign data where code was expected"));
    };
    // As CPython's pickle-by-reference: a function of a module or of the sender's script is
    // the receiver's own copy of it, found by name where that exists.
    let globals = match &f.origin {
        FunctionOrigin::Main => main_dict(vm),
        FunctionOrigin::Script(path) => fake_main(vm, path)?,
        FunctionOrigin::Module(name) => {
            let (_, m) = crate::import::import_module(vm, name)?;
            match m {
                Value::Module(m) => m.dict.clone(),
                _ => main_dict(vm),
            }
        }
    };
    if !matches!(f.origin, FunctionOrigin::Main)
        && let Some(found) = lookup_qualname(vm, &globals, &f.qualname)
        && matches!(&found, Value::Function(g) if Arc::ptr_eq(&g.code, &code) || g.code.qualname == code.qualname)
    {
        return Ok(found);
    }
    let defaults = from_items(vm, &f.defaults)?;
    let kwdefaults = if f.kwdefaults.is_empty() {
        None
    } else {
        let d = PyDict::new_rc();
        for (k, x) in &f.kwdefaults {
            let x = from_shareable(vm, x)?;
            d.set_s(k, x);
        }
        Some(d)
    };
    let (consts, names) = crate::eval::code_consts(vm, &code);
    let doc = code
        .docstring
        .as_deref()
        .map(Value::str)
        .unwrap_or(Value::None);
    let name = vm.intern(&f.name);
    let qualname = vm.intern(&f.qualname);
    let func = Rc::new(Function {
        code,
        globals,
        name: RefCell::new(name),
        qualname: RefCell::new(qualname),
        defaults: RefCell::new(defaults),
        kwdefaults: RefCell::new(kwdefaults),
        closure: Vec::new(),
        annotations: RefCell::new(None),
        dict: RefCell::new(None),
        doc: RefCell::new(doc),
        module: RefCell::new(Value::str("__main__")),
        consts,
        names,
        global_cache: RefCell::new(Vec::new()),
        attr_cache: RefCell::new(Vec::new()),
    });
    rupy_objects::gc::track(&func);
    Ok(Value::Function(func))
}

/// A queue handle: an instance of `concurrent.interpreters._queues.Queue` (imported on first
/// need, which registers the class).
fn queue(vm: &mut Vm, id: i64) -> PyResult<Value> {
    let mut class = vm.shared_state::<XiState>().queue_class.borrow().clone();
    if class.is_none() {
        crate::import::import_module(vm, "concurrent.interpreters._queues")?;
        class = vm.shared_state::<XiState>().queue_class.borrow().clone();
    }
    let Some(class) = class else {
        return Err(vm.err(ExcKind::RuntimeError, "the Queue type is not registered"));
    };
    crate::call::call_value(vm, &Value::Class(class), &[Value::Int(id)], &[])
}
