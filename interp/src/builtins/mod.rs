//! The `builtins` module: the builtin functions, the builtin type and exception names, and
//! the constants. Functions that need the calling frame (`globals()`, `locals()`, `vars()`,
//! `dir()`, `eval`/`exec` defaults, zero-argument `super()`) are registered with the owner
//! `FRAME_OWNER`; the eval loop records the frame context before calling them.

pub mod args;
pub mod io;
mod numeric;

use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::{IterState, PySlice};
use rupy_objects::{Class, KwArgs, NativeFunction, PyDict, PyResult, Truth, Value, Vm};

use crate::call::call_value;
use crate::ops;
use args::{add_fn, add_method, arity, bind};

/// Owner marker of natives that need the caller's frame context.
pub const FRAME_OWNER: &str = "<frame>";

/// What frame-aware natives see of their caller.
#[derive(Default)]
pub struct FrameCtx {
    pub globals: Option<Rc<PyDict>>,
    pub locals: Option<Value>,
    /// (`__class__` cell contents, first argument) for zero-argument `super()`.
    pub super_args: Option<(Value, Value)>,
}

fn add_frame_fn(d: &PyDict, name: &'static str, func: rupy_objects::NativeFn) {
    d.set_s(
        name,
        Value::Native(Rc::new(NativeFunction {
            name,
            func,
            bound: None,
            owner: FRAME_OWNER,
            is_classmethod: false,
        })),
    );
}

pub fn init(vm: &mut Vm) {
    let _names = args::NameScope::new();
    // Entries of types whose other methods are filled lazily: added before `types::init`
    // registers the fillers (an entry added later would fill the dict at once).
    // Constructors of the iterator-ish builtin types.
    add_method(&vm.types.slice.clone(), "slice", "__new__", slice_new);
    add_method(&vm.types.slice.clone(), "slice", "indices", slice_indices_m);
    add_method(&vm.types.slice.clone(), "slice", "__reduce__", slice_reduce);
    add_method(
        &vm.types.enumerate.clone(),
        "enumerate",
        "__new__",
        enumerate_new,
    );
    crate::types::generic_alias::add_class_getitem(&vm.types.enumerate);
    add_method(&vm.types.zip.clone(), "zip", "__new__", zip_new);
    add_method(&vm.types.map.clone(), "map", "__new__", map_new);
    add_method(&vm.types.filter.clone(), "filter", "__new__", filter_new);
    add_method(
        &vm.types.reversed.clone(),
        "reversed",
        "__new__",
        reversed_new,
    );
    add_method(&vm.types.bool_.clone(), "bool", "__new__", bool_new);
    add_method(
        &vm.types.none.clone(),
        "NoneType",
        "__new__",
        |_vm, _a, _k| Ok(Value::None),
    );
    add_method(
        &vm.types.notimpl.clone(),
        "NotImplementedType",
        "__new__",
        |_vm, _a, _k| Ok(Value::NotImplemented),
    );
    add_method(
        &vm.types.ellipsis.clone(),
        "ellipsis",
        "__new__",
        |_vm, _a, _k| Ok(Value::Ellipsis),
    );
    // super() is frame-aware: registered as a native under the name `super` that the class
    // `super` also answers to.
    let super_cls = vm.types.super_.clone();
    super_cls.dict().set_s(
        "__new__",
        Value::Native(Rc::new(NativeFunction {
            name: "__new__",
            func: super_new,
            bound: None,
            owner: FRAME_OWNER,
            is_classmethod: false,
        })),
    );

    crate::types::init(vm);
    let b = vm.builtins.clone();
    add_fn(&b, "print", builtin_print);
    add_fn(&b, "len", builtin_len);
    add_fn(&b, "repr", builtin_repr);
    add_fn(&b, "ascii", builtin_ascii);
    add_fn(&b, "abs", builtin_abs);
    add_fn(&b, "min", builtin_min);
    add_fn(&b, "max", builtin_max);
    add_fn(&b, "sum", builtin_sum);
    add_fn(&b, "sorted", builtin_sorted);
    add_fn(&b, "any", builtin_any);
    add_fn(&b, "all", builtin_all);
    add_fn(&b, "iter", builtin_iter);
    add_fn(&b, "next", builtin_next);
    add_fn(&b, "hash", builtin_hash);
    add_fn(&b, "id", builtin_id);
    add_fn(&b, "ord", builtin_ord);
    add_fn(&b, "chr", builtin_chr);
    add_fn(&b, "hex", numeric::builtin_hex);
    add_fn(&b, "oct", numeric::builtin_oct);
    add_fn(&b, "bin", numeric::builtin_bin);
    add_fn(&b, "divmod", numeric::builtin_divmod);
    add_fn(&b, "pow", numeric::builtin_pow);
    add_fn(&b, "round", numeric::builtin_round);
    add_fn(&b, "getattr", builtin_getattr);
    add_fn(&b, "setattr", builtin_setattr);
    add_fn(&b, "hasattr", builtin_hasattr);
    add_fn(&b, "delattr", builtin_delattr);
    add_fn(&b, "callable", builtin_callable);
    add_fn(&b, "format", builtin_format);
    add_fn(&b, "isinstance", builtin_isinstance);
    add_fn(&b, "issubclass", builtin_issubclass);
    add_fn(&b, "input", io::builtin_input);
    add_fn(&b, "open", io::builtin_open);
    add_fn(&b, "__build_class__", crate::types::class::build_class);
    add_fn(&b, "__import__", crate::import::builtin_import);
    add_fn(&b, "compile", crate::run::builtin_compile);
    add_frame_fn(&b, "globals", builtin_globals);
    add_frame_fn(&b, "locals", builtin_locals);
    add_frame_fn(&b, "vars", builtin_vars);
    add_frame_fn(&b, "dir", builtin_dir);
    add_frame_fn(&b, "exec", crate::run::builtin_exec);
    add_frame_fn(&b, "eval", crate::run::builtin_eval);

    let names: Vec<(&str, Rc<Class>)> = {
        let t = &vm.types;
        vec![
            ("object", vm.object.clone()),
            ("type", t.type_.clone()),
            ("int", t.int.clone()),
            ("bool", t.bool_.clone()),
            ("float", t.float.clone()),
            ("complex", t.complex.clone()),
            ("str", t.str.clone()),
            ("bytes", t.bytes.clone()),
            ("bytearray", t.bytearray.clone()),
            ("list", t.list.clone()),
            ("tuple", t.tuple.clone()),
            ("dict", t.dict.clone()),
            ("set", t.set.clone()),
            ("frozenset", t.frozenset.clone()),
            ("range", t.range.clone()),
            ("slice", t.slice.clone()),
            ("enumerate", t.enumerate.clone()),
            ("zip", t.zip.clone()),
            ("map", t.map.clone()),
            ("filter", t.filter.clone()),
            ("reversed", t.reversed.clone()),
            ("property", t.property.clone()),
            ("staticmethod", t.staticmethod.clone()),
            ("classmethod", t.classmethod.clone()),
            ("super", t.super_.clone()),
        ]
    };
    for (n, c) in names {
        b.set_s(n, Value::Class(c));
    }
    for (i, (name, _)) in rupy_objects::exc_kinds::EXC_TABLE.iter().enumerate() {
        b.set_s(name, Value::Class(vm.excs[i].clone()));
    }
    b.set_s("EnvironmentError", Value::Class(vm.exc(ExcKind::OSError)));
    b.set_s("IOError", Value::Class(vm.exc(ExcKind::OSError)));
    b.set_s("None", Value::None);
    b.set_s("True", Value::Bool(Truth::True));
    b.set_s("False", Value::Bool(Truth::False));
    b.set_s("NotImplemented", Value::NotImplemented);
    b.set_s("Ellipsis", Value::Ellipsis);
    b.set_s("__debug__", Value::Bool(Truth::True));
    b.set_s("__name__", Value::str("builtins"));
    io::init(vm);
    // The builtin types built so far are complete: their dicts stop growing (each interpreter
    // has its own). Dicts still to be filled shrink when filled.
    for c in vm
        .types
        .all()
        .iter()
        .chain(vm.excs.iter())
        .chain(std::iter::once(&vm.object))
    {
        c.dict_unfilled().shrink_to_fit();
    }
    vm.builtins.shrink_to_fit();
}

