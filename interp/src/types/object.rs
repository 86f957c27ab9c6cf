//! `object`: the root type's slots — default construction, identity equality and hashing,
//! the default reprs, and the generic attribute protocol exposed as methods.

use rupy_objects::{KwArgs, PyDict, PyResult, Truth, Value, Vm};

use crate::call::call_value;

use crate::builtins::args::add_method;
use crate::ops;

pub fn init(vm: &mut Vm) {
    let o = vm.object.clone();
    // Plain `object()` instances have no __dict__.
    let mut fl = o.flags();
    fl.no_dict = true;
    o.flags.set(fl);
    add_method(&o, "object", "__init__", object_init);
    add_method(&o, "object", "__new__", object_new);
    add_method(&o, "object", "__eq__", object_eq);
    add_method(&o, "object", "__ne__", object_ne);
    add_method(&o, "object", "__hash__", object_hash);
    add_method(&o, "object", "__repr__", object_repr);
    add_method(&o, "object", "__str__", object_str);
    add_method(&o, "object", "__format__", object_format);
    add_method(&o, "object", "__setattr__", object_setattr);
    add_method(&o, "object", "__getattribute__", object_getattribute);
    add_method(&o, "object", "__delattr__", object_delattr);
    crate::builtins::args::add_classmethod(&o, "object", "__init_subclass__", object_init_subclass);
    crate::builtins::args::add_classmethod(&o, "object", "__subclasshook__", object_subclasshook);
    add_method(&o, "object", "__dir__", object_dir);
    add_method(&o, "object", "__getstate__", object_getstate);
    add_method(&o, "object", "__reduce__", object_reduce);
    add_method(&o, "object", "__reduce_ex__", object_reduce_ex);
    for name in ["__lt__", "__le__", "__gt__", "__ge__"] {
        add_method(&o, "object", name, not_implemented);
    }
    o.dict().set_s(
        "__doc__",
        Value::str("The base class of the class hierarchy."),
    );
}

fn not_implemented(_vm: &mut Vm, _a: &[Value], _k: &KwArgs) -> PyResult<Value> {
    Ok(Value::NotImplemented)
}

/// Extra arguments are an error only when they cannot have been meant for someone else: the
/// class overrides `__init__` (so this call came through `super()`), or it does not
/// override `__new__` either (CPython's `object_init`).
fn object_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() > 1 || !kw.is_empty() {
        let Some(obj) = args.first() else {
            return Err(vm.type_error("descriptor '__init__' of 'object' object needs an argument"));
        };
        let cls = vm.type_of(obj);
        let is_object_slot = |vm: &mut Vm, name: &str| {
            let key = vm.intern(name);
            match (cls.lookup(&key), vm.object.dict().get_s(name)) {
                (Some(a), Some(b)) => a.is(&b),
                _ => true,
            }
        };
        if !is_object_slot(vm, "__init__") {
            return Err(vm.type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if is_object_slot(vm, "__new__") {
            return Err(vm.type_error(format!("{}() takes no arguments", cls.name())));
        }
    }
    Ok(Value::None)
}

fn object_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.first() {
        Some(Value::Class(c))
            if !c.flags().heap && !c.flags().exception && !std::rc::Rc::ptr_eq(c, &vm.object) =>
        {
            let n = c.name();
            Err(vm.type_error(format!(
                "object.__new__({}) is not safe, use {}.__new__()",
                n, n
            )))
        }
        Some(Value::Class(c)) => {
            super::class::check_abstract(vm, c)?;
            Ok(super::class::new_instance(vm, c))
        }
        _ => Err(vm.type_error("object.__new__(X): X is not a type object")),
    }
}

fn object_eq(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(if args.len() == 2 && args[0].is(&args[1]) {
        Value::Bool(Truth::True)
    } else {
        Value::NotImplemented
    })
}

fn object_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 2 {
        return Ok(Value::NotImplemented);
    }
    let r = ops::richcompare(vm, rupy_objects::code::CmpOp::Eq, &args[0], &args[1])?;
    if matches!(r, Value::NotImplemented) {
        return Ok(r);
    }
    Ok(Value::bool(!ops::truthy(vm, &r)?))
}

