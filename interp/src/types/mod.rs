//! The builtin types' behaviour that is not a plain method: special attributes of builtin
//! objects (`__name__`, `__class__`, `args`, ...), reprs of the small builtin objects, the
//! unwrapping of builtin-subclass instances, and the `match` statement's structural checks.
//! Each builtin type's methods live in the file named after it.

pub mod bytes;
pub mod class;
pub mod complex;
pub mod dict;
pub mod exception;
pub mod float;
pub mod frame;
pub mod function;
pub mod generic_alias;
pub mod int;
pub mod list;
pub mod memoryview;
pub mod namespace;
pub mod object;
pub mod range;
pub mod set;
pub mod str;
pub mod structseq;
pub mod template;
pub mod traceback;
pub mod tuple;
pub mod union;
pub mod weakref;

use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, Instance, Payload, PyDict, PyResult, PyStr, Value, Vm};

use crate::ops;

/// Register every builtin type's methods.
pub fn init(vm: &mut Vm) {
    object::init(vm);
    class::init(vm);
    exception::init(vm);
    function::init(vm);
    str::init(vm);
    int::init(vm);
    float::init(vm);
    complex::init(vm);
    list::init(vm);
    tuple::init(vm);
    dict::init(vm);
    set::init(vm);
    bytes::init(vm);
    memoryview::init(vm);
    range::init(vm);
}

/// `__new__` of a builtin type: strip the class argument, build the value, and wrap it when
/// the class is a Python subclass (`class L(list)`).
macro_rules! constructor {
    ($name:ident, $build:path) => {
        pub(crate) fn $name(
            vm: &mut Vm,
            args: &[Value],
            kw: &rupy_objects::KwArgs,
        ) -> PyResult<Value> {
            let cls = match args.first() {
                Some(Value::Class(c)) => c.clone(),
                _ => return Err(vm.type_error("__new__() requires a type argument")),
            };
            let v = $build(vm, &args[1..], kw)?;
            Ok(wrap_for_subclass(&cls, v))
        }
    };
}

/// Mutable builtins: a subclass instance starts empty and its `__init__` fills it (as in
/// CPython), so arguments are consumed once.
macro_rules! constructor_mut {
    ($name:ident, $build:path) => {
        pub(crate) fn $name(
            vm: &mut Vm,
            args: &[Value],
            kw: &rupy_objects::KwArgs,
        ) -> PyResult<Value> {
            let cls = match args.first() {
                Some(Value::Class(c)) => c.clone(),
                _ => return Err(vm.type_error("__new__() requires a type argument")),
            };
            if cls.flags().heap {
                let v = $build(vm, &[], &[])?;
                return Ok(wrap_for_subclass(&cls, v));
            }
            $build(vm, &args[1..], kw)
        }
    };
}

// The constructors are registered by the types' fillers (`__new__` is a dict entry).
constructor!(new_int, int::int_new);
constructor!(new_float, float::float_new);
constructor!(new_complex, complex::complex_new);
constructor!(new_str, str::str_new);
constructor_mut!(new_list, list::list_new);
constructor!(new_tuple, tuple::tuple_new);
constructor_mut!(new_dict, dict::dict_new);
constructor_mut!(new_set, set::set_new);
constructor!(new_frozenset, set::frozenset_new);
constructor!(new_bytes, bytes::bytes_new);
constructor_mut!(new_bytearray, bytes::bytearray_new);

#[derive(Default)]
struct ReprGuard(Vec<usize>);

/// Enter a container repr; false if already being repr'd (recursive structure).
pub fn reprenter(vm: &mut Vm, v: &Value) -> bool {
    let p = v.heap_ptr().unwrap_or(0);
    let g = vm.ext_state::<ReprGuard>();
    if g.0.contains(&p) {
        return false;
    }
    g.0.push(p);
    true
}

pub fn reprleave(vm: &mut Vm, v: &Value) {
    let p = v.heap_ptr().unwrap_or(0);
    let g = vm.ext_state::<ReprGuard>();
    if let Some(i) = g.0.iter().rposition(|x| *x == p) {
        g.0.remove(i);
    }
}

