//! `_typing`, the native half of CPython's `typing` (3.12+): `TypeVar`, `ParamSpec`
//! (with `ParamSpecArgs`/`ParamSpecKwargs`), `TypeVarTuple`, `TypeAliasType`, `Generic`,
//! `Union` (the `types.UnionType` class), `NoDefault` and `_idfunc`.
//!
//! As in CPython these are thin: substitution and `Generic[...]` subscription call back into
//! `typing.py` (`_typevar_subst`, `_generic_class_getitem`, `_generic_init_subclass`, ...),
//! which stays the specification. Type variables are instances of native classes whose fields
//! live in the instance dict (`__name__`, `__bound__`, ...), so they print, compare by
//! identity and pickle by name as CPython's do. `_lazy_type_alias` backs the `type X = ...`
//! statement: the alias's `__value__` is computed by a function on first access.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_classmethod, add_fn, add_getter, add_method, arity};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::class::{Class, Instance, Payload};
use rupy_objects::{KwArgs, PyDict, PyResult, Truth, Value, Vm};

#[derive(Default)]
struct Types {
    typevar: std::cell::RefCell<Option<Rc<Class>>>,
    paramspec: std::cell::RefCell<Option<Rc<Class>>>,
    psargs: std::cell::RefCell<Option<Rc<Class>>>,
    pskwargs: std::cell::RefCell<Option<Rc<Class>>>,
    typevartuple: std::cell::RefCell<Option<Rc<Class>>>,
    alias: std::cell::RefCell<Option<Rc<Class>>>,
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let object = vm.object.clone();
    let mk = |name: &str| {
        let c = rupy_objects::vm::derived(name, &object);
        c.dict().set_s("__module__", Value::str("typing"));
        c
    };
    let typevar = mk("TypeVar");
    add_method(&typevar, "TypeVar", "__new__", typevar_new);
    add_method(&typevar, "TypeVar", "__repr__", variance_repr);
    add_method(&typevar, "TypeVar", "__typing_subst__", |vm, a, _| {
        typing_call(vm, "_typevar_subst", a)
    });
    add_method(&typevar, "TypeVar", "has_default", has_default);
    common(&typevar, "TypeVar");

    let paramspec = mk("ParamSpec");
    add_method(&paramspec, "ParamSpec", "__new__", paramspec_new);
    add_method(&paramspec, "ParamSpec", "__repr__", variance_repr);
    add_method(&paramspec, "ParamSpec", "__typing_subst__", |vm, a, _| {
        typing_call(vm, "_paramspec_subst", a)
    });
    add_method(
        &paramspec,
        "ParamSpec",
        "__typing_prepare_subst__",
        |vm, a, _| typing_call(vm, "_paramspec_prepare_subst", a),
    );
    add_method(&paramspec, "ParamSpec", "has_default", has_default);
    add_getter(&paramspec, "ParamSpec", "args", |vm, a, _| {
        ps_part(vm, &a[0], false)
    });
    add_getter(&paramspec, "ParamSpec", "kwargs", |vm, a, _| {
        ps_part(vm, &a[0], true)
    });
    common(&paramspec, "ParamSpec");

    let psargs = mk("ParamSpecArgs");
    let pskwargs = mk("ParamSpecKwargs");
    for (c, suffix) in [(&psargs, "args"), (&pskwargs, "kwargs")] {
        add_method(
            c,
            "ParamSpecArgs",
            "__repr__",
            if suffix == "args" {
                |vm: &mut Vm, a: &[Value], _: &KwArgs| ps_part_repr(vm, &a[0], "args")
            } else {
                |vm: &mut Vm, a: &[Value], _: &KwArgs| ps_part_repr(vm, &a[0], "kwargs")
            },
        );
        add_method(c, "ParamSpecArgs", "__eq__", ps_part_eq);
        add_method(c, "ParamSpecArgs", "__hash__", |vm, a, _| {
            let o = field(vm, &a[0], "__origin__");
            Ok(Value::Int(ops::hash(vm, &o)?))
        });
    }

