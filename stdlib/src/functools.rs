//! `_functools`, the native half of `functools`: `reduce`, `cmp_to_key`, `partial` with
//! `Placeholder`, and `_lru_cache_wrapper`, the cache behind `lru_cache`/`cache`.
//!
//! `_lru_cache_wrapper(user_function, maxsize, typed, cache_info_type)` returns an instance of
//! the native class `functools._lru_cache_wrapper` (it has a `__dict__`, so `update_wrapper`
//! can set `__wrapped__`, `__name__`...). Its state (an opaque *core* in the instance's
//! payload, tracked by the cycle collector) holds the function, a dict from keys to results
//! and the hit/miss counters. Keys are built as CPython's `_make_key` builds
//! them: the positional arguments, then a marker object and the keyword items, then (typed)
//! the argument types; a single untyped `int` or `str` argument is its own key. A bounded
//! cache keeps its recency order in a linked list of nodes beside the dict (a hit relinks a
//! node; it does not touch the dict).
//! `maxsize=0` caches nothing (only counts misses, so unhashable arguments are fine);
//! `maxsize=None` never evicts.
//!
//! The core is never borrowed across a call into Python (hashing, `__eq__` of keys and the
//! user function may re-enter the wrapper, e.g. a recursive `fib`): each step copies what
//! it needs out of the core first. If the user function added the same key meanwhile
//! (recursion), that entry is kept, as in CPython.
//!
//! `partial` is a native class (subclassable; instances carry their state as an opaque
//! payload and have a `__dict__`) with 3.14's `Placeholder` (`_PlaceholderType` singleton):
//! placeholders are filled from the call's positional arguments in order, trailing ones are
//! refused; a partial of a partial without instance attributes is flattened. It is not a
//! method descriptor (no `__get__`), as before 3.14.
//!
//! Known differences: no lock (CPython's is also only the GIL); `KeyWrapper` prints as
//! `KeyWrapper` in messages where CPython says `functools.KeyWrapper`; partial has no
//! vectorcall fast path (each call builds the merged argument list).

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn_doc, add_method};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::gc::{TraceValues, TracedData, new_traced_opaque};
use rupy_objects::{Class, Instance, KwArgs, Opaque, Payload, PyDict, PyResult, Value, Vm};

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn_doc(
        vm,
        d,
        "reduce",
        "reduce(function, iterable[, initial], /) -> value\n\nApply a function of two arguments cumulatively to the items of an iterable, from left to right.\n\nThis effectively reduces the iterable to a single value.  If initial is present,\nit is placed before the items of the iterable in the calculation, and serves as\na default when the iterable is empty.\n\nFor example, reduce(lambda x, y: x+y, [1, 2, 3, 4, 5])\ncalculates ((((1 + 2) + 3) + 4) + 5).",
        reduce,
    );
    add_fn_doc(
        vm,
        d,
        "cmp_to_key",
        "Convert a cmp= function into a key= function.\n\n  mycmp\n    Function that compares two objects.",
        cmp_to_key,
    );
    let t = types(vm);
    d.set_s("_lru_cache_wrapper", Value::Class(t.lru));
    d.set_s("KeyWrapper", Value::Class(t.key));
    let p = partial_types(vm);
    d.set_s("partial", Value::Class(p.partial));
    d.set_s("Placeholder", p.placeholder.clone());
    if let Value::Opaque(o) = &p.placeholder {
        d.set_s("_PlaceholderType", Value::Class(o.class.clone()));
    }
    Ok(())
}

// ---- reduce ----

