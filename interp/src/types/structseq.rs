//! Struct sequences (`sys.flags`, `sys.float_info`, `os.stat_result`, `time.struct_time`):
//! tuples whose items also have names. A struct sequence type is an ordinary heap subclass of
//! `tuple` made by `new_type`; its instances carry their first `n_sequence_fields` values as
//! the tuple payload (what indexing, unpacking and `len` see) and the remaining named fields
//! (`st_atime` of `os.stat_result`, ...) in the instance dict. Names resolve through one
//! native `__getattr__` that finds the field's position in the class's field list.

use std::rc::Rc;

use rupy_objects::class::{Class, Instance, Payload};
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

use crate::builtins::args::native;
use crate::ops;

/// What a struct sequence type looks like.
pub struct Spec {
    /// `__module__` (`sys`, `os`, `time`).
    pub module: &'static str,
    /// The type's name (`flags`, `stat_result`).
    pub name: &'static str,
    /// Every field, the sequence part first.
    pub fields: &'static [&'static str],
    /// How many leading fields are tuple items.
    pub n_sequence: usize,
}

const FIELDS_KEY: &str = "_structseq_fields";

/// Make a struct sequence type.
pub fn new_type(vm: &mut Vm, spec: &Spec) -> PyResult<Rc<Class>> {
    let ns = PyDict::new_rc();
    ns.set_s("__module__", Value::str(spec.module));
    ns.set_s("__qualname__", Value::str(spec.name));
    ns.set_s(
        FIELDS_KEY,
        Value::tuple(spec.fields.iter().map(|f| Value::str(f)).collect()),
    );
    ns.set_s(
        "__match_args__",
        Value::tuple(
            spec.fields[..spec.n_sequence]
                .iter()
                .map(|f| Value::str(f))
                .collect(),
        ),
    );
    ns.set_s("n_sequence_fields", Value::Int(spec.n_sequence as i64));
    ns.set_s("n_fields", Value::Int(spec.fields.len() as i64));
    ns.set_s("n_unnamed_fields", Value::Int(0));
    ns.set_s("__getattr__", native("__getattr__", spec.name, seq_getattr));
    ns.set_s("__repr__", native("__repr__", spec.name, seq_repr));
    ns.set_s("__reduce__", native("__reduce__", spec.name, seq_reduce));
    let bases = Value::tuple(vec![Value::Class(vm.types.tuple.clone())]);
    let cls = super::class::new_class(
        vm,
        vm.types.type_.clone(),
        &Value::str(spec.name),
        &bases,
        &Value::Dict(ns),
        &[],
    )?;
    match cls {
        Value::Class(c) => Ok(c),
        _ => Err(vm.type_error("struct sequence type creation failed")),
    }
}

/// A new struct sequence type with one instance of it holding `values` (a single value
/// such as `sys.flags`).
pub fn single(vm: &mut Vm, spec: &Spec, values: Vec<Value>) -> PyResult<Value> {
    let cls = new_type(vm, spec)?;
    Ok(new(vm, &cls, values))
}

/// An instance of the struct sequence type `cls` with `values` (one per field).
pub fn new(vm: &mut Vm, cls: &Rc<Class>, mut values: Vec<Value>) -> Value {
    let n_seq = match cls.dict().get_s("n_sequence_fields") {
        Some(Value::Int(n)) => n as usize,
        _ => values.len(),
    };
    let extra = if values.len() > n_seq {
        values.split_off(n_seq)
    } else {
        Vec::new()
    };
    let inst = Instance::new(
        cls.clone(),
        Payload::Value(std::cell::RefCell::new(Value::tuple(values))),
    );
    if let (Some(d), Some(Value::Tuple(fields))) = (&inst.dict, cls.dict().get_s(FIELDS_KEY)) {
        for (name, v) in fields[n_seq..].iter().zip(extra) {
            if let Value::Str(s) = name {
                d.set_str(s.clone(), v);
            }
        }
    }
    let _ = vm;
    Value::new_instance(inst)
}

fn fields_of(vm: &mut Vm, obj: &Value) -> Vec<Rc<rupy_objects::PyStr>> {
    let key = vm.intern(FIELDS_KEY);
    match vm.type_of(obj).lookup(&key) {
        Some(Value::Tuple(t)) => t
            .iter()
            .filter_map(|v| match v {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn items_of(obj: &Value) -> Vec<Value> {
    match super::unwrap_builtin(obj) {
        Some(Value::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn seq_getattr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (Some(obj), Some(Value::Str(name))) = (args.first(), args.get(1)) else {
        return Err(vm.type_error("__getattr__ expects an attribute name"));
    };
    let fields = fields_of(vm, obj);
    let items = items_of(obj);
    if let Some(i) = fields.iter().position(|f| f.as_str() == name.as_str())
        && let Some(v) = items.get(i)
    {
        return Ok(v.clone());
    }
    let t = ops::type_name(vm, obj);
    Err(vm.err(
        rupy_objects::exc_kinds::ExcKind::AttributeError,
        format!("'{}' object has no attribute '{}'", t, name.as_str()),
    ))
}

fn seq_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let obj = &args[0];
    let cls = vm.type_of(obj);
    let module = match cls.dict().get_s("__module__") {
        Some(Value::Str(m)) => format!("{}.", m.as_str()),
        _ => String::new(),
    };
    let fields = fields_of(vm, obj);
    let items = items_of(obj);
    let mut parts = Vec::new();
    for (f, v) in fields.iter().zip(items.iter()) {
        parts.push(format!("{}={}", f.as_str(), ops::repr_string(vm, v)?));
    }
    Ok(Value::string(format!(
        "{}{}({})",
        module,
        cls.name(),
        parts.join(", ")
    )))
}

fn seq_reduce(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let obj = &args[0];
    let cls = vm.type_of(obj);
    let items = items_of(obj);
    let extra = PyDict::new_rc();
    if let Value::Instance(i) = obj
        && let Some(d) = &i.dict
    {
        for (k, v) in d.entries() {
            if let Value::Str(k) = k {
                extra.set_str(k, v);
            }
        }
    }
    Ok(Value::tuple(vec![
        Value::Class(cls),
        Value::tuple(vec![Value::tuple(items), Value::Dict(extra)]),
    ]))
}