/// Record the caller's frame for a frame-aware native.
pub fn set_frame_ctx(vm: &mut Vm, f: &rupy_objects::frame::Frame) {
    let locals = match &f.locals_dict {
        Some(d) => Value::Dict(d.clone()),
        None => {
            let d = PyDict::new();
            for (i, n) in f.func.code.varnames.iter().enumerate() {
                if let Some(v) = f.stack.get(i)
                    && !matches!(v, Value::Unbound)
                {
                    d.set_s(n, v.clone());
                }
            }
            for (i, n) in f
                .func
                .code
                .cellvars
                .iter()
                .chain(f.func.code.freevars.iter())
                .enumerate()
            {
                if let Some(c) = f.cells.get(i) {
                    let v = c.borrow().clone();
                    if !matches!(v, Value::Unbound) {
                        d.set_s(n, v);
                    }
                }
            }
            Value::new_dict(d)
        }
    };
    let super_args = {
        let ncell = f.func.code.cellvars.len();
        let class_cell = f
            .func
            .code
            .freevars
            .iter()
            .position(|n| &**n == "__class__")
            .map(|i| f.cells[ncell + i].borrow().clone());
        let first = if f.func.code.argcount > 0 || f.func.code.flags.varargs {
            match f.stack.first() {
                Some(v) if !matches!(v, Value::Unbound) && f.nlocals() > 0 => Some(v.clone()),
                _ => {
                    // First argument moved into a cell.
                    f.func
                        .code
                        .cell_params
                        .iter()
                        .find(|(_, p)| *p == 0)
                        .map(|(c, _)| f.cells[*c as usize].borrow().clone())
                }
            }
        } else {
            None
        };
        match (class_cell, first) {
            (Some(c), Some(a)) => Some((c, a)),
            _ => None,
        }
    };
    let ctx = vm.ext_state::<FrameCtx>();
    ctx.globals = Some(f.globals().clone());
    ctx.locals = Some(locals);
    ctx.super_args = super_args;
}

