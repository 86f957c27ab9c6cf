//! Functions and their relatives: attributes of functions, methods, natives and code objects;
//! `property`, `staticmethod`, `classmethod`, `super`; generator methods (`send`, `throw`,
//! `close`); and `__iter__`/`__next__` on the builtin iterator types.

use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::{Property, SuperObj};
use rupy_objects::{Function, KwArgs, PyDict, PyResult, PyStr, Truth, Value, Vm};

use crate::builtins::args::{add_method, bind};
use crate::call::call_value;
use crate::eval::GenStep;
use crate::ops;

/// The protocol methods every builtin iterator type has, added on first use of its dict.
fn fill_iterator(t: &rupy_objects::Class) {
    add_method(t, "iterator", "__next__", iter_next);
    add_method(t, "iterator", "__iter__", iter_self);
    add_method(t, "iterator", "__length_hint__", iter_length_hint);
}

pub fn init(vm: &mut Vm) {
    let p = vm.types.property.clone();
    add_method(&p, "property", "getter", property_getter);
    add_method(&p, "property", "setter", property_setter);
    add_method(&p, "property", "deleter", property_deleter);
    add_method(&p, "property", "__get__", property_get);
    add_method(&p, "property", "__set__", property_set);
    add_method(&p, "property", "__new__", property_new);
    add_method(&p, "property", "__init__", property_init);
    let sm = vm.types.staticmethod.clone();
    add_method(&sm, "staticmethod", "__new__", staticmethod_new);
    add_method(&sm, "staticmethod", "__get__", staticmethod_get);
    add_method(&sm, "staticmethod", "__init__", wrapper_init);
    let cm = vm.types.classmethod.clone();
    add_method(&cm, "classmethod", "__new__", classmethod_new);
    add_method(&cm, "classmethod", "__get__", classmethod_get);
    add_method(&cm, "classmethod", "__init__", wrapper_init);
    let g = vm.types.generator.clone();
    add_method(&g, "generator", "send", gen_send);
    add_method(&g, "generator", "throw", gen_throw);
    add_method(&g, "generator", "close", gen_close);
    add_method(&g, "generator", "__next__", iter_next);
    add_method(&g, "generator", "__iter__", iter_self);
    // Coroutines share the generator machinery; `__await__` hands back the coroutine itself
    // as its iterator (CPython wraps it in a `coroutine_wrapper`), so it also steps.
    let c = vm.types.coroutine.clone();
    add_method(&c, "coroutine", "send", gen_send);
    add_method(&c, "coroutine", "throw", gen_throw);
    add_method(&c, "coroutine", "close", gen_close);
    add_method(&c, "coroutine", "__await__", iter_self);
    add_method(&c, "coroutine", "__next__", iter_next);
    let ag = vm.types.async_generator.clone();
    add_method(&ag, "async_generator", "aclose", gen_close);
    add_method(&ag, "async_generator", "__aiter__", iter_self);
    let iters = [
        vm.types.list_iterator.clone(),
        vm.types.list_reverseiterator.clone(),
        vm.types.range_iterator.clone(),
        vm.types.tuple_iterator.clone(),
        vm.types.str_iterator.clone(),
        vm.types.bytes_iterator.clone(),
        vm.types.bytearray_iterator.clone(),
        vm.types.dict_keyiterator.clone(),
        vm.types.dict_valueiterator.clone(),
        vm.types.dict_itemiterator.clone(),
        vm.types.set_iterator.clone(),
        vm.types.enumerate.clone(),
        vm.types.zip.clone(),
        vm.types.map.clone(),
        vm.types.filter.clone(),
        vm.types.reversed.clone(),
        vm.types.callable_iterator.clone(),
        vm.types.seq_iterator.clone(),
    ];
    for t in iters {
        t.set_filler(fill_iterator);
    }
    let f = vm.types.function.clone();
    add_method(&f, "function", "__get__", function_get);
    for t in [
        vm.types.function.clone(),
        vm.types.builtin_function.clone(),
        vm.types.method.clone(),
    ] {
        add_method(&t, "function", "__call__", callable_call);
    }
    add_method(&vm.types.method.clone(), "method", "__new__", method_new);
    add_method(&vm.types.module.clone(), "module", "__new__", module_new);
}

/// `__call__` of functions, builtins and bound methods (they are called directly; this is
/// for `type(f).__call__(f, ...)` and the callable ABC).
fn callable_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    match args.first() {
        Some(f) => call_value(vm, f, &args[1..], kw),
        None => Err(vm.type_error("descriptor '__call__' needs an argument")),
    }
}

