//! `_struct`: packing Python values into C-layout bytes and back (`Lib/struct.py` re-exports
//! it). A format is parsed once into a `Layout` — one `Code` per format letter with its byte
//! offset, item size and repeat count — which `Struct` objects keep and the module functions
//! cache (up to `MAX_CACHE` formats, cleared when full, as CPython does).
//!
//! Sizes, alignment and byte order follow CPython on an LP64 machine: `@` (the default) uses
//! native sizes (`l` is 8 bytes), native order and C alignment; `=`, `<`, `>` and `!` use the
//! standard sizes without alignment, and refuse the native-only codes `n`, `N` and `P`.
//! Out-of-range integers, wrong argument types and wrong buffer sizes raise `struct.error`
//! with CPython's messages; a float too large for `e` (or standard `f`) is `OverflowError`.
//!
//! Invariant: a `Layout`'s `size` is the exact byte length of a packed record and every code's
//! `offset + size * repeat` lies within it, so packing and unpacking never index out of range.

use std::cell::RefCell;
use std::rc::Rc;

use num_traits::ToPrimitive;
use rupy_interp::builtins::args::{add_fn, add_getter, add_method, bind};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{
    Class, Instance, KwArgs, Opaque, Payload, PyDict, PyErr, PyResult, PySlice, PyStr, Value, Vm,
};
use rustc_hash::FxHashMap;

use crate::support::{buffer, check_positional, new_exception_class};

/// How many parsed formats the module functions keep.
const MAX_CACHE: usize = 100;

/// The largest struct size (CPython's `PY_SSIZE_T_MAX`).
const MAX_SIZE: usize = isize::MAX as usize;

const NATIVE_LITTLE: bool = cfg!(target_endian = "little");

/// One format letter with its repeat count, placed in the record.
#[derive(Clone, Copy)]
struct Code {
    ch: u8,
    /// Byte offset of the first item.
    offset: usize,
    /// Bytes per item; for `s` and `p` the whole field (one item).
    size: usize,
    /// Items of this code (1 for `s` and `p`).
    repeat: usize,
}

/// A parsed format.
pub struct Layout {
    codes: Vec<Code>,
    /// Bytes of a packed record.
    size: usize,
    /// Values a record packs or unpacks.
    nitems: usize,
    little: bool,
    /// Native sizes (`@`): `f` converts like a C cast, without an overflow check.
    native: bool,
}

#[derive(Default)]
struct StructState {
    error: RefCell<Option<Rc<Class>>>,
    classes: RefCell<Option<(Rc<Class>, Rc<Class>)>>,
    cache: RefCell<FxHashMap<Vec<u8>, Rc<Layout>>>,
}

/// A `Struct` object.
struct StructObj {
    layout: Rc<Layout>,
    format: Rc<PyStr>,
}

/// An `unpack_iterator`: records still to unpack from a private copy of the buffer.
struct UnpackIter {
    layout: Rc<Layout>,
    data: Rc<Vec<u8>>,
    pos: usize,
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let exc = vm.exc(ExcKind::Exception);
    let error = new_exception_class(vm, "struct", "error", &[exc])?;
    *vm.shared_state::<StructState>().error.borrow_mut() = Some(error.clone());
    d.set_s("error", Value::Class(error));
    let (cls, _) = classes(vm);
    d.set_s("Struct", Value::Class(cls));
    d.set_s(
        "__doc__",
        Value::str("Functions to convert between Python values and C structs."),
    );
    add_fn(d, "pack", mod_pack);
    add_fn(d, "pack_into", mod_pack_into);
    add_fn(d, "unpack", mod_unpack);
    add_fn(d, "unpack_from", mod_unpack_from);
    add_fn(d, "iter_unpack", mod_iter_unpack);
    add_fn(d, "calcsize", mod_calcsize);
    add_fn(d, "_clearcache", |vm, _, _| {
        vm.shared_state::<StructState>().cache.borrow_mut().clear();
        Ok(Value::None)
    });
    Ok(())
}

