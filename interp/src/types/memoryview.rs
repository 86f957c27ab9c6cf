//! `memoryview`: a one-dimensional view of the bytes of a `bytes` or `bytearray`, without
//! copying. Slices are views of views (start, item count, stride); writes through a view of a
//! bytearray change the bytearray. `cast` reinterprets the bytes with a struct format
//! (native sizes and little-endian order, as on the machines rupy runs on).
//!
//! Invariant: every access goes through `bytes_at`, which bounds-checks against the
//! exporter's current length, so a bytearray that shrank under a view gives an error, not a
//! panic (CPython forbids the resize instead: a known difference).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Opaque, PyErr, PyResult, Truth, Value, Vm};

use crate::builtins::args::{add_getter, add_method, arity, bind};
use crate::ops;

pub struct MemView {
    /// The exporter: a `bytes` or `bytearray` value.
    obj: Value,
    /// Byte offset of the first item.
    start: usize,
    /// Number of items.
    len: usize,
    /// Bytes from one item to the next (negative for reversed slices).
    stride: isize,
    itemsize: usize,
    format: &'static str,
    readonly: bool,
    released: Cell<bool>,
}

#[derive(Default)]
struct MemViewType(RefCell<Option<Rc<Class>>>);

pub fn init(vm: &mut Vm) {
    let c = rupy_objects::vm::derived("memoryview", &vm.object);
    c.set_filler(fill);
    vm.builtins.set_s("memoryview", Value::Class(c.clone()));
    *vm.shared_state::<MemViewType>().0.borrow_mut() = Some(c);
}

/// `memoryview`'s methods, added when the type's dict is first used.
fn fill(c: &Class) {
    add_method(c, "memoryview", "__new__", mv_new);
    add_method(c, "memoryview", "__len__", mv_len);
    add_method(c, "memoryview", "__getitem__", mv_getitem);
    add_method(c, "memoryview", "__setitem__", mv_setitem);
    add_method(c, "memoryview", "__iter__", mv_iter);
    add_method(c, "memoryview", "__eq__", mv_eq);
    add_method(c, "memoryview", "__ne__", mv_ne);
    add_method(c, "memoryview", "__hash__", mv_hash);
    add_method(c, "memoryview", "__repr__", mv_repr);
    add_method(c, "memoryview", "__enter__", mv_enter);
    add_method(c, "memoryview", "__exit__", mv_exit);
    add_method(c, "memoryview", "__bytes__", mv_tobytes);
    add_method(c, "memoryview", "tobytes", mv_tobytes);
    add_method(c, "memoryview", "tolist", mv_tolist);
    add_method(c, "memoryview", "hex", mv_hex);
    add_method(c, "memoryview", "release", mv_release);
    add_method(c, "memoryview", "cast", mv_cast);
    add_method(c, "memoryview", "toreadonly", mv_toreadonly);
    for (name, getter) in [
        ("readonly", mv_readonly as rupy_objects::NativeFn),
        ("nbytes", mv_nbytes),
        ("format", mv_format),
        ("itemsize", mv_itemsize),
        ("ndim", mv_ndim),
        ("shape", mv_shape),
        ("strides", mv_strides),
        ("obj", mv_obj),
        ("contiguous", mv_contiguous),
        ("c_contiguous", mv_contiguous),
        ("f_contiguous", mv_contiguous),
    ] {
        add_getter(c, "memoryview", name, getter);
    }
}

/// The bytes a memoryview value shows (for bytes-like arguments everywhere), or None if `v`
/// is not a memoryview. A released view gives an empty copy; callers that must refuse it use
/// the methods here.
pub fn contents(v: &Value) -> Option<Vec<u8>> {
    let Value::Opaque(o) = v else { return None };
    let data = o.data.borrow();
    let mv = data.downcast_ref::<MemView>()?;
    Some(mv.bytes().unwrap_or_default())
}

impl MemView {
    fn with_exporter<T>(&self, f: impl FnOnce(&[u8]) -> T) -> T {
        match &self.obj {
            Value::Bytes(b) => f(b),
            Value::ByteArray(b) => f(&b.borrow()),
            _ => f(&[]),
        }
    }

