//! The cycle collector. Reference counting (`Rc`) frees every object whose count drops to
//! zero; this module finds groups of objects that keep each other alive but are unreachable
//! from anywhere else, and breaks them.
//!
//! The algorithm is CPython's: every container that can take part in a cycle is *tracked* —
//! a `Weak` handle to it sits in the registry. A collection over a set of tracked objects
//! counts, for each, the references that come from other objects of the set (by asking each to
//! `trace` its children) and subtracts them from its strong count. What is left over comes
//! from outside the set (the Rust stack, running frames, untracked objects); such objects and
//! everything reachable from them survive. The rest is garbage: it is `clear`ed, which drops
//! the references that form the cycles, and reference counting frees it.
//!
//! Invariants that keep this sound:
//! - `trace` reports a child only for a strong reference the object really holds, once per
//!   reference (under-reporting only makes the collector keep more). An object that cannot be
//!   inspected right now (borrowed, running) says so and is treated as reachable.
//! - Collections run only at the eval loop's safe points (the breaker's GC bit), never inside an
//!   allocation, so no Rust code is in the middle of using a cleared object.
//! - Objects with a `__del__` that has not run yet are never cleared in the collection that
//!   finds them: their finalizers run first (the caller does that, it can call Python), and a
//!   later pass frees them if they are still unreachable.
//!
//! Two generations: new objects are *young*; a young collection considers only them (references
//! from older objects count as external) and promotes the survivors. A full collection
//! considers everything; it runs when the old generation has grown by a quarter since the last
//! one, so its cost stays proportional to allocation.
//!
//! The registry lives in a thread-local, installed by the thread that holds the interpreter's
//! GIL: threads exchange it through the interpreter's slot with `swap_registry` as they attach
//! and detach. "A collection is due / finalizers wait" is the `GC` bit of the installing
//! thread's eval breaker, so the eval loop's safe points test one word for everything.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::{Rc, Weak};
use std::sync::Arc;

use crate::breaker::Breaker;

use crate::class::{Class, Instance, Payload};
use crate::dict::PyDict;
use crate::function::{BoundMethod, Function};
use crate::misc::{Generator, Module, Opaque};
use crate::value::Value;

/// Where a cleared object's references go; dropped once every garbage object is cleared, so
/// no drop cascade runs while the collector still walks the garbage.
#[derive(Default)]
pub struct Garbage {
    pub values: Vec<Value>,
    pub other: Vec<Box<dyn std::any::Any>>,
}

/// A container the collector can look into.
pub trait Trace {
    /// Call `visit` with the address of every object this one holds a strong reference to
    /// (at least every tracked one). Returns false when the object cannot be inspected now.
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool;
    /// Drop the references this object holds, moving them into `out`.
    fn clear(&self, out: &mut Garbage);
    /// For an instance whose `__del__` has not run: claim the finalizer (it will not be
    /// offered again) and return the instance so the caller can call it.
    fn take_finalizer(self: Rc<Self>) -> Option<Value> {
        None
    }
}

/// Registry and collector state of one interpreter.
pub struct Registry {
    young: Vec<Weak<dyn Trace>>,
    old: Vec<Weak<dyn Trace>>,
    /// Builtin types: cleared at teardown, never collected (`track_permanent`).
    permanent: Vec<Weak<dyn Trace>>,
    /// Size of the old generation after the last full collection.
    old_base: usize,
    pub threshold: usize,
    pub enabled: bool,
    /// Young collections since the last full one (for `gc.get_count()`).
    pub young_collections: usize,
    /// Instances whose last reference went away and whose `__del__` must run.
    finalize: Vec<Value>,
    /// Young length at which dead entries are next dropped (see `track`).
    prune_at: usize,
    /// The breaker of the thread that installed this registry: its `GC` bit asks for a visit.
    wake: Option<Arc<Breaker>>,
}

impl Registry {
    fn request_visit(&self) {
        if let Some(b) = &self.wake {
            b.set(Breaker::GC);
        }
    }

    fn settle(&self) {
        let due = self.enabled && self.young.len() >= self.threshold || !self.finalize.is_empty();
        if let Some(b) = &self.wake {
            if due {
                b.set(Breaker::GC)
            } else {
                b.clear(Breaker::GC)
            }
        }
    }
}

/// The young-generation threshold: 2000 as CPython 3.13, or `RUPY_GC_THRESHOLD` (a testing
/// knob: 1 collects at nearly every safe point, which shakes out tracing mistakes).
fn default_threshold() -> usize {
    std::env::var("RUPY_GC_THRESHOLD")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(2000)
}

