//! `Thread`: a thread state of one interpreter, the handle a host runs Python code through.
//!
//! `Thread::new()` creates a fresh interpreter (its own GIL, heap, modules) and its first
//! thread state, attached to the calling OS thread. The thread holds the interpreter's GIL
//! while it exists, except inside `allow_threads`, so the interpreter's Python threads run
//! while the host does long Rust work. A `Thread` is `!Send`: it stays on the OS thread that
//! made it, as Python objects do; `spawn` gives another OS thread its own thread state of the
//! same interpreter. Every entry point (`run`, `call`, the `pythonrun` helpers) applies the
//! `Config`'s limits, turns a Rust panic into `SystemError` and Python exceptions into
//! `PyError`, and leaves the interpreter ready for the next run.

use std::io::Write;
use std::rc::Rc;

use rupy_interp::call::call_value;
use rupy_objects::vm::InterpHandle;
use rupy_objects::{PyDict, PyResult, PyStr, Value, Vm};

use crate::config::{Builtins, Config, Stdlib};
use crate::convert::{FromPy, IntoPy};
use crate::errors::PyError;

/// A thread state bound to one interpreter (see the module docs).
///
/// Dropping the `Thread` that created the interpreter finalises it (waits for its
/// non-daemon Python threads, runs finalizers, frees its whole heap); dropping one made by
/// `spawn` ends that thread state and gives the GIL back.
pub struct Thread {
    // Field order is drop order: the namespace and the thread state go while the GIL is
    // still held, `exit` releases it last.
    main: Globals,
    vm: Vm,
    config: Config,
    exit: OnExit,
}

/// What a thread state does after its objects are gone (see `Drop for Thread`).
enum Exit {
    /// The interpreter's creator: its heap is gone; forget the collector registry.
    Owner,
    /// A thread state from `spawn`: give the registry back to the interpreter, then the GIL.
    Spawned {
        shared: Rc<rupy_objects::vm::Shared>,
        link: rupy_objects::vm::ThreadLink,
    },
    /// Nothing left to do (already handled).
    Done,
}

/// Runs the thread state's `Exit` once its objects are dropped (the last field of `Thread`).
struct OnExit(Exit);

impl Drop for OnExit {
    fn drop(&mut self) {
        match std::mem::replace(&mut self.0, Exit::Done) {
            Exit::Owner => {
                rupy_objects::heap::end();
                rupy_objects::gc::swap_registry(&mut rupy_objects::gc::Registry::default(), None);
            }
            Exit::Spawned { shared, link } => {
                rupy_objects::gc::swap_registry(&mut shared.gc_slot.borrow_mut(), None);
                drop(shared);
                link.gil.drop_gil(&link.holder, true);
            }
            Exit::Done => {}
        }
    }
}

impl Drop for Thread {
    fn drop(&mut self) {
        match &self.exit.0 {
            Exit::Owner => {
                let vm = &mut self.vm;
                let main = self.main.0.clone();
                // Dropping the fields then frees the whole heap.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    rupy_interp::run::finalize_interpreter(vm, main)
                }));
            }
            Exit::Spawned { .. } => {
                rupy_interp::gc::run_finalizers(&mut self.vm);
                let _ = self.vm.flush_stdout();
                self.vm.heap_end();
            }
            Exit::Done => {}
        }
    }
}

/// A module namespace (globals dict) the host fills before a run and reads after it.
#[derive(Clone)]
pub struct Globals(Rc<PyDict>);

impl Globals {
    /// Set `name` to a Rust value converted to Python.
    pub fn set<T: IntoPy>(&self, t: &mut Thread, name: &str, value: T) {
        let v = value.into_py(&mut t.vm);
        self.0.set_s(name, v);
    }

    /// Set `name` to a Python value.
    pub fn set_value(&self, name: &str, value: Value) {
        self.0.set_s(name, value);
    }

    /// The Python value of `name`, if set.
    pub fn get_value(&self, name: &str) -> Option<Value> {
        self.0.get_s(name)
    }