fn take_ctx(vm: &mut Vm) -> FrameCtx {
    std::mem::take(vm.ext_state::<FrameCtx>())
}

/// Write text to `sys.stdout` (our buffered stdout unless replaced).
pub fn write_stdout(vm: &mut Vm, s: &str) -> PyResult<()> {
    let target = vm.sys_dict.as_ref().and_then(|d| d.get_s("stdout"));
    io::write_to(vm, target, s, false)
}

pub fn write_stderr(vm: &mut Vm, s: &str) {
    let target = vm.sys_dict.as_ref().and_then(|d| d.get_s("stderr"));
    if io::write_to(vm, target, s, true).is_err() {
        let _ = vm
            .shared
            .stderr
            .write(s.as_bytes())
            .and_then(|_| vm.shared.stderr.take().finish());
    }
}

fn builtin_print(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let mut sep = None;
    let mut end = None;
    let mut file = None;
    let mut flush = false;
    for (k, v) in kw {
        match k.as_str() {
            "sep" => sep = Some(v.clone()),
            "end" => end = Some(v.clone()),
            "file" => file = Some(v.clone()),
            "flush" => flush = ops::truthy(vm, v)?,
            other => {
                return Err(vm.type_error(format!(
                    "print() got an unexpected keyword argument '{}'",
                    other
                )));
            }
        }
    }
    let sep_s = match &sep {
        None | Some(Value::None) => " ".to_owned(),
        Some(Value::Str(s)) => s.as_str().to_owned(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "sep must be None or a string, not {}",
                ops::type_name(vm, v)
            )));
        }
    };
    let end_s = match &end {
        None | Some(Value::None) => "\n".to_owned(),
        Some(Value::Str(s)) => s.as_str().to_owned(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "end must be None or a string, not {}",
                ops::type_name(vm, v)
            )));
        }
    };
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep_s);
        }
        match a {
            Value::Str(s) => out.push_str(s.as_str()),
            Value::Int(n) => out.push_str(&n.to_string()),
            _ => out.push_str(ops::to_str(vm, a)?.as_str()),
        }
    }
    out.push_str(&end_s);
    let target = match file {
        None | Some(Value::None) => vm.sys_dict.as_ref().and_then(|d| d.get_s("stdout")),
        Some(f) => Some(f),
    };
    if io::is_native_file(&target) {
        io::write_to(vm, target.clone(), &out, false)?;
    } else {
        // A Python-level file object sees one write() per piece, as in CPython.
        let t = target.clone();
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                io::write_to(vm, t.clone(), &sep_s, false)?;
            }
            let s = ops::str_string(vm, a)?;
            io::write_to(vm, t.clone(), &s, false)?;
        }
        io::write_to(vm, t, &end_s, false)?;
    }
    if flush {
        io::flush_target(vm, target)?;
    }
    Ok(Value::None)
}

fn builtin_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "len", args, 1, 1)?;
    Ok(Value::Int(ops::len(vm, &args[0])? as i64))
}

fn builtin_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "repr", args, 1, 1)?;
    Ok(Value::Str(ops::repr(vm, &args[0])?))
}

fn builtin_ascii(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "ascii", args, 1, 1)?;
    let r = ops::repr_string(vm, &args[0])?;
    Ok(Value::string(crate::types::str::ascii_of(&r)))
}

fn builtin_abs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "abs", args, 1, 1)?;
    Ok(match &args[0] {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::from_bigint(num_bigint::BigInt::from(*i).magnitude().clone().into()),
        },
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Float(f) => Value::float(f.get().abs()),
        Value::BigInt(b) => Value::from_bigint(num_traits::Signed::abs(&**b)),
        Value::Complex(c) => Value::float(c.0.hypot(c.1)),
        v => match ops::call_special(vm, v, "__abs__", &[])? {
            Some(r) => r,
            None => {
                return Err(vm.type_error(format!(
                    "bad operand type for abs(): '{}'",
                    ops::type_name(vm, v)
                )));
            }
        },
    })
}

fn min_max(vm: &mut Vm, args: &[Value], kw: &KwArgs, is_max: bool) -> PyResult<Value> {
    let name = if is_max { "max" } else { "min" };
    let mut key = None;
    let mut default = None;
    for (k, v) in kw {
        match k.as_str() {
            "key" => key = if v.is_none() { None } else { Some(v.clone()) },
            "default" => default = Some(v.clone()),
            other => {
                return Err(vm.type_error(format!(
                    "{}() got an unexpected keyword argument '{}'",
                    name, other
                )));
            }
        }
    }
    let items = match args.len() {
        0 => return Err(vm.type_error(format!("{} expected at least 1 argument, got 0", name))),
        1 => ops::collect(vm, &args[0])?,
        _ => {
            if default.is_some() {
                return Err(vm.type_error(format!(
                    "Cannot specify a default for {}() with multiple positional arguments",
                    name
                )));
            }
            args.to_vec()
        }
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error(format!("{}() iterable argument is empty", name))),
        };
    }
    let op = if is_max {
        rupy_objects::code::CmpOp::Gt
    } else {
        rupy_objects::code::CmpOp::Lt
    };
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) => call_value(vm, k, std::slice::from_ref(&best), &[])?,
        None => best.clone(),
    };
    for it in items.into_iter().skip(1) {
        let k = match &key {
            Some(kf) => call_value(vm, kf, std::slice::from_ref(&it), &[])?,
            None => it.clone(),
        };
        let r = ops::compare(vm, op, &k, &best_key)?;
        if ops::truthy(vm, &r)? {
            best = it;
            best_key = k;
        }
    }
    Ok(best)
}

