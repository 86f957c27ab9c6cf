//! Weak references (`_weakref`: `ref`, `proxy`, `getweakrefcount`, `getweakrefs`,
//! `_remove_dead_weakref`). A weak reference holds a `std::rc::Weak` to its referent, so it
//! never keeps it alive. Referents: instances of Python classes (dict and list subclasses
//! included), classes, functions, bound methods, modules, generators, sets and objects of
//! native modules; like CPython, `int`, `str`, `tuple`, `list`, `dict` and `None` refuse.
//!
//! Callbacks: an instance that was weakly referenced reports its death (`Instance::drop` ->
//! `gc::note_weak_death`), and at the next safe point `run_callbacks` calls the callback of
//! every weak reference to it that is still alive, with that reference, as CPython does.
//! The per-interpreter table (address -> weak references) only finds them; whether a
//! referent is dead is decided by its `Weak` alone, so a new object at a reused address is
//! never mistaken for the dead one. Known gap: callbacks of weak references to referents
//! other than instances (classes, functions, ...) never run; those references still turn
//! dead (`ref()` is None) when the referent goes.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use rupy_objects::class::{Class, Instance, Payload};
use rupy_objects::{KwArgs, Opaque, PyResult, Value, Vm};

use crate::builtins::args::{add_getter, add_method, arity};
use crate::call::call_value;
use crate::ops;

/// What a weak reference points to.
enum Target {
    Instance(Weak<Instance>),
    Class(Weak<Class>),
    Function(Weak<rupy_objects::Function>),
    Method(Weak<rupy_objects::BoundMethod>),
    Module(Weak<rupy_objects::misc::Module>),
    Generator(Weak<rupy_objects::misc::Generator>),
    Set(Weak<rupy_objects::PySet>, bool),
    Opaque(Weak<Opaque>),
}

impl Target {
    fn of(v: &Value) -> Option<Target> {
        Some(match v {
            Value::Instance(i) => Target::Instance(Rc::downgrade(i)),
            Value::Class(c) => Target::Class(Rc::downgrade(c)),
            Value::Function(f) => Target::Function(Rc::downgrade(f)),
            Value::Method(m) => Target::Method(Rc::downgrade(m)),
            Value::Module(m) => Target::Module(Rc::downgrade(m)),
            Value::Generator(g) => Target::Generator(Rc::downgrade(g)),
            Value::Set(s) => Target::Set(Rc::downgrade(s), false),
            Value::FrozenSet(s) => Target::Set(Rc::downgrade(s), true),
            Value::Opaque(o) => Target::Opaque(Rc::downgrade(o)),
            _ => return None,
        })
    }

    fn get(&self) -> Option<Value> {
        Some(match self {
            Target::Instance(w) => Value::Instance(w.upgrade()?),
            Target::Class(w) => Value::Class(w.upgrade()?),
            Target::Function(w) => Value::Function(w.upgrade()?),
            Target::Method(w) => Value::Method(w.upgrade()?),
            Target::Module(w) => Value::Module(w.upgrade()?),
            Target::Generator(w) => Value::Generator(w.upgrade()?),
            Target::Set(w, false) => Value::Set(w.upgrade()?),
            Target::Set(w, true) => Value::FrozenSet(w.upgrade()?),
            Target::Opaque(w) => Value::Opaque(w.upgrade()?),
        })
    }

    /// The referent's address (the table's key), alive or not.
    fn addr(&self) -> usize {
        match self {
            Target::Instance(w) => w.as_ptr() as usize,
            Target::Class(w) => w.as_ptr() as usize,
            Target::Function(w) => w.as_ptr() as usize,
            Target::Method(w) => w.as_ptr() as usize,
            Target::Module(w) => w.as_ptr() as usize,
            Target::Generator(w) => w.as_ptr() as usize,
            Target::Set(w, _) => w.as_ptr() as usize,
            Target::Opaque(w) => w.as_ptr() as usize,
        }
    }
}

fn value_addr(v: &Value) -> Option<usize> {
    Target::of(v).map(|t| t.addr())
}

/// The payload of a weak reference (`ref` and `proxy` objects).
struct WeakRef {
    target: Target,
    callback: RefCell<Option<Value>>,
    hash: Cell<Option<i64>>,
}

/// A weak reference object as Python sees it: the native object, or an instance of a
/// subclass of `ref` (weakref.KeyedRef) carrying it as its builtin payload.
enum Holder {
    Opaque(Weak<Opaque>),
    Instance(Weak<Instance>),
}

