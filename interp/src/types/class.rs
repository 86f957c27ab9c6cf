//! `type`: calling a class (`__new__` then `__init__`), creating classes (`type(name, bases,
//! ns)`, the `class` statement's `__build_class__`, metaclasses, `__prepare__`,
//! `__init_subclass__`, `__set_name__`), the C3 method resolution order, and class attributes.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::class::BaseKind;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{
    Class, Instance, KwArgs, Payload, PyDict, PyResult, PyStr, Truth, TypeFlags, Value, Vm,
};

use crate::builtins::args::add_method;
use crate::call::call_value;
use crate::ops;

/// A `__slots__` member: its name and storage index (`Instance::slots`).
struct Member {
    name: String,
    index: usize,
    owner: String,
}

#[derive(Default)]
struct MemberType(std::cell::RefCell<Option<Rc<Class>>>);

fn member_class(vm: &mut Vm) -> Rc<Class> {
    if let Some(c) = vm.shared_state::<MemberType>().0.borrow().clone() {
        return c;
    }
    let c = rupy_objects::vm::derived("member_descriptor", &vm.object);
    add_method(&c, "member_descriptor", "__get__", member_get);
    add_method(&c, "member_descriptor", "__set__", member_set);
    add_method(&c, "member_descriptor", "__delete__", member_delete);
    add_method(&c, "member_descriptor", "__repr__", member_repr);
    *vm.shared_state::<MemberType>().0.borrow_mut() = Some(c.clone());
    c
}

fn member_descriptor(vm: &mut Vm, name: &str, index: usize, owner: &Rc<Class>) -> Value {
    let class = member_class(vm);
    let m = Member {
        name: name.to_owned(),
        index,
        owner: owner.name(),
    };
    Value::Opaque(Rc::new(rupy_objects::Opaque {
        class,
        data: RefCell::new(Box::new(m)),
    }))
}

fn member_of(v: &Value) -> Option<(String, usize, String)> {
    if let Value::Opaque(o) = v
        && let Some(m) = o.data.borrow().downcast_ref::<Member>()
    {
        return Some((m.name.clone(), m.index, m.owner.clone()));
    }
    None
}

fn member_get(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some((name, index, _)) = args.first().and_then(member_of) else {
        return Err(vm.type_error("descriptor requires a 'member_descriptor' object"));
    };
    match args.get(1) {
        None | Some(Value::None) => Ok(args[0].clone()),
        Some(obj @ Value::Instance(i)) => match i.slots.borrow().get(index) {
            Some(v) if !matches!(v, Value::Unbound) => Ok(v.clone()),
            _ => Err(ops::attr_error(vm, obj, &name)),
        },
        Some(obj) => Err(ops::attr_error(vm, obj, &name)),
    }
}

fn member_set(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some((name, index, _)) = args.first().and_then(member_of) else {
        return Err(vm.type_error("descriptor requires a 'member_descriptor' object"));
    };
    match (args.get(1), args.get(2)) {
        (Some(Value::Instance(i)), Some(v)) if index < i.slots.borrow().len() => {
            let old = std::mem::replace(&mut i.slots.borrow_mut()[index], v.clone());
            drop(old);
            Ok(Value::None)
        }
        (Some(obj), _) => Err(ops::attr_error(vm, obj, &name)),
        _ => Err(vm.type_error("__set__ expected 2 arguments")),
    }
}

fn member_delete(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some((name, index, _)) = args.first().and_then(member_of) else {
        return Err(vm.type_error("descriptor requires a 'member_descriptor' object"));
    };
    match args.get(1) {
        Some(obj @ Value::Instance(i)) if index < i.slots.borrow().len() => {
            let old = std::mem::replace(&mut i.slots.borrow_mut()[index], Value::Unbound);
            if matches!(old, Value::Unbound) {
                return Err(ops::attr_error(vm, obj, &name));
            }
            Ok(Value::None)
        }
        Some(obj) => Err(ops::attr_error(vm, obj, &name)),
        None => Err(vm.type_error("__delete__ expected 1 argument")),
    }
}

fn member_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some((name, _, owner)) = args.first().and_then(member_of) else {
        return Err(vm.type_error("descriptor requires a 'member_descriptor' object"));
    };
    Ok(Value::string(format!(
        "<member '{}' of '{}' objects>",
        name, owner
    )))
}