fn classes(vm: &mut Vm) -> (Rc<Class>, Rc<Class>) {
    let st = vm.shared_state::<StructState>();
    if let Some(c) = st.classes.borrow().clone() {
        return c;
    }
    let cls = rupy_objects::vm::derived("Struct", &vm.object);
    cls.dict().set_s("__module__", Value::str("_struct"));
    add_method(&cls, "Struct", "__new__", struct_new);
    add_method(&cls, "Struct", "__init__", struct_init);
    add_method(&cls, "Struct", "pack", struct_pack);
    add_method(&cls, "Struct", "pack_into", struct_pack_into);
    add_method(&cls, "Struct", "unpack", struct_unpack);
    add_method(&cls, "Struct", "unpack_from", struct_unpack_from);
    add_method(&cls, "Struct", "iter_unpack", struct_iter_unpack);
    add_method(&cls, "Struct", "__repr__", struct_repr);
    add_method(&cls, "Struct", "__sizeof__", |vm, args, _| {
        let s = with_struct(vm, args, "__sizeof__")?;
        Ok(Value::Int(
            (std::mem::size_of::<StructObj>()
                + std::mem::size_of::<Layout>()
                + s.layout.codes.len() * std::mem::size_of::<Code>()) as i64,
        ))
    });
    add_getter(&cls, "Struct", "format", |vm, args, _| {
        Ok(Value::Str(with_struct(vm, args, "format")?.format))
    });
    add_getter(&cls, "Struct", "size", |vm, args, _| {
        Ok(Value::Int(
            with_struct(vm, args, "size")?.layout.size as i64,
        ))
    });
    let it = rupy_objects::vm::derived("unpack_iterator", &vm.object);
    it.dict().set_s("__module__", Value::str("_struct"));
    add_method(&it, "unpack_iterator", "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create '_struct.unpack_iterator' instances"))
    });
    add_method(&it, "unpack_iterator", "__iter__", |_, args, _| {
        Ok(args.first().cloned().unwrap_or(Value::None))
    });
    add_method(&it, "unpack_iterator", "__next__", iter_next);
    add_method(&it, "unpack_iterator", "__length_hint__", |vm, args, _| {
        with_iter(vm, args, |it| {
            Value::Int(((it.data.len() - it.pos) / it.layout.size.max(1)) as i64)
        })
    });
    let both = (cls, it);
    *st.classes.borrow_mut() = Some(both.clone());
    both
}

fn struct_error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    let cls = vm.shared_state::<StructState>().error.borrow().clone();
    PyErr::lazy(cls.unwrap_or_else(|| vm.exc(ExcKind::Exception)), msg)
}

// ---- parsing ----

/// Size and alignment of a code in native (`@`) or standard mode; None for a bad letter.
fn entry(ch: u8, native: bool) -> Option<(usize, usize)> {
    let size = match ch {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => return Some((1, 0)),
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' if native => 8,
        b'l' | b'L' => 4,
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => 8,
        _ => return None,
    };
    Some((size, if native { size } else { 0 }))
}

fn parse(vm: &Vm, fmt: &[u8]) -> PyResult<Layout> {
    if fmt.contains(&0) {
        return Err(struct_error(vm, "embedded null character"));
    }
    let (native, little, body) = match fmt.first() {
        Some(b'<') => (false, true, &fmt[1..]),
        Some(b'>' | b'!') => (false, false, &fmt[1..]),
        Some(b'=') => (false, NATIVE_LITTLE, &fmt[1..]),
        Some(b'@') => (true, NATIVE_LITTLE, &fmt[1..]),
        _ => (true, NATIVE_LITTLE, fmt),
    };
    let too_long = || struct_error(vm, "total struct size too long");
    let mut codes = Vec::new();
    let mut size = 0usize;
    let mut nitems = 0usize;
    let mut i = 0;
    while i < body.len() {
        let mut c = body[i];
        i += 1;
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            continue;
        }
        let mut num = 1usize;
        if c.is_ascii_digit() {
            num = (c - b'0') as usize;
            loop {
                let Some(&d) = body.get(i) else {
                    return Err(struct_error(
                        vm,
                        "repeat count given without format specifier",
                    ));
                };
                i += 1;
                if !d.is_ascii_digit() {
                    c = d;
                    break;
                }
                num = num
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((d - b'0') as usize))
                    .filter(|n| *n <= MAX_SIZE)
                    .ok_or_else(too_long)?;
            }
        }
        let Some((isize_, align)) = entry(c, native) else {
            return Err(struct_error(vm, "bad char in struct format"));
        };
        if align > 1 && size > 0 {
            size = size
                .checked_next_multiple_of(align)
                .filter(|s| *s <= MAX_SIZE)
                .ok_or_else(too_long)?;
        }
        match c {
            b's' | b'p' => {
                codes.push(Code {
                    ch: c,
                    offset: size,
                    size: num,
                    repeat: 1,
                });
                nitems += 1;
                if num > MAX_SIZE - size {
                    return Err(too_long());
                }
                size += num;
            }
            b'x' => {
                if num > MAX_SIZE - size {
                    return Err(too_long());
                }
                size += num;
            }
            _ => {
                if num > (MAX_SIZE - size) / isize_ {
                    return Err(too_long());
                }
                if num > 0 {
                    codes.push(Code {
                        ch: c,
                        offset: size,
                        size: isize_,
                        repeat: num,
                    });
                }
                nitems += num;
                size += num * isize_;
            }
        }
    }
    Ok(Layout {
        codes,
        size,
        nitems,
        little,
        native,
    })
}