fn object_hash(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int((args[0].heap_ptr().unwrap_or(0) >> 4) as i64))
}

fn object_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let v = &args[0];
    let s = match v {
        Value::Instance(i) if i.exc().is_none() && super::unwrap_builtin(v).is_none() => {
            format!(
                "<{} object at 0x{:x}>",
                super::class_repr_name(&i.class()),
                v.heap_ptr().unwrap_or(0)
            )
        }
        _ => super::misc_repr(vm, v)?,
    };
    Ok(Value::string(s))
}

fn object_str(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Str(ops::repr(vm, &args[0])?))
}

fn object_format(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let spec = args
        .get(1)
        .and_then(|s| s.as_str().map(|s| s.to_owned()))
        .unwrap_or_default();
    if !spec.is_empty() {
        return Err(vm.type_error(format!(
            "unsupported format string passed to {}.__format__",
            ops::type_name(vm, &args[0])
        )));
    }
    Ok(Value::Str(ops::to_str(vm, &args[0])?))
}

fn object_setattr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 3 {
        return Err(vm.type_error("__setattr__ expected 2 arguments"));
    }
    let Value::Str(name) = &args[1] else {
        return Err(vm.type_error("attribute name must be string"));
    };
    let ty = vm.type_of(&args[0]);
    ops::generic_setattr(vm, &args[0], &ty, name, args[2].clone())?;
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 2 {
        return Err(vm.type_error("__getattribute__ expected 1 argument"));
    }
    let Value::Str(name) = &args[1] else {
        return Err(vm.type_error("attribute name must be string"));
    };
    let ty = vm.type_of(&args[0]);
    ops::generic_getattr(vm, &args[0], &ty, name)
}

fn object_delattr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Str(name)) = args.get(1) else {
        return Err(vm.type_error("attribute name must be string"));
    };
    if let Value::Instance(i) = &args[0]
        && let Some(d) = &i.dict
        && d.del_str(name).is_some()
    {
        return Ok(Value::None);
    }
    Err(ops::attr_error(vm, &args[0], name.as_str()))
}

fn object_init_subclass(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        let name = match args.first() {
            Some(Value::Class(c)) => c.name(),
            _ => "object".to_owned(),
        };
        return Err(vm.type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            name
        )));
    }
    Ok(Value::None)
}

fn object_dir(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    crate::builtins::dir_of(vm, &args[0])
}

/// `object.__subclasshook__(C)`: no opinion (ABCs override it).
fn object_subclasshook(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::NotImplemented)
}

/// `object.__getstate__()`: the instance `__dict__` (None when empty or absent), paired with
/// the set `__slots__` values when the class has slots.
fn object_getstate(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(obj) = args.first() else {
        return Err(vm.type_error("object.__getstate__() needs an argument"));
    };
    let Value::Instance(inst) = obj else {
        return Ok(Value::None);
    };
    let dict = match &inst.dict {
        Some(d) if !d.is_empty() => Value::Dict(d.clone()),
        _ => Value::None,
    };
    let slot_values = inst.slots.borrow().clone();
    if slot_values.iter().all(|v| matches!(v, Value::Unbound)) {
        return Ok(dict);
    }
    // Slot names in storage order, from the member descriptors of the MRO.
    let slots = PyDict::new_rc();
    let cls = inst.class();
    for c in cls.mro.borrow().iter() {
        let names: Vec<Value> = match c.dict().get_s("__slots__") {
            Some(Value::Str(s)) => vec![Value::Str(s)],
            Some(Value::Tuple(t)) => t.to_vec(),
            Some(Value::List(l)) => l.borrow().clone(),
            _ => Vec::new(),
        };
        {
            for n in names.iter() {
                let Value::Str(name) = n else { continue };
                if name.as_str() == "__dict__" || name.as_str() == "__weakref__" {
                    continue;
                }
                if let Ok(v) = ops::getattr(vm, obj, name) {
                    slots.set_str(name.clone(), v);
                }
            }
        }
    }
    Ok(Value::tuple(vec![dict, Value::Dict(slots)]))
}

