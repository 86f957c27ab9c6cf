//! Moving a new thread state (a `Vm` and the objects its thread starts with) to the OS thread
//! that will run it, and parking an interpreter's main thread state between the calls that
//! run code in it from whatever OS thread: the one place where values of an interpreter's
//! `Rc` heap cross OS threads.
//!
//! Invariant: the value is created by a thread holding the interpreter's GIL, which then stops
//! touching it, and is opened only by a thread holding that same GIL (`attach_and_open` takes
//! it; `Parked::unpark` checks it). A value never opened is leaked, never dropped without the
//! GIL.
#![allow(unsafe_code)]

use std::mem::ManuallyDrop;

use rupy_objects::gil::{Gil, Holder};

/// A value on its way to another OS thread of the same interpreter.
pub struct InTransit<T> {
    value: ManuallyDrop<T>,
}

// SAFETY: `T` is `!Send` only because it holds `Rc`s of the interpreter's heap, whose counts
// and contents are touched solely by the thread holding that interpreter's GIL. The sender
// holds the GIL while building an `InTransit` and gives the value up (it is moved in); the
// receiver reaches the value only through `attach_and_open`, after `Gil::take`, whose mutex
// orders every access the sender (or any other holder) made before the receiver's. Dropping an
// unopened `InTransit` touches nothing (`ManuallyDrop`), so no access happens without the GIL.
unsafe impl<T> Send for InTransit<T> {}

impl<T> InTransit<T> {
    /// Wrap `value`; the caller holds the GIL of the interpreter that owns its objects.
    pub fn new(value: T) -> Self {
        InTransit {
            value: ManuallyDrop::new(value),
        }
    }

    /// Take `gil` for `holder` (the receiving thread state), then hand out the value.
    pub fn attach_and_open(self, gil: &Gil, holder: &Holder) -> T {
        gil.take(holder);
        let InTransit { value } = self;
        ManuallyDrop::into_inner(value)
    }
}

/// An interpreter's state while no thread runs it (between `exec`/`call` sessions, which may
/// come from any OS thread).
pub struct Parked<T> {
    value: ManuallyDrop<T>,
    gil: std::sync::Arc<Gil>,
}

// SAFETY: as for `InTransit`: the value is parked by the GIL holder, who gives it up, and is
// handed out only to a thread that `Gil::held_by` shows to hold the same GIL, whose mutex
// orders all earlier accesses before that thread's. An unopened `Parked` is leaked, not dropped.
unsafe impl<T> Send for Parked<T> {}

impl<T> Parked<T> {
    /// Park `value`; the caller holds `gil`, the GIL of the interpreter owning its objects.
    pub fn park(value: T, gil: std::sync::Arc<Gil>) -> Self {
        Parked {
            value: ManuallyDrop::new(value),
            gil,
        }
    }

    /// The value back, if the calling thread state `me` holds the GIL it was parked under;
    /// otherwise the parcel is returned untouched.
    pub fn unpark(self, me: &Holder) -> Result<T, Self> {
        if !self.gil.held_by(me.id) {
            return Err(self);
        }
        let Parked { value, .. } = self;
        Ok(ManuallyDrop::into_inner(value))
    }
}