fn builtin_min(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    min_max(vm, args, kw, false)
}

fn builtin_max(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    min_max(vm, args, kw, true)
}

fn builtin_sum(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [it, start] = bind(vm, "sum", args, kw, ["iterable", "start"], 1)?;
    let it = it.unwrap_or(Value::None);
    let mut acc = start.unwrap_or(Value::Int(0));
    match &acc {
        Value::Str(_) => {
            return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
        }
        Value::Bytes(_) => {
            return Err(vm.type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
        }
        _ => {}
    }
    let iter = ops::get_iter(vm, &it)?;
    // Float sums use compensated (Neumaier) summation like CPython 3.12+: (sum, compensation).
    let mut fsum: Option<(f64, f64)> = None;
    while let Some(x) = ops::next(vm, &iter)? {
        let xf = match &x {
            Value::Float(f) => Some(f.get()),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        };
        if let Some(acc_f) = fsum.as_mut() {
            if let Some(xf) = xf {
                neumaier_add(acc_f, xf);
                continue;
            }
            let (s, c) = fsum.take().unwrap_or((0.0, 0.0));
            acc = Value::float(if c.is_finite() { s + c } else { s });
        }
        match (&acc, &x, xf) {
            (Value::Int(a), Value::Int(b), _) => {
                if let Some(r) = a.checked_add(*b) {
                    acc = Value::Int(r);
                    continue;
                }
            }
            // A float joins the sum: switch to compensated float summation.
            (Value::Float(_), _, Some(xf)) | (Value::Int(_), Value::Float(_), Some(xf)) => {
                let start = match &acc {
                    Value::Float(a) => a.get(),
                    Value::Int(a) => *a as f64,
                    _ => 0.0,
                };
                let mut acc_f = (start, 0.0);
                neumaier_add(&mut acc_f, xf);
                fsum = Some(acc_f);
                continue;
            }
            _ => {}
        }
        acc = ops::binary(vm, rupy_objects::code::BinOp::Add, &acc, &x)?;
    }
    if let Some((s, c)) = fsum {
        acc = Value::float(if c.is_finite() { s + c } else { s });
    }
    Ok(acc)
}

/// One step of Neumaier's compensated summation on (sum, compensation).
fn neumaier_add(acc: &mut (f64, f64), x: f64) {
    let (s, c) = acc;
    let t = *s + x;
    if s.abs() >= x.abs() {
        *c += (*s - t) + x;
    } else {
        *c += (x - t) + *s;
    }
    *s = t;
}

fn builtin_sorted(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "sorted", args, 1, 1)
        .map_err(|_| vm.type_error(format!("sorted expected 1 argument, got {}", args.len())))?;
    let mut key = None;
    let mut reverse = false;
    for (k, v) in kw {
        match k.as_str() {
            "key" => key = if v.is_none() { None } else { Some(v.clone()) },
            "reverse" => reverse = ops::truthy(vm, v)?,
            other => {
                return Err(vm.type_error(format!(
                    "sort() got an unexpected keyword argument '{}'",
                    other
                )));
            }
        }
    }
    let mut items = ops::collect(vm, &args[0])?;
    crate::types::list::sort_values(vm, &mut items, key.as_ref(), reverse)?;
    Ok(Value::list(items))
}

fn builtin_any(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "any", args, 1, 1)?;
    let it = ops::get_iter(vm, &args[0])?;
    while let Some(x) = ops::next(vm, &it)? {
        if ops::truthy(vm, &x)? {
            return Ok(Value::Bool(Truth::True));
        }
    }
    Ok(Value::Bool(Truth::False))
}

fn builtin_all(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "all", args, 1, 1)?;
    let it = ops::get_iter(vm, &args[0])?;
    while let Some(x) = ops::next(vm, &it)? {
        if !ops::truthy(vm, &x)? {
            return Ok(Value::Bool(Truth::False));
        }
    }
    Ok(Value::Bool(Truth::True))
}

fn builtin_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "iter", args, 1, 2)?;
    if args.len() == 2 {
        if !crate::call::is_callable(vm, &args[0]) {
            return Err(vm.type_error("iter(v, w): v must be callable"));
        }
        return Ok(Value::new_iter(IterState::Callable {
            func: args[0].clone(),
            sentinel: args[1].clone(),
        }));
    }
    ops::get_iter(vm, &args[0])
}

