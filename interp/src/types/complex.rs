//! STUB (to be replaced by the full `complex` implementation).
use rupy_objects::code::BinOp;
use rupy_objects::{PyResult, Value, Vm};
pub fn init(_vm: &mut Vm) {}
pub fn complex_binary(_vm: &mut Vm, _op: BinOp, _a: &Value, _b: &Value) -> PyResult<Option<Value>> { Ok(None) }
pub fn complex_pow_real(vm: &mut Vm, _x: f64, _y: f64) -> PyResult<Value> { Err(vm.value_error("complex pow")) }
pub fn complex_repr(r: f64, i: f64) -> String { format!("({}+{}j)", r, i) }
pub fn complex_new(vm: &mut Vm, _args: &[Value], _kw: &rupy_objects::KwArgs) -> PyResult<Value> { Err(vm.type_error("complex() not yet")) }