/// The format argument as bytes and as the `str` `Struct.format` shows.
fn format_arg(vm: &mut Vm, v: &Value) -> PyResult<(Vec<u8>, Rc<PyStr>)> {
    if let Some(s) = rupy_interp::types::str::str_of(v) {
        let b = rupy_interp::types::bytes::encode_str(vm, s.as_str(), "ascii", "strict")?;
        return Ok((b, s));
    }
    let raw = match v {
        Value::Bytes(b) => Some(b.clone()),
        Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v) {
            Some(Value::Bytes(b)) => Some(b),
            _ => None,
        },
        _ => None,
    };
    match raw {
        Some(b) => {
            let s = String::from_utf8_lossy(&b).into_owned();
            Ok(((*b).clone(), Rc::new(PyStr::from_string(s))))
        }
        None => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!(
                "Struct() argument 1 must be a str or bytes object, not {}",
                t
            )))
        }
    }
}

/// The layout of a module function's format argument, from the cache when possible.
fn cached_layout(vm: &mut Vm, fmt: &Value) -> PyResult<Rc<Layout>> {
    let (bytes, _) = format_arg(vm, fmt)?;
    let st = vm.shared_state::<StructState>();
    if let Some(l) = st.cache.borrow().get(&bytes) {
        return Ok(l.clone());
    }
    let layout = Rc::new(parse(vm, &bytes)?);
    let mut cache = st.cache.borrow_mut();
    if cache.len() >= MAX_CACHE {
        cache.clear();
    }
    cache.insert(bytes, layout.clone());
    Ok(layout)
}

// ---- packing ----

/// An integer argument as i128 (None when it does not fit), with `__index__` for other
/// objects and `struct.error` for non-integers.
fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<Option<i128>> {
    let v = match v {
        Value::Int(i) => return Ok(Some(*i as i128)),
        Value::Bool(b) => return Ok(Some(b.get() as i128)),
        Value::BigInt(b) => return Ok(b.to_i128()),
        Value::Instance(_) if ops::lookup_special(vm, v, "__index__").is_some() => {
            ops::to_index(vm, v)?
        }
        _ => return Err(struct_error(vm, "required argument is not an integer")),
    };
    Ok(match v {
        Value::Int(i) => Some(i as i128),
        Value::Bool(b) => Some(b.get() as i128),
        Value::BigInt(b) => b.to_i128(),
        _ => None,
    })
}

fn range_error(vm: &Vm, ch: u8, size: usize) -> PyErr {
    let bits = 8 * size as u32;
    match ch {
        b'P' => struct_error(vm, "int too large to convert"),
        b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' => struct_error(
            vm,
            format!(
                "'{}' format requires 0 <= number <= {}",
                ch as char,
                u64::MAX >> (64 - bits)
            ),
        ),
        _ => {
            let largest = i64::MAX >> (64 - bits);
            struct_error(
                vm,
                format!(
                    "'{}' format requires {} <= number <= {}",
                    ch as char, !largest, largest
                ),
            )
        }
    }
}

fn put_uint(out: &mut [u8], x: u128, little: bool) {
    let n = out.len();
    let le = x.to_le_bytes();
    if little {
        out.copy_from_slice(&le[..n]);
    } else {
        for (i, b) in out.iter_mut().enumerate() {
            *b = le[n - 1 - i];
        }
    }
}

fn get_uint(data: &[u8], little: bool) -> u64 {
    let mut x = 0u64;
    if little {
        for &b in data.iter().rev() {
            x = (x << 8) | b as u64;
        }
    } else {
        for &b in data {
            x = (x << 8) | b as u64;
        }
    }
    x
}

/// A float argument (anything `float()` of a number accepts); any failure is `struct.error`.
fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(f.get()),
        _ => ops::to_f64(vm, v).map_err(|_| struct_error(vm, "required argument is not a float")),
    }
}