    let typevartuple = mk("TypeVarTuple");
    add_method(&typevartuple, "TypeVarTuple", "__new__", typevartuple_new);
    add_method(&typevartuple, "TypeVarTuple", "__repr__", |vm, a, _| {
        Ok(field(vm, &a[0], "__name__"))
    });
    add_method(&typevartuple, "TypeVarTuple", "__iter__", typevartuple_iter);
    add_method(
        &typevartuple,
        "TypeVarTuple",
        "__typing_subst__",
        |vm, _, _| Err(vm.type_error("Substitution of bare TypeVarTuple is not supported")),
    );
    add_method(
        &typevartuple,
        "TypeVarTuple",
        "__typing_prepare_subst__",
        |vm, a, _| typing_call(vm, "_typevartuple_prepare_subst", a),
    );
    add_method(&typevartuple, "TypeVarTuple", "has_default", has_default);
    common(&typevartuple, "TypeVarTuple");

    let alias = mk("TypeAliasType");
    add_method(&alias, "TypeAliasType", "__new__", alias_new);
    add_method(&alias, "TypeAliasType", "__repr__", |vm, a, _| {
        Ok(field(vm, &a[0], "__name__"))
    });
    add_getter(&alias, "TypeAliasType", "__value__", alias_value);
    add_getter(&alias, "TypeAliasType", "__parameters__", |vm, a, _| {
        Ok(field(vm, &a[0], "__type_params__"))
    });
    add_method(&alias, "TypeAliasType", "__getitem__", |vm, a, _| {
        arity(vm, "__getitem__", a, 2, 2)?;
        rupy_interp::types::generic_alias::new(vm, &a[0], &a[1])
    });
    common(&alias, "TypeAliasType");

    let generic = mk("Generic");
    generic.dict().set_s("__slots__", Value::tuple(Vec::new()));
    generic
        .dict()
        .set_s("_is_protocol", Value::Bool(Truth::False));
    add_classmethod(&generic, "Generic", "__class_getitem__", |vm, a, _| {
        typing_call(vm, "_generic_class_getitem", a)
    });
    add_classmethod(&generic, "Generic", "__init_subclass__", |vm, a, kw| {
        let f = typing_fn(vm, "_generic_init_subclass")?;
        call_value(vm, &f, a, kw)
    });

    let nodefault_class = mk("NoDefaultType");
    add_method(&nodefault_class, "NoDefaultType", "__repr__", |_, _, _| {
        Ok(Value::str("typing.NoDefault"))
    });
    let nodefault = Value::new_instance(Instance::new(nodefault_class, Payload::None));

    let st = vm.shared_state::<Types>();
    *st.typevar.borrow_mut() = Some(typevar.clone());
    *st.paramspec.borrow_mut() = Some(paramspec.clone());
    *st.psargs.borrow_mut() = Some(psargs.clone());
    *st.pskwargs.borrow_mut() = Some(pskwargs.clone());
    *st.typevartuple.borrow_mut() = Some(typevartuple.clone());
    *st.alias.borrow_mut() = Some(alias.clone());

    d.set_s("TypeVar", Value::Class(typevar));
    d.set_s("ParamSpec", Value::Class(paramspec));
    d.set_s("ParamSpecArgs", Value::Class(psargs));
    d.set_s("ParamSpecKwargs", Value::Class(pskwargs));
    d.set_s("TypeVarTuple", Value::Class(typevartuple));
    d.set_s("TypeAliasType", Value::Class(alias));
    d.set_s("Generic", Value::Class(generic));
    d.set_s("Union", rupy_interp::types::union::union_type(vm));
    d.set_s("NoDefault", nodefault);
    add_fn(d, "_idfunc", |vm, a, _| {
        arity(vm, "_idfunc", a, 1, 1)?;
        Ok(a[0].clone())
    });
    add_fn(d, "_lazy_type_alias", |vm, a, _| {
        arity(vm, "_lazy_type_alias", a, 3, 3)?;
        let cls = vm.shared_state::<Types>().alias.borrow().clone();
        let Some(cls) = cls else {
            return Err(vm.type_error("_typing is not initialised"));
        };
        let obj = new_obj(
            vm,
            &cls,
            &[
                ("__name__", a[0].clone()),
                ("__type_params__", a[1].clone()),
            ],
        );
        set_field(&obj, "_evaluate_value", a[2].clone());
        Ok(obj)
    });
    Ok(())
}

