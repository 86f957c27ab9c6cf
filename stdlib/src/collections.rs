//! `_collections`, the native half of `collections.deque`: the storage and every operation
//! CPython makes atomic. The Python class `deque` (`py/collections/__init__.py`) stays an
//! ordinary, subclassable class; its instances carry a *core* — an `Opaque` holding a
//! `VecDeque<Value>`, the `maxlen` and a mutation counter — as their builtin payload (the way
//! `class L(list)` instances carry their list), and almost all of its methods are the natives
//! of this module, taken from the core class `_collections.deque_core`.
//!
//! Thread safety: each native runs without calling Python code while it reads or changes the
//! core (no borrow of the core is held across a call into Python), so `append`, `appendleft`,
//! `pop`, `popleft`, `clear`, `len`, indexing, `insert`, `rotate`, `reverse`, `copy` and
//! `extend`/`extendleft` of a list, tuple or deque are atomic with respect to other threads of
//! the interpreter, as in CPython. Methods that compare items (`count`, `index`, `remove`,
//! `in`, the comparisons) may run `__eq__`; like CPython they check the mutation counter after
//! each comparison and raise `RuntimeError: deque mutated during iteration` (`IndexError` for
//! `remove`). Iterators raise the same error when the deque changed since they were created;
//! the counter moves exactly where CPython's `state` does (not on `d[i] = x` or `reverse()`).
//!
//! Cores and deque iterators are tracked by the cycle collector (`gc::new_traced_opaque`), so a
//! cycle through a deque (`d.append(d)`) is collected.
//!
//! Known differences: the core class prints as `collections.deque` and sits in no MRO (it only
//! lends its methods); error messages name the type `deque` where CPython says
//! `collections.deque`; iterators have no `__reduce__`; the natives have no docstrings; a class
//! deriving from both `deque` and another builtin type is not refused as a layout conflict.

use std::any::Any;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_method, arity, no_kwargs};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::gc::{TraceValues, TracedData, new_traced_opaque};
use rupy_objects::{
    Class, Instance, KwArgs, Opaque, Payload, PyDict, PyErr, PyResult, Truth, Value, Vm,
};

/// The storage of one deque.
struct Core {
    items: VecDeque<Value>,
    maxlen: Option<usize>,
    /// Changed by every operation that moves items (CPython's `state`): iterators and the
    /// comparing methods check it.
    state: u64,
}

impl TraceValues for Core {
    fn visit_values(&self, visit: &mut dyn FnMut(&Value)) {
        self.items.iter().for_each(visit);
    }
    fn take_values(&mut self, out: &mut Vec<Value>) {
        self.state = self.state.wrapping_add(1);
        out.extend(self.items.drain(..));
    }
}

impl Core {
    fn bump(&mut self) {
        self.state = self.state.wrapping_add(1);
    }

    /// Add `x` at one end, dropping an item from the other end when that exceeds `maxlen`;
    /// returns the dropped item (for the caller to release outside the borrow).
    fn push(&mut self, x: Value, left: bool) -> Option<Value> {
        if left {
            self.items.push_front(x);
        } else {
            self.items.push_back(x);
        }
        self.bump();
        match self.maxlen {
            Some(m) if self.items.len() > m => {
                if left {
                    self.items.pop_back()
                } else {
                    self.items.pop_front()
                }
            }
            _ => None,
        }
    }
}

/// A forward or reverse iterator over a deque.
struct DequeIter {
    /// The deque's core (`Value::Opaque`); `None` once the collector cleared the iterator.
    core: Option<Value>,
    /// The core's `state` when the iterator was made.
    state: u64,
    /// Index of the next item.
    pos: usize,
    /// Items left.
    counter: usize,
    reverse: bool,
}

impl TraceValues for DequeIter {
    fn visit_values(&self, visit: &mut dyn FnMut(&Value)) {
        self.core.iter().for_each(visit);
    }
    fn take_values(&mut self, out: &mut Vec<Value>) {
        out.extend(self.core.take());
        self.counter = 0;
    }
}

/// Interpreter-wide classes: the core class (holder of the natives) and the iterator types.
#[derive(Clone)]
struct Types {
    core: Rc<Class>,
    iter: Rc<Class>,
    reversed: Rc<Class>,
}

#[derive(Default)]
struct DequeTypes(RefCell<Option<Types>>);

const OWNER: &str = "deque";

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let core = types(vm).core;
    d.set_s("deque_core", Value::Class(core));
    Ok(())
}