fn reduce(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [f, seq, initial] = rupy_interp::builtins::args::bind(
        vm,
        "reduce",
        args,
        kw,
        ["function", "iterable", "initial"],
        0,
    )?;
    let (Some(f), Some(seq)) = (f, seq) else {
        return Err(vm.type_error(format!(
            "reduce expected at least 2 arguments, got {}",
            args.len()
        )));
    };
    let it = match ops::iter::get_iter(vm, &seq) {
        Ok(it) => it,
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) => {
            return Err(vm.type_error("reduce() arg 2 must support iteration"));
        }
        Err(e) => return Err(e),
    };
    let mut acc = match initial {
        Some(v) => v,
        None => match ops::iter::next(vm, &it)? {
            Some(v) => v,
            None => {
                return Err(vm.type_error("reduce() of empty iterable with no initial value"));
            }
        },
    };
    let mut n = 0u32;
    while let Some(x) = ops::iter::next(vm, &it)? {
        acc = call_value(vm, &f, &[acc, x], &[])?;
        n = n.wrapping_add(1);
        if n.is_multiple_of(4096) {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
    Ok(acc)
}

// ---- classes ----

#[derive(Clone)]
struct Types {
    lru: Rc<Class>,
    key: Rc<Class>,
    /// The object marking where keyword items start in a cache key.
    kwd_mark: Value,
}

#[derive(Default)]
struct TypeCache(RefCell<Option<Types>>);

fn types(vm: &mut Vm) -> Types {
    let st = vm.shared_state::<TypeCache>();
    if let Some(t) = st.0.borrow().clone() {
        return t;
    }
    let lru = rupy_objects::vm::derived("_lru_cache_wrapper", &vm.object);
    lru.dict().set_s("__module__", Value::str("functools"));
    add_method(&lru, "_lru_cache_wrapper", "__new__", lru_new);
    add_method(&lru, "_lru_cache_wrapper", "__call__", lru_call);
    add_method(&lru, "_lru_cache_wrapper", "__get__", lru_get);
    add_method(&lru, "_lru_cache_wrapper", "cache_info", lru_info);
    add_method(&lru, "_lru_cache_wrapper", "cache_clear", lru_clear);
    add_method(&lru, "_lru_cache_wrapper", "__reduce__", |vm, a, _| {
        let n = vm.intern("__qualname__");
        ops::getattr(vm, &a[0], &n)
    });
    // The instance's payload is its core: without this, repr would show the core's.
    add_method(&lru, "_lru_cache_wrapper", "__repr__", |_, a, _| {
        Ok(Value::string(format!(
            "<functools._lru_cache_wrapper object at {}>",
            rupy_interp::types::hex_id(&a[0])
        )))
    });
    add_method(&lru, "_lru_cache_wrapper", "__copy__", |_, a, _| {
        Ok(a[0].clone())
    });
    add_method(&lru, "_lru_cache_wrapper", "__deepcopy__", |_, a, _| {
        Ok(a[0].clone())
    });
    let key = rupy_objects::vm::derived("KeyWrapper", &vm.object);
    key.dict().set_s("__module__", Value::str("functools"));
    key.dict().set_s("__hash__", Value::None);
    add_method(&key, "KeyWrapper", "__call__", key_call);
    add_method(&key, "KeyWrapper", "__lt__", |vm, a, _| {
        key_cmp(vm, a, CmpOp::Lt)
    });
    add_method(&key, "KeyWrapper", "__le__", |vm, a, _| {
        key_cmp(vm, a, CmpOp::Le)
    });
    add_method(&key, "KeyWrapper", "__eq__", |vm, a, _| {
        key_cmp(vm, a, CmpOp::Eq)
    });
    add_method(&key, "KeyWrapper", "__ne__", |vm, a, _| {
        key_cmp(vm, a, CmpOp::Ne)
    });
    add_method(&key, "KeyWrapper", "__gt__", |vm, a, _| {
        key_cmp(vm, a, CmpOp::Gt)
    });
    add_method(&key, "KeyWrapper", "__ge__", |vm, a, _| {
        key_cmp(vm, a, CmpOp::Ge)
    });
    rupy_interp::builtins::args::add_getter(&key, "KeyWrapper", "obj", |vm, a, _| match key_state(
        &a[0],
    ) {
        Some((_, Some(o))) => Ok(o),
        _ => Err(vm.err(ExcKind::AttributeError, "obj")),
    });
    let kwd_mark = Value::Opaque(Rc::new(Opaque {
        class: vm.object.clone(),
        data: RefCell::new(Box::new(())),
    }));
    let t = Types { lru, key, kwd_mark };
    *st.0.borrow_mut() = Some(t.clone());
    t
}

// ---- cmp_to_key ----

/// A `KeyWrapper`: the comparison function and, once called with an object, that object.
struct KeyData {
    cmp: Value,
    obj: Option<Value>,
}

impl TraceValues for KeyData {
    fn visit_values(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.cmp);
        self.obj.iter().for_each(visit);
    }
    fn take_values(&mut self, out: &mut Vec<Value>) {
        out.push(std::mem::replace(&mut self.cmp, Value::None));
        out.extend(self.obj.take());
    }
}

fn key_state(v: &Value) -> Option<(Value, Option<Value>)> {
    let Value::Opaque(o) = v else { return None };
    let d = o.data.try_borrow().ok()?;
    let t = d.downcast_ref::<TracedData>()?;
    let k = (&*t.0 as &dyn std::any::Any).downcast_ref::<KeyData>()?;
    Some((k.cmp.clone(), k.obj.clone()))
}

fn new_key(vm: &mut Vm, cmp: Value, obj: Option<Value>) -> Value {
    let cls = types(vm).key;
    Value::Opaque(new_traced_opaque(cls, KeyData { cmp, obj }))
}

