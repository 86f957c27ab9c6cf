//! STUB (to be replaced by the full `set` implementation).
use rupy_objects::code::{BinOp, CmpOp};
use rupy_objects::{PyResult, PySet, Value, Vm};
pub fn init(_vm: &mut Vm) {}
pub fn set_add(vm: &mut Vm, s: &PySet, v: Value) -> PyResult<()> { let h = crate::ops::hash(vm, &v)?; s.add(h, v, &mut |a, b| crate::ops::eq(vm, a, b)) }
pub fn set_contains_hashed(vm: &mut Vm, s: &PySet, h: i64, v: &Value) -> PyResult<bool> { s.contains(h, v, &mut |a, b| crate::ops::eq(vm, a, b)) }
pub fn set_binary(vm: &mut Vm, _op: BinOp, _a: &Value, _b: &Value) -> PyResult<Value> { Err(vm.type_error("set op")) }
pub fn set_inplace(vm: &mut Vm, _op: BinOp, _a: &Value, _b: &Value) -> PyResult<Value> { Err(vm.type_error("set op")) }
pub fn set_compare(vm: &mut Vm, _op: CmpOp, _a: &Value, _b: &Value) -> PyResult<Value> { Err(vm.type_error("set op")) }