/// The `mappingproxy` class: a read-only view of a class namespace (here a snapshot).
#[derive(Default)]
struct MappingProxyType(std::cell::RefCell<Option<Rc<Class>>>);

fn proxy_class(vm: &mut Vm) -> Rc<Class> {
    if let Some(c) = vm.shared_state::<MappingProxyType>().0.borrow().clone() {
        return c;
    }
    let c = rupy_objects::vm::derived("mappingproxy", &vm.object);
    for (name, f) in [
        ("__getitem__", proxy_getitem as rupy_objects::NativeFn),
        ("__contains__", proxy_contains),
        ("__iter__", proxy_iter),
        ("__len__", proxy_len),
        ("__repr__", proxy_repr),
        ("__str__", proxy_str),
        ("keys", proxy_keys),
        ("values", proxy_values),
        ("items", proxy_items),
        ("get", proxy_get),
        ("copy", proxy_copy),
        ("__new__", proxy_new),
    ] {
        add_method(&c, "mappingproxy", name, f);
    }
    *vm.shared_state::<MappingProxyType>().0.borrow_mut() = Some(c.clone());
    c
}

/// `types.MappingProxyType(mapping)`.
fn proxy_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    crate::builtins::args::arity(vm, "mappingproxy", &args[1..], 1, 1)?;
    let m = &args[1];
    if matches!(m, Value::List(_) | Value::Tuple(_))
        || !crate::types::is_mapping(vm, m) && ops::lookup_special(vm, m, "__getitem__").is_none()
    {
        let t = ops::type_name(vm, m);
        return Err(vm.type_error(format!(
            "mappingproxy() argument must be a mapping, not {}",
            t
        )));
    }
    Ok(mappingproxy(vm, m.clone()))
}

/// Wrap a dict in a read-only `mappingproxy`.
pub fn mappingproxy(vm: &mut Vm, d: Value) -> Value {
    let class = proxy_class(vm);
    Value::Opaque(Rc::new(rupy_objects::Opaque {
        class,
        data: RefCell::new(Box::new(d)),
    }))
}

fn proxied(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Value::Opaque(o) = v
        && let Some(d) = o.data.borrow().downcast_ref::<Value>()
    {
        return Ok(d.clone());
    }
    Err(vm.type_error("descriptor requires a 'mappingproxy' object"))
}

fn proxy_method(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let d = proxied(vm, &args[0])?;
    let n = vm.intern(name);
    let m = ops::getattr(vm, &d, &n)?;
    call_value(vm, &m, &args[1..], &[])
}

fn proxy_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = proxied(vm, &args[0])?;
    ops::getitem(vm, &d, args.get(1).unwrap_or(&Value::None))
}
fn proxy_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = proxied(vm, &args[0])?;
    Ok(Value::bool(ops::contains(
        vm,
        &d,
        args.get(1).unwrap_or(&Value::None),
    )?))
}
fn proxy_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = proxied(vm, &args[0])?;
    ops::get_iter(vm, &d)
}
fn proxy_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = proxied(vm, &args[0])?;
    Ok(Value::Int(ops::len(vm, &d)? as i64))
}
fn proxy_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = proxied(vm, &args[0])?;
    Ok(Value::string(format!(
        "mappingproxy({})",
        ops::repr_string(vm, &d)?
    )))
}
/// `str(proxy)` is the str of the mapping it shows.
fn proxy_str(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = proxied(vm, &args[0])?;
    Ok(Value::Str(ops::to_str(vm, &d)?))
}
fn proxy_keys(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    proxy_method(vm, args, "keys")
}
fn proxy_values(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    proxy_method(vm, args, "values")
}
fn proxy_items(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    proxy_method(vm, args, "items")
}
fn proxy_get(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    proxy_method(vm, args, "get")
}
fn proxy_copy(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    proxy_method(vm, args, "copy")
}

pub fn init(vm: &mut Vm) {
    vm.types.type_.set_filler(fill);
}

