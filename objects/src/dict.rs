//! `PyDict`: an insertion-ordered hash table keyed by Python equality.
//!
//! The caller computes hashes (they may run `__hash__`) and supplies an equality callback for
//! keys whose equality is not decidable here (instances with `__eq__`). The callback runs with no
//! borrow of the table held, so Python code called from `__eq__` may touch the dict; the table's
//! `version` tells a lookup that it has to start over.

use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

use crate::exc::{PyErr, PyResult};
use crate::heap::NoRoom;
use crate::str::PyStr;
use crate::value::Value;

const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;

#[derive(Clone)]
pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

#[derive(Default, Clone)]
pub struct Table {
    indices: Vec<u32>,
    entries: Vec<Option<Entry>>,
    used: usize,
    /// DUMMY index slots whose entries were cut off the end of `entries` (by `pop_last`):
    /// they still fill the index table, so growth counts them until the next rebuild.
    cut_dummies: usize,
}

/// Equality decidable without running Python code: `Some(eq)` or `None` if `__eq__` may run.
pub fn fast_eq(a: &Value, b: &Value) -> Option<bool> {
    use Value::*;
    // Identity implies equality in containers, NaN included (CPython checks identity
    // first; rupy's floats are values, so bit-identical floats count as the same object).
    if a.is(b) {
        return Some(true);
    }
    Some(match (a, b) {
        (Str(x), Str(y)) => x.as_str() == y.as_str(),
        (Int(x), Int(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => {
            (*x as f64) == y.get() && (y.get() as i128) == (*x as i128)
        }
        (Float(x), Float(y)) => x.get() == y.get(),
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => (*x as i64) == *y,
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == y.get(),
        (BigInt(x), BigInt(y)) => x == y,
        (BigInt(_), Int(_) | Bool(_)) | (Int(_) | Bool(_), BigInt(_)) => false,
        (Bytes(x), Bytes(y)) => x == y,
        (Tuple(x), Tuple(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                match fast_eq(p, q) {
                    Some(true) => {}
                    Some(false) => return Some(false),
                    Option::None => return Option::None,
                }
            }
            true
        }
        (FrozenSet(_), _) | (_, FrozenSet(_)) | (Instance(_), _) | (_, Instance(_)) => {
            return Option::None;
        }
        // Containers compare element-wise, which may run Python code.
        (
            List(_) | Dict(_) | Set(_) | ByteArray(_) | Range(_) | DictView(_) | Opaque(_)
            | Class(_),
            _,
        )
        | (
            _,
            List(_) | Dict(_) | Set(_) | ByteArray(_) | Range(_) | DictView(_) | Opaque(_)
            | Class(_),
        ) => return Option::None,
        (BigInt(_), Float(_)) | (Float(_), BigInt(_)) => return Option::None,
        (Complex(_), _) | (_, Complex(_)) => return Option::None,
        // Bound methods are equal when they bind the same object to the same function.
        (Method(x), Method(y)) => x.receiver.is(&y.receiver) && x.func.is(&y.func),
        _ => false,
    })
}

impl Table {
    /// Entry index of a string key (string equality is native: no Python code runs).
    #[inline]
    fn find_str(&self, key: &PyStr) -> Option<usize> {
        if self.indices.is_empty() {
            return None;
        }
        let hash = key.hash();
        let mask = self.mask();
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY
                && let Some(e) = &self.entries[ix as usize]
                && e.hash == hash
                && let Value::Str(s) = &e.key
                && (std::ptr::eq(&**s, key) || s.as_str() == key.as_str())
            {
                return Some(ix as usize);
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn mask(&self) -> usize {
        self.indices.len().wrapping_sub(1)
    }

    fn rebuild(&mut self, min_used: usize) -> Result<(), NoRoom> {
        let mut cap = 8;
        while cap * 2 < (min_used + 1) * 3 {
            cap *= 2;
        }
        // The index table is allocated before anything changes, so a refusal leaves the
        // table as it was.
        let mut indices = Vec::new();
        crate::heap::grow_vec(&mut indices, cap)?;
        indices.resize(cap, EMPTY);
        self.entries.retain(|e| e.is_some());
        self.indices = indices;
        self.cut_dummies = 0;
        let mask = cap - 1;
        for (n, e) in self.entries.iter().enumerate() {
            let h = e.as_ref().map(|e| e.hash).unwrap_or(0);
            let mut i = (h as u64 as usize) & mask;
            let mut perturb = h as u64;
            while self.indices[i] != EMPTY {
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
            self.indices[i] = n as u32;
        }
        Ok(())
    }

    /// Probe for `key`, passing over the entries in `skip` (slow candidates already found
    /// unequal). A candidate whose equality needs Python code is returned as `Slow`.
    fn probe(&self, hash: i64, key: &Value, skip: &[usize]) -> Probe {
        if self.indices.is_empty() {
            return Probe::Missing;
        }
        let mask = self.mask();
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return Probe::Missing;
            }
            if ix != DUMMY
                && !skip.contains(&(ix as usize))
                && let Some(e) = &self.entries[ix as usize]
                && e.hash == hash
            {
                match fast_eq(&e.key, key) {
                    Some(true) => return Probe::Found(ix as usize),
                    Some(false) => {}
                    None => return Probe::Slow(ix as usize, e.key.clone()),
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Mark the index slot that points at entry `ix` (found along `hash`'s probe sequence)
    /// as DUMMY. The walk is bounded: a missing slot (a broken invariant) ends it.
    fn forget_slot(&mut self, hash: i64, ix: usize) {
        if self.indices.is_empty() {
            return;
        }
        let mask = self.mask();
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        for _ in 0..self.indices.len() * 2 {
            let at = self.indices[i];
            if at == ix as u32 {
                self.indices[i] = DUMMY;
                return;
            }
            if at == EMPTY {
                return;
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn insert_new(&mut self, hash: i64, key: Value, value: Value) -> Result<(), NoRoom> {
        if (self.entries.len() + self.cut_dummies + 1) * 3 >= self.indices.len() * 2 {
            self.rebuild(self.used + 1)?;
        }
        crate::heap::grow_vec(&mut self.entries, 1)?;
        let mask = self.mask();
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        while self.indices[i] != EMPTY && self.indices[i] != DUMMY {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
        self.indices[i] = self.entries.len() as u32;
        self.entries.push(Some(Entry { hash, key, value }));
        self.used += 1;
        Ok(())
    }
}

/// Outcome of probing for a key: the entry index, or a candidate (entry index and key) whose
/// equality needs Python code.
enum Probe {
    Missing,
    Found(usize),
    Slow(usize, Value),
}

pub type EqFn<'a> = &'a mut dyn FnMut(&Value, &Value) -> PyResult<bool>;

#[derive(Default)]
pub struct PyDict {
    table: RefCell<Table>,
    version: Cell<u64>,
    /// Registered with the cycle collector (see `gc`); untracked dicts are instance dicts,
    /// traced as part of their instance.
    gc_tracked: Cell<bool>,
}

impl PyDict {
    pub fn new() -> Self {
        Self::default()
    }

    /// Give back the spare capacity of a dict that is done growing (a builtin type's dict
    /// after the interpreter built it): entries are kept, in order.
    pub fn shrink_to_fit(&self) {
        let mut t = self.table.borrow_mut();
        if t.entries.len() == t.used && t.entries.capacity() > t.entries.len() {
            t.entries.shrink_to_fit();
        }
    }

    /// A dict with room for `n` entries before it grows (a `{k: v, ...}` display).
    pub fn with_capacity(n: usize) -> Self {
        let d = Self::default();
        if n > 0 {
            // A size hint: when the memory is refused the dict simply starts empty and grows
            // (and fails) entry by entry.
            let mut t = d.table.borrow_mut();
            if crate::heap::grow_vec(&mut t.entries, n).is_ok() {
                let _ = t.rebuild(n);
            }
        }
        d
    }

    /// A tracked dict with room for `n` entries before it grows (namespaces whose size is
    /// known up front, like `builtins`).
    pub fn with_capacity_rc(n: usize) -> Rc<Self> {
        let d = Rc::new(Self::with_capacity(n));
        Self::track(&d);
        d
    }

    /// A dict on the heap, tracked by the cycle collector.
    pub fn new_rc() -> Rc<Self> {
        let d = Rc::new(Self::default());
        Self::track(&d);
        d
    }

    /// An instance's own dict: traced through its instance until something else gets hold
    /// of it (`track` then).
    pub fn new_rc_untracked() -> Rc<Self> {
        Rc::new(Self::default())
    }

    /// Register with the cycle collector (idempotent).
    pub fn track(d: &Rc<Self>) {
        if !d.gc_tracked.replace(true) {
            crate::gc::track(d);
        }
    }

    pub fn gc_tracked(&self) -> bool {
        self.gc_tracked.get()
    }

    pub(crate) fn try_borrow_table(&self) -> Result<Ref<'_, Table>, std::cell::BorrowError> {
        self.table.try_borrow()
    }

    /// Remove every entry (the collector clearing garbage); None if the table is in use.
    pub(crate) fn try_take_entries(&self) -> Option<Vec<Entry>> {
        let t = std::mem::take(&mut *self.table.try_borrow_mut().ok()?);
        self.bump();
        Some(t.entries.into_iter().flatten().collect())
    }

    pub fn len(&self) -> usize {
        self.table.borrow().used
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bumped on every change (new key, new value for a key, removal, clear), so a cached
    /// lookup stays valid exactly while the version is unchanged.
    pub fn version(&self) -> u64 {
        self.version.get()
    }

    fn bump(&self) {
        self.version.set(self.version.get().wrapping_add(1));
    }

    fn find(&self, hash: i64, key: &Value, eq: EqFn<'_>) -> PyResult<Option<usize>> {
        let mut skip = Vec::new();
        loop {
            let probe = self.table.borrow().probe(hash, key, &skip);
            match probe {
                Probe::Missing => return Ok(None),
                Probe::Found(ix) => return Ok(Some(ix)),
                Probe::Slow(ix, cand) => {
                    let v0 = self.version.get();
                    let equal = eq(&cand, key)?;
                    if self.version.get() != v0 {
                        skip.clear();
                        continue;
                    }
                    if equal {
                        return Ok(Some(ix));
                    }
                    skip.push(ix);
                }
            }
        }
    }

    pub fn get(&self, hash: i64, key: &Value, eq: EqFn<'_>) -> PyResult<Option<Value>> {
        Ok(match self.find(hash, key, eq)? {
            Some(ix) => self.table.borrow().entries[ix]
                .as_ref()
                .map(|e| e.value.clone()),
            None => None,
        })
    }

    pub fn contains(&self, hash: i64, key: &Value, eq: EqFn<'_>) -> PyResult<bool> {
        Ok(self.find(hash, key, eq)?.is_some())
    }

    pub fn insert(&self, hash: i64, key: Value, value: Value, eq: EqFn<'_>) -> PyResult<()> {
        match self.find(hash, &key, eq)? {
            Some(ix) => {
                let old = {
                    let mut t = self.table.borrow_mut();
                    t.entries[ix]
                        .as_mut()
                        .map(|e| std::mem::replace(&mut e.value, value))
                };
                self.bump();
                drop(old);
            }
            None => {
                let grown = self.table.borrow_mut().insert_new(hash, key, value);
                grown.map_err(PyErr::no_room)?;
                self.bump();
            }
        }
        Ok(())
    }

    pub fn remove(&self, hash: i64, key: &Value, eq: EqFn<'_>) -> PyResult<Option<(Value, Value)>> {
        let Some(ix) = self.find(hash, key, eq)? else {
            return Ok(None);
        };
        let mut t = self.table.borrow_mut();
        let removed = t.entries[ix].take();
        let h = removed.as_ref().map(|e| e.hash).unwrap_or(hash);
        t.forget_slot(h, ix);
        t.used -= 1;
        drop(t);
        self.bump();
        Ok(removed.map(|e| (e.key, e.value)))
    }

    /// Lookup by an interned or plain string key; never runs Python code.
    #[inline]
    pub fn get_str(&self, key: &PyStr) -> Option<Value> {
        let t = self.table.borrow();
        t.find_str(key)
            .and_then(|ix| t.entries[ix].as_ref())
            .map(|e| e.value.clone())
    }

    /// Lookup by string key trying entry position `*hint` first (where the key sat in the
    /// last dict of this shape); updates the hint on a miss.
    #[inline]
    pub fn get_str_hinted(&self, key: &PyStr, hint: &mut u32) -> Option<Value> {
        let t = self.table.borrow();
        if let Some(Some(e)) = t.entries.get(*hint as usize)
            && let Value::Str(k) = &e.key
            && (std::ptr::eq(&**k, key) || k.as_str() == key.as_str())
        {
            return Some(e.value.clone());
        }
        let ix = t.find_str(key)?;
        *hint = ix as u32;
        t.entries[ix].as_ref().map(|e| e.value.clone())
    }

    /// Store by string key, trying entry position `*hint` first (no Python code runs).
    #[inline]
    pub fn set_str_hinted(&self, key: &Rc<PyStr>, value: Value, hint: &mut u32) {
        let old = {
            let mut t = self.table.borrow_mut();
            match t.entries.get_mut(*hint as usize) {
                Some(Some(e)) if matches!(&e.key, Value::Str(k) if Rc::ptr_eq(k, key) || k.as_str() == key.as_str()) => {
                    Some(std::mem::replace(&mut e.value, value))
                }
                _ => {
                    drop(t);
                    self.set_str(key.clone(), value);
                    if let Some(ix) = self.position_str(key) {
                        *hint = ix as u32;
                    }
                    return;
                }
            }
        };
        self.bump();
        drop(old);
    }

    /// Position (in entry order) of a string key, for caches that re-read the entry while
    /// `version()` is unchanged.
    pub fn position_str(&self, key: &PyStr) -> Option<usize> {
        self.table.borrow().find_str(key)
    }

    /// The value at an entry position from `position_str`.
    #[inline]
    pub fn value_at(&self, pos: usize) -> Option<Value> {
        self.table
            .borrow()
            .entries
            .get(pos)
            .and_then(|e| e.as_ref())
            .map(|e| e.value.clone())
    }

    pub fn get_s(&self, key: &str) -> Option<Value> {
        self.get_str(&PyStr::new(key))
    }

    /// Insert with a string key (no Python code can run: str equality is native).
    pub fn set_str(&self, key: Rc<PyStr>, value: Value) {
        let hash = key.hash();
        let k = Value::Str(key);
        let mut never = |_: &Value, _: &Value| Ok(false);
        let _ = self.insert(hash, k, value, &mut never);
    }

    pub fn set_s(&self, key: &str, value: Value) {
        self.set_str(Rc::new(PyStr::new(key)), value)
    }

    pub fn del_str(&self, key: &PyStr) -> Option<Value> {
        let k = Value::Str(Rc::new(PyStr::new(key.as_str())));
        let mut never = |_: &Value, _: &Value| Ok(false);
        self.remove(key.hash(), &k, &mut never)
            .ok()
            .flatten()
            .map(|(_, v)| v)
    }

    pub fn clear(&self) {
        let old = std::mem::take(&mut *self.table.borrow_mut());
        self.bump();
        drop(old);
    }

    /// Snapshot of the live entries, in insertion order.
    pub fn entries(&self) -> Vec<(Value, Value)> {
        self.table
            .borrow()
            .entries
            .iter()
            .flatten()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    pub fn keys(&self) -> Vec<Value> {
        self.table
            .borrow()
            .entries
            .iter()
            .flatten()
            .map(|e| e.key.clone())
            .collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.table
            .borrow()
            .entries
            .iter()
            .flatten()
            .map(|e| e.value.clone())
            .collect()
    }

    /// Entries with their hashes (for copying into another dict without re-hashing).
    pub fn raw_entries(&self) -> Vec<Entry> {
        self.table
            .borrow()
            .entries
            .iter()
            .flatten()
            .cloned()
            .collect()
    }

    /// The entry at or after raw position `pos`, and the position after it (iteration).
    pub fn next_entry(&self, pos: usize) -> Option<(usize, Value, Value)> {
        let t = self.table.borrow();
        let mut p = pos;
        while p < t.entries.len() {
            if let Some(e) = &t.entries[p] {
                return Some((p + 1, e.key.clone(), e.value.clone()));
            }
            p += 1;
        }
        None
    }

    pub fn copy(&self) -> PyDict {
        let mut t = self.table.borrow().clone();
        // Compacting is optional: the clone's own index table is valid as it is.
        let used = t.used;
        let _ = t.rebuild(used);
        PyDict {
            table: RefCell::new(t),
            version: Cell::new(0),
            gc_tracked: Cell::new(false),
        }
    }

    /// Remove and return the last inserted entry (`Ok(None)`: the dict is empty).
    pub fn pop_last(&self) -> PyResult<Option<(Value, Value)>> {
        let mut t = self.table.borrow_mut();
        let Some(pos) = t.entries.iter().rposition(|e| e.is_some()) else {
            return Ok(None);
        };
        // As a deletion: the entry leaves a hole and its index slot turns DUMMY (the next
        // growth compacts both), so popping is O(1) and allocates nothing.
        let removed = t.entries[pos].take();
        if let Some(e) = &removed {
            t.forget_slot(e.hash, pos);
        }
        t.used -= 1;
        // Holes at the end go (each one's index slot is already DUMMY), so the next pop
        // does not walk them again.
        while t.entries.last().is_some_and(|e| e.is_none()) {
            t.entries.pop();
            t.cut_dummies += 1;
        }
        drop(t);
        self.bump();
        Ok(removed.map(|e| (e.key, e.value)))
    }

    pub fn borrow_table(&self) -> Ref<'_, Table> {
        self.table.borrow()
    }

    /// Insert an entry whose key is known not to be present (building a fresh dict).
    pub fn push_unique(&self, hash: i64, key: Value, value: Value) -> PyResult<()> {
        let grown = self.table.borrow_mut().insert_new(hash, key, value);
        grown.map_err(PyErr::no_room)?;
        self.bump();
        Ok(())
    }

    /// Replace the value of an existing key by raw entry position (used by iteration-safe updates).
    pub fn set_value_at(&self, pos: usize, value: Value) {
        if let Some(Some(e)) = self.table.borrow_mut().entries.get_mut(pos) {
            e.value = value;
        }
        self.bump();
    }
}

impl Table {
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }
    /// Live entries at or after raw position `pos`.
    pub fn iter_from(&self, pos: usize) -> impl Iterator<Item = &Entry> {
        self.entries.get(pos..).unwrap_or(&[]).iter().flatten()
    }
}