/// What every type-parameter-like class shares: `|`, pickling by name, no subclassing.
fn common(c: &Class, owner: &'static str) {
    rupy_interp::types::union::add_union_operators(c, owner);
    add_method(c, owner, "__reduce__", |vm, a, _| {
        Ok(field(vm, &a[0], "__name__"))
    });
    add_method(c, owner, "__mro_entries__", |vm, a, _| {
        let t = vm.type_of(&a[0]).name();
        Err(vm.type_error(format!("Cannot subclass an instance of {t}")))
    });
    add_classmethod(c, owner, "__init_subclass__", |vm, a, _| {
        let name = match a.first() {
            Some(Value::Class(c)) => c
                .bases
                .borrow()
                .first()
                .map(|b| b.name())
                .unwrap_or_default(),
            _ => String::new(),
        };
        Err(vm.type_error(format!(
            "type 'typing.{name}' is not an acceptable base type"
        )))
    });
}

fn typing_fn(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let (_, m) = rupy_interp::import::import_module(vm, "typing")?;
    let n = vm.intern(name);
    ops::getattr(vm, &m, &n)
}

fn typing_call(vm: &mut Vm, name: &str, args: &[Value]) -> PyResult<Value> {
    let f = typing_fn(vm, name)?;
    call_value(vm, &f, args, &[])
}

fn new_obj(vm: &mut Vm, cls: &Rc<Class>, fields: &[(&str, Value)]) -> Value {
    let inst = Instance::new(cls.clone(), Payload::None);
    if let Some(d) = &inst.dict {
        for (k, v) in fields {
            d.set_s(k, v.clone());
        }
        // The module of the code that made it, as CPython records it.
        let n = vm.frames.len();
        if n > 0 {
            let g = vm.frames[n - 1].func.globals.clone();
            if let Some(m) = g.get_s("__name__") {
                d.set_s("__module__", m);
            }
        }
    }
    Value::new_instance(inst)
}

fn field(_vm: &mut Vm, obj: &Value, name: &str) -> Value {
    match obj {
        Value::Instance(i) => i
            .dict
            .as_ref()
            .and_then(|d| d.get_s(name))
            .unwrap_or(Value::None),
        _ => Value::None,
    }
}

fn set_field(obj: &Value, name: &str, v: Value) {
    if let Value::Instance(i) = obj
        && let Some(d) = &i.dict
    {
        d.set_s(name, v);
    }
}

/// A field stored by the constructors as a bool.
fn flag(v: &Value) -> bool {
    matches!(v, Value::Bool(t) if t.get())
}

fn kwarg(kw: &KwArgs, name: &str) -> Option<Value> {
    kw.iter()
        .find(|(k, _)| k.as_str() == name)
        .map(|(_, v)| v.clone())
}

fn check_kwargs(vm: &mut Vm, fname: &str, kw: &KwArgs, allowed: &[&str]) -> PyResult<()> {
    for (k, _) in kw {
        if !allowed.contains(&k.as_str()) {
            return Err(vm.type_error(format!(
                "{fname}() got an unexpected keyword argument '{}'",
                k.as_str()
            )));
        }
    }
    Ok(())
}

