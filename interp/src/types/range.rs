//! `range`: construction, `index`/`count`, and ranges beyond i64.
//!
//! A range whose bounds and length fit i64 is a `Value::Range` (the eval loop iterates it
//! without leaving the loop). Any other range is an `Opaque` of class `range` holding a
//! `BigRange`; the dunders registered here serve it through the generic protocol paths. They
//! accept small ranges too (explicit `range.__len__(r)` calls, mixed comparisons), by viewing
//! both kinds as `Bounds`.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::PyRange;
use rupy_objects::{Class, KwArgs, Opaque, PyResult, Value, Vm};

use crate::builtins::args::{add_getter, add_method, arity, no_kwargs};
use crate::ops;

/// A range too large for `PyRange`.
pub struct BigRange(Bounds);

/// start, stop, step (normalised: never zero step) and the length.
#[derive(Clone)]
struct Bounds {
    start: BigInt,
    stop: BigInt,
    step: BigInt,
    len: BigInt,
}

impl Bounds {
    fn new(start: BigInt, stop: BigInt, step: BigInt) -> Bounds {
        let len = if step.is_positive() {
            if start < stop {
                (&stop - &start - 1u8) / &step + 1u8
            } else {
                BigInt::zero()
            }
        } else if start > stop {
            (&start - &stop - 1u8) / (-&step) + 1u8
        } else {
            BigInt::zero()
        };
        Bounds {
            start,
            stop,
            step,
            len,
        }
    }

    fn item(&self, i: &BigInt) -> BigInt {
        &self.start + i * &self.step
    }

    /// Position of `x` in the range, if it is an element.
    fn position(&self, x: &BigInt) -> Option<BigInt> {
        let inside = if self.step.is_positive() {
            x >= &self.start && x < &self.stop
        } else {
            x <= &self.start && x > &self.stop
        };
        if !inside {
            return None;
        }
        let (q, r) = (x - &self.start).div_rem(&self.step);
        r.is_zero().then_some(q)
    }
}

fn bounds_of(v: &Value) -> Option<Bounds> {
    match v {
        Value::Range(r) => Some(Bounds::new(r.start.into(), r.stop.into(), r.step.into())),
        Value::Opaque(o) => o
            .data
            .borrow()
            .downcast_ref::<BigRange>()
            .map(|b| b.0.clone()),
        _ => None,
    }
}

/// A range value: small when everything fits i64, big otherwise.
fn make(vm: &mut Vm, b: Bounds) -> Value {
    if let (Some(start), Some(stop), Some(step), Some(_)) = (
        b.start.to_i64(),
        b.stop.to_i64(),
        b.step.to_i64(),
        b.len.to_i64(),
    ) {
        return Value::Range(Rc::new(PyRange { start, stop, step }));
    }
    let cls = vm.types.range.clone();
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(BigRange(b))),
    }))
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Value::Float(_) = v {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    match ops::to_index(vm, v)? {
        Value::Int(i) => Ok(i.into()),
        Value::BigInt(b) => Ok((*b).clone()),
        _ => Ok(BigInt::zero()),
    }
}

fn as_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some((*i).into()),
        Value::Bool(b) => Some((*b as i64).into()),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

pub fn init(vm: &mut Vm) {
    vm.types.range.set_filler(fill);
    let it = rupy_objects::vm::derived("longrange_iterator", &vm.object);
    it.set_filler(|it| {
        add_method(it, "longrange_iterator", "__next__", bigiter_next);
        add_method(it, "longrange_iterator", "__iter__", bigiter_iter);
        add_method(
            it,
            "longrange_iterator",
            "__length_hint__",
            bigiter_length_hint,
        );
    });
    *vm.shared_state::<BigIterType>().0.borrow_mut() = Some(it);
}