/// `types.MethodType(func, obj)`.
fn method_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    crate::builtins::args::arity(vm, "method", &args[1..], 2, 2)?;
    if !crate::call::is_callable(vm, &args[1]) {
        return Err(vm.type_error("first argument must be callable"));
    }
    if args[2].is_none() {
        return Err(vm.type_error("instance must not be None"));
    }
    Ok(Value::new_method(args[1].clone(), args[2].clone()))
}

/// `types.ModuleType(name, doc=None)`.
fn module_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [name, doc] = bind(vm, "module", &args[1..], kw, ["name", "doc"], 1)?;
    let Some(Value::Str(name)) = name else {
        return Err(vm.type_error("module.__init__() argument 'name' must be str"));
    };
    let (m, d) = crate::import::new_module(vm, name.as_str());
    d.del_str(&rupy_objects::PyStr::new("__builtins__"));
    d.set_s("__doc__", doc.unwrap_or(Value::None));
    d.set_s("__loader__", Value::None);
    d.set_s("__spec__", Value::None);
    Ok(m)
}

/// `it.__length_hint__()`: how many items a builtin iterator has left (NotImplemented when
/// it cannot tell without running code).
fn iter_length_hint(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    use rupy_objects::IterState as S;
    let Some(Value::Iter(st)) = args.first() else {
        return Ok(Value::NotImplemented);
    };
    let n = match &*st.borrow() {
        S::Range { cur, stop, step } => rupy_objects::PyRange {
            start: *cur,
            stop: *stop,
            step: *step,
        }
        .len(),
        S::List { list, idx } => list.borrow().len().saturating_sub(*idx) as i64,
        S::ListRev { idx, .. } => *idx as i64,
        S::Tuple { tuple, idx } => tuple.len().saturating_sub(*idx) as i64,
        S::Str { s, byte } => s.as_str().get(*byte..).map_or(0, |r| r.chars().count()) as i64,
        S::Bytes { b, idx } => b.len().saturating_sub(*idx) as i64,
        S::ByteArray { b, idx } => b.borrow().len().saturating_sub(*idx) as i64,
        S::Dict { dict, pos, .. } => {
            let t = dict.borrow_table();
            t.iter_from(*pos).count() as i64
        }
        S::Set { items, idx, .. } | S::Values { items, idx } => {
            items.len().saturating_sub(*idx) as i64
        }
        S::Exhausted => 0,
        _ => return Ok(Value::NotImplemented),
    };
    Ok(Value::Int(n))
}

fn function_get(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.get(1) {
        None | Some(Value::None) => Ok(args[0].clone()),
        Some(obj) => Ok(Value::new_method(args[0].clone(), obj.clone())),
    }
}

fn iter_self(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(args[0].clone())
}

fn iter_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if let Value::Generator(g) = &args[0] {
        return match crate::eval::gen_resume(vm, g, Value::None, None)? {
            GenStep::Yielded(v) => Ok(v),
            GenStep::Returned(v) => Err(crate::builtins::stop_iteration(vm, v)),
        };
    }
    match ops::next(vm, &args[0])? {
        Some(v) => Ok(v),
        None => Err(rupy_objects::PyErr::lazy_noarg(
            vm.exc(ExcKind::StopIteration),
        )),
    }
}

fn gen_of(vm: &mut Vm, v: &Value) -> PyResult<Rc<rupy_objects::misc::Generator>> {
    match v {
        Value::Generator(g) => Ok(g.clone()),
        _ => Err(vm.type_error("descriptor requires a 'generator' object")),
    }
}

fn step_result(vm: &mut Vm, r: GenStep) -> PyResult<Value> {
    match r {
        GenStep::Yielded(v) => Ok(v),
        GenStep::Returned(v) => {
            if v.is_none() {
                Err(rupy_objects::PyErr::lazy_noarg(
                    vm.exc(ExcKind::StopIteration),
                ))
            } else {
                let e = crate::exceptions::new_exception(vm.exc(ExcKind::StopIteration), vec![v]);
                Err(rupy_objects::PyErr::from_obj(e))
            }
        }
    }
}

fn gen_send(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let g = gen_of(vm, &args[0])?;
    let v = args.get(1).cloned().unwrap_or(Value::None);
    let r = crate::eval::gen_resume(vm, &g, v, None)?;
    step_result(vm, r)
}

