//! `_thread`: the low-level threading primitives `threading` is written over — starting OS
//! threads that run Python code in this interpreter (each with its own thread state, taking
//! turns on the interpreter's GIL), locks, thread identities, and `interrupt_main`.

pub mod lock;

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, arity, bind};
use rupy_interp::ops;
use rupy_objects::breaker::Breaker;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let (lock_cls, rlock_cls) = lock::classes(vm);
    d.set_s("LockType", Value::Class(lock_cls.clone()));
    d.set_s("lock", Value::Class(lock_cls));
    d.set_s("RLock", Value::Class(rlock_cls));
    d.set_s("error", Value::Class(vm.exc(ExcKind::RuntimeError)));
    d.set_s("TIMEOUT_MAX", Value::float(lock::TIMEOUT_MAX));
    add_fn(d, "allocate_lock", |vm, args, _| {
        arity(vm, "allocate_lock", args, 0, 0)?;
        Ok(lock::new_lock(vm))
    });
    add_fn(d, "allocate", |vm, _, _| Ok(lock::new_lock(vm)));
    add_fn(d, "start_new_thread", start_new_thread);
    add_fn(d, "start_new", start_new_thread);
    add_fn(d, "get_ident", |vm, _, _| {
        Ok(Value::Int(vm.thread.holder.id as i64))
    });
    add_fn(d, "get_native_id", |vm, _, _| {
        Ok(Value::Int(
            native_id().unwrap_or(vm.thread.holder.id as i64),
        ))
    });
    add_fn(d, "_count", |vm, _, _| {
        Ok(Value::Int(
            vm.shared_state::<rupy_interp::thread::ThreadCount>()
                .0
                .get() as i64,
        ))
    });
    // Isolated interpreters (made by `concurrent.interpreters`) refuse daemon threads, as
    // CPython's do: nothing may outlive the interpreter's finalization.
    add_fn(d, "daemon_threads_allowed", |vm, _, _| {
        let id = crate::interpreters::registry::current_id(vm);
        let isolated = crate::interpreters::registry::lookup(id)
            .is_some_and(|e| e.whence == crate::interpreters::registry::WHENCE_STDLIB);
        Ok(Value::bool(!isolated))
    });
    add_fn(d, "stack_size", thread_stack_size);
    add_fn(d, "interrupt_main", interrupt_main);
    // `exit()`: end the calling thread quietly (SystemExit, which threads do not report).
    add_fn(d, "exit", |vm, _, _| {
        Err(rupy_objects::PyErr::lazy_noarg(vm.exc(ExcKind::SystemExit)))
    });
    add_fn(d, "exit_thread", |vm, _, _| {
        Err(rupy_objects::PyErr::lazy_noarg(vm.exc(ExcKind::SystemExit)))
    });
    Ok(())
}

/// `start_new_thread(function, args, kwargs=None)`.
fn start_new_thread(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    rupy_interp::builtins::args::no_kwargs(vm, "start_new_thread", kw)?;
    arity(vm, "start_new_thread", args, 2, 3)?;
    if !rupy_interp::call::is_callable(vm, &args[0]) {
        return Err(vm.type_error("first arg must be callable"));
    }
    let Value::Tuple(pos) = &args[1] else {
        return Err(vm.type_error("2nd arg must be a tuple"));
    };
    let kwargs = match args.get(2) {
        None => Vec::new(),
        Some(Value::Dict(d)) => {
            let mut out = Vec::new();
            for (k, v) in d.entries() {
                match k {
                    Value::Str(k) => out.push((k, v)),
                    _ => return Err(vm.type_error("keywords must be strings")),
                }
            }
            out
        }
        Some(_) => return Err(vm.type_error("optional 3rd arg must be a dictionary")),
    };
    let ident = rupy_interp::thread::spawn(vm, args[0].clone(), pos.to_vec(), kwargs)?;
    Ok(Value::Int(ident as i64))
}

/// The kernel's id of the calling OS thread (Linux: the last part of `/proc/thread-self`).
fn native_id() -> Option<i64> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// `stack_size([size])`: rupy's threads always get the same large stack; report 0 ("the
/// default"), accept 0 or any size CPython would accept, and keep using our own.
fn thread_stack_size(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [size] = bind(vm, "stack_size", args, kw, ["size"], 0)?;
    if let Some(s) = size {
        let n = ops::to_f64(vm, &s)?;
        if n != 0.0 && n < 32768.0 {
            return Err(vm.value_error("size not valid: 32768 bytes"));
        }
    }
    Ok(Value::Int(0))
}

/// `interrupt_main(signum=SIGINT)`: `KeyboardInterrupt` in the main thread at its next check.
fn interrupt_main(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [_signum] = bind(vm, "interrupt_main", args, kw, ["signum"], 0)?;
    vm.shared_state::<MainBreaker>()
        .breaker()
        .set(Breaker::INTERRUPT);
    Ok(Value::None)
}

/// The breaker of the interpreter's main thread (the thread state that created it).
#[derive(Default)]
pub struct MainBreaker(std::cell::OnceCell<std::sync::Arc<Breaker>>);

impl MainBreaker {
    pub fn set(&self, b: std::sync::Arc<Breaker>) {
        let _ = self.0.set(b);
    }
    fn breaker(&self) -> std::sync::Arc<Breaker> {
        self.0.get().cloned().unwrap_or_default()
    }
}
