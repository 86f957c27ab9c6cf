//! Frames: the execution state of one Python frame (`Frame`), and the per-thread record of
//! the frames running now (`FrameEntry`, `Vm::frames`), which `sys._getframe`, frame objects
//! and tracebacks read. The record holds what a frame shares (function, namespace) and the
//! instruction it last called from; it never points into a running `Frame`, so reading it
//! needs no `unsafe` and cannot observe a frame mid-update.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use crate::code::Code;
use crate::dict::PyDict;
use crate::value::Value;

/// Execution state of one Python frame; generators keep theirs between resumptions. Code,
/// constants, names and globals are reached through `func` (module and class bodies get a
/// function object of their own), so creating a frame clones one `Rc`.
pub struct Frame {
    pub func: Rc<crate::function::Function>,
    /// The fast locals (`code.varnames.len()` slots, `Value::Unbound` when unbound) followed by
    /// the operand stack: one buffer per frame.
    pub stack: Vec<Value>,
    pub cells: Vec<Rc<RefCell<Value>>>,
    pub ip: usize,
    /// Module and class bodies: the namespace names resolve through.
    pub locals_dict: Option<Rc<PyDict>>,
    /// A class body whose metaclass `__prepare__` returned a mapping that is not an exact dict
    /// (enum's `_EnumDict`): names are stored, loaded and deleted through its item methods.
    pub locals_map: Option<Value>,
}

impl Frame {
    #[inline]
    pub fn code(&self) -> &Arc<Code> {
        &self.func.code
    }
    #[inline]
    pub fn globals(&self) -> &Rc<PyDict> {
        &self.func.globals
    }
    #[inline]
    pub fn nlocals(&self) -> usize {
        self.func.code.varnames.len()
    }
}

/// One running frame as the thread's frame record keeps it (innermost last in `Vm::frames`).
#[derive(Clone)]
pub struct FrameEntry {
    pub func: Rc<crate::function::Function>,
    /// Module and class bodies: their namespace (`f_locals`).
    pub locals: Option<Rc<PyDict>>,
    /// The instruction after the last call this frame made: its line is the frame's
    /// `f_lineno` while it waits for a callee.
    pub ip: u32,
    /// Unique per frame activation of this thread: a frame object finds its live entry (and so
    /// its `f_back`) by it.
    pub serial: u64,
}

impl crate::vm::Vm {
    /// Record that a frame of `func` starts running on this thread.
    #[inline]
    pub fn push_frame(
        &mut self,
        func: &Rc<crate::function::Function>,
        locals: Option<&Rc<PyDict>>,
    ) {
        self.frame_serial += 1;
        self.frames.push(FrameEntry {
            func: func.clone(),
            locals: locals.cloned(),
            ip: 0,
            serial: self.frame_serial,
        });
    }

    /// The innermost frame stopped running.
    #[inline]
    pub fn pop_frame(&mut self) {
        self.frames.pop();
    }

    /// The innermost frame is about to call out from instruction `ip` (its `f_lineno`).
    #[inline]
    pub fn note_call_site(&mut self, ip: usize) {
        if let Some(top) = self.frames.last_mut() {
            top.ip = ip as u32;
        }
    }
}