/// IEEE 754 binary16 bits of `x`, rounding half to even; None when `x` is too large.
pub fn half_bits(x: f64) -> Option<u16> {
    let sign = (x.is_sign_negative() as u16) << 15;
    if x == 0.0 {
        return Some(sign);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    // a = m * 2^e with 1 <= m < 2.
    let (mut m, mut e) = frexp(a);
    m *= 2.0;
    e -= 1;
    let mut f;
    if e >= 16 {
        return None;
    } else if e < -25 {
        f = 0.0;
        e = 0;
    } else if e < -14 {
        f = m * 2f64.powi(14 + e);
        e = 0;
    } else {
        e += 15;
        f = m - 1.0;
    }
    f *= 1024.0;
    let mut bits = f as u16;
    let rest = f - bits as f64;
    if rest > 0.5 || (rest == 0.5 && bits % 2 == 1) {
        bits += 1;
        if bits == 1024 {
            bits = 0;
            e += 1;
            if e == 31 {
                return None;
            }
        }
    }
    Some(sign | ((e as u16) << 10) | bits)
}

/// `x = m * 2^e` with `0.5 <= m < 1` for finite, nonzero, positive `x`.
fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

/// The value of binary16 bits.
pub fn half_value(bits: u16) -> f64 {
    let sign = bits >> 15 != 0;
    let e = ((bits >> 10) & 0x1f) as i32;
    let f = (bits & 0x3ff) as f64;
    let x = if e == 0x1f {
        if f == 0.0 { f64::INFINITY } else { f64::NAN }
    } else if e == 0 {
        f / 1024.0 * 2f64.powi(-14)
    } else {
        (1.0 + f / 1024.0) * 2f64.powi(e - 15)
    };
    if sign { -x } else { x }
}

fn pack_one(vm: &mut Vm, l: &Layout, ch: u8, v: &Value, out: &mut [u8]) -> PyResult<()> {
    let little = l.little;
    match ch {
        b'?' => {
            out[0] = ops::truthy(vm, v)? as u8;
        }
        b'c' => {
            let b = match v {
                Value::Bytes(b) if b.len() == 1 => Some(b[0]),
                Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v) {
                    Some(Value::Bytes(b)) if b.len() == 1 => Some(b[0]),
                    _ => None,
                },
                _ => None,
            };
            match b {
                Some(b) => out[0] = b,
                None => {
                    return Err(struct_error(
                        vm,
                        "char format requires a bytes object of length 1",
                    ));
                }
            }
        }
        b'e' => {
            let x = float_arg(vm, v)?;
            let Some(bits) = half_bits(x) else {
                return Err(vm.err(
                    ExcKind::OverflowError,
                    "float too large to pack with e format",
                ));
            };
            put_uint(out, bits as u128, little);
        }
        b'f' => {
            let x = float_arg(vm, v)?;
            let y = x as f32;
            if !l.native && y.is_infinite() && x.is_finite() {
                return Err(vm.err(
                    ExcKind::OverflowError,
                    "float too large to pack with f format",
                ));
            }
            put_uint(out, y.to_bits() as u128, little);
        }
        b'd' => {
            let x = float_arg(vm, v)?;
            put_uint(out, x.to_bits() as u128, little);
        }
        _ => {
            let size = out.len();
            let bits = 8 * size as u32;
            let (lo, hi): (i128, i128) = match ch {
                b'P' => (i64::MIN as i128, u64::MAX as i128),
                b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' => (0, (1i128 << bits) - 1),
                _ => (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1),
            };
            match int_arg(vm, v)? {
                Some(x) if x >= lo && x <= hi => put_uint(out, x as u128, little),
                _ => return Err(range_error(vm, ch, size)),
            }
        }
    }
    Ok(())
}

