//! `array`: compact arrays of C numbers (CPython's `Modules/arraymodule.c`, written anew).
//!
//! An array object is an `Opaque` of class `array.array` holding an `ArrayObj`: its typecode
//! and its items as raw bytes in native (little-endian on our targets) order, `itemsize` bytes
//! per item. Keeping raw bytes makes `tobytes`/`frombytes`/`byteswap`/slicing plain byte
//! operations; items become Python values only when read (`item`) and are checked and encoded
//! when stored (`encode`), with CPython's range and type errors.
//!
//! Invariant: `data.len()` is always a multiple of the typecode's item size, so every index
//! below `len()` addresses a whole item. No borrow of an array's data is held while Python
//! code runs (item comparisons, `__index__`, iteration of an initializer): values are decoded
//! or copied out first.
//!
//! Subclass instances carry the `Opaque` as their builtin payload. Results of slicing, `+`
//! and `*` are plain `array.array`, as in CPython.
//!
//! Arrays export their bytes, read-only and copied, to every bytes-like argument (`bytes(a)`,
//! `struct`, hashing) through interp's buffer-reader hook (`exported`).
//!
//! Known differences: no `memoryview(a)` (memoryview only views bytes and bytearray), so
//! no writable buffer; array iterators are not picklable; `_array_reconstructor` is a Python
//! function wrapping the native (natives do not pickle by reference yet); the bad-typecode
//! message lists `w`, as CPython 3.14 does (3.13 omits it).

use std::cell::RefCell;
use std::rc::Rc;

use num_traits::{Signed, ToPrimitive};
use rupy_interp::builtins::args::{add_fn, add_getter, add_method, arity, no_kwargs};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{
    Class, Instance, KwArgs, Opaque, Payload, PyDict, PyErr, PyResult, PySlice, PyStr, Value, Vm,
};

use crate::support::buffer;

const TYPECODES: &str = "bBuwhHiIlLqQfd";
const BAD_TYPECODE: &str = "bad typecode (must be b, B, u, w, h, H, i, I, l, L, q, Q, f or d)";

struct ArrayObj {
    code: u8,
    data: Vec<u8>,
}

fn itemsize(code: u8) -> usize {
    match code {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' | b'u' | b'w' => 4,
        _ => 8,
    }
}

fn is_unicode(code: u8) -> bool {
    code == b'u' || code == b'w'
}

#[derive(Default)]
struct ArrayState {
    classes: RefCell<Option<(Rc<Class>, Rc<Class>)>>,
}

/// Arrays export their bytes to every bytes-like argument (`bytes(a)`, hashing, `struct`).
static EXPORT: std::sync::Once = std::sync::Once::new();

fn exported(v: &Value) -> Option<Vec<u8>> {
    snapshot(v).map(|(_, d)| d)
}

const RECONSTRUCTOR_SRC: &str = "\
def _make(r):
    def _array_reconstructor(arraytype, typecode, mformat_code, items, /):
        return r(arraytype, typecode, mformat_code, items)
    _array_reconstructor.__qualname__ = '_array_reconstructor'
    return _array_reconstructor
_array_reconstructor = _make(_r)
del _make, _r
";

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    EXPORT.call_once(|| rupy_interp::types::bytes::register_buffer_reader(exported));
    let (cls, _) = classes(vm);
    d.set_s("array", Value::Class(cls.clone()));
    d.set_s("ArrayType", Value::Class(cls));
    d.set_s("typecodes", Value::str(TYPECODES));
    // A Python-level function, so that `pickle` saves it by reference (`array.
    // _array_reconstructor`) as it does CPython's builtin: our natives do not pickle.
    add_fn(d, "_r", reconstructor);
    rupy_interp::import::exec_source_in(vm, RECONSTRUCTOR_SRC, "array", d)?;
    Ok(())
}

fn classes(vm: &mut Vm) -> (Rc<Class>, Rc<Class>) {
    let st = vm.shared_state::<ArrayState>();
    if let Some(c) = st.classes.borrow().clone() {
        return c;
    }
    let cls = rupy_objects::vm::derived("array", &vm.object);
    cls.dict().set_s("__module__", Value::str("array"));
    let methods: [(&'static str, rupy_objects::NativeFn); 45] = [
        ("__new__", array_new),
        ("append", append),
        ("extend", extend),
        ("insert", insert),
        ("pop", pop),
        ("remove", remove),
        ("index", index),
        ("count", count),
        ("reverse", reverse),
        ("buffer_info", buffer_info),
        ("byteswap", byteswap),
        ("frombytes", frombytes),
        ("tobytes", tobytes),
        ("fromlist", fromlist),
        ("tolist", tolist),
        ("fromunicode", fromunicode),
        ("tounicode", tounicode),
        ("fromfile", fromfile),
        ("tofile", tofile),
        ("__len__", len),
        ("__contains__", contains),
        ("__iter__", iter),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__delitem__", delitem),
        ("__repr__", repr),
        ("__eq__", |vm, a, _| compare(vm, a, CmpOp::Eq)),
        ("__ne__", |vm, a, _| compare(vm, a, CmpOp::Ne)),
        ("__lt__", |vm, a, _| compare(vm, a, CmpOp::Lt)),
        ("__le__", |vm, a, _| compare(vm, a, CmpOp::Le)),
        ("__gt__", |vm, a, _| compare(vm, a, CmpOp::Gt)),
        ("__ge__", |vm, a, _| compare(vm, a, CmpOp::Ge)),
        ("__add__", add),
        ("__iadd__", iadd),
        ("__mul__", mul),
        ("__rmul__", mul),
        ("__imul__", imul),
        ("__copy__", copy),
        ("__deepcopy__", copy),
        ("__reduce_ex__", reduce_ex),
        ("__sizeof__", sizeof),
        ("__bool__", |vm, a, _| {
            let n = with(vm, a, "__bool__", |o| o.data.len())?;
            Ok(Value::bool(n != 0))
        }),
        ("__init__", |_, _, _| Ok(Value::None)),
        ("__str__", repr),
        ("__format__", |vm, a, _| {
            let s = repr(vm, a, &Vec::new())?;
            Ok(s)
        }),
    ];
    for (name, f) in methods {
        add_method(&cls, "array", name, f);
    }
    cls.dict().set_s("__hash__", Value::None);
    add_getter(&cls, "array", "typecode", |vm, a, _| {
        let c = with(vm, a, "typecode", |o| o.code)?;
        Ok(Value::str(&(c as char).to_string()))
    });
    add_getter(&cls, "array", "itemsize", |vm, a, _| {
        let c = with(vm, a, "itemsize", |o| o.code)?;
        Ok(Value::Int(itemsize(c) as i64))
    });
    rupy_interp::types::generic_alias::add_class_getitem(&cls);
    let it = rupy_objects::vm::derived("arrayiterator", &vm.object);
    it.dict().set_s("__module__", Value::str("array"));
    add_method(&it, "arrayiterator", "__iter__", |_, args, _| {
        Ok(args.first().cloned().unwrap_or(Value::None))
    });
    add_method(&it, "arrayiterator", "__next__", iter_next);
    let both = (cls, it);
    *st.classes.borrow_mut() = Some(both.clone());
    both
}

// ---- reaching the object ----

fn opaque_of(v: &Value) -> Option<Rc<Opaque>> {
    let o = match v {
        Value::Opaque(o) => o.clone(),
        Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v)? {
            Value::Opaque(o) => o,
            _ => return None,
        },
        _ => return None,
    };
    let ok = o.data.borrow().is::<ArrayObj>();
    ok.then_some(o)
}

