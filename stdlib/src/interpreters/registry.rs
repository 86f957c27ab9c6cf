//! The process-wide registry of interpreters (ids from 0, never reused) and *sessions*: running
//! a closure inside another interpreter on the calling OS thread, PEP 734's way — the caller's
//! interpreter is released (its other threads run), the target's GIL is taken, its parked main
//! thread state is opened, the closure runs, and everything is put back.
//!
//! Invariants:
//! - an interpreter created here is *parked* (`home` holds its main thread state) whenever no
//!   session runs it; `running` is set for exactly the span of a session, so at most one
//!   session runs an interpreter at a time;
//! - a session only moves `Send` data across (the closure's captures and result): objects of
//!   one interpreter never reach another;
//! - an interpreter the host or the `rupy` command made (whence `runtime init`/`C-API`) has no
//!   parked state: it lives on its own thread and Python code cannot close it.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use dashmap::DashMap;
use rupy_interp::thread::handoff::Parked;
use rupy_interp::thread::{attach, detach, install, uninstall};
use rupy_objects::Vm;
use rupy_objects::gc;
use rupy_objects::gil::{Gil, Holder};
use rupy_objects::pending::PendingCalls;
use rupy_objects::vm::PendingCall;

pub const WHENCE_RUNTIME: &str = "runtime init";
pub const WHENCE_CAPI: &str = "C-API";
pub const WHENCE_STDLIB: &str = "_interpreters module";

pub struct Entry {
    pub id: i64,
    pub whence: &'static str,
    pub gil: Arc<Gil>,
    /// The main thread state's identity, used by whichever OS thread runs a session.
    pub holder: Holder,
    pub pending: Arc<PendingCalls<PendingCall>>,
    /// Boxed so parking and unparking move a pointer, not the whole thread state.
    home: Mutex<Option<Parked<Box<Vm>>>>,
    running: AtomicBool,
    /// `Interpreter` objects (in any interpreter) that own a reference: when the last goes,
    /// the interpreter is destroyed (CPython's `reqrefs`).
    refs: AtomicI64,
}

static INTERPRETERS: LazyLock<DashMap<i64, Arc<Entry>, rustc_hash::FxBuildHasher>> =
    LazyLock::new(DashMap::default);
static NEXT_ID: AtomicI64 = AtomicI64::new(0);
static MAIN_ARGV: OnceLock<Vec<String>> = OnceLock::new();

/// This interpreter's id, once it has one.
#[derive(Default)]
pub struct CurrentId(std::cell::Cell<Option<i64>>);

/// Remember the process's argv (the first interpreter's): subinterpreters get the same
/// `sys.argv` and `sys.path[0]` as main, as in CPython.
pub fn set_main_argv(argv: &[String]) {
    let _ = MAIN_ARGV.set(argv.to_vec());
}

pub fn lookup(id: i64) -> Option<Arc<Entry>> {
    INTERPRETERS.get(&id).map(|e| e.clone())
}

/// Every interpreter, by id.
pub fn list_all() -> Vec<Arc<Entry>> {
    let mut v: Vec<Arc<Entry>> = INTERPRETERS.iter().map(|e| e.value().clone()).collect();
    v.sort_by_key(|e| e.id);
    v
}

/// The id of the interpreter `vm` belongs to; an interpreter made outside this module gets
/// one on first need (the first of all is main, id 0).
pub fn current_id(vm: &mut Vm) -> i64 {
    let cur = vm.shared_state::<CurrentId>();
    if let Some(id) = cur.0.get() {
        return id;
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let whence = if id == 0 { WHENCE_RUNTIME } else { WHENCE_CAPI };
    let entry = Entry {
        id,
        whence,
        gil: vm.thread.gil.clone(),
        holder: vm.thread.holder.clone(),
        pending: vm.thread.pending.clone(),
        home: Mutex::new(None),
        running: AtomicBool::new(true),
        refs: AtomicI64::new(0),
    };
    INTERPRETERS.insert(id, Arc::new(entry));
    cur.0.set(Some(id));
    id
}

impl Entry {
    pub fn incref(&self) {
        self.refs.fetch_add(1, Ordering::AcqRel);
    }

    /// Drop one reference; true when it was the last.
    pub fn decref(&self) -> bool {
        self.refs.fetch_sub(1, Ordering::AcqRel) == 1
    }

    /// Running code now: a session is on, or it is an interpreter that lives on its own thread.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum SessionError {
    NotFound,
    Running,
    /// The closure panicked: a bug in rupy, reported as `SystemError`; the interpreter is
    /// put back and stays usable.
    Panicked,
}

/// Create a parked interpreter (whence `_interpreters module`); `caller` is the calling
/// thread's interpreter (released meanwhile), `None` for a host thread attached to none.
pub fn create(mut caller: Option<&mut Vm>) -> Result<i64, SessionError> {
    let argv = MAIN_ARGV.get().cloned().unwrap_or_default();
    if let Some(vm) = caller.as_deref_mut() {
        current_id(vm);
        let _ = vm.flush_stdout();
        detach(vm);
    }
    let built = std::panic::catch_unwind(move || {
        let mut new = Box::new(Vm::new());
        rupy_interp::builtins::init(&mut new);
        crate::init(&mut new, argv);
        rupy_interp::xi::main_dict(&mut new);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        new.shared_state::<CurrentId>().0.set(Some(id));
        let entry = Entry {
            id,
            whence: WHENCE_STDLIB,
            gil: new.thread.gil.clone(),
            holder: new.thread.holder.clone(),
            pending: new.thread.pending.clone(),
            home: Mutex::new(None),
            running: AtomicBool::new(false),
            refs: AtomicI64::new(0),
        };
        let gil = new.thread.gil.clone();
        let holder = new.thread.holder.clone();
        uninstall(&new);
        *lock_home(&entry) = Some(Parked::park(new, gil.clone()));
        gil.drop_gil(&holder, false);
        INTERPRETERS.insert(id, Arc::new(entry));
        id
    });
    if let Some(vm) = caller {
        attach(vm);
    }
    built.map_err(|_| SessionError::Panicked)
}

fn lock_home(e: &Entry) -> std::sync::MutexGuard<'_, Option<Parked<Box<Vm>>>> {
    e.home.lock().unwrap_or_else(|p| p.into_inner())
}

