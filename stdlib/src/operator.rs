//! `_operator`, the native half of `Lib/operator.py`: every operator function (with CPython's
//! docstrings and argument errors), `itemgetter`, `attrgetter` and `methodcaller` as native
//! classes (`operator.itemgetter(...)` reprs, `__reduce__`), `length_hint`, `call` and
//! `_compare_digest`. `Lib/operator.py` adds the `__dunder__` aliases after importing these.
//!
//! The getter objects are immutable `Opaque`s: their state is fixed at construction, so a call
//! never holds a borrow while Python code runs.
//!
//! Known differences: the getter objects are not tracked by the cycle collector (a cycle through an itemgetter's
//! items or a methodcaller's arguments is not collected).

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn_doc, add_method, no_kwargs};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::code::{BinOp, CmpOp, UnOp};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Opaque, PyDict, PyResult, PyStr, Value, Vm};

/// `fname expected N arguments, got M` (CPython's fast-call positional check).
fn exact(vm: &mut Vm, fname: &str, args: &[Value], kw: &KwArgs, n: usize) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("_operator.{}() takes no keyword arguments", fname)));
    }
    if args.len() != n {
        return Err(vm.type_error(if n == 1 {
            format!(
                "_operator.{}() takes exactly one argument ({} given)",
                fname,
                args.len()
            )
        } else {
            format!("{} expected {} arguments, got {}", fname, n, args.len())
        }));
    }
    Ok(())
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    // `Lib/operator.py` re-exports this as its own docstring.
    d.set_s(
        "__doc__",
        Value::str("Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  The function names are those\nused for special methods; variants without leading and trailing\n'__' are also provided for convenience."),
    );
    macro_rules! binary {
        ($($name:literal, $op:expr, $doc:literal;)*) => {$(
            add_fn_doc(vm, d, $name, $doc, |vm, a, kw| {
                exact(vm, $name, a, kw, 2)?;
                ops::arith::binary(vm, $op, &a[0], &a[1])
            });
        )*};
    }
    binary! {
        "add", BinOp::Add, "Same as a + b.";
        "sub", BinOp::Sub, "Same as a - b.";
        "mul", BinOp::Mul, "Same as a * b.";
        "matmul", BinOp::MatMul, "Same as a @ b.";
        "truediv", BinOp::TrueDiv, "Same as a / b.";
        "floordiv", BinOp::FloorDiv, "Same as a // b.";
        "mod", BinOp::Mod, "Same as a % b.";
        "pow", BinOp::Pow, "Same as a ** b.";
        "lshift", BinOp::LShift, "Same as a << b.";
        "rshift", BinOp::RShift, "Same as a >> b.";
        "and_", BinOp::And, "Same as a & b.";
        "or_", BinOp::Or, "Same as a | b.";
        "xor", BinOp::Xor, "Same as a ^ b.";
    }
    macro_rules! inplace {
        ($($name:literal, $op:expr, $doc:literal;)*) => {$(
            add_fn_doc(vm, d, $name, $doc, |vm, a, kw| {
                exact(vm, $name, a, kw, 2)?;
                ops::arith::inplace(vm, $op, &a[0], &a[1])
            });
        )*};
    }
    inplace! {
        "iadd", BinOp::Add, "Same as a += b.";
        "isub", BinOp::Sub, "Same as a -= b.";
        "imul", BinOp::Mul, "Same as a *= b.";
        "imatmul", BinOp::MatMul, "Same as a @= b.";
        "itruediv", BinOp::TrueDiv, "Same as a /= b.";
        "ifloordiv", BinOp::FloorDiv, "Same as a //= b.";
        "imod", BinOp::Mod, "Same as a %= b.";
        "ipow", BinOp::Pow, "Same as a **= b.";
        "ilshift", BinOp::LShift, "Same as a <<= b.";
        "irshift", BinOp::RShift, "Same as a >>= b.";
        "iand", BinOp::And, "Same as a &= b.";
        "ior", BinOp::Or, "Same as a |= b.";
        "ixor", BinOp::Xor, "Same as a ^= b.";
    }
    macro_rules! compare {
        ($($name:literal, $op:expr, $doc:literal;)*) => {$(
            add_fn_doc(vm, d, $name, $doc, |vm, a, kw| {
                exact(vm, $name, a, kw, 2)?;
                ops::compare::compare(vm, $op, &a[0], &a[1])
            });
        )*};
    }
    compare! {
        "lt", CmpOp::Lt, "Same as a < b.";
        "le", CmpOp::Le, "Same as a <= b.";
        "eq", CmpOp::Eq, "Same as a == b.";
        "ne", CmpOp::Ne, "Same as a != b.";
        "gt", CmpOp::Gt, "Same as a > b.";
        "ge", CmpOp::Ge, "Same as a >= b.";
    }
    macro_rules! unary {
        ($($name:literal, $op:expr, $doc:literal;)*) => {$(
            add_fn_doc(vm, d, $name, $doc, |vm, a, kw| {
                exact(vm, $name, a, kw, 1)?;
                ops::arith::unary(vm, $op, &a[0])
            });
        )*};
    }
    unary! {
        "neg", UnOp::Neg, "Same as -a.";
        "pos", UnOp::Pos, "Same as +a.";
        "inv", UnOp::Invert, "Same as ~a.";
        "invert", UnOp::Invert, "Same as ~a.";
    }
    add_fn_doc(vm, d, "not_", "Same as not a.", |vm, a, kw| {
        exact(vm, "not_", a, kw, 1)?;
        Ok(Value::bool(!ops::truthy(vm, &a[0])?))
    });
    add_fn_doc(
        vm,
        d,
        "truth",
        "Return True if a is true, False otherwise.",
        |vm, a, kw| {
            exact(vm, "truth", a, kw, 1)?;
            Ok(Value::bool(ops::truthy(vm, &a[0])?))
        },
    );
    add_fn_doc(vm, d, "is_", "Same as a is b.", |vm, a, kw| {
        exact(vm, "is_", a, kw, 2)?;
        Ok(Value::bool(a[0].is(&a[1])))
    });
    add_fn_doc(vm, d, "is_not", "Same as a is not b.", |vm, a, kw| {
        exact(vm, "is_not", a, kw, 2)?;
        Ok(Value::bool(!a[0].is(&a[1])))
    });
    add_fn_doc(vm, d, "is_none", "Same as a is None.", |vm, a, kw| {
        exact(vm, "is_none", a, kw, 1)?;
        Ok(Value::bool(matches!(a[0], Value::None)))
    });
    add_fn_doc(
        vm,
        d,
        "is_not_none",
        "Same as a is not None.",
        |vm, a, kw| {
            exact(vm, "is_not_none", a, kw, 1)?;
            Ok(Value::bool(!matches!(a[0], Value::None)))
        },
    );
    add_fn_doc(vm, d, "abs", "Same as abs(a).", |vm, a, kw| {
        exact(vm, "abs", a, kw, 1)?;
        let f = vm
            .builtins
            .get_s("abs")
            .ok_or_else(|| vm.err(ExcKind::RuntimeError, "builtins.abs is missing"))?;
        call_value(vm, &f, &a[..1], &[])
    });
    add_fn_doc(vm, d, "index", "Same as a.__index__()", |vm, a, kw| {
        exact(vm, "index", a, kw, 1)?;
        ops::to_index(vm, &a[0])
    });
    add_fn_doc(
        vm,
        d,
        "concat",
        "Same as a + b, for a and b sequences.",
        |vm, a, kw| {
            exact(vm, "concat", a, kw, 2)?;
            check_sequence(vm, &a[0])?;
            ops::arith::binary(vm, BinOp::Add, &a[0], &a[1])
        },
    );
    add_fn_doc(
        vm,
        d,
        "iconcat",
        "Same as a += b, for a and b sequences.",
        |vm, a, kw| {
            exact(vm, "iconcat", a, kw, 2)?;
            check_sequence(vm, &a[0])?;
            ops::arith::inplace(vm, BinOp::Add, &a[0], &a[1])
        },
    );
    add_fn_doc(
        vm,
        d,
        "contains",
        "Same as b in a (note reversed operands).",
        |vm, a, kw| {
            exact(vm, "contains", a, kw, 2)?;
            Ok(Value::bool(ops::compare::contains(vm, &a[0], &a[1])?))
        },
    );
    add_fn_doc(
        vm,
        d,
        "countOf",
        "Return the number of items in a which are, or which equal, b.",
        |vm, a, kw| {
            exact(vm, "countOf", a, kw, 2)?;
            let mut n = 0i64;
            scan(vm, &a[0], &a[1], |_| {
                n += 1;
                false
            })?;
            Ok(Value::Int(n))
        },
    );
    add_fn_doc(
        vm,
        d,
        "indexOf",
        "Return the first index of b in a.",
        |vm, a, kw| {
            exact(vm, "indexOf", a, kw, 2)?;
            let mut found = None;
            scan(vm, &a[0], &a[1], |i| {
                found = Some(i);
                true
            })?;
            match found {
                Some(i) => Ok(Value::Int(i)),
                None => Err(vm.value_error("sequence.index(x): x not in sequence")),
            }
        },
    );
    add_fn_doc(vm, d, "getitem", "Same as a[b].", |vm, a, kw| {
        exact(vm, "getitem", a, kw, 2)?;
        ops::subscr::getitem(vm, &a[0], &a[1])
    });
    add_fn_doc(vm, d, "setitem", "Same as a[b] = c.", |vm, a, kw| {
        exact(vm, "setitem", a, kw, 3)?;
        ops::subscr::setitem(vm, &a[0], &a[1], a[2].clone())?;
        Ok(Value::None)
    });
    add_fn_doc(vm, d, "delitem", "Same as del a[b].", |vm, a, kw| {
        exact(vm, "delitem", a, kw, 2)?;
        ops::subscr::delitem(vm, &a[0], &a[1])?;
        Ok(Value::None)
    });
    add_fn_doc(
        vm,
        d,
        "call",
        "Same as obj(*args, **kwargs).",
        |vm, a, kw| {
            if a.is_empty() {
                return Err(vm.type_error("call expected at least 1 argument, got 0"));
            }
            call_value(vm, &a[0], &a[1..], kw)
        },
    );
    add_fn_doc(
        vm,
        d,
        "length_hint",
        "Return an estimate of the number of items in obj.\n\nThis is useful for presizing containers when building from an iterable.\n\nIf the object supports len(), the result will be exact.\nOtherwise, it may over- or under-estimate by an arbitrary amount.\nThe result will be an integer >= 0.",
        length_hint,
    );
    add_fn_doc(
        vm,
        d,
        "_compare_digest",
        "Return 'a == b'.\n\nThis function uses an approach designed to prevent\ntiming analysis, making it appropriate for cryptography.\n\na and b must both be of the same type: either str (ASCII only),\nor any bytes-like object.\n\nNote: If a and b are of different lengths, or if an error occurs,\na timing attack could theoretically reveal information about the\ntypes and lengths of a and b--but not their values.",
        crate::hashes::compare_digest,
    );
    let t = types(vm);
    d.set_s("itemgetter", Value::Class(t.item));
    d.set_s("attrgetter", Value::Class(t.attr));
    d.set_s("methodcaller", Value::Class(t.method));
    Ok(())
}