fn types(vm: &mut Vm) -> Types {
    let st = vm.shared_state::<DequeTypes>();
    if let Some(t) = st.0.borrow().clone() {
        return t;
    }
    let core = rupy_objects::vm::derived("deque", &vm.object);
    core.dict().set_s("__module__", Value::str("collections"));
    let methods: [(&'static str, rupy_objects::NativeFn); 38] = [
        ("__new__", deque_new),
        ("__init__", deque_init),
        ("append", deque_append),
        ("appendleft", deque_appendleft),
        ("pop", deque_pop),
        ("popleft", deque_popleft),
        ("extend", deque_extend),
        ("extendleft", deque_extendleft),
        ("clear", deque_clear),
        ("copy", deque_copy),
        ("__copy__", deque_copy),
        ("count", deque_count),
        ("index", deque_index),
        ("insert", deque_insert),
        ("remove", deque_remove),
        ("reverse", deque_reverse),
        ("rotate", deque_rotate),
        ("tolist", deque_tolist),
        ("maxlen", deque_maxlen),
        ("__len__", deque_len),
        ("__bool__", deque_bool),
        ("__getitem__", deque_getitem),
        ("__setitem__", deque_setitem),
        ("__delitem__", deque_delitem),
        ("__contains__", deque_contains),
        ("__iter__", deque_iter),
        ("__reversed__", deque_reversed),
        ("__eq__", deque_eq),
        ("__ne__", deque_ne),
        ("__lt__", deque_lt),
        ("__le__", deque_le),
        ("__gt__", deque_gt),
        ("__ge__", deque_ge),
        ("__add__", deque_add),
        ("__mul__", deque_mul),
        ("__rmul__", deque_rmul),
        ("__iadd__", deque_iadd),
        ("__imul__", deque_imul),
    ];
    for (name, f) in methods {
        add_method(&core, OWNER, name, f);
    }
    let fwd = rupy_objects::vm::derived("_deque_iterator", &vm.object);
    let rev = rupy_objects::vm::derived("_deque_reverse_iterator", &vm.object);
    for (c, name) in [(&fwd, "_deque_iterator"), (&rev, "_deque_reverse_iterator")] {
        c.dict().set_s("__module__", Value::str("collections"));
        let owner: &'static str = name;
        add_method(c, owner, "__iter__", iter_iter);
        add_method(c, owner, "__next__", iter_next);
        add_method(c, owner, "__length_hint__", iter_length_hint);
    }
    let t = Types {
        core,
        iter: fwd,
        reversed: rev,
    };
    *st.0.borrow_mut() = Some(t.clone());
    t
}

// ---- reaching the core ----

/// The core of a deque: the payload of an instance of `deque` (or a subclass), or a bare core.
fn core_of(v: &Value) -> Option<Rc<Opaque>> {
    let o = match v {
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.try_borrow().ok()? {
                Value::Opaque(o) => o.clone(),
                _ => return None,
            },
            _ => return None,
        },
        Value::Opaque(o) => o.clone(),
        _ => return None,
    };
    is_core(&o).then_some(o)
}

fn is_core(o: &Opaque) -> bool {
    o.data.try_borrow().is_ok_and(|d| {
        d.downcast_ref::<TracedData>()
            .is_some_and(|t| (&*t.0 as &dyn Any).is::<Core>())
    })
}

/// Run `f` on the core's data. The borrow lasts only for `f`, which must not call Python.
fn with_core<R>(vm: &Vm, o: &Opaque, f: impl FnOnce(&mut Core) -> R) -> PyResult<R> {
    let Ok(mut d) = o.data.try_borrow_mut() else {
        return Err(busy(vm));
    };
    let Some(t) = d.downcast_mut::<TracedData>() else {
        return Err(busy(vm));
    };
    let Some(core) = (&mut *t.0 as &mut dyn Any).downcast_mut::<Core>() else {
        return Err(busy(vm));
    };
    Ok(f(core))
}

#[cold]
fn busy(vm: &Vm) -> PyErr {
    vm.err(ExcKind::RuntimeError, "deque is in use")
}

/// The receiver's core (`args[0]`), with CPython's message for a wrong receiver.
fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Rc<Opaque>> {
    let Some(v) = args.first() else {
        return Err(vm.type_error(format!("unbound method deque.{}() needs an argument", name)));
    };
    match core_of(v) {
        Some(o) => Ok(o),
        None => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!(
                "descriptor '{}' for 'collections.deque' objects doesn't apply to a '{}' object",
                name, t
            )))
        }
    }
}