fn descr_error(vm: &mut Vm, args: &[Value], name: &str) -> PyErr {
    let t = match args.first() {
        Some(v) => ops::type_name(vm, v),
        None => "nothing".to_owned(),
    };
    vm.type_error(format!(
        "descriptor '{}' for 'array.array' objects doesn't apply to a '{}' object",
        name, t
    ))
}

/// Run `f` on the receiver's array (args[0]).
fn with<T>(
    vm: &mut Vm,
    args: &[Value],
    name: &str,
    f: impl FnOnce(&mut ArrayObj) -> T,
) -> PyResult<T> {
    if let Some(o) = args.first().and_then(opaque_of)
        && let Some(a) = o.data.borrow_mut().downcast_mut::<ArrayObj>()
    {
        return Ok(f(a));
    }
    Err(descr_error(vm, args, name))
}

/// Typecode and a copy of the bytes of an array value, or None when it is not an array.
fn snapshot(v: &Value) -> Option<(u8, Vec<u8>)> {
    let o = opaque_of(v)?;
    let b = o.data.borrow();
    let a = b.downcast_ref::<ArrayObj>()?;
    Some((a.code, a.data.clone()))
}

/// The byte length of an array value (None for other values): the size `readinto` fills.
pub(crate) fn byte_len(v: &Value) -> Option<usize> {
    let o = opaque_of(v)?;
    let b = o.data.borrow();
    b.downcast_ref::<ArrayObj>().map(|a| a.data.len())
}

/// Overwrite the first bytes of an array's buffer (`readinto` into an array, as into
/// CPython's writable buffer); false when `v` is not an array. Never changes the length.
pub(crate) fn store_prefix(v: &Value, bytes: &[u8]) -> bool {
    let Some(o) = opaque_of(v) else { return false };
    let mut b = o.data.borrow_mut();
    let Some(a) = b.downcast_mut::<ArrayObj>() else {
        return false;
    };
    let k = bytes.len().min(a.data.len());
    a.data[..k].copy_from_slice(&bytes[..k]);
    true
}

fn new_array(vm: &mut Vm, code: u8, data: Vec<u8>) -> Value {
    let (cls, _) = classes(vm);
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(ArrayObj { code, data })),
    }))
}

fn memory_error(vm: &Vm) -> PyErr {
    vm.err(ExcKind::MemoryError, "")
}

/// No array grows beyond this many bytes: with no memory budget set and an overcommitting
/// allocator, a reservation of terabytes succeeds and only filling it gets the process
/// killed, so such sizes are refused up front as CPython's failed malloc would be.
const MAX_BYTES: usize = 1 << 40;

/// Room for `bytes` more bytes in `v`, or MemoryError (never an abort).
fn make_room(vm: &Vm, v: &mut Vec<u8>, bytes: usize) -> PyResult<()> {
    vm.reserve(bytes)?;
    if v.len().saturating_add(bytes) > MAX_BYTES {
        return Err(memory_error(vm));
    }
    v.try_reserve(bytes).map_err(|_| memory_error(vm))
}

// ---- items ----

fn item(code: u8, b: &[u8]) -> Value {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    let u = u64::from_le_bytes(w);
    match code {
        b'b' => Value::Int(u as u8 as i8 as i64),
        b'h' => Value::Int(u as u16 as i16 as i64),
        b'i' => Value::Int(u as u32 as i32 as i64),
        b'l' | b'q' => Value::Int(u as i64),
        b'B' | b'H' | b'I' => Value::Int(u as i64),
        b'L' | b'Q' => match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::from_bigint(u.into()),
        },
        b'f' => Value::float(f32::from_bits(u as u32) as f64),
        b'd' => Value::float(f64::from_bits(u)),
        _ => match char::from_u32(u as u32) {
            Some(c) => Value::str(&c.to_string()),
            // Only reachable through frombytes; CPython makes such a str too, we substitute.
            None => Value::str("\u{fffd}"),
        },
    }
}

fn items(code: u8, data: &[u8]) -> Vec<Value> {
    data.chunks_exact(itemsize(code))
        .map(|c| item(code, c))
        .collect()
}

fn overflow(vm: &Vm, msg: &str) -> PyErr {
    vm.err(ExcKind::OverflowError, msg)
}