/// The builtin value inside an instance of a subclass of a builtin type.
pub fn unwrap_builtin(v: &Value) -> Option<Value> {
    match v {
        Value::Instance(i) => match &i.payload {
            Payload::Value(inner) => Some(inner.borrow().clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Wrap a builtin value for a subclass: `cls` derives from the value's type.
pub fn wrap_for_subclass(cls: &Rc<Class>, v: Value) -> Value {
    if !cls.flags().heap {
        return v;
    }
    Value::new_instance(Instance::new(
        cls.clone(),
        Payload::Value(std::cell::RefCell::new(v)),
    ))
}

pub fn hex_id(v: &Value) -> String {
    format!("0x{:x}", v.heap_ptr().unwrap_or(0))
}

pub fn class_repr_name(c: &Class) -> String {
    let module = match c.dict().get_s("__module__") {
        Some(Value::Str(m)) => m.as_str().to_owned(),
        _ => "builtins".to_owned(),
    };
    if module == "builtins" {
        c.qualname.borrow().clone()
    } else {
        format!("{}.{}", module, c.qualname.borrow())
    }
}

/// repr() of objects without a Python-level `__repr__`.
pub fn misc_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    Ok(match v {
        Value::Class(c) => format!("<class '{}'>", class_repr_name(c)),
        Value::Function(f) => format!(
            "<function {} at {}>",
            f.qualname.borrow().as_str(),
            hex_id(v)
        ),
        Value::Native(n) => match &n.bound {
            Some(b) if !matches!(b, Value::Module(_)) => {
                format!(
                    "<built-in method {} of {} object at {}>",
                    n.name,
                    ops::type_name(vm, b),
                    hex_id(b)
                )
            }
            _ => format!("<built-in function {}>", n.name),
        },
        Value::Method(m) => {
            let fname = match &m.func {
                Value::Function(f) => f.qualname.borrow().as_str().to_owned(),
                other => ops::type_name(vm, other),
            };
            format!(
                "<bound method {} of {}>",
                fname,
                ops::repr_string(vm, &m.receiver)?
            )
        }
        Value::Module(m) => format!("<module '{}'>", m.name.as_str()),
        Value::Range(r) => {
            if r.step == 1 {
                format!("range({}, {})", r.start, r.stop)
            } else {
                format!("range({}, {}, {})", r.start, r.stop, r.step)
            }
        }
        Value::Slice(s) => format!(
            "slice({}, {}, {})",
            ops::repr_string(vm, &s.start)?,
            ops::repr_string(vm, &s.stop)?,
            ops::repr_string(vm, &s.step)?
        ),
        Value::Complex(c) => complex::complex_repr(c.0, c.1),
        Value::Bytes(b) => bytes::bytes_repr(b, ""),
        Value::ByteArray(b) => bytes::bytearray_repr(&b.borrow()),
        Value::DictView(_) => dict::view_repr(vm, v)?,
        Value::Generator(g) => format!(
            "<{} object {} at {}>",
            match g.kind {
                rupy_objects::misc::GenKind::Generator => "generator",
                rupy_objects::misc::GenKind::Coroutine => "coroutine",
                rupy_objects::misc::GenKind::AsyncGenerator => "async_generator",
            },
            g.qualname.borrow().as_str(),
            hex_id(v)
        ),
        Value::Code(c) => format!(
            "<code object {} at {}, file \"{}\", line {}>",
            c.name,
            hex_id(v),
            c.filename,
            c.firstlineno
        ),
        Value::Cell(_) => format!("<cell at {}>", hex_id(v)),
        Value::Property(_) => format!("<property object at {}>", hex_id(v)),
        Value::StaticMethod(_) => format!("<staticmethod object at {}>", hex_id(v)),
        Value::ClassMethod(_) => format!("<classmethod object at {}>", hex_id(v)),
        Value::Super(s) => format!(
            "<super: <class '{}'>, <{} object>>",
            s.class.name(),
            s.obj_type.name()
        ),
        Value::Iter(_) => format!("<{} object at {}>", ops::type_name(vm, v), hex_id(v)),
        Value::Instance(i) => {
            if i.exc().is_some() {
                return exception::exc_repr(vm, v);
            }
            if let Some(inner) = unwrap_builtin(v) {
                return ops::repr_string(vm, &inner);
            }
            format!("<{} object at {}>", class_repr_name(&i.class()), hex_id(v))
        }
        Value::Opaque(o) => format!("<{} object at {}>", class_repr_name(&o.class), hex_id(v)),
        _ => format!("<{} object>", ops::type_name(vm, v)),
    })
}

/// Attributes of builtin objects that are not entries of a type dict.
pub fn special_getattr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    if name == "__class__" {
        return Ok(Some(Value::Class(vm.type_of(obj))));
    }
    Ok(match obj {
        Value::Class(c) => class::class_attr(vm, c, name)?,
        Value::Function(_)
        | Value::Native(_)
        | Value::Method(_)
        | Value::Property(_)
        | Value::StaticMethod(_)
        | Value::ClassMethod(_)
        | Value::Code(_)
        | Value::Cell(_)
        | Value::Generator(_)
        | Value::Super(_) => function::func_attr(vm, obj, name)?,
        Value::Instance(i) => {
            if name == "__dict__" {
                if i.dict.is_none() || i.class().flags().no_dict {
                    return Ok(None);
                }
                return Ok(Some(instance_dict(vm, i)));
            }
            if i.exc().is_some() {
                return exception::exc_attr(vm, obj, name);
            }
            // A subclass of a builtin type (`class P(property)`): the wrapped value's attributes.
            match unwrap_builtin(obj) {
                Some(inner) if !matches!(inner, Value::Instance(_)) => {
                    return special_getattr(vm, &inner, name);
                }
                _ => None,
            }
        }
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => int::int_attr(vm, obj, name),
        Value::Float(f) => match name {
            "real" => Some(Value::Float(*f)),
            "imag" => Some(Value::float(0.0)),
            _ => None,
        },
        Value::Complex(c) => match name {
            "real" => Some(Value::float(c.0)),
            "imag" => Some(Value::float(c.1)),
            _ => None,
        },
        Value::Range(r) => match name {
            "start" => Some(Value::Int(r.start)),
            "stop" => Some(Value::Int(r.stop)),
            "step" => Some(Value::Int(r.step)),
            _ => None,
        },
        Value::Slice(s) => match name {
            "start" => Some(s.start.clone()),
            "stop" => Some(s.stop.clone()),
            "step" => Some(s.step.clone()),
            _ => None,
        },
        Value::Module(m) => match name {
            "__dict__" => Some(Value::Dict(m.dict.clone())),
            _ => None,
        },
        Value::Opaque(_) => crate::builtins::io::file_attr(obj, name),
        _ => None,
    })
}

/// An instance's `__dict__` as a dict object (the instance's own storage, shared).
pub fn instance_dict(_vm: &mut Vm, i: &Instance) -> Value {
    match &i.dict {
        Some(d) => {
            // Handed out, the dict can outlive the instance: the collector tracks it itself.
            PyDict::track(d);
            Value::Dict(d.clone())
        }
        None => Value::None,
    }
}

pub fn class_setattr(vm: &mut Vm, c: &Rc<Class>, name: &Rc<PyStr>, value: Value) -> PyResult<()> {
    c.dict().set_str(name.clone(), value);
    vm.bump_class_epoch();
    if name.as_str().starts_with("__") {
        refresh_class_flags(vm, c);
    }
    Ok(())
}

pub fn refresh_class_flags(_vm: &mut Vm, c: &Rc<Class>) {
    class::compute_flags(c);
}

pub fn function_setattr(
    vm: &mut Vm,
    f: &Rc<rupy_objects::Function>,
    name: &Rc<PyStr>,
    value: Value,
) -> PyResult<()> {
    function::set_func_attr(vm, f, name, value)
}

/// Setting an attribute that is neither a slot nor storable: the instance has no `__dict__`.
pub fn no_dict_setattr_error(vm: &mut Vm, ty: &Rc<Class>, name: &PyStr) -> rupy_objects::PyErr {
    vm.err(
        ExcKind::AttributeError,
        format!(
            "'{}' object has no attribute '{}' and no __dict__ for setting new attributes",
            ty.name(),
            name.as_str()
        ),
    )
}

pub fn is_mapping(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Dict(_) => true,
        Value::Instance(i) => {
            let c = i.class();
            c.base_kind.get() == rupy_objects::class::BaseKind::Dict || {
                let _ = vm;
                c.lookup_s("keys").is_some()
                    && c.lookup_s("__getitem__").is_some()
                    && c.lookup_s("items").is_some()
            }
        }
        _ => false,
    }
}

pub fn is_match_sequence(_vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Range(_) => true,
        Value::Instance(i) => {
            let k = i.class().base_kind.get();
            k == rupy_objects::class::BaseKind::List || k == rupy_objects::class::BaseKind::Tuple
        }
        _ => false,
    }
}