fn cmp_to_key(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [cmp] = rupy_interp::builtins::args::bind(vm, "cmp_to_key", args, kw, ["mycmp"], 1)?;
    let Some(cmp) = cmp else {
        unreachable!("bind checked the required argument")
    };
    Ok(new_key(vm, cmp, None))
}

fn key_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some((cmp, _)) = args.first().and_then(key_state) else {
        return Err(vm.type_error("descriptor '__call__' requires a 'functools.KeyWrapper' object"));
    };
    let [obj] = rupy_interp::builtins::args::bind(vm, "K", &args[1..], kw, ["obj"], 0)?;
    let Some(obj) = obj else {
        return Err(vm.type_error("K() missing required argument 'obj' (pos 1)"));
    };
    Ok(new_key(vm, cmp, Some(obj)))
}

fn key_cmp(vm: &mut Vm, args: &[Value], op: CmpOp) -> PyResult<Value> {
    let (Some((cmp, Some(a))), Some(other)) = (args.first().and_then(key_state), args.get(1))
    else {
        return Err(vm.type_error("other argument must be K instance"));
    };
    let b = match key_state(other) {
        Some((_, Some(b))) if matches!(other, Value::Opaque(o) if Rc::ptr_eq(&o.class, &types(vm).key)) => {
            b
        }
        _ => return Err(vm.type_error("other argument must be K instance")),
    };
    let r = call_value(vm, &cmp, &[a, b], &[])?;
    ops::compare::compare(vm, op, &r, &Value::Int(0))
}

// ---- _lru_cache_wrapper ----

struct Lru {
    func: Value,
    /// Unbounded: key -> result. Bounded: key -> index (an int) of its node in `nodes`.
    cache: Rc<PyDict>,
    /// Bounded caches only: the entries as a doubly linked list in recency order (head is
    /// the least recently used). A node keeps its index while it is in the cache; eviction
    /// reuses the head's slot, so the list never outgrows `maxsize`.
    nodes: Vec<Node>,
    head: usize,
    tail: usize,
    info_type: Value,
    /// `None`: unbounded; `Some(0)`: no caching.
    maxsize: Option<usize>,
    typed: bool,
    hits: i64,
    misses: i64,
}

struct Node {
    key: Value,
    result: Value,
    hash: i64,
    prev: usize,
    next: usize,
}

const NIL: usize = usize::MAX;

impl Lru {
    fn unlink(&mut self, i: usize) {
        let (p, n) = (self.nodes[i].prev, self.nodes[i].next);
        if p == NIL {
            self.head = n;
        } else {
            self.nodes[p].next = n;
        }
        if n == NIL {
            self.tail = p;
        } else {
            self.nodes[n].prev = p;
        }
    }

    fn push_tail(&mut self, i: usize) {
        self.nodes[i].prev = self.tail;
        self.nodes[i].next = NIL;
        if self.tail == NIL {
            self.head = i;
        } else {
            let t = self.tail;
            self.nodes[t].next = i;
        }
        self.tail = i;
    }

    /// Mark node `i` (found for a key hashing to `hash`) most recently used; its result.
    /// `None` if `i` is stale (the slot was reused while a key comparison ran Python code).
    fn touch(&mut self, i: usize, hash: i64) -> Option<Value> {
        if self.nodes.get(i).is_none_or(|n| n.hash != hash) {
            return None;
        }
        if self.tail != i {
            self.unlink(i);
            self.push_tail(i);
        }
        Some(self.nodes[i].result.clone())
    }

    fn clear_nodes(&mut self) -> Vec<Node> {
        self.head = NIL;
        self.tail = NIL;
        std::mem::take(&mut self.nodes)
    }
}

impl TraceValues for Lru {
    fn visit_values(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        visit(&self.info_type);
        for (k, v) in self.cache.entries() {
            visit(&k);
            visit(&v);
        }
        for n in &self.nodes {
            visit(&n.key);
            visit(&n.result);
        }
    }
    fn take_values(&mut self, out: &mut Vec<Value>) {
        out.push(std::mem::replace(&mut self.func, Value::None));
        out.push(std::mem::replace(&mut self.info_type, Value::None));
        out.extend(self.cache.entries().into_iter().flat_map(|(k, v)| [k, v]));
        self.cache.clear();
        out.extend(
            self.clear_nodes()
                .into_iter()
                .flat_map(|n| [n.key, n.result]),
        );
    }
}

/// The core of a wrapper instance.
fn core_of(v: &Value) -> Option<Rc<Opaque>> {
    let Value::Instance(i) = v else { return None };
    let Payload::Value(p) = &i.payload else {
        return None;
    };
    match &*p.try_borrow().ok()? {
        Value::Opaque(o) => Some(o.clone()),
        _ => None,
    }
}

