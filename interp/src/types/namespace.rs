//! `types.SimpleNamespace` (`sys.implementation` is one; Lib's `types.py` takes the type from
//! it): an object whose attributes are its constructor's keyword arguments, printed as
//! `namespace(a=1, b=2)` and equal when the attribute dicts are.

use std::rc::Rc;

use rupy_objects::class::Class;
use rupy_objects::{KwArgs, PyDict, PyResult, Truth, Value, Vm};

use crate::builtins::args::add_method;
use crate::ops;

#[derive(Default)]
struct NamespaceType(std::cell::RefCell<Option<Rc<Class>>>);

/// The `SimpleNamespace` class of this interpreter.
pub fn namespace_class(vm: &mut Vm) -> Rc<Class> {
    if let Some(c) = vm.shared_state::<NamespaceType>().0.borrow().clone() {
        return c;
    }
    let c = rupy_objects::vm::derived("SimpleNamespace", &vm.object);
    // Instances keep a __dict__ (derived classes of object have one).
    c.dict().set_s("__module__", Value::str("types"));
    add_method(&c, "SimpleNamespace", "__init__", ns_init);
    add_method(&c, "SimpleNamespace", "__repr__", ns_repr);
    add_method(&c, "SimpleNamespace", "__eq__", ns_eq);
    *vm.shared_state::<NamespaceType>().0.borrow_mut() = Some(c.clone());
    c
}

/// A namespace with these attributes.
pub fn new(vm: &mut Vm, attrs: &[(&str, Value)]) -> Value {
    let cls = namespace_class(vm);
    let inst = rupy_objects::class::Instance::new(cls, rupy_objects::class::Payload::None);
    if let Some(d) = &inst.dict {
        for (k, v) in attrs {
            d.set_s(k, v.clone());
        }
    }
    Value::new_instance(inst)
}

fn dict_of(v: &Value) -> Option<Rc<PyDict>> {
    match v {
        Value::Instance(i) => i.dict.clone(),
        _ => None,
    }
}

fn ns_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(d) = args.first().and_then(dict_of) else {
        return Err(vm.type_error("SimpleNamespace.__init__ needs an instance"));
    };
    if args.len() > 2 {
        return Err(vm.type_error(format!(
            "SimpleNamespace expected at most 1 positional argument, got {}",
            args.len() - 1
        )));
    }
    if let Some(m) = args.get(1) {
        let items_name = vm.intern("items");
        let items = ops::getattr(vm, m, &items_name)?;
        let it = crate::call::call_value(vm, &items, &[], &[])?;
        for pair in ops::collect(vm, &it)? {
            let kv = ops::collect(vm, &pair)?;
            match kv.as_slice() {
                [Value::Str(k), v] => d.set_str(k.clone(), v.clone()),
                [k, _] => {
                    let t = ops::type_name(vm, k);
                    return Err(vm.type_error(format!("keywords must be strings, not '{t}'")));
                }
                _ => return Err(vm.type_error("SimpleNamespace mapping items must be pairs")),
            }
        }
    }
    for (k, v) in kw {
        d.set_str(k.clone(), v.clone());
    }
    Ok(Value::None)
}

fn ns_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let obj = &args[0];
    let cls = vm.type_of(obj);
    let name = if Rc::ptr_eq(&cls, &namespace_class(vm)) {
        "namespace".to_owned()
    } else {
        cls.name()
    };
    let mut parts = Vec::new();
    if let Some(d) = dict_of(obj) {
        crate::eval::enter_nested(vm, " while getting the repr of an object")?;
        for (k, v) in d.entries() {
            if let Value::Str(k) = &k {
                match ops::repr_string(vm, &v) {
                    Ok(r) => parts.push(format!("{}={}", k.as_str(), r)),
                    Err(e) => {
                        crate::eval::leave_nested(vm);
                        return Err(e);
                    }
                }
            }
        }
        crate::eval::leave_nested(vm);
    }
    Ok(Value::string(format!("{}({})", name, parts.join(", "))))
}

fn ns_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let cls = namespace_class(vm);
    let (a, b) = (&args[0], args.get(1).unwrap_or(&Value::None));
    if !vm.type_of(b).is_subclass(&cls) {
        return Ok(Value::NotImplemented);
    }
    match (dict_of(a), dict_of(b)) {
        (Some(x), Some(y)) => Ok(Value::bool(ops::eq(vm, &Value::Dict(x), &Value::Dict(y))?)),
        _ => Ok(Value::Bool(Truth::False)),
    }
}