fn name_arg(vm: &mut Vm, fname: &str, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    match args.get(1).cloned().or_else(|| kwarg(kw, "name")) {
        Some(n @ Value::Str(_)) => Ok(n),
        Some(other) => {
            let t = ops::type_name(vm, &other);
            Err(vm.type_error(format!("{fname}() argument 'name' must be str, not {t}")))
        }
        None => Err(vm.type_error(format!(
            "{fname}() missing required argument 'name' (pos 1)"
        ))),
    }
}

fn class_arg(vm: &mut Vm, args: &[Value]) -> PyResult<Rc<Class>> {
    match args.first() {
        Some(Value::Class(c)) => Ok(c.clone()),
        _ => Err(vm.type_error("__new__ needs a class")),
    }
}

fn truth(vm: &mut Vm, v: Option<Value>) -> PyResult<Value> {
    Ok(Value::bool(match v {
        Some(v) => ops::truthy(vm, &v)?,
        None => false,
    }))
}

fn nodefault(vm: &mut Vm) -> Value {
    rupy_interp::import::import_module(vm, "_typing")
        .ok()
        .and_then(|(_, m)| match m {
            Value::Module(m) => m.dict.get_s("NoDefault"),
            _ => None,
        })
        .unwrap_or(Value::None)
}

fn typevar_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    check_kwargs(
        vm,
        "TypeVar",
        kw,
        &[
            "name",
            "bound",
            "covariant",
            "contravariant",
            "infer_variance",
            "default",
        ],
    )?;
    let cls = class_arg(vm, args)?;
    let name = name_arg(vm, "TypeVar", args, kw)?;
    let constraints: Vec<Value> = args.iter().skip(2).cloned().collect();
    let bound = kwarg(kw, "bound").unwrap_or(Value::None);
    if constraints.len() == 1 {
        return Err(vm.type_error("A single constraint is not allowed"));
    }
    if !constraints.is_empty() && !bound.is_none() {
        return Err(vm.type_error("Constraints cannot be combined with bound=..."));
    }
    let co = truth(vm, kwarg(kw, "covariant"))?;
    let contra = truth(vm, kwarg(kw, "contravariant"))?;
    if flag(&co) && flag(&contra) {
        return Err(vm.value_error("Bivariant type variables are not supported."));
    }
    let infer = truth(vm, kwarg(kw, "infer_variance"))?;
    if flag(&infer) && (flag(&co) || flag(&contra)) {
        return Err(vm.value_error("Variance cannot be specified with infer_variance."));
    }
    let default = match kwarg(kw, "default") {
        Some(d) => d,
        None => nodefault(vm),
    };
    Ok(new_obj(
        vm,
        &cls,
        &[
            ("__name__", name),
            ("__bound__", bound),
            ("__constraints__", Value::tuple(constraints)),
            ("__covariant__", co),
            ("__contravariant__", contra),
            ("__infer_variance__", infer),
            ("__default__", default),
        ],
    ))
}

fn paramspec_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    check_kwargs(
        vm,
        "ParamSpec",
        kw,
        &[
            "name",
            "bound",
            "covariant",
            "contravariant",
            "infer_variance",
            "default",
        ],
    )?;
    let cls = class_arg(vm, args)?;
    let name = name_arg(vm, "ParamSpec", args, kw)?;
    let co = truth(vm, kwarg(kw, "covariant"))?;
    let contra = truth(vm, kwarg(kw, "contravariant"))?;
    let infer = truth(vm, kwarg(kw, "infer_variance"))?;
    let default = match kwarg(kw, "default") {
        Some(d) => d,
        None => nodefault(vm),
    };
    Ok(new_obj(
        vm,
        &cls,
        &[
            ("__name__", name),
            ("__bound__", kwarg(kw, "bound").unwrap_or(Value::None)),
            ("__covariant__", co),
            ("__contravariant__", contra),
            ("__infer_variance__", infer),
            ("__default__", default),
        ],
    ))
}

fn typevartuple_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    check_kwargs(vm, "TypeVarTuple", kw, &["name", "default"])?;
    let cls = class_arg(vm, args)?;
    let name = name_arg(vm, "TypeVarTuple", args, kw)?;
    let default = match kwarg(kw, "default") {
        Some(d) => d,
        None => nodefault(vm),
    };
    Ok(new_obj(
        vm,
        &cls,
        &[("__name__", name), ("__default__", default)],
    ))
}

