//! `Vm`: the state of one interpreter that object operations need — the builtin type objects,
//! the exception classes, interned strings, `sys.modules`, the builtins namespace, the
//! recursion limit and the handled-exception stack. The eval loop, compiler and builtins that
//! operate on it live in `rupy-interp`.
//!
//! A `Vm` is one *thread state*: each OS thread running Python code in an interpreter has its
//! own `Vm` (recursion depth, handled exceptions, frame buffers, breaker), and the `Vm`s of one
//! interpreter share its objects (types, builtins, `sys.modules`) by `Rc` and its mutable
//! interpreter-wide state through `shared`.
//!
//! Invariant: a `Vm` and every object it reaches are touched only by the thread that holds
//! this interpreter's GIL (`thread.gil`).

use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::breaker::Breaker;
use crate::gil::{Gil, Holder};
use crate::pending::PendingCalls;

use crate::class::{BaseKind, Class, TypeFlags};
use crate::code::Code;
use crate::dict::PyDict;
use crate::exc::PyErr;
use crate::exc_kinds::{EXC_COUNT, EXC_TABLE, ExcKind};
use crate::str::PyStr;
use crate::value::Value;

/// Hashing for the VM's internal maps (pointer, type-id and name keys, never attacker-chosen
/// in a way that matters): FxHash is several times cheaper than the default SipHash.
type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

macro_rules! types_struct {
    ($($field:ident : $name:literal),* $(,)?) => {
        /// The builtin type objects of one interpreter.
        #[derive(Clone)]
        pub struct Types { $(pub $field: Rc<Class>,)* }
        impl Types {
            fn new(object: &Rc<Class>) -> Types {
                Types { $($field: derived($name, object),)* }
            }
            pub fn all(&self) -> Vec<Rc<Class>> {
                vec![$(self.$field.clone(),)*]
            }
        }
    };
}

types_struct! {
    type_: "type", int: "int", float: "float", complex: "complex", str: "str", bytes: "bytes",
    bytearray: "bytearray", list: "list", tuple: "tuple", dict: "dict", set: "set",
    frozenset: "frozenset", range: "range", slice: "slice", none: "NoneType",
    notimpl: "NotImplementedType", ellipsis: "ellipsis", function: "function",
    builtin_function: "builtin_function_or_method", method: "method", module: "module",
    generator: "generator", coroutine: "coroutine", async_generator: "async_generator",
    code: "code", cell: "cell", property: "property",
    staticmethod: "staticmethod", classmethod: "classmethod", super_: "super",
    list_iterator: "list_iterator", list_reverseiterator: "list_reverseiterator",
    range_iterator: "range_iterator", tuple_iterator: "tuple_iterator",
    str_iterator: "str_ascii_iterator", bytes_iterator: "bytes_iterator", bytearray_iterator: "bytearray_iterator",
    dict_keyiterator: "dict_keyiterator", dict_valueiterator: "dict_valueiterator",
    dict_itemiterator: "dict_itemiterator", set_iterator: "set_iterator",
    enumerate: "enumerate", zip: "zip", map: "map", filter: "filter", reversed: "reversed",
    callable_iterator: "callable_iterator", seq_iterator: "iterator",
    dict_keys: "dict_keys", dict_values: "dict_values", dict_items: "dict_items",
    bool_: "bool",
}

/// A builtin class `name` with the single base `base` (its MRO is `base`'s with it in front).
pub fn derived(name: &str, base: &Rc<Class>) -> Rc<Class> {
    let c = Rc::new(Class::new_builtin(
        name,
        vec![base.clone()],
        TypeFlags::default(),
    ));
    let base_mro = base.mro.borrow();
    let mut mro = Vec::with_capacity(1 + base_mro.len());
    mro.push(c.clone());
    mro.extend(base_mro.iter().cloned());
    *c.mro.borrow_mut() = mro;
    // Known to the collector only for teardown (`gc::clear_all` breaks the class ↔ MRO
    // cycle); collections skip builtin types, which cannot become garbage.
    crate::gc::track_permanent(&c);
    c
}

/// One code object as this interpreter sees it: the shared code, its constants materialised
/// as values of this interpreter and its names interned here.
pub type CodeCacheEntry = (Arc<Code>, Rc<[Value]>, Rc<[Rc<PyStr>]>);

