//! Argument parsing for native functions: `bind` maps positional and keyword arguments onto a
//! fixed parameter list with CPython-style error messages; `add_method`/`add_fn` register
//! natives in a type's or module's namespace.

use std::rc::Rc;

use rupy_objects::{Class, KwArgs, NativeFn, NativeFunction, PyDict, PyResult, PyStr, Value, Vm};

/// Bind `args`/`kwargs` to `names` (the first `required` are mandatory). Returns one slot per
/// name. `fname` is used in messages ("split() takes at most 2 arguments (3 given)").
pub fn bind<const N: usize>(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kwargs: &KwArgs,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let mut out: [Option<Value>; N] = std::array::from_fn(|_| None);
    if args.len() > N {
        return Err(if N == required {
            vm.type_error(format!(
                "{}() takes exactly {} argument{} ({} given)",
                fname,
                N,
                if N == 1 { "" } else { "s" },
                args.len()
            ))
        } else {
            vm.type_error(format!(
                "{}() takes at most {} argument{} ({} given)",
                fname,
                N,
                if N == 1 { "" } else { "s" },
                args.len()
            ))
        });
    }
    for (i, a) in args.iter().enumerate() {
        out[i] = Some(a.clone());
    }
    for (k, v) in kwargs {
        match names.iter().position(|n| *n == k.as_str()) {
            Some(i) => {
                if out[i].is_some() {
                    return Err(vm.type_error(format!(
                        "argument for {}() given by name ('{}') and position ({})",
                        fname,
                        k.as_str(),
                        i + 1
                    )));
                }
                out[i] = Some(v.clone());
            }
            None => {
                return Err(vm.type_error(format!(
                    "{}() got an unexpected keyword argument '{}'",
                    fname,
                    k.as_str()
                )));
            }
        }
    }
    for (i, slot) in out.iter().enumerate().take(required) {
        if slot.is_none() {
            return Err(if required == 1 && N == 1 {
                vm.type_error(format!("{}() takes exactly one argument (0 given)", fname))
            } else {
                vm.type_error(format!(
                    "{}() missing required argument '{}' (pos {})",
                    fname,
                    names[i],
                    i + 1
                ))
            });
        }
    }
    Ok(out)
}

/// Reject keyword arguments for natives that take none.
pub fn no_kwargs(vm: &mut Vm, fname: &str, kwargs: &KwArgs) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{}() takes no keyword arguments", fname)))
    }
}

/// Check a positional argument count range.
pub fn arity(vm: &mut Vm, fname: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min || args.len() > max {
        let msg = if min == max {
            if min == 0 {
                format!("{}() takes no arguments ({} given)", fname, args.len())
            } else if min == 1 {
                format!(
                    "{}() takes exactly one argument ({} given)",
                    fname,
                    args.len()
                )
            } else {
                format!(
                    "{}() takes exactly {} arguments ({} given)",
                    fname,
                    min,
                    args.len()
                )
            }
        } else if args.len() < min {
            format!(
                "{} expected at least {} argument{}, got {}",
                fname,
                min,
                if min == 1 { "" } else { "s" },
                args.len()
            )
        } else {
            format!(
                "{} expected at most {} argument{}, got {}",
                fname,
                max,
                if max == 1 { "" } else { "s" },
                args.len()
            )
        };
        return Err(vm.type_error(msg));
    }
    Ok(())
}

pub fn native(name: &'static str, owner: &'static str, func: NativeFn) -> Value {
    Value::Native(Rc::new(NativeFunction {
        name,
        func,
        bound: None,
        owner,
        is_classmethod: false,
    }))
}

thread_local! {
    /// While one interpreter's builtin types are being built (`NameScope`), the name strings
    /// made so far, so a name many types define (`__repr__`, `count`...) is one object. It
    /// lives for that build only, on that thread: no string reaches another interpreter.
    static NAMES: std::cell::RefCell<Option<rustc_hash::FxHashMap<&'static str, Rc<PyStr>>>> = const { std::cell::RefCell::new(None) };
}

