//! `_contextvars`, the native half of `contextvars` (PEP 567): `ContextVar`, `Token`,
//! `Context` and `copy_context`.
//!
//! A context is an immutable snapshot of (variable, value) pairs behind an `Rc`: setting a
//! variable replaces the current context's snapshot with a new one, so a copy made earlier
//! (`copy_context()`, a `Context` handed to a thread) never sees the change. Each thread state
//! has its own current context (`Vm::ext_state`); `Context.run` makes another one current
//! for the call and refuses a context that is already entered, as CPython does. Variables
//! are matched by identity, so a snapshot is a short list, not a hash table (contexts hold a
//! handful of variables; CPython's HAMT pays off only for many).
//!
//! Known gaps: the objects are not traced by the cycle collector (a value that refers back
//! to its own context is not collected); `Context` has no `__eq__`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, add_getter, add_method, arity};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Opaque, PyDict, PyResult, Value, Vm};

/// One snapshot: (variable, value) pairs, each variable at most once.
type Snapshot = Rc<Vec<(Value, Value)>>;

struct ContextData {
    vars: RefCell<Snapshot>,
    entered: Cell<bool>,
}

struct VarData {
    name: Value,
    default: Option<Value>,
}

struct TokenData {
    var: Value,
    /// The value before `set` (None: the variable was unset).
    old: Option<Value>,
    /// The context the token was made in.
    context: Value,
    used: Cell<bool>,
}

#[derive(Default)]
struct Types {
    context: RefCell<Option<Rc<Class>>>,
    var: RefCell<Option<Rc<Class>>>,
    token: RefCell<Option<Rc<Class>>>,
}

/// This thread's current context (a `Context` object), made on first use.
#[derive(Default)]
struct Current(Option<Value>);

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let t = types(vm);
    d.set_s("Context", Value::Class(t.0));
    d.set_s("ContextVar", Value::Class(t.1));
    d.set_s("Token", Value::Class(t.2.clone()));
    // One marker object per interpreter: `token.old_value is Token.MISSING`.
    let missing_class = rupy_objects::vm::derived("Token.MISSING", &vm.object);
    add_method(&missing_class, "Token.MISSING", "__repr__", |_, _, _| {
        Ok(Value::str("<Token.MISSING>"))
    });
    let missing = Value::Opaque(Rc::new(Opaque {
        class: missing_class,
        data: RefCell::new(Box::new(())),
    }));
    t.2.dict().set_s("MISSING", missing);
    add_fn(d, "copy_context", |vm, args, _| {
        arity(vm, "copy_context", args, 0, 0)?;
        let cur = current(vm);
        let snap = with_ctx(vm, &cur, |c| c.vars.borrow().clone())?;
        Ok(new_context(vm, snap))
    });
    Ok(())
}