/// Pack `args` into `out` (zeroed, exactly `l.size` bytes); `what` names the caller in the
/// count message.
fn pack_record(
    vm: &mut Vm,
    l: &Layout,
    what: &str,
    args: &[Value],
    out: &mut [u8],
) -> PyResult<()> {
    if args.len() != l.nitems {
        return Err(struct_error(
            vm,
            format!(
                "{} expected {} items for packing (got {})",
                what,
                l.nitems,
                args.len()
            ),
        ));
    }
    let mut next = 0;
    for code in &l.codes {
        match code.ch {
            b's' | b'p' => {
                let v = &args[next];
                next += 1;
                let data = match v {
                    Value::Bytes(_) | Value::ByteArray(_) => rupy_interp::types::bytes::bytes_of(v),
                    Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v) {
                        Some(inner @ (Value::Bytes(_) | Value::ByteArray(_))) => {
                            rupy_interp::types::bytes::bytes_of(&inner)
                        }
                        _ => None,
                    },
                    _ => None,
                };
                let Some((data, _)) = data else {
                    return Err(struct_error(
                        vm,
                        format!("argument for '{}' must be a bytes object", code.ch as char),
                    ));
                };
                let field = &mut out[code.offset..code.offset + code.size];
                if code.ch == b's' {
                    let n = data.len().min(field.len());
                    field[..n].copy_from_slice(&data[..n]);
                } else if !field.is_empty() {
                    let n = data.len().min(field.len() - 1);
                    field[1..1 + n].copy_from_slice(&data[..n]);
                    field[0] = n.min(255) as u8;
                }
            }
            ch => {
                for k in 0..code.repeat {
                    let at = code.offset + k * code.size;
                    pack_one(vm, l, ch, &args[next], &mut out[at..at + code.size])?;
                    next += 1;
                }
            }
        }
    }
    Ok(())
}

fn pack_new(vm: &mut Vm, l: &Layout, args: &[Value]) -> PyResult<Value> {
    vm.reserve(l.size)?;
    let mut out = vec![0u8; l.size];
    pack_record(vm, l, "pack", args, &mut out)?;
    Ok(Value::Bytes(Rc::new(out)))
}

/// `pack_into(buffer, offset, *v)` after the format.
fn pack_into(vm: &mut Vm, l: &Layout, args: &[Value]) -> PyResult<Value> {
    let Some(buf) = args.first() else {
        return Err(struct_error(vm, "pack_into expected buffer argument"));
    };
    let Some(offset) = args.get(1) else {
        return Err(struct_error(vm, "pack_into expected offset argument"));
    };
    let values = &args[2..];
    if values.len() != l.nitems {
        return Err(struct_error(
            vm,
            format!(
                "pack_into expected {} items for packing (got {})",
                l.nitems,
                values.len()
            ),
        ));
    }
    let target = writable(vm, buf)?;
    let mut offset = rupy_interp::types::str::ssize_arg(vm, offset)?;
    vm.reserve(l.size)?;
    let mut packed = vec![0u8; l.size];
    pack_record(vm, l, "pack_into", values, &mut packed)?;
    let len = match &target {
        Writable::Array(b) => b.borrow().len(),
        Writable::View(v) => rupy_interp::types::memoryview::contents(v).map_or(0, |c| c.len()),
    } as i64;
    let size = l.size as i64;
    if offset < 0 {
        if offset + size > 0 {
            return Err(struct_error(
                vm,
                format!("no space to pack {} bytes at offset {}", size, offset),
            ));
        }
        if offset + len < 0 {
            return Err(struct_error(
                vm,
                format!("offset {} out of range for {}-byte buffer", offset, len),
            ));
        }
        offset += len;
    }
    if len - offset < size {
        return Err(struct_error(
            vm,
            format!(
                "pack_into requires a buffer of at least {} bytes for packing {} bytes at \
                 offset {} (actual buffer size is {})",
                size + offset,
                size,
                offset,
                len
            ),
        ));
    }
    let at = offset as usize;
    match target {
        Writable::Array(b) => {
            b.borrow_mut()[at..at + l.size].copy_from_slice(&packed);
        }
        Writable::View(v) => {
            let key = Value::Slice(Rc::new(PySlice {
                start: Value::Int(offset),
                stop: Value::Int(offset + size),
                step: Value::None,
            }));
            ops::setitem(vm, &v, &key, Value::Bytes(Rc::new(packed)))?;
        }
    }
    Ok(Value::None)
}

enum Writable {
    Array(Rc<RefCell<Vec<u8>>>),
    View(Value),
}

/// A read-write buffer: a bytearray or a writable memoryview.
fn writable(vm: &mut Vm, v: &Value) -> PyResult<Writable> {
    match v {
        Value::ByteArray(b) => return Ok(Writable::Array(b.clone())),
        Value::Instance(_) => {
            if let Some(Value::ByteArray(b)) = rupy_interp::types::unwrap_builtin(v) {
                return Ok(Writable::Array(b));
            }
        }
        Value::Opaque(_) if rupy_interp::types::memoryview::contents(v).is_some() => {
            let ro = vm.intern("readonly");
            let readonly = ops::getattr(vm, v, &ro)?;
            if !ops::truthy(vm, &readonly)? {
                return Ok(Writable::View(v.clone()));
            }
        }
        _ => {}
    }
    let t = ops::type_name(vm, v);
    Err(vm.type_error(format!(
        "argument must be read-write bytes-like object, not {}",
        t
    )))
}

