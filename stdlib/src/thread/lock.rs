//! `_thread.lock` and `_thread.RLock`: the locks every `threading` primitive is built on.
//!
//! A lock is a flag guarded by a mutex with a condvar announcing releases (`RawLock`), shared
//! by `Arc` so a thread can wait on it with the GIL released. An uncontended acquire never
//! gives up the GIL; a contended one waits in `interp::thread::block_until` (other threads
//! run, Ctrl-C and host interrupts still arrive). Any thread may release a `lock` (as in
//! CPython); an `RLock` belongs to the thread that acquired it, and its owner and count are
//! plain fields because only the GIL holder reads or writes them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use rupy_interp::builtins::args::{add_method, bind, no_kwargs};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Opaque, PyResult, Truth, Value, Vm};

/// The longest timeout a lock accepts, in seconds (CPython's `_thread.TIMEOUT_MAX` on Linux).
pub const TIMEOUT_MAX: f64 = 9223372036.0;

/// A lock usable without the GIL.
#[derive(Default)]
pub struct RawLock {
    locked: Mutex<bool>,
    released: Condvar,
}

impl RawLock {
    fn state(&self) -> std::sync::MutexGuard<'_, bool> {
        self.locked.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn try_acquire(&self) -> bool {
        let mut locked = self.state();
        !std::mem::replace(&mut *locked, true)
    }

