//! The builtin hash modules `hashlib` falls back to without OpenSSL's `_hashlib`: `_md5`,
//! `_sha1`, `_sha2`, `_sha3` (here), `_blake2` (`blake2.rs`) and the HMAC module `_hmac`
//! (`hmac.rs`), on the RustCrypto crates.
//!
//! Every hash object is an `Opaque` holding a `HashObj`: the algorithm's static facts
//! (`Algo`: name, sizes, extendable output or not) and its running state behind the
//! `Hasher` trait, which finalises a clone so `digest()` can be called any number of times
//! and `update()` may follow it. Each algorithm has its own class, named as in CPython
//! (`_md5.md5`, `_sha2.SHA256Type`, `_sha3.sha3_256`, `_blake2.blake2b`); for `_sha3` and
//! `_blake2` the class is the constructor, for the others a module function is.
//!
//! Constructors take `(data=b'', /, *, usedforsecurity=True, string=None)` as CPython 3.14
//! does (`string` is 3.13's name for `data`); `usedforsecurity` is accepted and ignored.

mod blake2;
mod hmac;

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, add_getter, add_method};
use rupy_interp::ops;
use rupy_objects::{Class, KwArgs, NativeFn, Opaque, PyDict, PyResult, Value, Vm};
use rustc_hash::FxHashMap;
use sha3::digest::{Digest, ExtendableOutput, Update};

pub use blake2::init as init_blake2;
pub use hmac::init as init_hmac;

/// A running hash computation.
trait Hasher {
    fn update(&mut self, data: &[u8]);
    /// The digest of everything so far (`len` bytes for an extendable output; ignored
    /// otherwise), leaving the state as it was.
    fn finish(&self, len: usize) -> Vec<u8>;
    fn clone_box(&self) -> Box<dyn Hasher>;
}

/// A fixed-size digest (MD5, SHA-1, SHA-2, SHA-3).
#[derive(Clone)]
struct Fixed<D>(D);

impl<D: Digest + Clone + 'static> Hasher for Fixed<D> {
    fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.0, data);
    }
    fn finish(&self, _len: usize) -> Vec<u8> {
        self.0.clone().finalize().to_vec()
    }
    fn clone_box(&self) -> Box<dyn Hasher> {
        Box::new(self.clone())
    }
}

/// An extendable-output function (SHAKE).
#[derive(Clone)]
struct Xof<D>(D);

impl<D: Update + ExtendableOutput + Clone + 'static> Hasher for Xof<D> {
    fn update(&mut self, data: &[u8]) {
        Update::update(&mut self.0, data);
    }
    fn finish(&self, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        self.0.clone().finalize_xof_into(&mut out);
        out
    }
    fn clone_box(&self) -> Box<dyn Hasher> {
        Box::new(self.clone())
    }
}

/// What an algorithm is, as its objects report it.
#[derive(Clone, Copy)]
struct Algo {
    /// `name`, and the key of its class.
    name: &'static str,
    /// The class's name and module (`SHA256Type`, `_sha2`).
    class_name: &'static str,
    module: &'static str,
    digest_size: usize,
    block_size: usize,
    /// SHAKE: `digest(length)`.
    xof: bool,
    /// SHA-3: the domain-separation suffix CPython shows as `_suffix`.
    sha3_suffix: Option<u8>,
    make: fn() -> Box<dyn Hasher>,
}

struct HashObj {
    algo: Algo,
    /// The digest size of this object (BLAKE2's is chosen per object).
    digest_size: usize,
    state: Box<dyn Hasher>,
}