    /// `name` converted to a Rust value (`Ok(None)` when unset; an error when it has the
    /// wrong type).
    pub fn get<T: FromPy>(&self, t: &mut Thread, name: &str) -> Result<Option<T>, PyError> {
        match self.0.get_s(name) {
            Some(v) => t.from_py(&v).map(Some),
            None => Ok(None),
        }
    }

    /// Remove `name`; returns its value.
    pub fn remove(&self, name: &str) -> Option<Value> {
        self.0.del_str(&PyStr::new(name))
    }

    /// The names currently set, in insertion order.
    pub fn names(&self) -> Vec<String> {
        self.0
            .keys()
            .iter()
            .filter_map(|k| {
                if let Value::Str(s) = k {
                    Some(s.as_str().to_owned())
                } else {
                    None
                }
            })
            .collect()
    }

    /// The underlying dict.
    pub fn dict(&self) -> &Rc<PyDict> {
        &self.0
    }
}

impl Default for Thread {
    fn default() -> Thread {
        Thread::new()
    }
}

impl Thread {
    /// A fresh interpreter with only the builtins (and host modules registered with
    /// `imp::append_inittab`); `stdlibinit::init` adds the shipped modules.
    pub fn new() -> Thread {
        Thread::with_config(Config {
            stdlib: Stdlib::None,
            ..Config::default()
        })
    }

    /// A fresh interpreter set up as `config` says.
    pub fn with_config(config: Config) -> Thread {
        let mut vm = Vm::new();
        rupy_interp::builtins::init(&mut vm);
        if !config.allow_files {
            rupy_interp::builtins::io::deny_files(&vm);
        }
        match &config.stdlib {
            Stdlib::None => {}
            Stdlib::All => rupy_stdlib::init(&mut vm, config.argv.clone()),
            Stdlib::Only(allowed) => {
                rupy_stdlib::init(&mut vm, config.argv.clone());
                restrict_modules(&mut vm, allowed);
            }
        }
        if let Builtins::Only(names) = &config.builtins {
            for k in vm.builtins.keys() {
                if let Value::Str(s) = &k
                    && !names.iter().any(|n| n == s.as_str())
                {
                    vm.builtins.del_str(s);
                }
            }
        }
        let main = Globals(rupy_interp::xi::main_dict(&mut vm));
        if main.get_value("__builtins__").is_none() {
            main.set_value("__builtins__", Value::Dict(vm.builtins.clone()));
        }
        Thread {
            main,
            vm,
            config,
            exit: OnExit(Exit::Owner),
        }
    }