    /// Byte offset of item `i`.
    fn offset(&self, i: usize) -> isize {
        self.start as isize + i as isize * self.stride
    }

    /// The raw bytes of every item, in order; None if the exporter shrank under the view.
    fn bytes(&self) -> Option<Vec<u8>> {
        self.with_exporter(|buf| {
            let mut out = Vec::with_capacity(self.len * self.itemsize);
            for i in 0..self.len {
                let at = self.offset(i);
                let item = buf.get(at as usize..at as usize + self.itemsize)?;
                out.extend_from_slice(item);
            }
            Some(out)
        })
    }

    fn item_bytes(&self, i: usize) -> Option<Vec<u8>> {
        let at = self.offset(i) as usize;
        self.with_exporter(|buf| buf.get(at..at + self.itemsize).map(|s| s.to_vec()))
    }
}

fn released_error(vm: &Vm) -> PyErr {
    vm.value_error("operation forbidden on released memoryview object")
}

/// Run `f` on the view in `args[0]` (refusing a released one).
fn with_view<T>(
    vm: &mut Vm,
    args: &[Value],
    f: impl FnOnce(&mut Vm, &MemView) -> PyResult<T>,
) -> PyResult<T> {
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("descriptor requires a 'memoryview' object"));
    };
    let o = o.clone();
    let data = o.data.borrow();
    let Some(mv) = data.downcast_ref::<MemView>() else {
        return Err(vm.type_error("descriptor requires a 'memoryview' object"));
    };
    if mv.released.get() {
        return Err(released_error(vm));
    }
    f(vm, mv)
}

fn make(vm: &mut Vm, mv: MemView) -> Value {
    let cls = vm
        .shared_state::<MemViewType>()
        .0
        .borrow()
        .clone()
        .unwrap_or_else(|| vm.object.clone());
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(mv)),
    }))
}

fn mv_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [obj] = bind(vm, "memoryview", &args[1..], kw, ["object"], 1)?;
    let obj = obj.unwrap_or(Value::None);
    let inner = crate::types::unwrap_builtin(&obj).unwrap_or_else(|| obj.clone());
    let (len, readonly) = match &inner {
        Value::Bytes(b) => (b.len(), true),
        Value::ByteArray(b) => (b.borrow().len(), false),
        Value::Opaque(_) => {
            // A view of a view: the same exporter and window.
            return with_view(vm, std::slice::from_ref(&inner), |vm, m| {
                Ok(make(
                    vm,
                    MemView {
                        obj: m.obj.clone(),
                        released: Cell::new(false),
                        ..*m
                    },
                ))
            });
        }
        _ => {
            let t = ops::type_name(vm, &obj);
            return Err(vm.type_error(format!(
                "memoryview: a bytes-like object is required, not '{}'",
                t
            )));
        }
    };
    Ok(make(
        vm,
        MemView {
            obj: inner,
            start: 0,
            len,
            stride: 1,
            itemsize: 1,
            format: "B",
            readonly,
            released: Cell::new(false),
        },
    ))
}

fn mv_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| Ok(Value::Int(m.len as i64)))
}

/// Decode one item of `format` from its little-endian bytes.
fn unpack(format: &str, b: &[u8]) -> Value {
    let le = |n: usize| -> u64 {
        b.iter()
            .take(n)
            .rev()
            .fold(0u64, |acc, &x| acc << 8 | x as u64)
    };
    match format {
        "B" => Value::Int(b[0] as i64),
        "b" => Value::Int(b[0] as i8 as i64),
        "c" => Value::Bytes(Rc::new(vec![b[0]])),
        "?" => Value::bool(b[0] != 0),
        "H" => Value::Int(le(2) as i64),
        "h" => Value::Int(le(2) as u16 as i16 as i64),
        "I" => Value::Int(le(4) as i64),
        "i" => Value::Int(le(4) as u32 as i32 as i64),
        "L" | "Q" | "N" | "P" => Value::from_bigint(le(8).into()),
        "l" | "q" | "n" => Value::Int(le(8) as i64),
        "f" => Value::float(f32::from_bits(le(4) as u32) as f64),
        "d" => Value::float(f64::from_bits(le(8))),
        _ => Value::None,
    }
}