#[derive(Default)]
struct HashClasses(RefCell<FxHashMap<&'static str, Rc<Class>>>);

const MD5: Algo = Algo {
    name: "md5",
    class_name: "md5",
    module: "_md5",
    digest_size: 16,
    block_size: 64,
    xof: false,
    sha3_suffix: None,
    make: || Box::new(Fixed(md5::Md5::new())),
};

const SHA1: Algo = Algo {
    name: "sha1",
    class_name: "sha1",
    module: "_sha1",
    digest_size: 20,
    block_size: 64,
    xof: false,
    sha3_suffix: None,
    make: || Box::new(Fixed(sha1::Sha1::new())),
};

const SHA2: [Algo; 4] = [
    Algo {
        name: "sha224",
        class_name: "SHA224Type",
        module: "_sha2",
        digest_size: 28,
        block_size: 64,
        xof: false,
        sha3_suffix: None,
        make: || Box::new(Fixed(sha2::Sha224::new())),
    },
    Algo {
        name: "sha256",
        class_name: "SHA256Type",
        module: "_sha2",
        digest_size: 32,
        block_size: 64,
        xof: false,
        sha3_suffix: None,
        make: || Box::new(Fixed(sha2::Sha256::new())),
    },
    Algo {
        name: "sha384",
        class_name: "SHA384Type",
        module: "_sha2",
        digest_size: 48,
        block_size: 128,
        xof: false,
        sha3_suffix: None,
        make: || Box::new(Fixed(sha2::Sha384::new())),
    },
    Algo {
        name: "sha512",
        class_name: "SHA512Type",
        module: "_sha2",
        digest_size: 64,
        block_size: 128,
        xof: false,
        sha3_suffix: None,
        make: || Box::new(Fixed(sha2::Sha512::new())),
    },
];

const SHA3: [Algo; 6] = [
    Algo {
        name: "sha3_224",
        class_name: "sha3_224",
        module: "_sha3",
        digest_size: 28,
        block_size: 144,
        xof: false,
        sha3_suffix: Some(0x06),
        make: || Box::new(Fixed(sha3::Sha3_224::new())),
    },
    Algo {
        name: "sha3_256",
        class_name: "sha3_256",
        module: "_sha3",
        digest_size: 32,
        block_size: 136,
        xof: false,
        sha3_suffix: Some(0x06),
        make: || Box::new(Fixed(sha3::Sha3_256::new())),
    },
    Algo {
        name: "sha3_384",
        class_name: "sha3_384",
        module: "_sha3",
        digest_size: 48,
        block_size: 104,
        xof: false,
        sha3_suffix: Some(0x06),
        make: || Box::new(Fixed(sha3::Sha3_384::new())),
    },
    Algo {
        name: "sha3_512",
        class_name: "sha3_512",
        module: "_sha3",
        digest_size: 64,
        block_size: 72,
        xof: false,
        sha3_suffix: Some(0x06),
        make: || Box::new(Fixed(sha3::Sha3_512::new())),
    },
    Algo {
        name: "shake_128",
        class_name: "shake_128",
        module: "_sha3",
        digest_size: 0,
        block_size: 168,
        xof: true,
        sha3_suffix: Some(0x1f),
        make: || Box::new(Xof(sha3::Shake128::default())),
    },
    Algo {
        name: "shake_256",
        class_name: "shake_256",
        module: "_sha3",
        digest_size: 0,
        block_size: 136,
        xof: true,
        sha3_suffix: Some(0x1f),
        make: || Box::new(Xof(sha3::Shake256::default())),
    },
];

// ---- module inits ----

pub fn init_md5(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let cls = class_of(vm, &MD5);
    d.set_s("MD5Type", Value::Class(cls));
    add_fn(d, "md5", |vm, args, kw| construct(vm, &MD5, args, kw));
    Ok(())
}

pub fn init_sha1(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let cls = class_of(vm, &SHA1);
    d.set_s("SHA1Type", Value::Class(cls));
    add_fn(d, "sha1", |vm, args, kw| construct(vm, &SHA1, args, kw));
    Ok(())
}

pub fn init_sha2(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    for algo in &SHA2 {
        let cls = class_of(vm, algo);
        d.set_s(algo.class_name, Value::Class(cls));
    }
    add_fn(d, "sha224", |vm, args, kw| {
        construct(vm, &SHA2[0], args, kw)
    });
    add_fn(d, "sha256", |vm, args, kw| {
        construct(vm, &SHA2[1], args, kw)
    });
    add_fn(d, "sha384", |vm, args, kw| {
        construct(vm, &SHA2[2], args, kw)
    });
    add_fn(d, "sha512", |vm, args, kw| {
        construct(vm, &SHA2[3], args, kw)
    });
    Ok(())
}

pub fn init_sha3(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let news: [NativeFn; 6] = [
        |vm, args, kw| construct(vm, &SHA3[0], &args[1.min(args.len())..], kw),
        |vm, args, kw| construct(vm, &SHA3[1], &args[1.min(args.len())..], kw),
        |vm, args, kw| construct(vm, &SHA3[2], &args[1.min(args.len())..], kw),
        |vm, args, kw| construct(vm, &SHA3[3], &args[1.min(args.len())..], kw),
        |vm, args, kw| construct(vm, &SHA3[4], &args[1.min(args.len())..], kw),
        |vm, args, kw| construct(vm, &SHA3[5], &args[1.min(args.len())..], kw),
    ];
    for (algo, new) in SHA3.iter().zip(news) {
        let cls = class_of(vm, algo);
        add_method(&cls, algo.class_name, "__new__", new);
        d.set_s(algo.name, Value::Class(cls));
    }
    d.set_s("implementation", Value::str("RustCrypto sha3"));
    Ok(())
}

// ---- classes and objects ----

/// The class of `algo`'s objects in this interpreter, made on first use.
fn class_of(vm: &mut Vm, algo: &Algo) -> Rc<Class> {
    let st = vm.shared_state::<HashClasses>();
    if let Some(c) = st.0.borrow().get(algo.name) {
        return c.clone();
    }
    let cls = rupy_objects::vm::derived(algo.class_name, &vm.object);
    cls.dict().set_s("__module__", Value::str(algo.module));
    let owner = algo.class_name;
    // Classes with a constructor function replace this `__new__` (`_sha3`, `_blake2`).
    add_method(&cls, owner, "__new__", |vm, args, _| {
        let name = match args.first() {
            Some(Value::Class(c)) => rupy_interp::types::class_repr_name(c),
            _ => "hash".to_owned(),
        };
        Err(vm.type_error(format!("cannot create '{}' instances", name)))
    });
    add_method(&cls, owner, "update", hash_update);
    add_method(&cls, owner, "copy", hash_copy);
    if algo.xof {
        add_method(&cls, owner, "digest", |vm, args, kw| {
            xof_digest(vm, args, kw, "digest").map(|d| Value::Bytes(Rc::new(d)))
        });
        add_method(&cls, owner, "hexdigest", |vm, args, kw| {
            xof_digest(vm, args, kw, "hexdigest").map(|d| Value::string(hex(&d)))
        });
    } else {
        add_method(&cls, owner, "digest", |vm, args, kw| {
            fixed_digest(vm, args, kw, "digest").map(|d| Value::Bytes(Rc::new(d)))
        });
        add_method(&cls, owner, "hexdigest", |vm, args, kw| {
            fixed_digest(vm, args, kw, "hexdigest").map(|d| Value::string(hex(&d)))
        });
    }
    add_getter(&cls, owner, "name", |vm, args, _| {
        with_hash(vm, args, |h| Value::str(h.algo.name))
    });
    add_getter(&cls, owner, "digest_size", |vm, args, _| {
        with_hash(vm, args, |h| Value::Int(h.digest_size as i64))
    });
    add_getter(&cls, owner, "block_size", |vm, args, _| {
        with_hash(vm, args, |h| Value::Int(h.algo.block_size as i64))
    });
    if algo.sha3_suffix.is_some() {
        add_getter(&cls, owner, "_rate_bits", |vm, args, _| {
            with_hash(vm, args, |h| Value::Int(h.algo.block_size as i64 * 8))
        });
        add_getter(&cls, owner, "_capacity_bits", |vm, args, _| {
            with_hash(vm, args, |h| {
                Value::Int(1600 - h.algo.block_size as i64 * 8)
            })
        });
        add_getter(&cls, owner, "_suffix", |vm, args, _| {
            with_hash(vm, args, |h| {
                Value::Bytes(Rc::new(vec![h.algo.sha3_suffix.unwrap_or(0)]))
            })
        });
    }
    st.0.borrow_mut().insert(algo.name, cls.clone());
    cls
}

fn new_hash(vm: &mut Vm, algo: &Algo, digest_size: usize, state: Box<dyn Hasher>) -> Value {
    let cls = class_of(vm, algo);
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(HashObj {
            algo: *algo,
            digest_size,
            state,
        })),
    }))
}

