//! STUB (to be replaced by the full `tuple` implementation).
use rupy_objects::Vm;
pub fn init(_vm: &mut Vm) {}
