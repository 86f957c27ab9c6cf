//! Frame objects (`sys._getframe()`, `tb_frame`): a snapshot of one entry of the thread's
//! frame record (`Vm::frames`, see `rupy_objects::frame`) or of one traceback entry. A frame
//! object shares the frame's code, globals (`f_builtins` through them) and namespace
//! (`f_locals` of module and class bodies); `f_lineno` is the line of the last call the frame
//! made before the snapshot (a traceback's: the line that raised), and `f_back` is found
//! through the live record while the frame still runs (`None` after, and for traceback
//! frames).
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
#[derive(Clone)]
pub struct FrameObj {
    pub code: std::sync::Arc<rupy_objects::Code>,
    pub globals: Option<Rc<PyDict>>,
    pub locals: Option<Rc<PyDict>>,
    pub line: u32,
    /// The live frame's serial (`FrameEntry::serial`); None for a traceback's frame.
    pub serial: Option<u64>,
}

impl FrameObj {
    fn of_entry(e: &FrameEntry) -> FrameObj {
        FrameObj {
            code: e.func.code.clone(),
            globals: Some(e.func.globals.clone()),
            locals: e.locals.clone(),
            line: e.func.code.line_of(e.ip.saturating_sub(1) as usize),
            serial: Some(e.serial),
        }
    }
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
        with_entry(vm, a, |_, e| Value::Code(e.code.clone()))
    });
    add_getter(c, "frame", "f_globals", |vm, a, _| {
        with_entry(vm, a, |_, e| match &e.globals {
            Some(g) => Value::Dict(g.clone()),
            None => Value::Dict(PyDict::new_rc()),
        })
    });
    add_getter(c, "frame", "f_locals", |vm, a, _| {
        with_entry(vm, a, |_, e| match &e.locals {
            Some(d) => Value::Dict(d.clone()),
            None => Value::Dict(PyDict::new_rc()),
        })
    });
    add_getter(c, "frame", "f_builtins", |vm, a, _| {
        with_entry(vm, a, |vm, e| {
            match e.globals.as_ref().and_then(|g| g.get_s("__builtins__")) {
                Some(Value::Dict(d)) => Value::Dict(d),
                Some(Value::Module(m)) => Value::Dict(m.dict.clone()),
                _ => Value::Dict(vm.builtins.clone()),
            }
        })
    });
    add_getter(c, "frame", "f_lineno", |vm, a, _| {
        with_entry(vm, a, |_, e| Value::Int(e.line as i64))
    });
    add_getter(c, "frame", "f_trace", |_, _, _| Ok(Value::None));
    add_getter(c, "frame", "f_back", frame_back);
    add_method(c, "frame", "clear", |_, _, _| Ok(Value::None));
    add_method(c, "frame", "__repr__", frame_repr);
}

fn entry_of(v: &Value) -> Option<FrameObj> {
    let Value::Opaque(o) = v else { return None };
    o.data.borrow().downcast_ref::<FrameObj>().cloned()
}

fn with_entry(
    vm: &mut Vm,
    args: &[Value],
    f: impl FnOnce(&mut Vm, &FrameObj) -> Value,
) -> PyResult<Value> {
    match args.first().and_then(entry_of) {
        Some(e) => Ok(f(vm, &e)),
        None => Err(vm.type_error("descriptor requires a 'frame' object")),
    }
}

/// A frame object for a running frame.
pub fn frame_object(vm: &mut Vm, entry: FrameEntry) -> Value {
    new_frame_object(vm, FrameObj::of_entry(&entry))
}

/// A frame object with these contents (a traceback's frame).
pub fn new_frame_object(vm: &mut Vm, f: FrameObj) -> Value {
    let class = frame_class(vm);
    Value::Opaque(Rc::new(Opaque {
        class,
        data: RefCell::new(Box::new(f)),
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
    let Some(serial) = e.serial else {
        return Ok(Value::None);
    };
    let pos = vm.frames.iter().rposition(|x| x.serial == serial);
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
        addr, e.code.filename, e.line, e.code.name
    )))
}