impl Default for Registry {
    fn default() -> Self {
        Registry {
            young: Vec::new(),
            old: Vec::new(),
            permanent: Vec::new(),
            old_base: 0,
            threshold: default_threshold(),
            enabled: true,
            young_collections: 0,
            finalize: Vec::new(),
            prune_at: PRUNE_STEP,
            wake: None,
        }
    }
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
}

/// Exchange this thread's registry with `other`: a thread attaching to an interpreter installs
/// the interpreter's registry (`breaker` is the attaching thread's, which the collector wakes
/// from now on), and gives it back when it detaches (`breaker` None).
pub fn swap_registry(other: &mut Registry, breaker: Option<&Arc<Breaker>>) {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        std::mem::swap(&mut *r, other);
        r.wake = breaker.cloned();
        // Whatever was due when the last holder detached is due now.
        r.request_visit();
    });
}

/// Make `breaker` the one this thread's registry wakes (the first thread of an interpreter).
pub fn set_wake(breaker: &Arc<Breaker>) {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.wake = Some(breaker.clone());
        r.settle();
    });
}

/// Interpreter teardown: break every reference among the objects this thread's registry
/// knows (class ↔ MRO, function ↔ globals, module ↔ dict...), so the whole heap is freed when
/// the interpreter's roots go. Only for an interpreter being destroyed: its objects are
/// unusable afterwards.
pub fn clear_all() {
    let objs: Vec<Rc<dyn Trace>> = REGISTRY.with(|r| {
        let r = r.borrow();
        r.young
            .iter()
            .chain(r.old.iter())
            .chain(r.permanent.iter())
            .filter_map(|w| w.upgrade())
            .collect()
    });
    // Most objects give a few values (a class its MRO, a dict its entries).
    let mut out = Garbage {
        values: Vec::with_capacity(objs.len() * 4),
        other: Vec::new(),
    };
    for o in &objs {
        o.clear(&mut out);
    }
    drop(objs);
    drop(out);
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.young.clear();
        r.old.clear();
        r.permanent.clear();
        Vec::clear(&mut r.finalize);
    });
}

/// Register an object that lives as long as its interpreter (a builtin type): collections
/// never visit it (like CPython's static types, it is never garbage; its references count as
/// external ones), teardown (`clear_all`) breaks its cycles.
pub fn track_permanent<T: Trace + 'static>(obj: &Rc<T>) {
    let w: Weak<dyn Trace> = Rc::downgrade(obj) as Weak<dyn Trace>;
    REGISTRY.with(|r| r.borrow_mut().permanent.push(w));
}

/// Register a new container.
#[inline]
pub fn track<T: Trace + 'static>(obj: &Rc<T>) {
    let w: Weak<dyn Trace> = Rc::downgrade(obj) as Weak<dyn Trace>;
    REGISTRY.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            r.young.push(w);
            if r.young.len() >= r.prune_at {
                // A registry entry keeps a dead object's memory allocated; dropping dead
                // entries often lets the allocator reuse it while it is still in cache.
                // The threshold then counts live objects (CPython counts allocations minus
                // deallocations).
                r.young.retain(|w| w.strong_count() > 0);
                r.prune_at = r.young.len() + PRUNE_STEP;
                if r.young.len() >= r.threshold && r.enabled {
                    r.request_visit();
                }
            }
        }
    });
}

/// Allocations between two drops of dead young entries.
const PRUNE_STEP: usize = 256;

/// Queue an instance for its `__del__` (called from `Instance`'s drop).
pub fn defer_finalizer(v: Value) {
    REGISTRY.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            r.finalize.push(v);
            r.request_visit();
        }
    });
}