impl Holder {
    fn get(&self) -> Option<Value> {
        match self {
            Holder::Opaque(w) => w.upgrade().map(Value::Opaque),
            Holder::Instance(w) => w.upgrade().map(Value::Instance),
        }
    }
}

/// `ReferenceType`, `ProxyType`, `CallableProxyType`.
pub type WeakClasses = (Rc<Class>, Rc<Class>, Rc<Class>);

#[derive(Default)]
struct Table {
    classes: RefCell<Option<WeakClasses>>,
    /// Referent address -> the weak references made to it.
    refs: RefCell<rustc_hash::FxHashMap<usize, Vec<Holder>>>,
}

/// The weak reference classes of this interpreter.
pub fn classes(vm: &mut Vm) -> WeakClasses {
    let t = vm.shared_state::<Table>();
    if let Some(c) = t.classes.borrow().clone() {
        return c;
    }
    let r = rupy_objects::vm::derived("ReferenceType", &vm.object);
    r.dict().set_s("__module__", Value::str("weakref"));
    add_method(&r, "ReferenceType", "__new__", ref_new);
    add_method(&r, "ReferenceType", "__init__", |_, _, _| Ok(Value::None));
    add_method(&r, "ReferenceType", "__call__", |vm, a, _| {
        let w = weak_of(vm, &a[0])?;
        Ok(w.0.get().unwrap_or(Value::None))
    });
    add_method(&r, "ReferenceType", "__repr__", ref_repr);
    add_method(&r, "ReferenceType", "__eq__", |vm, a, _| {
        ref_cmp(vm, a, false)
    });
    add_method(&r, "ReferenceType", "__ne__", |vm, a, _| {
        ref_cmp(vm, a, true)
    });
    add_method(&r, "ReferenceType", "__hash__", ref_hash);
    add_getter(&r, "ReferenceType", "__callback__", |vm, a, _| {
        let w = weak_of(vm, &a[0])?;
        Ok(w.1.unwrap_or(Value::None))
    });
    crate::types::generic_alias::add_class_getitem(&r);
    let p = rupy_objects::vm::derived("ProxyType", &vm.object);
    let cp = rupy_objects::vm::derived("CallableProxyType", &vm.object);
    for (c, owner) in [(&p, "ProxyType"), (&cp, "CallableProxyType")] {
        c.dict().set_s("__module__", Value::str("weakref"));
        // Attribute access goes to the referent (the natives below).
        let mut fl = c.flags();
        fl.custom_getattr = true;
        fl.custom_setattr = true;
        c.flags.set(fl);
        add_method(c, owner, "__getattr__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            let Some(Value::Str(n)) = a.get(1) else {
                return Err(vm.type_error("attribute name must be a string"));
            };
            ops::getattr(vm, &t, n)
        });
        add_method(c, owner, "__setattr__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            let (Some(Value::Str(n)), Some(v)) = (a.get(1), a.get(2)) else {
                return Err(vm.type_error("attribute name must be a string"));
            };
            ops::setattr(vm, &t, n, v.clone())?;
            Ok(Value::None)
        });
        add_method(c, owner, "__repr__", |vm, a, _| {
            let w = weak_of(vm, &a[0])?;
            let addr = match &a[0] {
                Value::Opaque(o) => Rc::as_ptr(o) as *const u8 as usize,
                _ => 0,
            };
            Ok(Value::string(match w.0.get() {
                Some(t) => format!(
                    "<weakproxy at {:#x}; to '{}' at {:#x}>",
                    addr,
                    vm.type_of(&t).name(),
                    value_addr(&t).unwrap_or(0)
                ),
                None => format!("<weakproxy at {addr:#x}; dead>"),
            }))
        });
        add_method(c, owner, "__str__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            Ok(Value::string(ops::str_string(vm, &t)?))
        });
        add_method(c, owner, "__bool__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            Ok(Value::bool(ops::truthy(vm, &t)?))
        });
        add_method(c, owner, "__len__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            Ok(Value::Int(ops::len(vm, &t)? as i64))
        });
        add_method(c, owner, "__iter__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            ops::get_iter(vm, &t)
        });
        add_method(c, owner, "__getitem__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            ops::getitem(vm, &t, a.get(1).unwrap_or(&Value::None))
        });
        add_method(c, owner, "__eq__", |vm, a, _| {
            let t = proxied(vm, &a[0])?;
            let o = a.get(1).cloned().unwrap_or(Value::None);
            Ok(Value::bool(ops::eq(vm, &t, &o)?))
        });
        add_method(c, owner, "__hash__", |vm, _, _| {
            Err(vm.type_error("unhashable type: 'weakref.ProxyType'"))
        });
    }
    add_method(&cp, "CallableProxyType", "__call__", |vm, a, kw| {
        let t = proxied(vm, &a[0])?;
        call_value(vm, &t, &a[1..], kw)
    });
    let c = (r, p, cp);
    *t.classes.borrow_mut() = Some(c.clone());
    c
}

