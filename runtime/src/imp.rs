//! Registering built-in modules (`imp.AppendInittab` in the embedding API). A registration is
//! process-wide and thread-safe: every interpreter, including ones already running, can import
//! the module from then on; registering a name again replaces the earlier one.

use std::rc::Rc;

use rupy_objects::{NativeFn, NativeFunction, PyDict, PyResult, Value, Vm};

use crate::convert::IntoPy;

/// The namespace of a module being initialised, as its init function fills it.
pub struct ModuleDef<'a> {
    vm: &'a mut Vm,
    dict: &'a Rc<PyDict>,
}

impl ModuleDef<'_> {
    /// Set attribute `name` to a Rust value converted to Python.
    pub fn add<T: IntoPy>(&mut self, name: &str, value: T) {
        let v = value.into_py(self.vm);
        self.dict.set_s(name, v);
    }

    /// Add a Rust-implemented function, called with the thread state, its positional
    /// arguments and its keyword arguments. It raises by returning `Err(errors::type_error(vm,
    /// ...))` and friends.
    pub fn add_function(&mut self, name: &'static str, f: NativeFn) {
        self.dict.set_s(
            name,
            Value::Native(Rc::new(NativeFunction {
                name,
                func: f,
                bound: None,
                owner: "",
                is_classmethod: false,
            })),
        );
    }

    /// The interpreter's thread state (for building values by hand).
    pub fn vm(&mut self) -> &mut Vm {
        self.vm
    }
}

/// What fills a host module's namespace when Python code first imports it.
pub type InitFn = fn(&mut ModuleDef<'_>) -> PyResult<()>;

/// Make `import name` give a module that `init` fills, in every interpreter of the process.
pub fn append_inittab(name: &str, init: InitFn) {
    let host = std::sync::Arc::new(move |vm: &mut Vm, dict: &Rc<PyDict>| {
        init(&mut ModuleDef { vm, dict })
    });
    rupy_interp::import::append_host_inittab(name, rupy_interp::import::ModuleInit::Host(host));
}
