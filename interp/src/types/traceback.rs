//! Traceback objects (`exc.__traceback__`, `sys.exc_info()[2]`): a chain, outermost frame
//! first, built on demand from the exception's traceback entries (which the eval loop
//! gathers innermost first); `tb_frame` is a frame object for the entry (its code, globals
//! and line). Assigning a traceback (`__traceback__ = tb`, `with_traceback(tb)`) turns the
//! chain back into entries.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_objects::class::Class;
use rupy_objects::exc::TbEntry;
use rupy_objects::{Opaque, Value, Vm};

use crate::builtins::args::add_getter;
use crate::types::frame::{FrameObj, new_frame_object};

/// The payload of a traceback object.
struct Tb {
    entry: TbEntry,
    frame: Value,
    next: Value,
}

#[derive(Default)]
struct TbType(RefCell<Option<Rc<Class>>>);

fn tb_class(vm: &mut Vm) -> Rc<Class> {
    if let Some(c) = vm.shared_state::<TbType>().0.borrow().clone() {
        return c;
    }
    let c = rupy_objects::vm::derived("traceback", &vm.object);
    add_getter(&c, "traceback", "tb_frame", |vm, a, _| {
        field(vm, &a[0], |t| t.frame.clone())
    });
    add_getter(&c, "traceback", "tb_next", |vm, a, _| {
        field(vm, &a[0], |t| t.next.clone())
    });
    add_getter(&c, "traceback", "tb_lineno", |vm, a, _| {
        field(vm, &a[0], |t| Value::Int(t.entry.line as i64))
    });
    add_getter(&c, "traceback", "tb_lasti", |vm, a, _| {
        field(vm, &a[0], |t| {
            Value::Int(first_instr_of_line(&t.entry) as i64 * 2)
        })
    });
    *vm.shared_state::<TbType>().0.borrow_mut() = Some(c.clone());
    c
}

/// The first instruction of the entry's line (what `tb_lasti` can honestly say).
fn first_instr_of_line(e: &TbEntry) -> usize {
    (0..e.code.instrs.len())
        .find(|&i| e.code.line_of(i) == e.line)
        .unwrap_or(0)
}

fn field(vm: &mut Vm, v: &Value, f: impl FnOnce(&Tb) -> Value) -> rupy_objects::PyResult<Value> {
    if let Value::Opaque(o) = v
        && let Some(t) = o.data.borrow().downcast_ref::<Tb>()
    {
        return Ok(f(t));
    }
    Err(vm.type_error("descriptor requires a 'traceback' object"))
}

/// The traceback chain for entries gathered innermost first (None when empty).
pub fn chain(vm: &mut Vm, entries: &[TbEntry]) -> Value {
    let class = tb_class(vm);
    let mut next = Value::None;
    // Build from the innermost entry outwards, so each links to the one it called.
    for e in entries.iter() {
        let frame = new_frame_object(
            vm,
            FrameObj {
                code: e.code.clone(),
                globals: e.globals.clone(),
                locals: None,
                line: e.line,
                serial: None,
            },
        );
        next = Value::Opaque(Rc::new(Opaque {
            class: class.clone(),
            data: RefCell::new(Box::new(Tb {
                entry: e.clone(),
                frame,
                next,
            })),
        }));
    }
    next
}

/// The entries of a traceback chain, innermost first (None: `v` is not a traceback).
pub fn entries(v: &Value) -> Option<Vec<TbEntry>> {
    let mut out = Vec::new();
    let mut cur = v.clone();
    loop {
        let step = match &cur {
            Value::Opaque(o) => o
                .data
                .borrow()
                .downcast_ref::<Tb>()
                .map(|t| (t.entry.clone(), t.next.clone())),
            Value::None => break,
            _ => None,
        };
        let (e, next) = step?;
        out.push(e);
        cur = next;
    }
    out.reverse();
    Some(out)
}