fn with_hash<T>(vm: &mut Vm, args: &[Value], f: impl FnOnce(&HashObj) -> T) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Ok(d) = o.data.try_borrow()
        && let Some(h) = d.downcast_ref::<HashObj>()
    {
        return Ok(f(h));
    }
    Err(vm.type_error("descriptor requires a hash object"))
}

/// The bytes to hash: any buffer; `str` has its own message, as in CPython.
fn data_arg(vm: &mut Vm, v: &Value) -> PyResult<Rc<Vec<u8>>> {
    if rupy_interp::types::str::str_of(v).is_some() {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    match crate::support::shared_bytes(v) {
        Some(b) => Ok(b),
        None => Err(vm.type_error("object supporting the buffer API required")),
    }
}

/// Feed `data` in slices, checking for interrupts between them.
fn feed(vm: &mut Vm, state: &mut dyn Hasher, data: &[u8]) -> PyResult<()> {
    for chunk in data.chunks(1 << 20) {
        state.update(chunk);
        rupy_interp::thread::poll_native(vm)?;
    }
    Ok(())
}

/// The initial data of a constructor: positional, `data=` or (3.13's) `string=`.
fn initial_data(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    data: Option<Value>,
    string: Option<Value>,
) -> PyResult<Option<Rc<Vec<u8>>>> {
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "{}() takes at most 1 positional argument ({} given)",
            fname,
            args.len()
        )));
    }
    let data = match (args.first().cloned().or(data), string) {
        (Some(_), Some(_)) => {
            return Err(vm.type_error(
                "'data' and 'string' are mutually exclusive and support for 'string' keyword \
                 parameter is slated for removal in a future version.",
            ));
        }
        (Some(d), None) | (None, Some(d)) => d,
        (None, None) => return Ok(None),
    };
    data_arg(vm, &data).map(Some)
}

