//! `_bisect`, the native half of `Lib/bisect.py`: `bisect_left`, `bisect_right`,
//! `insort_left`, `insort_right`, with CPython's argument handling (`lo` an index that must be
//! non-negative, `hi` an index or None where -1 also means "the end", `key=` keyword-only).
//!
//! Items are fetched through the sequence protocol on every probe (no snapshot), so a
//! comparison or key function that changes the sequence sees the same effects as in CPython;
//! a list is read directly, with the borrow released before any comparison runs.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, bind};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyResult, PyStr, Value, Vm};

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "bisect_right", |vm, a, kw| {
        bisect_entry(vm, a, kw, "bisect_right", true)
    });
    add_fn(d, "bisect_left", |vm, a, kw| {
        bisect_entry(vm, a, kw, "bisect_left", false)
    });
    add_fn(d, "insort_right", |vm, a, kw| {
        insort_entry(vm, a, kw, "insort_right", true)
    });
    add_fn(d, "insort_left", |vm, a, kw| {
        insort_entry(vm, a, kw, "insort_left", false)
    });
    Ok(())
}

/// The parsed arguments shared by the four functions.
struct Args {
    a: Value,
    x: Value,
    lo: i64,
    /// `None` stands for "len(a)" (hi omitted, None or -1).
    hi: Option<i64>,
    key: Option<Value>,
}

fn parse(vm: &mut Vm, fname: &str, args: &[Value], kw: &KwArgs) -> PyResult<Args> {
    // `key` is keyword-only: at most four positionals.
    if args.len() > 4 {
        return Err(vm.type_error(format!(
            "{}() takes at most 4 positional arguments ({} given)",
            fname,
            args.len()
        )));
    }
    let [a, x, lo, hi, key] = bind(vm, fname, args, kw, ["a", "x", "lo", "hi", "key"], 2)?;
    let (Some(a), Some(x)) = (a, x) else {
        unreachable!("bind checked the required arguments")
    };
    let lo = match lo {
        Some(v) => rupy_interp::types::str::ssize_arg(vm, &v)?,
        None => 0,
    };
    let hi = match hi {
        None | Some(Value::None) => None,
        Some(v) => {
            if !matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
                && ops::lookup_special(vm, &v, "__index__").is_none()
            {
                let t = ops::type_name(vm, &v);
                return Err(
                    vm.type_error(format!("argument should be integer or None, not '{}'", t))
                );
            }
            let n = match rupy_interp::types::str::ssize_arg(vm, &v) {
                Ok(n) => n,
                // CPython's optional-index converter words the overflow differently from `lo`'s.
                Err(e) if e.class().is_subclass(&vm.exc(ExcKind::OverflowError)) => {
                    return Err(vm.err(
                        ExcKind::OverflowError,
                        "cannot fit 'int' into an index-sized integer",
                    ));
                }
                Err(e) => return Err(e),
            };
            match n {
                -1 => None,
                n => Some(n),
            }
        }
    };
    let key = key.filter(|k| !matches!(k, Value::None));
    Ok(Args { a, x, lo, hi, key })
}

/// `a[i]`, straight from the storage for a list.
fn item(vm: &mut Vm, a: &Value, i: i64) -> PyResult<Value> {
    if let Value::List(l) = a {
        let got = l.borrow().get(i as usize).cloned();
        return got.ok_or_else(|| vm.err(ExcKind::IndexError, "list index out of range"));
    }
    // The sequence protocol: a builtin mapping has no item slot even though it has [].
    let inner = rupy_interp::types::unwrap_builtin(a);
    if matches!(a, Value::Dict(_)) || matches!(inner, Some(Value::Dict(_))) {
        let t = ops::type_name(vm, a);
        return Err(vm.type_error(format!("{} is not a sequence", t)));
    }
    ops::getitem(vm, a, &Value::Int(i))
}

fn less(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let r = ops::compare(vm, CmpOp::Lt, a, b)?;
    ops::truthy(vm, &r)
}

/// The insertion point of `x` (already passed through the key for insort).
fn search(vm: &mut Vm, p: &Args, x: &Value, right: bool) -> PyResult<i64> {
    if p.lo < 0 {
        return Err(vm.value_error("lo must be non-negative"));
    }
    let mut lo = p.lo;
    let mut hi = match p.hi {
        Some(h) => h,
        None => ops::len(vm, &p.a)? as i64,
    };
    while lo < hi {
        // lo >= 0 and hi > lo, so the midpoint neither overflows nor goes negative.
        let mid = lo + (hi - lo) / 2;
        let mut it = item(vm, &p.a, mid)?;
        if let Some(k) = &p.key {
            it = call_value(vm, k, &[it], &[])?;
        }
        let go_left = if right {
            less(vm, x, &it)?
        } else {
            !less(vm, &it, x)?
        };
        if go_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn bisect_entry(
    vm: &mut Vm,
    args: &[Value],
    kw: &KwArgs,
    fname: &str,
    right: bool,
) -> PyResult<Value> {
    let p = parse(vm, fname, args, kw)?;
    let x = p.x.clone();
    Ok(Value::Int(search(vm, &p, &x, right)?))
}

fn insort_entry(
    vm: &mut Vm,
    args: &[Value],
    kw: &KwArgs,
    fname: &str,
    right: bool,
) -> PyResult<Value> {
    let p = parse(vm, fname, args, kw)?;
    let probe = match &p.key {
        Some(k) => call_value(vm, k, std::slice::from_ref(&p.x), &[])?,
        None => p.x.clone(),
    };
    let i = search(vm, &p, &probe, right)?;
    if let Value::List(l) = &p.a {
        let mut l = l.borrow_mut();
        let at = (i as usize).min(l.len());
        vm.grow(&mut l, 1)?;
        l.insert(at, p.x.clone());
        return Ok(Value::None);
    }
    let name = Rc::new(PyStr::new("insert"));
    let meth = ops::getattr(vm, &p.a, &name)?;
    call_value(vm, &meth, &[Value::Int(i), p.x.clone()], &[])?;
    Ok(Value::None)
}
