//! `string.templatelib.Template` and `Interpolation` (PEP 750 t-strings). A template keeps
//! its static strings (always one more than its interpolations, empty ones included) and its
//! interpolations (value, expression text, conversion, format spec), as CPython's does; the
//! `BuildTemplate`/`BuildInterpolation` instructions and the Python constructors make them.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::class::Class;
use rupy_objects::{KwArgs, Opaque, PyResult, Value, Vm};

use crate::builtins::args::{add_getter, add_method, arity};
use crate::ops;

struct Template {
    strings: Vec<Value>,
    interpolations: Vec<Value>,
}

struct Interpolation {
    value: Value,
    expression: Value,
    conversion: Value,
    format_spec: Value,
}

#[derive(Default)]
struct Types {
    template: RefCell<Option<Rc<Class>>>,
    interpolation: RefCell<Option<Rc<Class>>>,
}

fn classes(vm: &mut Vm) -> (Rc<Class>, Rc<Class>) {
    let st = vm.shared_state::<Types>();
    if let (Some(t), Some(i)) = (
        st.template.borrow().clone(),
        st.interpolation.borrow().clone(),
    ) {
        return (t, i);
    }
    let t = rupy_objects::vm::derived("Template", &vm.object);
    t.dict()
        .set_s("__module__", Value::str("string.templatelib"));
    add_method(&t, "Template", "__new__", template_new);
    add_method(&t, "Template", "__repr__", template_repr);
    add_method(&t, "Template", "__iter__", template_iter);
    add_method(&t, "Template", "__add__", template_add);
    add_getter(&t, "Template", "strings", |vm, a, _| {
        with_template(vm, &a[0], |t| Value::tuple(t.strings.clone()))
    });
    add_getter(&t, "Template", "interpolations", |vm, a, _| {
        with_template(vm, &a[0], |t| Value::tuple(t.interpolations.clone()))
    });
    add_getter(&t, "Template", "values", |vm, a, _| {
        let items = with_template(vm, &a[0], |t| t.interpolations.clone())?;
        let mut out = Vec::new();
        for i in &items {
            out.push(with_interp(vm, i, |x| x.value.clone())?);
        }
        Ok(Value::tuple(out))
    });
    let i = rupy_objects::vm::derived("Interpolation", &vm.object);
    i.dict()
        .set_s("__module__", Value::str("string.templatelib"));
    i.dict().set_s(
        "__match_args__",
        Value::tuple(
            ["value", "expression", "conversion", "format_spec"]
                .iter()
                .map(|s| Value::str(s))
                .collect(),
        ),
    );
    add_method(&i, "Interpolation", "__new__", interpolation_new);
    add_method(&i, "Interpolation", "__repr__", interpolation_repr);
    add_getter(&i, "Interpolation", "value", |vm, a, _| {
        with_interp(vm, &a[0], |x| x.value.clone())
    });
    add_getter(&i, "Interpolation", "expression", |vm, a, _| {
        with_interp(vm, &a[0], |x| x.expression.clone())
    });
    add_getter(&i, "Interpolation", "conversion", |vm, a, _| {
        with_interp(vm, &a[0], |x| x.conversion.clone())
    });
    add_getter(&i, "Interpolation", "format_spec", |vm, a, _| {
        with_interp(vm, &a[0], |x| x.format_spec.clone())
    });
    *st.template.borrow_mut() = Some(t.clone());
    *st.interpolation.borrow_mut() = Some(i.clone());
    (t, i)
}

fn with_template<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&Template) -> T) -> PyResult<T> {
    if let Value::Opaque(o) = v
        && let Some(t) = o.data.borrow().downcast_ref::<Template>()
    {
        return Ok(f(t));
    }
    Err(vm.type_error("descriptor requires a 'string.templatelib.Template' object"))
}

fn with_interp<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&Interpolation) -> T) -> PyResult<T> {
    if let Value::Opaque(o) = v
        && let Some(i) = o.data.borrow().downcast_ref::<Interpolation>()
    {
        return Ok(f(i));
    }
    Err(vm.type_error("descriptor requires a 'string.templatelib.Interpolation' object"))
}

fn is_interp(v: &Value) -> bool {
    matches!(v, Value::Opaque(o) if o.data.borrow().is::<Interpolation>())
}