/// The receiver of a method taking exactly `n` positional arguments and no keywords.
fn recv_n(vm: &mut Vm, args: &[Value], kw: &KwArgs, name: &str, n: usize) -> PyResult<Rc<Opaque>> {
    let o = recv(vm, args, name)?;
    if !kw.is_empty() {
        return Err(vm.type_error(format!("deque.{}() takes no keyword arguments", name)));
    }
    if args.len() != n + 1 {
        let full = format!("deque.{}", name);
        arity(vm, &full, &args[1..], n, n)?;
    }
    Ok(o)
}

fn mutated(vm: &Vm) -> PyErr {
    vm.err(ExcKind::RuntimeError, "deque mutated during iteration")
}

fn out_of_range(vm: &Vm) -> PyErr {
    vm.err(ExcKind::IndexError, "deque index out of range")
}

fn state_of(vm: &Vm, o: &Opaque) -> PyResult<u64> {
    with_core(vm, o, |c| c.state)
}

fn item_at(vm: &Vm, o: &Opaque, i: usize) -> PyResult<Option<Value>> {
    with_core(vm, o, |c| c.items.get(i).cloned())
}

fn snapshot(vm: &Vm, o: &Opaque) -> PyResult<Vec<Value>> {
    with_core(vm, o, |c| c.items.iter().cloned().collect())
}

fn new_core(vm: &mut Vm, items: VecDeque<Value>, maxlen: Option<usize>) -> Value {
    let core = types(vm).core;
    Value::Opaque(new_traced_opaque(
        core,
        Core {
            items,
            maxlen,
            state: 0,
        },
    ))
}

/// A new instance of the heap class `cls` (deque or a subclass) around a new core.
fn new_deque(vm: &mut Vm, cls: &Rc<Class>, items: VecDeque<Value>, maxlen: Option<usize>) -> Value {
    let core = new_core(vm, items, maxlen);
    Value::new_instance(Instance::new(
        cls.clone(),
        Payload::Value(RefCell::new(core)),
    ))
}

/// Whether `c` is the class that installed this module's `__new__` (deque itself, not a subclass).
fn defines_new(c: &Class) -> bool {
    matches!(c.dict().get_s("__new__"), Some(Value::Native(n)) if n.owner == OWNER && n.name == "__new__")
}

// ---- argument conversions ----

/// An index for `d[i]` (CPython's sequence protocol: `__index__`, IndexError beyond ssize_t).
fn seq_index(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(vm.err(
            ExcKind::IndexError,
            "cannot fit 'int' into an index-sized integer",
        )),
        _ if ops::lookup_special(vm, v, "__index__").is_some() => ops::index_of(vm, v),
        _ => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!("sequence index must be integer, not '{}'", t)))
        }
    }
}

/// A `Py_ssize_t` argument ("n" format): `__index__`, OverflowError beyond i64.
fn ssize(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    rupy_interp::types::str::ssize_arg(vm, v)
}

/// `maxlen` as `deque()` takes it (PyLong_AsSsize_t: ints only, no `__index__`).
fn maxlen_arg(vm: &mut Vm, v: &Value) -> PyResult<Option<usize>> {
    let v = match v {
        Value::None => return Ok(None),
        Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v) {
            Some(inner @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_))) => inner,
            _ => return Err(vm.type_error("an integer is required")),
        },
        other => other.clone(),
    };
    let n = match v {
        Value::Int(i) => i,
        Value::Bool(b) => b as i64,
        Value::BigInt(_) => {
            return Err(vm.err(
                ExcKind::OverflowError,
                "Python int too large to convert to C ssize_t",
            ));
        }
        _ => return Err(vm.type_error("an integer is required")),
    };
    if n < 0 {
        return Err(vm.value_error("maxlen must be non-negative"));
    }
    Ok(Some(n as usize))
}

// ---- construction ----

/// `deque.__new__(cls, *args, **kwargs)`: an empty, unbounded deque (`__init__` fills it).
fn deque_new(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Class(cls)) = args.first() else {
        return Err(vm.type_error("deque.__new__(X): X is not a type object"));
    };
    let is_deque = cls.flags().heap
        && !cls.flags().exception
        && cls.mro.borrow().iter().any(|c| defines_new(c));
    if !is_deque {
        return Err(vm.type_error(format!(
            "deque.__new__({}): {} is not a subtype of deque",
            cls.name(),
            cls.name()
        )));
    }
    Ok(new_deque(vm, cls, VecDeque::new(), None))
}