/// `concat`/`iconcat` accept only sequences (objects with `__getitem__` that are not
/// mappings), as CPython's `sq_concat` check does.
fn check_sequence(vm: &mut Vm, a: &Value) -> PyResult<()> {
    let is_seq = !matches!(a, Value::Dict(_))
        && (matches!(
            a,
            Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Bytes(_)
                | Value::ByteArray(_)
        ) || ops::lookup_special(vm, a, "__getitem__").is_some());
    if is_seq {
        Ok(())
    } else {
        let t = ops::type_name(vm, a);
        Err(vm.type_error(format!("'{}' object can't be concatenated", t)))
    }
}

/// Walk `seq`, calling `hit(index)` for each item that is (or equals) `x`; stop when `hit`
/// returns true.
fn scan(vm: &mut Vm, seq: &Value, x: &Value, mut hit: impl FnMut(i64) -> bool) -> PyResult<()> {
    let it = match ops::iter::get_iter(vm, seq) {
        Ok(it) => it,
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) => {
            let t = ops::type_name(vm, seq);
            return Err(vm.type_error(format!("argument of type '{}' is not iterable", t)));
        }
        Err(e) => return Err(e),
    };
    let mut i = 0i64;
    while let Some(item) = ops::iter::next(vm, &it)? {
        if (item.is(x) || ops::compare::eq(vm, &item, x)?) && hit(i) {
            break;
        }
        i += 1;
        if i % 4096 == 0 {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
    Ok(())
}

fn length_hint(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "length_hint", kw)?;
    if args.is_empty() || args.len() > 2 {
        return Err(vm.type_error(if args.is_empty() {
            "length_hint expected at least 1 argument, got 0".to_string()
        } else {
            format!(
                "length_hint expected at most 2 arguments, got {}",
                args.len()
            )
        }));
    }
    let default = match args.get(1) {
        Some(v) => rupy_interp::types::str::ssize_arg(vm, v)?,
        None => 0,
    };
    let obj = &args[0];
    match ops::iter::len(vm, obj) {
        Ok(n) => return Ok(Value::Int(n as i64)),
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) => {}
        Err(e) => return Err(e),
    }
    let Some(r) = ops::call_special(vm, obj, "__length_hint__", &[])? else {
        return Ok(Value::Int(default));
    };
    let n = match r {
        Value::NotImplemented => return Ok(Value::Int(default)),
        Value::Int(n) => n,
        Value::Bool(b) => b as i64,
        Value::BigInt(_) => {
            return Err(vm.err(
                ExcKind::OverflowError,
                "cannot fit 'int' into an index-sized integer",
            ));
        }
        other => {
            let t = ops::type_name(vm, &other);
            return Err(vm.type_error(format!("__length_hint__ must be an integer, not {}", t)));
        }
    };
    if n < 0 {
        return Err(vm.value_error("__length_hint__() should return >= 0"));
    }
    Ok(Value::Int(n))
}

