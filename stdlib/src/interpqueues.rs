//! `_interpqueues`: the native half of `concurrent.interpreters.Queue`. Queues are
//! process-wide (`rupy_channels::queue`); items are converted with fallback on `put` in the
//! putting interpreter and materialised as new objects on `get`. A blocking `put`/`get` waits
//! on the queue itself with this interpreter's GIL released, and honours fractional timeouts
//! on a monotonic clock (CPython polls every 10 ms and truncates timeouts to whole seconds).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rupy_channels::queue::{self, Item, QueueError};
use rupy_interp::builtins::args::{add_fn, arity, bind};
use rupy_interp::{ops, xi};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyDict, PyErr, PyResult, Value, Vm};

/// The exception classes `concurrent.interpreters._queues` registers.
#[derive(Default)]
struct QueueClasses {
    not_found: RefCell<Option<Rc<Class>>>,
    empty: RefCell<Option<Rc<Class>>>,
    full: RefCell<Option<Rc<Class>>>,
}

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "_register_heap_types", register);
    add_fn(d, "create", |vm, args, kw| {
        let [maxsize, op] = bind(vm, "create", args, kw, ["maxsize", "unboundop"], 2)?;
        let maxsize = int_arg(vm, maxsize, "maxsize")?;
        let op = int_arg(vm, op, "unboundop")?;
        Ok(Value::Int(queue::create(maxsize, op)))
    });
    add_fn(d, "destroy", |vm, args, _| {
        let id = qid(vm, args)?;
        queue::destroy(id).map_err(|e| qerr(vm, id, e))?;
        Ok(Value::None)
    });
    add_fn(d, "list_all", |_, _, _| {
        Ok(Value::list(
            queue::list_all()
                .into_iter()
                .map(|(id, op)| Value::tuple(vec![Value::Int(id), Value::Int(op)]))
                .collect(),
        ))
    });
    add_fn(d, "bind", |vm, args, _| {
        let id = qid(vm, args)?;
        queue::bind(id).map_err(|e| qerr(vm, id, e))?;
        Ok(Value::None)
    });
    add_fn(d, "release", |vm, args, _| {
        let id = qid(vm, args)?;
        // Releasing a queue that is already gone is not an error (objects die in any order).
        let _ = queue::release(id);
        Ok(Value::None)
    });
    add_fn(d, "get_maxsize", |vm, args, _| {
        let q = lookup(vm, args)?;
        Ok(Value::Int(q.maxsize))
    });
    add_fn(d, "get_queue_defaults", |vm, args, _| {
        let q = lookup(vm, args)?;
        Ok(Value::tuple(vec![Value::Int(q.default_unbound_op)]))
    });
    add_fn(d, "is_full", |vm, args, _| {
        let q = lookup(vm, args)?;
        Ok(Value::bool(q.is_full()))
    });
    add_fn(d, "get_count", |vm, args, _| {
        let q = lookup(vm, args)?;
        Ok(Value::Int(q.len() as i64))
    });
    add_fn(d, "put", queue_put);
    add_fn(d, "get", queue_get);
    Ok(())
}

/// `_register_heap_types(Queue, QueueEmpty, QueueFull, QueueNotFoundError)`.
fn register(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "_register_heap_types", args, 4, 4)?;
    let mut classes = Vec::new();
    for a in args {
        match a {
            Value::Class(c) => classes.push(c.clone()),
            _ => return Err(vm.type_error("expected classes")),
        }
    }
    *vm.shared_state::<xi::XiState>().queue_class.borrow_mut() = Some(classes[0].clone());
    let st = vm.shared_state::<QueueClasses>();
    *st.empty.borrow_mut() = Some(classes[1].clone());
    *st.full.borrow_mut() = Some(classes[2].clone());
    *st.not_found.borrow_mut() = Some(classes[3].clone());
    Ok(Value::None)
}

fn class_or(vm: &mut Vm, which: fn(&QueueClasses) -> &RefCell<Option<Rc<Class>>>) -> Rc<Class> {
    let st = vm.shared_state::<QueueClasses>();
    let c = which(&st).borrow().clone();
    c.unwrap_or_else(|| vm.exc(ExcKind::RuntimeError))
}

fn qerr(vm: &mut Vm, id: i64, e: QueueError) -> PyErr {
    match e {
        QueueError::NotFound => PyErr::lazy(
            class_or(vm, |s| &s.not_found),
            format!("queue {} not found", id),
        ),
    }
}

fn int_arg(vm: &mut Vm, v: Option<Value>, what: &str) -> PyResult<i64> {
    match v {
        Some(Value::Int(i)) => Ok(i),
        Some(Value::Bool(b)) => Ok(b as i64),
        Some(v) => {
            let t = ops::type_name(vm, &v);
            Err(vm.type_error(format!("{} must be an int, not {}", what, t)))
        }
        None => Err(vm.type_error(format!("missing {}", what))),
    }
}