/// Encode a value as one item of `format`.
fn pack(vm: &mut Vm, format: &str, v: &Value) -> PyResult<Vec<u8>> {
    let int_in = |vm: &mut Vm, lo: i128, hi: i128, size: usize| -> PyResult<Vec<u8>> {
        let i = match v {
            Value::Int(i) => *i as i128,
            Value::Bool(b) => *b as i128,
            Value::BigInt(b) => num_traits::ToPrimitive::to_i128(&**b).unwrap_or(i128::MAX),
            _ => {
                return Err(
                    vm.type_error(format!("memoryview: invalid type for format '{}'", format))
                );
            }
        };
        if i < lo || i > hi {
            return Err(
                vm.value_error(format!("memoryview: invalid value for format '{}'", format))
            );
        }
        Ok((i as u128).to_le_bytes()[..size].to_vec())
    };
    match format {
        "B" => int_in(vm, 0, 255, 1),
        "b" => int_in(vm, -128, 127, 1),
        "H" => int_in(vm, 0, u16::MAX as i128, 2),
        "h" => int_in(vm, i16::MIN as i128, i16::MAX as i128, 2),
        "I" => int_in(vm, 0, u32::MAX as i128, 4),
        "i" => int_in(vm, i32::MIN as i128, i32::MAX as i128, 4),
        "L" | "Q" | "N" | "P" => int_in(vm, 0, u64::MAX as i128, 8),
        "l" | "q" | "n" => int_in(vm, i64::MIN as i128, i64::MAX as i128, 8),
        "?" => Ok(vec![ops::truthy(vm, v)? as u8]),
        "c" => match v {
            Value::Bytes(b) if b.len() == 1 => Ok(vec![b[0]]),
            _ => Err(vm.value_error("memoryview: invalid value for format 'c'")),
        },
        "f" => Ok((ops::to_f64(vm, v)? as f32).to_le_bytes().to_vec()),
        "d" => Ok(ops::to_f64(vm, v)?.to_le_bytes().to_vec()),
        _ => Err(vm.err(
            ExcKind::NotImplementedError,
            format!("memoryview: format {} not supported", format),
        )),
    }
}

fn item_index(vm: &mut Vm, m: &MemView, idx: &Value) -> PyResult<usize> {
    let i = ops::index_of(vm, idx)?;
    let n = m.len as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.err(ExcKind::IndexError, "index out of bounds on dimension 1"));
    }
    Ok(j as usize)
}

fn mv_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__getitem__", args, 2, 2)?;
    with_view(vm, args, |vm, m| match &args[1] {
        Value::Slice(s) => {
            let (start, stop, step) = ops::slice_indices(vm, s, m.len as i64)?;
            let count = if step > 0 {
                if stop > start {
                    (stop - start + step - 1) / step
                } else {
                    0
                }
            } else if start > stop {
                (start - stop - step - 1) / (-step)
            } else {
                0
            };
            let first = if count > 0 {
                m.offset(start as usize) as usize
            } else {
                m.start
            };
            Ok(make(
                vm,
                MemView {
                    obj: m.obj.clone(),
                    start: first,
                    len: count as usize,
                    stride: m.stride * step as isize,
                    released: Cell::new(false),
                    ..*m
                },
            ))
        }
        Value::Ellipsis => Ok(args[0].clone()),
        idx => {
            let i = item_index(vm, m, idx)?;
            match m.item_bytes(i) {
                Some(b) => Ok(unpack(m.format, &b)),
                None => Err(vm.err(ExcKind::IndexError, "index out of bounds on dimension 1")),
            }
        }
    })
}