/// Run `f` on a core. `f` must not call Python.
fn with_lru<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut Lru) -> R) -> PyResult<R> {
    let err = || vm.type_error("descriptor requires a 'functools._lru_cache_wrapper' object");
    let o = core_of(v).ok_or_else(err)?;
    let Ok(mut d) = o.data.try_borrow_mut() else {
        return Err(err());
    };
    let Some(t) = d.downcast_mut::<TracedData>() else {
        return Err(err());
    };
    let Some(l) = (&mut *t.0 as &mut dyn std::any::Any).downcast_mut::<Lru>() else {
        return Err(err());
    };
    Ok(f(l))
}

fn lru_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Class(cls)) = args.first() else {
        return Err(vm.type_error("_lru_cache_wrapper.__new__(X): X is not a type object"));
    };
    let cls = cls.clone();
    let [func, maxsize, typed, info] = rupy_interp::builtins::args::bind(
        vm,
        "_lru_cache_wrapper",
        &args[1..],
        kw,
        ["user_function", "maxsize", "typed", "cache_info_type"],
        4,
    )?;
    let (Some(func), Some(maxsize), Some(typed), Some(info_type)) = (func, maxsize, typed, info)
    else {
        unreachable!("bind checked the required arguments")
    };
    if !rupy_interp::call::is_callable(vm, &func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    let maxsize = match &maxsize {
        Value::None => None,
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            // A huge positive bound is as good as none; a huge negative one means 0.
            let n = match &maxsize {
                Value::BigInt(b) if num_traits::Signed::is_negative(&**b) => 0,
                _ => rupy_interp::types::str::ssize_arg(vm, &maxsize).unwrap_or(i64::MAX),
            };
            Some(n.max(0) as usize)
        }
        _ => return Err(vm.type_error("maxsize should be integer or None")),
    };
    let typed = ops::truthy(vm, &typed)?;
    let core = new_traced_opaque(
        vm.object.clone(),
        Lru {
            func,
            cache: PyDict::new_rc_untracked(),
            nodes: Vec::new(),
            head: NIL,
            tail: NIL,
            info_type,
            maxsize,
            typed,
            hits: 0,
            misses: 0,
        },
    );
    Ok(Value::new_instance(Instance::new(
        cls,
        Payload::Value(RefCell::new(Value::Opaque(core))),
    )))
}

/// CPython's `_make_key`.
fn make_key(vm: &mut Vm, args: &[Value], kw: &KwArgs, typed: bool) -> Value {
    if !typed
        && kw.is_empty()
        && let [one @ (Value::Int(_) | Value::Str(_) | Value::BigInt(_))] = args
    {
        return one.clone();
    }
    let mut key = Vec::with_capacity(args.len() * (1 + typed as usize) + kw.len() * 3 + 1);
    key.extend_from_slice(args);
    if !kw.is_empty() {
        key.push(types(vm).kwd_mark);
        for (k, v) in kw {
            key.push(Value::Str(k.clone()));
            key.push(v.clone());
        }
    }
    if typed {
        for a in args {
            key.push(Value::Class(vm.type_of(a)));
        }
        for (_, v) in kw {
            key.push(Value::Class(vm.type_of(v)));
        }
    }
    Value::tuple(key)
}

fn lru_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(me) = args.first() else {
        return Err(vm.type_error("descriptor '__call__' needs an argument"));
    };
    let (func, cache, maxsize, typed) = with_lru(vm, me, |l| {
        (l.func.clone(), l.cache.clone(), l.maxsize, l.typed)
    })?;
    let call_args = &args[1..];
    let Some(max) = maxsize else {
        return unbounded_call(vm, me, &func, &cache, call_args, kw, typed);
    };
    if max == 0 {
        with_lru(vm, me, |l| l.misses += 1)?;
        return call_value(vm, &func, call_args, kw);
    }
    let key = make_key(vm, call_args, kw, typed);
    let hash = ops::hash(vm, &key)?;
    let found = cache.get(hash, &key, &mut |a, b| ops::eq(vm, a, b))?;
    if let Some(Value::Int(i)) = found
        && let Some(r) = with_lru(vm, me, |l| {
            let r = l.touch(i as usize, hash);
            if r.is_some() {
                l.hits += 1;
            }
            r
        })?
    {
        return Ok(r);
    }
    with_lru(vm, me, |l| l.misses += 1)?;
    let r = call_value(vm, &func, call_args, kw)?;
    if cache.contains(hash, &key, &mut |a, b| ops::eq(vm, a, b))? {
        // The call added this key (recursion): keep that entry.
        return Ok(r);
    }
    let node = Node {
        key: key.clone(),
        result: r.clone(),
        hash,
        prev: NIL,
        next: NIL,
    };
    // Either a new node at the tail, or the head's slot reused (returning the evicted node).
    let (idx, evicted) = with_lru(vm, me, |l| {
        if l.nodes.len() < max || l.head == NIL {
            l.nodes.push(node);
            let i = l.nodes.len() - 1;
            l.push_tail(i);
            (i, None)
        } else {
            let i = l.head;
            l.unlink(i);
            let old = std::mem::replace(&mut l.nodes[i], node);
            l.push_tail(i);
            (i, Some(old))
        }
    })?;
    if let Some(old) = evicted {
        cache.remove(old.hash, &old.key, &mut |a, b| ops::eq(vm, a, b))?;
    }
    cache.insert(hash, key, Value::Int(idx as i64), &mut |a, b| {
        ops::eq(vm, a, b)
    })?;
    Ok(r)
}