/// The native bytes of `v` stored as an item of typecode `code`, or CPython's error.
fn encode(vm: &mut Vm, code: u8, v: &Value) -> PyResult<[u8; 8]> {
    let n = itemsize(code);
    let mut out = [0u8; 8];
    match code {
        b'f' => {
            let x = ops::to_f64(vm, v)?;
            out[..4].copy_from_slice(&(x as f32).to_bits().to_le_bytes());
            return Ok(out);
        }
        b'd' => {
            let x = ops::to_f64(vm, v)?;
            return Ok(x.to_bits().to_le_bytes());
        }
        b'u' | b'w' => {
            if let Some(s) = rupy_interp::types::str::str_of(v) {
                let mut cs = s.as_str().chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    out[..4].copy_from_slice(&(c as u32).to_le_bytes());
                    return Ok(out);
                }
            }
            return Err(vm.type_error("array item must be unicode character"));
        }
        _ => {}
    }
    let iv = ops::to_index(vm, v)?;
    let (x, neg): (Option<i128>, bool) = match &iv {
        Value::Int(i) => (Some(*i as i128), *i < 0),
        Value::Bool(b) => (Some(b.get() as i128), false),
        Value::BigInt(b) => (b.to_i128(), b.is_negative()),
        _ => (None, false),
    };
    let in_i64 = x.filter(|x| i64::try_from(*x).is_ok());
    let in_u64 = x.filter(|x| u64::try_from(*x).is_ok());
    let small = |vm: &Vm, lo: i128, hi: i128, what: &str| -> PyResult<i128> {
        let Some(x) = in_i64 else {
            return Err(overflow(vm, "Python int too large to convert to C long"));
        };
        if x > hi {
            Err(overflow(vm, &format!("{} is greater than maximum", what)))
        } else if x < lo {
            Err(overflow(vm, &format!("{} is less than minimum", what)))
        } else {
            Ok(x)
        }
    };
    let val: i128 = match code {
        b'b' => small(vm, -128, 127, "signed char")?,
        b'B' => small(vm, 0, 255, "unsigned byte integer")?,
        b'h' => small(vm, -32768, 32767, "signed short integer")?,
        b'H' => small(vm, 0, 65535, "unsigned short")?,
        b'i' => small(vm, i32::MIN as i128, i32::MAX as i128, "signed integer")?,
        b'l' => in_i64.ok_or_else(|| overflow(vm, "Python int too large to convert to C long"))?,
        b'q' => in_i64.ok_or_else(|| overflow(vm, "int too big to convert"))?,
        b'I' | b'L' => {
            if neg {
                return Err(overflow(vm, "can't convert negative value to unsigned int"));
            }
            let x = in_u64.ok_or_else(|| {
                overflow(vm, "Python int too large to convert to C unsigned long")
            })?;
            if code == b'I' && x > u32::MAX as i128 {
                return Err(overflow(vm, "unsigned int is greater than maximum"));
            }
            x
        }
        _ => {
            if neg {
                return Err(overflow(vm, "can't convert negative int to unsigned"));
            }
            in_u64.ok_or_else(|| overflow(vm, "int too big to convert"))?
        }
    };
    out[..n].copy_from_slice(&(val as u64).to_le_bytes()[..n]);
    Ok(out)
}

/// Encode every value, appending to a fresh byte vector (no array borrowed meanwhile).
fn encode_all(vm: &mut Vm, code: u8, vals: &[Value]) -> PyResult<Vec<u8>> {
    let n = itemsize(code);
    let mut out = Vec::new();
    make_room(vm, &mut out, vals.len().saturating_mul(n))?;
    for v in vals {
        out.extend_from_slice(&encode(vm, code, v)?[..n]);
    }
    Ok(out)
}

fn push_bytes(vm: &mut Vm, args: &[Value], name: &str, bytes: &[u8]) -> PyResult<()> {
    let o = args.first().and_then(opaque_of);
    let Some(o) = o else {
        return Err(descr_error(vm, args, name));
    };
    let mut b = o.data.borrow_mut();
    let Some(a) = b.downcast_mut::<ArrayObj>() else {
        return Err(descr_error(vm, args, name));
    };
    make_room(vm, &mut a.data, bytes.len())?;
    a.data.extend_from_slice(bytes);
    Ok(())
}

// ---- construction ----

fn array_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (base, _) = classes(vm);
    if !kw.is_empty() && matches!(args.first(), Some(Value::Class(c)) if Rc::ptr_eq(c, &base)) {
        return Err(vm.type_error("array.array() takes no keyword arguments"));
    }
    let rest = args.get(1..).unwrap_or(&[]);
    if rest.is_empty() || rest.len() > 2 {
        return Err(vm.type_error(format!(
            "array() takes at most 2 arguments ({} given)",
            rest.len()
        )));
    }
    let tc = &rest[0];
    let code = match rupy_interp::types::str::str_of(tc) {
        Some(s) if s.as_str().chars().count() == 1 => {
            let c = s.as_str().chars().next().unwrap_or(' ');
            if c.is_ascii() && TYPECODES.as_bytes().contains(&(c as u8)) {
                c as u8
            } else {
                return Err(vm.value_error(BAD_TYPECODE));
            }
        }
        Some(_) => {
            return Err(vm.type_error("array() argument 1 must be a unicode character, not str"));
        }
        None => {
            let t = ops::type_name(vm, tc);
            return Err(vm.type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                t
            )));
        }
    };
    if code == b'u' {
        warn_u(vm)?;
    }
    let data = match rest.get(1) {
        None => Vec::new(),
        Some(init) => initial_data(vm, code, init)?,
    };
    let obj = new_array(vm, code, data);
    match args.first() {
        Some(Value::Class(cls)) if !Rc::ptr_eq(cls, &base) && cls.is_subclass(&base) => {
            Ok(Value::new_instance(Instance::new(
                cls.clone(),
                Payload::Value(RefCell::new(obj)),
            )))
        }
        _ => Ok(obj),
    }
}

/// CPython 3.13's DeprecationWarning for the `'u'` typecode, through `warnings.warn` (so
/// filters apply and `-W error` makes it an exception). Without a usable `warnings` module
/// the warning is skipped.
fn warn_u(vm: &mut Vm) -> PyResult<()> {
    let Ok((_, warnings)) = rupy_interp::import::import_module(vm, "warnings") else {
        return Ok(());
    };
    let Ok(warn) = ops::getattr(vm, &warnings, &Rc::new(PyStr::new("warn"))) else {
        return Ok(());
    };
    let category = Value::Class(vm.exc(ExcKind::DeprecationWarning));
    let msg = Value::str("The 'u' type code is deprecated and will be removed in Python 3.16");
    call_value(vm, &warn, &[msg, category, Value::Int(1)], &[])?;
    Ok(())
}