/// A template from parts in order: strings (adjacent ones joined) and interpolations (an
/// empty string stands between two interpolations and at either end).
pub fn build_template(vm: &mut Vm, parts: Vec<Value>) -> PyResult<Value> {
    let mut strings = Vec::new();
    let mut interpolations = Vec::new();
    let mut cur = String::new();
    for p in parts {
        match &p {
            Value::Str(s) => cur.push_str(s.as_str()),
            _ if is_interp(&p) => {
                strings.push(Value::string(std::mem::take(&mut cur)));
                interpolations.push(p);
            }
            other => {
                let t = ops::type_name(vm, other);
                return Err(vm.type_error(format!(
                    "Template.__new__ *args need to be of type 'str' or 'Interpolation', got {t}"
                )));
            }
        }
    }
    strings.push(Value::string(cur));
    let (class, _) = classes(vm);
    Ok(Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(Template {
            strings,
            interpolations,
        })),
    })))
}

/// One `{value}` of a t-string.
pub fn build_interpolation(
    vm: &mut Vm,
    value: Value,
    expression: Value,
    conversion: Value,
    format_spec: Value,
) -> Value {
    let (_, class) = classes(vm);
    Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(Interpolation {
            value,
            expression,
            conversion,
            format_spec,
        })),
    }))
}

fn template_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error("Template.__new__ only accepts *args arguments"));
    }
    build_template(vm, args[1..].to_vec())
}

fn template_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (s, i) = with_template(vm, &args[0], |t| {
        (
            Value::tuple(t.strings.clone()),
            Value::tuple(t.interpolations.clone()),
        )
    })?;
    let s = ops::repr_string(vm, &s)?;
    let i = ops::repr_string(vm, &i)?;
    Ok(Value::string(format!(
        "Template(strings={s}, interpolations={i})"
    )))
}

/// Non-empty strings and the interpolations, in order.
fn template_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (strings, interps) = with_template(vm, &args[0], |t| {
        (t.strings.clone(), t.interpolations.clone())
    })?;
    let mut out = Vec::new();
    for (k, s) in strings.iter().enumerate() {
        if s.as_str().is_some_and(|x| !x.is_empty()) {
            out.push(s.clone());
        }
        if let Some(i) = interps.get(k) {
            out.push(i.clone());
        }
    }
    let l = Value::list(out);
    ops::get_iter(vm, &l)
}

fn template_add(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__add__", args, 2, 2)?;
    let a = with_template(vm, &args[0], |t| {
        (t.strings.clone(), t.interpolations.clone())
    })?;
    let Ok(b) = with_template(vm, &args[1], |t| {
        (t.strings.clone(), t.interpolations.clone())
    }) else {
        return Ok(Value::NotImplemented);
    };
    let mut parts = Vec::new();
    for (strings, interps) in [a, b] {
        for (k, s) in strings.iter().enumerate() {
            parts.push(s.clone());
            if let Some(i) = interps.get(k) {
                parts.push(i.clone());
            }
        }
    }
    build_template(vm, parts)
}

fn interpolation_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let mut vals: Vec<Option<Value>> = args[1..].iter().cloned().map(Some).collect();
    if vals.len() > 4 {
        return Err(vm.type_error("Interpolation() takes at most 4 arguments"));
    }
    vals.resize(4, None);
    for (k, v) in kw {
        let at = match k.as_str() {
            "value" => 0,
            "expression" => 1,
            "conversion" => 2,
            "format_spec" => 3,
            other => {
                return Err(vm.type_error(format!(
                    "Interpolation() got an unexpected keyword argument '{other}'"
                )));
            }
        };
        vals[at] = Some(v.clone());
    }
    let Some(value) = vals[0].take() else {
        return Err(vm.type_error("Interpolation() missing required argument 'value' (pos 1)"));
    };
    let expression = vals[1].take().unwrap_or_else(|| Value::str(""));
    let conversion = vals[2].take().unwrap_or(Value::None);
    if !matches!(
        conversion.as_str(),
        None | Some("r") | Some("s") | Some("a")
    ) || !(conversion.is_none() || conversion.as_str().is_some())
    {
        return Err(
            vm.value_error("Interpolation() argument 'conversion' must be one of 's', 'a' or 'r'")
        );
    }
    let format_spec = vals[3].take().unwrap_or_else(|| Value::str(""));
    Ok(build_interpolation(
        vm,
        value,
        expression,
        conversion,
        format_spec,
    ))
}

fn interpolation_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let parts = with_interp(vm, &args[0], |x| {
        [
            x.value.clone(),
            x.expression.clone(),
            x.conversion.clone(),
            x.format_spec.clone(),
        ]
    })?;
    let mut out = Vec::new();
    for p in &parts {
        out.push(ops::repr_string(vm, p)?);
    }
    Ok(Value::string(format!("Interpolation({})", out.join(", "))))
}
