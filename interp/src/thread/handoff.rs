//! Moving a new thread state (a `Vm` and the objects its thread starts with) to the OS thread
//! that will run it: the one place where values of an interpreter's `Rc` heap cross OS threads.
//!
//! Invariant: the value is created by a thread holding the interpreter's GIL, which then stops
//! touching it, and is opened only through `attach_and_open`, which takes that same GIL first.
//! A value never opened is leaked, never dropped without the GIL.
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
        InTransit { value: ManuallyDrop::new(value) }
    }

    /// Take `gil` for `holder` (the receiving thread state), then hand out the value.
    pub fn attach_and_open(self, gil: &Gil, holder: &Holder) -> T {
        gil.take(holder);
        let InTransit { value } = self;
        ManuallyDrop::into_inner(value)
    }
}
