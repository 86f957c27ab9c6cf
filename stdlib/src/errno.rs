//! `errno`: every Linux errno name as an integer constant and `errorcode`, the dict from
//! number to canonical name (aliases such as `EWOULDBLOCK` are constants but not values of
//! `errorcode`, as in CPython). The table lives in `errno_table`, which `posix` also reads for
//! `strerror` and its exception messages.

use std::rc::Rc;

use rupy_interp::ops;
use rupy_objects::{PyDict, PyResult, Value, Vm};

use crate::errno_table::{ERRORCODE, MESSAGES, NAMES};

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    for (name, n) in NAMES {
        d.set_s(name, Value::Int(*n as i64));
    }
    let codes = Value::Dict(PyDict::new_rc());
    for (n, name) in ERRORCODE {
        ops::setitem(vm, &codes, &Value::Int(*n as i64), Value::str(name))?;
    }
    d.set_s("errorcode", codes);
    Ok(())
}

/// The C library's message for `code` (`os.strerror`).
pub fn message(code: i64) -> String {
    match MESSAGES.iter().find(|(n, _)| *n as i64 == code) {
        Some((_, m)) => (*m).to_owned(),
        None if code == 0 => "Success".to_owned(),
        None => format!("Unknown error {}", code),
    }
}