/// `md5(data=b'', /, *, usedforsecurity=True, string=None)` and its kin.
fn construct(vm: &mut Vm, algo: &Algo, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let mut data = None;
    let mut string = None;
    for (k, v) in kw {
        match k.as_str() {
            "data" => data = Some(v.clone()),
            "string" => string = Some(v.clone()),
            "usedforsecurity" => {
                ops::truthy(vm, v)?;
            }
            other => {
                return Err(vm.type_error(format!(
                    "{}() got an unexpected keyword argument '{}'",
                    algo.name, other
                )));
            }
        }
    }
    let initial = initial_data(vm, algo.name, args, data, string)?;
    let mut state = (algo.make)();
    if let Some(d) = initial {
        feed(vm, state.as_mut(), &d)?;
    }
    Ok(new_hash(vm, algo, algo.digest_size, state))
}

fn hash_update(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let name = with_hash(vm, args, |h| h.algo.class_name)?;
    if !kw.is_empty() {
        return Err(vm.type_error(format!("{}.update() takes no keyword arguments", name)));
    }
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "{}.update() takes exactly one argument ({} given)",
            name,
            args.len() - 1
        )));
    }
    let data = data_arg(vm, &args[1])?;
    let Some(Value::Opaque(o)) = args.first() else {
        return Ok(Value::None);
    };
    // Hash a copy of the state, so no borrow of the object is held while polling.
    let mut state = match o.data.borrow().downcast_ref::<HashObj>() {
        Some(h) => h.state.clone_box(),
        None => return Ok(Value::None),
    };
    feed(vm, state.as_mut(), &data)?;
    if let Some(h) = o.data.borrow_mut().downcast_mut::<HashObj>() {
        h.state = state;
    }
    Ok(Value::None)
}

fn hash_copy(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (algo, size, state) =
        with_hash(vm, args, |h| (h.algo, h.digest_size, h.state.clone_box()))?;
    no_args(vm, args, kw, algo.class_name, "copy")?;
    Ok(new_hash(vm, &algo, size, state))
}

fn no_args(vm: &mut Vm, args: &[Value], kw: &KwArgs, cls: &str, name: &str) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("{}.{}() takes no keyword arguments", cls, name)));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "{}.{}() takes no arguments ({} given)",
            cls,
            name,
            args.len() - 1
        )));
    }
    Ok(())
}

fn fixed_digest(vm: &mut Vm, args: &[Value], kw: &KwArgs, name: &str) -> PyResult<Vec<u8>> {
    let (cls, size, out) = with_hash(vm, args, |h| {
        (
            h.algo.class_name,
            h.digest_size,
            h.state.finish(h.digest_size),
        )
    })?;
    no_args(vm, args, kw, cls, name)?;
    Ok(out[..size.min(out.len())].to_vec())
}

