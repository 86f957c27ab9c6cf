//! `_weakref`: the module CPython's `weakref` and `_weakrefset` import. The weak reference
//! types and their table live in `rupy_interp::types::weakref`; this exposes them.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::ops;
use rupy_interp::types::weakref::{classes, is_dead_ref, new_proxy, refs_to};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{PyDict, PyResult, Value, Vm};

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let (r, p, cp) = classes(vm);
    d.set_s("ref", Value::Class(r.clone()));
    d.set_s("ReferenceType", Value::Class(r));
    d.set_s("ProxyType", Value::Class(p));
    d.set_s("CallableProxyType", Value::Class(cp));
    add_fn(d, "proxy", |vm, a, _| {
        arity(vm, "proxy", a, 1, 2)?;
        new_proxy(vm, &a[0], a.get(1).cloned())
    });
    add_fn(d, "getweakrefcount", |vm, a, _| {
        arity(vm, "getweakrefcount", a, 1, 1)?;
        Ok(Value::Int(refs_to(vm, &a[0]).len() as i64))
    });
    add_fn(d, "getweakrefs", |vm, a, _| {
        arity(vm, "getweakrefs", a, 1, 1)?;
        Ok(Value::list(refs_to(vm, &a[0])))
    });
    add_fn(d, "_remove_dead_weakref", |vm, a, _| {
        arity(vm, "_remove_dead_weakref", a, 2, 2)?;
        let (dict, key) = (&a[0], &a[1]);
        match ops::getitem(vm, dict, key) {
            Ok(v) if is_dead_ref(&v) => ops::delitem(vm, dict, key)?,
            Ok(_) => {}
            Err(e) if e.class().is_subclass(&vm.exc(ExcKind::KeyError)) => {}
            Err(e) => return Err(e),
        }
        Ok(Value::None)
    });
    Ok(())
}