/// `object.__reduce__()`: `copyreg._reduce_ex(self, 0)`.
fn object_reduce(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(obj) = args.first() else {
        return Err(vm.type_error("object.__reduce__() needs an argument"));
    };
    let copyreg = copyreg(vm)?;
    let f = attr(vm, &copyreg, "_reduce_ex")?;
    call_value(vm, &f, &[obj.clone(), Value::Int(0)], &[])
}

/// `object.__reduce_ex__(protocol)`: a class's own `__reduce__` wins; protocols 0 and 1 use
/// `copyreg._reduce_ex`; 2 and up build `copyreg.__newobj__(cls, *args)` (or `__newobj_ex__`
/// with `__getnewargs_ex__`) with the state of `__getstate__` and, for list and dict
/// subclasses, their items.
fn object_reduce_ex(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "object.__reduce_ex__() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    let obj = &args[0];
    let proto = ops::index_of(vm, &args[1])?;
    let cls = vm.type_of(obj);
    let reduce_name = vm.intern("__reduce__");
    let own_reduce = cls.lookup(&reduce_name);
    let base_reduce = vm.object.dict().get_s("__reduce__");
    let overridden = match (&own_reduce, &base_reduce) {
        (Some(a), Some(b)) => !a.is(b),
        _ => false,
    };
    if overridden {
        let m = ops::getattr(vm, obj, &reduce_name)?;
        return call_value(vm, &m, &[], &[]);
    }
    let copyreg = copyreg(vm)?;
    if proto < 2 {
        let f = attr(vm, &copyreg, "_reduce_ex")?;
        return call_value(vm, &f, &[obj.clone(), Value::Int(proto)], &[]);
    }
    let (newargs, newkw) = if let Ok(m) = attr(vm, obj, "__getnewargs_ex__") {
        let r = call_value(vm, &m, &[], &[])?;
        match &r {
            Value::Tuple(t) if t.len() == 2 => (t[0].clone(), Some(t[1].clone())),
            _ => {
                return Err(vm.type_error(format!(
                    "__getnewargs_ex__ should return a tuple of length 2, not '{}'",
                    ops::type_name(vm, &r)
                )));
            }
        }
    } else if let Ok(m) = attr(vm, obj, "__getnewargs__") {
        (call_value(vm, &m, &[], &[])?, None)
    } else {
        (Value::tuple(Vec::new()), None)
    };
    let getstate = attr(vm, obj, "__getstate__")?;
    let state = call_value(vm, &getstate, &[], &[])?;
    let listitems = if cls.is_subclass(&vm.types.list) {
        ops::get_iter(vm, obj)?
    } else {
        Value::None
    };
    let dictitems = if cls.is_subclass(&vm.types.dict) {
        let items = attr(vm, obj, "items")?;
        let it = call_value(vm, &items, &[], &[])?;
        ops::get_iter(vm, &it)?
    } else {
        Value::None
    };
    let Value::Tuple(pos) = &newargs else {
        return Err(vm.type_error("__getnewargs__ should return a tuple"));
    };
    let (func, fargs) = match newkw {
        Some(kw) if !matches!(&kw, Value::Dict(d) if d.is_empty()) => (
            attr(vm, &copyreg, "__newobj_ex__")?,
            Value::tuple(vec![Value::Class(cls.clone()), newargs.clone(), kw]),
        ),
        _ => {
            let mut v = vec![Value::Class(cls.clone())];
            v.extend(pos.iter().cloned());
            (attr(vm, &copyreg, "__newobj__")?, Value::tuple(v))
        }
    };
    Ok(Value::tuple(vec![func, fargs, state, listitems, dictitems]))
}

fn copyreg(vm: &mut Vm) -> PyResult<Value> {
    Ok(crate::import::import_module(vm, "copyreg")?.1)
}

fn attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Value> {
    let n = vm.intern(name);
    ops::getattr(vm, obj, &n)
}