/// `type`'s methods, added when the type's dict is first used.
fn fill(t: &Class) {
    super::generic_alias::add_class_getitem(t);
    add_method(t, "type", "mro", type_mro);
    super::union::add_union_operators(t, "type");
    add_method(t, "type", "__subclasses__", type_subclasses);
    add_method(t, "type", "__instancecheck__", type_instancecheck);
    add_method(t, "type", "__subclasscheck__", type_subclasscheck);
    add_method(t, "type", "__new__", type_new_native);
    add_method(t, "type", "__init__", type_init_native);
    add_method(t, "type", "__call__", type_call_native);
    add_method(t, "type", "__repr__", type_repr);
    add_method(t, "type", "__prepare__", type_prepare);
}

fn type_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = super::misc_repr(vm, &args[0])?;
    Ok(Value::string(s))
}

fn type_prepare(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Dict(PyDict::new_rc()))
}

fn type_init_native(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::None)
}

fn type_call_native(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    match args.first() {
        Some(Value::Class(c)) => call_class_default(vm, c, &args[1..], kw),
        _ => Err(vm.type_error("descriptor '__call__' requires a 'type' object")),
    }
}

fn type_mro(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.first() {
        Some(Value::Class(c)) => Ok(Value::list(
            c.mro
                .borrow()
                .iter()
                .map(|c| Value::Class(c.clone()))
                .collect(),
        )),
        _ => Err(vm.type_error("descriptor 'mro' requires a 'type' object")),
    }
}

#[derive(Default)]
pub struct Subclasses(pub std::cell::RefCell<Vec<(usize, std::rc::Weak<Class>)>>);

fn type_subclasses(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Class(c)) = args.first() else {
        return Ok(Value::list(vec![]));
    };
    let key = Rc::as_ptr(c) as usize;
    let subs = vm.shared_state::<Subclasses>();
    let out: Vec<Value> = subs
        .0
        .borrow()
        .iter()
        .filter(|(p, _)| *p == key)
        .filter_map(|(_, w)| w.upgrade())
        .map(Value::Class)
        .collect();
    Ok(Value::list(out))
}

fn type_instancecheck(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (Some(Value::Class(c)), Some(obj)) = (args.first(), args.get(1)) else {
        return Ok(Value::Bool(Truth::False));
    };
    Ok(Value::bool(vm.type_of(obj).is_subclass(c)))
}

fn type_subclasscheck(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (Some(Value::Class(c)), Some(Value::Class(d))) = (args.first(), args.get(1)) else {
        return Ok(Value::Bool(Truth::False));
    };
    Ok(Value::bool(d.is_subclass(c)))
}

/// Calling a class object.
pub fn call_class(vm: &mut Vm, c: &Rc<Class>, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if Rc::ptr_eq(c, &vm.types.type_) {
        return type_call(vm, c, args, kw);
    }
    // A metaclass with its own __call__.
    let meta = c.metaclass.borrow().clone();
    if let Some(meta) = meta {
        let n = vm.names.call.clone();
        if let Some(f @ Value::Function(_)) = meta.lookup(&n) {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(Value::Class(c.clone()));
            full.extend_from_slice(args);
            return call_value(vm, &f, &full, kw);
        }
    }
    call_class_default(vm, c, args, kw)
}

fn is_object_slot(v: &Value) -> bool {
    matches!(v, Value::Native(n) if n.owner == "object")
}

pub fn call_class_default(
    vm: &mut Vm,
    c: &Rc<Class>,
    args: &[Value],
    kw: &KwArgs,
) -> PyResult<Value> {
    // Builtin types: their native __new__ builds the whole object.
    if !c.flags().heap
        && !c.flags().exception
        && let Some(Value::Native(n)) = c.dict().get_str(&vm.names.new)
        && n.owner != "object"
    {
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(Value::Class(c.clone()));
        full.extend_from_slice(args);
        return (n.func)(vm, &full, kw);
    }
    let new_name = vm.names.new.clone();
    let init_name = vm.names.init.clone();
    let new = c.lookup(&new_name);
    let init = c.lookup(&init_name);
    let new_is_object = new.as_ref().map(is_object_slot).unwrap_or(true);
    let init_is_object = init.as_ref().map(is_object_slot).unwrap_or(true);
    let obj = if new_is_object {
        if (!args.is_empty() || !kw.is_empty()) && init_is_object {
            return Err(vm.type_error(format!("{}() takes no arguments", c.name())));
        }
        check_abstract(vm, c)?;
        new_instance(vm, c)
    } else {
        let new = new.unwrap_or(Value::None);
        let f = match &new {
            Value::StaticMethod(inner) => (**inner).clone(),
            other => other.clone(),
        };
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(Value::Class(c.clone()));
        full.extend_from_slice(args);
        call_value(vm, &f, &full, kw)?
    };
    // Builtin types are fully built by __new__ (their __init__ would redo the work).
    if (!c.flags().heap && !c.flags().exception) || !vm.type_of(&obj).is_subclass(c) {
        return Ok(obj);
    }
    if !init_is_object {
        let init = init.unwrap_or(Value::None);
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(obj.clone());
        full.extend_from_slice(args);
        let r = call_value(vm, &init, &full, kw)?;
        if !r.is_none() {
            return Err(vm.type_error(format!(
                "__init__() should return None, not '{}'",
                ops::type_name(vm, &r)
            )));
        }
    }
    Ok(obj)
}