pub struct Vm {
    pub object: Rc<Class>,
    pub types: Types,
    pub excs: Vec<Rc<Class>>,
    pub builtins: Rc<PyDict>,
    /// `sys.modules`
    pub modules: Rc<PyDict>,
    interned: FastMap<Box<str>, Rc<PyStr>>,
    pub recursion_depth: usize,
    pub recursion_limit: usize,
    /// Instructions this thread state may still execute in the current run (`i64::MAX`
    /// without a budget; see `Limits::max_instructions`).
    pub ticks_left: i64,
    /// Address near the bottom of the native stack this thread runs on, and how many bytes
    /// of it Python calls may use before `RecursionError` (so the native stack never overflows).
    pub stack_base: usize,
    pub stack_budget: usize,
    /// Exceptions currently being handled (innermost last): `sys.exc_info()`, implicit chaining.
    pub handled: Vec<Value>,
    /// Reusable value-stack buffers for frames, so calls do not allocate.
    pub stack_pool: Vec<Vec<Value>>,
    /// The frames running on this thread, innermost last (see `frame::FrameEntry`).
    pub frames: Vec<crate::frame::FrameEntry>,
    /// The serial the next frame activation gets.
    pub frame_serial: u64,
    /// Per-code materialised constants and interned names.
    pub code_cache: FastMap<usize, CodeCacheEntry>,
    /// `code_cache` size at which dead code is next dropped from it.
    pub code_cache_limit: usize,
    /// Interpreter-wide mutable state, shared by the interpreter's thread states.
    pub shared: Rc<Shared>,
    pub argv: Vec<String>,
    /// Per-thread state of Rust-implemented code, by type (interpreter-wide state:
    /// `shared_state`).
    pub ext: FastMap<TypeId, Box<dyn Any>>,
    /// The `sys` module's dict, once created.
    pub sys_dict: Option<Rc<PyDict>>,
    pub main_path: Option<String>,
    /// Interned names the VM looks up on hot paths.
    pub names: Names,
    /// This thread state's GIL and breaker.
    pub thread: ThreadLink,
}

/// The mutable state of an interpreter that all its threads see.
pub struct Shared {
    /// Bumped whenever any class's dict changes after creation: invalidates method caches.
    class_epoch: Cell<u64>,
    /// Interpreter-wide state of Rust-implemented code, by type.
    ext: RefCell<FastMap<TypeId, Rc<dyn Any>>>,
    /// Source text per filename, for traceback lines.
    pub sources: RefCell<HashMap<String, Rc<str>>>,
    /// Where `sys.stdout` writes unless replaced (buffered here, written out in order).
    pub stdout: crate::output::Output,
    /// Where `sys.stderr` writes unless replaced (written out at each write, after stdout).
    pub stderr: crate::output::Output,
    /// The interpreter's cycle-collector registry while no thread has it installed (see
    /// `gc::swap_registry`): installed by whichever thread holds the GIL.
    pub gc_slot: RefCell<crate::gc::Registry>,
    /// The limits of the current run, and which one stopped it (see `limits`).
    pub limits: RefCell<crate::limits::Limits>,
    pub limit_hit: Cell<Option<crate::limits::LimitKind>>,
    /// Bytes written to stdout/stderr since the limits were set.
    pub output_written: Cell<u64>,
    /// Bytes allocated net of frees by this interpreter's threads since the limits were set
    /// (folded in from `heap` at each detach).
    pub heap_bytes: Cell<i64>,
    /// The highest `heap_bytes` seen since it was last reset (`Vm::heap_reset`).
    pub heap_peak: Cell<i64>,
}

/// A thread state's link to its interpreter's GIL: the GIL itself, what the GIL knows of
/// this thread (its id and eval breaker), and the interpreter's pending-call queue.
#[derive(Clone)]
pub struct ThreadLink {
    pub gil: Arc<Gil>,
    pub holder: Holder,
    pub pending: Arc<PendingCalls<PendingCall>>,
}

/// Work handed to an interpreter from another OS thread: it runs on a thread attached to that
/// interpreter, at its next breaker check.
pub type PendingCall = Box<dyn FnOnce(&mut Vm) + Send>;

