//! STUB (to be replaced by the full `dict` implementation).
use rupy_objects::code::{BinOp, CmpOp};
use rupy_objects::{PyDict, PyResult, Value, Vm};
pub fn init(_vm: &mut Vm) {}
pub fn update(_vm: &mut Vm, _d: &PyDict, _other: &Value) -> PyResult<()> { Ok(()) }
pub fn update_from_dict(_vm: &mut Vm, _d: &PyDict, _other: &PyDict) -> PyResult<()> { Ok(()) }
pub fn dict_eq(_vm: &mut Vm, _a: &PyDict, _b: &PyDict) -> PyResult<bool> { Ok(false) }
pub fn merge_kwargs(_vm: &mut Vm, _d: &PyDict, _other: &Value, _stack: &[Value], _len: usize) -> PyResult<()> { Ok(()) }
pub fn view_binary(_vm: &mut Vm, _op: BinOp, _a: &Value, _b: &Value) -> PyResult<Option<Value>> { Ok(None) }
pub fn view_compare(_vm: &mut Vm, _op: CmpOp, _a: &Value, _b: &Value) -> PyResult<Option<Value>> { Ok(None) }
pub fn view_repr(_vm: &mut Vm, _v: &Value) -> PyResult<String> { Ok(String::new()) }