fn initial_data(vm: &mut Vm, code: u8, init: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = rupy_interp::types::str::str_of(init) {
        if !is_unicode(code) {
            return Err(vm.type_error(format!(
                "cannot use a str to initialize an array with typecode '{}'",
                code as char
            )));
        }
        return Ok(unicode_bytes(&s));
    }
    if let Some((c2, d2)) = snapshot(init) {
        if is_unicode(c2) && !is_unicode(code) {
            return Err(vm.type_error(format!(
                "cannot use a unicode array to initialize an array with typecode '{}'",
                code as char
            )));
        }
        if c2 == code {
            return Ok(d2);
        }
        return encode_all(vm, code, &items(c2, &d2));
    }
    if matches!(init, Value::Bytes(_) | Value::ByteArray(_)) {
        let b = buffer(vm, init)?;
        if b.len() % itemsize(code) != 0 {
            return Err(vm.value_error("bytes length not a multiple of item size"));
        }
        return Ok(b.to_vec());
    }
    if let Value::List(l) = init {
        let vals = l.borrow().clone();
        return encode_all(vm, code, &vals);
    }
    if let Value::Tuple(t) = init {
        return encode_all(vm, code, t);
    }
    // Any other iterable is encoded item by item (no list of values in between), within the
    // memory budget and interruptibly: `array('b', range(10**12))` must not abort.
    let it = ops::get_iter(vm, init)?;
    let n = itemsize(code);
    let mut out = Vec::new();
    let mut steps = 0u32;
    while let Some(v) = ops::next(vm, &it)? {
        let b = encode(vm, code, &v)?;
        if out.len() + n > out.capacity() {
            let more = out.len().max(n * 8);
            make_room(vm, &mut out, more)?;
        }
        out.extend_from_slice(&b[..n]);
        steps += 1;
        if steps.is_multiple_of(4096) {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
    Ok(out)
}

fn unicode_bytes(s: &PyStr) -> Vec<u8> {
    s.as_str()
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect()
}

// ---- methods ----

fn code_of(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<u8> {
    with(vm, args, name, |a| a.code)
}

fn len_of(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<usize> {
    with(vm, args, name, |a| a.data.len() / itemsize(a.code))
}

fn append(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "append", kw)?;
    let code = code_of(vm, args, "append")?;
    arity(vm, "append", &args[1..], 1, 1)?;
    let b = encode(vm, code, &args[1])?;
    push_bytes(vm, args, "append", &b[..itemsize(code)])?;
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "extend", kw)?;
    let code = code_of(vm, args, "extend")?;
    arity(vm, "extend", &args[1..], 1, 1)?;
    extend_with(vm, args, code, &args[1])?;
    Ok(Value::None)
}

fn extend_with(vm: &mut Vm, args: &[Value], code: u8, other: &Value) -> PyResult<()> {
    if let Some((c2, d2)) = snapshot(other) {
        if c2 != code {
            return Err(vm.type_error("can only extend with array of same kind"));
        }
        return push_bytes(vm, args, "extend", &d2);
    }
    let it = ops::get_iter(vm, other)?;
    let n = itemsize(code);
    let mut steps = 0u32;
    while let Some(v) = ops::next(vm, &it)? {
        let b = encode(vm, code, &v)?;
        push_bytes(vm, args, "extend", &b[..n])?;
        steps += 1;
        if steps.is_multiple_of(4096) {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
    Ok(())
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match ops::to_index(vm, v)? {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b.get() as i64),
        Value::BigInt(b) => Ok(if b.is_negative() { i64::MIN } else { i64::MAX }),
        _ => Ok(0),
    }
}

/// An index-sized int: OverflowError beyond i64, as CPython's `Py_ssize_t` conversion.
fn size_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match ops::to_index(vm, v)? {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b.get() as i64),
        _ => Err(overflow(vm, "cannot fit 'int' into an index-sized integer")),
    }
}

fn insert(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "insert", kw)?;
    let code = code_of(vm, args, "insert")?;
    if args.len() != 3 {
        return Err(vm.type_error(format!(
            "insert expected 2 arguments, got {}",
            args.len() - 1
        )));
    }
    let i = int_arg(vm, &args[1])?;
    let b = encode(vm, code, &args[2])?;
    let n = itemsize(code);
    let room = with(vm, args, "insert", |a| a.data.try_reserve(n).is_ok())?;
    if !room {
        return Err(memory_error(vm));
    }
    with(vm, args, "insert", |a| {
        let len = (a.data.len() / n) as i64;
        let mut i = if i < 0 {
            i.saturating_add(len).max(0)
        } else {
            i
        };
        i = i.min(len);
        let at = i as usize * n;
        a.data.splice(at..at, b[..n].iter().copied());
    })?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "pop", kw)?;
    let len = len_of(vm, args, "pop")? as i64;
    arity(vm, "pop", &args[1..], 0, 1)?;
    let i = match args.get(1) {
        Some(v) => int_arg(vm, v)?,
        None => -1,
    };
    if len == 0 {
        return Err(vm.err(ExcKind::IndexError, "pop from empty array"));
    }
    let i = if i < 0 { i.saturating_add(len) } else { i };
    if i < 0 || i >= len {
        return Err(vm.err(ExcKind::IndexError, "pop index out of range"));
    }
    with(vm, args, "pop", |a| {
        let n = itemsize(a.code);
        let at = i as usize * n;
        let v = item(a.code, &a.data[at..at + n]);
        a.data.drain(at..at + n);
        v
    })
}

/// The position of the first item equal to `x` in `[start, stop)`.
fn find(
    vm: &mut Vm,
    args: &[Value],
    name: &str,
    x: &Value,
    start: i64,
    stop: i64,
) -> PyResult<Option<usize>> {
    let (code, data) = with(vm, args, name, |a| (a.code, a.data.clone()))?;
    let vals = items(code, &data);
    let len = vals.len() as i64;
    let norm = |i: i64| {
        if i < 0 {
            (i.saturating_add(len)).max(0)
        } else {
            i.min(len)
        }
    };
    let (s, e) = (norm(start), norm(stop));
    for i in s..e {
        if ops::eq(vm, &vals[i as usize], x)? {
            return Ok(Some(i as usize));
        }
    }
    Ok(None)
}