fn builtin_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "next", args, 1, 2)?;
    let it = &args[0];
    let is_iter = matches!(it, Value::Iter(_) | Value::Generator(_))
        || ops::lookup_special(vm, it, "__next__").is_some();
    if !is_iter {
        return Err(vm.type_error(format!(
            "'{}' object is not an iterator",
            ops::type_name(vm, it)
        )));
    }
    if let Value::Generator(g) = it {
        return match crate::eval::gen_resume(vm, g, Value::None, None)? {
            crate::eval::GenStep::Yielded(v) => Ok(v),
            crate::eval::GenStep::Returned(_) if args.len() == 2 => Ok(args[1].clone()),
            crate::eval::GenStep::Returned(v) => Err(stop_iteration(vm, v)),
        };
    }
    match it {
        Value::Iter(_) | Value::Generator(_) => match ops::next(vm, it)? {
            Some(v) => Ok(v),
            None => match args.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(rupy_objects::PyErr::lazy_noarg(
                    vm.exc(ExcKind::StopIteration),
                )),
            },
        },
        _ => {
            let f = ops::lookup_special(vm, it, "__next__").unwrap_or(Value::None);
            match call_value(vm, &f, std::slice::from_ref(it), &[]) {
                Ok(v) => Ok(v),
                Err(e)
                    if args.len() == 2
                        && e.class().is_subclass(&vm.exc(ExcKind::StopIteration)) =>
                {
                    Ok(args[1].clone())
                }
                Err(e) => Err(e),
            }
        }
    }
}

/// `StopIteration(value)`, or a bare `StopIteration` for None.
pub fn stop_iteration(vm: &mut Vm, v: Value) -> rupy_objects::PyErr {
    if v.is_none() {
        rupy_objects::PyErr::lazy_noarg(vm.exc(ExcKind::StopIteration))
    } else {
        rupy_objects::PyErr::from_obj(crate::exceptions::new_exception(
            vm.exc(ExcKind::StopIteration),
            vec![v],
        ))
    }
}

fn builtin_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "hash", args, 1, 1)?;
    Ok(Value::Int(ops::hash(vm, &args[0])?))
}

fn builtin_id(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "id", args, 1, 1)?;
    Ok(Value::Int(match &args[0] {
        Value::None => 1,
        Value::Bool(b) => 2 + *b as i64,
        Value::Int(i) => 0x1000_0000_0000 ^ *i,
        Value::Float(f) => f.bits() as i64 >> 1,
        v => v.heap_ptr().unwrap_or(0) as i64,
    }))
}

fn builtin_ord(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "ord", args, 1, 1)?;
    match &args[0] {
        Value::Str(s) => {
            if s.char_len() != 1 {
                return Err(vm.type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.char_len()
                )));
            }
            Ok(Value::Int(s.char_at(0) as i64))
        }
        Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(b[0] as i64)),
        Value::Bytes(b) => Err(vm.type_error(format!(
            "ord() expected a character, but string of length {} found",
            b.len()
        ))),
        v => Err(vm.type_error(format!(
            "ord() expected string of length 1, but {} found",
            ops::type_name(vm, v)
        ))),
    }
}

fn builtin_chr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "chr", args, 1, 1)?;
    let i = match &args[0] {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::BigInt(_) => {
            return Err(vm.err(
                ExcKind::OverflowError,
                "Python int too large to convert to C int",
            ));
        }
        v => {
            if let Value::Float(_) = v {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            ops::index_of(vm, v)?
        }
    };
    if !(0..=0x10ffff).contains(&i) {
        return Err(vm.value_error("chr() arg not in range(0x110000)"));
    }
    match char::from_u32(i as u32) {
        Some(c) => Ok(crate::types::str::char_value(c)),
        // Lone surrogates cannot be represented in our UTF-8 strings.
        None => Ok(Value::string(char::REPLACEMENT_CHARACTER.to_string())),
    }
}

fn attr_name(vm: &mut Vm, v: &Value) -> PyResult<Rc<rupy_objects::PyStr>> {
    match v {
        Value::Str(s) => Ok(vm.intern(s.as_str())),
        _ => Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            ops::type_name(vm, v)
        ))),
    }
}

fn builtin_getattr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "getattr", args, 2, 3)?;
    let name = attr_name(vm, &args[1])?;
    match ops::getattr(vm, &args[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {
            Ok(args[2].clone())
        }
        Err(e) => Err(e),
    }
}

fn builtin_setattr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "setattr", args, 3, 3)?;
    let name = attr_name(vm, &args[1])?;
    ops::setattr(vm, &args[0], &name, args[2].clone())?;
    Ok(Value::None)
}

fn builtin_hasattr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "hasattr", args, 2, 2)?;
    let name = attr_name(vm, &args[1])?;
    match ops::getattr(vm, &args[0], &name) {
        Ok(_) => Ok(Value::Bool(Truth::True)),
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {
            Ok(Value::Bool(Truth::False))
        }
        Err(e) => Err(e),
    }
}

fn builtin_delattr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "delattr", args, 2, 2)?;
    let name = attr_name(vm, &args[1])?;
    ops::delattr(vm, &args[0], &name)?;
    Ok(Value::None)
}

fn builtin_callable(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "callable", args, 1, 1)?;
    Ok(Value::bool(crate::call::is_callable(vm, &args[0])))
}

/// Widths and precisions beyond this are refused with MemoryError before formatting, so a
/// huge padding request cannot abort the process on a failed allocation.
pub const MAX_FORMAT_WIDTH: i64 = 1 << 31;

