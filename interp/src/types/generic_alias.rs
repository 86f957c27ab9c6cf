//! `types.GenericAlias`: what subscripting a builtin generic class gives (`list[int]`,
//! `dict[str, list[int]]`). It remembers its origin and arguments, prints as CPython does,
//! calls through to the origin, and stands for the origin as a base class (`__mro_entries__`).

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::{Class, KwArgs, Opaque, PyResult, Truth, Value, Vm};

use crate::builtins::args::{add_getter, add_method, arity};
use crate::ops;

struct Alias {
    origin: Value,
    args: Vec<Value>,
}

#[derive(Default)]
struct AliasType(std::cell::RefCell<Option<Rc<Class>>>);

fn alias_class(vm: &mut Vm) -> Rc<Class> {
    if let Some(c) = vm.shared_state::<AliasType>().0.borrow().clone() {
        return c;
    }
    let c = rupy_objects::vm::derived("GenericAlias", &vm.object);
    c.dict().set_s("__module__", Value::str("types"));
    add_method(&c, "GenericAlias", "__new__", ga_new);
    add_method(&c, "GenericAlias", "__repr__", ga_repr);
    add_method(&c, "GenericAlias", "__call__", ga_call);
    add_method(&c, "GenericAlias", "__eq__", ga_eq);
    add_method(&c, "GenericAlias", "__hash__", ga_hash);
    add_method(&c, "GenericAlias", "__mro_entries__", ga_mro_entries);
    super::union::add_union_operators(&c, "GenericAlias");
    add_method(&c, "GenericAlias", "__instancecheck__", ga_instancecheck);
    add_method(&c, "GenericAlias", "__subclasscheck__", ga_instancecheck);
    for (name, getter) in [
        ("__origin__", ga_origin as rupy_objects::NativeFn),
        ("__args__", ga_args),
        ("__parameters__", ga_parameters),
    ] {
        add_getter(&c, "GenericAlias", name, getter);
    }
    *vm.shared_state::<AliasType>().0.borrow_mut() = Some(c.clone());
    c
}

/// `__class_getitem__` of a builtin generic class (`list[int]`, `tuple.__class_getitem__`),
/// added by the fillers of list, dict, tuple, set, frozenset, type and enumerate.
pub fn add_class_getitem(c: &Class) {
    crate::builtins::args::add_classmethod(c, "type", "__class_getitem__", class_getitem);
}

fn class_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__class_getitem__", args, 2, 2)?;
    new(vm, &args[0], &args[1])
}

/// `origin[key]`: a tuple key gives several arguments.
pub fn new(vm: &mut Vm, origin: &Value, key: &Value) -> PyResult<Value> {
    let args = match key {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    let cls = alias_class(vm);
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(Alias {
            origin: origin.clone(),
            args,
        })),
    })))
}

/// `types.GenericAlias(origin, args)`.
fn ga_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "GenericAlias", &args[1..], 2, 2)?;
    new(vm, &args[1], &args[2])
}

fn with_alias<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&Alias) -> T) -> PyResult<T> {
    if let Value::Opaque(o) = v
        && let Some(a) = o.data.borrow().downcast_ref::<Alias>()
    {
        return Ok(f(a));
    }
    Err(vm.type_error("descriptor requires a 'types.GenericAlias' object"))
}

/// How CPython prints a type argument: `module.qualname` (bare for builtins), `...`, or repr.
fn arg_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Ellipsis => Ok("...".to_owned()),
        Value::Class(c) => {
            let module = match c.dict().get_s("__module__") {
                Some(Value::Str(m)) => m.as_str().to_owned(),
                _ => "builtins".to_owned(),
            };
            let q = c.qualname.borrow().clone();
            Ok(if module == "builtins" {
                q
            } else {
                format!("{}.{}", module, q)
            })
        }
        Value::List(l) => {
            let items = l.borrow().clone();
            let mut parts = Vec::new();
            for i in &items {
                parts.push(arg_repr(vm, i)?);
            }
            Ok(format!("[{}]", parts.join(", ")))
        }
        _ => ops::repr_string(vm, v),
    }
}

fn ga_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (origin, items) = with_alias(vm, &args[0], |a| (a.origin.clone(), a.args.clone()))?;
    let mut parts = Vec::new();
    for i in &items {
        parts.push(arg_repr(vm, i)?);
    }
    let head = arg_repr(vm, &origin)?;
    let inner = if parts.is_empty() {
        "()".to_owned()
    } else {
        parts.join(", ")
    };
    Ok(Value::string(format!("{}[{}]", head, inner)))
}

fn ga_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let origin = with_alias(vm, &args[0], |a| a.origin.clone())?;
    crate::call::call_value(vm, &origin, &args[1..], kw)
}

fn ga_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__eq__", args, 2, 2)?;
    let mine = with_alias(vm, &args[0], |a| (a.origin.clone(), a.args.clone()))?;
    let Ok(theirs) = with_alias(vm, &args[1], |a| (a.origin.clone(), a.args.clone())) else {
        return Ok(Value::NotImplemented);
    };
    if !mine.0.is(&theirs.0) || mine.1.len() != theirs.1.len() {
        return Ok(Value::Bool(Truth::False));
    }
    for (x, y) in mine.1.iter().zip(theirs.1.iter()) {
        if !ops::eq(vm, x, y)? {
            return Ok(Value::Bool(Truth::False));
        }
    }
    Ok(Value::Bool(Truth::True))
}

fn ga_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (origin, items) = with_alias(vm, &args[0], |a| (a.origin.clone(), a.args.clone()))?;
    let h1 = ops::hash(vm, &origin)?;
    let h2 = ops::hash(vm, &Value::tuple(items))?;
    Ok(Value::Int(h1 ^ h2))
}

fn ga_mro_entries(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let origin = with_alias(vm, &args[0], |a| a.origin.clone())?;
    Ok(Value::tuple(vec![origin]))
}

fn ga_instancecheck(vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Err(vm.type_error("isinstance() argument 2 cannot be a parameterized generic"))
}

fn ga_origin(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_alias(vm, &args[0], |a| a.origin.clone())
}

fn ga_args(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_alias(vm, &args[0], |a| Value::tuple(a.args.clone()))
}

fn ga_parameters(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::tuple(Vec::new()))
}