thread_local! {
    /// Addresses of weakly referenced instances that died since the last safe point (their
    /// weak references' callbacks are due). A list of its own, not in the registry: drops
    /// happen while a collection holds the registry.
    static DEAD_WEAK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// A weakly referenced instance at `addr` died: its callbacks run at the next safe point.
pub fn note_weak_death(addr: usize) {
    let _ = DEAD_WEAK.try_with(|d| {
        if let Ok(mut d) = d.try_borrow_mut() {
            d.push(addr);
        }
    });
    REGISTRY.with(|r| {
        if let Ok(r) = r.try_borrow() {
            r.request_visit();
        }
    });
}

/// The addresses `note_weak_death` recorded since the last call.
pub fn take_weak_deaths() -> Vec<usize> {
    DEAD_WEAK
        .try_with(|d| {
            d.try_borrow_mut()
                .map(|mut d| std::mem::take(&mut *d))
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// Instances waiting for `__del__`, oldest first; clears the GC bit when nothing else is due.
pub fn take_finalizers() -> Vec<Value> {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let batch = std::mem::take(&mut r.finalize);
        r.settle();
        batch
    })
}

/// Whether an automatic collection is due; returns the generation (0 young, 2 full).
pub fn due() -> Option<usize> {
    REGISTRY.with(|r| {
        let r = r.borrow();
        if !r.enabled || r.young.len() < r.threshold {
            return None;
        }
        Some(if r.old.len() > r.old_base + r.old_base / 4 + r.threshold {
            2
        } else {
            0
        })
    })
}

/// (young objects, young collections since the last full one, 0) as `gc.get_count()` shows.
pub fn counts() -> (usize, usize, usize) {
    REGISTRY.with(|r| {
        let r = r.borrow();
        (r.young.len(), r.young_collections, 0)
    })
}

pub fn with_registry<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    REGISTRY.with(|r| f(&mut r.borrow_mut()))
}

/// Result of one collection pass.
pub struct Collected {
    /// Unreachable objects that were cleared.
    pub freed: usize,
    /// Unreachable instances whose `__del__` must run before they can be freed; when non-empty
    /// nothing was cleared and the caller runs them, then collects again.
    pub finalize: Vec<Value>,
}

/// Collect generation 0 (young only) or 2 (everything).
pub fn collect(generation: usize) -> Collected {
    let full = generation >= 1;
    let nodes = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        // Oldest first, so finalizers run in allocation order as in CPython.
        let mut young = std::mem::take(&mut r.young);
        if full {
            let mut nodes = std::mem::take(&mut r.old);
            nodes.append(&mut young);
            nodes
        } else {
            young
        }
    });
    let (survivors, result) = collect_nodes(nodes);
    REGISTRY.with(|r| {
        let r = &mut *r.borrow_mut();
        if !result.finalize.is_empty() {
            // Keep the generation as it was: the caller collects it again after finalizing.
            let mut fresh = std::mem::replace(&mut r.young, survivors);
            r.young.append(&mut fresh);
        } else if full {
            r.old = survivors;
            r.old.append(&mut r.young);
            r.old_base = r.old.len();
            r.young_collections = 0;
        } else {
            let mut s = survivors;
            r.old.append(&mut s);
            r.young_collections += 1;
        }
        r.prune_at = r.young.len() + PRUNE_STEP;
        r.settle();
    });
    result
}

#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = ((n >> 4) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type AddrMap = HashMap<usize, u32, BuildHasherDefault<AddrHasher>>;

fn addr_of(n: &Rc<dyn Trace>) -> usize {
    Rc::as_ptr(n) as *const u8 as usize
}

fn collect_nodes(nodes: Vec<Weak<dyn Trace>>) -> (Vec<Weak<dyn Trace>>, Collected) {
    // Dead entries drop here, releasing their allocations.
    let live: Vec<Rc<dyn Trace>> = nodes.into_iter().filter_map(|w| w.upgrade()).collect();
    let n = live.len();
    let mut index: AddrMap = HashMap::with_capacity_and_hasher(n, Default::default());
    for (i, o) in live.iter().enumerate() {
        index.insert(addr_of(o), i as u32);
    }
    // External references: the strong count minus ours (`live`) minus those from the set.
    let mut refs: Vec<isize> = live
        .iter()
        .map(|o| Rc::strong_count(o) as isize - 1)
        .collect();
    for (i, o) in live.iter().enumerate() {
        let ok = o.trace(&mut |a| {
            if let Some(&j) = index.get(&a) {
                refs[j as usize] -= 1;
            }
        });
        if !ok {
            refs[i] = isize::MAX / 2;
        }
    }
    // Everything reachable from an object with external references survives.
    let mut reachable = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    for i in 0..n {
        if refs[i] > 0 && !reachable[i] {
            reachable[i] = true;
            stack.push(i as u32);
            while let Some(k) = stack.pop() {
                live[k as usize].trace(&mut |a| {
                    if let Some(&j) = index.get(&a)
                        && !reachable[j as usize]
                    {
                        reachable[j as usize] = true;
                        stack.push(j);
                    }
                });
            }
        }
    }
    drop(index);
    let mut finalize = Vec::new();
    for i in 0..n {
        if !reachable[i]
            && let Some(v) = live[i].clone().take_finalizer()
        {
            finalize.push(v);
        }
    }
    if !finalize.is_empty() {
        let all = live.iter().map(Rc::downgrade).collect();
        return (all, Collected { freed: 0, finalize });
    }
    let mut garbage = Garbage::default();
    let mut freed = 0;
    let mut survivors = Vec::with_capacity(n);
    for (i, o) in live.iter().enumerate() {
        if reachable[i] {
            survivors.push(Rc::downgrade(o));
        } else {
            o.clear(&mut garbage);
            freed += 1;
        }
    }
    drop(live);
    drop(garbage);
    (
        survivors,
        Collected {
            freed,
            finalize: Vec::new(),
        },
    )
}

