//! STUB (to be replaced by the full `int` implementation).
use num_bigint::BigInt;
use rupy_objects::{PyResult, Value, Vm};
pub fn init(_vm: &mut Vm) {}
pub fn big_to_string(_vm: &mut Vm, b: &BigInt) -> PyResult<String> { Ok(b.to_string()) }
pub fn int_attr(_vm: &mut Vm, v: &Value, name: &str) -> Option<Value> {
    match name { "real" | "numerator" => Some(v.clone()), "imag" => Some(Value::Int(0)), "denominator" => Some(Value::Int(1)), _ => None }
}
