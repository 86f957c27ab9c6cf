//! `PySet`: the storage of `set` and `frozenset` — CPython's set table, slot for slot, so
//! that iteration order (and therefore every printed set) matches CPython: open addressing
//! with 9 linear probes before each perturbed jump, dummies for deleted slots, growth when
//! fill reaches 3/5 of the table, and `merge`'s bulk paths (table copy / clean insertion).
//!
//! The caller computes hashes and supplies an equality callback for keys whose equality
//! Python code decides. No borrow of the table is held while the callback runs; a change of
//! `version` meanwhile restarts the probe (CPython restarts too).

use std::cell::{Cell, RefCell};

use crate::dict::{EqFn, fast_eq};
use crate::exc::{PyErr, PyResult};
use crate::heap::NoRoom;
use crate::value::Value;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
enum Slot {
    Empty,
    Dummy,
    Full(i64, Value),
}

#[derive(Clone, Default)]
struct Table {
    /// Empty until the first insertion (then at least MIN_SIZE slots).
    slots: Vec<Slot>,
    /// Full plus dummy slots.
    fill: usize,
    /// Full slots.
    used: usize,
    /// Where the last `pop` stopped.
    finger: usize,
}

/// CPython's probe order: from `hash & mask`, up to LINEAR_PROBES neighbours (when they do
/// not wrap), then a perturbed jump.
#[derive(Clone, Copy)]
struct Probe {
    i: usize,
    j: usize,
    linear: usize,
    perturb: u64,
    mask: usize,
}

impl Probe {
    fn new(hash: i64, mask: usize) -> Probe {
        let i = (hash as u64 as usize) & mask;
        Probe {
            i,
            j: 0,
            linear: if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            },
            perturb: hash as u64,
            mask,
        }
    }
    fn next(&mut self) -> usize {
        if self.j <= self.linear {
            let at = self.i + self.j;
            self.j += 1;
            return at;
        }
        self.perturb >>= PERTURB_SHIFT;
        self.i = (self
            .i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(self.perturb as usize))
            & self.mask;
        self.j = 1;
        self.linear = if self.i + LINEAR_PROBES <= self.mask {
            LINEAR_PROBES
        } else {
            0
        };
        self.i
    }
}

impl Table {
    fn mask(&self) -> usize {
        self.slots.len().max(MIN_SIZE) - 1
    }

    fn ensure_allocated(&mut self) {
        if self.slots.is_empty() {
            self.slots = vec![Slot::Empty; MIN_SIZE];
        }
    }

    /// Insert a key known to be absent into a table without dummies.
    fn insert_clean(slots: &mut [Slot], hash: i64, key: Value) {
        let mut p = Probe::new(hash, slots.len() - 1);
        loop {
            let at = p.next();
            if let Slot::Empty = slots[at] {
                slots[at] = Slot::Full(hash, key);
                return;
            }
        }
    }

    /// Rebuild with room for `minused` keys. The new slots are allocated before anything
    /// changes, so a refusal leaves the table as it was.
    fn resize(&mut self, minused: usize) -> Result<(), NoRoom> {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let mut slots = Vec::new();
        crate::heap::grow_vec(&mut slots, size)?;
        slots.resize(size, Slot::Empty);
        let old = std::mem::replace(&mut self.slots, slots);
        for s in old {
            if let Slot::Full(h, k) = s {
                Self::insert_clean(&mut self.slots, h, k);
            }
        }
        self.fill = self.used;
        Ok(())
    }

    /// Store a new key at `at` (an empty or dummy slot the probe found), growing as CPython.
    /// When the table must grow and cannot, the key is taken out again: a table past its
    /// load limit would leave probes without an empty slot to stop at.
    fn store(&mut self, at: usize, hash: i64, key: Value) -> Result<(), NoRoom> {
        self.ensure_allocated();
        let was_empty = matches!(self.slots[at], Slot::Empty);
        let before = std::mem::replace(&mut self.slots[at], Slot::Full(hash, key));
        self.used += 1;
        if was_empty {
            self.fill += 1;
            let mask = self.mask();
            if self.fill * 5 >= mask * 3 {
                let n = if self.used > 50000 {
                    self.used * 2
                } else {
                    self.used * 4
                };
                if let Err(why) = self.resize(n) {
                    self.slots[at] = before;
                    self.used -= 1;
                    self.fill -= 1;
                    return Err(why);
                }
            }
        }
        Ok(())
    }
}