// ---- what each container holds ----

#[inline]
fn visit_value(v: &Value, visit: &mut dyn FnMut(usize)) {
    if let Some(a) = v.gc_addr() {
        visit(a);
    }
}

fn rc_addr<T>(r: &Rc<T>) -> usize {
    Rc::as_ptr(r) as *const u8 as usize
}

/// Whether values of this kind are tracked (can be part of a cycle).
pub fn is_container(v: &Value) -> bool {
    v.gc_addr().is_some()
}

impl Trace for RefCell<Vec<Value>> {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        let Ok(items) = self.try_borrow() else {
            return false;
        };
        items.iter().for_each(|v| visit_value(v, visit));
        true
    }
    fn clear(&self, out: &mut Garbage) {
        if let Ok(mut items) = self.try_borrow_mut() {
            out.values.append(&mut items);
        }
    }
}

impl Trace for Vec<Value> {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        self.iter().for_each(|v| visit_value(v, visit));
        true
    }
    /// Tuples are immutable; a cycle through one always passes a mutable container too.
    fn clear(&self, _out: &mut Garbage) {}
}

impl Trace for RefCell<Value> {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        let Ok(v) = self.try_borrow() else {
            return false;
        };
        visit_value(&v, visit);
        true
    }
    fn clear(&self, out: &mut Garbage) {
        if let Ok(mut v) = self.try_borrow_mut() {
            out.values.push(std::mem::replace(&mut *v, Value::Unbound));
        }
    }
}

impl PyDict {
    fn trace_entries(&self, visit: &mut dyn FnMut(usize)) -> bool {
        let Ok(t) = self.try_borrow_table() else {
            return false;
        };
        for e in t.iter() {
            visit_value(&e.key, visit);
            visit_value(&e.value, visit);
        }
        true
    }
    fn clear_into(&self, out: &mut Garbage) {
        if let Some(entries) = self.try_take_entries() {
            for e in entries {
                out.values.push(e.key);
                out.values.push(e.value);
            }
        }
    }
}

impl Trace for PyDict {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        self.trace_entries(visit)
    }
    fn clear(&self, out: &mut Garbage) {
        self.clear_into(out)
    }
}

impl Trace for Instance {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        let Ok(cls) = self.class.try_borrow() else {
            return false;
        };
        visit(rc_addr(&cls));
        if let Some(d) = &self.dict {
            if d.gc_tracked() {
                visit(rc_addr(d));
            } else if Rc::strong_count(d) == 1 {
                // An untracked dict only this instance holds is part of the instance.
                if !d.trace_entries(visit) {
                    return false;
                }
            } else {
                return false;
            }
        }
        match &self.payload {
            Payload::None => {}
            Payload::Exc(e) => {
                let Ok(e) = e.try_borrow() else { return false };
                e.args
                    .iter()
                    .chain(e.notes.iter())
                    .for_each(|v| visit_value(v, visit));
                e.cause
                    .iter()
                    .chain(e.context.iter())
                    .for_each(|v| visit_value(v, visit));
            }
            Payload::Value(v) => {
                let Ok(v) = v.try_borrow() else { return false };
                visit_value(&v, visit);
            }
        }
        let Ok(slots) = self.slots.try_borrow() else {
            return false;
        };
        slots.iter().for_each(|v| visit_value(v, visit));
        true
    }
    fn clear(&self, out: &mut Garbage) {
        if let Some(d) = &self.dict
            && !d.gc_tracked()
        {
            d.clear_into(out);
        }
        match &self.payload {
            Payload::None => {}
            Payload::Exc(e) => {
                if let Ok(mut e) = e.try_borrow_mut() {
                    out.values.append(&mut e.args);
                    out.values.append(&mut e.notes);
                    out.values.extend(e.cause.take());
                    out.values.extend(e.context.take());
                }
            }
            Payload::Value(v) => {
                if let Ok(mut v) = v.try_borrow_mut() {
                    out.values.push(std::mem::replace(&mut *v, Value::None));
                }
            }
        }
        if let Ok(mut slots) = self.slots.try_borrow_mut() {
            for s in slots.iter_mut() {
                out.values.push(std::mem::replace(s, Value::Unbound));
            }
        }
    }
    fn take_finalizer(self: Rc<Self>) -> Option<Value> {
        if self.finalized.get() || !self.class.try_borrow().is_ok_and(|c| c.flags().has_del) {
            return None;
        }
        self.finalized.set(true);
        Some(Value::Instance(self))
    }
}