fn gen_throw(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let g = gen_of(vm, &args[0])?;
    let exc = args.get(1).cloned().unwrap_or(Value::None);
    let exc = match (&exc, args.get(2)) {
        (Value::Class(_), Some(val)) if !val.is_none() => {
            if matches!(val, Value::Instance(_)) {
                val.clone()
            } else {
                call_value(vm, &exc, std::slice::from_ref(val), &[])?
            }
        }
        _ => exc,
    };
    let err = crate::exceptions::make_raise(vm, exc, None)?;
    let r = crate::eval::gen_resume(vm, &g, Value::None, Some(err))?;
    step_result(vm, r)
}

fn gen_close(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let g = gen_of(vm, &args[0])?;
    if g.frame.borrow().is_none() {
        return Ok(Value::None);
    }
    if !g.started.get() {
        *g.frame.borrow_mut() = None;
        return Ok(Value::None);
    }
    let err = rupy_objects::PyErr::lazy_noarg(vm.exc(ExcKind::GeneratorExit));
    match crate::eval::gen_resume(vm, &g, Value::None, Some(err)) {
        Ok(GenStep::Yielded(_)) => {
            Err(vm.err(ExcKind::RuntimeError, "generator ignored GeneratorExit"))
        }
        Ok(GenStep::Returned(_)) => Ok(Value::None),
        Err(e) => {
            if e.class().is_subclass(&vm.exc(ExcKind::GeneratorExit))
                || e.class().is_subclass(&vm.exc(ExcKind::StopIteration))
            {
                Ok(Value::None)
            } else {
                Err(e)
            }
        }
    }
}

fn property_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [fget, fset, fdel, doc] = bind(
        vm,
        "property",
        &args[1..],
        kw,
        ["fget", "fset", "fdel", "doc"],
        0,
    )?;
    let fget = fget.unwrap_or(Value::None);
    let doc = match doc {
        Some(d) if !d.is_none() => d,
        _ => match &fget {
            Value::Function(f) => f.doc.borrow().clone(),
            _ => Value::None,
        },
    };
    let p = Value::Property(Rc::new(Property {
        fget,
        fset: fset.unwrap_or(Value::None),
        fdel: fdel.unwrap_or(Value::None),
        doc,
        name: std::cell::RefCell::new(Value::None),
    }));
    Ok(wrap_new(args, p))
}

/// `property.__init__`: a subclass's `__init__` calling `super().__init__(fget, ...)` rebuilds
/// the wrapped property (a plain property is complete after `__new__`).
fn property_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if let Some(Value::Instance(i)) = args.first()
        && let rupy_objects::Payload::Value(slot) = &i.payload
    {
        let fresh = property_new(
            vm,
            &[Value::Class(vm.types.property.clone())]
                .iter()
                .chain(&args[1..])
                .cloned()
                .collect::<Vec<_>>(),
            kw,
        )?;
        *slot.borrow_mut() = fresh;
    }
    Ok(Value::None)
}

/// `__isabstractmethod__` of a descriptor wrapping `v`.
fn abstract_attr(vm: &mut Vm, v: &Value) -> bool {
    let key = vm.intern("__isabstractmethod__");
    match ops::getattr(vm, v, &key) {
        Ok(r) => ops::truthy(vm, &r).unwrap_or(false),
        Err(_) => false,
    }
}

fn prop(vm: &mut Vm, v: &Value) -> PyResult<Rc<Property>> {
    match v {
        Value::Property(p) => Ok(p.clone()),
        _ => match crate::types::unwrap_builtin(v) {
            Some(Value::Property(p)) => Ok(p),
            _ => Err(vm.type_error("descriptor requires a 'property' object")),
        },
    }
}

/// getter/setter/deleter: a copy with one accessor replaced, of the same (sub)class.
fn property_with(
    vm: &mut Vm,
    args: &[Value],
    fget: Option<Value>,
    fset: Option<Value>,
    fdel: Option<Value>,
) -> PyResult<Value> {
    let p = prop(vm, &args[0])?;
    let copy = property_copy(&p, fget, fset, fdel);
    if let Value::Instance(i) = &args[0] {
        let Value::Property(c) = &copy else {
            return Ok(copy);
        };
        let cls = Value::Class(i.class());
        return call_value(
            vm,
            &cls,
            &[
                c.fget.clone(),
                c.fset.clone(),
                c.fdel.clone(),
                c.doc.clone(),
            ],
            &[],
        );
    }
    Ok(copy)
}