fn unbounded_call(
    vm: &mut Vm,
    me: &Value,
    func: &Value,
    cache: &PyDict,
    call_args: &[Value],
    kw: &KwArgs,
    typed: bool,
) -> PyResult<Value> {
    let key = make_key(vm, call_args, kw, typed);
    let hash = ops::hash(vm, &key)?;
    if let Some(r) = cache.get(hash, &key, &mut |a, b| ops::eq(vm, a, b))? {
        with_lru(vm, me, |l| l.hits += 1)?;
        return Ok(r);
    }
    with_lru(vm, me, |l| l.misses += 1)?;
    let r = call_value(vm, func, call_args, kw)?;
    cache.insert(hash, key, r.clone(), &mut |a, b| ops::eq(vm, a, b))?;
    Ok(r)
}

fn lru_get(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args {
        [me] | [me, Value::None] | [me, Value::None, _] => Ok(me.clone()),
        [me, obj] | [me, obj, _] => Ok(Value::new_method(me.clone(), obj.clone())),
        _ => Err(vm.type_error("__get__ expected 1 or 2 arguments")),
    }
}

fn lru_info(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(me) = args.first() else {
        return Err(vm.type_error("descriptor 'cache_info' needs an argument"));
    };
    let (info, hits, misses, maxsize, size) = with_lru(vm, me, |l| {
        (
            l.info_type.clone(),
            l.hits,
            l.misses,
            l.maxsize,
            l.cache.len(),
        )
    })?;
    let maxsize = match maxsize {
        Some(n) => Value::Int(n as i64),
        None => Value::None,
    };
    call_value(
        vm,
        &info,
        &[
            Value::Int(hits),
            Value::Int(misses),
            maxsize,
            Value::Int(size as i64),
        ],
        &[],
    )
}

fn lru_clear(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(me) = args.first() else {
        return Err(vm.type_error("descriptor 'cache_clear' needs an argument"));
    };
    let (cache, nodes) = with_lru(vm, me, |l| {
        l.hits = 0;
        l.misses = 0;
        (l.cache.clone(), l.clear_nodes())
    })?;
    // Dropping the entries may run __del__: outside the core's borrow.
    let old = cache.entries();
    cache.clear();
    drop(old);
    drop(nodes);
    Ok(Value::None)
}

// ---- partial and Placeholder ----

/// The state of a `partial`: what CPython keeps in `partialobject`.
struct PartialData {
    func: Value,
    args: Vec<Value>,
    kw: Rc<PyDict>,
    /// How many of `args` are `Placeholder`.
    phcount: usize,
}

impl TraceValues for PartialData {
    fn visit_values(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        self.args.iter().for_each(&mut *visit);
        visit(&Value::Dict(self.kw.clone()));
    }
    fn take_values(&mut self, out: &mut Vec<Value>) {
        out.push(std::mem::replace(&mut self.func, Value::None));
        out.append(&mut self.args);
        out.extend(self.kw.entries().into_iter().flat_map(|(k, v)| [k, v]));
        self.kw.clear();
    }
}

#[derive(Clone)]
struct PartialTypes {
    partial: Rc<Class>,
    placeholder: Value,
}

#[derive(Default)]
struct PartialCache(RefCell<Option<PartialTypes>>);

/// Ids of the partials whose repr is being built (a recursive one shows as `...`).
#[derive(Default)]
struct ReprRunning(RefCell<Vec<usize>>);