fn remove(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "remove", kw)?;
    code_of(vm, args, "remove")?;
    arity(vm, "remove", &args[1..], 1, 1)?;
    match find(vm, args, "remove", &args[1], 0, i64::MAX)? {
        Some(i) => {
            with(vm, args, "remove", |a| {
                let n = itemsize(a.code);
                if (i + 1) * n <= a.data.len() {
                    a.data.drain(i * n..(i + 1) * n);
                }
            })?;
            Ok(Value::None)
        }
        None => Err(vm.value_error("array.remove(x): x not in array")),
    }
}

fn index(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "index", kw)?;
    code_of(vm, args, "index")?;
    arity(vm, "index", &args[1..], 1, 3)?;
    let start = match args.get(2) {
        Some(v) => ops::convert::index_bound(vm, v)?,
        None => 0,
    };
    let stop = match args.get(3) {
        Some(v) => ops::convert::index_bound(vm, v)?,
        None => i64::MAX,
    };
    match find(vm, args, "index", &args[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error("array.index(x): x not in array")),
    }
}

fn count(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "count", kw)?;
    let (code, data) = with(vm, args, "count", |a| (a.code, a.data.clone()))?;
    arity(vm, "count", &args[1..], 1, 1)?;
    let mut k = 0;
    for v in items(code, &data) {
        if ops::eq(vm, &v, &args[1])? {
            k += 1;
        }
    }
    Ok(Value::Int(k))
}

fn contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    code_of(vm, args, "__contains__")?;
    arity(vm, "__contains__", &args[1..], 1, 1)?;
    Ok(Value::bool(
        find(vm, args, "__contains__", &args[1], 0, i64::MAX)?.is_some(),
    ))
}

fn reverse(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "reverse", kw)?;
    arity(vm, "array.reverse", &args[1..], 0, 0)?;
    with(vm, args, "reverse", |a| {
        let n = itemsize(a.code);
        let rev: Vec<u8> = a.data.chunks_exact(n).rev().flatten().copied().collect();
        a.data = rev;
    })?;
    Ok(Value::None)
}

fn buffer_info(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (addr, n) = with(vm, args, "buffer_info", |a| {
        (a.data.as_ptr() as usize, a.data.len() / itemsize(a.code))
    })?;
    Ok(Value::tuple(vec![
        Value::Int(addr as i64),
        Value::Int(n as i64),
    ]))
}

fn byteswap(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    code_of(vm, args, "byteswap")?;
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "array.byteswap() takes no arguments ({} given)",
            args.len() - 1
        )));
    }
    with(vm, args, "byteswap", |a| {
        let n = itemsize(a.code);
        a.data.chunks_exact_mut(n).for_each(|c| c.reverse());
    })?;
    Ok(Value::None)
}

fn frombytes(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let code = code_of(vm, args, "frombytes")?;
    arity(vm, "frombytes", &args[1..], 1, 1)?;
    let b = buffer(vm, &args[1])?;
    if b.len() % itemsize(code) != 0 {
        return Err(vm.value_error("bytes length not a multiple of item size"));
    }
    push_bytes(vm, args, "frombytes", &b)?;
    Ok(Value::None)
}

fn tobytes(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = with(vm, args, "tobytes", |a| a.data.clone())?;
    Ok(Value::Bytes(Rc::new(d)))
}

fn fromlist(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let code = code_of(vm, args, "fromlist")?;
    arity(vm, "fromlist", &args[1..], 1, 1)?;
    let vals = match &args[1] {
        Value::List(l) => l.borrow().clone(),
        v => match rupy_interp::types::unwrap_builtin(v) {
            Some(Value::List(l)) => l.borrow().clone(),
            _ => return Err(vm.type_error("arg must be list")),
        },
    };
    let b = encode_all(vm, code, &vals)?;
    push_bytes(vm, args, "fromlist", &b)?;
    Ok(Value::None)
}

fn tolist(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, data) = with(vm, args, "tolist", |a| (a.code, a.data.clone()))?;
    Ok(ops::new_list(items(code, &data)))
}

fn fromunicode(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let code = code_of(vm, args, "fromunicode")?;
    arity(vm, "fromunicode", &args[1..], 1, 1)?;
    let Some(s) = rupy_interp::types::str::str_of(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("fromunicode() argument must be str, not {}", t)));
    };
    if !is_unicode(code) {
        return Err(
            vm.value_error("fromunicode() may only be called on unicode type arrays ('u' or 'w')")
        );
    }
    push_bytes(vm, args, "fromunicode", &unicode_bytes(&s))?;
    Ok(Value::None)
}

fn tounicode(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, data) = with(vm, args, "tounicode", |a| (a.code, a.data.clone()))?;
    if !is_unicode(code) {
        return Err(
            vm.value_error("tounicode() may only be called on unicode type arrays ('u' or 'w')")
        );
    }
    let mut s = String::new();
    for c in data.chunks_exact(4) {
        let u = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        match char::from_u32(u) {
            Some(ch) => s.push(ch),
            None => {
                return Err(vm.value_error(format!(
                    "character U+{:x} is not in range [U+0000; U+10ffff]",
                    u
                )));
            }
        }
    }
    Ok(Value::str(&s))
}

fn fromfile(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let code = code_of(vm, args, "fromfile")?;
    arity(vm, "fromfile", &args[1..], 2, 2)?;
    let n = int_arg(vm, &args[2])?;
    if n < 0 {
        return Err(vm.value_error("negative count"));
    }
    let want = (n as u64).saturating_mul(itemsize(code) as u64);
    let read = ops::getattr(vm, &args[1], &Rc::new(PyStr::new("read")))?;
    let got = call_value(
        vm,
        &read,
        &[Value::Int(want.min(i64::MAX as u64) as i64)],
        &[],
    )?;
    let Value::Bytes(b) = got else {
        return Err(vm.type_error("read() didn't return bytes"));
    };
    let whole = b.len() - b.len() % itemsize(code);
    push_bytes(vm, args, "fromfile", &b[..whole])?;
    if (b.len() as u64) < want {
        return Err(vm.err(ExcKind::EOFError, "read() didn't return enough bytes"));
    }
    Ok(Value::None)
}