fn property_copy(
    p: &Property,
    fget: Option<Value>,
    fset: Option<Value>,
    fdel: Option<Value>,
) -> Value {
    Value::Property(Rc::new(Property {
        fget: fget.unwrap_or_else(|| p.fget.clone()),
        fset: fset.unwrap_or_else(|| p.fset.clone()),
        fdel: fdel.unwrap_or_else(|| p.fdel.clone()),
        doc: p.doc.clone(),
        name: std::cell::RefCell::new(p.name.borrow().clone()),
    }))
}

fn property_getter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    property_with(vm, args, args.get(1).cloned(), None, None)
}

fn property_setter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    property_with(vm, args, None, args.get(1).cloned(), None)
}

fn property_deleter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    property_with(vm, args, None, None, args.get(1).cloned())
}

fn property_get(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let p = prop(vm, &args[0])?;
    match args.get(1) {
        None | Some(Value::None) => Ok(args[0].clone()),
        Some(obj) => call_value(vm, &p.fget, std::slice::from_ref(obj), &[]),
    }
}

fn property_set(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let p = prop(vm, &args[0])?;
    call_value(vm, &p.fset, &args[1..], &[])?;
    Ok(Value::None)
}

fn wrap_new(args: &[Value], v: Value) -> Value {
    match args.first() {
        Some(Value::Class(c)) => crate::types::wrap_for_subclass(c, v),
        _ => v,
    }
}

fn staticmethod_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.get(1) {
        Some(f) => Ok(wrap_new(args, Value::StaticMethod(Rc::new(f.clone())))),
        None => Err(vm.type_error("staticmethod expected 1 argument, got 0")),
    }
}

fn classmethod_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.get(1) {
        Some(f) => Ok(wrap_new(args, Value::ClassMethod(Rc::new(f.clone())))),
        None => Err(vm.type_error("classmethod expected 1 argument, got 0")),
    }
}

/// `__init__` of staticmethod/classmethod: a subclass's `super().__init__(f)` re-wraps `f`.
fn wrapper_init(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if let (Some(Value::Instance(i)), Some(f)) = (args.first(), args.get(1))
        && let rupy_objects::Payload::Value(slot) = &i.payload
    {
        let fresh = match &*slot.borrow() {
            Value::StaticMethod(_) => Value::StaticMethod(Rc::new(f.clone())),
            _ => Value::ClassMethod(Rc::new(f.clone())),
        };
        *slot.borrow_mut() = fresh;
    }
    Ok(Value::None)
}

/// `staticmethod.__get__(obj, type)`: the function itself.
fn staticmethod_get(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let me = args
        .first()
        .map(|v| crate::types::unwrap_builtin(v).unwrap_or_else(|| v.clone()));
    match me {
        Some(Value::StaticMethod(f)) => Ok((*f).clone()),
        _ => Err(vm.type_error("descriptor '__get__' requires a 'staticmethod' object")),
    }
}

/// `classmethod.__get__(obj, type=None)`: the function bound to the class.
fn classmethod_get(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let me = args
        .first()
        .map(|v| crate::types::unwrap_builtin(v).unwrap_or_else(|| v.clone()));
    let Some(Value::ClassMethod(f)) = me else {
        return Err(vm.type_error("descriptor '__get__' requires a 'classmethod' object"));
    };
    let owner = match (args.get(1), args.get(2)) {
        (_, Some(t)) if !t.is_none() => t.clone(),
        (Some(o), _) if !o.is_none() => Value::Class(vm.type_of(o)),
        _ => return Err(vm.type_error("__get__(None, None) is invalid")),
    };
    Ok(Value::new_method((*f).clone(), owner))
}

pub fn make_super(vm: &mut Vm, c: Rc<rupy_objects::Class>, obj: Value) -> PyResult<Value> {
    let obj_type = match &obj {
        Value::Class(oc) if oc.is_subclass(&c) => oc.clone(),
        _ => {
            let t = vm.type_of(&obj);
            if !t.is_subclass(&c) {
                return Err(
                    vm.type_error("super(type, obj): obj must be an instance or subtype of type")
                );
            }
            t
        }
    };
    Ok(Value::Super(Rc::new(SuperObj {
        class: c,
        obj,
        obj_type,
    })))
}