// ---- itemgetter, attrgetter, methodcaller ----

#[derive(Clone)]
struct Types {
    item: Rc<Class>,
    attr: Rc<Class>,
    method: Rc<Class>,
}

#[derive(Default)]
struct TypeCache(RefCell<Option<Types>>);

struct ItemGetter {
    items: Vec<Value>,
}

struct AttrGetter {
    /// The names as given (for repr and reduce).
    names: Vec<Value>,
    /// Each name split at its dots.
    paths: Vec<Vec<Rc<PyStr>>>,
}

struct MethodCaller {
    name: Rc<PyStr>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<PyStr>, Value)>,
}

fn types(vm: &mut Vm) -> Types {
    let st = vm.shared_state::<TypeCache>();
    if let Some(t) = st.0.borrow().clone() {
        return t;
    }
    let item = rupy_objects::vm::derived("itemgetter", &vm.object);
    add_method(&item, "itemgetter", "__new__", item_new);
    add_method(&item, "itemgetter", "__call__", item_call);
    add_method(&item, "itemgetter", "__repr__", item_repr);
    add_method(&item, "itemgetter", "__reduce__", item_reduce);
    let attr = rupy_objects::vm::derived("attrgetter", &vm.object);
    add_method(&attr, "attrgetter", "__new__", attr_new);
    add_method(&attr, "attrgetter", "__call__", attr_call);
    add_method(&attr, "attrgetter", "__repr__", attr_repr);
    add_method(&attr, "attrgetter", "__reduce__", attr_reduce);
    let method = rupy_objects::vm::derived("methodcaller", &vm.object);
    add_method(&method, "methodcaller", "__new__", method_new);
    add_method(&method, "methodcaller", "__call__", method_call);
    add_method(&method, "methodcaller", "__repr__", method_repr);
    add_method(&method, "methodcaller", "__reduce__", method_reduce);
    for c in [&item, &attr, &method] {
        c.dict().set_s("__module__", Value::str("operator"));
    }
    let t = Types { item, attr, method };
    *st.0.borrow_mut() = Some(t.clone());
    t
}