/// `deque.__init__(self, iterable=(), maxlen=None)`: set maxlen, clear, extend.
fn deque_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv(vm, args, "__init__")?;
    let [iterable, maxlen] =
        rupy_interp::builtins::args::bind(vm, "deque", &args[1..], kw, ["iterable", "maxlen"], 0)?;
    let maxlen = match &maxlen {
        Some(m) => maxlen_arg(vm, m)?,
        None => None,
    };
    let old = with_core(vm, &o, |c| {
        c.maxlen = maxlen;
        if c.items.is_empty() {
            VecDeque::new()
        } else {
            c.bump();
            std::mem::take(&mut c.items)
        }
    })?;
    drop(old);
    if let Some(it) = iterable {
        extend_impl(vm, &o, &args[0], &it, false)?;
    }
    Ok(Value::None)
}

// ---- the ends ----

fn deque_append(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "append", 1)?;
    let dropped = with_core(vm, &o, |c| c.push(args[1].clone(), false))?;
    drop(dropped);
    Ok(Value::None)
}

fn deque_appendleft(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "appendleft", 1)?;
    let dropped = with_core(vm, &o, |c| c.push(args[1].clone(), true))?;
    drop(dropped);
    Ok(Value::None)
}

fn pop_end(vm: &mut Vm, args: &[Value], kw: &KwArgs, left: bool) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, if left { "popleft" } else { "pop" }, 0)?;
    let v = with_core(vm, &o, |c| {
        let v = if left {
            c.items.pop_front()
        } else {
            c.items.pop_back()
        };
        if v.is_some() {
            c.bump();
        }
        v
    })?;
    v.ok_or_else(|| vm.err(ExcKind::IndexError, "pop from an empty deque"))
}

fn deque_pop(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    pop_end(vm, args, kw, false)
}

fn deque_popleft(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    pop_end(vm, args, kw, true)
}

/// Whether iterating `v` means our own `__iter__` (so its items can be read in one step).
fn iterates_natively(vm: &mut Vm, v: &Value) -> bool {
    matches!(ops::lookup_special(vm, v, "__iter__"), Some(Value::Native(n)) if n.owner == OWNER && n.name == "__iter__")
}

/// Append the items of `iterable` at one end of `o` (`this` is the deque value itself).
/// Lists, tuples and deques are added in one step, without running Python code between
/// items; other iterables one item at a time, as CPython does.
fn extend_impl(
    vm: &mut Vm,
    o: &Rc<Opaque>,
    this: &Value,
    iterable: &Value,
    left: bool,
) -> PyResult<()> {
    let known: Option<Vec<Value>> = match iterable {
        Value::List(l) => Some(l.borrow().clone()),
        Value::Tuple(t) => Some(t.to_vec()),
        _ => match core_of(iterable) {
            Some(other) if iterates_natively(vm, iterable) => Some(snapshot(vm, &other)?),
            // Extending a deque with itself reads it whole first (CPython: list(self)).
            Some(_) if iterable.is(this) => Some(ops::collect(vm, iterable)?),
            _ => None,
        },
    };
    let maxlen = with_core(vm, o, |c| c.maxlen)?;
    match known {
        Some(mut items) => {
            // Items that would be pushed out again at once are skipped.
            if let Some(m) = maxlen
                && items.len() > m
            {
                items.drain(..items.len() - m);
            }
            if items.is_empty() {
                return Ok(());
            }
            let dropped = with_core(vm, o, |c| {
                let mut dropped = Vec::new();
                for x in items {
                    dropped.extend(c.push(x, left));
                }
                dropped
            })?;
            drop(dropped);
        }
        None => {
            let it = ops::get_iter(vm, iterable)?;
            while let Some(x) = ops::next(vm, &it)? {
                if maxlen == Some(0) {
                    continue;
                }
                let dropped = with_core(vm, o, |c| c.push(x, left))?;
                drop(dropped);
            }
        }
    }
    Ok(())
}

fn deque_extend(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "extend", 1)?;
    extend_impl(vm, &o, &args[0], &args[1], false)?;
    Ok(Value::None)
}

fn deque_extendleft(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "extendleft", 1)?;
    extend_impl(vm, &o, &args[0], &args[1], true)?;
    Ok(Value::None)
}

fn deque_clear(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "clear", 0)?;
    let old = with_core(vm, &o, |c| {
        if !c.items.is_empty() {
            c.bump();
        }
        std::mem::take(&mut c.items)
    })?;
    drop(old);
    Ok(Value::None)
}

// ---- whole-deque operations ----