fn tofile(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let d = with(vm, args, "tofile", |a| a.data.clone())?;
    arity(vm, "tofile", &args[1..], 1, 1)?;
    let write = ops::getattr(vm, &args[1], &Rc::new(PyStr::new("write")))?;
    // CPython writes in 64 KiB blocks.
    for chunk in d.chunks(64 * 1024) {
        call_value(vm, &write, &[Value::Bytes(Rc::new(chunk.to_vec()))], &[])?;
    }
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(len_of(vm, args, "__len__")? as i64))
}

fn sizeof(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let n = with(vm, args, "__sizeof__", |a| a.data.capacity())?;
    Ok(Value::Int(64 + n as i64))
}

// ---- indexing ----

enum Key {
    Index(i64),
    Slice(Rc<PySlice>),
}

fn key_of(vm: &mut Vm, k: &Value, err: &str) -> PyResult<Key> {
    match k {
        Value::Slice(s) => Ok(Key::Slice(s.clone())),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => Ok(Key::Index(ops::index_of(vm, k)?)),
        _ if ops::lookup_special(vm, k, "__index__").is_some() => {
            Ok(Key::Index(ops::index_of(vm, k)?))
        }
        _ => Err(vm.type_error(err.to_owned())),
    }
}

fn positions(start: i64, stop: i64, step: i64) -> Vec<usize> {
    ops::subscr::slice_positions(start, stop, step)
}

fn getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, len) = with(vm, args, "__getitem__", |a| {
        (a.code, a.data.len() / itemsize(a.code))
    })?;
    arity(vm, "__getitem__", &args[1..], 1, 1)?;
    let n = itemsize(code);
    match key_of(vm, &args[1], "array indices must be integers")? {
        Key::Index(i) => {
            let i = if i < 0 {
                i.saturating_add(len as i64)
            } else {
                i
            };
            if i < 0 || i >= len as i64 {
                return Err(vm.err(ExcKind::IndexError, "array index out of range"));
            }
            let i = i as usize;
            with(vm, args, "__getitem__", |a| {
                item(code, &a.data[i * n..(i + 1) * n])
            })
        }
        Key::Slice(s) => {
            let (a0, b0, st) = ops::subscr::slice_indices(vm, &s, len as i64)?;
            let data = with(vm, args, "__getitem__", |a| {
                let mut out = Vec::new();
                for p in positions(a0, b0, st) {
                    out.extend_from_slice(&a.data[p * n..(p + 1) * n]);
                }
                out
            })?;
            Ok(new_array(vm, code, data))
        }
    }
}

fn setitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, len) = with(vm, args, "__setitem__", |a| {
        (a.code, a.data.len() / itemsize(a.code))
    })?;
    arity(vm, "__setitem__", &args[1..], 2, 2)?;
    let n = itemsize(code);
    match key_of(vm, &args[1], "array indices must be integers")? {
        Key::Index(i) => {
            let i = if i < 0 {
                i.saturating_add(len as i64)
            } else {
                i
            };
            if i < 0 || i >= len as i64 {
                return Err(vm.err(ExcKind::IndexError, "array assignment index out of range"));
            }
            let b = encode(vm, code, &args[2])?;
            let i = i as usize;
            with(vm, args, "__setitem__", |a| {
                if (i + 1) * n <= a.data.len() {
                    a.data[i * n..(i + 1) * n].copy_from_slice(&b[..n]);
                }
            })?;
            Ok(Value::None)
        }
        Key::Slice(s) => {
            let Some((c2, d2)) = snapshot(&args[2]) else {
                let t = ops::type_name(vm, &args[2]);
                return Err(vm.type_error(format!(
                    "can only assign array (not \"{}\") to array slice",
                    t
                )));
            };
            if c2 != code {
                return Err(vm.type_error("bad argument type for built-in operation"));
            }
            let (a0, b0, st) = ops::subscr::slice_indices(vm, &s, len as i64)?;
            if st == 1 {
                let lo = a0 as usize;
                let hi = (b0.max(a0)) as usize;
                with(vm, args, "__setitem__", |a| {
                    a.data.splice(lo * n..hi * n, d2.iter().copied());
                })?;
                return Ok(Value::None);
            }
            let ps = positions(a0, b0, st);
            if ps.len() * n != d2.len() {
                return Err(vm.value_error(format!(
                    "attempt to assign array of size {} to extended slice of size {}",
                    d2.len() / n,
                    ps.len()
                )));
            }
            with(vm, args, "__setitem__", |a| {
                for (k, p) in ps.iter().enumerate() {
                    a.data[p * n..(p + 1) * n].copy_from_slice(&d2[k * n..(k + 1) * n]);
                }
            })?;
            Ok(Value::None)
        }
    }
}

fn delitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, len) = with(vm, args, "__delitem__", |a| {
        (a.code, a.data.len() / itemsize(a.code))
    })?;
    arity(vm, "__delitem__", &args[1..], 1, 1)?;
    let n = itemsize(code);
    match key_of(vm, &args[1], "array indices must be integers")? {
        Key::Index(i) => {
            let i = if i < 0 {
                i.saturating_add(len as i64)
            } else {
                i
            };
            if i < 0 || i >= len as i64 {
                return Err(vm.err(ExcKind::IndexError, "array assignment index out of range"));
            }
            let i = i as usize;
            with(vm, args, "__delitem__", |a| {
                a.data.drain(i * n..(i + 1) * n);
            })?;
        }
        Key::Slice(s) => {
            let (a0, b0, st) = ops::subscr::slice_indices(vm, &s, len as i64)?;
            let mut gone = vec![false; len];
            for p in positions(a0, b0, st) {
                gone[p] = true;
            }
            with(vm, args, "__delitem__", |a| {
                let kept: Vec<u8> = a
                    .data
                    .chunks_exact(n)
                    .zip(&gone)
                    .filter(|(_, g)| !**g)
                    .flat_map(|(c, _)| c.iter().copied())
                    .collect();
                a.data = kept;
            })?;
        }
    }
    Ok(Value::None)
}

