//! `object`: the root type's slots — default construction, identity equality and hashing,
//! the default reprs, and the generic attribute protocol exposed as methods.

use rupy_objects::{KwArgs, PyResult, Truth, Value, Vm};

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

fn object_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() > 1 || !kw.is_empty() {
        return Err(vm.type_error(
            "object.__init__() takes exactly one argument (the instance to initialize)",
        ));
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