/// What other OS threads may hold of an interpreter (`Send + Sync`): enough to interrupt the
/// code it runs and to queue work for it, nothing that reaches its objects.
#[derive(Clone)]
pub struct InterpHandle {
    gil: Arc<Gil>,
    pending: Arc<PendingCalls<PendingCall>>,
}

impl InterpHandle {
    /// Raise `KeyboardInterrupt` in the code the interpreter runs (on the thread that holds
    /// its GIL, or last held it) at its next breaker check; a thread blocked in a lock, a join
    /// or a sleep notices within `interp::thread::WAIT_SLICE`.
    pub fn interrupt(&self) {
        self.gil.signal_holder(Breaker::INTERRUPT);
    }

    /// Run `f` inside the interpreter at its next breaker check; gives `f` back when the
    /// queue is full.
    pub fn add_pending_call(&self, f: PendingCall) -> Result<(), PendingCall> {
        self.pending.add(f, &self.gil)
    }
}

/// Thread idents (`threading.get_ident()`): unique in the process, never reused.
static NEXT_THREAD_ID: AtomicU64 = AtomicU64::new(1);

impl ThreadLink {
    /// A new thread state of the interpreter whose GIL is `gil`.
    pub fn new(gil: Arc<Gil>, pending: Arc<PendingCalls<PendingCall>>) -> ThreadLink {
        let id = NEXT_THREAD_ID.fetch_add(1, Ordering::Relaxed);
        ThreadLink {
            gil,
            holder: Holder {
                id,
                breaker: Arc::new(Breaker::new()),
            },
            pending,
        }
    }

    /// A handle other OS threads may keep (interrupts, pending calls).
    pub fn handle(&self) -> InterpHandle {
        InterpHandle {
            gil: self.gil.clone(),
            pending: self.pending.clone(),
        }
    }

    #[inline(always)]
    pub fn breaker(&self) -> &Breaker {
        &self.holder.breaker
    }
}

/// Pre-interned special method names.
#[derive(Clone)]
pub struct Names {
    pub new: Rc<PyStr>,
    pub init: Rc<PyStr>,
    pub call: Rc<PyStr>,
}

impl Vm {
    pub fn new() -> Vm {
        let object = Rc::new(Class::new_builtin("object", vec![], TypeFlags::default()));
        *object.mro.borrow_mut() = vec![object.clone()];
        crate::gc::track_permanent(&object);
        let types = Types::new(&object);
        // bool derives from int.
        {
            *types.bool_.bases.borrow_mut() = vec![types.int.clone()];
            let mut mro = vec![types.bool_.clone()];
            mro.extend(types.int.mro.borrow().iter().cloned());
            *types.bool_.mro.borrow_mut() = mro;
        }
        let kinds = [
            (&types.int, BaseKind::Int),
            (&types.bool_, BaseKind::Int),
            (&types.float, BaseKind::Float),
            (&types.str, BaseKind::Str),
            (&types.bytes, BaseKind::Bytes),
            (&types.list, BaseKind::List),
            (&types.tuple, BaseKind::Tuple),
            (&types.dict, BaseKind::Dict),
            (&types.set, BaseKind::Set),
            (&types.frozenset, BaseKind::FrozenSet),
            (&types.type_, BaseKind::Type),
        ];
        for (t, k) in kinds {
            t.base_kind.set(k);
        }
        let mut excs: Vec<Rc<Class>> = Vec::with_capacity(EXC_COUNT);
        for (name, parent) in EXC_TABLE {
            let base = match parent {
                Some(p) => excs[*p].clone(),
                None => object.clone(),
            };
            let c = derived(name, &base);
            let mut f = c.flags();
            f.exception = true;
            c.flags.set(f);
            c.base_kind.set(BaseKind::Exception);
            excs.push(c);
        }
        let vm = Vm {
            object,
            types,
            excs,
            // ~150 names once `builtins` is filled.
            builtins: PyDict::with_capacity_rc(160),
            modules: PyDict::new_rc(),
            interned: FastMap::default(),
            recursion_depth: 0,
            recursion_limit: 1000,
            ticks_left: i64::MAX,
            stack_base: 0,
            stack_budget: usize::MAX,
            handled: Vec::new(),
            stack_pool: Vec::new(),
            frames: Vec::new(),
            frame_serial: 0,
            code_cache: FastMap::default(),
            code_cache_limit: 0,
            shared: Rc::new(Shared {
                class_epoch: Cell::new(1),
                ext: RefCell::new(FastMap::default()),
                sources: RefCell::new(HashMap::new()),
                stdout: crate::output::Output::new(Box::new(std::io::stdout())),
                stderr: crate::output::Output::new(Box::new(std::io::stderr())),
                gc_slot: RefCell::new(crate::gc::Registry::default()),
                limits: RefCell::new(crate::limits::Limits::default()),
                limit_hit: Cell::new(None),
                output_written: Cell::new(0),
                heap_bytes: Cell::new(0),
                heap_peak: Cell::new(0),
            }),
            argv: Vec::new(),
            ext: FastMap::default(),
            sys_dict: None,
            main_path: None,
            thread: ThreadLink::new(Arc::new(Gil::new()), Arc::new(PendingCalls::new())),
            names: Names {
                new: Rc::new(PyStr::new("__new__")),
                init: Rc::new(PyStr::new("__init__")),
                call: Rc::new(PyStr::new("__call__")),
            },
        };
        // The creating thread is the interpreter's first thread: it holds the GIL (uncontended)
        // and its breaker hears from the collector.
        vm.thread.gil.take(&vm.thread.holder);
        crate::gc::set_wake(&vm.thread.holder.breaker);
        // The thread creating an interpreter runs it until another attaches (see `heap_begin`).
        crate::exc::set_memory_error_class(Some(vm.exc(ExcKind::MemoryError)));
        vm
    }