/// `range`'s methods, added when the type's dict is first used.
fn fill(t: &Class) {
    add_method(t, "range", "__new__", range_new);
    add_method(t, "range", "index", range_index);
    add_method(t, "range", "count", range_count);
    for (name, f) in [
        ("__len__", range_len as rupy_objects::NativeFn),
        ("__bool__", range_bool),
        ("__getitem__", range_getitem),
        ("__contains__", range_contains),
        ("__iter__", range_iter),
        ("__reversed__", range_reversed),
        ("__repr__", range_repr),
        ("__eq__", range_eq),
        ("__ne__", range_ne),
        ("__hash__", range_hash),
    ] {
        add_method(t, "range", name, f);
    }
    add_getter(t, "range", "start", range_start);
    add_getter(t, "range", "stop", range_stop);
    add_getter(t, "range", "step", range_step);
}

fn range_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "range", kw)?;
    let a = &args[1..];
    if a.iter().all(|v| matches!(v, Value::Int(_))) && (1..=3).contains(&a.len()) {
        let n = |i: usize| if let Value::Int(x) = a[i] { x } else { 0 };
        let (start, stop, step) = match a.len() {
            1 => (0, n(0), 1),
            2 => (n(0), n(1), 1),
            _ => (n(0), n(1), n(2)),
        };
        if step == 0 {
            return Err(vm.value_error("range() arg 3 must not be zero"));
        }
        // Lengths beyond i64 (range(-2**63, 2**63 - 1)) take the big form.
        let (lo, hi, st) = (start as i128, stop as i128, step as i128);
        let len = if st > 0 {
            if lo < hi { (hi - lo - 1) / st + 1 } else { 0 }
        } else if lo > hi {
            (lo - hi - 1) / (-st) + 1
        } else {
            0
        };
        if len < i64::MAX as i128 {
            return Ok(Value::Range(Rc::new(PyRange { start, stop, step })));
        }
    }
    let mut nums = Vec::with_capacity(3);
    for v in a {
        nums.push(int_arg(vm, v)?);
    }
    let (start, stop, step) = match nums.len() {
        1 => (
            BigInt::zero(),
            nums.pop().unwrap_or_default(),
            BigInt::one(),
        ),
        2 => {
            let stop = nums.pop().unwrap_or_default();
            (nums.pop().unwrap_or_default(), stop, BigInt::one())
        }
        3 => {
            let step = nums.pop().unwrap_or_default();
            let stop = nums.pop().unwrap_or_default();
            (nums.pop().unwrap_or_default(), stop, step)
        }
        0 => return Err(vm.type_error("range expected at least 1 argument, got 0")),
        n => return Err(vm.type_error(format!("range expected at most 3 arguments, got {}", n))),
    };
    if step.is_zero() {
        return Err(vm.value_error("range() arg 3 must not be zero"));
    }
    Ok(make(vm, Bounds::new(start, stop, step)))
}

fn recv(vm: &mut Vm, args: &[Value]) -> PyResult<Bounds> {
    args.first()
        .and_then(bounds_of)
        .ok_or_else(|| vm.type_error("descriptor requires a 'range' object"))
}

fn range_index(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "index", args, 2, 2)?;
    let b = recv(vm, args)?;
    if let Some(x) = as_big(&args[1])
        && let Some(p) = b.position(&x)
    {
        return Ok(Value::from_bigint(p));
    }
    if as_big(&args[1]).is_none() {
        // Non-ints: equality search, as CPython does.
        if let Some(n) = b.len.to_i64() {
            for i in 0..n {
                let item = Value::from_bigint(b.item(&i.into()));
                if ops::eq(vm, &item, &args[1])? {
                    return Ok(Value::Int(i));
                }
            }
        }
    }
    if as_big(&args[1]).is_none() {
        return Err(vm.value_error("sequence.index(x): x not in sequence"));
    }
    let s = ops::repr_string(vm, &args[1])?;
    Err(vm.value_error(format!("{} is not in range", s)))
}

fn range_count(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "count", args, 2, 2)?;
    Ok(Value::Int(contains(vm, &args[0], &args[1])? as i64))
}