fn new_obj<T: 'static>(class: Rc<Class>, data: T) -> Value {
    Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(data)),
    }))
}

/// Run `f` on the state of a getter object; the state is immutable, so `f` gets a clone of
/// what it needs and the borrow ends before any Python code runs.
fn state<T: 'static, R>(
    vm: &mut Vm,
    args: &[Value],
    what: &str,
    f: impl FnOnce(&T) -> R,
) -> PyResult<R> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Some(d) = o.data.borrow().downcast_ref::<T>()
    {
        return Ok(f(d));
    }
    Err(vm.type_error(format!("descriptor requires a 'operator.{}' object", what)))
}

/// The single positional argument of a getter's `__call__`.
fn call_arg<'a>(vm: &mut Vm, what: &str, args: &'a [Value], kw: &KwArgs) -> PyResult<&'a Value> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("{}() takes no keyword arguments", what)));
    }
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "{} expected 1 argument, got {}",
            what,
            args.len().saturating_sub(1)
        )));
    }
    Ok(&args[1])
}

fn reprs(vm: &mut Vm, vals: &[Value]) -> PyResult<Vec<String>> {
    vals.iter().map(|v| ops::repr_string(vm, v)).collect()
}

fn item_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error("itemgetter() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(vm.type_error("itemgetter expected 1 argument, got 0"));
    }
    let cls = types(vm).item;
    Ok(new_obj(
        cls,
        ItemGetter {
            items: args[1..].to_vec(),
        },
    ))
}

fn item_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let items = state(vm, args, "itemgetter", |g: &ItemGetter| g.items.clone())?;
    let obj = call_arg(vm, "itemgetter", args, kw)?;
    if let [one] = items.as_slice() {
        return ops::subscr::getitem(vm, obj, one);
    }
    let mut out = Vec::with_capacity(items.len());
    for i in &items {
        out.push(ops::subscr::getitem(vm, obj, i)?);
    }
    Ok(Value::tuple(out))
}