/// Share method-name strings among the builtin types built while this guard lives.
pub struct NameScope(());

impl Default for NameScope {
    fn default() -> Self {
        Self::new()
    }
}

impl NameScope {
    pub fn new() -> NameScope {
        NAMES.with(|n| *n.borrow_mut() = Some(Default::default()));
        NameScope(())
    }
}

impl Drop for NameScope {
    fn drop(&mut self) {
        NAMES.with(|n| n.borrow_mut().take());
    }
}

fn name_key(name: &'static str) -> Rc<PyStr> {
    NAMES.with(|n| match &mut *n.borrow_mut() {
        Some(map) => map
            .entry(name)
            .or_insert_with(|| Rc::new(PyStr::new(name)))
            .clone(),
        None => Rc::new(PyStr::new(name)),
    })
}

/// Register a method on a builtin type (receiver is `args[0]`).
pub fn add_method(cls: &Class, owner: &'static str, name: &'static str, func: NativeFn) {
    cls.dict()
        .set_str(name_key(name), native(name, owner, func));
}

/// Register a read-only property on a builtin type, its getter a native receiving the
/// instance as `args[0]`.
pub fn add_getter(cls: &Class, owner: &'static str, name: &'static str, getter: NativeFn) {
    cls.dict().set_str(
        name_key(name),
        Value::Property(Rc::new(rupy_objects::Property {
            fget: native(name, owner, getter),
            fset: Value::None,
            fdel: Value::None,
            doc: Value::None,
            name: std::cell::RefCell::new(Value::str(name)),
        })),
    );
}

/// Register a classmethod-style native on a type (receives the class as `args[0]`).
pub fn add_classmethod(cls: &Class, owner: &'static str, name: &'static str, func: NativeFn) {
    cls.dict().set_str(
        name_key(name),
        Value::Native(Rc::new(NativeFunction {
            name,
            func,
            bound: None,
            owner,
            is_classmethod: true,
        })),
    );
}

/// Register a plain function in a namespace (module dict or builtins).
pub fn add_fn(d: &PyDict, name: &'static str, func: NativeFn) {
    d.set_str(name_key(name), native(name, "", func));
}

/// The receiver of a method call, with a TypeError if missing.
pub fn recv<'a>(vm: &mut Vm, fname: &str, args: &'a [Value]) -> PyResult<&'a Value> {
    args.first()
        .ok_or_else(|| vm.type_error(format!("descriptor '{}' needs an argument", fname)))
}

/// Docstrings and modules of natives, keyed by (name, function address): `NativeFunction`
/// has no doc or module field, and only the modules that must show CPython's docstrings (and
/// `__module__`) register them.
#[derive(Default)]
pub struct NativeDocs(std::cell::RefCell<rustc_hash::FxHashMap<NativeKey, (&'static str, Value)>>);

/// A native's name and function address.
type NativeKey = (&'static str, usize);

/// Register a plain function of a module namespace with a docstring (`f.__doc__`); its
/// `__module__` is the namespace's `__name__`.
pub fn add_fn_doc(vm: &Vm, d: &PyDict, name: &'static str, doc: &'static str, func: NativeFn) {
    add_fn(d, name, func);
    let module = d.get_s("__name__").unwrap_or(Value::None);
    vm.shared_state::<NativeDocs>()
        .0
        .borrow_mut()
        .insert((name, func as usize), (doc, module));
}

/// The docstring registered for a native, if any.
pub fn native_doc(vm: &Vm, n: &NativeFunction) -> Option<&'static str> {
    vm.shared_state::<NativeDocs>()
        .0
        .borrow()
        .get(&(n.name, n.func as usize))
        .map(|e| e.0)
}

/// The module registered for a native, if any.
pub fn native_module(vm: &Vm, n: &NativeFunction) -> Option<Value> {
    vm.shared_state::<NativeDocs>()
        .0
        .borrow()
        .get(&(n.name, n.func as usize))
        .map(|e| e.1.clone())
}
