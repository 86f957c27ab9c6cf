//! `PySet`: the storage of `set` and `frozenset`, a `PyDict` whose values are unused, so both
//! share one hash table implementation and its equality rules.

use crate::dict::{EqFn, PyDict};
use crate::exc::PyResult;
use crate::value::Value;

#[derive(Default)]
pub struct PySet {
    pub table: PyDict,
}

impl PySet {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn len(&self) -> usize {
        self.table.len()
    }
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
    pub fn add(&self, hash: i64, key: Value, eq: EqFn) -> PyResult<()> {
        self.table.insert(hash, key, Value::None, eq)
    }
    pub fn contains(&self, hash: i64, key: &Value, eq: EqFn) -> PyResult<bool> {
        self.table.contains(hash, key, eq)
    }
    pub fn remove(&self, hash: i64, key: &Value, eq: EqFn) -> PyResult<bool> {
        Ok(self.table.remove(hash, key, eq)?.is_some())
    }
    pub fn items(&self) -> Vec<Value> {
        self.table.keys()
    }
    pub fn copy(&self) -> PySet {
        PySet { table: self.table.copy() }
    }
    pub fn clear(&self) {
        self.table.clear()
    }
}
