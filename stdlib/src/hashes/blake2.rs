//! `_blake2`: BLAKE2b and BLAKE2s objects with CPython's constructor and checks
//! (`digest_size`, `key`, `salt`, `person`), on the RustCrypto `blake2` crate's variable-output
//! cores. A key is hashed as a zero-padded first block, as the BLAKE2 specification says.
//!
//! Known difference: the crate builds the parameter block for sequential hashing only, so
//! the tree-hashing parameters (`fanout`, `depth`, `leaf_size`, `node_offset`, `node_depth`,
//! `inner_size`, `last_node`) are checked as CPython checks them but any value other than
//! the default raises `ValueError`.

use std::rc::Rc;

use blake2::digest::core_api::{BlockSizeUser, Buffer, UpdateCore, VariableOutputCore};
use blake2::digest::{Output, typenum::Unsigned};
use blake2::{Blake2bVarCore, Blake2sVarCore};
use rupy_interp::builtins::args::add_method;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

use super::{Algo, Hasher, class_of, feed, initial_data, new_hash};

/// A BLAKE2 hasher over one of the crate's cores (`$core`), with its block buffer (lazy:
/// the last block is finalised differently), and `$make`, which builds one from the
/// parameters (all already checked against the variant's limits).
macro_rules! blake_hasher {
    ($name:ident, $core:ty, $make:ident) => {
        #[derive(Clone)]
        struct $name {
            core: $core,
            buffer: Buffer<$core>,
        }

        impl Hasher for $name {
            fn update(&mut self, data: &[u8]) {
                let Self { core, buffer } = self;
                buffer.digest_blocks(data, |blocks| core.update_blocks(blocks));
            }
            fn finish(&self, len: usize) -> Vec<u8> {
                let mut core = self.core.clone();
                let mut buffer = self.buffer.clone();
                let mut out = Output::<$core>::default();
                core.finalize_variable_core(&mut buffer, &mut out);
                out[..len.min(out.len())].to_vec()
            }
            fn clone_box(&self) -> Box<dyn Hasher> {
                Box::new(self.clone())
            }
        }

        fn $make(key: &[u8], salt: &[u8], person: &[u8], size: usize) -> Box<dyn Hasher> {
            let core = <$core>::new_with_params(salt, person, key.len(), size);
            let buffer = if key.is_empty() {
                Buffer::<$core>::default()
            } else {
                let mut block = vec![0u8; <$core as BlockSizeUser>::BlockSize::USIZE];
                block[..key.len()].copy_from_slice(key);
                Buffer::<$core>::new(&block)
            };
            Box::new($name { core, buffer })
        }
    };
}

blake_hasher!(Blake2b, Blake2bVarCore, make_b);
blake_hasher!(Blake2s, Blake2sVarCore, make_s);

/// The sizes of one BLAKE2 variant.
pub(super) struct Variant {
    pub(super) algo: Algo,
    /// Largest digest and key, in bytes.
    max: usize,
    /// Salt and personalisation length.
    salt: usize,
    /// `node_offset` bound (BLAKE2s keeps 48 bits of it).
    max_node_offset: u64,
    make: MakeKeyed,
}

/// Builds a hasher from (key, salt, person, digest size).
type MakeKeyed = fn(&[u8], &[u8], &[u8], usize) -> Box<dyn Hasher>;

pub(super) static BLAKE2B: Variant = Variant {
    algo: Algo {
        name: "blake2b",
        class_name: "blake2b",
        module: "_blake2",
        digest_size: 64,
        block_size: 128,
        xof: false,
        sha3_suffix: None,
        make: || make_b(&[], &[], &[], 64),
    },
    max: 64,
    salt: 16,
    max_node_offset: u64::MAX,
    make: make_b,
};

pub(super) static BLAKE2S: Variant = Variant {
    algo: Algo {
        name: "blake2s",
        class_name: "blake2s",
        module: "_blake2",
        digest_size: 32,
        block_size: 64,
        xof: false,
        sha3_suffix: None,
        make: || make_s(&[], &[], &[], 32),
    },
    max: 32,
    salt: 8,
    max_node_offset: (1 << 48) - 1,
    make: make_s,
};

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    for (v, prefix) in [(&BLAKE2B, "BLAKE2B"), (&BLAKE2S, "BLAKE2S")] {
        let cls = class_of(vm, &v.algo);
        let new: rupy_objects::NativeFn = if v.algo.name == "blake2b" {
            |vm, args, kw| blake_new(vm, &BLAKE2B, args, kw)
        } else {
            |vm, args, kw| blake_new(vm, &BLAKE2S, args, kw)
        };
        add_method(&cls, v.algo.class_name, "__new__", new);
        for (name, n) in [
            ("SALT_SIZE", v.salt),
            ("PERSON_SIZE", v.salt),
            ("MAX_KEY_SIZE", v.max),
            ("MAX_DIGEST_SIZE", v.max),
        ] {
            cls.dict().set_s(name, Value::Int(n as i64));
            d.set_s(&format!("{}_{}", prefix, name), Value::Int(n as i64));
        }
        d.set_s(v.algo.name, Value::Class(cls));
    }
    Ok(())
}

/// A non-negative integer argument (CPython's "value must be positive" below zero).
fn unsigned(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    match ops::to_index(vm, v)? {
        Value::Int(i) if i < 0 => Err(vm.value_error("value must be positive")),
        Value::Int(i) => Ok(i as u64),
        Value::Bool(b) => Ok(b.get() as u64),
        Value::BigInt(b) if num_traits::Signed::is_negative(&*b) => {
            Err(vm.value_error("value must be positive"))
        }
        _ => Ok(u64::MAX),
    }
}