fn types(vm: &mut Vm) -> (Rc<Class>, Rc<Class>, Rc<Class>) {
    let st = vm.shared_state::<Types>();
    if let Some(c) = st.context.borrow().clone() {
        let v = st.var.borrow().clone().unwrap_or_else(|| c.clone());
        let t = st.token.borrow().clone().unwrap_or_else(|| c.clone());
        return (c, v, t);
    }
    let ctx = rupy_objects::vm::derived("Context", &vm.object);
    add_method(&ctx, "Context", "__new__", |vm, _, _| {
        Ok(new_context(vm, Rc::default()))
    });
    add_method(&ctx, "Context", "run", context_run);
    add_method(&ctx, "Context", "copy", |vm, a, _| {
        let snap = with_ctx(vm, &a[0], |c| c.vars.borrow().clone())?;
        Ok(new_context(vm, snap))
    });
    add_method(&ctx, "Context", "__getitem__", |vm, a, _| {
        arity(vm, "__getitem__", a, 2, 2)?;
        check_var(vm, &a[1])?;
        match lookup(&with_ctx(vm, &a[0], |c| c.vars.borrow().clone())?, &a[1]) {
            Some(v) => Ok(v),
            None => Err(rupy_interp::exceptions::key_error(vm, a[1].clone())),
        }
    });
    add_method(&ctx, "Context", "get", |vm, a, _| {
        arity(vm, "get", a, 2, 3)?;
        check_var(vm, &a[1])?;
        let snap = with_ctx(vm, &a[0], |c| c.vars.borrow().clone())?;
        Ok(lookup(&snap, &a[1]).unwrap_or_else(|| a.get(2).cloned().unwrap_or(Value::None)))
    });
    add_method(&ctx, "Context", "__contains__", |vm, a, _| {
        arity(vm, "__contains__", a, 2, 2)?;
        check_var(vm, &a[1])?;
        let snap = with_ctx(vm, &a[0], |c| c.vars.borrow().clone())?;
        Ok(Value::bool(lookup(&snap, &a[1]).is_some()))
    });
    add_method(&ctx, "Context", "__len__", |vm, a, _| {
        with_ctx(vm, &a[0], |c| Value::Int(c.vars.borrow().len() as i64))
    });
    add_method(&ctx, "Context", "__iter__", |vm, a, _| {
        let keys = snapshot_list(vm, &a[0], |k, _| k.clone())?;
        ops::get_iter(vm, &keys)
    });
    add_method(&ctx, "Context", "keys", |vm, a, _| {
        snapshot_list(vm, &a[0], |k, _| k.clone())
    });
    add_method(&ctx, "Context", "values", |vm, a, _| {
        snapshot_list(vm, &a[0], |_, v| v.clone())
    });
    add_method(&ctx, "Context", "items", |vm, a, _| {
        snapshot_list(vm, &a[0], |k, v| Value::tuple(vec![k.clone(), v.clone()]))
    });
    ctx.dict().set_s("__module__", Value::str("_contextvars"));

    let var = rupy_objects::vm::derived("ContextVar", &vm.object);
    add_method(&var, "ContextVar", "__new__", var_new);
    add_method(&var, "ContextVar", "get", var_get);
    add_method(&var, "ContextVar", "set", var_set);
    add_method(&var, "ContextVar", "reset", var_reset);
    add_method(&var, "ContextVar", "__repr__", |vm, a, _| {
        let name = with_var(vm, &a[0], |v| v.name.clone())?;
        let n = ops::repr_string(vm, &name)?;
        Ok(Value::string(format!("<ContextVar name={n}>")))
    });
    add_method(&var, "ContextVar", "__hash__", |_, a, _| {
        Ok(Value::Int(match &a[0] {
            Value::Opaque(o) => (Rc::as_ptr(o) as *const u8 as usize >> 4) as i64,
            _ => 0,
        }))
    });
    add_getter(&var, "ContextVar", "name", |vm, a, _| {
        with_var(vm, &a[0], |v| v.name.clone())
    });
    rupy_interp::types::generic_alias::add_class_getitem(&var);
    var.dict().set_s("__module__", Value::str("_contextvars"));

    let token = rupy_objects::vm::derived("Token", &vm.object);
    add_getter(&token, "Token", "var", |vm, a, _| {
        with_token(vm, &a[0], |t| t.var.clone())
    });
    add_getter(&token, "Token", "old_value", |vm, a, _| {
        let old = with_token(vm, &a[0], |t| t.old.clone())?;
        let missing = types(vm).2.dict().get_s("MISSING").unwrap_or(Value::None);
        Ok(old.unwrap_or(missing))
    });
    add_method(&token, "Token", "__enter__", |_, a, _| Ok(a[0].clone()));
    add_method(&token, "Token", "__exit__", |vm, a, _| {
        let var = with_token(vm, &a[0], |t| t.var.clone())?;
        var_reset(vm, &[var, a[0].clone()], &[])?;
        Ok(Value::None)
    });
    token.dict().set_s("__module__", Value::str("_contextvars"));
    let st = vm.shared_state::<Types>();
    *st.context.borrow_mut() = Some(ctx.clone());
    *st.var.borrow_mut() = Some(var.clone());
    *st.token.borrow_mut() = Some(token.clone());
    (ctx, var, token)
}

fn new_context(vm: &mut Vm, vars: Snapshot) -> Value {
    let class = types(vm).0;
    Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(ContextData {
            vars: RefCell::new(vars),
            entered: Cell::new(false),
        })),
    }))
}

fn current(vm: &mut Vm) -> Value {
    if let Some(c) = &vm.ext_state::<Current>().0 {
        return c.clone();
    }
    let c = new_context(vm, Rc::default());
    vm.ext_state::<Current>().0 = Some(c.clone());
    c
}

fn with_data<D: 'static, T>(
    vm: &mut Vm,
    v: &Value,
    what: &str,
    f: impl FnOnce(&D) -> T,
) -> PyResult<T> {
    if let Value::Opaque(o) = v
        && let Some(d) = o.data.borrow().downcast_ref::<D>()
    {
        return Ok(f(d));
    }
    Err(vm.type_error(format!("a {what} object is required")))
}

fn with_ctx<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&ContextData) -> T) -> PyResult<T> {
    with_data(vm, v, "Context", f)
}
fn with_var<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&VarData) -> T) -> PyResult<T> {
    with_data(vm, v, "ContextVar", f)
}
fn with_token<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&TokenData) -> T) -> PyResult<T> {
    with_data(vm, v, "Token", f)
}

fn check_var(vm: &mut Vm, v: &Value) -> PyResult<()> {
    with_var(vm, v, |_| ()).map_err(|_| {
        let t = ops::type_name(vm, v);
        vm.type_error(format!("a ContextVar key was expected, got {t}"))
    })
}

fn lookup(snap: &[(Value, Value)], var: &Value) -> Option<Value> {
    snap.iter().find(|(k, _)| k.is(var)).map(|(_, v)| v.clone())
}

