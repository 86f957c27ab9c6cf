//! Generator resumption: `gen_resume` runs a suspended generator's frame until its next
//! yield, return or exception (injecting `throw`n errors and keeping the generator's handled
//! exceptions across suspensions), and `yield from` delegation.

use std::rc::Rc;

use rupy_objects::code::Instr;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::Generator;
use rupy_objects::{PyErr, PyResult, Value, Vm};

use crate::call::call_value;
use crate::eval::{Exit, enter_call, run_frame};
use crate::exceptions::materialize;
use crate::ops;

pub enum GenStep {
    Yielded(Value),
    Returned(Value),
}

pub(crate) fn yield_from_step(vm: &mut Vm, sub: &Value, sent: Value) -> PyResult<GenStep> {
    match sub {
        Value::Generator(g) => gen_resume(vm, g, sent, None),
        _ => {
            if sent.is_none() {
                match ops::next(vm, sub) {
                    Ok(Some(v)) => Ok(GenStep::Yielded(v)),
                    Ok(None) => Ok(GenStep::Returned(Value::None)),
                    Err(e) => Err(e),
                }
            } else {
                let send = vm.intern("send");
                let m = ops::getattr(vm, sub, &send)?;
                match call_value(vm, &m, &[sent], &[]) {
                    Ok(v) => Ok(GenStep::Yielded(v)),
                    Err(e) if e.class().is_subclass(&vm.exc(ExcKind::StopIteration)) => Ok(
                        GenStep::Returned(crate::exceptions::stop_iteration_value(vm, e)),
                    ),
                    Err(e) => Err(e),
                }
            }
        }
    }
}

/// Resume a generator with a sent value or an exception to throw in.
pub fn gen_resume(
    vm: &mut Vm,
    g: &Rc<Generator>,
    sent: Value,
    throw: Option<PyErr>,
) -> PyResult<GenStep> {
    if g.running.get() {
        return Err(vm.value_error("generator already executing"));
    }
    let Some(mut frame) = g.frame.borrow_mut().take() else {
        if let Some(e) = throw {
            return Err(e);
        }
        return Ok(GenStep::Returned(Value::None));
    };
    if !g.started.get() {
        if let Some(e) = throw {
            // Throwing into a generator that never ran finishes it and raises at once.
            drop(frame);
            return Err(e);
        }
        if !sent.is_none() && throw.is_none() {
            *g.frame.borrow_mut() = Some(frame);
            return Err(vm.type_error("can't send non-None value to a just-started generator"));
        }
        g.started.set(true);
    } else if throw.is_none() {
        frame.stack.push(sent);
    }
    // A throw while delegating with `yield from` goes to the sub-iterator first.
    let mut throw = throw;
    if let (Some(_), Some(Instr::YieldFrom)) = (&throw, frame.func.code.instrs.get(frame.ip))
        && let Some(Value::Generator(sub)) = frame.stack.last().cloned()
    {
        let e = throw.take();
        g.running.set(true);
        let r = gen_resume(vm, &sub, Value::None, e);
        g.running.set(false);
        match r {
            Ok(GenStep::Yielded(v)) => {
                *g.frame.borrow_mut() = Some(frame);
                return Ok(GenStep::Yielded(v));
            }
            Ok(GenStep::Returned(v)) => {
                frame.stack.pop();
                frame.stack.push(v);
                frame.ip += 1;
            }
            Err(e) => {
                frame.stack.pop();
                frame.ip += 1;
                throw = Some(e);
            }
        }
    }
    let handled_base = vm.handled.len();
    vm.handled.append(&mut g.handled.borrow_mut());
    g.running.set(true);
    if let Err(e) = enter_call(vm) {
        g.running.set(false);
        *g.frame.borrow_mut() = Some(frame);
        return Err(e);
    }
    vm.push_frame(&frame.func, frame.locals_dict.as_ref());
    let r = run_frame(vm, &mut frame, throw);
    vm.pop_frame();
    vm.recursion_depth -= 1;
    g.running.set(false);
    if let Ok(Exit::Yield(_)) = r {
        *g.handled.borrow_mut() = vm.handled.split_off(handled_base.min(vm.handled.len()));
    } else {
        vm.handled.truncate(handled_base);
    }
    match r {
        Ok(Exit::Yield(v)) => {
            *g.frame.borrow_mut() = Some(frame);
            Ok(GenStep::Yielded(v))
        }
        Ok(Exit::Return(v)) => Ok(GenStep::Returned(v)),
        Err(e) => {
            if e.class().is_subclass(&vm.exc(ExcKind::StopIteration)) {
                let cause = materialize(vm, e);
                let err = vm.err(ExcKind::RuntimeError, "generator raised StopIteration");
                return Err(crate::exceptions::with_cause(vm, err, cause));
            }
            Err(e)
        }
    }
}

pub fn gen_next(vm: &mut Vm, g: &Rc<Generator>) -> PyResult<Option<Value>> {
    match gen_resume(vm, g, Value::None, None)? {
        GenStep::Yielded(v) => Ok(Some(v)),
        GenStep::Returned(_) => Ok(None),
    }
}

/// What `await v` iterates: a coroutine itself; otherwise the iterator `v.__await__()`
/// returns (which must not be a coroutine). CPython's messages for the rest.
pub fn awaitable_iter(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if let Value::Generator(g) = &v {
        match g.kind {
            rupy_objects::misc::GenKind::Coroutine => return Ok(v),
            rupy_objects::misc::GenKind::Generator => {
                return Err(vm.type_error("'generator' object can't be awaited"));
            }
            rupy_objects::misc::GenKind::AsyncGenerator => {}
        }
    }
    let Some(m) = ops::lookup_special(vm, &v, "__await__") else {
        let t = ops::type_name(vm, &v);
        return Err(vm.type_error(format!("'{t}' object can't be awaited")));
    };
    let it = crate::ops::attr::call_descr_method(vm, &m, &v, std::slice::from_ref(&v))?;
    // A coroutine is accepted here: `coro.__await__()` hands back the coroutine itself (CPython
    // wraps it in a `coroutine_wrapper`).
    if ops::lookup_special(vm, &it, "__next__").is_none() {
        let t = ops::type_name(vm, &it);
        return Err(vm.type_error(format!("__await__() returned non-iterator of type '{t}'")));
    }
    Ok(it)
}