/// A fresh instance of a Python class (object.__new__).
/// Refuse to instantiate a class with abstract methods (`object.__new__`'s check).
pub fn check_abstract(vm: &mut Vm, c: &Rc<Class>) -> PyResult<()> {
    if !c.flags().abstract_ {
        return Ok(());
    }
    let mut names: Vec<String> = match c.dict().get_s("__abstractmethods__") {
        Some(v) => crate::ops::collect(vm, &v)?
            .iter()
            .filter_map(|n| n.as_str().map(|s| s.to_owned()))
            .collect(),
        None => Vec::new(),
    };
    names.sort();
    let quoted: Vec<String> = names.iter().map(|n| format!("'{}'", n)).collect();
    Err(vm.type_error(format!(
        "Can't instantiate abstract class {} without an implementation for abstract method{} {}",
        c.name(),
        if names.len() == 1 { "" } else { "s" },
        quoted.join(", ")
    )))
}

pub fn new_instance(_vm: &mut Vm, c: &Rc<Class>) -> Value {
    let payload = match c.base_kind.get() {
        BaseKind::Exception => Payload::Exc(RefCell::new(Default::default())),
        _ => Payload::None,
    };
    Value::new_instance(Instance::new(c.clone(), payload))
}

fn type_new_native(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    // type.__new__(meta, name, bases, ns)
    let Some(Value::Class(meta)) = args.first() else {
        return Err(vm.type_error("type.__new__(X): X is not a type object"));
    };
    if args.len() != 4 {
        return Err(vm.type_error("type.__new__() takes exactly 3 arguments"));
    }
    new_class(vm, meta.clone(), &args[1], &args[2], &args[3], kw)
}

