//! Many interpreters from Rust, the operations `concurrent.interpreters` gives Python code:
//! create an isolated interpreter, run source or compiled code in it, call one of its
//! functions by name with `Shareable` arguments, close it, and pass data through
//! cross-interpreter queues. Every handle here is `Send + Sync`; running code in an
//! interpreter happens on the calling OS thread (taking that interpreter's GIL), so host
//! threads can drive different interpreters in parallel.

use std::sync::Arc;
use std::time::{Duration, Instant};

pub use rupy_channels::Shareable;
use rupy_channels::queue::{self, Item, QueueError};
pub use rupy_objects::limits::{LimitKind, Limits};
use rupy_objects::{Code, Value};
use rupy_stdlib::interpreters::registry::{self, SessionError};

/// What can go wrong running code in another interpreter.
#[derive(Debug, thiserror::Error)]
pub enum InterpError {
    /// No interpreter has this id (it was closed, or never existed).
    #[error("interpreter {0} not found")]
    NotFound(i64),
    /// The interpreter is running code on another thread.
    #[error("interpreter {0} is already running")]
    Running(i64),
    /// The code raised: the exception's class name, message, `Type: message` line and the
    /// formatted traceback.
    #[error("{formatted}")]
    Failed {
        /// The exception's class name.
        type_name: String,
        /// `str()` of the exception.
        message: String,
        /// The `Type: message` line.
        formatted: String,
        /// The full CPython-style traceback.
        traceback: String,
    },
    /// A result that cannot leave its interpreter.
    #[error("not shareable: {0}")]
    NotShareable(String),
    /// A bug in rupy (a Rust panic) while running the code; the interpreter stays usable.
    #[error("internal error in rupy while running interpreter {0}")]
    Panicked(i64),
    /// No queue has this id (it was destroyed).
    #[error("queue {0} not found")]
    QueueNotFound(i64),
    /// The run exceeded one of its `Limits`; the interpreter stays usable.
    #[error("{}", .0.message())]
    Limit(LimitKind),
}

fn session_error(id: i64, e: SessionError) -> InterpError {
    match e {
        SessionError::NotFound => InterpError::NotFound(id),
        SessionError::Running => InterpError::Running(id),
        SessionError::Panicked => InterpError::Panicked(id),
    }
}

fn failed(info: &Shareable) -> InterpError {
    let field = |i: usize| match info {
        Shareable::Tuple(t) => match t.get(i) {
            Some(Shareable::Str(s)) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    InterpError::Failed {
        type_name: field(0),
        message: field(3),
        formatted: field(4),
        traceback: field(5),
    }
}

/// An isolated interpreter (whence `_interpreters module`), by id. Dropping the handle does
/// not destroy it: call `close`.
#[derive(Clone, Debug)]
pub struct Interpreter {
    id: i64,
    /// Applied to every `exec`/`exec_code`/`call` through this handle.
    limits: Limits,
}

impl Interpreter {
    /// A new interpreter with the standard library registered, idle.
    pub fn create() -> Result<Interpreter, InterpError> {
        let id = registry::create(None).map_err(|e| session_error(-1, e))?;
        Ok(Interpreter {
            id,
            limits: Limits::default(),
        })
    }

    /// The id (as `concurrent.interpreters` numbers them).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// A handle to the same interpreter whose runs obey `limits` (a run past one fails with
    /// `InterpError::Limit`; Python code cannot catch it).
    pub fn with_limits(&self, limits: Limits) -> Interpreter {
        Interpreter {
            id: self.id,
            limits,
        }
    }

    /// Run `job` in the interpreter under this handle's limits.
    fn run<R: Send>(
        &self,
        job: impl FnOnce(&mut rupy_objects::Vm) -> R + Send,
    ) -> Result<R, InterpError> {
        let limits = self.limits.clone();
        let (r, hit) = registry::session(None, self.id, move |vm| {
            rupy_interp::thread::with_limits(vm, limits, job)
        })
        .map_err(|e| session_error(self.id, e))?;
        match hit {
            Some(kind) => Err(InterpError::Limit(kind)),
            None => Ok(r),
        }
    }

    /// Whether some thread runs code in it now.
    pub fn is_running(&self) -> Result<bool, InterpError> {
        registry::lookup(self.id)
            .map(|e| e.is_running())
            .ok_or(InterpError::NotFound(self.id))
    }

    /// Run `source` in the interpreter's `__main__` (state persists between runs).
    pub fn exec(&self, source: &str) -> Result<(), InterpError> {
        let src = source.to_owned();
        let r = self.run(move |vm| {
            let code = rupy_interp::run::compile_source(
                vm,
                &src,
                "<string>",
                rupy_interp::run::Mode::Exec,
            );
            let run = code.and_then(|code| {
                let main = rupy_interp::xi::main_dict(vm);
                rupy_interp::eval::run_code_in(vm, &code, main.clone(), main, Vec::new())
            });
            run.err().map(|e| rupy_stdlib::interpreters::excinfo(vm, e))
        });
        match r? {
            None => Ok(()),
            Some(info) => Err(failed(&info)),
        }
    }

    /// Run code compiled once (`compile`) — the same `Code` can run in any number of
    /// interpreters at once.
    pub fn exec_code(&self, code: &Arc<Code>) -> Result<(), InterpError> {
        let code = code.clone();
        let r = self.run(move |vm| {
            let main = rupy_interp::xi::main_dict(vm);
            rupy_interp::eval::run_code_in(vm, &code, main.clone(), main, Vec::new())
                .err()
                .map(|e| rupy_stdlib::interpreters::excinfo(vm, e))
        });
        match r? {
            None => Ok(()),
            Some(info) => Err(failed(&info)),
        }
    }

    /// Call the function bound to `name` in `__main__` with `args`; its result must be
    /// shareable (or a list/dict/set of shareable values).
    pub fn call(&self, name: &str, args: Vec<Shareable>) -> Result<Shareable, InterpError> {
        let name = name.to_owned();
        let r = self.run(move |vm| -> Result<Result<Shareable, Shareable>, String> {
            let run = (|| {
                let main = rupy_interp::xi::main_dict(vm);
                let f = match main.get_s(&name) {
                    Some(f) => f,
                    None => {
                        return Err(vm.err(
                            rupy_objects::exc_kinds::ExcKind::NameError,
                            format!("name '{}' is not defined", name),
                        ));
                    }
                };
                let args = args
                    .iter()
                    .map(|a| rupy_interp::xi::from_shareable(vm, a))
                    .collect::<Result<Vec<Value>, _>>()?;
                rupy_interp::call::call_value(vm, &f, &args, &[])
            })();
            match run {
                Ok(v) => rupy_interp::xi::to_shareable(vm, &v, true)
                    .map(Ok)
                    .map_err(|e| {
                        let v = rupy_interp::exceptions::materialize(vm, e);
                        rupy_interp::exceptions::exc_str(vm, &v).unwrap_or_default()
                    }),
                Err(e) => Ok(Err(rupy_stdlib::interpreters::excinfo(vm, e))),
            }
        });
        match r? {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(info)) => Err(failed(&info)),
            Err(msg) => Err(InterpError::NotShareable(msg)),
        }
    }

    /// `KeyboardInterrupt` in the code it runs now (see `InterpHandle::interrupt`).
    pub fn interrupt(&self) -> Result<(), InterpError> {
        let e = registry::lookup(self.id).ok_or(InterpError::NotFound(self.id))?;
        e.gil
            .signal_holder(rupy_objects::breaker::Breaker::INTERRUPT);
        Ok(())
    }

    /// Destroy it: wait for its threads, finalize its modules, free its heap.
    pub fn close(self) -> Result<(), InterpError> {
        registry::destroy(None, self.id).map_err(|e| session_error(self.id, e))
    }
}

/// Compile `source` once, for `Interpreter::exec_code` in any interpreter.
pub fn compile(source: &str, filename: &str) -> Result<Arc<Code>, InterpError> {
    let syntax = |e: rupy_interp::parser::SyntaxErrorInfo| InterpError::Failed {
        type_name: "SyntaxError".to_owned(),
        message: e.msg.clone(),
        formatted: format!("SyntaxError: {}", e.msg),
        traceback: format!(
            "  File \"{}\", line {}\nSyntaxError: {}",
            e.filename, e.lineno, e.msg
        ),
    };
    let m = rupy_interp::parser::parse_module(source, filename).map_err(syntax)?;
    rupy_interp::compile::compile_module(&m, source, filename).map_err(syntax)
}

/// A cross-interpreter queue, by id (the same queues Python code gets from
/// `concurrent.interpreters.create_queue`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Queue {
    id: i64,
}

