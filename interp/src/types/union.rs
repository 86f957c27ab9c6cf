//! `types.UnionType` (in 3.14 also `typing.Union[...]`): what `int | str` gives. It keeps its
//! arguments flattened, de-duplicated and in order (`None` stands as `NoneType`), prints as
//! CPython does, compares as a set, and answers `isinstance`/`issubclass` for any argument.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::{Class, KwArgs, Opaque, PyResult, Truth, Value, Vm};

use crate::builtins::args::{add_getter, add_method, arity};
use crate::ops;

/// The payload of a union object: its arguments, at least two.
struct Union {
    args: Vec<Value>,
}

#[derive(Default)]
struct UnionType(RefCell<Option<Rc<Class>>>);

fn union_class(vm: &mut Vm) -> Rc<Class> {
    if let Some(c) = vm.shared_state::<UnionType>().0.borrow().clone() {
        return c;
    }
    let c = rupy_objects::vm::derived("UnionType", &vm.object);
    c.dict().set_s("__module__", Value::str("types"));
    add_method(&c, "UnionType", "__repr__", union_repr);
    add_method(&c, "UnionType", "__eq__", union_eq);
    add_method(&c, "UnionType", "__hash__", union_hash);
    add_union_operators(&c, "UnionType");
    add_method(&c, "UnionType", "__instancecheck__", union_instancecheck);
    crate::builtins::args::add_classmethod(&c, "UnionType", "__class_getitem__", |vm, a, _| {
        arity(vm, "__class_getitem__", a, 2, 2)?;
        let items = match &a[1] {
            Value::Tuple(t) => t.to_vec(),
            other => vec![other.clone()],
        };
        if items.is_empty() {
            return Err(vm.type_error("Cannot take a Union of no types."));
        }
        union_of(vm, &items)
    });
    add_getter(&c, "UnionType", "__origin__", |vm, _, _| Ok(union_type(vm)));
    add_method(&c, "UnionType", "__subclasscheck__", union_subclasscheck);
    add_getter(&c, "UnionType", "__args__", |vm, a, _| {
        with_union(vm, &a[0], |u| Value::tuple(u.args.clone()))
    });
    add_getter(&c, "UnionType", "__parameters__", union_parameters);
    *vm.shared_state::<UnionType>().0.borrow_mut() = Some(c.clone());
    c
}

fn with_union<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&Union) -> T) -> PyResult<T> {
    match union_args(v) {
        Some(args) => Ok(f(&Union { args })),
        None => Err(vm.type_error("descriptor requires a 'types.UnionType' object")),
    }
}

fn union_args(v: &Value) -> Option<Vec<Value>> {
    let Value::Opaque(o) = v else { return None };
    o.data
        .borrow()
        .downcast_ref::<Union>()
        .map(|u| u.args.clone())
}

/// Whether `v` may stand in a union: a class, None, a generic alias, another union, or a
/// typing construct that says so (`__origin__` or `__typing_subst__`, as TypeVar).
fn unionable(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Class(_) | Value::None => true,
        Value::Opaque(_) | Value::Instance(_) => {
            union_args(v).is_some()
                || ["__origin__", "__typing_subst__"]
                    .iter()
                    .any(|n| ops::lookup_special(vm, v, n).is_some() || has_attr(vm, v, n))
        }
        _ => false,
    }
}

fn has_attr(vm: &mut Vm, v: &Value, name: &str) -> bool {
    let n = vm.intern(name);
    ops::getattr(vm, v, &n).is_ok()
}

/// `a | b` for type-like operands (`type.__or__`, `UnionType.__or__`, ...): NotImplemented
/// when either side cannot be in a union.
pub fn make_union(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    if !unionable(vm, a) || !unionable(vm, b) {
        return Ok(Value::NotImplemented);
    }
    union_of(vm, &[a.clone(), b.clone()])
}