fn partial_types(vm: &mut Vm) -> PartialTypes {
    let st = vm.shared_state::<PartialCache>();
    if let Some(t) = st.0.borrow().clone() {
        return t;
    }
    let p = rupy_objects::vm::derived("partial", &vm.object);
    p.dict().set_s("__module__", Value::str("functools"));
    p.dict().set_s(
        "__doc__",
        Value::str(
            "Create a new function with partial application of the given arguments\nand keywords.",
        ),
    );
    add_method(&p, "partial", "__new__", partial_new);
    add_method(&p, "partial", "__init__", |_, _, _| Ok(Value::None));
    add_method(&p, "partial", "__call__", partial_call);
    add_method(&p, "partial", "__repr__", partial_repr);
    add_method(&p, "partial", "__reduce__", partial_reduce);
    add_method(&p, "partial", "__setstate__", partial_setstate);
    readonly(&p, "func", |vm, a, _| {
        with_partial(vm, &a[0], |d| d.func.clone())
    });
    readonly(&p, "args", |vm, a, _| {
        with_partial(vm, &a[0], |d| Value::tuple(d.args.clone()))
    });
    readonly(&p, "keywords", |vm, a, _| {
        with_partial(vm, &a[0], |d| Value::Dict(d.kw.clone()))
    });
    rupy_interp::types::generic_alias::add_class_getitem(&p);
    let ph = rupy_objects::vm::derived("_PlaceholderType", &vm.object);
    ph.dict().set_s("__module__", Value::str("functools"));
    add_method(&ph, "_PlaceholderType", "__repr__", |_, _, _| {
        Ok(Value::str("Placeholder"))
    });
    add_method(&ph, "_PlaceholderType", "__reduce__", |_, _, _| {
        Ok(Value::str("Placeholder"))
    });
    add_method(&ph, "_PlaceholderType", "__new__", |vm, a, kw| {
        if a.len() > 1 || !kw.is_empty() {
            return Err(vm.type_error("_PlaceholderType takes no arguments"));
        }
        Ok(partial_types(vm).placeholder)
    });
    let placeholder = Value::Opaque(Rc::new(Opaque {
        class: ph,
        data: RefCell::new(Box::new(())),
    }));
    let t = PartialTypes {
        partial: p,
        placeholder,
    };
    *st.0.borrow_mut() = Some(t.clone());
    t
}

fn with_partial<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut PartialData) -> R) -> PyResult<R> {
    let err = || vm.type_error("descriptor requires a 'functools.partial' object");
    let o = core_of(v).ok_or_else(err)?;
    let Ok(mut d) = o.data.try_borrow_mut() else {
        return Err(err());
    };
    let Some(t) = d.downcast_mut::<TracedData>() else {
        return Err(err());
    };
    let Some(p) = (&mut *t.0 as &mut dyn std::any::Any).downcast_mut::<PartialData>() else {
        return Err(err());
    };
    Ok(f(p))
}

fn is_placeholder(v: &Value, ph: &Value) -> bool {
    v.is(ph)
}

/// `pargs` with its placeholders filled from `new` in order, then the rest of `new`.
fn fill(pargs: &[Value], new: &[Value], ph: &Value) -> Vec<Value> {
    let mut out = Vec::with_capacity(pargs.len() + new.len());
    let mut rest = new.iter();
    for a in pargs {
        if is_placeholder(a, ph)
            && let Some(n) = rest.next()
        {
            out.push(n.clone());
        } else {
            out.push(a.clone());
        }
    }
    out.extend(rest.cloned());
    out
}

fn partial_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Class(cls)) = args.first() else {
        return Err(vm.type_error("partial.__new__(X): X is not a type object"));
    };
    let cls = cls.clone();
    let Some(func) = args.get(1) else {
        return Err(vm.type_error("type 'partial' takes at least one argument"));
    };
    if !rupy_interp::call::is_callable(vm, func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    let t = partial_types(vm);
    let new_args = &args[2..];
    if new_args
        .last()
        .is_some_and(|a| is_placeholder(a, &t.placeholder))
    {
        return Err(vm.type_error("trailing Placeholders are not allowed"));
    }
    if kw.iter().any(|(_, v)| is_placeholder(v, &t.placeholder)) {
        return Err(vm.type_error("Placeholder cannot be passed as a keyword argument"));
    }
    // A partial of a partial (without instance attributes) wraps the inner function directly.
    let inner = match func {
        Value::Instance(i)
            if i.class()
                .mro
                .borrow()
                .iter()
                .any(|c| Rc::ptr_eq(c, &t.partial))
                && i.dict.as_ref().is_none_or(|d| d.is_empty()) =>
        {
            with_partial(vm, func, |d| {
                (d.func.clone(), d.args.clone(), d.kw.entries())
            })
            .ok()
        }
        _ => None,
    };
    let (func, all_args, kw_dict) = match inner {
        Some((f, pargs, pkw)) => {
            let d = PyDict::new_rc();
            for (k, v) in pkw {
                rupy_interp::types::dict::dset(vm, &d, k, v)?;
            }
            (f, fill(&pargs, new_args, &t.placeholder), d)
        }
        None => (func.clone(), new_args.to_vec(), PyDict::new_rc()),
    };
    for (k, v) in kw {
        kw_dict.set_str(k.clone(), v.clone());
    }
    let phcount = all_args
        .iter()
        .filter(|a| is_placeholder(a, &t.placeholder))
        .count();
    let core = new_traced_opaque(
        vm.object.clone(),
        PartialData {
            func,
            args: all_args,
            kw: kw_dict,
            phcount,
        },
    );
    Ok(Value::new_instance(Instance::new(
        cls,
        Payload::Value(RefCell::new(Value::Opaque(core))),
    )))
}