    /// Run `f` on a new OS thread with its own thread state of this interpreter (sharing its
    /// objects, modules and `__main__`), as `threading` does for Python code. The new thread
    /// waits for the GIL: it runs while this thread runs Python code (the GIL is handed over
    /// at the switch interval) or sits in `allow_threads` — join it from there:
    ///
    /// ```
    /// let mut t = rupy::Thread::new();
    /// let h = t.spawn(|t2| t2.eval("6 * 7", &t2.globals()).map(|v| t2.from_py::<i64>(&v))).expect("thread started");
    /// let answer = t.allow_threads(|| h.join().expect("no panic"));
    /// assert_eq!(answer.unwrap().unwrap(), 42);
    /// ```
    pub fn spawn<R: Send + 'static>(
        &mut self,
        f: impl FnOnce(&mut Thread) -> R + Send + 'static,
    ) -> std::io::Result<std::thread::JoinHandle<R>> {
        let child = self.vm.new_thread_state();
        let link = child.thread.clone();
        let config = self.config.clone();
        let cargo = rupy_interp::thread::handoff::InTransit::new((child, self.main.0.clone()));
        std::thread::Builder::new()
            .name(format!("rupy-host-{}", link.holder.id))
            .stack_size(crate::THREAD_STACK_BYTES)
            .spawn(move || {
                let (vm, main) = cargo.attach_and_open(&link.gil, &link.holder);
                rupy_interp::thread::install(&vm);
                let shared = vm.shared.clone();
                let mut t = Thread {
                    main: Globals(main),
                    vm,
                    config,
                    exit: OnExit(Exit::Spawned { shared, link }),
                };
                f(&mut t)
            })
    }

    /// Wire every shipped module into this interpreter (what `Config::default()` has).
    pub(crate) fn add_stdlib(&mut self) {
        if self.vm.sys_dict.is_none() {
            rupy_stdlib::init(&mut self.vm, self.config.argv.clone());
            self.config.stdlib = Stdlib::All;
        }
    }

    /// The configuration this interpreter was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Change the limits (and stack budget) later runs get.
    pub fn set_config(&mut self, config: Config) {
        self.config = config;
    }

    /// The interpreter's `__main__` namespace, where `pythonrun::run` runs code.
    pub fn globals(&self) -> Globals {
        self.main.clone()
    }

    /// A new, empty module namespace (`__name__` is `name`, the interpreter's builtins).
    pub fn new_globals(&mut self, name: &str) -> Globals {
        let d = PyDict::new_rc();
        d.set_s("__name__", Value::str(name));
        d.set_s("__builtins__", Value::Dict(self.vm.builtins.clone()));
        Globals(d)
    }

    /// The thread state, for the lower-level APIs (`rupy::interp`, `rupy::objects`).
    pub fn vm(&mut self) -> &mut Vm {
        &mut self.vm
    }

    /// A `Send + Sync` handle that interrupts this interpreter's running code from any thread
    /// (`KeyboardInterrupt` in it) or queues calls into it.
    pub fn interrupt_handle(&self) -> InterpHandle {
        self.vm.thread.handle()
    }

    /// Send `sys.stdout` output to `out` from now on; returns the previous writer.
    pub fn set_stdout(&mut self, out: Box<dyn Write + Send>) -> Box<dyn Write + Send> {
        self.vm.shared.stdout.replace_sink(out)
    }

    /// Send `sys.stderr` output (tracebacks printed by Python code included) to `out`;
    /// returns the previous writer.
    pub fn set_stderr(&mut self, out: Box<dyn Write + Send>) -> Box<dyn Write + Send> {
        self.vm.shared.stderr.replace_sink(out)
    }

    /// Run `f` on the interpreter as one run: the `Config`'s limits apply, a panic becomes
    /// `SystemError`, an exception becomes `PyError`, buffered output is written out.
    pub fn run<R>(&mut self, f: impl FnOnce(&mut Vm) -> PyResult<R>) -> Result<R, PyError> {
        let marker = 0u8;
        self.vm.stack_base = std::hint::black_box(&marker) as *const u8 as usize;
        self.vm.stack_budget = self.config.stack_budget;
        let depth = self.vm.recursion_depth;
        let handled = self.vm.handled.len();
        let limits = self.config.has_limits().then(|| self.config.limits());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match limits {
            None => (f(&mut self.vm), None),
            Some(l) => rupy_interp::thread::with_limits(&mut self.vm, l, f),
        }));
        let r = match outcome {
            Ok((Ok(v), _)) => Ok(v),
            Ok((Err(_), Some(kind))) => Err(PyError::from_limit(kind)),
            Ok((Err(e), None)) => Err(PyError::from_vm(&mut self.vm, e)),
            Err(payload) => {
                // The unwind skipped the frames' own bookkeeping: put it back as it was.
                self.vm.recursion_depth = depth;
                self.vm.handled.truncate(handled);
                let what = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a Rust panic".to_owned());
                Err(PyError::from_panic(&what))
            }
        };
        rupy_interp::thread::flush_stdout(&mut self.vm);
        r
    }

    /// Count this interpreter's heap from zero from now on (see `peak_heap_bytes`).
    pub fn reset_heap_stats(&mut self) {
        self.vm.heap_reset();
    }

    /// The most bytes (net of frees) the interpreter had allocated at any moment since the
    /// last `reset_heap_stats` or limited run. Needs `objects::heap::CountingAlloc` as the
    /// global allocator (0 without it).
    pub fn peak_heap_bytes(&self) -> u64 {
        self.vm.heap_peak().max(0) as u64
    }

    /// Call a Python callable with positional arguments.
    pub fn call(&mut self, callable: &Value, args: &[Value]) -> Result<Value, PyError> {
        self.run(|vm| call_value(vm, callable, args, &[]))
    }

    /// Call a Python callable with positional and keyword arguments.
    pub fn call_kw(
        &mut self,
        callable: &Value,
        args: &[Value],
        kwargs: &[(&str, Value)],
    ) -> Result<Value, PyError> {
        let kw: Vec<(Rc<PyStr>, Value)> = kwargs
            .iter()
            .map(|(k, v)| (self.vm.intern(k), v.clone()))
            .collect();
        self.run(|vm| call_value(vm, callable, args, &kw))
    }

    /// `obj.name(*args)`.
    pub fn call_method(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
    ) -> Result<Value, PyError> {
        let n = self.vm.intern(name);
        self.run(|vm| {
            let m = rupy_interp::ops::getattr(vm, obj, &n)?;
            call_value(vm, &m, args, &[])
        })
    }

    /// `getattr(obj, name)`.
    pub fn getattr(&mut self, obj: &Value, name: &str) -> Result<Value, PyError> {
        let n = self.vm.intern(name);
        self.run(|vm| rupy_interp::ops::getattr(vm, obj, &n))
    }

    /// `import name` (the module object).
    pub fn import(&mut self, name: &str) -> Result<Value, PyError> {
        self.run(|vm| rupy_interp::import::import_module(vm, name).map(|(_, m)| m))
    }

    /// Evaluate an expression in `globals`.
    pub fn eval(&mut self, expr: &str, globals: &Globals) -> Result<Value, PyError> {
        let g = globals.0.clone();
        self.run(|vm| {
            let code = rupy_interp::run::compile_source(
                vm,
                expr,
                "<string>",
                rupy_interp::run::Mode::Eval,
            )?;
            rupy_interp::eval::run_code_in(vm, &code, g.clone(), g, Vec::new())
        })
    }

    /// A Rust value as a Python value of this interpreter.
    pub fn to_py<T: IntoPy>(&mut self, v: T) -> Value {
        v.into_py(&mut self.vm)
    }

    /// A Python value as a Rust value.
    pub fn from_py<T: FromPy>(&mut self, v: &Value) -> Result<T, PyError> {
        T::from_py(&mut self.vm, v).map_err(|e| PyError::from_vm(&mut self.vm, e))
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> Result<String, PyError> {
        self.run(|vm| rupy_interp::ops::repr_string(vm, v))
    }

    /// `str(v)`.
    pub fn str(&mut self, v: &Value) -> Result<String, PyError> {
        self.run(|vm| rupy_interp::ops::str_string(vm, v))
    }

    /// Run `f` with the GIL released, so this interpreter's other threads run meanwhile. `f`
    /// must be `Send`, so it cannot hold Python values (they are `!Send`), as PyO3's
    /// `allow_threads` forbids with `Ungil`:
    ///
    /// ```compile_fail
    /// let mut t = rupy::state::Thread::new();
    /// let v = t.to_py(1);
    /// t.allow_threads(|| drop(v)); // Value is !Send: rejected at compile time
    /// ```
    pub fn allow_threads<R: Send>(&mut self, f: impl FnOnce() -> R + Send) -> R {
        rupy_interp::thread::allow_threads(&mut self.vm, f)
    }
}

/// Keep only the shipped modules in `allowed` (a sandbox's allow-list).
fn restrict_modules(vm: &mut Vm, allowed: &[String]) {
    let ok = |n: &str| allowed.iter().any(|a| a == n);
    let tab = vm.shared_state::<rupy_interp::import::Inittab>();
    tab.entries.borrow_mut().retain(|(n, _)| ok(n));
    for k in vm.modules.keys() {
        if let Value::Str(s) = &k
            && !ok(s.as_str())
            && s.as_str() != "builtins"
        {
            vm.modules.del_str(s);
        }
    }
    if !ok("sys") {
        vm.sys_dict = None;
    }
}
