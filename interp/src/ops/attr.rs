//! Attribute access: the generic getattr/setattr/delattr algorithm with data and non-data
//! descriptors, the special attributes of builtin objects, and method lookup that avoids
//! allocating a bound method for `obj.meth(...)` calls.

use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{AttrCache, Class, Function, NativeFunction, PyErr, PyResult, PyStr, Value, Vm};

use crate::call::call_value;
use crate::ops::convert::type_name;

/// Look a special method up on the type of `v` (never on the instance).
pub fn lookup_special(vm: &mut Vm, v: &Value, name: &str) -> Option<Value> {
    let ty = vm.type_of(v);
    let n = vm.intern(name);
    ty.lookup_cached(&n, vm.class_epoch())
}

/// Call `type(v).name(v, *args)` if the type defines it.
pub fn call_special(vm: &mut Vm, v: &Value, name: &str, args: &[Value]) -> PyResult<Option<Value>> {
    let Some(f) = lookup_special(vm, v, name) else {
        return Ok(None);
    };
    let mut full = Vec::with_capacity(args.len() + 1);
    full.push(v.clone());
    full.extend_from_slice(args);
    call_descr_method(vm, &f, v, &full).map(Some)
}

/// Call a method found on a type with explicit receiver-first args, honouring staticmethod /
/// classmethod wrappers.
pub fn call_descr_method(vm: &mut Vm, f: &Value, recv: &Value, full: &[Value]) -> PyResult<Value> {
    match f {
        Value::StaticMethod(inner) => call_value(vm, inner, &full[1..], &[]),
        Value::ClassMethod(inner) => {
            let mut a = full.to_vec();
            a[0] = Value::Class(vm.type_of(recv));
            call_value(vm, inner, &a, &[])
        }
        _ => call_value(vm, f, full, &[]),
    }
}

#[cold]
pub fn attr_error(vm: &mut Vm, obj: &Value, name: &str) -> PyErr {
    let msg = match obj {
        Value::Class(c) => format!("type object '{}' has no attribute '{}'", c.name(), name),
        Value::Module(m) => format!("module '{}' has no attribute '{}'", m.name.as_str(), name),
        _ => format!(
            "'{}' object has no attribute '{}'",
            type_name(vm, obj),
            name
        ),
    };
    vm.err(ExcKind::AttributeError, msg)
}

/// Is `d` (found on a type) a data descriptor?
fn is_data_descr(vm: &mut Vm, d: &Value) -> bool {
    match d {
        Value::Property(_) => true,
        Value::Instance(_) | Value::Opaque(_) => {
            let c = vm.type_of(d);
            let set = vm.intern("__set__");
            let del = vm.intern("__delete__");
            c.lookup(&set).is_some() || c.lookup(&del).is_some()
        }
        _ => false,
    }
}

/// Apply the descriptor protocol to `attr` found on `ty` for instance `obj`.
pub fn bind(vm: &mut Vm, attr: Value, obj: &Value, ty: &Rc<Class>) -> PyResult<Value> {
    Ok(match attr {
        Value::Function(_) => Value::new_method(attr, obj.clone()),
        Value::Native(ref n) if n.bound.is_none() && !n.owner.is_empty() => {
            if n.is_classmethod {
                Value::Native(Rc::new(NativeFunction {
                    bound: Some(Value::Class(ty.clone())),
                    ..clone_native(n)
                }))
            } else {
                Value::Native(Rc::new(NativeFunction {
                    bound: Some(obj.clone()),
                    ..clone_native(n)
                }))
            }
        }
        Value::StaticMethod(inner) => (*inner).clone(),
        Value::ClassMethod(inner) => Value::new_method((*inner).clone(), Value::Class(ty.clone())),
        Value::Property(p) => {
            if p.fget.is_none() {
                let name = match &*p.name.borrow() {
                    Value::Str(s) => format!(
                        "property '{}' of '{}' object has no getter",
                        s.as_str(),
                        ty.name()
                    ),
                    _ => "unreadable attribute".to_owned(),
                };
                return Err(vm.err(ExcKind::AttributeError, name));
            }
            call_value(vm, &p.fget, std::slice::from_ref(obj), &[])?
        }
        Value::Instance(_) | Value::Opaque(_) => {
            if let Some(get) = lookup_special(vm, &attr, "__get__") {
                call_value(
                    vm,
                    &get,
                    &[attr.clone(), obj.clone(), Value::Class(ty.clone())],
                    &[],
                )?
            } else {
                attr
            }
        }
        other => other,
    })
}

