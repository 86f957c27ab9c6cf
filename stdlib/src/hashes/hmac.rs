//! `_hmac`: CPython 3.14's builtin HMAC module (RFC 2104 over this crate's hashes), which
//! `hmac.new(key, msg, "sha256")` and `hmac.digest` use when OpenSSL's `_hashlib` is absent.
//! Names are those CPython's module knows (`md5`, `sha1`, `sha224`/`sha2_224` ...,
//! `sha3_*`, `blake2s`/`blake2s_32`, `blake2b`/`blake2b_32`, also in upper case); any other
//! digestmod raises `_hmac.UnknownHashError` (a `ValueError`), on which `hmac` falls back
//! to its pure-Python HMAC.
//!
//! An HMAC object keeps two running hashes: the inner one, fed the key block XOR ipad and
//! then the message, and the outer one, fed the key block XOR opad; a digest finishes the
//! inner one and feeds it to a clone of the outer one.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, add_getter, add_method, bind};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Opaque, PyDict, PyErr, PyResult, Value, Vm};

use super::{Algo, Hasher, MD5, SHA1, SHA2, SHA3, data_arg, feed, hex};

#[derive(Default)]
struct HmacState {
    unknown: RefCell<Option<Rc<Class>>>,
    class: RefCell<Option<Rc<Class>>>,
}

struct HmacObj {
    algo: Algo,
    inner: Box<dyn Hasher>,
    outer: Box<dyn Hasher>,
}

impl HmacObj {
    fn digest(&self) -> Vec<u8> {
        let size = self.algo.digest_size;
        let inner = self.inner.finish(size);
        let mut outer = self.outer.clone_box();
        outer.update(&inner[..size]);
        outer.finish(size)[..size].to_vec()
    }
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let value_error = vm.exc(ExcKind::ValueError);
    let unknown =
        crate::support::new_exception_class(vm, "_hmac", "UnknownHashError", &[value_error])?;
    let st = vm.shared_state::<HmacState>();
    *st.unknown.borrow_mut() = Some(unknown.clone());
    d.set_s("UnknownHashError", Value::Class(unknown));
    let cls = class(vm);
    d.set_s("HMAC", Value::Class(cls));
    add_fn(d, "new", hmac_new);
    add_fn(d, "compute_digest", compute_digest);
    Ok(())
}

fn class(vm: &mut Vm) -> Rc<Class> {
    let st = vm.shared_state::<HmacState>();
    if let Some(c) = st.class.borrow().clone() {
        return c;
    }
    let cls = rupy_objects::vm::derived("HMAC", &vm.object);
    cls.dict().set_s("__module__", Value::str("_hmac"));
    add_method(&cls, "HMAC", "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create '_hmac.HMAC' instances"))
    });
    add_method(&cls, "HMAC", "update", hmac_update);
    add_method(&cls, "HMAC", "copy", |vm, args, _| {
        let copy = with_hmac(vm, args, |h| HmacObj {
            algo: h.algo,
            inner: h.inner.clone_box(),
            outer: h.outer.clone_box(),
        })?;
        Ok(new_obj(vm, copy))
    });
    add_method(&cls, "HMAC", "digest", |vm, args, _| {
        let d = with_hmac(vm, args, HmacObj::digest)?;
        Ok(Value::Bytes(Rc::new(d)))
    });
    add_method(&cls, "HMAC", "hexdigest", |vm, args, _| {
        let d = with_hmac(vm, args, HmacObj::digest)?;
        Ok(Value::string(hex(&d)))
    });
    add_getter(&cls, "HMAC", "name", |vm, args, _| {
        with_hmac(vm, args, |h| Value::string(format!("hmac-{}", h.algo.name)))
    });
    add_getter(&cls, "HMAC", "digest_size", |vm, args, _| {
        with_hmac(vm, args, |h| Value::Int(h.algo.digest_size as i64))
    });
    add_getter(&cls, "HMAC", "block_size", |vm, args, _| {
        with_hmac(vm, args, |h| Value::Int(h.algo.block_size as i64))
    });
    *st.class.borrow_mut() = Some(cls.clone());
    cls
}

fn new_obj(vm: &mut Vm, h: HmacObj) -> Value {
    let cls = class(vm);
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(h)),
    }))
}

fn with_hmac<T>(vm: &mut Vm, args: &[Value], f: impl FnOnce(&HmacObj) -> T) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Ok(d) = o.data.try_borrow()
        && let Some(h) = d.downcast_ref::<HmacObj>()
    {
        return Ok(f(h));
    }
    Err(vm.type_error("descriptor requires a '_hmac.HMAC' object"))
}