fn qid(vm: &mut Vm, args: &[Value]) -> PyResult<i64> {
    int_arg(vm, args.first().cloned(), "queue ID")
}

fn lookup(vm: &mut Vm, args: &[Value]) -> PyResult<Arc<queue::Queue>> {
    let id = qid(vm, args)?;
    queue::get_queue(id).map_err(|e| qerr(vm, id, e))
}

/// A `timeout` argument: `None` waits forever; negative is a ValueError.
fn deadline(vm: &mut Vm, timeout: Option<Value>) -> PyResult<Option<Instant>> {
    match timeout {
        None | Some(Value::None) => Ok(None),
        Some(t) => {
            let secs = ops::to_f64(vm, &t)?;
            if secs.is_nan() || secs < 0.0 {
                return Err(vm.value_error("timeout value must be non-negative"));
            }
            Ok(Some(
                Instant::now() + Duration::from_secs_f64(secs.min(1e9)),
            ))
        }
    }
}

/// `put(qid, obj, unboundop, block=True, timeout=None)`.
fn queue_put(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [id, obj, op, block, timeout] = bind(
        vm,
        "put",
        args,
        kw,
        ["qid", "obj", "unboundop", "block", "timeout"],
        3,
    )?;
    let id = int_arg(vm, id, "queue ID")?;
    let q = queue::get_queue(id).map_err(|e| qerr(vm, id, e))?;
    let op = match op {
        None | Some(Value::None) => q.default_unbound_op,
        v => int_arg(vm, v, "unboundop")?,
    };
    let block = match block {
        Some(b) => ops::truthy(vm, &b)?,
        None => true,
    };
    let until = deadline(vm, timeout)?;
    let value = xi::to_shareable(vm, obj.as_ref().unwrap_or(&Value::None), true)?;
    let owner = crate::interpreters::registry::current_id(vm);
    let item = Item {
        value: Some(value),
        owner,
        unbound_op: op,
    };
    let item = match q.put(item, None).map_err(|e| qerr(vm, id, e))? {
        Ok(()) => return Ok(Value::None),
        Err(item) => item,
    };
    if !block {
        return Err(PyErr::lazy(class_or(vm, |s| &s.full), "queue is full"));
    }
    let mut slot = Some(item);
    let q2 = q.clone();
    let r = rupy_interp::thread::block_until(vm, until, move |until| {
        let item = slot.take()?;
        match q2.put(item, Some(until)) {
            Ok(Ok(())) => Some(Ok(())),
            Ok(Err(item)) => {
                slot = Some(item);
                None
            }
            Err(e) => Some(Err(e)),
        }
    })?;
    match r {
        Some(Ok(())) => Ok(Value::None),
        Some(Err(e)) => Err(qerr(vm, id, e)),
        None => Err(PyErr::lazy(class_or(vm, |s| &s.full), "queue is full")),
    }
}

/// `get(qid, block=True, timeout=None)` → `(obj, unboundop)`: `unboundop` is None for a live
/// item, the item's op when its interpreter was destroyed (then `obj` is None).
fn queue_get(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [id, block, timeout] = bind(vm, "get", args, kw, ["qid", "block", "timeout"], 1)?;
    let id = int_arg(vm, id, "queue ID")?;
    let q = queue::get_queue(id).map_err(|e| qerr(vm, id, e))?;
    let block = match block {
        Some(b) => ops::truthy(vm, &b)?,
        None => true,
    };
    let until = deadline(vm, timeout)?;
    let item = match q.get(None).map_err(|e| qerr(vm, id, e))? {
        Some(item) => item,
        None if !block => return Err(PyErr::lazy(class_or(vm, |s| &s.empty), "queue is empty")),
        None => {
            let q2 = q.clone();
            let r = rupy_interp::thread::block_until(vm, until, move |until| {
                match q2.get(Some(until)) {
                    Ok(Some(item)) => Some(Ok(item)),
                    Ok(None) => None,
                    Err(e) => Some(Err(e)),
                }
            })?;
            match r {
                Some(Ok(item)) => item,
                Some(Err(e)) => return Err(qerr(vm, id, e)),
                None => return Err(PyErr::lazy(class_or(vm, |s| &s.empty), "queue is empty")),
            }
        }
    };
    match item.value {
        Some(v) => {
            let v = xi::from_shareable(vm, &v)?;
            Ok(Value::tuple(vec![v, Value::None]))
        }
        None => Ok(Value::tuple(vec![Value::None, Value::Int(item.unbound_op)])),
    }
}