/// `Union[X, Y, ...]`: any objects (typing's special forms and strings too), flattened and
/// de-duplicated; one argument left is returned as it is.
fn union_of(vm: &mut Vm, items: &[Value]) -> PyResult<Value> {
    let mut args: Vec<Value> = Vec::new();
    for side in items {
        let items = union_args(side).unwrap_or_else(|| vec![side.clone()]);
        for it in items {
            let it = match it {
                Value::None => Value::Class(vm.types.none.clone()),
                other => other,
            };
            let mut dup = false;
            for have in &args {
                if have.is(&it) || ops::eq(vm, have, &it)? {
                    dup = true;
                    break;
                }
            }
            if !dup {
                args.push(it);
            }
        }
    }
    if args.len() == 1 {
        return Ok(args.remove(0));
    }
    let class = union_class(vm);
    Ok(Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(Union { args })),
    })))
}

/// The type variables among the arguments and their own `__parameters__`, in order.
fn union_parameters(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let items = with_union(vm, &args[0], |u| u.args.clone())?;
    let mut out: Vec<Value> = Vec::new();
    let params = vm.intern("__parameters__");
    for it in &items {
        let found = if ops::lookup_special(vm, it, "__typing_subst__").is_some() {
            vec![it.clone()]
        } else if matches!(it, Value::Class(_)) {
            Vec::new()
        } else {
            match ops::getattr(vm, it, &params) {
                Ok(Value::Tuple(t)) => t.to_vec(),
                _ => Vec::new(),
            }
        };
        for p in found {
            if !out.iter().any(|q| q.is(&p)) {
                out.push(p);
            }
        }
    }
    Ok(Value::tuple(out))
}

/// `__or__`/`__ror__` that make a union (types, generic aliases, unions, type variables).
pub fn add_union_operators(c: &Class, owner: &'static str) {
    add_method(c, owner, "__or__", union_or);
    add_method(c, owner, "__ror__", union_ror);
}

fn union_or(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__or__", args, 2, 2)?;
    make_union(vm, &args[0], &args[1])
}

fn union_ror(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__ror__", args, 2, 2)?;
    make_union(vm, &args[1], &args[0])
}

fn union_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let items = with_union(vm, &args[0], |u| u.args.clone())?;
    let mut parts = Vec::new();
    for it in &items {
        parts.push(match it {
            Value::Class(c) if Rc::ptr_eq(c, &vm.types.none) => "None".to_owned(),
            Value::Class(c) => {
                let module = match c.dict().get_s("__module__") {
                    Some(Value::Str(m)) => m.as_str().to_owned(),
                    _ => "builtins".to_owned(),
                };
                let q = c.qualname.borrow().clone();
                if module == "builtins" {
                    q
                } else {
                    format!("{module}.{q}")
                }
            }
            other => ops::repr_string(vm, other)?,
        });
    }
    Ok(Value::string(parts.join(" | ")))
}

fn union_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__eq__", args, 2, 2)?;
    let mine = with_union(vm, &args[0], |u| u.args.clone())?;
    let Some(theirs) = union_args(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    let a = frozenset_of(vm, mine)?;
    let b = frozenset_of(vm, theirs)?;
    Ok(Value::bool(ops::eq(vm, &a, &b)?))
}

fn union_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let items = with_union(vm, &args[0], |u| u.args.clone())?;
    let fs = frozenset_of(vm, items)?;
    Ok(Value::Int(ops::hash(vm, &fs)?))
}

fn frozenset_of(vm: &mut Vm, items: Vec<Value>) -> PyResult<Value> {
    let s = crate::types::set::set_from_iterable(vm, &Value::tuple(items))?;
    Ok(Value::new_frozenset(s))
}

fn union_instancecheck(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__instancecheck__", args, 2, 2)?;
    let items = with_union(vm, &args[0], |u| u.args.clone())?;
    for it in &items {
        if crate::builtins::isinstance(vm, &args[1], it)? {
            return Ok(Value::Bool(Truth::True));
        }
    }
    Ok(Value::Bool(Truth::False))
}

fn union_subclasscheck(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__subclasscheck__", args, 2, 2)?;
    let items = with_union(vm, &args[0], |u| u.args.clone())?;
    for it in &items {
        if crate::builtins::issubclass(vm, &args[1], it)? {
            return Ok(Value::Bool(Truth::True));
        }
    }
    Ok(Value::Bool(Truth::False))
}

/// `types.UnionType` itself (for `types.py` and `typing`).
pub fn union_type(vm: &mut Vm) -> Value {
    Value::Class(union_class(vm))
}