fn partial_call(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(me) = args.first() else {
        return Err(vm.type_error("descriptor '__call__' needs an argument"));
    };
    let (func, pargs, pkw, phcount) = with_partial(vm, me, |d| {
        (d.func.clone(), d.args.clone(), d.kw.clone(), d.phcount)
    })?;
    let call_args = &args[1..];
    if call_args.len() < phcount {
        return Err(vm.type_error(format!(
            "missing positional arguments in 'partial' call; expected at least {}, got {}",
            phcount,
            call_args.len()
        )));
    }
    let full = if phcount > 0 {
        let ph = partial_types(vm).placeholder;
        fill(&pargs, call_args, &ph)
    } else if pargs.is_empty() {
        call_args.to_vec()
    } else {
        let mut v = pargs;
        v.extend_from_slice(call_args);
        v
    };
    if pkw.is_empty() {
        return call_value(vm, &func, &full, kw);
    }
    let mut merged: Vec<(Rc<rupy_objects::PyStr>, Value)> =
        Vec::with_capacity(pkw.len() + kw.len());
    for (k, v) in pkw.entries() {
        let Value::Str(k) = k else {
            return Err(vm.type_error("keywords must be strings"));
        };
        if !kw.iter().any(|(n, _)| n.as_str() == k.as_str()) {
            merged.push((k, v));
        }
    }
    merged.extend(kw.iter().cloned());
    call_value(vm, &func, &full, &merged)
}

fn partial_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let me = &args[0];
    let id = match me {
        Value::Instance(i) => Rc::as_ptr(i) as *const u8 as usize,
        _ => 0,
    };
    let running = vm.shared_state::<ReprRunning>();
    if running.0.borrow().contains(&id) {
        return Ok(Value::str("..."));
    }
    running.0.borrow_mut().push(id);
    let r = partial_repr_inner(vm, me);
    running.0.borrow_mut().retain(|x| *x != id);
    r
}

fn partial_repr_inner(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    let (func, pargs, pkw) =
        with_partial(vm, me, |d| (d.func.clone(), d.args.clone(), d.kw.entries()))?;
    let mut parts = vec![ops::repr_string(vm, &func)?];
    for a in &pargs {
        parts.push(ops::repr_string(vm, a)?);
    }
    for (k, v) in &pkw {
        let k = ops::str_string(vm, k)?;
        let v = ops::repr_string(vm, v)?;
        parts.push(format!("{}={}", k, v));
    }
    let cls = Value::Class(vm.type_of(me));
    let mname = vm.intern("__module__");
    let qname = vm.intern("__qualname__");
    let module = ops::getattr(vm, &cls, &mname)?;
    let module = ops::str_string(vm, &module)?;
    let qual = ops::getattr(vm, &cls, &qname)?;
    let qual = ops::str_string(vm, &qual)?;
    Ok(Value::string(format!(
        "{}.{}({})",
        module,
        qual,
        parts.join(", ")
    )))
}

fn partial_reduce(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let me = &args[0];
    let (func, pargs, pkw) =
        with_partial(vm, me, |d| (d.func.clone(), d.args.clone(), d.kw.clone()))?;
    let dict = match me {
        Value::Instance(i) => match &i.dict {
            Some(d) if !d.is_empty() => Value::Dict(d.clone()),
            _ => Value::None,
        },
        _ => Value::None,
    };
    let kw = if pkw.is_empty() {
        Value::None
    } else {
        Value::Dict(pkw)
    };
    Ok(Value::tuple(vec![
        Value::Class(vm.type_of(me)),
        Value::tuple(vec![func.clone()]),
        Value::tuple(vec![func, Value::tuple(pargs), kw, dict]),
    ]))
}