/// MemoryError if a format string or spec asks for a width/precision over `MAX_FORMAT_WIDTH`.
pub fn check_format_widths(vm: &mut Vm, spec: &str) -> PyResult<()> {
    let mut run: u64 = 0;
    let mut in_run = false;
    for c in spec.chars() {
        if let Some(d) = c.to_digit(10) {
            run = run.saturating_mul(10).saturating_add(d as u64);
            in_run = true;
            if run > MAX_FORMAT_WIDTH as u64 {
                return Err(vm.err(ExcKind::MemoryError, ""));
            }
        } else if in_run {
            run = 0;
            in_run = false;
        }
    }
    Ok(())
}

/// `format(value, spec)`.
pub fn format_value(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<Value> {
    check_format_widths(vm, spec)?;
    use rupy_objects::format as fmt;
    let r = match v {
        Value::Int(i) => return int_format_result(vm, fmt::format_i64_ex(*i, spec)),
        Value::BigInt(b) => {
            // Decimal presentations are subject to the int digit limit, like str().
            if !spec.ends_with(['b', 'o', 'x', 'X', 'c', 'e', 'E', 'f', 'F', 'g', 'G', '%']) {
                crate::types::int::big_to_string(vm, b)?;
            }
            return int_format_result(vm, fmt::format_int_ex(b, spec));
        }
        Value::Bool(b) => {
            if spec.is_empty() {
                return Ok(Value::str(if b.get() { "True" } else { "False" }));
            }
            fmt::format_i64(*b as i64, spec)
        }
        Value::Float(f) => fmt::format_float(f.get(), spec),
        Value::Str(s) => fmt::format_str(s.as_str(), spec),
        _ => {
            let f = ops::lookup_special(vm, v, "__format__");
            if let Some(f) = f
                && !matches!(&f, Value::Native(n) if n.owner == "object")
            {
                let r = call_value(vm, &f, &[v.clone(), Value::str(spec)], &[])?;
                if !matches!(r, Value::Str(_)) {
                    return Err(vm.type_error(format!(
                        "__format__ must return a str, not {}",
                        ops::type_name(vm, &r)
                    )));
                }
                return Ok(r);
            }
            if let Some(inner) = crate::types::unwrap_builtin(v) {
                return format_value(vm, &inner, spec);
            }
            if spec.is_empty() {
                return Ok(Value::Str(ops::to_str(vm, v)?));
            }
            return Err(vm.type_error(format!(
                "unsupported format string passed to {}.__format__",
                ops::type_name(vm, v)
            )));
        }
    };
    r.map(Value::string).map_err(|m| vm.value_error(m))
}

/// An int formatting result, with the OverflowError cases (`'c'` out of range) kept.
fn int_format_result(
    vm: &mut Vm,
    r: Result<String, rupy_objects::format::FormatError>,
) -> PyResult<Value> {
    match r {
        Ok(s) => Ok(Value::string(s)),
        Err(e) if matches!(e.kind, rupy_objects::format::ErrorKind::OverflowError) => {
            Err(vm.err(ExcKind::OverflowError, e.msg))
        }
        Err(e) => Err(vm.value_error(e.msg)),
    }
}

fn builtin_format(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "format", args, 1, 2)?;
    let spec = match args.get(1) {
        None => String::new(),
        Some(Value::Str(s)) => s.as_str().to_owned(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "format() argument 2 must be str, not {}",
                ops::type_name(vm, v)
            )));
        }
    };
    format_value(vm, &args[0], &spec)
}