// ---- iteration ----

struct ArrayIter {
    arr: Option<Value>,
    pos: usize,
}

fn iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    code_of(vm, args, "__iter__")?;
    let (_, it) = classes(vm);
    Ok(Value::Opaque(Rc::new(Opaque {
        class: it,
        data: RefCell::new(Box::new(ArrayIter {
            arr: Some(args[0].clone()),
            pos: 0,
        })),
    })))
}

fn iter_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("descriptor '__next__' requires an 'arrayiterator' object"));
    };
    let (arr, pos) = match o.data.borrow().downcast_ref::<ArrayIter>() {
        Some(it) => (it.arr.clone(), it.pos),
        None => {
            return Err(vm.type_error("descriptor '__next__' requires an 'arrayiterator' object"));
        }
    };
    let next = arr.as_ref().and_then(opaque_of).and_then(|a| {
        let b = a.data.borrow();
        let a = b.downcast_ref::<ArrayObj>()?;
        let n = itemsize(a.code);
        a.data.get(pos * n..(pos + 1) * n).map(|c| item(a.code, c))
    });
    if let Some(it) = o.data.borrow_mut().downcast_mut::<ArrayIter>() {
        match next {
            Some(_) => it.pos += 1,
            None => it.arr = None,
        }
    }
    match next {
        Some(v) => Ok(v),
        None => Err(rupy_interp::builtins::stop_iteration(vm, Value::None)),
    }
}

// ---- repr, comparison, arithmetic ----

fn repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, data) = with(vm, args, "__repr__", |a| (a.code, a.data.clone()))?;
    let name = match &args[0] {
        Value::Instance(i) => i.class().name.borrow().clone(),
        _ => "array".to_owned(),
    };
    if data.is_empty() {
        return Ok(Value::str(&format!("{}('{}')", name, code as char)));
    }
    let body = if is_unicode(code) {
        let s = tounicode(vm, args, &Vec::new())?;
        ops::repr_string(vm, &s)?
    } else {
        let l = ops::new_list(items(code, &data));
        ops::repr_string(vm, &l)?
    };
    Ok(Value::str(&format!(
        "{}('{}', {})",
        name, code as char, body
    )))
}

fn compare(vm: &mut Vm, args: &[Value], op: CmpOp) -> PyResult<Value> {
    let Some((c1, d1)) = args.first().and_then(snapshot) else {
        return Err(descr_error(vm, args, "__eq__"));
    };
    let Some((c2, d2)) = args.get(1).and_then(snapshot) else {
        return Ok(Value::NotImplemented);
    };
    let (n1, n2) = (d1.len() / itemsize(c1), d2.len() / itemsize(c2));
    if n1 != n2 && matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return Ok(Value::bool(op == CmpOp::Ne));
    }
    let (x, y) = (items(c1, &d1), items(c2, &d2));
    for (a, b) in x.iter().zip(&y) {
        if !ops::eq(vm, a, b)? {
            return match op {
                CmpOp::Eq => Ok(Value::bool(false)),
                CmpOp::Ne => Ok(Value::bool(true)),
                _ => ops::compare(vm, op, a, b),
            };
        }
    }
    let o = n1.cmp(&n2);
    Ok(Value::bool(ops::compare::ord_matches(op, o)))
}

fn add(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let code = code_of(vm, args, "__add__")?;
    arity(vm, "__add__", &args[1..], 1, 1)?;
    let Some((c2, d2)) = snapshot(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("can only append array (not \"{}\") to array", t)));
    };
    if c2 != code {
        return Err(vm.type_error("bad argument type for built-in operation"));
    }
    let mut d = with(vm, args, "__add__", |a| a.data.clone())?;
    make_room(vm, &mut d, d2.len())?;
    d.extend_from_slice(&d2);
    Ok(new_array(vm, code, d))
}

fn iadd(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let code = code_of(vm, args, "__iadd__")?;
    arity(vm, "__iadd__", &args[1..], 1, 1)?;
    let Some((c2, d2)) = snapshot(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("can only extend array with array (not \"{}\")", t)));
    };
    if c2 != code {
        return Err(vm.type_error("can only extend with array of same kind"));
    }
    push_bytes(vm, args, "__iadd__", &d2)?;
    Ok(args[0].clone())
}

fn repeated(vm: &mut Vm, data: &[u8], times: &Value) -> PyResult<Vec<u8>> {
    let k = match times {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => size_arg(vm, times)?,
        _ if ops::lookup_special(vm, times, "__index__").is_some() => size_arg(vm, times)?,
        _ => {
            let t = ops::type_name(vm, times);
            return Err(vm.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                t
            )));
        }
    };
    let k = k.max(0) as u64;
    if data.is_empty() || k == 0 {
        return Ok(Vec::new());
    }
    let total = (data.len() as u64)
        .checked_mul(k)
        .filter(|t| *t <= isize::MAX as u64)
        .ok_or_else(|| memory_error(vm))? as usize;
    let mut out = Vec::new();
    make_room(vm, &mut out, total)?;
    for i in 0..k {
        out.extend_from_slice(data);
        if i % 4096 == 4095 {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
    Ok(out)
}

fn mul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, data) = with(vm, args, "__mul__", |a| (a.code, a.data.clone()))?;
    arity(vm, "__mul__", &args[1..], 1, 1)?;
    let d = repeated(vm, &data, &args[1])?;
    Ok(new_array(vm, code, d))
}

fn imul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let data = with(vm, args, "__imul__", |a| a.data.clone())?;
    arity(vm, "__imul__", &args[1..], 1, 1)?;
    let d = repeated(vm, &data, &args[1])?;
    with(vm, args, "__imul__", |a| a.data = d)?;
    Ok(args[0].clone())
}

fn copy(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, data) = with(vm, args, "__copy__", |a| (a.code, a.data.clone()))?;
    Ok(new_array(vm, code, data))
}