/// CPython's `deque_copy`: for `deque` itself a new deque with the same items and maxlen (one
/// step); for a subclass `type(d)(d)` or `type(d)(d, maxlen)`, which must return a deque.
fn copy_of(vm: &mut Vm, this: &Value, o: &Rc<Opaque>) -> PyResult<Value> {
    let cls = vm.type_of(this);
    if !cls.flags().heap {
        // A bare core (reached only through a fallback of the operators).
        let (items, maxlen) = with_core(vm, o, |c| (c.items.clone(), c.maxlen))?;
        return Ok(new_core(vm, items, maxlen));
    }
    if defines_new(&cls) {
        let (items, maxlen) = with_core(vm, o, |c| (c.items.clone(), c.maxlen))?;
        return Ok(new_deque(vm, &cls, items, maxlen));
    }
    let maxlen = with_core(vm, o, |c| c.maxlen)?;
    let mut call_args = vec![this.clone()];
    if let Some(m) = maxlen {
        call_args.push(Value::Int(m as i64));
    }
    let r = call_value(vm, &Value::Class(cls.clone()), &call_args, &[])?;
    if core_of(&r).is_none() {
        let t = ops::type_name(vm, &r);
        return Err(vm.type_error(format!("{}() must return a deque, not {}", cls.name(), t)));
    }
    Ok(r)
}

fn deque_copy(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "copy", 0)?;
    copy_of(vm, &args[0], &o)
}

fn deque_tolist(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "tolist", 0)?;
    Ok(Value::list(snapshot(vm, &o)?))
}

fn deque_maxlen(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let o = recv(vm, args, "maxlen")?;
    let m = with_core(vm, &o, |c| c.maxlen)?;
    Ok(m.map_or(Value::None, |m| Value::Int(m as i64)))
}

fn deque_len(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__len__", 0)?;
    Ok(Value::Int(with_core(vm, &o, |c| c.items.len())? as i64))
}

fn deque_bool(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__bool__", 0)?;
    Ok(Value::bool(with_core(vm, &o, |c| !c.items.is_empty())?))
}

fn deque_reverse(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "reverse", 0)?;
    // No state change: CPython's iterators keep going over the reversed items.
    with_core(vm, &o, |c| c.items.make_contiguous().reverse())?;
    Ok(Value::None)
}

fn deque_rotate(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv(vm, args, "rotate")?;
    no_kwargs(vm, "deque.rotate", kw)?;
    arity(vm, "rotate", &args[1..], 0, 1)?;
    let n = match args.get(1) {
        Some(v) => ssize(vm, v)?,
        None => 1,
    };
    with_core(vm, &o, |c| {
        let len = c.items.len();
        if len > 1 {
            c.bump();
            let k = n.rem_euclid(len as i64) as usize;
            c.items.rotate_right(k);
        }
    })?;
    Ok(Value::None)
}

// ---- indexing ----

/// `i` (negative from the end) as a position in a deque of `len` items.
fn position(i: i64, len: usize) -> Option<usize> {
    let i = if i < 0 { i.checked_add(len as i64)? } else { i };
    (0..len as i64).contains(&i).then_some(i as usize)
}

fn deque_getitem(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__getitem__", 1)?;
    let i = seq_index(vm, &args[1])?;
    let v = with_core(vm, &o, |c| {
        position(i, c.items.len()).and_then(|p| c.items.get(p).cloned())
    })?;
    v.ok_or_else(|| out_of_range(vm))
}

fn deque_setitem(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__setitem__", 2)?;
    let i = seq_index(vm, &args[1])?;
    let old = with_core(vm, &o, |c| {
        let p = position(i, c.items.len())?;
        c.items
            .get_mut(p)
            .map(|slot| std::mem::replace(slot, args[2].clone()))
    })?;
    match old {
        Some(old) => {
            drop(old);
            Ok(Value::None)
        }
        None => Err(out_of_range(vm)),
    }
}

fn deque_delitem(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__delitem__", 1)?;
    let i = seq_index(vm, &args[1])?;
    let old = with_core(vm, &o, |c| {
        let p = position(i, c.items.len())?;
        c.bump();
        c.items.remove(p)
    })?;
    match old {
        Some(old) => {
            drop(old);
            Ok(Value::None)
        }
        None => Err(out_of_range(vm)),
    }
}

fn deque_insert(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "insert", 2)?;
    let i = ssize(vm, &args[1])?;
    let full = with_core(vm, &o, |c| {
        let n = c.items.len() as i64;
        if c.maxlen == Some(c.items.len()) {
            return true;
        }
        let x = args[2].clone();
        if i >= n {
            c.items.push_back(x);
        } else if i <= -n || i == 0 {
            c.items.push_front(x);
        } else {
            let p = if i < 0 { n + i } else { i };
            c.items.insert(p as usize, x);
        }
        c.bump();
        false
    })?;
    if full {
        return Err(vm.err(ExcKind::IndexError, "deque already at its maximum size"));
    }
    Ok(Value::None)
}