pub fn isinstance(vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<bool> {
    match cls {
        Value::Class(c) => {
            let meta = vm.type_of(cls);
            if meta.flags().heap {
                let n = vm.intern("__instancecheck__");
                if let Some(f) = meta.lookup(&n) {
                    let r = call_value(vm, &f, &[cls.clone(), obj.clone()], &[])?;
                    return ops::truthy(vm, &r);
                }
            }
            Ok(vm.type_of(obj).is_subclass(c))
        }
        Value::Tuple(t) => {
            for x in t.iter() {
                if isinstance(vm, obj, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Opaque(_) | Value::Instance(_)
            if ops::lookup_special(vm, cls, "__instancecheck__").is_some() =>
        {
            let r = ops::call_special(vm, cls, "__instancecheck__", std::slice::from_ref(obj))?
                .unwrap_or(Value::Bool(Truth::False));
            ops::truthy(vm, &r)
        }
        _ => Err(vm.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
    }
}

fn builtin_isinstance(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "isinstance", args, 2, 2)?;
    Ok(Value::bool(isinstance(vm, &args[0], &args[1])?))
}

pub fn issubclass(vm: &mut Vm, sub: &Value, cls: &Value) -> PyResult<bool> {
    let Value::Class(s) = sub else {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    };
    match cls {
        Value::Class(c) => {
            let meta = vm.type_of(cls);
            if meta.flags().heap {
                let n = vm.intern("__subclasscheck__");
                if let Some(f @ Value::Function(_)) = meta.lookup(&n) {
                    let r = call_value(vm, &f, &[cls.clone(), sub.clone()], &[])?;
                    return ops::truthy(vm, &r);
                }
            }
            Ok(s.is_subclass(c))
        }
        Value::Tuple(t) => {
            for x in t.iter() {
                if issubclass(vm, sub, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Opaque(_) | Value::Instance(_)
            if ops::lookup_special(vm, cls, "__subclasscheck__").is_some() =>
        {
            let r = ops::call_special(vm, cls, "__subclasscheck__", std::slice::from_ref(sub))?
                .unwrap_or(Value::Bool(Truth::False));
            ops::truthy(vm, &r)
        }
        _ => {
            Err(vm.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"))
        }
    }
}

fn builtin_issubclass(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "issubclass", args, 2, 2)?;
    Ok(Value::bool(issubclass(vm, &args[0], &args[1])?))
}

fn builtin_globals(vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let ctx = take_ctx(vm);
    Ok(ctx.globals.map(Value::Dict).unwrap_or(Value::None))
}

fn builtin_locals(vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let ctx = take_ctx(vm);
    Ok(ctx.locals.unwrap_or(Value::None))
}

fn builtin_vars(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let ctx = take_ctx(vm);
    match args.first() {
        None => Ok(ctx.locals.unwrap_or(Value::None)),
        Some(obj) => {
            let n = vm.intern("__dict__");
            match ops::getattr(vm, obj, &n) {
                Ok(d) => Ok(d),
                Err(_) => Err(vm.type_error("vars() argument must have __dict__ attribute")),
            }
        }
    }
}

/// `dir(obj)`: sorted attribute names from the instance dict and the class MRO.
pub fn dir_of(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    let mut names: Vec<String> = Vec::new();
    let add_dict = |d: &PyDict, names: &mut Vec<String>| {
        for k in d.keys() {
            if let Value::Str(s) = k {
                names.push(s.as_str().to_owned());
            }
        }
    };
    match obj {
        Value::Module(m) => add_dict(&m.dict, &mut names),
        Value::Class(c) => {
            for k in c.mro.borrow().iter() {
                add_dict(k.dict(), &mut names);
            }
        }
        _ => {
            if let Value::Instance(i) = obj
                && let Some(d) = &i.dict
            {
                add_dict(d, &mut names);
            }
            let t = vm.type_of(obj);
            for k in t.mro.borrow().iter() {
                add_dict(k.dict(), &mut names);
            }
        }
    }
    names.sort();
    names.dedup();
    Ok(Value::list(names.into_iter().map(Value::string).collect()))
}

fn builtin_dir(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let ctx = take_ctx(vm);
    match args.first() {
        None => {
            let mut keys: Vec<String> = match ctx.locals {
                Some(Value::Dict(d)) => d
                    .keys()
                    .iter()
                    .filter_map(|k| k.as_str().map(|s| s.to_owned()))
                    .collect(),
                _ => Vec::new(),
            };
            keys.sort();
            Ok(Value::list(keys.into_iter().map(Value::string).collect()))
        }
        Some(obj) => {
            if let Some(f) = ops::lookup_special(vm, obj, "__dir__")
                && !matches!(&f, Value::Native(n) if n.owner == "object")
            {
                let r = call_value(vm, &f, std::slice::from_ref(obj), &[])?;
                let mut items = ops::collect(vm, &r)?;
                crate::types::list::sort_values(vm, &mut items, None, false)?;
                return Ok(Value::list(items));
            }
            dir_of(vm, obj)
        }
    }
}

fn super_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let ctx = take_ctx(vm);
    // args[0] is the class `super` itself when called as a constructor.
    let rest = &args[1..];
    if rest.is_empty() {
        return match ctx.super_args {
            Some((Value::Class(c), obj)) => crate::types::function::make_super(vm, c, obj),
            Some(_) => Err(vm.err(ExcKind::RuntimeError, "super(): __class__ cell not found")),
            None => Err(vm.err(ExcKind::RuntimeError, "super(): no arguments")),
        };
    }
    match (rest.first(), rest.get(1)) {
        (Some(Value::Class(c)), Some(obj)) => {
            crate::types::function::make_super(vm, c.clone(), obj.clone())
        }
        (Some(Value::Class(_)), None) => {
            Err(vm.type_error("super() with one argument is not supported"))
        }
        _ => Err(vm.type_error("super() argument 1 must be a type")),
    }
}

fn slice_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let a = &args[1..];
    let (start, stop, step) = match a.len() {
        1 => (Value::None, a[0].clone(), Value::None),
        2 => (a[0].clone(), a[1].clone(), Value::None),
        3 => (a[0].clone(), a[1].clone(), a[2].clone()),
        n => return Err(vm.type_error(format!("slice expected at least 1 argument, got {}", n))),
    };
    Ok(Value::Slice(Rc::new(PySlice { start, stop, step })))
}

fn slice_indices_m(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (Value::Slice(_), Some(n)) = (&args[0], args.get(1)) else {
        return Err(vm.type_error("indices() takes exactly one argument"));
    };
    let len = ops::to_index(vm, n)?;
    let negative = match &len {
        Value::Int(i) => *i < 0,
        Value::BigInt(b) => num_traits::Signed::is_negative(&**b),
        _ => false,
    };
    if negative {
        return Err(vm.value_error("length should not be negative"));
    }
    // Indices of range(len)[s] are the slice's indices, for lengths of any size.
    let r = crate::call::call_value(vm, &Value::Class(vm.types.range.clone()), &[len], &[])?;
    let sub = ops::getitem(vm, &r, &args[0])?;
    let mut out = Vec::with_capacity(3);
    for name in ["start", "stop", "step"] {
        let key = vm.intern(name);
        out.push(ops::getattr(vm, &sub, &key)?);
    }
    Ok(Value::tuple(out))
}

fn slice_reduce(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Slice(s)) = args.first() else {
        return Err(vm.type_error("descriptor '__reduce__' requires a 'slice' object"));
    };
    let fields = Value::tuple(vec![s.start.clone(), s.stop.clone(), s.step.clone()]);
    Ok(Value::tuple(vec![
        Value::Class(vm.types.slice.clone()),
        fields,
    ]))
}

fn new_iter(s: IterState) -> Value {
    Value::new_iter(s)
}

fn enumerate_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [it, start] = bind(vm, "enumerate", &args[1..], kw, ["iterable", "start"], 1)?;
    let it = ops::get_iter(vm, &it.unwrap_or(Value::None))?;
    let n = start.unwrap_or(Value::Int(0));
    if !rupy_objects::int::is_int(&n) {
        return Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            ops::type_name(vm, &n)
        )));
    }
    Ok(new_iter(IterState::Enumerate { it, n }))
}

