//! Exit callbacks (`atexit.register`): per interpreter, run in reverse order of registration
//! when the interpreter's main program ends — after non-daemon threads were waited for and
//! before anything is torn down, as CPython does. An exception in a callback is reported
//! ("Exception ignored in atexit callback") and the others still run.

use std::rc::Rc;

use rupy_objects::{PyStr, Value, Vm};

/// One registered callback with its arguments.
pub struct Callback {
    pub func: Value,
    pub args: Vec<Value>,
    pub kwargs: Vec<(Rc<PyStr>, Value)>,
}

/// The interpreter's callbacks, oldest first.
#[derive(Default)]
pub struct Callbacks(pub std::cell::RefCell<Vec<Callback>>);

/// Run (and forget) every registered callback, newest first. Callbacks registered while
/// these run are dropped without running, as CPython does.
pub fn run_exitfuncs(vm: &mut Vm) {
    let callbacks = std::mem::take(&mut *vm.shared_state::<Callbacks>().0.borrow_mut());
    for cb in callbacks.into_iter().rev() {
        if let Err(e) = crate::call::call_value(vm, &cb.func, &cb.args, &cb.kwargs) {
            let what = crate::ops::repr_string(vm, &cb.func).unwrap_or_default();
            crate::exceptions::print_unraisable_with(
                vm,
                e,
                &format!("Exception ignored in atexit callback {what}:"),
            );
        }
    }
    vm.shared_state::<Callbacks>().0.borrow_mut().clear();
}