// ---- unpacking ----

fn unpack_one(l: &Layout, ch: u8, data: &[u8]) -> Value {
    let little = l.little;
    match ch {
        b'?' => Value::bool(data[0] != 0),
        b'c' => Value::Bytes(Rc::new(vec![data[0]])),
        b'e' => Value::float(half_value(get_uint(data, little) as u16)),
        b'f' => Value::float(f32::from_bits(get_uint(data, little) as u32) as f64),
        b'd' => Value::float(f64::from_bits(get_uint(data, little))),
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
            let bits = 8 * data.len() as u32;
            let x = get_uint(data, little);
            // Sign-extend from the item's width.
            Value::Int(((x << (64 - bits)) as i64) >> (64 - bits))
        }
        _ => {
            let x = get_uint(data, little);
            match i64::try_from(x) {
                Ok(i) => Value::Int(i),
                Err(_) => Value::from_bigint(x.into()),
            }
        }
    }
}

/// Unpack one record from `data` (exactly `l.size` bytes).
fn unpack_record(vm: &mut Vm, l: &Layout, data: &[u8]) -> PyResult<Value> {
    vm.reserve(l.nitems.saturating_mul(std::mem::size_of::<Value>()))?;
    let mut out = Vec::with_capacity(l.nitems);
    for code in &l.codes {
        match code.ch {
            b's' => out.push(Value::Bytes(Rc::new(
                data[code.offset..code.offset + code.size].to_vec(),
            ))),
            b'p' => {
                let field = &data[code.offset..code.offset + code.size];
                let v = match field.split_first() {
                    Some((&n, rest)) => rest[..(n as usize).min(rest.len())].to_vec(),
                    None => Vec::new(),
                };
                out.push(Value::Bytes(Rc::new(v)));
            }
            ch => {
                for k in 0..code.repeat {
                    let at = code.offset + k * code.size;
                    out.push(unpack_one(l, ch, &data[at..at + code.size]));
                    if k % 4096 == 4095 {
                        rupy_interp::thread::poll_native(vm)?;
                    }
                }
            }
        }
    }
    Ok(Value::tuple(out))
}

fn unpack(vm: &mut Vm, l: &Layout, buf: &Value) -> PyResult<Value> {
    let data = buffer(vm, buf)?;
    if data.len() != l.size {
        return Err(struct_error(
            vm,
            format!("unpack requires a buffer of {} bytes", l.size),
        ));
    }
    unpack_record(vm, l, &data)
}

fn unpack_from(vm: &mut Vm, l: &Layout, buf: &Value, offset: Option<&Value>) -> PyResult<Value> {
    let mut offset = match offset {
        Some(o) => rupy_interp::types::str::ssize_arg(vm, o)?,
        None => 0,
    };
    let data = buffer(vm, buf)?;
    let len = data.len() as i64;
    if offset < 0 {
        if offset + len < 0 {
            return Err(struct_error(
                vm,
                format!("offset {} out of range for {}-byte buffer", offset, len),
            ));
        }
        offset += len;
    }
    let size = l.size as i64;
    if len - offset < size {
        return Err(struct_error(
            vm,
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at \
                 offset {} (actual buffer size is {})",
                size + offset,
                size,
                offset,
                len
            ),
        ));
    }
    let at = offset as usize;
    unpack_record(vm, l, &data[at..at + l.size])
}

fn iter_unpack(vm: &mut Vm, l: Rc<Layout>, buf: &Value) -> PyResult<Value> {
    if l.size == 0 {
        return Err(struct_error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    let data = buffer(vm, buf)?;
    if data.len() % l.size != 0 {
        return Err(struct_error(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                l.size
            ),
        ));
    }
    let (_, cls) = classes(vm);
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(UnpackIter {
            layout: l,
            data,
            pos: 0,
        })),
    })))
}

fn with_iter<T>(vm: &mut Vm, args: &[Value], f: impl FnOnce(&mut UnpackIter) -> T) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Ok(mut d) = o.data.try_borrow_mut()
        && let Some(it) = d.downcast_mut::<UnpackIter>()
    {
        return Ok(f(it));
    }
    Err(vm.type_error("descriptor requires a '_struct.unpack_iterator' object"))
}

