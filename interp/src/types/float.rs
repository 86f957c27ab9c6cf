//! STUB (to be replaced by the full `float` implementation).
use rupy_objects::{PyResult, Value, Vm};
pub fn init(_vm: &mut Vm) {}
pub fn round_float(_vm: &mut Vm, x: f64, nd: Option<i64>) -> PyResult<Value> {
    match nd { None => Ok(Value::Int(x.round_ties_even() as i64)), Some(n) => { let p = 10f64.powi(n as i32); Ok(Value::Float((x * p).round_ties_even() / p)) } }
}
pub fn float_new(vm: &mut Vm, args: &[Value], _kw: &rupy_objects::KwArgs) -> PyResult<Value> {
    match args.first() {
        None => Ok(Value::Float(0.0)),
        Some(Value::Str(s)) => s.as_str().trim().parse::<f64>().map(Value::Float).map_err(|_| vm.value_error("could not convert string to float")),
        Some(v) => Ok(Value::Float(crate::ops::to_f64(vm, v)?)),
    }
}
