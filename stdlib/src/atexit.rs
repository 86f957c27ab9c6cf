//! `atexit`: register and unregister exit callbacks of this interpreter (the registry and
//! its run at exit are `rupy_interp::atexit`).

use std::rc::Rc;

use rupy_interp::atexit::{Callback, Callbacks, run_exitfuncs};
use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::ops;
use rupy_objects::{PyDict, PyResult, Value, Vm};

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "register", |vm, a, kw| {
        let Some(func) = a.first() else {
            return Err(vm.type_error("register() takes at least 1 argument (0 given)"));
        };
        if !rupy_interp::call::is_callable(vm, func) {
            return Err(vm.type_error("the first argument must be callable"));
        }
        vm.shared_state::<Callbacks>()
            .0
            .borrow_mut()
            .push(Callback {
                func: func.clone(),
                args: a[1..].to_vec(),
                kwargs: kw.to_vec(),
            });
        Ok(func.clone())
    });
    add_fn(d, "unregister", |vm, a, _| {
        arity(vm, "unregister", a, 1, 1)?;
        let funcs: Vec<Value> = vm
            .shared_state::<Callbacks>()
            .0
            .borrow()
            .iter()
            .map(|c| c.func.clone())
            .collect();
        let mut keep = Vec::new();
        for f in funcs {
            keep.push(!ops::eq(vm, &f, &a[0])?);
        }
        let st = vm.shared_state::<Callbacks>();
        let mut it = keep.into_iter();
        st.0.borrow_mut().retain(|_| it.next().unwrap_or(true));
        Ok(Value::None)
    });
    add_fn(d, "_run_exitfuncs", |vm, a, _| {
        arity(vm, "_run_exitfuncs", a, 0, 0)?;
        run_exitfuncs(vm);
        Ok(Value::None)
    });
    add_fn(d, "_clear", |vm, a, _| {
        arity(vm, "_clear", a, 0, 0)?;
        vm.shared_state::<Callbacks>().0.borrow_mut().clear();
        Ok(Value::None)
    });
    add_fn(d, "_ncallbacks", |vm, a, _| {
        arity(vm, "_ncallbacks", a, 0, 0)?;
        Ok(Value::Int(
            vm.shared_state::<Callbacks>().0.borrow().len() as i64
        ))
    });
    Ok(())
}