pub fn clone_native(n: &NativeFunction) -> NativeFunction {
    NativeFunction {
        name: n.name,
        func: n.func,
        bound: n.bound.clone(),
        owner: n.owner,
        is_classmethod: n.is_classmethod,
    }
}

/// Whether `name` is an ordinary instance attribute of `inst`'s class: found in the instance
/// dict before anything on the class (the condition for the inline cache).
fn attr_is_plain(vm: &mut Vm, inst: &rupy_objects::Instance, name: &Rc<PyStr>) -> bool {
    let cls = inst.class();
    let f = cls.flags();
    if f.custom_getattr
        || f.custom_setattr
        || inst.exc().is_some()
        || name.as_str() == "__class__"
        || name.as_str() == "__dict__"
    {
        return false;
    }
    match cls.lookup_cached(name, vm.class_epoch()) {
        None => true,
        Some(d) => !is_data_descr(vm, &d),
    }
}

/// The cache entry for name index `i` of `func`, refreshed for `inst`'s class; with its way.
fn attr_entry(
    vm: &mut Vm,
    func: &Function,
    i: usize,
    inst: &rupy_objects::Instance,
    name: &Rc<PyStr>,
) -> (AttrCache, usize) {
    let cls_ptr = Rc::as_ptr(&*inst.class.borrow()) as usize;
    {
        let mut cache = func.attr_cache.borrow_mut();
        if cache.len() <= i {
            cache.resize(func.names.len().max(i + 1), [AttrCache::default(); 2]);
        }
        for (way, e) in cache[i].iter().enumerate() {
            if e.class == cls_ptr && e.epoch == vm.class_epoch() {
                return (*e, way);
            }
        }
    }
    let plain = attr_is_plain(vm, inst, name);
    let e = AttrCache {
        class: cls_ptr,
        epoch: vm.class_epoch(),
        plain,
        hint: 0,
    };
    let mut cache = func.attr_cache.borrow_mut();
    cache[i][1] = cache[i][0];
    cache[i][0] = e;
    (e, 0)
}

/// `obj.name` from the eval loop: instance attributes through the function's inline cache
/// (no class lookup, the dict entry tried at its last position), everything else as `getattr`.
#[inline]
pub fn load_attr_cached(
    vm: &mut Vm,
    func: &Function,
    i: usize,
    obj: &Value,
    name: &Rc<PyStr>,
) -> PyResult<Value> {
    if let Value::Instance(inst) = obj
        && let Some(d) = &inst.dict
    {
        let (mut e, way) = attr_entry(vm, func, i, inst, name);
        if e.plain {
            let old = e.hint;
            if let Some(v) = d.get_str_hinted(name, &mut e.hint) {
                if e.hint != old {
                    func.attr_cache.borrow_mut()[i][way].hint = e.hint;
                }
                return Ok(v);
            }
        }
    }
    getattr(vm, obj, name)
}

/// `obj.name = value` from the eval loop, through the same cache as `load_attr_cached`.
#[inline]
pub fn store_attr_cached(
    vm: &mut Vm,
    func: &Function,
    i: usize,
    obj: &Value,
    name: &Rc<PyStr>,
    value: Value,
) -> PyResult<()> {
    if let Value::Instance(inst) = obj
        && let Some(d) = &inst.dict
    {
        let (mut e, way) = attr_entry(vm, func, i, inst, name);
        if e.plain {
            let old = e.hint;
            d.set_str_hinted(name, value, &mut e.hint);
            if e.hint != old {
                func.attr_cache.borrow_mut()[i][way].hint = e.hint;
            }
            return Ok(());
        }
    }
    setattr(vm, obj, name, value)
}