fn small_int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match ops::to_index(vm, v)? {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b.get() as i64),
        _ => Err(vm.err(
            ExcKind::OverflowError,
            "Python int too large to convert to C int",
        )),
    }
}

fn blake_new(vm: &mut Vm, v: &Variant, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let name = v.algo.name;
    let args = &args[1.min(args.len())..];
    let mut data = None;
    let mut string = None;
    let mut digest_size = None;
    let mut key = None;
    let mut salt = None;
    let mut person = None;
    let mut fanout = None;
    let mut depth = None;
    let mut leaf_size = None;
    let mut node_offset = None;
    let mut node_depth = None;
    let mut inner_size = None;
    let mut last_node = None;
    for (k, val) in kw {
        let slot = match k.as_str() {
            "data" => &mut data,
            "string" => &mut string,
            "digest_size" => &mut digest_size,
            "key" => &mut key,
            "salt" => &mut salt,
            "person" => &mut person,
            "fanout" => &mut fanout,
            "depth" => &mut depth,
            "leaf_size" => &mut leaf_size,
            "node_offset" => &mut node_offset,
            "node_depth" => &mut node_depth,
            "inner_size" => &mut inner_size,
            "last_node" => &mut last_node,
            "usedforsecurity" => {
                ops::truthy(vm, val)?;
                continue;
            }
            other => {
                return Err(vm.type_error(format!(
                    "{}() got an unexpected keyword argument '{}'",
                    name, other
                )));
            }
        };
        *slot = Some(val.clone());
    }
    let initial = initial_data(vm, name, args, data, string)?;
    let size = match &digest_size {
        Some(s) => small_int(vm, s)?,
        None => v.max as i64,
    };
    if !(1..=v.max as i64).contains(&size) {
        return Err(vm.value_error(format!("digest_size must be between 1 and {} bytes", v.max)));
    }
    let bytes_of = |vm: &mut Vm, x: &Option<Value>| -> PyResult<Vec<u8>> {
        match x {
            Some(x) => crate::support::buffer(vm, x).map(|b| b.to_vec()),
            None => Ok(Vec::new()),
        }
    };
    let salt = bytes_of(vm, &salt)?;
    if salt.len() > v.salt {
        return Err(vm.value_error(format!("maximum salt length is {} bytes", v.salt)));
    }
    let person = bytes_of(vm, &person)?;
    if person.len() > v.salt {
        return Err(vm.value_error(format!("maximum person length is {} bytes", v.salt)));
    }
    let mut tree = false;
    if let Some(f) = &fanout {
        let f = small_int(vm, f)?;
        if !(0..=255).contains(&f) {
            return Err(vm.value_error("fanout must be between 0 and 255"));
        }
        tree |= f != 1;
    }
    if let Some(d) = &depth {
        let d = small_int(vm, d)?;
        if !(1..=255).contains(&d) {
            return Err(vm.value_error("depth must be between 1 and 255"));
        }
        tree |= d != 1;
    }
    if let Some(l) = &leaf_size {
        let l = unsigned(vm, l)?;
        if l > u32::MAX as u64 {
            return Err(vm.err(ExcKind::OverflowError, "leaf_size is too large"));
        }
        tree |= l != 0;
    }
    if let Some(o) = &node_offset {
        let o = unsigned(vm, o)?;
        if o > v.max_node_offset {
            return Err(vm.err(ExcKind::OverflowError, "node_offset is too large"));
        }
        tree |= o != 0;
    }
    if let Some(d) = &node_depth {
        let d = small_int(vm, d)?;
        if !(0..=255).contains(&d) {
            return Err(vm.value_error("node_depth must be between 0 and 255"));
        }
        tree |= d != 0;
    }
    if let Some(i) = &inner_size {
        let i = small_int(vm, i)?;
        if !(0..=v.max as i64).contains(&i) {
            return Err(vm.value_error(format!("inner_size must be between 0 and is {}", v.max)));
        }
        tree |= i != 0;
    }
    let key = bytes_of(vm, &key)?;
    if key.len() > v.max {
        return Err(vm.value_error(format!("maximum key length is {} bytes", v.max)));
    }
    if let Some(l) = &last_node {
        tree |= ops::truthy(vm, l)?;
    }
    if tree {
        return Err(vm.value_error(format!(
            "{}: tree hashing parameters (fanout, depth, leaf_size, node_offset, node_depth, \
             inner_size, last_node) are not supported",
            name
        )));
    }
    let mut state = (v.make)(&key, &salt, &person, size as usize);
    if let Some(d) = initial {
        feed(vm, state.as_mut(), &d)?;
    }
    Ok(new_hash(vm, &v.algo, size as usize, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashes::hex;

    #[test]
    fn keyed_and_salted_match_cpython() {
        let mut h = make_b(b"k", b"s", b"p", 16);
        h.update(b"abc");
        assert_eq!(hex(&h.finish(16)), "2384c8bdb172cede006930ab820cbe76");
        let mut h = make_s(b"key", b"", b"", 32);
        h.update(b"abc");
        assert_eq!(
            hex(&h.finish(32)),
            "3f9723437b033bf0c1f4df43cafd0776068cb0a95912de13f3b2952a3aba764d"
        );
        let mut h = make_b(b"", b"", b"", 16);
        h.update(b"abc");
        assert_eq!(hex(&h.finish(16)), "cf4ab791c62b8d2b2109c90275287816");
    }
}