/// The hash a digestmod names, or `UnknownHashError`.
fn algo_named(vm: &mut Vm, digestmod: &Value) -> PyResult<Algo> {
    let name = rupy_interp::types::str::str_of(digestmod).map(|s| s.as_str().to_ascii_lowercase());
    let algo = match name.as_deref() {
        Some("md5") => Some(MD5),
        Some("sha1") => Some(SHA1),
        Some("sha224" | "sha2_224") => Some(SHA2[0]),
        Some("sha256" | "sha2_256") => Some(SHA2[1]),
        Some("sha384" | "sha2_384") => Some(SHA2[2]),
        Some("sha512" | "sha2_512") => Some(SHA2[3]),
        Some("sha3_224") => Some(SHA3[0]),
        Some("sha3_256") => Some(SHA3[1]),
        Some("sha3_384") => Some(SHA3[2]),
        Some("sha3_512") => Some(SHA3[3]),
        Some("blake2s" | "blake2s_32") => Some(super::blake2::BLAKE2S.algo),
        Some("blake2b" | "blake2b_32") => Some(super::blake2::BLAKE2B.algo),
        _ => None,
    };
    match algo {
        Some(a) => Ok(a),
        None => {
            let shown = rupy_interp::ops::str_string(vm, digestmod)?;
            let cls = vm.shared_state::<HmacState>().unknown.borrow().clone();
            Err(PyErr::lazy(
                cls.unwrap_or_else(|| vm.exc(ExcKind::ValueError)),
                format!("unsupported hash type {}", shown),
            ))
        }
    }
}

/// A new HMAC state for `key`: keys longer than a block are hashed first.
fn start(vm: &mut Vm, algo: Algo, key: &[u8]) -> PyResult<HmacObj> {
    if key.len() > u32::MAX as usize {
        return Err(vm.err(ExcKind::OverflowError, "key length exceeds 4294967295"));
    }
    let bs = algo.block_size;
    let mut block = if key.len() > bs {
        let mut h = (algo.make)();
        feed(vm, h.as_mut(), key)?;
        h.finish(algo.digest_size)[..algo.digest_size].to_vec()
    } else {
        key.to_vec()
    };
    block.resize(bs, 0);
    let ipad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let mut inner = (algo.make)();
    inner.update(&ipad);
    let mut outer = (algo.make)();
    outer.update(&opad);
    Ok(HmacObj { algo, inner, outer })
}

fn hmac_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [key, msg, digestmod] = bind(vm, "new", args, kw, ["key", "msg", "digestmod"], 1)?;
    let Some(digestmod) = digestmod.filter(|d| !d.is_none()) else {
        return Err(vm.type_error("new() missing 1 required argument 'digestmod'"));
    };
    let algo = algo_named(vm, &digestmod)?;
    let key = data_arg(vm, &key.unwrap_or(Value::None))?;
    let mut h = start(vm, algo, &key)?;
    if let Some(m) = msg.filter(|m| !m.is_none()) {
        let m = data_arg(vm, &m)?;
        feed(vm, h.inner.as_mut(), &m)?;
    }
    Ok(new_obj(vm, h))
}

fn hmac_update(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [msg] = bind(vm, "update", args.get(1..).unwrap_or(&[]), kw, ["msg"], 1)?;
    let msg = data_arg(vm, &msg.unwrap_or(Value::None))?;
    let mut inner = with_hmac(vm, args, |h| h.inner.clone_box())?;
    feed(vm, inner.as_mut(), &msg)?;
    if let Some(Value::Opaque(o)) = args.first()
        && let Some(h) = o.data.borrow_mut().downcast_mut::<HmacObj>()
    {
        h.inner = inner;
    }
    Ok(Value::None)
}

fn compute_digest(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [key, msg, digest] = bind(vm, "compute_digest", args, kw, ["key", "msg", "digest"], 3)?;
    let algo = algo_named(vm, &digest.unwrap_or(Value::None))?;
    let key = data_arg(vm, &key.unwrap_or(Value::None))?;
    let msg = data_arg(vm, &msg.unwrap_or(Value::None))?;
    let mut h = start(vm, algo, &key)?;
    feed(vm, h.inner.as_mut(), &msg)?;
    Ok(Value::Bytes(Rc::new(h.digest())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hmac_hex(algo: Algo, key: &[u8], msg: &[u8]) -> String {
        let mut vm = Vm::new();
        let mut h = start(&mut vm, algo, key).unwrap_or_else(|_| unreachable!());
        h.inner.update(msg);
        hex(&h.digest())
    }

    #[test]
    fn rfc4231_and_long_keys() {
        // RFC 4231 test case 2.
        assert_eq!(
            hmac_hex(SHA2[1], b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // CPython: hmac.new(b'key', b'msg', 'md5').hexdigest()
        assert_eq!(
            hmac_hex(MD5, b"key", b"msg"),
            "18e3548c59ad40dd03907b7aeee71d67"
        );
        // CPython: hmac.new(b'k'*200, b'msg', 'sha512').hexdigest()
        assert!(hmac_hex(SHA2[3], &[b'k'; 200], b"msg").starts_with("b5245971beb52a5a"));
    }
}