enum Found {
    /// The key is in slot `.0`.
    At(usize),
    /// Absent; a new key goes to slot `.0`.
    Missing(usize),
}

#[derive(Default)]
pub struct PySet {
    table: RefCell<Table>,
    version: Cell<u64>,
}

impl Clone for PySet {
    fn clone(&self) -> Self {
        PySet {
            table: RefCell::new(self.table.borrow().clone()),
            version: Cell::new(0),
        }
    }
}

impl PySet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.table.borrow().used
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bumped on every change.
    pub fn version(&self) -> u64 {
        self.version.get()
    }

    fn bump(&self) {
        self.version.set(self.version.get().wrapping_add(1));
    }

    fn find(&self, hash: i64, key: &Value, eq: EqFn<'_>) -> PyResult<Found> {
        'restart: loop {
            let t = self.table.borrow();
            if t.slots.is_empty() {
                return Ok(Found::Missing((hash as u64 as usize) & (MIN_SIZE - 1)));
            }
            let mut p = Probe::new(hash, t.mask());
            let mut free: Option<usize> = None;
            drop(t);
            loop {
                let at = p.next();
                let cand = {
                    let t = self.table.borrow();
                    match &t.slots[at] {
                        Slot::Empty => return Ok(Found::Missing(free.unwrap_or(at))),
                        Slot::Dummy => {
                            if free.is_none() {
                                free = Some(at);
                            }
                            continue;
                        }
                        Slot::Full(h, k) => {
                            if *h != hash {
                                continue;
                            }
                            match fast_eq(k, key) {
                                Some(true) => return Ok(Found::At(at)),
                                Some(false) => continue,
                                None => k.clone(),
                            }
                        }
                    }
                };
                let v0 = self.version.get();
                let equal = eq(&cand, key)?;
                if self.version.get() != v0 {
                    continue 'restart;
                }
                if equal {
                    return Ok(Found::At(at));
                }
            }
        }
    }

    /// Add a key (nothing happens if an equal key is present).
    pub fn add(&self, hash: i64, key: Value, eq: EqFn<'_>) -> PyResult<()> {
        if let Found::Missing(at) = self.find(hash, &key, eq)? {
            let stored = self.table.borrow_mut().store(at, hash, key);
            stored.map_err(PyErr::no_room)?;
            self.bump();
        }
        Ok(())
    }

    pub fn contains(&self, hash: i64, key: &Value, eq: EqFn<'_>) -> PyResult<bool> {
        Ok(matches!(self.find(hash, key, eq)?, Found::At(_)))
    }

    /// Remove a key; false if it was absent.
    pub fn remove(&self, hash: i64, key: &Value, eq: EqFn<'_>) -> PyResult<bool> {
        let Found::At(at) = self.find(hash, key, eq)? else {
            return Ok(false);
        };
        let old = {
            let mut t = self.table.borrow_mut();
            t.used -= 1;
            std::mem::replace(&mut t.slots[at], Slot::Dummy)
        };
        self.bump();
        drop(old);
        Ok(true)
    }

    /// The keys in iteration (slot) order.
    pub fn items(&self) -> Vec<Value> {
        self.table
            .borrow()
            .slots
            .iter()
            .filter_map(|s| {
                if let Slot::Full(_, k) = s {
                    Some(k.clone())
                } else {
                    None
                }
            })
            .collect()
    }

    /// (hash, key) pairs in iteration order.
    pub fn entries(&self) -> Vec<(i64, Value)> {
        self.table
            .borrow()
            .slots
            .iter()
            .filter_map(|s| {
                if let Slot::Full(h, k) = s {
                    Some((*h, k.clone()))
                } else {
                    None
                }
            })
            .collect()
    }

    /// A new set with the same keys, built as CPython's `set(s)`/`s.copy()` build it.
    pub fn copy(&self) -> PyResult<PySet> {
        let out = PySet::new();
        out.merge_clean(self).map_err(PyErr::no_room)?;
        Ok(out)
    }

    /// Grow ahead of adding about `n` keys (CPython does this before adding a dict's keys).
    pub fn reserve(&self, n: usize) {
        let mut t = self.table.borrow_mut();
        if (t.fill + n) * 5 >= t.mask() * 3 {
            let used = t.used;
            // A size hint: when refused, the additions grow (and fail) one by one.
            let _ = t.resize((used + n) * 2);
        }
    }

    /// Add every key of `other` (CPython's `set_merge`): one resize up front, then a table copy
    /// or clean insertion when this set is empty, else ordinary additions.
    pub fn merge(&self, other: &PySet, eq: EqFn<'_>) -> PyResult<()> {
        if std::ptr::eq(self, other) || other.is_empty() {
            return Ok(());
        }
        if self.table.borrow().fill == 0 {
            return self.merge_clean(other).map_err(PyErr::no_room);
        }
        self.reserve(other.len());
        for (h, k) in other.entries() {
            self.add(h, k, eq)?;
        }
        Ok(())
    }

    /// `merge` into an empty set (no equality needed: the keys are distinct).
    fn merge_clean(&self, other: &PySet) -> Result<(), NoRoom> {
        if std::ptr::eq(self, other) {
            return Ok(());
        }
        let o = other.table.borrow();
        if o.used == 0 {
            return Ok(());
        }
        let mut t = self.table.borrow_mut();
        if (t.fill + o.used) * 5 >= t.mask() * 3 {
            let used = t.used;
            t.resize((used + o.used) * 2)?;
        }
        t.ensure_allocated();
        if t.mask() == o.mask() && o.fill == o.used {
            t.slots = o.slots.clone();
        } else {
            for s in o.slots.iter() {
                if let Slot::Full(h, k) = s {
                    Table::insert_clean(&mut t.slots, *h, k.clone());
                }
            }
        }
        t.fill = o.used;
        t.used = o.used;
        drop(t);
        self.bump();
        Ok(())
    }

    /// Remove and return an arbitrary key, continuing where the previous pop stopped.
    pub fn pop(&self) -> Option<Value> {
        let mut t = self.table.borrow_mut();
        if t.used == 0 {
            return None;
        }
        let mask = t.mask();
        let mut at = t.finger & mask;
        while !matches!(t.slots[at], Slot::Full(..)) {
            at = if at >= mask { 0 } else { at + 1 };
        }
        let Slot::Full(_, k) = std::mem::replace(&mut t.slots[at], Slot::Dummy) else {
            return None;
        };
        t.used -= 1;
        t.finger = at + 1;
        drop(t);
        self.bump();
        Some(k)
    }

    pub fn clear(&self) {
        let old = std::mem::take(&mut *self.table.borrow_mut());
        self.bump();
        drop(old);
    }

    /// Take over `other`'s table (CPython swaps bodies for the in-place operators).
    pub fn replace_with(&self, other: PySet) {
        let new = other.table.into_inner();
        let old = std::mem::replace(&mut *self.table.borrow_mut(), new);
        self.bump();
        drop(old);
    }

    /// A set literal of constants (`{1, 2, 3}`): CPython builds a frozenset constant, rebuilds
    /// it when merging constants, and merges it into an empty set; the order follows.
    pub fn from_const_items(items: Vec<(i64, Value)>) -> PyResult<PySet> {
        let first = PySet::new();
        let mut never = |_: &Value, _: &Value| Ok(false);
        for (h, k) in items {
            first.add(h, k, &mut never)?;
        }
        let second = PySet::new();
        for (h, k) in first.entries() {
            second.add(h, k, &mut never)?;
        }
        second.copy()
    }
}

impl crate::gc::Trace for PySet {
    fn trace(&self, visit: &mut dyn FnMut(usize)) -> bool {
        let Ok(t) = self.table.try_borrow() else {
            return false;
        };
        for s in t.slots.iter() {
            if let Slot::Full(_, k) = s
                && let Some(a) = k.gc_addr()
            {
                visit(a);
            }
        }
        true
    }
    fn clear(&self, out: &mut crate::gc::Garbage) {
        if let Ok(mut t) = self.table.try_borrow_mut() {
            let t = std::mem::take(&mut *t);
            out.values.extend(t.slots.into_iter().filter_map(|s| {
                if let Slot::Full(_, k) = s {
                    Some(k)
                } else {
                    None
                }
            }));
        }
        self.bump();
    }
}