fn iter_next(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let rec = with_iter(vm, args, |it| {
        let size = it.layout.size;
        if it.pos + size > it.data.len() {
            return None;
        }
        let rec = it.data[it.pos..it.pos + size].to_vec();
        it.pos += size;
        Some((it.layout.clone(), rec))
    })?;
    match rec {
        Some((l, rec)) => unpack_record(vm, &l, &rec),
        None => Err(rupy_interp::builtins::stop_iteration(vm, Value::None)),
    }
}

// ---- the Struct type ----

/// The struct object of a `Struct` or of an instance of a subclass.
fn struct_opaque(v: &Value) -> Option<Rc<Opaque>> {
    let o = match v {
        Value::Opaque(o) => o.clone(),
        Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v)? {
            Value::Opaque(o) => o,
            _ => return None,
        },
        _ => return None,
    };
    let is_struct = o.data.borrow().is::<StructObj>();
    is_struct.then_some(o)
}

fn with_struct(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<StructRef> {
    if let Some(o) = args.first().and_then(struct_opaque)
        && let Some(s) = o.data.borrow().downcast_ref::<StructObj>()
    {
        return Ok(StructRef {
            layout: s.layout.clone(),
            format: s.format.clone(),
        });
    }
    let t = match args.first() {
        Some(v) => ops::type_name(vm, v),
        None => "nothing".to_owned(),
    };
    Err(vm.type_error(format!(
        "descriptor '{}' for '_struct.Struct' objects doesn't apply to a '{}' object",
        name, t
    )))
}

/// A Struct's parts, cloned out of the object so no borrow is held while Python code runs.
struct StructRef {
    layout: Rc<Layout>,
    format: Rc<PyStr>,
}

/// `Struct.__new__(cls, *args, **kwargs)`: an empty struct (`__init__` parses the format),
/// so subclasses may take other arguments. A subclass instance carries the struct object as
/// its builtin payload.
fn struct_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (base, _) = classes(vm);
    let obj = Value::Opaque(Rc::new(Opaque {
        class: base.clone(),
        data: RefCell::new(Box::new(StructObj {
            layout: Rc::new(Layout {
                codes: Vec::new(),
                size: 0,
                nitems: 0,
                little: NATIVE_LITTLE,
                native: true,
            }),
            format: Rc::new(PyStr::new("")),
        })),
    }));
    match args.first() {
        Some(Value::Class(cls)) if !Rc::ptr_eq(cls, &base) && cls.is_subclass(&base) => {
            Ok(Value::new_instance(Instance::new(
                cls.clone(),
                Payload::Value(RefCell::new(obj)),
            )))
        }
        // The interpreter calls no `__init__` after a builtin type's `__new__`.
        _ => {
            let mut full = Vec::with_capacity(args.len());
            full.push(obj.clone());
            full.extend_from_slice(args.get(1..).unwrap_or(&[]));
            struct_init(vm, &full, kw)?;
            Ok(obj)
        }
    }
}

/// `Struct.__init__(self, format)`: parse the format into the object.
fn struct_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(o) = args.first().and_then(struct_opaque) else {
        return Err(vm.type_error("descriptor '__init__' requires a '_struct.Struct' object"));
    };
    let rest = &args[1..];
    if rest.len() > 1 {
        return Err(vm.type_error(format!(
            "Struct() takes at most 1 argument ({} given)",
            rest.len() + kw.len()
        )));
    }
    let [fmt] = bind(vm, "Struct", rest, kw, ["format"], 0)?;
    let Some(fmt) = fmt else {
        return Err(vm.type_error("Struct() missing required argument 'format' (pos 1)"));
    };
    let (bytes, format) = format_arg(vm, &fmt)?;
    let layout = Rc::new(parse(vm, &bytes)?);
    if let Some(s) = o.data.borrow_mut().downcast_mut::<StructObj>() {
        *s = StructObj { layout, format };
    }
    Ok(Value::None)
}

fn no_kw(vm: &mut Vm, name: &str, kw: &KwArgs) -> PyResult<()> {
    if kw.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{}() takes no keyword arguments", name)))
    }
}

fn struct_pack(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = with_struct(vm, args, "pack")?;
    no_kw(vm, "Struct.pack", kw)?;
    pack_new(vm, &s.layout, &args[1..])
}