fn snapshot_list(vm: &mut Vm, ctx: &Value, f: impl Fn(&Value, &Value) -> Value) -> PyResult<Value> {
    let snap = with_ctx(vm, ctx, |c| c.vars.borrow().clone())?;
    Ok(Value::list(snap.iter().map(|(k, v)| f(k, v)).collect()))
}

/// The current context's snapshot with `var` bound to `value` (None: unbound).
fn replace(vm: &mut Vm, var: &Value, value: Option<Value>) -> PyResult<()> {
    let cur = current(vm);
    with_ctx(vm, &cur, |c| {
        let mut next: Vec<(Value, Value)> = c
            .vars
            .borrow()
            .iter()
            .filter(|(k, _)| !k.is(var))
            .cloned()
            .collect();
        if let Some(v) = value {
            next.push((var.clone(), v));
        }
        *c.vars.borrow_mut() = Rc::new(next);
    })
}

fn context_run(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() < 2 {
        return Err(vm.type_error("run() missing 1 required positional argument"));
    }
    let ctx = args[0].clone();
    let already = with_ctx(vm, &ctx, |c| c.entered.replace(true))?;
    if already {
        let r = ops::repr_string(vm, &ctx)?;
        return Err(vm.err(
            ExcKind::RuntimeError,
            format!("cannot enter context: {r} is already entered"),
        ));
    }
    let saved = vm.ext_state::<Current>().0.replace(ctx.clone());
    let r = call_value(vm, &args[1], &args[2..], kw);
    vm.ext_state::<Current>().0 = saved;
    let _ = with_ctx(vm, &ctx, |c| c.entered.set(false));
    r
}

fn var_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (cls, rest) = match args.split_first() {
        Some((Value::Class(c), rest)) => (c.clone(), rest),
        _ => return Err(vm.type_error("ContextVar.__new__(X): X is not a type object")),
    };
    let name = match rest.first() {
        Some(n @ Value::Str(_)) => n.clone(),
        Some(_) => return Err(vm.type_error("context variable name must be a str")),
        None => {
            return Err(vm.type_error("ContextVar() missing required argument 'name' (pos 1)"));
        }
    };
    let mut default = None;
    for (k, v) in kw {
        if k.as_str() == "default" {
            default = Some(v.clone());
        } else {
            return Err(vm.type_error(format!(
                "ContextVar() got an unexpected keyword argument '{}'",
                k.as_str()
            )));
        }
    }
    if rest.len() > 1 {
        return Err(vm.type_error("ContextVar() takes exactly 1 positional argument"));
    }
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(VarData { name, default })),
    })))
}

fn var_get(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "get", args, 1, 2)?;
    let var = &args[0];
    let default = with_var(vm, var, |v| v.default.clone())?;
    let cur = current(vm);
    let snap = with_ctx(vm, &cur, |c| c.vars.borrow().clone())?;
    if let Some(v) = lookup(&snap, var) {
        return Ok(v);
    }
    if let Some(d) = args.get(1).cloned().or(default) {
        return Ok(d);
    }
    let e = rupy_interp::exceptions::new_exception(vm.exc(ExcKind::LookupError), vec![var.clone()]);
    Err(rupy_objects::PyErr::from_obj(e))
}

fn var_set(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "set", args, 2, 2)?;
    let var = &args[0];
    with_var(vm, var, |_| ())?;
    let cur = current(vm);
    let old = lookup(&with_ctx(vm, &cur, |c| c.vars.borrow().clone())?, var);
    replace(vm, var, Some(args[1].clone()))?;
    let class = types(vm).2;
    Ok(Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(TokenData {
            var: var.clone(),
            old,
            context: cur,
            used: Cell::new(false),
        })),
    })))
}

fn var_reset(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "reset", args, 2, 2)?;
    let var = &args[0];
    let Ok((tvar, old, ctx, used)) = with_token(vm, &args[1], |t| {
        (
            t.var.clone(),
            t.old.clone(),
            t.context.clone(),
            t.used.get(),
        )
    }) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("expected an instance of Token, got '{t}'")));
    };
    if used {
        let r = ops::repr_string(vm, &args[1])?;
        return Err(vm.err(
            ExcKind::RuntimeError,
            format!("{r} has already been used once"),
        ));
    }
    if !tvar.is(var) {
        let r = ops::repr_string(vm, &args[1])?;
        return Err(vm.value_error(format!("{r} was created by a different ContextVar")));
    }
    let cur = current(vm);
    if !ctx.is(&cur) {
        let r = ops::repr_string(vm, &args[1])?;
        return Err(vm.value_error(format!("{r} was created in a different Context")));
    }
    let _ = with_token(vm, &args[1], |t| t.used.set(true));
    replace(vm, var, old)?;
    Ok(Value::None)
}