/// `getattr(obj, name)`.
pub fn getattr(vm: &mut Vm, obj: &Value, name: &Rc<PyStr>) -> PyResult<Value> {
    match obj {
        Value::Instance(inst) => {
            let ty = inst.class();
            if ty.flags().custom_getattr {
                return getattr_custom(vm, obj, &ty, name);
            }
            generic_getattr(vm, obj, &ty, name)
        }
        Value::Module(m) => {
            if let Some(v) = m.dict.get_str(name) {
                return Ok(v);
            }
            if name.as_str() == "__dict__" {
                return Ok(Value::Dict(m.dict.clone()));
            }
            if let Some(ga) = m.dict.get_s("__getattr__") {
                return call_value(vm, &ga, &[Value::Str(name.clone())], &[]);
            }
            let ty = vm.type_of(obj);
            if let Some(a) = ty.lookup(name) {
                return bind(vm, a, obj, &ty);
            }
            Err(attr_error(vm, obj, name.as_str()))
        }
        Value::Class(c) => class_getattr(vm, obj, c, name),
        _ => {
            if let Some(v) = crate::types::special_getattr(vm, obj, name.as_str())? {
                return Ok(v);
            }
            let ty = vm.type_of(obj);
            match ty.lookup(name) {
                Some(a) => bind(vm, a, obj, &ty),
                None => {
                    if let Value::Function(f) = obj
                        && let Some(d) = &*f.dict.borrow()
                        && let Some(v) = d.get_str(name)
                    {
                        return Ok(v);
                    }
                    // Objects of native modules may resolve names themselves (weakref proxies).
                    if ty.flags().custom_getattr {
                        let ga = vm.intern("__getattr__");
                        if let Some(f) = ty.lookup(&ga) {
                            return call_value(
                                vm,
                                &f,
                                &[obj.clone(), Value::Str(name.clone())],
                                &[],
                            );
                        }
                    }
                    Err(attr_error(vm, obj, name.as_str()))
                }
            }
        }
    }
}

/// Object's default attribute lookup (`object.__getattribute__`).
pub fn generic_getattr(
    vm: &mut Vm,
    obj: &Value,
    ty: &Rc<Class>,
    name: &Rc<PyStr>,
) -> PyResult<Value> {
    let attr = ty.lookup_cached(name, vm.class_epoch());
    if let Some(a) = &attr
        && is_data_descr(vm, a)
    {
        return bind(vm, a.clone(), obj, ty);
    }
    if let Value::Instance(inst) = obj
        && let Some(d) = &inst.dict
        && let Some(v) = d.get_str(name)
    {
        return Ok(v);
    }
    match attr {
        Some(a) => bind(vm, a, obj, ty),
        None => {
            if let Some(v) = crate::types::special_getattr(vm, obj, name.as_str())? {
                return Ok(v);
            }
            Err(attr_error(vm, obj, name.as_str()))
        }
    }
}

fn getattr_custom(vm: &mut Vm, obj: &Value, ty: &Rc<Class>, name: &Rc<PyStr>) -> PyResult<Value> {
    let ga = vm.intern("__getattribute__");
    let r = match ty.lookup(&ga) {
        Some(f @ Value::Function(_)) => {
            call_value(vm, &f, &[obj.clone(), Value::Str(name.clone())], &[])
        }
        _ => generic_getattr(vm, obj, ty, name),
    };
    match r {
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {
            let gn = vm.intern("__getattr__");
            if let Some(f) = ty.lookup(&gn) {
                return call_value(vm, &f, &[obj.clone(), Value::Str(name.clone())], &[]);
            }
            Err(e)
        }
        r => r,
    }
}

fn class_getattr(vm: &mut Vm, obj: &Value, c: &Rc<Class>, name: &Rc<PyStr>) -> PyResult<Value> {
    // Data descriptors on the metaclass first (rare), then the class's own MRO.
    let meta = vm.type_of(obj);
    let meta_attr = if Rc::ptr_eq(&meta, &vm.types.type_) {
        None
    } else {
        meta.lookup(name)
    };
    if let Some(a) = &meta_attr
        && is_data_descr(vm, a)
    {
        return bind(vm, a.clone(), obj, &meta);
    }
    if let Some(a) = c.lookup(name) {
        return Ok(match a {
            Value::ClassMethod(inner) => Value::new_method((*inner).clone(), obj.clone()),
            Value::StaticMethod(inner) => (*inner).clone(),
            Value::Native(ref n) if n.is_classmethod => Value::Native(Rc::new(NativeFunction {
                bound: Some(obj.clone()),
                ..clone_native(n)
            })),
            Value::Instance(_) | Value::Opaque(_) => {
                if let Some(get) = lookup_special(vm, &a, "__get__") {
                    call_value(vm, &get, &[a.clone(), Value::None, obj.clone()], &[])?
                } else {
                    a
                }
            }
            other => other,
        });
    }
    if let Some(v) = crate::types::special_getattr(vm, obj, name.as_str())? {
        return Ok(v);
    }
    if let Some(a) = meta_attr {
        return bind(vm, a, obj, &meta);
    }
    if !Rc::ptr_eq(&meta, &vm.types.type_) {
        let gn = vm.intern("__getattr__");
        if let Some(f) = meta.lookup(&gn) {
            return call_value(vm, &f, &[obj.clone(), Value::Str(name.clone())], &[]);
        }
    }
    // Methods of `type` itself (mro, __subclasses__).
    let tt = vm.types.type_.clone();
    if let Some(a) = tt.lookup(name) {
        return bind(vm, a, obj, &tt);
    }
    Err(attr_error(vm, obj, name.as_str()))
}