    /// Wait until the lock is free (then take it) or `until` passes.
    pub fn acquire_until(&self, until: Instant) -> bool {
        let mut locked = self.state();
        while *locked {
            let now = Instant::now();
            if now >= until {
                return false;
            }
            locked = self
                .released
                .wait_timeout(locked, until - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *locked = true;
        true
    }

    /// Release; false when it was not locked.
    pub fn release(&self) -> bool {
        let mut locked = self.state();
        if !*locked {
            return false;
        }
        *locked = false;
        self.released.notify_one();
        true
    }

    pub fn is_locked(&self) -> bool {
        *self.state()
    }
}

/// Acquire `raw` as `acquire(blocking, timeout)` asks: `timeout` is `None` for "forever".
pub fn acquire(
    vm: &mut Vm,
    raw: &Arc<RawLock>,
    blocking: bool,
    timeout: Option<Duration>,
) -> PyResult<bool> {
    if raw.try_acquire() {
        return Ok(true);
    }
    if !blocking || timeout == Some(Duration::ZERO) {
        return Ok(false);
    }
    let deadline = timeout.map(|t| Instant::now() + t);
    let raw = raw.clone();
    Ok(
        rupy_interp::thread::block_until(vm, deadline, move |until| {
            raw.acquire_until(until).then_some(())
        })?
        .is_some(),
    )
}

/// Parse `(blocking=True, timeout=-1)` with CPython's checks; `None` timeout means forever.
pub fn acquire_args(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: &KwArgs,
) -> PyResult<(bool, Option<Duration>)> {
    let [blocking, timeout] = bind(vm, fname, args, kw, ["blocking", "timeout"], 0)?;
    let blocking = match blocking {
        Some(b) => ops::truthy(vm, &b)?,
        None => true,
    };
    let secs = match timeout {
        None => -1.0,
        Some(t) => ops::to_f64(vm, &t)?,
    };
    if !blocking && secs != -1.0 {
        return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
    }
    if secs < 0.0 && secs != -1.0 {
        return Err(vm.value_error("timeout value must be a non-negative number"));
    }
    if secs == -1.0 {
        return Ok((blocking, None));
    }
    if secs.is_nan() || secs > TIMEOUT_MAX {
        return Err(vm.err(ExcKind::OverflowError, "timeout value is too large"));
    }
    Ok((blocking, Some(Duration::from_secs_f64(secs))))
}

/// A `_thread.lock`.
pub struct LockObj(pub Arc<RawLock>);

/// A `_thread.RLock`: the raw lock plus who holds it and how many times.
pub struct RLockObj {
    raw: Arc<RawLock>,
    owner: Cell<u64>,
    count: Cell<u64>,
}

#[derive(Default)]
struct LockClasses(RefCell<Option<(Rc<Class>, Rc<Class>)>>);

/// The `lock` and `RLock` classes of this interpreter.
pub fn classes(vm: &mut Vm) -> (Rc<Class>, Rc<Class>) {
    if let Some(c) = vm.shared_state::<LockClasses>().0.borrow().clone() {
        return c;
    }
    let lock = rupy_objects::vm::derived("lock", &vm.object);
    lock.dict().set_s("__module__", Value::str("_thread"));
    add_method(&lock, "lock", "__new__", |vm, args, kw| {
        no_kwargs(vm, "lock", kw)?;
        if args.len() > 1 {
            return Err(vm.type_error("lock() takes no arguments"));
        }
        Ok(new_lock(vm))
    });
    for name in ["acquire", "acquire_lock", "__enter__"] {
        add_method(&lock, "lock", name, lock_acquire);
    }
    for name in ["release", "release_lock"] {
        add_method(&lock, "lock", name, lock_release);
    }
    add_method(&lock, "lock", "__exit__", lock_release);
    for name in ["locked", "locked_lock"] {
        add_method(&lock, "lock", name, |vm, args, _| {
            Ok(Value::bool(raw_of(vm, args)?.is_locked()))
        });
    }
    add_method(&lock, "lock", "_at_fork_reinit", |_, _, _| Ok(Value::None));
    add_method(&lock, "lock", "__repr__", |vm, args, _| {
        let state = if raw_of(vm, args)?.is_locked() {
            "locked"
        } else {
            "unlocked"
        };
        Ok(Value::string(format!(
            "<{} _thread.lock object at {}>",
            state,
            rupy_interp::types::hex_id(&args[0])
        )))
    });

    let rlock = rupy_objects::vm::derived("RLock", &vm.object);
    rlock.dict().set_s("__module__", Value::str("_thread"));
    add_method(&rlock, "RLock", "__new__", |vm, _, _| Ok(new_rlock(vm)));
    add_method(&rlock, "RLock", "acquire", rlock_acquire);
    add_method(&rlock, "RLock", "__enter__", rlock_acquire);
    add_method(&rlock, "RLock", "release", rlock_release);
    add_method(&rlock, "RLock", "__exit__", rlock_release);
    add_method(&rlock, "RLock", "locked", |vm, args, _| {
        with_rlock(vm, args, |r| Value::bool(r.count.get() > 0))
    });
    add_method(&rlock, "RLock", "_is_owned", |vm, args, _| {
        let me = vm.thread.holder.id;
        with_rlock(vm, args, |r| {
            Value::bool(r.count.get() > 0 && r.owner.get() == me)
        })
    });
    add_method(&rlock, "RLock", "_recursion_count", |vm, args, _| {
        let me = vm.thread.holder.id;
        with_rlock(vm, args, |r| {
            Value::Int(if r.owner.get() == me {
                r.count.get() as i64
            } else {
                0
            })
        })
    });
    add_method(&rlock, "RLock", "_release_save", rlock_release_save);
    add_method(&rlock, "RLock", "_acquire_restore", rlock_acquire_restore);
    add_method(&rlock, "RLock", "_at_fork_reinit", |_, _, _| {
        Ok(Value::None)
    });
    add_method(&rlock, "RLock", "__repr__", |vm, args, _| {
        let (locked, owner, count) = with_rlock(vm, args, |r| {
            (r.count.get() > 0, r.owner.get(), r.count.get())
        })?;
        let cls = ops::type_name(vm, &args[0]);
        let module = match vm.type_of(&args[0]).dict().get_s("__module__") {
            Some(Value::Str(m)) => m.as_str().to_owned(),
            _ => "_thread".to_owned(),
        };
        Ok(Value::string(format!(
            "<{} {}.{} object owner={} count={} at {}>",
            if locked { "locked" } else { "unlocked" },
            module,
            cls,
            owner,
            count,
            rupy_interp::types::hex_id(&args[0])
        )))
    });
    let both = (lock, rlock);
    *vm.shared_state::<LockClasses>().0.borrow_mut() = Some(both.clone());
    both
}

/// A new, unlocked `_thread.lock`.
pub fn new_lock(vm: &mut Vm) -> Value {
    let (cls, _) = classes(vm);
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(LockObj(Arc::new(RawLock::default())))),
    }))
}