/// CPython's machine format code of a typecode's native layout (little-endian, LP64).
fn mformat(code: u8) -> i64 {
    match code {
        b'B' => 0,
        b'b' => 1,
        b'H' => 2,
        b'h' => 4,
        b'I' => 6,
        b'i' => 8,
        b'L' | b'Q' => 10,
        b'l' | b'q' => 12,
        b'f' => 14,
        b'd' => 16,
        _ => 20,
    }
}

/// `__reduce_ex__(protocol)`: `(cls, (typecode, list), state)` below protocol 3, else
/// `(_array_reconstructor, (cls, typecode, mformat_code, bytes), state)`, as CPython.
fn reduce_ex(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (code, data) = with(vm, args, "__reduce_ex__", |a| (a.code, a.data.clone()))?;
    arity(vm, "__reduce_ex__", &args[1..], 1, 1)?;
    let protocol = int_arg(vm, &args[1])?;
    let cls = match &args[0] {
        Value::Instance(i) => Value::Class(i.class().clone()),
        _ => Value::Class(classes(vm).0),
    };
    let state = match &args[0] {
        Value::Instance(_) => {
            ops::getattr(vm, &args[0], &Rc::new(PyStr::new("__dict__"))).unwrap_or(Value::None)
        }
        _ => Value::None,
    };
    let tc = Value::str(&(code as char).to_string());
    if protocol < 3 {
        let list = ops::new_list(items(code, &data));
        return Ok(Value::tuple(vec![cls, Value::tuple(vec![tc, list]), state]));
    }
    let module = rupy_interp::import::import_module(vm, "array")?.1;
    let recon = ops::getattr(vm, &module, &Rc::new(PyStr::new("_array_reconstructor")))?;
    Ok(Value::tuple(vec![
        recon,
        Value::tuple(vec![
            cls,
            tc,
            Value::Int(mformat(code)),
            Value::Bytes(Rc::new(data)),
        ]),
        state,
    ]))
}

/// `_array_reconstructor(arraytype, typecode, mformat_code, items)`: the inverse of the
/// protocol-3 reduction, decoding `items` from any machine format.
fn reconstructor(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "_array_reconstructor", kw)?;
    arity(vm, "_array_reconstructor", args, 4, 4)?;
    let base = classes(vm).0;
    let Value::Class(cls) = &args[0] else {
        let t = ops::type_name(vm, &args[0]);
        return Err(vm.type_error(format!("first argument must be a type object, not {}", t)));
    };
    if !cls.is_subclass(&base) {
        return Err(vm.type_error(format!(
            "{} is not a subtype of array.array",
            cls.name.borrow()
        )));
    }
    let code = match rupy_interp::types::str::str_of(&args[1]) {
        Some(s) if s.as_str().len() == 1 && TYPECODES.contains(s.as_str()) => {
            s.as_str().as_bytes()[0]
        }
        _ => return Err(vm.value_error("second argument must be a valid type code")),
    };
    let mf = match &args[2] {
        Value::Int(i) if (0..=21).contains(i) => *i,
        _ => {
            return Err(vm.value_error("third argument must be a valid machine format code."));
        }
    };
    let Value::Bytes(b) = &args[3] else {
        let t = ops::type_name(vm, &args[3]);
        return Err(vm.type_error(format!("fourth argument should be bytes, not {}", t)));
    };
    if mf == mformat(code) {
        return call_value(vm, &args[0], &[args[1].clone(), args[3].clone()], &[]);
    }
    let init = decode_mformat(vm, mf, b)?;
    // Integers take the last typecode of the format's size and signedness (CPython's
    // table scan), whatever typecode was passed.
    let tc = match mf {
        0 => "B",
        1 => "b",
        2 | 3 => "H",
        4 | 5 => "h",
        6 | 7 => "I",
        8 | 9 => "i",
        10 | 11 => "Q",
        12 | 13 => "q",
        _ => return call_value(vm, &args[0], &[args[1].clone(), init], &[]),
    };
    call_value(vm, &args[0], &[Value::str(tc), init], &[])
}

/// The values of `data` laid out in machine format `mf` (a list, or a str for the UTF codes).
fn decode_mformat(vm: &mut Vm, mf: i64, data: &[u8]) -> PyResult<Value> {
    let big = mf % 2 == 1 && mf >= 2;
    let size: usize = match mf {
        0 | 1 => 1,
        2..=5 | 18 | 19 => 2,
        6..=9 | 14 | 15 | 20 | 21 => 4,
        _ => 8,
    };
    if !data.len().is_multiple_of(size) {
        return Err(vm.value_error("string length not a multiple of item size"));
    }
    let word = |c: &[u8]| -> u64 {
        let mut w = [0u8; 8];
        if big {
            w[..size].copy_from_slice(c);
            w[..size].reverse();
        } else {
            w[..size].copy_from_slice(c);
        }
        u64::from_le_bytes(w)
    };
    let chunks = data.chunks_exact(size);
    if mf >= 18 {
        let units: Vec<u64> = chunks.map(word).collect();
        let text = if size == 2 {
            let u16s: Vec<u16> = units.iter().map(|u| *u as u16).collect();
            String::from_utf16_lossy(&u16s)
        } else {
            units
                .iter()
                .map(|u| char::from_u32(*u as u32).unwrap_or('\u{fffd}'))
                .collect()
        };
        return Ok(Value::str(&text));
    }
    let signed = matches!(mf, 1 | 4 | 5 | 8 | 9 | 12 | 13);
    let vals = chunks
        .map(|c| {
            let u = word(c);
            match mf {
                14 | 15 => Value::float(f32::from_bits(u as u32) as f64),
                16 | 17 => Value::float(f64::from_bits(u)),
                _ if signed => {
                    let bits = 64 - 8 * size as u32;
                    Value::Int(((u << bits) as i64) >> bits)
                }
                _ => match i64::try_from(u) {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::from_bigint(u.into()),
                },
            }
        })
        .collect();
    Ok(ops::new_list(vals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_sizes_and_decoding() {
        assert_eq!(itemsize(b'h'), 2);
        assert_eq!(itemsize(b'w'), 4);
        assert!(matches!(item(b'b', &[0xff]), Value::Int(-1)));
        assert!(matches!(item(b'H', &[0xff, 0xff]), Value::Int(65535)));
    }
}