fn mv_setitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__setitem__", args, 3, 3)?;
    with_view(vm, args, |vm, m| {
        if m.readonly {
            return Err(vm.type_error("cannot modify read-only memory"));
        }
        let Value::ByteArray(buf) = &m.obj else {
            return Err(vm.type_error("cannot modify read-only memory"));
        };
        // (offset, bytes) writes, computed before the buffer is borrowed.
        let mut writes: Vec<(usize, Vec<u8>)> = Vec::new();
        match &args[1] {
            Value::Slice(s) => {
                let (start, stop, step) = ops::slice_indices(vm, s, m.len as i64)?;
                let positions = ops::slice_positions(start, stop, step);
                let src = match crate::types::bytes::bytes_of(&args[2])
                    .or_else(|| contents(&args[2]).map(|b| (b, false)))
                {
                    Some((b, _)) => b,
                    None => {
                        let t = ops::type_name(vm, &args[2]);
                        return Err(
                            vm.type_error(format!("a bytes-like object is required, not '{}'", t))
                        );
                    }
                };
                if src.len() != positions.len() * m.itemsize {
                    return Err(vm.value_error(
                        "memoryview assignment: lvalue and rvalue have different structures",
                    ));
                }
                for (k, p) in positions.iter().enumerate() {
                    writes.push((
                        m.offset(*p) as usize,
                        src[k * m.itemsize..(k + 1) * m.itemsize].to_vec(),
                    ));
                }
            }
            idx => {
                let i = item_index(vm, m, idx)?;
                let bytes = pack(vm, m.format, &args[2])?;
                writes.push((m.offset(i) as usize, bytes));
            }
        }
        let mut b = buf.borrow_mut();
        for (at, bytes) in writes {
            match b.get_mut(at..at + bytes.len()) {
                Some(dst) => dst.copy_from_slice(&bytes),
                None => {
                    return Err(vm.err(ExcKind::IndexError, "index out of bounds on dimension 1"));
                }
            }
        }
        Ok(Value::None)
    })
}

fn items(vm: &mut Vm, m: &MemView) -> PyResult<Vec<Value>> {
    let Some(bytes) = m.bytes() else {
        return Err(vm.err(ExcKind::IndexError, "index out of bounds on dimension 1"));
    };
    Ok(bytes
        .chunks(m.itemsize)
        .map(|c| unpack(m.format, c))
        .collect())
}

fn mv_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let list = with_view(vm, args, items)?;
    ops::get_iter(vm, &Value::list(list))
}

fn mv_tolist(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "tolist", args, 1, 1)?;
    Ok(Value::list(with_view(vm, args, items)?))
}

fn mv_tobytes(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |vm, m| match m.bytes() {
        Some(b) => Ok(Value::Bytes(Rc::new(b))),
        None => Err(vm.err(ExcKind::IndexError, "index out of bounds on dimension 1")),
    })
}

fn mv_hex(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let data = with_view(vm, args, |_, m| Ok(m.bytes().unwrap_or_default()))?;
    let [sep, bps] = bind(vm, "hex", &args[1..], kw, ["sep", "bytes_per_sep"], 0)?;
    Ok(Value::string(crate::types::bytes::hex_with_sep(
        vm, &data, sep, bps,
    )?))
}

/// `==`: equal when both sides are bytes-like with equal items (format-aware for views).
fn mv_equal(vm: &mut Vm, args: &[Value]) -> PyResult<Option<bool>> {
    let mine = with_view(vm, args, items)?;
    let other = match &args[1] {
        v @ Value::Opaque(o) if o.data.borrow().is::<MemView>() => {
            with_view(vm, std::slice::from_ref(v), items)?
        }
        v => match crate::types::bytes::bytes_of(v) {
            Some((b, _)) => b.iter().map(|&x| Value::Int(x as i64)).collect(),
            None => return Ok(None),
        },
    };
    if mine.len() != other.len() {
        return Ok(Some(false));
    }
    for (a, b) in mine.iter().zip(other.iter()) {
        if !ops::eq(vm, a, b)? {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

fn mv_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__eq__", args, 2, 2)?;
    Ok(match mv_equal(vm, args)? {
        Some(b) => Value::bool(b),
        None => Value::NotImplemented,
    })
}

fn mv_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "__ne__", args, 2, 2)?;
    Ok(match mv_equal(vm, args)? {
        Some(b) => Value::bool(!b),
        None => Value::NotImplemented,
    })
}