/// Result of method lookup for `obj.name(...)`: either an unbound callable plus receiver, or
/// an already-bound attribute.
pub enum MethodLookup {
    Unbound(Value),
    Bound(Value),
}

pub fn load_method(vm: &mut Vm, obj: &Value, name: &Rc<PyStr>) -> PyResult<MethodLookup> {
    match obj {
        Value::Instance(inst) => {
            let ty = inst.class();
            if !ty.flags().custom_getattr
                && let Some(a) = ty.lookup_cached(name, vm.class_epoch())
                && (matches!(a, Value::Function(_))
                    || matches!(&a, Value::Native(n) if !n.is_classmethod && !n.owner.is_empty()))
            {
                let shadowed = inst.dict.as_ref().and_then(|d| d.get_str(name));
                if let Some(v) = shadowed {
                    return Ok(MethodLookup::Bound(v));
                }
                return Ok(MethodLookup::Unbound(a));
            }
        }
        Value::Module(_) | Value::Class(_) | Value::Super(_) => {}
        _ => {
            let ty = vm.type_of(obj);
            if let Some(a) = ty.lookup_cached(name, vm.class_epoch())
                && let Value::Native(n) = &a
                && !n.is_classmethod
                && !n.owner.is_empty()
            {
                return Ok(MethodLookup::Unbound(a));
            }
        }
    }
    getattr(vm, obj, name).map(MethodLookup::Bound)
}

pub fn setattr(vm: &mut Vm, obj: &Value, name: &Rc<PyStr>, value: Value) -> PyResult<()> {
    match obj {
        Value::Instance(inst) => {
            let ty = inst.class();
            if ty.flags().custom_setattr {
                let sa = vm.intern("__setattr__");
                if let Some(f @ Value::Function(_)) = ty.lookup(&sa) {
                    call_value(vm, &f, &[obj.clone(), Value::Str(name.clone()), value], &[])?;
                    return Ok(());
                }
            }
            generic_setattr(vm, obj, &ty, name, value)
        }
        Value::Class(c) => {
            if !c.flags().heap {
                return Err(vm.type_error(format!(
                    "cannot set '{}' attribute of immutable type '{}'",
                    name.as_str(),
                    c.name()
                )));
            }
            crate::types::class_setattr(vm, c, name, value)
        }
        Value::Module(m) => {
            m.dict.set_str(name.clone(), value);
            Ok(())
        }
        Value::Function(f) => crate::types::function_setattr(vm, f, name, value),
        _ => {
            let ty = vm.type_of(obj);
            if name.as_str() == "__class__" {
                return Err(vm.type_error("__class__ assignment only supported for mutable types or ModuleType subclasses"));
            }
            let found = ty.lookup(name);
            // A native type's property with a setter (e.g. `_csv.Dialect`'s read-only
            // members, which raise CPython's own message) runs like any data descriptor.
            if let Some(Value::Property(p)) = &found
                && !matches!(p.fset, Value::None)
            {
                call_value(vm, &p.fset, &[obj.clone(), value], &[])?;
                return Ok(());
            }
            if found.is_some() {
                return Err(vm.err(
                    ExcKind::AttributeError,
                    format!(
                        "'{}' object attribute '{}' is read-only",
                        ty.name(),
                        name.as_str()
                    ),
                ));
            }
            Err(vm.err(
                ExcKind::AttributeError,
                format!(
                    "'{}' object has no attribute '{}' and no __dict__ for setting new attributes",
                    ty.name(),
                    name.as_str()
                ),
            ))
        }
    }
}