/// `x in r` for either kind of range.
pub fn contains(vm: &mut Vm, r: &Value, x: &Value) -> PyResult<bool> {
    let b = recv(vm, std::slice::from_ref(r))?;
    if let Some(i) = as_big(x) {
        return Ok(b.position(&i).is_some());
    }
    let Some(n) = b.len.to_i64() else {
        return Ok(false);
    };
    for i in 0..n {
        let item = Value::from_bigint(b.item(&i.into()));
        if ops::eq_contained(vm, &item, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn range_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__contains__", args, 2, 2)?;
    Ok(Value::bool(contains(vm, &args[0], &args[1])?))
}

fn range_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = recv(vm, args)?;
    match b.len.to_i64() {
        Some(n) => Ok(Value::Int(n)),
        None => Err(vm.err(
            ExcKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        )),
    }
}

fn range_bool(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::bool(!recv(vm, args)?.len.is_zero()))
}

/// `r[key]` for either kind of range (slices of small ranges come here too: their bounds
/// may leave i64).
pub fn getitem(vm: &mut Vm, r: &Value, key: &Value) -> PyResult<Value> {
    range_getitem(vm, &[r.clone(), key.clone()], &[])
}

fn range_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__getitem__", args, 2, 2)?;
    let b = recv(vm, args)?;
    if let Value::Slice(s) = &args[1] {
        return slice(vm, &b, s);
    }
    let i = match as_big(&args[1]) {
        Some(i) => i,
        None => match ops::to_index(vm, &args[1]) {
            Ok(v) => as_big(&v).unwrap_or_default(),
            Err(_) => {
                let t = ops::type_name(vm, &args[1]);
                return Err(vm.type_error(format!(
                    "range indices must be integers or slices, not {}",
                    t
                )));
            }
        },
    };
    let j = if i.is_negative() { &i + &b.len } else { i };
    if j.is_negative() || j >= b.len {
        return Err(vm.err(ExcKind::IndexError, "range object index out of range"));
    }
    Ok(Value::from_bigint(b.item(&j)))
}

/// `r[a:b:c]` with bounds of any size (CPython's slice adjustment, on big ints).
fn slice(vm: &mut Vm, b: &Bounds, s: &rupy_objects::misc::PySlice) -> PyResult<Value> {
    let int_arg = |vm: &mut Vm, v: &Value| -> PyResult<BigInt> {
        match v {
            Value::Float(_) | Value::Str(_) => Err(
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            ),
            _ => int_arg(vm, v).map_err(|_| {
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            }),
        }
    };
    let step = if s.step.is_none() {
        BigInt::one()
    } else {
        int_arg(vm, &s.step)?
    };
    if step.is_zero() {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let len = &b.len;
    let (lower, upper) = if step.is_negative() {
        (BigInt::from(-1), len - 1u8)
    } else {
        (BigInt::zero(), len.clone())
    };
    let adjust = |v: BigInt| -> BigInt {
        if v.is_negative() {
            let w = v + len;
            if w < lower { lower.clone() } else { w }
        } else if v > upper {
            upper.clone()
        } else {
            v
        }
    };
    let start = if s.start.is_none() {
        if step.is_negative() {
            upper.clone()
        } else {
            lower.clone()
        }
    } else {
        adjust(int_arg(vm, &s.start)?)
    };
    let stop = if s.stop.is_none() {
        if step.is_negative() {
            lower.clone()
        } else {
            upper.clone()
        }
    } else {
        adjust(int_arg(vm, &s.stop)?)
    };
    let nb = Bounds::new(b.item(&start), b.item(&stop), &b.step * &step);
    Ok(make(vm, nb))
}

/// Iterator state of a big range: next value, step, items left.
struct BigIter {
    next: BigInt,
    step: BigInt,
    left: BigInt,
}

#[derive(Default)]
struct BigIterType(RefCell<Option<Rc<Class>>>);

fn big_iter(vm: &mut Vm, next: BigInt, step: BigInt, left: BigInt) -> Value {
    if let (Some(cur), Some(st), Some(n)) = (next.to_i64(), step.to_i64(), left.to_i64()) {
        // Everything fits: the fast iterator (its stop is derived from the count).
        if let Some(stop) = st.checked_mul(n).and_then(|d| cur.checked_add(d)) {
            return crate::ops::iter::new_iter(rupy_objects::IterState::Range {
                cur,
                stop,
                step: st,
            });
        }
    }
    let cls = vm
        .shared_state::<BigIterType>()
        .0
        .borrow()
        .clone()
        .unwrap_or_else(|| vm.object.clone());
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(BigIter { next, step, left })),
    }))
}