fn mv_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (readonly, data) = with_view(vm, args, |_, m| {
        Ok((m.readonly, m.bytes().unwrap_or_default()))
    })?;
    if !readonly {
        return Err(vm.value_error("cannot hash writable memoryview object"));
    }
    Ok(Value::Int(ops::hash(vm, &Value::Bytes(Rc::new(data)))?))
}

fn mv_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("expected a memoryview"));
    };
    let released = o
        .data
        .borrow()
        .downcast_ref::<MemView>()
        .is_some_and(|m| m.released.get());
    let addr = Rc::as_ptr(o) as *const u8 as usize;
    Ok(Value::string(if released {
        format!("<released memory at {:#x}>", addr)
    } else {
        format!("<memory at {:#x}>", addr)
    }))
}

fn mv_enter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, _| Ok(()))?;
    Ok(args[0].clone())
}

fn mv_exit(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    mv_release(vm, &args[..1], &[])?;
    Ok(Value::Bool(Truth::False))
}

fn mv_release(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("expected a memoryview"));
    };
    if let Some(m) = o.data.borrow().downcast_ref::<MemView>() {
        m.released.set(true);
    }
    Ok(Value::None)
}

fn format_size(f: &str) -> Option<(&'static str, usize)> {
    Some(match f {
        "B" => ("B", 1),
        "b" => ("b", 1),
        "c" => ("c", 1),
        "?" => ("?", 1),
        "H" => ("H", 2),
        "h" => ("h", 2),
        "I" => ("I", 4),
        "i" => ("i", 4),
        "L" => ("L", 8),
        "l" => ("l", 8),
        "Q" => ("Q", 8),
        "q" => ("q", 8),
        "N" => ("N", 8),
        "n" => ("n", 8),
        "P" => ("P", 8),
        "f" => ("f", 4),
        "d" => ("d", 8),
        _ => return None,
    })
}

fn mv_cast(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [format, shape] = bind(vm, "cast", &args[1..], kw, ["format", "shape"], 1)?;
    let Some(Value::Str(f)) = format else {
        return Err(vm.type_error("memoryview: format argument must be a string"));
    };
    if shape.is_some() {
        return Err(vm.err(
            ExcKind::NotImplementedError,
            "memoryview: multi-dimensional casts are not supported by rupy",
        ));
    }
    let f = f.as_str().trim_start_matches('@');
    let Some((format, itemsize)) = format_size(f) else {
        return Err(vm.value_error("memoryview: destination format must be a native single character format prefixed with an optional '@'"));
    };
    with_view(vm, args, |vm, m| {
        if m.stride != m.itemsize as isize {
            return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
        }
        let nbytes = m.len * m.itemsize;
        if nbytes % itemsize != 0 {
            return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
        }
        Ok(make(
            vm,
            MemView {
                obj: m.obj.clone(),
                start: m.start,
                len: nbytes / itemsize,
                stride: itemsize as isize,
                itemsize,
                format,
                readonly: m.readonly,
                released: Cell::new(false),
            },
        ))
    })
}

fn mv_toreadonly(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |vm, m| {
        Ok(make(
            vm,
            MemView {
                obj: m.obj.clone(),
                readonly: true,
                released: Cell::new(false),
                ..*m
            },
        ))
    })
}

fn mv_readonly(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| Ok(Value::bool(m.readonly)))
}

fn mv_nbytes(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| Ok(Value::Int((m.len * m.itemsize) as i64)))
}

fn mv_format(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| Ok(Value::str(m.format)))
}

fn mv_itemsize(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| Ok(Value::Int(m.itemsize as i64)))
}

fn mv_ndim(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, _| Ok(Value::Int(1)))
}

fn mv_shape(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| {
        Ok(Value::tuple(vec![Value::Int(m.len as i64)]))
    })
}

fn mv_strides(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| {
        Ok(Value::tuple(vec![Value::Int(m.stride as i64)]))
    })
}

fn mv_obj(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| Ok(m.obj.clone()))
}

fn mv_contiguous(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    with_view(vm, args, |_, m| {
        Ok(Value::bool(m.stride == m.itemsize as isize || m.len <= 1))
    })
}
