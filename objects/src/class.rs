//! Type objects (`Class`) and instances of Python classes (`Instance`).
//!
//! Builtin types and user classes are the same structure; a builtin type's methods are native
//! functions in its dict. `mro` is computed once at creation (C3) and kept. Instances carry a
//! `Payload` for state a builtin base class needs (exceptions' args and traceback, the wrapped
//! value of a `list`/`int`/... subclass).
//!
//! A builtin type's dict is filled on first use (`Class::dict` runs its `filler`): the method
//! tables of all builtin types are ~900 entries, and most interpreters touch a handful of
//! types, so a new interpreter does not pay for the rest. Every read of a class dict goes
//! through `dict()`, so nothing can observe an unfilled table; only the collector and
//! teardown look at the dict as it is (`dict_unfilled`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::dict::PyDict;
use crate::exc::ExcData;
use crate::str::PyStr;
use crate::value::Value;

/// Facts about a class that the VM checks on hot paths, cached at creation and updated when
/// a dunder is assigned on the class.
#[derive(Clone, Copy, Default, Debug)]
pub struct TypeFlags {
    /// Instances are exceptions (BaseException in the MRO).
    pub exception: bool,
    /// A Python-level class (created by a `class` statement or `type(...)`).
    pub heap: bool,
    /// Some class in the MRO defines `__getattribute__`/`__getattr__` in Python.
    pub custom_getattr: bool,
    /// Some class in the MRO defines `__setattr__` in Python.
    pub custom_setattr: bool,
    /// Instances have no `__dict__` (`__slots__` without `__dict__`).
    pub no_dict: bool,
    /// Some class in the MRO defines `__del__`.
    pub has_del: bool,
    /// The class's own `__abstractmethods__` is non-empty: it cannot be instantiated.
    pub abstract_: bool,
}

pub struct Class {
    pub name: RefCell<String>,
    pub qualname: RefCell<String>,
    pub bases: RefCell<Vec<Rc<Class>>>,
    /// Method resolution order, starting with the class itself.
    pub mro: RefCell<Vec<Rc<Class>>>,
    dict: PyDict,
    /// Adds a builtin type's methods to `dict` the first time the dict is used.
    pub(crate) filler: Cell<Option<fn(&Class)>>,
    pub flags: Cell<TypeFlags>,
    pub metaclass: RefCell<Option<Rc<Class>>>,
    /// The builtin type whose instance layout this class extends (itself for builtins).
    pub base_kind: Cell<BaseKind>,
    /// Recent MRO lookups; valid while the interpreter's class epoch is unchanged.
    pub mcache: RefCell<MethodCache>,
    /// Number of `__slots__` storage cells instances have (including inherited ones).
    pub nslots: Cell<u32>,
}

const MCACHE_SLOTS: usize = 32;

/// A small direct-mapped cache of `lookup` results. Entries keep their name alive, so a hit
/// compares a live string; any change to any class's dict bumps the interpreter's class epoch
/// (`Vm::class_epoch`), which empties every cache on its next use.
#[derive(Default)]
pub struct MethodCache {
    epoch: u64,
    entries: Vec<Option<(Rc<PyStr>, Option<Value>)>>,
}

impl MethodCache {
    /// The cached values (the collector traces them).
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.entries
            .iter()
            .flatten()
            .filter_map(|(_, v)| v.as_ref())
    }
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The builtin layout an instance of a class has.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum BaseKind {
    #[default]
    Object,
    Exception,
    Int,
    Float,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Type,
    Other,
}

impl Class {
    pub fn new_builtin(name: &str, bases: Vec<Rc<Class>>, flags: TypeFlags) -> Class {
        Class {
            name: RefCell::new(name.to_owned()),
            qualname: RefCell::new(name.to_owned()),
            bases: RefCell::new(bases),
            mro: RefCell::new(Vec::new()),
            dict: PyDict::new(),
            filler: Cell::new(None),
            flags: Cell::new(flags),
            metaclass: RefCell::new(None),
            base_kind: Cell::new(BaseKind::Object),
            mcache: RefCell::new(MethodCache::default()),
            nslots: Cell::new(0),
        }
    }

    /// `lookup` through the method cache; `epoch` is the interpreter's `class_epoch`.
    #[inline]
    pub fn lookup_cached(&self, name: &Rc<PyStr>, epoch: u64) -> Option<Value> {
        let slot = (name.hash() as usize) & (MCACHE_SLOTS - 1);
        {
            let mut c = self.mcache.borrow_mut();
            if c.epoch != epoch || c.entries.is_empty() {
                c.epoch = epoch;
                c.entries.clear();
                c.entries.resize(MCACHE_SLOTS, None);
            }
            if let Some((n, v)) = &c.entries[slot]
                && (Rc::ptr_eq(n, name) || n.as_str() == name.as_str())
            {
                return v.clone();
            }
        }
        let v = self.lookup(name);
        self.mcache.borrow_mut().entries[slot] = Some((name.clone(), v.clone()));
        v
    }