fn partial_setstate(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (Some(me), Some(state)) = (args.first(), args.get(1)) else {
        return Err(vm.type_error("__setstate__ expected 1 argument"));
    };
    let st = match state {
        Value::Tuple(st) if st.len() == 4 => st,
        _ => return Err(vm.type_error("invalid partial state")),
    };
    let (func, fargs, kwds, ns) = (&st[0], &st[1], &st[2], &st[3]);
    let ok = rupy_interp::call::is_callable(vm, func)
        && matches!(fargs, Value::Tuple(_))
        && matches!(kwds, Value::None | Value::Dict(_))
        && matches!(ns, Value::None | Value::Dict(_));
    if !ok {
        return Err(vm.type_error("invalid partial state"));
    }
    let ph = partial_types(vm).placeholder;
    let Value::Tuple(fargs) = fargs else {
        return Err(vm.type_error("invalid partial state"));
    };
    if fargs.last().is_some_and(|a| is_placeholder(a, &ph)) {
        return Err(vm.type_error("trailing Placeholders are not allowed"));
    }
    let kw = match kwds {
        Value::Dict(d) => d.clone(),
        _ => PyDict::new_rc(),
    };
    let phcount = fargs.iter().filter(|a| is_placeholder(a, &ph)).count();
    if let (Value::Instance(i), Value::Dict(n)) = (me, ns)
        && let Some(d) = &i.dict
    {
        d.clear();
        for (k, v) in n.entries() {
            rupy_interp::types::dict::dset(vm, d, k, v)?;
        }
    }
    let new_args = fargs.to_vec();
    let func = func.clone();
    let old = with_partial(vm, me, |d| {
        let old = (
            std::mem::replace(&mut d.func, func),
            std::mem::replace(&mut d.args, new_args),
            std::mem::replace(&mut d.kw, kw),
        );
        d.phcount = phcount;
        old
    })?;
    drop(old);
    Ok(Value::None)
}

/// A read-only member like CPython's `T_OBJECT, READONLY`: setting or deleting it raises
/// `AttributeError: readonly attribute`.
fn readonly(cls: &Class, name: &'static str, getter: rupy_objects::NativeFn) {
    use rupy_interp::builtins::args::native;
    let refuse: rupy_objects::NativeFn =
        |vm, _, _| Err(vm.err(ExcKind::AttributeError, "readonly attribute"));
    cls.dict().set_s(
        name,
        Value::Property(Rc::new(rupy_objects::Property {
            fget: native(name, "partial", getter),
            fset: native(name, "partial", refuse),
            fdel: native(name, "partial", refuse),
            doc: Value::None,
            name: RefCell::new(Value::str(name)),
        })),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lru(n: usize) -> Lru {
        let mut l = Lru {
            func: Value::None,
            cache: PyDict::new_rc_untracked(),
            nodes: Vec::new(),
            head: NIL,
            tail: NIL,
            info_type: Value::None,
            maxsize: Some(n),
            typed: false,
            hits: 0,
            misses: 0,
        };
        for i in 0..n {
            l.nodes.push(Node {
                key: Value::Int(i as i64),
                result: Value::Int(10 * i as i64),
                hash: i as i64,
                prev: NIL,
                next: NIL,
            });
            l.push_tail(i);
        }
        l
    }

    /// The node indices from least to most recently used, checked against the back links.
    fn order(l: &Lru) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = l.head;
        let mut prev = NIL;
        while i != NIL {
            assert_eq!(l.nodes[i].prev, prev);
            out.push(i);
            prev = i;
            i = l.nodes[i].next;
        }
        assert_eq!(l.tail, prev);
        out
    }

    #[test]
    fn touch_moves_to_the_recent_end() {
        let mut l = lru(4);
        assert_eq!(order(&l), [0, 1, 2, 3]);
        assert!(matches!(l.touch(1, 1), Some(Value::Int(10))));
        assert_eq!(order(&l), [0, 2, 3, 1]);
        l.touch(0, 0);
        l.touch(0, 0);
        assert_eq!(order(&l), [2, 3, 1, 0]);
        l.touch(0, 0);
        assert_eq!(order(&l), [2, 3, 1, 0]);
    }

    #[test]
    fn stale_slots_are_refused() {
        let mut l = lru(2);
        assert!(l.touch(5, 5).is_none());
        assert!(
            l.touch(1, 0).is_none(),
            "a hash mismatch means the slot was reused"
        );
        assert_eq!(order(&l), [0, 1]);
        l.unlink(0);
        l.push_tail(0);
        assert_eq!(order(&l), [1, 0]);
        assert_eq!(l.clear_nodes().len(), 2);
        assert_eq!(order(&l), Vec::<usize>::new());
    }
}