fn with_ref<T>(v: &Value, f: impl FnOnce(&WeakRef) -> T) -> Option<T> {
    let inner = match v {
        Value::Opaque(_) => v.clone(),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => p.borrow().clone(),
            _ => return None,
        },
        _ => return None,
    };
    let Value::Opaque(o) = &inner else {
        return None;
    };
    o.data.borrow().downcast_ref::<WeakRef>().map(f)
}

struct Snapshot(Target);

impl Snapshot {
    fn get(&self) -> Option<Value> {
        self.0.get()
    }
}

fn weak_of(vm: &mut Vm, v: &Value) -> PyResult<(Snapshot, Option<Value>)> {
    let snap = with_ref(v, |w| {
        let target = match w.target.get() {
            Some(t) => Target::of(&t),
            None => None,
        };
        (target, w.callback.borrow().clone())
    });
    match snap {
        Some((Some(t), cb)) => Ok((Snapshot(t), cb)),
        Some((None, cb)) => Ok((Snapshot(Target::Opaque(Weak::new())), cb)),
        None => Err(vm.type_error("descriptor requires a 'weakref.ReferenceType' object")),
    }
}

fn proxied(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let w = weak_of(vm, v)?;
    match w.0.get() {
        Some(t) => Ok(t),
        None => Err(vm.err(
            rupy_objects::exc_kinds::ExcKind::ReferenceError,
            "weakly-referenced object no longer exists",
        )),
    }
}

/// A new weak reference to `obj` (a proxy when `proxy`), registered in the table.
fn make(
    vm: &mut Vm,
    cls: Option<Rc<Class>>,
    obj: &Value,
    callback: Option<Value>,
    proxy: bool,
) -> PyResult<Value> {
    let Some(target) = Target::of(obj) else {
        let t = ops::type_name(vm, obj);
        return Err(vm.type_error(format!("cannot create weak reference to '{t}' object")));
    };
    if let Value::Instance(i) = obj {
        i.weakly_referenced.set(true);
    }
    let addr = target.addr();
    let (r, p, cp) = classes(vm);
    let base = if proxy {
        if crate::call::is_callable(vm, obj) {
            cp
        } else {
            p
        }
    } else {
        r.clone()
    };
    let o = Rc::new(Opaque {
        class: base,
        data: RefCell::new(Box::new(WeakRef {
            target,
            callback: RefCell::new(callback.filter(|c| !c.is_none())),
            hash: Cell::new(None),
        })),
    });
    let (value, holder) = match cls {
        Some(c) if !Rc::ptr_eq(&c, &r) => {
            let inst = Rc::new(Instance::new(
                c,
                Payload::Value(RefCell::new(Value::Opaque(o))),
            ));
            let h = Holder::Instance(Rc::downgrade(&inst));
            (Value::Instance(inst), h)
        }
        _ => {
            let h = Holder::Opaque(Rc::downgrade(&o));
            (Value::Opaque(o), h)
        }
    };
    let t = vm.shared_state::<Table>();
    let mut refs = t.refs.borrow_mut();
    let list = refs.entry(addr).or_default();
    // Dead holders go as the list is touched, so it stays as long as the live references.
    list.retain(|h| h.get().is_some());
    list.push(holder);
    Ok(value)
}

fn ref_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Class(cls)) = args.first() else {
        return Err(vm.type_error("ref.__new__(X): X is not a type object"));
    };
    if args.len() < 2 || args.len() > 3 {
        return Err(vm.type_error(format!(
            "__new__ expected at most 2 arguments, got {}",
            args.len().saturating_sub(1)
        )));
    }
    make(vm, Some(cls.clone()), &args[1], args.get(2).cloned(), false)
}