fn struct_pack_into(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = with_struct(vm, args, "pack_into")?;
    no_kw(vm, "Struct.pack_into", kw)?;
    pack_into(vm, &s.layout, &args[1..])
}

fn struct_unpack(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = with_struct(vm, args, "unpack")?;
    no_kw(vm, "Struct.unpack", kw)?;
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "Struct.unpack() takes exactly one argument ({} given)",
            args.len() - 1
        )));
    }
    unpack(vm, &s.layout, &args[1])
}

fn struct_unpack_from(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = with_struct(vm, args, "unpack_from")?;
    let [buf, offset] = bind(vm, "unpack_from", &args[1..], kw, ["buffer", "offset"], 1)?;
    let buf = buf.unwrap_or(Value::None);
    unpack_from(vm, &s.layout, &buf, offset.as_ref())
}

fn struct_iter_unpack(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let s = with_struct(vm, args, "iter_unpack")?;
    no_kw(vm, "Struct.iter_unpack", kw)?;
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "Struct.iter_unpack() takes exactly one argument ({} given)",
            args.len() - 1
        )));
    }
    iter_unpack(vm, s.layout, &args[1])
}

fn struct_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = with_struct(vm, args, "__repr__")?;
    let r = ops::repr_string(vm, &Value::Str(s.format))?;
    Ok(Value::string(format!("Struct({})", r)))
}

// ---- module functions ----

fn format_first<'a>(vm: &mut Vm, args: &'a [Value]) -> PyResult<(Rc<Layout>, &'a [Value])> {
    let Some(fmt) = args.first() else {
        return Err(vm.type_error("missing format argument"));
    };
    Ok((cached_layout(vm, fmt)?, &args[1..]))
}

fn mod_pack(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "pack", kw)?;
    let (l, rest) = format_first(vm, args)?;
    pack_new(vm, &l, rest)
}

fn mod_pack_into(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "pack_into", kw)?;
    let (l, rest) = format_first(vm, args)?;
    pack_into(vm, &l, rest)
}

fn mod_unpack(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "unpack", kw)?;
    check_positional(vm, "unpack", args, 2, 2)?;
    let l = cached_layout(vm, &args[0])?;
    unpack(vm, &l, &args[1])
}

fn mod_unpack_from(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.is_empty() {
        return Err(vm.type_error("unpack_from() missing required argument 'format' (pos 1)"));
    }
    let [buf, offset] = bind(vm, "unpack_from", &args[1..], kw, ["buffer", "offset"], 1)?;
    let l = cached_layout(vm, &args[0])?;
    let buf = buf.unwrap_or(Value::None);
    unpack_from(vm, &l, &buf, offset.as_ref())
}

fn mod_iter_unpack(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "iter_unpack", kw)?;
    check_positional(vm, "iter_unpack", args, 2, 2)?;
    let l = cached_layout(vm, &args[0])?;
    iter_unpack(vm, l, &args[1])
}

fn mod_calcsize(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    no_kw(vm, "calcsize", kw)?;
    if args.len() != 1 {
        return Err(vm.type_error(format!(
            "_struct.calcsize() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    let l = cached_layout(vm, &args[0])?;
    Ok(Value::Int(l.size as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_round_trip() {
        for (x, bits) in [
            (1.0, 0x3c00),
            (-2.0, 0xc000),
            (65504.0, 0x7bff),
            (5.960464477539063e-08, 0x0001),
            (0.0, 0),
            (-0.0, 0x8000),
            (6.103515625e-05, 0x0400),
        ] {
            assert_eq!(half_bits(x), Some(bits), "{}", x);
            assert_eq!(half_value(bits).to_bits(), x.to_bits());
        }
        assert_eq!(half_bits(65520.0), None);
        assert_eq!(half_bits(65519.0), Some(0x7bff));
        // Ties go to even.
        assert_eq!(half_bits(2.9802322387695312e-08), Some(0));
        assert_eq!(half_bits(3e-08), Some(1));
    }

    #[test]
    fn uint_orders() {
        let mut b = [0u8; 4];
        put_uint(&mut b, 0x01020304, false);
        assert_eq!(b, [1, 2, 3, 4]);
        assert_eq!(get_uint(&b, false), 0x01020304);
        put_uint(&mut b, 0x01020304, true);
        assert_eq!(b, [4, 3, 2, 1]);
        assert_eq!(get_uint(&b, true), 0x01020304);
    }
}