    /// The interned `str` for `s` (identifiers, attribute names).
    pub fn intern(&mut self, s: &str) -> Rc<PyStr> {
        if let Some(v) = self.interned.get(s) {
            return v.clone();
        }
        let v = Rc::new(PyStr::new(s));
        self.interned.insert(s.into(), v.clone());
        v
    }

    #[inline]
    pub fn exc(&self, k: ExcKind) -> Rc<Class> {
        self.excs[k as usize].clone()
    }

    /// A lazily materialised exception of builtin kind `k`.
    #[cold]
    pub fn err(&self, k: ExcKind, msg: impl Into<String>) -> PyErr {
        PyErr::lazy(self.exc(k), msg)
    }

    #[cold]
    pub fn type_error(&self, msg: impl Into<String>) -> PyErr {
        self.err(ExcKind::TypeError, msg)
    }

    #[cold]
    pub fn value_error(&self, msg: impl Into<String>) -> PyErr {
        self.err(ExcKind::ValueError, msg)
    }

    /// The class of any value.
    pub fn type_of(&self, v: &Value) -> Rc<Class> {
        let t = &self.types;
        match v {
            Value::None | Value::Unbound => t.none.clone(),
            Value::NotImplemented => t.notimpl.clone(),
            Value::Ellipsis => t.ellipsis.clone(),
            Value::Bool(_) => t.bool_.clone(),
            Value::Int(_) | Value::BigInt(_) => t.int.clone(),
            Value::Float(_) => t.float.clone(),
            Value::Complex(_) => t.complex.clone(),
            Value::Str(_) => t.str.clone(),
            Value::Bytes(_) => t.bytes.clone(),
            Value::ByteArray(_) => t.bytearray.clone(),
            Value::List(_) => t.list.clone(),
            Value::Tuple(_) => t.tuple.clone(),
            Value::Dict(_) => t.dict.clone(),
            Value::Set(_) => t.set.clone(),
            Value::FrozenSet(_) => t.frozenset.clone(),
            Value::Range(_) => t.range.clone(),
            Value::Slice(_) => t.slice.clone(),
            Value::Function(_) => t.function.clone(),
            Value::Native(_) => t.builtin_function.clone(),
            Value::Method(_) => t.method.clone(),
            Value::Class(c) => c
                .metaclass
                .borrow()
                .clone()
                .unwrap_or_else(|| t.type_.clone()),
            Value::Instance(i) => i.class(),
            Value::Module(_) => t.module.clone(),
            Value::Iter(it) => {
                use crate::misc::IterState::*;
                match &*it.borrow() {
                    Range { .. } => t.range_iterator.clone(),
                    List { .. } => t.list_iterator.clone(),
                    ListRev { .. } => t.list_reverseiterator.clone(),
                    Tuple { .. } => t.tuple_iterator.clone(),
                    Str { .. } => t.str_iterator.clone(),
                    Bytes { .. } => t.bytes_iterator.clone(),
                    ByteArray { .. } => t.bytearray_iterator.clone(),
                    Dict { kind: 0, .. } => t.dict_keyiterator.clone(),
                    Dict { kind: 1, .. } => t.dict_valueiterator.clone(),
                    Dict { .. } => t.dict_itemiterator.clone(),
                    Set { .. } => t.set_iterator.clone(),
                    Enumerate { .. } => t.enumerate.clone(),
                    Zip { .. } => t.zip.clone(),
                    Map { .. } => t.map.clone(),
                    Filter { .. } => t.filter.clone(),
                    Callable { .. } => t.callable_iterator.clone(),
                    Reversed { .. } => t.reversed.clone(),
                    Seq { .. } | Values { .. } | Exhausted => t.seq_iterator.clone(),
                }
            }
            Value::DictView(dv) => match dv.1 {
                0 => t.dict_keys.clone(),
                1 => t.dict_values.clone(),
                _ => t.dict_items.clone(),
            },
            Value::Generator(g) => match g.kind {
                crate::misc::GenKind::Generator => t.generator.clone(),
                crate::misc::GenKind::Coroutine => t.coroutine.clone(),
                crate::misc::GenKind::AsyncGenerator => t.async_generator.clone(),
            },
            Value::Code(_) => t.code.clone(),
            Value::Cell(_) => t.cell.clone(),
            Value::Property(_) => t.property.clone(),
            Value::StaticMethod(_) => t.staticmethod.clone(),
            Value::ClassMethod(_) => t.classmethod.clone(),
            Value::Super(_) => t.super_.clone(),
            Value::Opaque(o) => o.class.clone(),
        }
    }

