//! STUB (to be replaced by the full `int` implementation).
use num_bigint::BigInt;
use rupy_objects::{PyResult, Value, Vm};
pub fn init(_vm: &mut Vm) {}
pub fn big_to_string(_vm: &mut Vm, b: &BigInt) -> PyResult<String> { Ok(b.to_string()) }
pub fn int_attr(_vm: &mut Vm, v: &Value, name: &str) -> Option<Value> {
    match name { "real" | "numerator" => Some(v.clone()), "imag" => Some(Value::Int(0)), "denominator" => Some(Value::Int(1)), _ => None }
}
pub fn int_new(vm: &mut Vm, args: &[Value], _kw: &rupy_objects::KwArgs) -> PyResult<Value> {
    match args.first() {
        None => Ok(Value::Int(0)),
        Some(Value::Float(f)) => Ok(Value::Int(f.trunc() as i64)),
        Some(Value::Str(s)) => s.as_str().trim().replace('_', "").parse::<i64>().map(Value::Int).map_err(|_| vm.value_error(format!("invalid literal for int() with base 10: {}", crate::types::str::repr_str(s.as_str())))),
        Some(Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        Some(v) => Ok(v.clone()),
    }
}