pub fn match_keys(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult<Value> {
    let keys = match keys {
        Value::Tuple(t) => (**t).clone(),
        _ => Vec::new(),
    };
    let mut out = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        for prev in &keys[..i] {
            if ops::eq(vm, prev, k)? {
                let r = ops::repr_string(vm, k)?;
                return Err(vm.value_error(format!("mapping pattern checks duplicate key ({})", r)));
            }
        }
        let found = match subject {
            Value::Dict(d) => {
                let h = ops::hash(vm, k)?;
                d.get(h, k, &mut |a, b| ops::eq(vm, a, b))?
            }
            _ => {
                let get = vm.intern("get");
                let m = ops::getattr(vm, subject, &get)?;
                let marker = Value::Ellipsis;
                let r = crate::call::call_value(vm, &m, &[k.clone(), marker.clone()], &[])?;
                if r.is(&marker) { None } else { Some(r) }
            }
        };
        match found {
            Some(v) => out.push(v),
            None => return Ok(Value::None),
        }
    }
    Ok(Value::tuple(out))
}

pub fn copy_dict_without(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult<Value> {
    let d = rupy_objects::PyDict::new();
    let src = match subject {
        Value::Dict(sd) => sd.entries(),
        _ => {
            let items = vm.intern("items");
            let m = ops::getattr(vm, subject, &items)?;
            let it = crate::call::call_value(vm, &m, &[], &[])?;
            let mut out = Vec::new();
            for pair in ops::collect(vm, &it)? {
                if let Value::Tuple(t) = pair
                    && t.len() == 2
                {
                    out.push((t[0].clone(), t[1].clone()));
                }
            }
            out
        }
    };
    let keys = match keys {
        Value::Tuple(t) => (**t).clone(),
        _ => Vec::new(),
    };
    'outer: for (k, v) in src {
        for x in &keys {
            if ops::eq(vm, x, &k)? {
                continue 'outer;
            }
        }
        let h = ops::hash(vm, &k)?;
        d.insert(h, k, v, &mut |a, b| ops::eq(vm, a, b))?;
    }
    Ok(Value::new_dict(d))
}

