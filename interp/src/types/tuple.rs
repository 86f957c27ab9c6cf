//! STUB (to be replaced by the full `tuple` implementation).
use rupy_objects::Vm;
pub fn init(_vm: &mut Vm) {}
pub fn tuple_new(vm: &mut Vm, args: &[rupy_objects::Value], _kw: &rupy_objects::KwArgs) -> rupy_objects::PyResult<rupy_objects::Value> {
    match args.first() { None => Ok(rupy_objects::Value::tuple(vec![])), Some(v) => Ok(rupy_objects::Value::tuple(crate::ops::collect(vm, v)?)) }
}