// ---- searching (may run __eq__) ----

fn deque_count(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "count", 1)?;
    let (n, start) = with_core(vm, &o, |c| (c.items.len(), c.state))?;
    let mut count = 0;
    for i in 0..n {
        let Some(item) = item_at(vm, &o, i)? else {
            break;
        };
        if ops::eq_contained(vm, &item, &args[1])? {
            count += 1;
        }
        if state_of(vm, &o)? != start {
            return Err(mutated(vm));
        }
    }
    Ok(Value::Int(count))
}

fn deque_contains(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__contains__", 1)?;
    let (n, start) = with_core(vm, &o, |c| (c.items.len(), c.state))?;
    for i in 0..n {
        let Some(item) = item_at(vm, &o, i)? else {
            break;
        };
        if ops::eq_contained(vm, &item, &args[1])? {
            return Ok(Value::Bool(Truth::True));
        }
        if state_of(vm, &o)? != start {
            return Err(mutated(vm));
        }
    }
    Ok(Value::Bool(Truth::False))
}

fn deque_index(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv(vm, args, "index")?;
    no_kwargs(vm, "deque.index", kw)?;
    arity(vm, "index", &args[1..], 1, 3)?;
    let x = &args[1];
    let (len, start_state) = with_core(vm, &o, |c| (c.items.len() as i64, c.state))?;
    let mut start = match args.get(2) {
        Some(v) => ops::index_bound(vm, v)?,
        None => 0,
    };
    let mut stop = match args.get(3) {
        Some(v) => ops::index_bound(vm, v)?,
        None => len,
    };
    if start < 0 {
        start = (start + len).max(0);
    }
    if stop < 0 {
        stop = (stop + len).max(0);
    }
    stop = stop.min(len);
    start = start.min(stop);
    for i in start..stop {
        let Some(item) = item_at(vm, &o, i as usize)? else {
            break;
        };
        if ops::eq_contained(vm, &item, x)? {
            return Ok(Value::Int(i));
        }
        if state_of(vm, &o)? != start_state {
            return Err(mutated(vm));
        }
    }
    let r = ops::repr_string(vm, x)?;
    Err(vm.value_error(format!("{} is not in deque", r)))
}

fn deque_remove(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "remove", 1)?;
    let (n, start) = with_core(vm, &o, |c| (c.items.len(), c.state))?;
    for i in 0..n {
        let Some(item) = item_at(vm, &o, i)? else {
            break;
        };
        let found = ops::eq_contained(vm, &item, &args[1])?;
        if state_of(vm, &o)? != start {
            return Err(vm.err(ExcKind::IndexError, "deque mutated during iteration"));
        }
        if found {
            let old = with_core(vm, &o, |c| {
                c.bump();
                c.items.remove(i)
            })?;
            drop(old);
            return Ok(Value::None);
        }
    }
    let r = ops::repr_string(vm, &args[1])?;
    Err(vm.value_error(format!("{} is not in deque", r)))
}

// ---- comparisons ----

/// CPython's `deque_richcompare`: walk both deques (an iterator each: a mutation raises)
/// until the first unequal pair, then compare that pair, or the lengths.
fn richcompare(vm: &mut Vm, args: &[Value], kw: &KwArgs, op: CmpOp, name: &str) -> PyResult<Value> {
    let a = recv_n(vm, args, kw, name, 1)?;
    let Some(b) = core_of(&args[1]) else {
        return Ok(Value::NotImplemented);
    };
    let (alen, astate) = with_core(vm, &a, |c| (c.items.len(), c.state))?;
    let (blen, bstate) = with_core(vm, &b, |c| (c.items.len(), c.state))?;
    if matches!(op, CmpOp::Eq | CmpOp::Ne) {
        if Rc::ptr_eq(&a, &b) {
            return Ok(Value::bool(op == CmpOp::Eq));
        }
        if alen != blen {
            return Ok(Value::bool(op == CmpOp::Ne));
        }
    }
    rupy_interp::eval::enter_nested(vm, " in comparison")?;
    let r = compare_items(vm, op, (&a, alen, astate), (&b, blen, bstate));
    rupy_interp::eval::leave_nested(vm);
    r
}