/// `weakref.ref(obj, callback)`.
pub fn new_ref(vm: &mut Vm, obj: &Value, callback: Option<Value>) -> PyResult<Value> {
    make(vm, None, obj, callback, false)
}

/// `weakref.proxy(obj, callback)`.
pub fn new_proxy(vm: &mut Vm, obj: &Value, callback: Option<Value>) -> PyResult<Value> {
    make(vm, None, obj, callback, true)
}

fn ref_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let w = weak_of(vm, &args[0])?;
    let addr = match &args[0] {
        Value::Opaque(o) => Rc::as_ptr(o) as *const u8 as usize,
        Value::Instance(i) => Rc::as_ptr(i) as *const u8 as usize,
        _ => 0,
    };
    Ok(Value::string(match w.0.get() {
        Some(t) => format!(
            "<weakref at {:#x}; to '{}' at {:#x}>",
            addr,
            vm.type_of(&t).name(),
            value_addr(&t).unwrap_or(0)
        ),
        None => format!("<weakref at {addr:#x}; dead>"),
    }))
}

fn ref_cmp(vm: &mut Vm, args: &[Value], negate: bool) -> PyResult<Value> {
    arity(vm, "__eq__", args, 2, 2)?;
    let Some(a) = with_ref(&args[0], |w| w.target.get()) else {
        return Ok(Value::NotImplemented);
    };
    let Some(b) = with_ref(&args[1], |w| w.target.get()) else {
        return Ok(Value::NotImplemented);
    };
    let eq = match (a, b) {
        (Some(x), Some(y)) => ops::eq(vm, &x, &y)?,
        _ => args[0].is(&args[1]),
    };
    Ok(Value::bool(eq != negate))
}

fn ref_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if let Some(Some(h)) = with_ref(&args[0], |w| w.hash.get()) {
        return Ok(Value::Int(h));
    }
    let target = with_ref(&args[0], |w| w.target.get()).flatten();
    let Some(t) = target else {
        return Err(vm.type_error("weak object has gone away"));
    };
    let h = ops::hash(vm, &t)?;
    with_ref(&args[0], |w| w.hash.set(Some(h)));
    Ok(Value::Int(h))
}

/// The live weak references to `obj`.
pub fn refs_to(vm: &mut Vm, obj: &Value) -> Vec<Value> {
    let Some(addr) = value_addr(obj) else {
        return Vec::new();
    };
    let t = vm.shared_state::<Table>();
    let refs = t.refs.borrow();
    refs.get(&addr)
        .map(|l| {
            l.iter()
                .filter_map(|h| h.get())
                .filter(|r| {
                    with_ref(r, |w| w.target.get().is_some_and(|x| x.is(obj))).unwrap_or(false)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `v` is a weak reference whose referent is gone.
pub fn is_dead_ref(v: &Value) -> bool {
    with_ref(v, |w| w.target.get().is_none()).unwrap_or(false)
}

/// Run the callbacks of weak references whose referents died since the last safe point.
pub fn run_callbacks(vm: &mut Vm) {
    loop {
        let dead = rupy_objects::gc::take_weak_deaths();
        if dead.is_empty() {
            return;
        }
        for addr in dead {
            let holders = {
                let t = vm.shared_state::<Table>();
                t.refs.borrow_mut().remove(&addr)
            };
            let Some(holders) = holders else { continue };
            let mut keep = Vec::new();
            // Newest first, as CPython calls them.
            for h in holders.into_iter().rev() {
                let Some(r) = h.get() else { continue };
                let dead_now = with_ref(&r, |w| w.target.get().is_none()).unwrap_or(false);
                if !dead_now {
                    // A new object at a reused address: its references stay registered.
                    keep.push(h);
                    continue;
                }
                let cb = with_ref(&r, |w| w.callback.borrow_mut().take()).flatten();
                if let Some(cb) = cb
                    && let Err(e) = call_value(vm, &cb, std::slice::from_ref(&r), &[])
                {
                    let what = ops::repr_string(vm, &cb).unwrap_or_default();
                    crate::exceptions::print_unraisable_with(
                        vm,
                        e,
                        &format!("Exception ignored while calling weakref callback {what}"),
                    );
                }
            }
            if !keep.is_empty() {
                keep.reverse();
                let t = vm.shared_state::<Table>();
                t.refs.borrow_mut().entry(addr).or_default().extend(keep);
            }
        }
    }
}