    /// A new thread state of this interpreter (for a new OS thread): the same objects and
    /// shared state, a fresh stack, no handled exceptions, its own breaker. The caller gives
    /// it the native stack bounds of the thread that will run it.
    pub fn new_thread_state(&self) -> Vm {
        Vm {
            object: self.object.clone(),
            types: self.types.clone(),
            excs: self.excs.clone(),
            builtins: self.builtins.clone(),
            modules: self.modules.clone(),
            interned: FastMap::default(),
            recursion_depth: 0,
            recursion_limit: self.recursion_limit,
            ticks_left: i64::MAX,
            stack_base: 0,
            stack_budget: usize::MAX,
            handled: Vec::new(),
            stack_pool: Vec::new(),
            frames: Vec::new(),
            frame_serial: 0,
            code_cache: FastMap::default(),
            code_cache_limit: 0,
            shared: self.shared.clone(),
            argv: self.argv.clone(),
            ext: FastMap::default(),
            sys_dict: self.sys_dict.clone(),
            main_path: self.main_path.clone(),
            names: self.names.clone(),
            thread: ThreadLink::new(self.thread.gil.clone(), self.thread.pending.clone()),
        }
    }

    /// The method-cache epoch (see `Shared::class_epoch`).
    #[inline(always)]
    pub fn class_epoch(&self) -> u64 {
        self.shared.class_epoch.get()
    }

    /// Invalidate every method cache: a class dict changed.
    pub fn bump_class_epoch(&self) {
        self.shared
            .class_epoch
            .set(self.shared.class_epoch.get() + 1);
    }

    /// Write to the interpreter's standard output stream (buffered).
    pub fn write_stdout(&self, data: &[u8]) -> std::io::Result<()> {
        self.shared.stdout.write(data)
    }

    /// Write out buffered standard output now, holding the GIL (see
    /// `interp::thread::flush_stdout` for the version that releases it).
    pub fn flush_stdout(&self) -> std::io::Result<()> {
        if self.shared.stdout.pending() == 0 {
            return Ok(());
        }
        self.shared.stdout.take().finish()
    }

    /// A limit was exceeded: from now on no handler catches anything until the run ends.
    #[cold]
    pub fn limit_exceeded(&self, kind: crate::limits::LimitKind) -> PyErr {
        self.shared.limit_hit.set(Some(kind));
        self.err(ExcKind::BaseException, kind.message())
    }