fn compare_items(
    vm: &mut Vm,
    op: CmpOp,
    a: (&Rc<Opaque>, usize, u64),
    b: (&Rc<Opaque>, usize, u64),
) -> PyResult<Value> {
    let mut i = 0;
    let (x_left, y_left) = loop {
        let x = next_checked(vm, a, i)?;
        let y = next_checked(vm, b, i)?;
        let (Some(x), Some(y)) = (x, y) else {
            break (i < a.1, i < b.1);
        };
        if !ops::eq_contained(vm, &x, &y)? {
            let r = ops::richcompare(vm, op, &x, &y)?;
            return Ok(Value::bool(ops::truthy(vm, &r)?));
        }
        i += 1;
    };
    Ok(Value::bool(match op {
        CmpOp::Lt => y_left,
        CmpOp::Le => !x_left,
        CmpOp::Eq => x_left == y_left,
        CmpOp::Ne => x_left != y_left,
        CmpOp::Gt => x_left,
        CmpOp::Ge => !y_left,
    }))
}

/// Item `i` of a deque as its iterator would give it: error if mutated, None past its length.
fn next_checked(
    vm: &mut Vm,
    (o, len, state): (&Rc<Opaque>, usize, u64),
    i: usize,
) -> PyResult<Option<Value>> {
    let (now, item) = with_core(vm, o, |c| (c.state, c.items.get(i).cloned()))?;
    if now != state {
        return Err(mutated(vm));
    }
    Ok(if i < len { item } else { None })
}

fn deque_eq(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    richcompare(vm, args, kw, CmpOp::Eq, "__eq__")
}
fn deque_ne(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    richcompare(vm, args, kw, CmpOp::Ne, "__ne__")
}
fn deque_lt(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    richcompare(vm, args, kw, CmpOp::Lt, "__lt__")
}
fn deque_le(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    richcompare(vm, args, kw, CmpOp::Le, "__le__")
}
fn deque_gt(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    richcompare(vm, args, kw, CmpOp::Gt, "__gt__")
}
fn deque_ge(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    richcompare(vm, args, kw, CmpOp::Ge, "__ge__")
}

// ---- arithmetic ----

fn deque_add(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__add__", 1)?;
    if core_of(&args[1]).is_none() {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            t
        )));
    }
    let new = copy_of(vm, &args[0], &o)?;
    let Some(n) = core_of(&new) else {
        return Ok(new);
    };
    extend_impl(vm, &n, &new, &args[1], false)?;
    Ok(new)
}

fn deque_iadd(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__iadd__", 1)?;
    extend_impl(vm, &o, &args[0], &args[1], false)?;
    Ok(args[0].clone())
}

/// The count of a repetition, or None when `n` is no integer (then the caller declines).
fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<i64>> {
    match n {
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(*b as i64)),
        Value::BigInt(_) => Err(vm.err(
            ExcKind::OverflowError,
            "cannot fit 'int' into an index-sized integer",
        )),
        _ if ops::lookup_special(vm, n, "__index__").is_some() => match ops::to_index(vm, n)? {
            Value::Int(i) => Ok(Some(i)),
            _ => Err(vm.err(
                ExcKind::OverflowError,
                "cannot fit 'int' into an index-sized integer",
            )),
        },
        _ => Ok(None),
    }
}

/// CPython's `deque_inplace_repeat`: the items `n` times, keeping the last `maxlen`.
fn repeat_in_place(vm: &mut Vm, o: &Rc<Opaque>, n: i64) -> PyResult<()> {
    let r = with_core(vm, o, |c| {
        let size = c.items.len();
        if size == 0 || n == 1 {
            return Ok(VecDeque::new());
        }
        if n <= 0 {
            c.bump();
            return Ok(std::mem::take(&mut c.items));
        }
        let mut n = n as usize;
        if let Some(m) = c.maxlen
            && n.saturating_mul(size) > m
        {
            n = m.div_ceil(size).max(1);
        }
        let total = size.checked_mul(n).ok_or(())?;
        let mut out: VecDeque<Value> = VecDeque::new();
        out.try_reserve(total).map_err(|_| ())?;
        for _ in 0..n {
            out.extend(c.items.iter().cloned());
        }
        if let Some(m) = c.maxlen
            && out.len() > m
        {
            out.drain(..out.len() - m);
        }
        c.bump();
        Ok(std::mem::replace(&mut c.items, out))
    })?;
    match r {
        Ok(old) => {
            drop(old);
            Ok(())
        }
        Err(()) => Err(vm.err(ExcKind::MemoryError, "")),
    }
}

fn not_int_error(vm: &mut Vm, n: &Value) -> PyErr {
    let t = ops::type_name(vm, n);
    vm.type_error(format!(
        "can't multiply sequence by non-int of type '{}'",
        t
    ))
}

/// `d * n`.
fn deque_mul(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    repeat(vm, args, kw, "__mul__")
}