pub fn match_class(
    vm: &mut Vm,
    subject: &Value,
    cls: &Value,
    npos: usize,
    kwnames: &Value,
) -> PyResult<Value> {
    let Value::Class(c) = cls else {
        return Err(vm.type_error("called match pattern must be a class"));
    };
    if !vm.type_of(subject).is_subclass(c) {
        return Ok(Value::None);
    }
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    if npos > 0 {
        let match_args = c.lookup_s("__match_args__");
        let self_match = [
            &vm.types.bool_,
            &vm.types.bytearray,
            &vm.types.bytes,
            &vm.types.dict,
            &vm.types.float,
            &vm.types.frozenset,
            &vm.types.int,
            &vm.types.list,
            &vm.types.set,
            &vm.types.str,
            &vm.types.tuple,
        ]
        .iter()
        .any(|t| c.is_subclass(t) && !c.flags().heap || Rc::ptr_eq(c, t));
        match match_args {
            None if self_match => {
                if npos > 1 {
                    return Err(vm.type_error(format!(
                        "{}() accepts 1 positional sub-pattern ({} given)",
                        c.name(),
                        npos
                    )));
                }
                out.push(subject.clone());
            }
            None => {
                return Err(vm.type_error(format!(
                    "{}() accepts 0 positional sub-patterns ({} given)",
                    c.name(),
                    npos
                )));
            }
            Some(Value::Tuple(names)) => {
                if npos > names.len() {
                    return Err(vm.type_error(format!(
                        "{}() accepts {} positional sub-pattern{} ({} given)",
                        c.name(),
                        names.len(),
                        if names.len() == 1 { "" } else { "s" },
                        npos
                    )));
                }
                for n in names.iter().take(npos) {
                    let Value::Str(s) = n else {
                        return Err(vm.type_error("__match_args__ elements must be strings"));
                    };
                    seen.push(s.as_str().to_owned());
                    match ops::getattr(vm, subject, s) {
                        Ok(v) => out.push(v),
                        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {
                            return Ok(Value::None);
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Some(_) => {
                return Err(vm.type_error(format!("{}.__match_args__ must be a tuple", c.name())));
            }
        }
    }
    if let Value::Tuple(kws) = kwnames {
        for n in kws.iter() {
            let Value::Str(s) = n else { continue };
            if seen.iter().any(|x| x == s.as_str()) {
                return Err(vm.type_error(format!(
                    "{}() got multiple sub-patterns for attribute '{}'",
                    c.name(),
                    s.as_str()
                )));
            }
            seen.push(s.as_str().to_owned());
            match ops::getattr(vm, subject, s) {
                Ok(v) => out.push(v),
                Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {
                    return Ok(Value::None);
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(Value::tuple(out))
}