fn super_getattr(vm: &mut Vm, s: &SuperObj, name: &str) -> PyResult<Option<Value>> {
    let mro = s.obj_type.mro.borrow().clone();
    let start = mro
        .iter()
        .position(|c| Rc::ptr_eq(c, &s.class))
        .map(|i| i + 1)
        .unwrap_or(mro.len());
    let key = vm.intern(name);
    for c in &mro[start..] {
        if let Some(a) = c.dict().get_str(&key) {
            // Class-level super (in classmethods): the object is the class itself or a subclass.
            let is_class = matches!(&s.obj, Value::Class(oc) if oc.is_subclass(&s.class));
            return Ok(Some(match a {
                Value::Function(_) if is_class => a,
                Value::Native(ref n) if is_class && !n.is_classmethod => a,
                Value::ClassMethod(inner) => {
                    Value::new_method((*inner).clone(), Value::Class(s.obj_type.clone()))
                }
                other => ops::bind(vm, other, &s.obj, &s.obj_type)?,
            }));
        }
    }
    Ok(None)
}

/// Special attributes of function-like objects.
pub fn func_attr(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Option<Value>> {
    Ok(match v {
        Value::Function(f) => match name {
            "__name__" => Some(Value::Str(f.name.borrow().clone())),
            "__qualname__" => Some(Value::Str(f.qualname.borrow().clone())),
            "__doc__" => Some(f.doc.borrow().clone()),
            "__module__" => Some(f.module.borrow().clone()),
            "__defaults__" => {
                let d = f.defaults.borrow();
                Some(if d.is_empty() {
                    Value::None
                } else {
                    Value::tuple(d.clone())
                })
            }
            "__kwdefaults__" => Some(
                f.kwdefaults
                    .borrow()
                    .clone()
                    .map(Value::Dict)
                    .unwrap_or(Value::None),
            ),
            "__code__" => Some(Value::Code(f.code.clone())),
            "__globals__" => Some(Value::Dict(f.globals.clone())),
            "__closure__" => Some(if f.closure.is_empty() {
                Value::None
            } else {
                Value::tuple(f.closure.iter().map(|c| Value::Cell(c.clone())).collect())
            }),
            "__annotations__" => {
                // An `__annotate__` function (PEP 649) runs once, on first use.
                let stored = f.annotations.borrow().clone();
                match stored {
                    Some(Value::Function(annotate)) => {
                        let d = crate::eval::call_function(vm, &annotate, &[Value::Int(1)], &[])?;
                        *f.annotations.borrow_mut() = Some(d.clone());
                        Some(d)
                    }
                    Some(d) => Some(d),
                    None => {
                        let d = Value::Dict(PyDict::new_rc());
                        *f.annotations.borrow_mut() = Some(d.clone());
                        Some(d)
                    }
                }
            }
            "__annotate__" => Some(match &*f.annotations.borrow() {
                Some(a @ Value::Function(_)) => a.clone(),
                _ => Value::None,
            }),
            "__dict__" => {
                let mut d = f.dict.borrow_mut();
                if d.is_none() {
                    *d = Some(PyDict::new_rc());
                }
                d.clone().map(Value::Dict)
            }
            _ => None,
        },
        Value::Native(n) => match name {
            "__name__" => Some(Value::str(n.name)),
            "__qualname__" => Some(Value::string(if n.owner.is_empty() {
                n.name.to_owned()
            } else {
                format!("{}.{}", n.owner, n.name)
            })),
            "__self__" => Some(n.bound.clone().unwrap_or(Value::None)),
            "__doc__" => Some(match crate::builtins::args::native_doc(vm, n) {
                Some(d) => Value::str(d),
                None => Value::None,
            }),
            "__module__" => Some(if n.owner.is_empty() {
                crate::builtins::args::native_module(vm, n)
                    .unwrap_or_else(|| Value::str("builtins"))
            } else {
                Value::None
            }),
            _ => None,
        },
        Value::Method(m) => match name {
            "__self__" => Some(m.receiver.clone()),
            "__func__" => Some(m.func.clone()),
            _ => {
                let key = vm.intern(name);
                ops::getattr(vm, &m.func, &key).ok()
            }
        },
        Value::Property(p) => match name {
            "fget" => Some(p.fget.clone()),
            "fset" => Some(p.fset.clone()),
            "fdel" => Some(p.fdel.clone()),
            "__doc__" => Some(p.doc.clone()),
            "__isabstractmethod__" => {
                let p = p.clone();
                Some(Value::bool(
                    abstract_attr(vm, &p.fget)
                        || abstract_attr(vm, &p.fset)
                        || abstract_attr(vm, &p.fdel),
                ))
            }
            _ => None,
        },
        Value::StaticMethod(f) | Value::ClassMethod(f) => match name {
            "__func__" | "__wrapped__" => Some((**f).clone()),
            "__isabstractmethod__" => {
                let f = (**f).clone();
                Some(Value::bool(abstract_attr(vm, &f)))
            }
            // Attributes of the wrapper type itself (`__get__`) are not the function's.
            _ if vm.type_of(v).lookup_s(name).is_some() => None,
            _ => {
                let key = vm.intern(name);
                ops::getattr(vm, f, &key).ok()
            }
        },
        Value::Code(c) => match name {
            "co_name" => Some(Value::str(&c.name)),
            "co_qualname" => Some(Value::str(&c.qualname)),
            "co_filename" => Some(Value::str(&c.filename)),
            "co_firstlineno" => Some(Value::Int(c.firstlineno as i64)),
            "co_argcount" => Some(Value::Int(c.argcount as i64)),
            "co_posonlyargcount" => Some(Value::Int(c.posonlyargcount as i64)),
            "co_kwonlyargcount" => Some(Value::Int(c.kwonlyargcount as i64)),
            "co_varnames" => Some(Value::tuple(
                c.varnames.iter().map(|n| Value::str(n)).collect(),
            )),
            "co_freevars" => Some(Value::tuple(
                c.freevars.iter().map(|n| Value::str(n)).collect(),
            )),
            "co_cellvars" => Some(Value::tuple(
                c.cellvars.iter().map(|n| Value::str(n)).collect(),
            )),
            "co_nlocals" => Some(Value::Int(c.varnames.len() as i64)),
            "co_flags" => {
                let mut fl = 0;
                if c.flags.varargs {
                    fl |= 4;
                }
                if c.flags.varkw {
                    fl |= 8;
                }
                if c.flags.generator {
                    fl |= 32;
                }
                Some(Value::Int(fl))
            }
            _ => None,
        },
        Value::Cell(c) => match name {
            "cell_contents" => {
                let v = c.borrow().clone();
                if matches!(v, Value::Unbound) {
                    return Err(vm.value_error("Cell is empty"));
                }
                Some(v)
            }
            _ => None,
        },
        Value::Generator(g) => match name {
            "__name__" => Some(Value::Str(g.name.borrow().clone())),
            "__qualname__" => Some(Value::Str(g.qualname.borrow().clone())),
            "gi_running" | "cr_running" | "ag_running" => Some(Value::bool(g.running.get())),
            "gi_frame" | "cr_frame" | "ag_frame" => Some(if g.frame.borrow().is_some() {
                Value::Bool(Truth::True)
            } else {
                Value::None
            }),
            "gi_code" | "cr_code" | "ag_code" => g
                .frame
                .borrow()
                .as_ref()
                .map(|f| Value::Code(f.func.code.clone())),
            "gi_suspended" | "cr_suspended" => Some(Value::bool(
                g.started.get() && !g.running.get() && g.frame.borrow().is_some(),
            )),
            _ => None,
        },
        Value::Super(s) => match name {
            "__thisclass__" => Some(Value::Class(s.class.clone())),
            "__self__" => Some(s.obj.clone()),
            "__self_class__" => Some(Value::Class(s.obj_type.clone())),
            _ => super_getattr(vm, s, name)?,
        },
        _ => None,
    })
}

pub fn set_func_attr(
    vm: &mut Vm,
    f: &Rc<Function>,
    name: &Rc<PyStr>,
    value: Value,
) -> PyResult<()> {
    match name.as_str() {
        "__name__" => match &value {
            Value::Str(s) => *f.name.borrow_mut() = s.clone(),
            _ => return Err(vm.type_error("__name__ must be set to a string object")),
        },
        "__qualname__" => match &value {
            Value::Str(s) => *f.qualname.borrow_mut() = s.clone(),
            _ => return Err(vm.type_error("__qualname__ must be set to a string object")),
        },
        "__doc__" => *f.doc.borrow_mut() = value,
        "__module__" => *f.module.borrow_mut() = value,
        "__defaults__" => {
            *f.defaults.borrow_mut() = match value {
                Value::None => Vec::new(),
                Value::Tuple(t) => (*t).clone(),
                _ => return Err(vm.type_error("__defaults__ must be set to a tuple object")),
            }
        }
        "__kwdefaults__" => {
            *f.kwdefaults.borrow_mut() = match value {
                Value::Dict(d) => Some(d),
                _ => None,
            }
        }
        "__annotations__" => *f.annotations.borrow_mut() = Some(value),
        _ => {
            let mut d = f.dict.borrow_mut();
            d.get_or_insert_with(PyDict::new_rc)
                .set_str(name.clone(), value);
        }
    }
    Ok(())
}