/// `iter(Ts)` gives `Unpack[Ts]` (what `*Ts` means in a subscript).
fn typevartuple_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let unpack = typing_fn(vm, "Unpack")?;
    let u = ops::getitem(vm, &unpack, &args[0])?;
    let l = Value::list(vec![u]);
    ops::get_iter(vm, &l)
}

fn has_default(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = field(vm, &args[0], "__default__");
    let nd = nodefault(vm);
    Ok(Value::bool(!d.is(&nd)))
}

/// `~T` (invariant or inferred), `+T` (covariant), `-T` (contravariant).
fn variance_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let obj = &args[0];
    let name = field(vm, obj, "__name__");
    let name = name.as_str().unwrap_or("?").to_owned();
    let infer = flag(&field(vm, obj, "__infer_variance__"));
    let prefix = if infer {
        ""
    } else if flag(&field(vm, obj, "__covariant__")) {
        "+"
    } else if flag(&field(vm, obj, "__contravariant__")) {
        "-"
    } else {
        "~"
    };
    Ok(Value::string(format!("{prefix}{name}")))
}

fn ps_part(vm: &mut Vm, ps: &Value, kwargs: bool) -> PyResult<Value> {
    let st = vm.shared_state::<Types>();
    let cls = if kwargs {
        st.pskwargs.borrow().clone()
    } else {
        st.psargs.borrow().clone()
    };
    let Some(cls) = cls else {
        return Err(vm.type_error("_typing is not initialised"));
    };
    Ok(new_obj(vm, &cls, &[("__origin__", ps.clone())]))
}

fn ps_part_repr(vm: &mut Vm, obj: &Value, suffix: &str) -> PyResult<Value> {
    let origin = field(vm, obj, "__origin__");
    let name = field(vm, &origin, "__name__");
    Ok(Value::string(format!(
        "{}.{}",
        name.as_str().unwrap_or("?"),
        suffix
    )))
}

fn ps_part_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__eq__", args, 2, 2)?;
    let (ta, tb) = (vm.type_of(&args[0]), vm.type_of(&args[1]));
    if !Rc::ptr_eq(&ta, &tb) {
        return Ok(Value::NotImplemented);
    }
    let a = field(vm, &args[0], "__origin__");
    let b = field(vm, &args[1], "__origin__");
    Ok(Value::bool(a.is(&b)))
}

fn alias_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    check_kwargs(vm, "TypeAliasType", kw, &["name", "value", "type_params"])?;
    let cls = class_arg(vm, args)?;
    let name = name_arg(vm, "TypeAliasType", args, kw)?;
    let Some(value) = args.get(2).cloned().or_else(|| kwarg(kw, "value")) else {
        return Err(vm.type_error("TypeAliasType() missing required argument 'value' (pos 2)"));
    };
    let params = kwarg(kw, "type_params").unwrap_or_else(|| Value::tuple(Vec::new()));
    if !matches!(params, Value::Tuple(_)) {
        return Err(vm.type_error("type_params must be a tuple"));
    }
    Ok(new_obj(
        vm,
        &cls,
        &[
            ("__name__", name),
            ("__type_params__", params),
            ("__value__", value),
        ],
    ))
}

/// `__value__`: stored, or computed once by the alias's value function.
fn alias_value(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let obj = &args[0];
    if let Value::Instance(i) = obj
        && let Some(d) = &i.dict
    {
        if let Some(v) = d.get_s("__value__") {
            return Ok(v);
        }
        if let Some(f) = d.get_s("_evaluate_value") {
            let v = call_value(vm, &f, &[], &[])?;
            d.set_s("__value__", v.clone());
            return Ok(v);
        }
    }
    Err(vm.type_error("TypeAliasType has no value"))
}
