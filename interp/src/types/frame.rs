//! Frame objects (`sys._getframe()`): a snapshot of one entry of the thread's frame record
//! (`Vm::frames`, see `rupy_objects::frame`). A frame object shares the frame's function
//! (so `f_code`, `f_globals`, `f_builtins`) and namespace (`f_locals` of module and class
//! bodies); `f_lineno` is the line of the last call the frame made before the snapshot, and
//! `f_back` is found through the live record while the frame still runs (`None` after).
//!
//! Known gap: `f_locals` of a function frame is an empty dict (fast locals are not reachable
//! from the record).

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::class::Class;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::frame::FrameEntry;
use rupy_objects::misc::Opaque;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

use crate::builtins::args::{add_getter, add_method, arity};

#[derive(Default)]
struct FrameType(RefCell<Option<Rc<Class>>>);

/// The payload of a frame object.
pub struct FrameObj {
    pub entry: FrameEntry,
}

fn frame_class(vm: &mut Vm) -> Rc<Class> {
    let st = vm.shared_state::<FrameType>();
    if let Some(c) = st.0.borrow().as_ref() {
        return c.clone();
    }
    let c = rupy_objects::vm::derived("frame", &vm.object);
    c.set_filler(fill);
    *st.0.borrow_mut() = Some(c.clone());
    c
}

fn fill(c: &Class) {
    add_getter(c, "frame", "f_code", |vm, a, _| {
        with_entry(vm, a, |_, e| Value::Code(e.func.code.clone()))
    });
    add_getter(c, "frame", "f_globals", |vm, a, _| {
        with_entry(vm, a, |_, e| Value::Dict(e.func.globals.clone()))
    });
    add_getter(c, "frame", "f_locals", |vm, a, _| {
        with_entry(vm, a, |_, e| match &e.locals {
            Some(d) => Value::Dict(d.clone()),
            None => Value::Dict(PyDict::new_rc()),
        })
    });
    add_getter(c, "frame", "f_builtins", |vm, a, _| {
        with_entry(vm, a, |vm, e| match e.func.globals.get_s("__builtins__") {
            Some(Value::Dict(d)) => Value::Dict(d),
            Some(Value::Module(m)) => Value::Dict(m.dict.clone()),
            _ => Value::Dict(vm.builtins.clone()),
        })
    });
    add_getter(c, "frame", "f_lineno", |vm, a, _| {
        with_entry(vm, a, |_, e| Value::Int(line(e) as i64))
    });
    add_getter(c, "frame", "f_lasti", |vm, a, _| {
        with_entry(vm, a, |_, e| Value::Int(e.ip.saturating_sub(1) as i64 * 2))
    });
    add_getter(c, "frame", "f_trace", |_, _, _| Ok(Value::None));
    add_getter(c, "frame", "f_back", frame_back);
    add_method(c, "frame", "clear", |_, _, _| Ok(Value::None));
    add_method(c, "frame", "__repr__", frame_repr);
}

fn line(e: &FrameEntry) -> u32 {
    e.func.code.line_of(e.ip.saturating_sub(1) as usize)
}

fn entry_of(v: &Value) -> Option<FrameEntry> {
    let Value::Opaque(o) = v else { return None };
    o.data
        .borrow()
        .downcast_ref::<FrameObj>()
        .map(|f| f.entry.clone())
}

fn with_entry(
    vm: &mut Vm,
    args: &[Value],
    f: impl FnOnce(&mut Vm, &FrameEntry) -> Value,
) -> PyResult<Value> {
    match args.first().and_then(entry_of) {
        Some(e) => Ok(f(vm, &e)),
        None => Err(vm.type_error("descriptor requires a 'frame' object")),
    }
}

/// A frame object for `entry`.
pub fn frame_object(vm: &mut Vm, entry: FrameEntry) -> Value {
    let class = frame_class(vm);
    Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(FrameObj { entry })),
    }))
}

/// The frame `depth` levels out from the innermost running one, if there is one.
pub fn frame_at(vm: &mut Vm, depth: usize) -> Option<Value> {
    let n = vm.frames.len();
    if depth >= n {
        return None;
    }
    let e = vm.frames[n - 1 - depth].clone();
    Some(frame_object(vm, e))
}

fn frame_back(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(e) = args.first().and_then(entry_of) else {
        return Err(vm.type_error("descriptor requires a 'frame' object"));
    };
    let pos = vm.frames.iter().rposition(|x| x.serial == e.serial);
    match pos {
        Some(i) if i > 0 => {
            let back = vm.frames[i - 1].clone();
            Ok(frame_object(vm, back))
        }
        _ => Ok(Value::None),
    }
}

fn frame_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__repr__", args, 1, 1)?;
    let Some(e) = entry_of(&args[0]) else {
        return Err(vm.err(ExcKind::TypeError, "descriptor requires a 'frame' object"));
    };
    let addr = match &args[0] {
        Value::Opaque(o) => Rc::as_ptr(o) as *const u8 as usize,
        _ => 0,
    };
    Ok(Value::string(format!(
        "<frame at {:#x}, file '{}', line {}, code {}>",
        addr,
        e.func.code.filename,
        line(&e),
        e.func.code.name
    )))
}
