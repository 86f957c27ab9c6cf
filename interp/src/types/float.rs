//! STUB (to be replaced by the full `float` implementation).
use rupy_objects::{PyResult, Value, Vm};
pub fn init(_vm: &mut Vm) {}
pub fn round_float(_vm: &mut Vm, x: f64, nd: Option<i64>) -> PyResult<Value> {
    match nd { None => Ok(Value::Int(x.round_ties_even() as i64)), Some(n) => { let p = 10f64.powi(n as i32); Ok(Value::Float((x * p).round_ties_even() / p)) } }
}