fn xof_digest(vm: &mut Vm, args: &[Value], kw: &KwArgs, name: &str) -> PyResult<Vec<u8>> {
    let (cls, state) = with_hash(vm, args, |h| (h.algo.class_name, h.state.clone_box()))?;
    let length = match (args.get(1), kw.first()) {
        (Some(v), None) if args.len() == 2 && kw.is_empty() => v.clone(),
        (None, Some((k, v))) if kw.len() == 1 && k.as_str() == "length" => v.clone(),
        _ if args.len() > 2 || (args.len() == 2 && !kw.is_empty()) => {
            return Err(vm.type_error(format!(
                "{}.{}() takes exactly one argument ({} given)",
                cls,
                name,
                args.len() - 1 + kw.len()
            )));
        }
        (None, Some((k, _))) => {
            return Err(vm.type_error(format!(
                "{}.{}() got an unexpected keyword argument '{}'",
                cls,
                name,
                k.as_str()
            )));
        }
        _ => {
            return Err(vm.type_error(format!(
                "{}.{}() takes exactly one argument (0 given)",
                cls, name
            )));
        }
    };
    let n = match ops::to_index(vm, &length)? {
        Value::Int(i) => i,
        Value::Bool(b) => b.get() as i64,
        Value::BigInt(b) if num_traits::Signed::is_negative(&*b) => -1,
        _ => i64::MAX,
    };
    if n < 0 {
        return Err(vm.value_error("value must be positive"));
    }
    if n >= 1 << 29 {
        return Err(vm.value_error("length is too large"));
    }
    let n = n as usize;
    vm.reserve(n.saturating_mul(3))?;
    Ok(state.finish(n))
}

fn hex(data: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(data.len() * 2);
    for &b in data {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// `_operator._compare_digest(a, b)`: equality of two ASCII strings or two buffers in time
/// that depends only on the length of `b` (what `hmac.compare_digest` is without
/// `_hashlib`).
pub fn compare_digest(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error("_compare_digest() takes no keyword arguments"));
    }
    crate::support::check_positional(vm, "_compare_digest", args, 2, 2)?;
    let (a, b) = (&args[0], &args[1]);
    let sa = rupy_interp::types::str::str_of(a);
    let sb = rupy_interp::types::str::str_of(b);
    let (x, y) = match (sa, sb) {
        (Some(x), Some(y)) => {
            if !x.as_str().is_ascii() || !y.as_str().is_ascii() {
                return Err(
                    vm.type_error("comparing strings with non-ASCII characters is not supported")
                );
            }
            (
                x.as_str().as_bytes().to_vec(),
                y.as_str().as_bytes().to_vec(),
            )
        }
        _ => {
            let ba = rupy_interp::types::bytes::bytes_of(a);
            let bb = rupy_interp::types::bytes::bytes_of(b);
            match (ba, bb) {
                (Some((x, _)), Some((y, _))) => (x, y),
                (None, None) => {
                    let (ta, tb) = (ops::type_name(vm, a), ops::type_name(vm, b));
                    return Err(vm.type_error(format!(
                        "unsupported operand types(s) or combination of types: '{}' and '{}'",
                        ta, tb
                    )));
                }
                (None, _) => return Err(buffer_error(vm, a)),
                (_, None) => return Err(buffer_error(vm, b)),
            }
        }
    };
    Ok(Value::bool(constant_time_eq(&x, &y)))
}

fn buffer_error(vm: &mut Vm, v: &Value) -> rupy_objects::PyErr {
    let t = ops::type_name(vm, v);
    vm.type_error(format!("a bytes-like object is required, not '{}'", t))
}

/// Equal contents, looking at every byte of `b` whatever the answer.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // Compare `b` against itself when the lengths differ, so the work is the same.
    let (left, mut diff) = if a.len() == b.len() {
        (a, 0u8)
    } else {
        (b, 1u8)
    };
    for (x, y) in left.iter().zip(b) {
        diff |= x ^ y;
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hexof(algo: &Algo, data: &[u8]) -> String {
        let mut s = (algo.make)();
        s.update(data);
        hex(&s.finish(algo.digest_size.max(8)))
    }

    #[test]
    fn known_digests() {
        assert_eq!(hexof(&MD5, b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            hexof(&SHA1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hexof(&SHA2[1], b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hexof(&SHA3[1], b""),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
        );
        assert_eq!(hexof(&SHA3[4], b""), "7f9c2ba4e88f827d");
    }

    #[test]
    fn compare_is_exact() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn finishing_keeps_the_state() {
        let mut s = (SHA2[0].make)();
        s.update(b"a");
        let first = s.finish(0);
        assert_eq!(first, s.finish(0));
        s.update(b"b");
        assert_ne!(first, s.finish(0));
    }
}