pub fn new_rlock(vm: &mut Vm) -> Value {
    let (_, cls) = classes(vm);
    let r = RLockObj {
        raw: Arc::new(RawLock::default()),
        owner: Cell::new(0),
        count: Cell::new(0),
    };
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(r)),
    }))
}

fn raw_of(vm: &mut Vm, args: &[Value]) -> PyResult<Arc<RawLock>> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Some(l) = o.data.borrow().downcast_ref::<LockObj>()
    {
        return Ok(l.0.clone());
    }
    Err(vm.type_error("descriptor requires a '_thread.lock' object"))
}

fn with_rlock<T>(vm: &mut Vm, args: &[Value], f: impl FnOnce(&RLockObj) -> T) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Some(r) = o.data.borrow().downcast_ref::<RLockObj>()
    {
        return Ok(f(r));
    }
    Err(vm.type_error("descriptor requires a '_thread.RLock' object"))
}

fn lock_acquire(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let raw = raw_of(vm, args)?;
    let (blocking, timeout) = acquire_args(vm, "acquire", &args[1..], kw)?;
    Ok(Value::bool(acquire(vm, &raw, blocking, timeout)?))
}

fn lock_release(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let raw = raw_of(vm, args)?;
    if !raw.release() {
        return Err(vm.err(ExcKind::RuntimeError, "release unlocked lock"));
    }
    Ok(Value::None)
}

fn rlock_acquire(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let me = vm.thread.holder.id;
    let (raw, mine) = with_rlock(vm, args, |r| {
        let mine = r.count.get() > 0 && r.owner.get() == me;
        if mine {
            r.count.set(r.count.get() + 1);
        }
        (r.raw.clone(), mine)
    })?;
    let (blocking, timeout) = acquire_args(vm, "acquire", &args[1..], kw)?;
    if mine {
        return Ok(Value::Bool(Truth::True));
    }
    let got = acquire(vm, &raw, blocking, timeout)?;
    if got {
        with_rlock(vm, args, |r| {
            r.owner.set(me);
            r.count.set(1);
        })?;
    }
    Ok(Value::bool(got))
}

fn rlock_release(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let me = vm.thread.holder.id;
    let ok = with_rlock(vm, args, |r| {
        if r.count.get() == 0 || r.owner.get() != me {
            return false;
        }
        r.count.set(r.count.get() - 1);
        if r.count.get() == 0 {
            r.owner.set(0);
            r.raw.release();
        }
        true
    })?;
    if !ok {
        return Err(vm.err(ExcKind::RuntimeError, "cannot release un-acquired lock"));
    }
    Ok(Value::None)
}

/// For `Condition.wait`: release completely, returning the state to restore.
fn rlock_release_save(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let saved = with_rlock(vm, args, |r| {
        if r.count.get() == 0 {
            return None;
        }
        let saved = (r.count.get(), r.owner.get());
        r.count.set(0);
        r.owner.set(0);
        r.raw.release();
        Some(saved)
    })?;
    match saved {
        Some((count, owner)) => Ok(Value::tuple(vec![
            Value::Int(count as i64),
            Value::Int(owner as i64),
        ])),
        None => Err(vm.err(ExcKind::RuntimeError, "cannot release un-acquired lock")),
    }
}

fn rlock_acquire_restore(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (count, owner) = match args.get(1) {
        Some(Value::Tuple(t)) if t.len() == 2 => match (&t[0], &t[1]) {
            (Value::Int(c), Value::Int(o)) => (*c as u64, *o as u64),
            _ => {
                return Err(
                    vm.type_error("_acquire_restore() argument must be a (count, owner) tuple")
                );
            }
        },
        _ => {
            return Err(vm.type_error("_acquire_restore() argument must be a (count, owner) tuple"));
        }
    };
    let raw = with_rlock(vm, args, |r| r.raw.clone())?;
    acquire(vm, &raw, true, None)?;
    with_rlock(vm, args, |r| {
        r.owner.set(owner);
        r.count.set(count);
    })?;
    Ok(Value::None)
}
