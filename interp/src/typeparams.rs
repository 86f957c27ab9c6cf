//! The runtime half of PEP 695 syntax (`def f[T]`, `class C[T]`, `type X = ...`): the eval
//! loop's `TypeParam`, `GenericBase` and `TypeAlias` instructions make their objects through
//! `_typing` (the native module in `rupy_stdlib`), imported by name on first use.

use rupy_objects::code::TypeParamKind;
use rupy_objects::{PyResult, Value, Vm};

use crate::call::call_value;
use crate::ops;

fn typing_attr(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let (_, m) = crate::import::import_module(vm, "_typing")?;
    let n = vm.intern(name);
    ops::getattr(vm, &m, &n)
}

/// `T`, `T: bound`, `T: (A, B)`, `**P` or `*Ts` of a type-parameter list.
pub fn make_type_param(
    vm: &mut Vm,
    kind: TypeParamKind,
    name: Value,
    extra: Option<Value>,
) -> PyResult<Value> {
    let infer = (vm.intern("infer_variance"), Value::bool(true));
    let (cls, args, kw) = match kind {
        TypeParamKind::TypeVar => ("TypeVar", vec![name], vec![infer]),
        TypeParamKind::TypeVarBound => (
            "TypeVar",
            vec![name],
            vec![infer, (vm.intern("bound"), extra.unwrap_or(Value::None))],
        ),
        TypeParamKind::TypeVarConstraints => {
            let mut args = vec![name];
            if let Some(Value::Tuple(t)) = extra {
                args.extend(t.iter().cloned());
            }
            ("TypeVar", args, vec![infer])
        }
        TypeParamKind::ParamSpec => ("ParamSpec", vec![name], vec![infer]),
        TypeParamKind::TypeVarTuple => ("TypeVarTuple", vec![name], vec![]),
    };
    let c = typing_attr(vm, cls)?;
    call_value(vm, &c, &args, &kw)
}

/// `Generic[*params]`, a TypeVarTuple entering unpacked (`*Ts`).
pub fn generic_base(vm: &mut Vm, params: Value) -> PyResult<Value> {
    let generic = typing_attr(vm, "Generic")?;
    let tvt = typing_attr(vm, "TypeVarTuple")?;
    let mut items = Vec::new();
    for p in ops::collect(vm, &params)? {
        if crate::builtins::isinstance(vm, &p, &tvt)? {
            let it = ops::get_iter(vm, &p)?;
            items.push(ops::next(vm, &it)?.unwrap_or(p));
        } else {
            items.push(p);
        }
    }
    ops::getitem(vm, &generic, &Value::tuple(items))
}

/// `type name[params] = <value_fn()>`.
pub fn type_alias(vm: &mut Vm, name: Value, params: Value, value_fn: Value) -> PyResult<Value> {
    let make = typing_attr(vm, "_lazy_type_alias")?;
    call_value(vm, &make, &[name, params, value_fn], &[])
}