/// What a piece of work inside a target interpreter leaves behind: its thread state to park
/// again (None: the interpreter was destroyed) and the result.
type Outcome<R> = (Option<Box<Vm>>, Result<R, SessionError>);

/// The skeleton of sessions and destruction: claim interpreter `id` (error if running),
/// release the caller's GIL (`caller`: None for a host thread attached to none), take the
/// target's, unpark its main thread state with its collector registry installed, run `body`
/// on it, park what `body` gives back, release the target's GIL and re-attach the caller.
fn with_target<R>(
    mut caller: Option<&mut Vm>,
    id: i64,
    body: impl FnOnce(&Arc<Entry>, Box<Vm>) -> Outcome<R>,
) -> Result<R, SessionError> {
    let entry = lookup(id).ok_or(SessionError::NotFound)?;
    if entry.running.swap(true, Ordering::AcqRel) {
        return Err(SessionError::Running);
    }
    if let Some(vm) = caller.as_deref_mut() {
        let _ = vm.flush_stdout();
        detach(vm);
    }
    entry.gil.take(&entry.holder);
    let parked = lock_home(&entry).take();
    let (back, r) = match parked.map(|p| p.unpark(&entry.holder)) {
        Some(Ok(target)) => {
            install(&target);
            body(&entry, target)
        }
        Some(Err(p)) => {
            *lock_home(&entry) = Some(p);
            (None, Err(SessionError::Panicked))
        }
        // Not parked: closed meanwhile, or an interpreter living on its own thread.
        None => (None, Err(SessionError::NotFound)),
    };
    let destroyed = lookup(id).is_none();
    if let Some(target) = back {
        uninstall(&target);
        *lock_home(&entry) = Some(Parked::park(target, entry.gil.clone()));
    }
    // A destroyed interpreter's GIL is dropped for good (no hand-off wait).
    entry.gil.drop_gil(&entry.holder, destroyed);
    entry.running.store(false, Ordering::Release);
    if let Some(vm) = caller {
        attach(vm);
    }
    r
}

/// Run `job` inside interpreter `id` on this OS thread (see the module comment); `caller` as
/// for `create`.
pub fn session<R: Send>(
    caller: Option<&mut Vm>,
    id: i64,
    job: impl FnOnce(&mut Vm) -> R + Send,
) -> Result<R, SessionError> {
    // A host thread's own stack: Python recursion is bounded by the recursion limit alone.
    let (base, budget) = caller
        .as_deref()
        .map(|vm| (vm.stack_base, vm.stack_budget))
        .unwrap_or((0, usize::MAX));
    with_target(caller, id, move |_, mut target| {
        target.stack_base = base;
        target.stack_budget = budget;
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut target)));
        let _ = target.flush_stdout();
        (Some(target), r.map_err(|_| SessionError::Panicked))
    })
}

/// Destroy interpreter `id`: wait for its non-daemon threads, finalize its `__main__` and
/// modules, free its heap, and unbind the queue items it put. `caller` as for `create`.
pub fn destroy(caller: Option<&mut Vm>, id: i64) -> Result<(), SessionError> {
    with_target(caller, id, move |_, mut target| {
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let main = rupy_interp::xi::main_dict(&mut target);
            rupy_interp::run::finalize_interpreter(&mut target, main);
            drop(target);
        }));
        // The heap is gone (it was dropped with its registry installed, so finalizers it
        // queued went there); what remains of the registry holds only dead entries.
        rupy_objects::heap::end();
        gc::swap_registry(&mut gc::Registry::default(), None);
        INTERPRETERS.remove(&id);
        rupy_channels::queue::interpreter_gone(id);
        (None, done.map_err(|_| SessionError::Panicked))
    })
}