/// `type(x)` or `type(name, bases, ns)`.
fn type_call(vm: &mut Vm, meta: &Rc<Class>, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() == 1 && kw.is_empty() {
        return Ok(Value::Class(vm.type_of(&args[0])));
    }
    if args.len() != 3 {
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    // The calling frame's globals (noted by the eval loop) give `__module__`, as in CPython.
    let caller_globals = std::mem::take(&mut vm.ext_state::<crate::builtins::FrameCtx>().globals);
    let cls = new_class(vm, meta.clone(), &args[0], &args[1], &args[2], kw)?;
    if let Value::Class(c) = &cls
        && c.dict().get_s("__module__").is_none()
        && let Some(name) = caller_globals.and_then(|g| g.get_s("__name__"))
    {
        c.dict().set_s("__module__", name);
    }
    Ok(cls)
}

/// C3 linearisation.
pub fn compute_mro(vm: &mut Vm, cls: &Rc<Class>, bases: &[Rc<Class>]) -> PyResult<Vec<Rc<Class>>> {
    let mut seqs: Vec<Vec<Rc<Class>>> = bases.iter().map(|b| b.mro.borrow().clone()).collect();
    seqs.push(bases.to_vec());
    let mut out = vec![cls.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let mut found = None;
        for s in &seqs {
            let head = &s[0];
            let in_tail = seqs
                .iter()
                .any(|t| t[1..].iter().any(|x| Rc::ptr_eq(x, head)));
            if !in_tail {
                found = Some(head.clone());
                break;
            }
        }
        let Some(next) = found else {
            let mut names: Vec<String> = Vec::new();
            for s in &seqs {
                let n = s[0].name();
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            return Err(vm.type_error(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &next) {
                s.remove(0);
            }
        }
        out.push(next);
    }
}

pub fn compute_flags(c: &Rc<Class>) {
    let mro = c.mro.borrow().clone();
    let mut f = c.flags();
    let has_py = |name: &str| {
        mro.iter()
            .any(|k| matches!(k.dict().get_s(name), Some(Value::Function(_))))
    };
    // Any `__getattr__` counts (natives too: struct sequences resolve field names with one);
    // `object` defines a native `__getattribute__`, so only a Python one is custom.
    f.custom_getattr =
        has_py("__getattribute__") || mro.iter().any(|k| k.dict().get_s("__getattr__").is_some());
    f.custom_setattr = has_py("__setattr__");
    f.has_del = f.heap && mro.iter().any(|k| k.dict().get_s("__del__").is_some());
    f.abstract_ = match c.dict().get_s("__abstractmethods__") {
        Some(Value::FrozenSet(s) | Value::Set(s)) => !s.is_empty(),
        Some(Value::Tuple(t)) => !t.is_empty(),
        Some(Value::List(l)) => !l.borrow().is_empty(),
        _ => false,
    };
    c.flags.set(f);
}

/// Create a class: `meta(name, bases, ns)` with `type` semantics.
pub fn new_class(
    vm: &mut Vm,
    meta: Rc<Class>,
    name: &Value,
    bases: &Value,
    ns: &Value,
    kw: &KwArgs,
) -> PyResult<Value> {
    let Value::Str(name) = name else {
        return Err(vm.type_error("type.__new__() argument 1 must be str"));
    };
    let bases: Vec<Rc<Class>> = match bases {
        Value::Tuple(t) => {
            let mut out = Vec::new();
            for b in t.iter() {
                match b {
                    Value::Class(c) => out.push(c.clone()),
                    _ => return Err(vm.type_error("bases must be types")),
                }
            }
            out
        }
        _ => return Err(vm.type_error("type.__new__() argument 2 must be tuple")),
    };
    // The most derived metaclass of `meta` and the bases' metaclasses makes the class; when
    // that is not `meta` and has its own `__new__` (enum's `EnumType` under `type(name,
    // bases, ns)`), it gets the call instead (CPython's `type_new`).
    let requested = meta.clone();
    let mut meta = meta;
    for b in &bases {
        let bm = vm.type_of(&Value::Class(b.clone()));
        if bm.is_subclass(&meta) {
            meta = bm;
        } else if !meta.is_subclass(&bm) {
            return Err(vm.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
    }
    if !Rc::ptr_eq(&meta, &requested) {
        let new_name = vm.intern("__new__");
        if let Some(f @ (Value::Function(_) | Value::StaticMethod(_))) = meta.lookup(&new_name) {
            let f = match f {
                Value::StaticMethod(inner) => (*inner).clone(),
                other => other,
            };
            let args = [
                Value::Class(meta.clone()),
                Value::Str(name.clone()),
                Value::tuple(bases.iter().map(|b| Value::Class(b.clone())).collect()),
                ns.clone(),
            ];
            return call_value(vm, &f, &args, kw);
        }
    }
    let Value::Dict(ns) = ns else {
        return Err(vm.type_error("type.__new__() argument 3 must be dict"));
    };
    for b in &bases {
        if Rc::ptr_eq(b, &vm.types.bool_)
            || Rc::ptr_eq(b, &vm.types.range)
            || Rc::ptr_eq(b, &vm.types.slice)
            || Rc::ptr_eq(b, &vm.types.function)
            || Rc::ptr_eq(b, &vm.types.none)
            || Rc::ptr_eq(b, &vm.types.generator)
        {
            return Err(vm.type_error(format!(
                "type '{}' is not an acceptable base type",
                b.name()
            )));
        }
    }
    let bases = if bases.is_empty() {
        vec![vm.object.clone()]
    } else {
        bases
    };
    let cls = Rc::new(Class::new_builtin(
        name.as_str(),
        bases.clone(),
        TypeFlags::default(),
    ));
    rupy_objects::gc::track(&cls);
    // Inline caches key on class addresses: a new class must not match an entry left by a
    // freed one at the same address.
    vm.bump_class_epoch();
    let mro = compute_mro(vm, &cls, &bases)?;
    *cls.mro.borrow_mut() = mro.clone();
    let mut flags = TypeFlags {
        heap: true,
        ..Default::default()
    };
    let mut kind = BaseKind::Object;
    for c in mro.iter().skip(1) {
        if c.flags().exception {
            flags.exception = true;
        }
        if kind == BaseKind::Object && c.base_kind.get() != BaseKind::Object {
            kind = c.base_kind.get();
        }
    }
    // Layout conflicts between builtin bases.
    let mut kinds: Vec<BaseKind> = bases
        .iter()
        .map(|b| b.base_kind.get())
        .filter(|k| *k != BaseKind::Object)
        .collect();
    kinds.dedup();
    if kinds.len() > 1 {
        return Err(vm.type_error("multiple bases have instance lay-out conflict"));
    }
    cls.flags.set(flags);
    cls.base_kind.set(kind);
    if !Rc::ptr_eq(&meta, &vm.types.type_) {
        *cls.metaclass.borrow_mut() = Some(meta.clone());
    }
    for (k, v) in ns.entries() {
        let h = ops::hash(vm, &k)?;
        // Plain functions named __init_subclass__/__class_getitem__ are implicit classmethods.
        let v = match (&k, &v) {
            (Value::Str(s), Value::Function(_))
                if s.as_str() == "__init_subclass__" || s.as_str() == "__class_getitem__" =>
            {
                Value::ClassMethod(Rc::new(v.clone()))
            }
            (Value::Str(s), Value::Function(_)) if s.as_str() == "__new__" => {
                Value::StaticMethod(Rc::new(v.clone()))
            }
            _ => v,
        };
        cls.dict().insert(h, k, v, &mut |a, b| ops::eq(vm, a, b))?;
    }
    if cls.dict().get_s("__qualname__").is_some() {
        if let Some(Value::Str(q)) = cls.dict().get_s("__qualname__") {
            *cls.qualname.borrow_mut() = q.as_str().to_owned();
        }
        cls.dict().del_str(&PyStr::new("__qualname__"));
    }
    if cls.dict().get_s("__doc__").is_none() {
        cls.dict().set_s("__doc__", Value::None);
    }
    // Defining __eq__ without __hash__ makes instances unhashable.
    if cls.dict().get_s("__eq__").is_some() && cls.dict().get_s("__hash__").is_none() {
        cls.dict().set_s("__hash__", Value::None);
    }
    // Slots: a member descriptor per name, storage cells after the bases' ones.
    let base_slots = bases.iter().map(|b| b.nslots.get()).max().unwrap_or(0);
    cls.nslots.set(base_slots);
    if let Some(slots) = cls.dict().get_s("__slots__") {
        let names: Vec<Value> = match &slots {
            Value::Str(_) => vec![slots.clone()],
            other => ops::collect(vm, other)?,
        };
        let has_dict = names.iter().any(|n| n.as_str() == Some("__dict__"));
        let mut next = base_slots;
        for n in &names {
            let Value::Str(sname) = n else {
                return Err(vm.type_error(format!(
                    "__slots__ items must be strings, not '{}'",
                    ops::type_name(vm, n)
                )));
            };
            if sname.as_str() == "__dict__" || sname.as_str() == "__weakref__" {
                continue;
            }
            // Private names are mangled as in the class body (`__p` -> `_C__p`).
            let raw = sname.as_str();
            let stripped = name.as_str().trim_start_matches('_');
            let sname = if raw.starts_with("__") && !raw.ends_with("__") && !stripped.is_empty() {
                vm.intern(&format!("_{}{}", stripped, raw))
            } else {
                sname.clone()
            };
            if ns.get_str(&sname).is_some() {
                return Err(vm.value_error(format!(
                    "'{}' in __slots__ conflicts with class variable",
                    sname.as_str()
                )));
            }
            let d = member_descriptor(vm, sname.as_str(), next as usize, &cls);
            cls.dict().set_str(sname.clone(), d);
            next += 1;
        }
        cls.nslots.set(next);
        let bases_no_dict = mro
            .iter()
            .skip(1)
            .all(|c| !c.flags().heap || c.flags().no_dict);
        if !has_dict && bases_no_dict {
            let mut f = cls.flags();
            f.no_dict = true;
            cls.flags.set(f);
        }
    }
    compute_flags(&cls);
    // Register as a subclass of each base.
    {
        let subs = vm.shared_state::<Subclasses>();
        let mut list = subs.0.borrow_mut();
        // Entries of classes that died go when the list doubles, so programs that make
        // classes in a loop do not grow it without bound.
        if list.len() >= 64 && list.len().is_power_of_two() {
            list.retain(|(_, w)| w.strong_count() > 0);
        }
        for b in &bases {
            list.push((Rc::as_ptr(b) as usize, Rc::downgrade(&cls)));
        }
    }
    // `type.__new__` without `__module__` takes the calling code's module, as CPython does.
    if cls.dict().get_s("__module__").is_none()
        && let Some(top) = vm.frames.last()
        && let Some(m) = top.func.globals.get_s("__name__")
    {
        cls.dict().set_s("__module__", m);
    }
    let cls_v = Value::Class(cls.clone());
    // __set_name__ on attributes.
    for (k, v) in cls.dict().entries() {
        if let Value::Instance(_) = v
            && let Some(f) = crate::ops::attr::lookup_special(vm, &v, "__set_name__")
        {
            call_value(vm, &f, &[v.clone(), cls_v.clone(), k.clone()], &[])?;
        }
        if let Value::Property(p) = &v
            && p.name.borrow().is_none()
        {
            *p.name.borrow_mut() = k.clone();
        }
    }
    // __init_subclass__ of the parent.
    let isc = vm.intern("__init_subclass__");
    let parent_isc = mro.iter().skip(1).find_map(|c| c.dict().get_str(&isc));
    match parent_isc {
        Some(Value::ClassMethod(f)) => {
            let mut sup_args = vec![cls_v.clone()];
            let _ = &mut sup_args;
            call_value(vm, &f, std::slice::from_ref(&cls_v), kw)?;
        }
        Some(Value::Native(n)) if n.owner == "object" && !kw.is_empty() => {
            return Err(vm.type_error(format!(
                "{}.__init_subclass__() takes no keyword arguments",
                cls.name()
            )));
        }
        Some(f) => {
            call_value(vm, &f, std::slice::from_ref(&cls_v), kw)?;
        }
        None => {}
    }
    Ok(cls_v)
}

/// `__build_class__(func, name, *bases, metaclass=None, **kwds)`.
pub fn build_class(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() < 2 {
        return Err(vm.type_error("__build_class__: not enough arguments"));
    }
    let Value::Function(body) = &args[0] else {
        return Err(vm.type_error("__build_class__: func must be a function"));
    };
    let name = args[1].clone();
    // Bases that are not classes may stand for classes (`__mro_entries__`, PEP 560).
    let orig_bases = &args[2..];
    let mut bases: Vec<Value> = Vec::new();
    let mut substituted = false;
    for b in orig_bases {
        // An ordinary attribute lookup, as CPython's: a function may carry `__mro_entries__`
        // in its own dict (typing's `TypedDict`).
        let entries = if matches!(b, Value::Class(_)) {
            None
        } else {
            let name = vm.intern("__mro_entries__");
            ops::getattr(vm, b, &name).ok()
        };
        if let Some(f) = entries {
            let r = call_value(vm, &f, &[Value::tuple(orig_bases.to_vec())], &[])?;
            let Value::Tuple(t) = r else {
                return Err(vm.type_error("__mro_entries__ must return a tuple"));
            };
            bases.extend(t.iter().cloned());
            substituted = true;
            continue;
        }
        bases.push(b.clone());
    }
    let mut meta: Option<Value> = None;
    let mut rest: Vec<(Rc<PyStr>, Value)> = Vec::new();
    for (k, v) in kw {
        if k.as_str() == "metaclass" {
            meta = Some(v.clone());
        } else {
            rest.push((k.clone(), v.clone()));
        }
    }
    let meta = match meta {
        Some(m) => m,
        None => {
            // The most derived metaclass of the bases.
            let mut winner = Value::Class(vm.types.type_.clone());
            for b in &bases {
                let mt = Value::Class(vm.type_of(b));
                if let (Value::Class(w), Value::Class(m)) = (&winner, &mt) {
                    if m.is_subclass(w) {
                        winner = mt.clone();
                    } else if !w.is_subclass(m) {
                        return Err(vm.type_error(
                            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
                        ));
                    }
                }
            }
            winner
        }
    };
    let bases_t = Value::tuple(bases);
    let prep = vm.intern("__prepare__");
    let ns = match &meta {
        Value::Class(m) if !Rc::ptr_eq(m, &vm.types.type_) => match m.lookup(&prep) {
            Some(p @ (Value::Function(_) | Value::ClassMethod(_))) => {
                let f = match &p {
                    Value::ClassMethod(inner) => (**inner).clone(),
                    other => other.clone(),
                };
                call_value(
                    vm,
                    &f,
                    &[meta.clone(), name.clone(), bases_t.clone()],
                    &rest,
                )?
            }
            _ => Value::Dict(PyDict::new_rc()),
        },
        _ => Value::Dict(PyDict::new_rc()),
    };
    let cell = if let Value::Dict(ns_d) = &ns {
        crate::eval::run_code_in(
            vm,
            &body.code,
            body.globals.clone(),
            ns_d.clone(),
            body.closure.clone(),
        )?;
        if substituted {
            ns_d.set_s("__orig_bases__", Value::tuple(orig_bases.to_vec()));
        }
        let cell = ns_d.get_s("__classcell__");
        if cell.is_some() {
            ns_d.del_str(&PyStr::new("__classcell__"));
        }
        cell
    } else {
        if ops::lookup_special(vm, &ns, "__getitem__").is_none() {
            return Err(vm.type_error(format!(
                "{}.__prepare__() must return a mapping, not {}",
                match &meta {
                    Value::Class(m) => m.name().to_string(),
                    _ => "type".to_owned(),
                },
                ops::type_name(vm, &ns)
            )));
        }
        crate::eval::run_body(
            vm,
            &body.code,
            body.globals.clone(),
            crate::eval::Namespace::Mapping(ns.clone()),
            body.closure.clone(),
        )?;
        if substituted {
            ops::setitem(
                vm,
                &ns,
                &Value::str("__orig_bases__"),
                Value::tuple(orig_bases.to_vec()),
            )?;
        }
        let key = Value::str("__classcell__");
        match ops::getitem(vm, &ns, &key) {
            Ok(c) => {
                ops::delitem(vm, &ns, &key)?;
                Some(c)
            }
            Err(e) if e.class().is_subclass(&vm.exc(ExcKind::KeyError)) => None,
            Err(e) => Err(e)?,
        }
    };
    let cls = call_value(vm, &meta, &[name, bases_t, ns.clone()], &rest)?;
    if let Some(Value::Cell(c)) = cell {
        *c.borrow_mut() = cls.clone();
    }
    Ok(cls)
}

/// Attributes of class objects that are not dict entries.
pub fn class_attr(vm: &mut Vm, c: &Rc<Class>, name: &str) -> PyResult<Option<Value>> {
    Ok(match name {
        "__name__" => Some(Value::string(c.name())),
        "__qualname__" => Some(Value::string(c.qualname.borrow().clone())),
        "__mro__" => Some(Value::tuple(
            c.mro
                .borrow()
                .iter()
                .map(|c| Value::Class(c.clone()))
                .collect(),
        )),
        "__bases__" => Some(Value::tuple(
            c.bases
                .borrow()
                .iter()
                .map(|c| Value::Class(c.clone()))
                .collect(),
        )),
        "__base__" => Some(
            c.bases
                .borrow()
                .first()
                .map(|b| Value::Class(b.clone()))
                .unwrap_or(Value::None),
        ),
        "__dict__" => Some(mappingproxy(vm, Value::new_dict(c.dict().copy()))),
        "__doc__" => Some(c.lookup_s("__doc__").unwrap_or(Value::None)),
        "__module__" => Some(
            c.dict()
                .get_s("__module__")
                .unwrap_or_else(|| Value::str("builtins")),
        ),
        "__annotations__" => Some(match c.dict().get_s("__annotations__") {
            Some(v) => v,
            None => {
                let d = Value::Dict(PyDict::new_rc());
                if c.flags().heap {
                    c.dict().set_s("__annotations__", d.clone());
                    vm.bump_class_epoch();
                }
                d
            }
        }),
        "__abstractmethods__" => {
            return Err(vm.err(ExcKind::AttributeError, "__abstractmethods__"));
        }
        _ => None,
    })
}