/// `n * d`.
fn deque_rmul(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    repeat(vm, args, kw, "__rmul__")
}

fn repeat(vm: &mut Vm, args: &[Value], kw: &KwArgs, name: &str) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, name, 1)?;
    let Some(n) = repeat_count(vm, &args[1])? else {
        // A Python class may still handle `d * x` in its reflected method.
        if name == "__mul__"
            && matches!(
                ops::lookup_special(vm, &args[1], "__rmul__"),
                Some(Value::Function(_))
            )
        {
            return Ok(Value::NotImplemented);
        }
        // `seq * d`: CPython repeats the left sequence, and complains about the deque.
        let seq = |v: &Value| {
            matches!(
                v,
                Value::Str(_)
                    | Value::Bytes(_)
                    | Value::ByteArray(_)
                    | Value::List(_)
                    | Value::Tuple(_)
            ) || core_of(v).is_some()
        };
        let left_seq =
            seq(&args[1]) || rupy_interp::types::unwrap_builtin(&args[1]).is_some_and(|v| seq(&v));
        if name == "__rmul__" && left_seq {
            return Err(not_int_error(vm, &args[0]));
        }
        return Err(not_int_error(vm, &args[1]));
    };
    let new = copy_of(vm, &args[0], &o)?;
    if let Some(c) = core_of(&new) {
        repeat_in_place(vm, &c, n)?;
    }
    Ok(new)
}

fn deque_imul(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let o = recv_n(vm, args, kw, "__imul__", 1)?;
    let Some(n) = repeat_count(vm, &args[1])? else {
        return Err(not_int_error(vm, &args[1]));
    };
    repeat_in_place(vm, &o, n)?;
    Ok(args[0].clone())
}

// ---- iterators ----

fn make_iter(vm: &mut Vm, args: &[Value], kw: &KwArgs, reverse: bool) -> PyResult<Value> {
    let o = recv_n(
        vm,
        args,
        kw,
        if reverse { "__reversed__" } else { "__iter__" },
        0,
    )?;
    let (len, state) = with_core(vm, &o, |c| (c.items.len(), c.state))?;
    let t = types(vm);
    let it = DequeIter {
        core: Some(Value::Opaque(o)),
        state,
        pos: if reverse { len.saturating_sub(1) } else { 0 },
        counter: len,
        reverse,
    };
    Ok(Value::Opaque(new_traced_opaque(
        if reverse { t.reversed } else { t.iter },
        it,
    )))
}

fn deque_iter(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    make_iter(vm, args, kw, false)
}

fn deque_reversed(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    make_iter(vm, args, kw, true)
}

fn with_iter<R>(vm: &mut Vm, args: &[Value], f: impl FnOnce(&mut DequeIter) -> R) -> PyResult<R> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Ok(mut d) = o.data.try_borrow_mut()
        && let Some(t) = d.downcast_mut::<TracedData>()
        && let Some(it) = (&mut *t.0 as &mut dyn Any).downcast_mut::<DequeIter>()
    {
        return Ok(f(it));
    }
    Err(vm.type_error("descriptor requires a '_deque_iterator' object"))
}

fn iter_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_iter(vm, args, |_| ())?;
    Ok(args[0].clone())
}

fn iter_length_hint(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(with_iter(vm, args, |it| it.counter)? as i64))
}

enum Step {
    Item(Value),
    Done,
    Mutated,
}

fn iter_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let step = with_iter(vm, args, |it| {
        let Some(Value::Opaque(core)) = &it.core else {
            return Step::Done;
        };
        // CPython's reverse iterator tests for the end first, the forward one for a mutation.
        if it.reverse && it.counter == 0 {
            return Step::Done;
        }
        let Ok(d) = core.data.try_borrow() else {
            return Step::Done;
        };
        let Some(c) = d
            .downcast_ref::<TracedData>()
            .and_then(|t| (&*t.0 as &dyn Any).downcast_ref::<Core>())
        else {
            return Step::Done;
        };
        if c.state != it.state {
            it.counter = 0;
            return Step::Mutated;
        }
        if it.counter == 0 {
            return Step::Done;
        }
        let Some(item) = c.items.get(it.pos).cloned() else {
            return Step::Done;
        };
        it.counter -= 1;
        it.pos = if it.reverse {
            it.pos.saturating_sub(1)
        } else {
            it.pos + 1
        };
        Step::Item(item)
    })?;
    match step {
        Step::Item(v) => Ok(v),
        Step::Done => Err(rupy_interp::builtins::stop_iteration(vm, Value::None)),
        Step::Mutated => Err(mutated(vm)),
    }
}