fn range_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = recv(vm, args)?;
    Ok(big_iter(vm, b.start.clone(), b.step.clone(), b.len))
}

fn range_reversed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = recv(vm, args)?;
    if b.len.is_zero() {
        return Ok(big_iter(vm, BigInt::zero(), BigInt::one(), BigInt::zero()));
    }
    let last = b.item(&(&b.len - 1u8));
    Ok(big_iter(vm, last, -b.step.clone(), b.len))
}

fn bigiter_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("expected a range iterator"));
    };
    let mut data = o.data.borrow_mut();
    let Some(it) = data.downcast_mut::<BigIter>() else {
        return Err(vm.type_error("expected a range iterator"));
    };
    if !it.left.is_positive() {
        drop(data);
        return Err(crate::builtins::stop_iteration(vm, Value::None));
    }
    let v = it.next.clone();
    it.next += &it.step;
    it.left -= 1u8;
    Ok(Value::from_bigint(v))
}

fn bigiter_iter(_vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(args[0].clone())
}

fn bigiter_length_hint(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("expected a range iterator"));
    };
    let left = o
        .data
        .borrow()
        .downcast_ref::<BigIter>()
        .map(|it| it.left.clone())
        .unwrap_or_default();
    Ok(Value::from_bigint(left))
}

fn range_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let b = recv(vm, args)?;
    Ok(Value::string(if b.step.is_one() {
        format!("range({}, {})", b.start, b.stop)
    } else {
        format!("range({}, {}, {})", b.start, b.stop, b.step)
    }))
}

/// Ranges are equal when they produce the same sequence.
fn same(x: &Bounds, y: &Bounds) -> bool {
    if x.len != y.len {
        return false;
    }
    if x.len.is_zero() {
        return true;
    }
    x.start == y.start && (x.len.is_one() || x.step == y.step)
}

fn range_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__eq__", args, 2, 2)?;
    let x = recv(vm, args)?;
    Ok(match bounds_of(&args[1]) {
        Some(y) => Value::bool(same(&x, &y)),
        None => Value::NotImplemented,
    })
}

fn range_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__ne__", args, 2, 2)?;
    let x = recv(vm, args)?;
    Ok(match bounds_of(&args[1]) {
        Some(y) => Value::bool(!same(&x, &y)),
        None => Value::NotImplemented,
    })
}

/// CPython's range hash: the hash of (len, start, step), with start/step None when they do
/// not matter (empty or one-element ranges), so equal ranges hash equal.
pub fn hash(vm: &mut Vm, r: &Value) -> PyResult<i64> {
    let b = recv(vm, std::slice::from_ref(r))?;
    let len = Value::from_bigint(b.len.clone());
    let t = if b.len.is_zero() {
        vec![len, Value::None, Value::None]
    } else if b.len.is_one() {
        vec![len, Value::from_bigint(b.start), Value::None]
    } else {
        vec![len, Value::from_bigint(b.start), Value::from_bigint(b.step)]
    };
    ops::hash(vm, &Value::tuple(t))
}

fn range_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(hash(vm, &args[0])?))
}

fn range_start(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::from_bigint(recv(vm, args)?.start))
}

fn range_stop(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::from_bigint(recv(vm, args)?.stop))
}

fn range_step(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::from_bigint(recv(vm, args)?.step))
}