fn item_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let items = state(vm, args, "itemgetter", |g: &ItemGetter| g.items.clone())?;
    let r = reprs(vm, &items)?;
    Ok(Value::string(format!(
        "operator.itemgetter({})",
        r.join(", ")
    )))
}

fn item_reduce(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let items = state(vm, args, "itemgetter", |g: &ItemGetter| g.items.clone())?;
    let cls = types(vm).item;
    Ok(Value::tuple(vec![Value::Class(cls), Value::tuple(items)]))
}

fn attr_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error("attrgetter() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(vm.type_error("attrgetter expected 1 argument, got 0"));
    }
    let mut paths = Vec::with_capacity(args.len() - 1);
    for a in &args[1..] {
        let Value::Str(s) = a else {
            return Err(vm.type_error("attribute name must be a string"));
        };
        paths.push(s.as_str().split('.').map(|p| vm.intern(p)).collect());
    }
    let cls = types(vm).attr;
    Ok(new_obj(
        cls,
        AttrGetter {
            names: args[1..].to_vec(),
            paths,
        },
    ))
}

fn attr_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let paths = state(vm, args, "attrgetter", |g: &AttrGetter| g.paths.clone())?;
    let obj = call_arg(vm, "attrgetter", args, kw)?;
    let mut out = Vec::with_capacity(paths.len());
    for path in &paths {
        let mut v = obj.clone();
        for name in path {
            v = ops::getattr(vm, &v, name)?;
        }
        out.push(v);
    }
    if out.len() == 1 {
        return Ok(out.pop().unwrap_or(Value::None));
    }
    Ok(Value::tuple(out))
}

fn attr_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let names = state(vm, args, "attrgetter", |g: &AttrGetter| g.names.clone())?;
    let r = reprs(vm, &names)?;
    Ok(Value::string(format!(
        "operator.attrgetter({})",
        r.join(", ")
    )))
}

fn attr_reduce(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let names = state(vm, args, "attrgetter", |g: &AttrGetter| g.names.clone())?;
    let cls = types(vm).attr;
    Ok(Value::tuple(vec![Value::Class(cls), Value::tuple(names)]))
}

fn method_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(name) = args.get(1) else {
        return Err(vm.type_error("methodcaller needs at least one argument, the method name"));
    };
    let Value::Str(name) = name else {
        return Err(vm.type_error("method name must be a string"));
    };
    let name = vm.intern(name.as_str());
    let cls = types(vm).method;
    Ok(new_obj(
        cls,
        MethodCaller {
            name,
            args: args[2..].to_vec(),
            kwargs: kw.to_vec(),
        },
    ))
}

/// A methodcaller's name, positional arguments and keyword arguments.
type MethodParts = (Rc<PyStr>, Vec<Value>, Vec<(Rc<PyStr>, Value)>);

fn method_parts(vm: &mut Vm, args: &[Value]) -> PyResult<MethodParts> {
    state(vm, args, "methodcaller", |m: &MethodCaller| {
        (m.name.clone(), m.args.clone(), m.kwargs.clone())
    })
}

fn method_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (name, margs, mkw) = method_parts(vm, args)?;
    let obj = call_arg(vm, "methodcaller", args, kw)?;
    let f = ops::getattr(vm, obj, &name)?;
    call_value(vm, &f, &margs, &mkw)
}

fn method_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (name, margs, mkw) = method_parts(vm, args)?;
    let mut parts = vec![ops::repr_string(vm, &Value::Str(name))?];
    parts.extend(reprs(vm, &margs)?);
    for (k, v) in &mkw {
        let r = ops::repr_string(vm, v)?;
        parts.push(format!("{}={}", k.as_str(), r));
    }
    Ok(Value::string(format!(
        "operator.methodcaller({})",
        parts.join(", ")
    )))
}

fn method_reduce(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (name, margs, mkw) = method_parts(vm, args)?;
    let cls = Value::Class(types(vm).method);
    if mkw.is_empty() {
        let mut all = vec![Value::Str(name)];
        all.extend(margs);
        return Ok(Value::tuple(vec![cls, Value::tuple(all)]));
    }
    let (_, functools) = rupy_interp::import::import_module(vm, "functools")?;
    let pname = vm.intern("partial");
    let partial = ops::getattr(vm, &functools, &pname)?;
    let p = call_value(vm, &partial, &[cls, Value::Str(name)], &mkw)?;
    Ok(Value::tuple(vec![p, Value::tuple(margs)]))
}