impl Trace for Function {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        visit(rc_addr(&self.globals));
        let (Ok(defaults), Ok(kwdefaults), Ok(ann), Ok(dict), Ok(doc), Ok(module)) = (
            self.defaults.try_borrow(),
            self.kwdefaults.try_borrow(),
            self.annotations.try_borrow(),
            self.dict.try_borrow(),
            self.doc.try_borrow(),
            self.module.try_borrow(),
        ) else {
            return false;
        };
        defaults.iter().for_each(|v| visit_value(v, visit));
        kwdefaults
            .iter()
            .chain(dict.iter())
            .for_each(|d| visit(rc_addr(d)));
        ann.iter().for_each(|v| visit_value(v, visit));
        visit_value(&doc, visit);
        visit_value(&module, visit);
        self.closure.iter().for_each(|c| visit(rc_addr(c)));
        true
    }
    fn clear(&self, out: &mut Garbage) {
        if let Ok(mut d) = self.defaults.try_borrow_mut() {
            out.values.append(&mut d);
        }
        if let Ok(mut d) = self.kwdefaults.try_borrow_mut() {
            out.values.extend(d.take().map(Value::Dict));
        }
        if let Ok(mut d) = self.dict.try_borrow_mut() {
            out.values.extend(d.take().map(Value::Dict));
        }
        if let Ok(mut a) = self.annotations.try_borrow_mut() {
            out.values.extend(a.take());
        }
        if let Ok(mut v) = self.doc.try_borrow_mut() {
            out.values.push(std::mem::replace(&mut *v, Value::None));
        }
        if let Ok(mut v) = self.module.try_borrow_mut() {
            out.values.push(std::mem::replace(&mut *v, Value::None));
        }
    }
}

impl Trace for Class {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        let (Ok(bases), Ok(mro), Ok(meta), Ok(cache)) = (
            self.bases.try_borrow(),
            self.mro.try_borrow(),
            self.metaclass.try_borrow(),
            self.mcache.try_borrow(),
        ) else {
            return false;
        };
        bases
            .iter()
            .chain(mro.iter())
            .chain(meta.iter())
            .for_each(|c| visit(rc_addr(c)));
        cache.values().for_each(|v| visit_value(v, visit));
        self.dict_unfilled().trace_entries(visit)
    }
    fn clear(&self, out: &mut Garbage) {
        self.filler.take();
        self.dict_unfilled().clear_into(out);
        if let Ok(mut c) = self.mcache.try_borrow_mut() {
            c.clear();
        }
        if let Ok(mut b) = self.bases.try_borrow_mut() {
            out.values.extend(b.drain(..).map(Value::Class));
        }
        if let Ok(mut m) = self.mro.try_borrow_mut() {
            out.values.extend(m.drain(..).map(Value::Class));
        }
        if let Ok(mut m) = self.metaclass.try_borrow_mut() {
            out.values.extend(m.take().map(Value::Class));
        }
    }
}

impl Trace for BoundMethod {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        visit_value(&self.func, visit);
        visit_value(&self.receiver, visit);
        true
    }
    fn clear(&self, _out: &mut Garbage) {}
}

impl Trace for Module {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        visit(rc_addr(&self.dict));
        true
    }
    fn clear(&self, _out: &mut Garbage) {}
}