fn zip_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let mut strict = false;
    for (k, v) in kw {
        if k.as_str() == "strict" {
            strict = ops::truthy(vm, v)?;
        } else {
            return Err(vm.type_error(format!(
                "zip() got an unexpected keyword argument '{}'",
                k.as_str()
            )));
        }
    }
    let mut its = Vec::new();
    for a in args[1..].iter() {
        match ops::get_iter(vm, a) {
            Ok(it) => its.push(it),
            Err(_) => {
                let t = ops::type_name(vm, a);
                return Err(vm.type_error(format!("'{}' object is not iterable", t)));
            }
        }
    }
    Ok(new_iter(IterState::Zip { its, strict }))
}

fn map_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() < 3 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let mut its = Vec::new();
    for a in &args[2..] {
        its.push(ops::get_iter(vm, a)?);
    }
    Ok(new_iter(IterState::Map {
        func: args[1].clone(),
        its,
    }))
}

fn filter_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 3 {
        return Err(vm.type_error(format!(
            "filter expected 2 arguments, got {}",
            args.len() - 1
        )));
    }
    let it = ops::get_iter(vm, &args[2])?;
    Ok(new_iter(IterState::Filter {
        func: args[1].clone(),
        it,
    }))
}

fn reversed_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "reversed expected 1 argument, got {}",
            args.len() - 1
        )));
    }
    let seq = &args[1];
    Ok(match seq {
        Value::List(l) => {
            let n = l.borrow().len();
            new_iter(IterState::ListRev {
                list: l.clone(),
                idx: n,
            })
        }
        Value::Tuple(t) => new_iter(IterState::Values {
            items: t.iter().rev().cloned().collect(),
            idx: 0,
        }),
        Value::Str(s) => new_iter(IterState::Values {
            items: s
                .as_str()
                .chars()
                .rev()
                .map(crate::types::str::char_value)
                .collect(),
            idx: 0,
        }),
        Value::Range(r) => {
            let n = r.len();
            let last = r.start + (n - 1) * r.step;
            if n == 0 {
                new_iter(IterState::Exhausted)
            } else {
                new_iter(IterState::Range {
                    cur: last,
                    stop: r.start - r.step,
                    step: -r.step,
                })
            }
        }
        Value::Dict(d) => new_iter(IterState::Values {
            items: d.keys().into_iter().rev().collect(),
            idx: 0,
        }),
        Value::DictView(dv) => {
            let items: Vec<Value> = match dv.1 {
                0 => dv.0.keys(),
                1 => dv.0.values(),
                _ => {
                    dv.0.entries()
                        .into_iter()
                        .map(|(k, v)| Value::tuple(vec![k, v]))
                        .collect()
                }
            };
            new_iter(IterState::Values {
                items: items.into_iter().rev().collect(),
                idx: 0,
            })
        }
        Value::Bytes(b) => new_iter(IterState::Values {
            items: b.iter().rev().map(|x| Value::Int(*x as i64)).collect(),
            idx: 0,
        }),
        _ => {
            if let Some(r) = ops::call_special(vm, seq, "__reversed__", &[])? {
                return Ok(r);
            }
            if ops::lookup_special(vm, seq, "__getitem__").is_some()
                && ops::lookup_special(vm, seq, "__len__").is_some()
            {
                let n = ops::len(vm, seq)? as i64;
                return Ok(new_iter(IterState::Reversed {
                    seq: seq.clone(),
                    idx: n - 1,
                }));
            }
            return Err(vm.type_error(format!(
                "'{}' object is not reversible",
                ops::type_name(vm, seq)
            )));
        }
    })
}

fn bool_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    args::no_kwargs(vm, "bool", kw)?;
    match args.len() {
        1 => Ok(Value::Bool(Truth::False)),
        2 => Ok(Value::bool(ops::truthy(vm, &args[1])?)),
        n => Err(vm.type_error(format!("bool expected at most 1 argument, got {}", n - 1))),
    }
}
