//! Typed conversion between Rust values and Python values, so a host passes numbers,
//! strings, `Vec`s, `HashMap`s, tuples, `Option`s and its own structs without walking objects
//! by hand. `IntoPy` builds a Python value; `FromPy` reads one back, failing with the
//! `TypeError`/`OverflowError` CPython would give. Structs opt in with `py_struct!`, which
//! maps them to and from dicts keyed by field name.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use num_bigint::BigInt;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{PyDict, PyErr, PyResult, Value, Vm};

/// A Rust value that can become a Python value of `vm`'s interpreter.
pub trait IntoPy {
    /// The Python value (a new object, or a shared immutable one).
    fn into_py(self, vm: &mut Vm) -> Value;
}

/// A Rust value that can be read from a Python value.
pub trait FromPy: Sized {
    /// Read `v`, or raise the `TypeError` (wrong type) or `OverflowError` (out of range) that
    /// CPython would raise converting it.
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<Self>;
}

fn type_name(vm: &mut Vm, v: &Value) -> String {
    rupy_interp::ops::type_name(vm, v)
}

fn wrong_type(vm: &mut Vm, want: &str, v: &Value) -> PyErr {
    let got = type_name(vm, v);
    vm.err(
        ExcKind::TypeError,
        format!("expected {}, got {}", want, got),
    )
}

impl IntoPy for Value {
    fn into_py(self, _vm: &mut Vm) -> Value {
        self
    }
}

impl FromPy for Value {
    fn from_py(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
        Ok(v.clone())
    }
}

impl IntoPy for () {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::None
    }
}

impl FromPy for () {
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<()> {
        if v.is_none() {
            Ok(())
        } else {
            Err(wrong_type(vm, "None", v))
        }
    }
}

impl IntoPy for bool {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::bool(self)
    }
}

impl FromPy for bool {
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<bool> {
        match v {
            Value::Bool(b) => Ok(b.get()),
            _ => Err(wrong_type(vm, "bool", v)),
        }
    }
}

macro_rules! int_conv {
    ($($t:ty),*) => {$(
        impl IntoPy for $t {
            fn into_py(self, _vm: &mut Vm) -> Value {
                match i64::try_from(self) {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::from_bigint(BigInt::from(self)),
                }
            }
        }
        impl FromPy for $t {
            fn from_py(vm: &mut Vm, v: &Value) -> PyResult<$t> {
                let big = match v {
                    Value::Int(i) => return <$t>::try_from(*i).map_err(|_| overflow(vm, stringify!($t))),
                    Value::Bool(b) => return Ok(<$t>::from(b.get())),
                    Value::BigInt(b) => (**b).clone(),
                    _ => return Err(wrong_type(vm, "int", v)),
                };
                <$t>::try_from(big).map_err(|_| overflow(vm, stringify!($t)))
            }
        }
    )*};
}

fn overflow(vm: &mut Vm, t: &str) -> PyErr {
    vm.err(
        ExcKind::OverflowError,
        format!("Python int too large to convert to {}", t),
    )
}

int_conv!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl IntoPy for BigInt {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::from_bigint(self)
    }
}

impl FromPy for BigInt {
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
        match v {
            Value::Int(i) => Ok(BigInt::from(*i)),
            Value::Bool(b) => Ok(BigInt::from(*b as u8)),
            Value::BigInt(b) => Ok((**b).clone()),
            _ => Err(wrong_type(vm, "int", v)),
        }
    }
}

impl IntoPy for f64 {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::float(self)
    }
}

impl IntoPy for f32 {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::float(self as f64)
    }
}

impl FromPy for f64 {
    /// A float, or an int (as Python's `float()` of an int would be).
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<f64> {
        match v {
            Value::Float(f) => Ok(f.get()),
            Value::Int(i) => Ok(*i as f64),
            Value::Bool(b) => Ok(*b as u8 as f64),
            Value::BigInt(b) => match rupy_objects::format::bigint_to_f64(b) {
                Some(f) => Ok(f),
                None => Err(vm.err(ExcKind::OverflowError, "int too large to convert to float")),
            },
            _ => Err(wrong_type(vm, "float", v)),
        }
    }
}

impl IntoPy for &str {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::str(self)
    }
}

impl IntoPy for String {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::str(&self)
    }
}

impl FromPy for String {
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_owned()),
            _ => Err(wrong_type(vm, "str", v)),
        }
    }
}

/// Bytes travel as Python `bytes`; a `Vec<u8>` is a list of ints (use this wrapper for bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl IntoPy for Bytes {
    fn into_py(self, _vm: &mut Vm) -> Value {
        Value::Bytes(Rc::new(self.0))
    }
}

impl FromPy for Bytes {
    /// `bytes` or `bytearray`.
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<Bytes> {
        match v {
            Value::Bytes(b) => Ok(Bytes((**b).clone())),
            Value::ByteArray(b) => Ok(Bytes(b.borrow().clone())),
            _ => Err(wrong_type(vm, "bytes", v)),
        }
    }
}

impl<T: IntoPy> IntoPy for Option<T> {
    /// `None` for `None`, the value otherwise.
    fn into_py(self, vm: &mut Vm) -> Value {
        match self {
            Some(v) => v.into_py(vm),
            None => Value::None,
        }
    }
}

impl<T: FromPy> FromPy for Option<T> {
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<Option<T>> {
        if v.is_none() {
            Ok(None)
        } else {
            T::from_py(vm, v).map(Some)
        }
    }
}