impl Trace for Generator {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        if self.running.get() {
            return false;
        }
        let (Ok(frame), Ok(handled)) = (self.frame.try_borrow(), self.handled.try_borrow()) else {
            return false;
        };
        if let Some(f) = frame.as_ref() {
            visit(rc_addr(&f.func));
            f.stack.iter().for_each(|v| visit_value(v, visit));
            f.cells.iter().for_each(|c| visit(rc_addr(c)));
            f.locals_dict.iter().for_each(|d| visit(rc_addr(d)));
        }
        handled.iter().for_each(|v| visit_value(v, visit));
        true
    }
    fn take_finalizer(self: Rc<Self>) -> Option<Value> {
        self.needs_close().then_some(Value::Generator(self))
    }
    fn clear(&self, out: &mut Garbage) {
        if let Ok(mut f) = self.frame.try_borrow_mut()
            && let Some(f) = f.take()
        {
            out.other.push(f);
        }
        if let Ok(mut h) = self.handled.try_borrow_mut() {
            out.values.append(&mut h);
        }
    }
}

impl Trace for RefCell<crate::misc::IterState> {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        use crate::misc::IterState as S;
        let Ok(st) = self.try_borrow() else {
            return false;
        };
        match &*st {
            S::List { list, .. } | S::ListRev { list, .. } => visit(rc_addr(list)),
            S::Tuple { tuple, .. } => visit(rc_addr(tuple)),
            S::Dict { dict, .. } => visit(rc_addr(dict)),
            S::Set { items, set, .. } => {
                items.iter().for_each(|v| visit_value(v, visit));
                visit(rc_addr(set));
            }
            S::Enumerate { it, n } => {
                visit_value(it, visit);
                visit_value(n, visit);
            }
            S::Zip { its, .. } => its.iter().for_each(|v| visit_value(v, visit)),
            S::Map { func, its } => {
                visit_value(func, visit);
                its.iter().for_each(|v| visit_value(v, visit));
            }
            S::Filter { func, it } => {
                visit_value(func, visit);
                visit_value(it, visit);
            }
            S::Seq { obj, .. } | S::Reversed { seq: obj, .. } => visit_value(obj, visit),
            S::Callable { func, sentinel } => {
                visit_value(func, visit);
                visit_value(sentinel, visit);
            }
            S::Values { items, .. } => items.iter().for_each(|v| visit_value(v, visit)),
            S::Range { .. }
            | S::Str { .. }
            | S::Bytes { .. }
            | S::ByteArray { .. }
            | S::Exhausted => {}
        }
        true
    }
    fn clear(&self, out: &mut Garbage) {
        if let Ok(mut st) = self.try_borrow_mut() {
            let old = std::mem::replace(&mut *st, crate::misc::IterState::Exhausted);
            out.other.push(Box::new(old));
        }
    }
}

// ---- opaque objects that hold Python values ----

/// The data of an `Opaque` object that holds Python values (a `collections.deque` and its
/// iterators). Such data is stored in the opaque boxed as a [`TracedData`]; `new_traced_opaque`
/// builds the opaque and tracks it, so cycles through it are collected.
pub trait TraceValues: std::any::Any {
    /// Call `visit` with every value held, once per reference.
    fn visit_values(&self, visit: &mut dyn FnMut(&Value));
    /// Move every held value into `out` (the collector breaks a cycle through this object).
    fn take_values(&mut self, out: &mut Vec<Value>);
}

/// What a traced opaque's `data` holds (see [`TraceValues`]).
pub struct TracedData(pub Box<dyn TraceValues>);

/// A tracked opaque object of class `class` holding `data`.
pub fn new_traced_opaque(class: Rc<Class>, data: impl TraceValues) -> Rc<Opaque> {
    let data: Box<dyn std::any::Any> = Box::new(TracedData(Box::new(data)));
    let o = Rc::new(Opaque {
        class,
        data: RefCell::new(data),
    });
    track(&o);
    o
}

/// Whether `o` was made by `new_traced_opaque` (a borrowed one counts: visiting an untracked
/// object's address is harmless, the collector ignores addresses it does not track).
pub fn is_traced_opaque(o: &Opaque) -> bool {
    o.data.try_borrow().map_or(true, |d| d.is::<TracedData>())
}

impl Trace for Opaque {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        let Ok(d) = self.data.try_borrow() else {
            return false;
        };
        if let Some(t) = d.downcast_ref::<TracedData>() {
            t.0.visit_values(&mut |v| visit_value(v, visit));
        }
        true
    }
    fn clear(&self, out: &mut Garbage) {
        if let Ok(mut d) = self.data.try_borrow_mut()
            && let Some(t) = d.downcast_mut::<TracedData>()
        {
            t.0.take_values(&mut out.values);
        }
    }
}