    /// Count `n` bytes of output against the output limit.
    #[inline]
    pub fn charge_output(&self, n: usize) -> Result<(), PyErr> {
        let total = self.shared.output_written.get() + n as u64;
        self.shared.output_written.set(total);
        match self.shared.limits.borrow().max_output_bytes {
            Some(max) if total > max => Err(self.limit_exceeded(crate::limits::LimitKind::Output)),
            _ => Ok(()),
        }
    }

    /// Start heap accounting for this thread state (it just attached).
    pub fn heap_begin(&self) {
        let budget = self
            .shared
            .limits
            .borrow()
            .max_heap_bytes
            .map(|max| max as i64 - self.shared.heap_bytes.get());
        crate::heap::begin(&self.thread.holder.breaker, budget);
        crate::exc::set_memory_error_class(Some(self.exc(ExcKind::MemoryError)));
    }

    /// Fold this thread's count into the interpreter's (it is about to detach).
    pub fn heap_end(&self) {
        let base = self.shared.heap_bytes.get();
        let peak = base + crate::heap::peak();
        if peak > self.shared.heap_peak.get() {
            self.shared.heap_peak.set(peak);
        }
        self.shared.heap_bytes.set(base + crate::heap::end());
        crate::exc::set_memory_error_class(None);
    }

    /// Count the interpreter's heap from zero (and its peak) from now on: the start of a run
    /// whose usage is reported.
    pub fn heap_reset(&self) {
        self.heap_end();
        self.shared.heap_bytes.set(0);
        self.shared.heap_peak.set(0);
        self.heap_begin();
    }

    /// The most net bytes the interpreter had allocated at any moment since `heap_reset`
    /// (as far as its threads' detaches and this thread's count show).
    pub fn heap_peak(&self) -> i64 {
        self.shared
            .heap_peak
            .get()
            .max(self.shared.heap_bytes.get() + crate::heap::peak())
    }

    /// A huge allocation is about to be made: fail it now if it would cross the run's memory
    /// limit (before any memory is touched).
    pub fn reserve(&self, bytes: usize) -> Result<(), PyErr> {
        if crate::heap::would_exceed(bytes) {
            return Err(self.limit_exceeded(crate::limits::LimitKind::Memory));
        }
        Ok(())
    }

    /// A container could not grow: the memory-limit error when the run's budget refused
    /// the memory, else `MemoryError`.
    #[cold]
    pub fn no_room(&self, why: crate::heap::NoRoom) -> PyErr {
        match why {
            crate::heap::NoRoom::Budget => self.limit_exceeded(crate::limits::LimitKind::Memory),
            crate::heap::NoRoom::Alloc => PyErr::lazy_noarg(self.exc(ExcKind::MemoryError)),
        }
    }

    /// Make room for `additional` more items in a Vec a native operation fills (see
    /// `heap::grow_vec`): never past the run's budget, never an allocation abort.
    #[inline]
    pub fn grow<T>(&self, v: &mut Vec<T>, additional: usize) -> Result<(), PyErr> {
        if v.capacity() - v.len() >= additional {
            return Ok(());
        }
        crate::heap::grow_vec(v, additional).map_err(|why| self.no_room(why))
    }

    /// Interpreter-wide state of Rust-implemented code, created on first use. Mutable parts
    /// use `Cell`/`RefCell`/`OnceCell` inside `T`.
    pub fn shared_state<T: Any + Default>(&self) -> Rc<T> {
        let tid = TypeId::of::<T>();
        if let Some(v) = self.shared.ext.borrow().get(&tid) {
            return v
                .clone()
                .downcast::<T>()
                .unwrap_or_else(|_| Rc::new(T::default()));
        }
        let v = Rc::new(T::default());
        self.shared.ext.borrow_mut().insert(tid, v.clone());
        v
    }

    /// Per-thread state of Rust-implemented code, created on first use.
    pub fn ext_state<T: Any + Default>(&mut self) -> &mut T {
        self.ext
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut::<T>()
            .expect("ext state keyed by its own TypeId")
    }
}

impl Default for Vm {
    fn default() -> Self {
        Self::new()
    }
}