    /// The class namespace, its builtin methods filled in first if still pending.
    #[inline]
    pub fn dict(&self) -> &PyDict {
        if self.filler.get().is_some() {
            self.fill();
        }
        &self.dict
    }

    #[cold]
    fn fill(&self) {
        // Taken before running, so a filler that reads this dict sees it as filled.
        if let Some(f) = self.filler.take() {
            f(self);
            // The table is complete: give back the growth slack.
            self.dict.shrink_to_fit();
        }
    }

    /// Register what fills this (builtin) type's dict on first use.
    pub fn set_filler(&self, f: fn(&Class)) {
        self.filler.set(Some(f));
    }

    /// The dict as it is, pending methods not filled: for the collector and teardown, which
    /// must not create objects.
    pub fn dict_unfilled(&self) -> &PyDict {
        &self.dict
    }

    pub fn name(&self) -> String {
        self.name.borrow().clone()
    }

    /// Look `name` up along the MRO (no descriptors applied).
    #[inline]
    pub fn lookup(&self, name: &PyStr) -> Option<Value> {
        if let Some(v) = self.dict().get_str(name) {
            return Some(v);
        }
        let mro = self.mro.borrow();
        for c in mro.iter().skip(1) {
            if let Some(v) = c.dict().get_str(name) {
                return Some(v);
            }
        }
        None
    }

    pub fn lookup_s(&self, name: &str) -> Option<Value> {
        self.lookup(&PyStr::new(name))
    }

    pub fn is_subclass(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        if Rc::ptr_eq(self, other) {
            return true;
        }
        self.mro.borrow().iter().any(|c| Rc::ptr_eq(c, other))
    }

    pub fn flags(&self) -> TypeFlags {
        self.flags.get()
    }
}

pub enum Payload {
    None,
    Exc(RefCell<ExcData>),
    /// The builtin value of an instance of a subclass of a builtin type (`class L(list)`).
    Value(RefCell<Value>),
}

pub struct Instance {
    pub class: RefCell<Rc<Class>>,
    pub dict: Option<Rc<PyDict>>,
    pub payload: Payload,
    /// `__slots__` storage, read and written by the classes' member descriptors
    /// (`Value::Unbound` while unset).
    pub slots: RefCell<Vec<Value>>,
    /// `__del__` has run (or been claimed by the collector); it never runs twice.
    pub finalized: Cell<bool>,
    /// A weak reference was made to this instance: its death is reported to the weak
    /// reference table (`gc::note_weak_death`) so callbacks run.
    pub weakly_referenced: Cell<bool>,
}

impl Instance {
    pub fn new(class: Rc<Class>, payload: Payload) -> Instance {
        let no_dict = class.flags().no_dict;
        let slots = vec![Value::Unbound; class.nslots.get() as usize];
        Instance {
            class: RefCell::new(class),
            dict: if no_dict {
                None
            } else {
                Some(PyDict::new_rc_untracked())
            },
            payload,
            slots: RefCell::new(slots),
            finalized: Cell::new(false),
            weakly_referenced: Cell::new(false),
        }
    }

    #[inline]
    pub fn class(&self) -> Rc<Class> {
        self.class.borrow().clone()
    }

    pub fn exc(&self) -> Option<&RefCell<ExcData>> {
        match &self.payload {
            Payload::Exc(e) => Some(e),
            _ => None,
        }
    }
}

impl Drop for Instance {
    /// The last reference went away: if the class defines `__del__`, move the state into a
    /// fresh instance and queue it for the finalizer (run at the VM's next safe point; the
    /// instance is freed when the finalizer drops it, unless `__del__` resurrected it).
    fn drop(&mut self) {
        if self.weakly_referenced.get() {
            crate::gc::note_weak_death(self as *const Instance as usize);
        }
        if self.finalized.get() || !self.class.get_mut().flags().has_del {
            return;
        }
        let revived = Instance {
            class: RefCell::new(self.class.get_mut().clone()),
            dict: self.dict.take(),
            payload: std::mem::replace(&mut self.payload, Payload::None),
            slots: RefCell::new(std::mem::take(self.slots.get_mut())),
            finalized: Cell::new(true),
            weakly_referenced: Cell::new(false),
        };
        crate::gc::defer_finalizer(Value::Instance(Rc::new(revived)));
    }
}
