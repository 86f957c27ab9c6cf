//! The calling convention. Every call goes through `call_value(vm, callable, args, kwargs)`:
//! positional arguments as a slice (often a window of the caller's value stack, so no copy),
//! keyword arguments as (name, value) pairs. Python functions bind their parameters straight
//! into the new frame's locals; natives receive the slices as they are.

use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Function, KwArgs, PyDict, PyResult, PyStr, Value, Vm};

use crate::ops::attr::lookup_special;
use crate::ops::convert::type_name;

/// Call any callable.
pub fn call_value(vm: &mut Vm, f: &Value, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    match f {
        Value::Function(func) => crate::eval::call_function(vm, func, args, kwargs),
        Value::Native(n) => match &n.bound {
            None => (n.func)(vm, args, kwargs),
            Some(recv) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(recv.clone());
                full.extend_from_slice(args);
                (n.func)(vm, &full, kwargs)
            }
        },
        Value::Method(m) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(m.receiver.clone());
            full.extend_from_slice(args);
            call_value(vm, &m.func, &full, kwargs)
        }
        Value::Class(c) => crate::types::class::call_class(vm, c, args, kwargs),
        Value::StaticMethod(inner) => call_value(vm, inner, args, kwargs),
        _ => {
            if let Some(call) = lookup_special(vm, f, "__call__") {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(f.clone());
                full.extend_from_slice(args);
                return call_value(vm, &call, &full, kwargs);
            }
            Err(vm.type_error(format!("'{}' object is not callable", type_name(vm, f))))
        }
    }
}

pub fn is_callable(vm: &mut Vm, f: &Value) -> bool {
    match f {
        Value::Function(_)
        | Value::Native(_)
        | Value::Method(_)
        | Value::Class(_)
        | Value::StaticMethod(_) => true,
        Value::Instance(_) | Value::Opaque(_) => lookup_special(vm, f, "__call__").is_some(),
        _ => false,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{} {}", n, word)
    } else {
        format!("{} {}s", n, word)
    }
}

fn name_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{}'", n)).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

/// Bind `args`/`kwargs` to the parameters of `func`, writing them into `locals`
/// (already sized to the code's local count and filled with `None`).
pub fn bind_args(
    vm: &mut Vm,
    func: &Function,
    args: &[Value],
    kwargs: &KwArgs,
    locals: &mut [Option<Value>],
) -> PyResult<()> {
    let code = &func.code;
    let argc = code.argcount as usize;
    let posonly = code.posonlyargcount as usize;
    let kwonly = code.kwonlyargcount as usize;
    let nparams = argc + kwonly;
    let fname = || func.qualname.borrow().as_str().to_owned();

    let npos = args.len().min(argc);
    for (slot, a) in locals.iter_mut().zip(args[..npos].iter()) {
        *slot = Some(a.clone());
    }
    let mut var_kw: Option<Rc<PyDict>> = None;
    if code.flags.varkw {
        var_kw = Some(PyDict::new_rc());
    }
    if code.flags.varargs {
        let extra = if args.len() > argc {
            args[argc..].to_vec()
        } else {
            Vec::new()
        };
        locals[nparams] = Some(Value::tuple(extra));
    } else if args.len() > argc {
        let ndefaults = func.defaults.borrow().len();
        let given_kwonly = kwargs
            .iter()
            .filter(|(k, _)| {
                code.varnames[argc..nparams]
                    .iter()
                    .any(|n| &**n == k.as_str())
            })
            .count();
        let takes = if ndefaults > 0 {
            format!(
                "from {} to {} positional arguments",
                argc - ndefaults.min(argc),
                argc
            )
        } else {
            plural(argc, "positional argument")
        };
        let given = if given_kwonly > 0 {
            format!(
                "{} positional argument{} (and {} keyword-only argument{}) were given",
                args.len(),
                if args.len() == 1 { "" } else { "s" },
                given_kwonly,
                if given_kwonly == 1 { "" } else { "s" }
            )
        } else if args.len() == 1 {
            "1 was given".to_owned()
        } else {
            format!("{} were given", args.len())
        };
        return Err(vm.type_error(format!("{}() takes {} but {}", fname(), takes, given)));
    }
    let mut posonly_as_kw: Vec<String> = Vec::new();
    for (k, v) in kwargs {
        let ks = k.as_str();
        let idx = code.varnames[..nparams].iter().position(|n| &**n == ks);
        match idx {
            Some(i) if i >= posonly => {
                if locals[i].is_some() {
                    return Err(vm.type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        fname(),
                        ks
                    )));
                }
                locals[i] = Some(v.clone());
            }
            _ => {
                if let Some(d) = &var_kw {
                    d.set_str(k.clone(), v.clone());
                } else if idx.is_some() {
                    posonly_as_kw.push(ks.to_owned());
                } else {
                    return Err(vm.type_error(format!(
                        "{}() got an unexpected keyword argument '{}'",
                        fname(),
                        ks
                    )));
                }
            }
        }
    }
    if !posonly_as_kw.is_empty() {
        return Err(vm.type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            fname(),
            posonly_as_kw.join(", ")
        )));
    }
    // Defaults for missing positionals.
    let defaults = func.defaults.borrow();
    let first_default = argc - defaults.len().min(argc);
    let mut missing = Vec::new();
    for i in npos..argc {
        if locals[i].is_none() {
            if i >= first_default {
                locals[i] = Some(defaults[i - first_default].clone());
            } else {
                missing.push(code.varnames[i].to_string());
            }
        }
    }
    drop(defaults);
    if !missing.is_empty() {
        return Err(vm.type_error(format!(
            "{}() missing {} required positional argument{}: {}",
            fname(),
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            name_list(&missing)
        )));
    }
    if kwonly > 0 {
        let kwdefaults = func.kwdefaults.borrow();
        for (slot, name) in locals[argc..nparams]
            .iter_mut()
            .zip(&code.varnames[argc..nparams])
        {
            if slot.is_none() {
                match kwdefaults.as_ref().and_then(|d| d.get_s(name)) {
                    Some(v) => *slot = Some(v),
                    None => missing.push(name.to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(vm.type_error(format!(
                "{}() missing {} required keyword-only argument{}: {}",
                fname(),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
    }
    if let Some(d) = var_kw {
        let at = nparams + code.flags.varargs as usize;
        locals[at] = Some(Value::Dict(d));
    }
    Ok(())
}

/// Build keyword pairs from names and values (CallKw).
pub fn kw_pairs(names: &[Value], values: &[Value]) -> Vec<(Rc<PyStr>, Value)> {
    names
        .iter()
        .zip(values.iter())
        .filter_map(|(n, v)| match n {
            Value::Str(s) => Some((s.clone(), v.clone())),
            _ => None,
        })
        .collect()
}

/// `f(*args, **kwargs)` with a tuple/iterable and an optional mapping.
pub fn call_ex(vm: &mut Vm, f: &Value, args: &Value, kwargs: Option<&Value>) -> PyResult<Value> {
    let a = match args {
        Value::Tuple(t) => (**t).clone(),
        other => crate::ops::iter::collect(vm, other)?,
    };
    let mut kw = Vec::new();
    if let Some(k) = kwargs {
        match k {
            Value::Dict(d) => {
                for (key, v) in d.entries() {
                    match key {
                        Value::Str(s) => kw.push((s, v)),
                        _ => return Err(vm.type_error("keywords must be strings")),
                    }
                }
            }
            _ => return Err(vm.err(ExcKind::TypeError, "argument after ** must be a mapping")),
        }
    }
    call_value(vm, f, &a, &kw)
}