/// `object.__setattr__`.
pub fn generic_setattr(
    vm: &mut Vm,
    obj: &Value,
    ty: &Rc<Class>,
    name: &Rc<PyStr>,
    value: Value,
) -> PyResult<()> {
    if let Some(d) = ty.lookup_cached(name, vm.class_epoch()) {
        match &d {
            Value::Property(p) => {
                if p.fset.is_none() {
                    let msg = format!(
                        "property '{}' of '{}' object has no setter",
                        name.as_str(),
                        ty.name()
                    );
                    return Err(vm.err(ExcKind::AttributeError, msg));
                }
                call_value(vm, &p.fset, &[obj.clone(), value], &[])?;
                return Ok(());
            }
            Value::Instance(_) | Value::Opaque(_) => {
                if let Some(set) = lookup_special(vm, &d, "__set__") {
                    call_value(vm, &set, &[d.clone(), obj.clone(), value], &[])?;
                    return Ok(());
                }
            }
            _ => {}
        }
    }
    if let Value::Instance(inst) = obj {
        if inst.exc().is_some()
            && let Some(r) = crate::types::exception::exc_setattr(vm, inst, name, &value)
        {
            return r;
        }
        if name.as_str() == "__class__" {
            let Value::Class(c) = value else {
                let t = type_name(vm, &value);
                return Err(vm.type_error(format!(
                    "__class__ must be set to a class, not '{}' object",
                    t
                )));
            };
            let old = inst.class();
            if !c.flags().heap || !old.flags().heap {
                return Err(vm.type_error("__class__ assignment only supported for mutable types or ModuleType subclasses"));
            }
            let same_layout = c.base_kind.get() == old.base_kind.get()
                && c.nslots.get() == old.nslots.get()
                && c.flags().no_dict == old.flags().no_dict;
            if !same_layout {
                return Err(vm.type_error(format!(
                    "__class__ assignment: '{}' object layout differs from '{}'",
                    c.name(),
                    old.name()
                )));
            }
            *inst.class.borrow_mut() = c;
            return Ok(());
        }
        match &inst.dict {
            Some(d) => {
                d.set_str(name.clone(), value);
                return Ok(());
            }
            None => return Err(crate::types::no_dict_setattr_error(vm, ty, name)),
        }
    }
    if name.as_str() == "__class__" {
        return Err(vm.type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    }
    Err(attr_error(vm, obj, name.as_str()))
}

pub fn delattr(vm: &mut Vm, obj: &Value, name: &Rc<PyStr>) -> PyResult<()> {
    match obj {
        Value::Instance(inst) => {
            let ty = inst.class();
            let da = vm.intern("__delattr__");
            if let Some(f @ Value::Function(_)) = ty.lookup(&da) {
                call_value(vm, &f, &[obj.clone(), Value::Str(name.clone())], &[])?;
                return Ok(());
            }
            if let Some(d) = ty.lookup(name) {
                if let Value::Property(p) = &d {
                    if p.fdel.is_none() {
                        let msg = format!(
                            "property '{}' of '{}' object has no deleter",
                            name.as_str(),
                            ty.name()
                        );
                        return Err(vm.err(ExcKind::AttributeError, msg));
                    }
                    call_value(vm, &p.fdel, std::slice::from_ref(obj), &[])?;
                    return Ok(());
                }
                if let Value::Instance(_) | Value::Opaque(_) = &d
                    && let Some(del) = lookup_special(vm, &d, "__delete__")
                {
                    call_value(vm, &del, &[d.clone(), obj.clone()], &[])?;
                    return Ok(());
                }
            }
            if let Some(d) = &inst.dict
                && d.del_str(name).is_some()
            {
                return Ok(());
            }
            Err(attr_error(vm, obj, name.as_str()))
        }
        Value::Class(c) => {
            if c.dict().del_str(name).is_some() {
                vm.bump_class_epoch();
                crate::types::refresh_class_flags(vm, c);
                Ok(())
            } else {
                Err(attr_error(vm, obj, name.as_str()))
            }
        }
        Value::Module(m) => {
            if m.dict.del_str(name).is_some() {
                Ok(())
            } else {
                Err(attr_error(vm, obj, name.as_str()))
            }
        }
        Value::Function(f) => {
            if let Some(d) = &*f.dict.borrow()
                && d.del_str(name).is_some()
            {
                return Ok(());
            }
            Err(attr_error(vm, obj, name.as_str()))
        }
        _ => Err(attr_error(vm, obj, name.as_str())),
    }
}