impl<T: IntoPy> IntoPy for Vec<T> {
    /// A list.
    fn into_py(self, vm: &mut Vm) -> Value {
        let items = self.into_iter().map(|x| x.into_py(vm)).collect();
        Value::list(items)
    }
}

impl<T: FromPy> FromPy for Vec<T> {
    /// Any iterable (list, tuple, set, generator...), item by item.
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<Vec<T>> {
        let items = match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => (**t).clone(),
            Value::Str(_) => return Err(wrong_type(vm, "a sequence (not str)", v)),
            _ => rupy_interp::ops::collect(vm, v)?,
        };
        items.iter().map(|x| T::from_py(vm, x)).collect()
    }
}

fn dict_from<K: IntoPy, V: IntoPy>(vm: &mut Vm, pairs: impl Iterator<Item = (K, V)>) -> Value {
    let d = PyDict::new_rc();
    for (k, v) in pairs {
        let (k, v) = (k.into_py(vm), v.into_py(vm));
        // Keys built from Rust (str, int, tuple) hash without running Python code.
        if let Ok(h) = rupy_interp::ops::hash(vm, &k) {
            let _ = d.insert(h, k, v, &mut |a, b| rupy_interp::ops::eq(vm, a, b));
        }
    }
    Value::Dict(d)
}

fn dict_items(vm: &mut Vm, v: &Value) -> PyResult<Vec<(Value, Value)>> {
    match v {
        Value::Dict(d) => Ok(d.entries()),
        _ => Err(wrong_type(vm, "dict", v)),
    }
}

impl<K: IntoPy, V: IntoPy, S> IntoPy for HashMap<K, V, S> {
    /// A dict.
    fn into_py(self, vm: &mut Vm) -> Value {
        dict_from(vm, self.into_iter())
    }
}

impl<K: FromPy + Eq + std::hash::Hash, V: FromPy> FromPy for HashMap<K, V> {
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<HashMap<K, V>> {
        dict_items(vm, v)?
            .iter()
            .map(|(k, v)| Ok((K::from_py(vm, k)?, V::from_py(vm, v)?)))
            .collect()
    }
}

impl<K: IntoPy, V: IntoPy> IntoPy for BTreeMap<K, V> {
    /// A dict, in key order.
    fn into_py(self, vm: &mut Vm) -> Value {
        dict_from(vm, self.into_iter())
    }
}

impl<K: FromPy + Ord, V: FromPy> FromPy for BTreeMap<K, V> {
    fn from_py(vm: &mut Vm, v: &Value) -> PyResult<BTreeMap<K, V>> {
        dict_items(vm, v)?
            .iter()
            .map(|(k, v)| Ok((K::from_py(vm, k)?, V::from_py(vm, v)?)))
            .collect()
    }
}

macro_rules! tuple_conv {
    ($n:expr; $($t:ident $i:tt),*) => {
        impl<$($t: IntoPy),*> IntoPy for ($($t,)*) {
            /// A tuple.
            fn into_py(self, vm: &mut Vm) -> Value {
                Value::tuple(vec![$(self.$i.into_py(vm)),*])
            }
        }
        impl<$($t: FromPy),*> FromPy for ($($t,)*) {
            /// A tuple or list of exactly this length.
            fn from_py(vm: &mut Vm, v: &Value) -> PyResult<Self> {
                let items = match v {
                    Value::Tuple(t) => (**t).clone(),
                    Value::List(l) => l.borrow().clone(),
                    _ => return Err(wrong_type(vm, "tuple", v)),
                };
                if items.len() != $n {
                    return Err(vm.err(ExcKind::ValueError, format!("expected a tuple of {} items, got {}", $n, items.len())));
                }
                Ok(($($t::from_py(vm, &items[$i])?,)*))
            }
        }
    };
}

tuple_conv!(1; A 0);
tuple_conv!(2; A 0, B 1);
tuple_conv!(3; A 0, B 1, C 2);
tuple_conv!(4; A 0, B 1, C 2, D 3);
tuple_conv!(5; A 0, B 1, C 2, D 3, E 4);

/// Read field `name` of a dict made by `py_struct!` (a `KeyError` when missing).
#[doc(hidden)]
pub fn field<T: FromPy>(vm: &mut Vm, v: &Value, name: &str) -> PyResult<T> {
    let Value::Dict(d) = v else {
        return Err(wrong_type(vm, "dict", v));
    };
    match d.get_s(name) {
        Some(x) => T::from_py(vm, &x),
        None => Err(vm.err(ExcKind::KeyError, format!("'{}'", name))),
    }
}

/// Make a struct with named fields convertible: to Python as a dict `{"field": value, ...}`,
/// and back from such a dict (every field must be present).
///
/// ```
/// rupy::py_struct!(Point { x: f64, y: f64 });
/// ```
#[macro_export]
macro_rules! py_struct {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Clone, Debug, PartialEq)]
        #[allow(missing_docs)]
        pub struct $name { $(pub $field: $ty),* }
        impl $crate::convert::IntoPy for $name {
            fn into_py(self, vm: &mut $crate::objects::Vm) -> $crate::objects::Value {
                let d = $crate::objects::PyDict::new_rc();
                $( d.set_s(stringify!($field), $crate::convert::IntoPy::into_py(self.$field, vm)); )*
                $crate::objects::Value::Dict(d)
            }
        }
        impl $crate::convert::FromPy for $name {
            fn from_py(vm: &mut $crate::objects::Vm, v: &$crate::objects::Value) -> $crate::objects::PyResult<Self> {
                Ok($name { $($field: $crate::convert::field(vm, v, stringify!($field))?),* })
            }
        }
    };
}