/// Items a host puts belong to no interpreter: they never become unbound.
const HOST_OWNER: i64 = -1;

impl Queue {
    /// A new queue; `maxsize <= 0` means unbounded. It lives until `destroy`.
    pub fn create(maxsize: i64) -> Queue {
        let id = queue::create(maxsize, queue::UNBOUND);
        let _ = queue::bind(id);
        Queue { id }
    }

    /// The id (as `concurrent.interpreters` numbers them).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// Add `value`, waiting up to `timeout` (None: forever) for room; false when still full.
    pub fn put(&self, value: Shareable, timeout: Option<Duration>) -> Result<bool, InterpError> {
        let q = queue::get_queue(self.id).map_err(|_| InterpError::QueueNotFound(self.id))?;
        let until = Instant::now() + timeout.unwrap_or(Duration::from_secs(u32::MAX as u64));
        match q.put(
            Item {
                value: Some(value),
                owner: HOST_OWNER,
                unbound_op: queue::UNBOUND,
            },
            Some(until),
        ) {
            Ok(r) => Ok(r.is_ok()),
            Err(QueueError::NotFound) => Err(InterpError::QueueNotFound(self.id)),
        }
    }

    /// The oldest item, waiting up to `timeout` (None: forever); `Ok(None)` when none came.
    /// An item whose interpreter was destroyed arrives as `Shareable::None`.
    pub fn get(&self, timeout: Option<Duration>) -> Result<Option<Shareable>, InterpError> {
        let q = queue::get_queue(self.id).map_err(|_| InterpError::QueueNotFound(self.id))?;
        let until = Instant::now() + timeout.unwrap_or(Duration::from_secs(u32::MAX as u64));
        match q.get(Some(until)) {
            Ok(item) => Ok(item.map(|i| i.value.unwrap_or(Shareable::None))),
            Err(QueueError::NotFound) => Err(InterpError::QueueNotFound(self.id)),
        }
    }

    /// How many items the queue holds.
    pub fn len(&self) -> Result<usize, InterpError> {
        queue::get_queue(self.id)
            .map(|q| q.len())
            .map_err(|_| InterpError::QueueNotFound(self.id))
    }

    /// Whether the queue holds no items.
    pub fn is_empty(&self) -> Result<bool, InterpError> {
        self.len().map(|n| n == 0)
    }

    /// Remove the queue now; every later operation gets `QueueNotFound`.
    pub fn destroy(self) -> Result<(), InterpError> {
        queue::destroy(self.id).map_err(|_| InterpError::QueueNotFound(self.id))
    }
}
