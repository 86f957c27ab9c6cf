//! `_random`: the Mersenne Twister (MT19937) generator behind CPython's `random` module,
//! seeded exactly as CPython seeds it, so `random.seed(42)` gives CPython's sequence.
//!
//! Seeding: an int seeds with the 32-bit words of its absolute value, least significant
//! first (`init_by_array`); any other object with the absolute value of its hash; None with
//! bytes from the operating system. `random()` combines two outputs into a 53-bit float;
//! `getrandbits(k)` fills `k` bits from successive 32-bit outputs, least significant word
//! first. `Random` is subclassable (`random.Random` derives from it): an instance of a
//! subclass carries the generator as its builtin payload.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};
use rupy_interp::builtins::args::{add_method, arity};
use rupy_interp::ops;
use rupy_objects::class::{Instance, Payload};
use rupy_objects::{KwArgs, Opaque, PyDict, PyResult, Value, Vm};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER: u32 = 0x8000_0000;
const LOWER: u32 = 0x7fff_ffff;

/// One generator's state.
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
        };
        m.init_genrand(5489);
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    fn twist(&mut self) {
        let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        for k in 0..N {
            let y = (self.state[k] & UPPER) | (self.state[(k + 1) % N] & LOWER);
            self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ mag(y);
        }
        self.index = 0;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }
}

#[derive(Default)]
struct RandomType(RefCell<Option<Rc<rupy_objects::Class>>>);

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let c = rupy_objects::vm::derived("Random", &vm.object);
    c.dict().set_s("__module__", Value::str("_random"));
    add_method(&c, "Random", "__new__", random_new);
    add_method(&c, "Random", "__init__", |_, _, _| Ok(Value::None));
    add_method(&c, "Random", "random", |vm, a, _| {
        arity(vm, "random", a, 1, 1)?;
        with_mt(vm, &a[0], |m| Value::float(m.random()))
    });
    add_method(&c, "Random", "seed", random_seed);
    add_method(&c, "Random", "getstate", random_getstate);
    add_method(&c, "Random", "setstate", random_setstate);
    add_method(&c, "Random", "getrandbits", random_getrandbits);
    *vm.shared_state::<RandomType>().0.borrow_mut() = Some(c.clone());
    d.set_s("Random", Value::Class(c));
    Ok(())
}

fn generator(vm: &mut Vm, v: &Value) -> PyResult<Rc<Opaque>> {
    let inner = match v {
        Value::Opaque(o) => Some(o.clone()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Opaque(o) => Some(o.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    match inner {
        Some(o) if o.data.borrow().is::<RefCell<Mt>>() => Ok(o),
        _ => Err(vm.type_error("descriptor requires a '_random.Random' object")),
    }
}

fn with_mt<T>(vm: &mut Vm, v: &Value, f: impl FnOnce(&mut Mt) -> T) -> PyResult<T> {
    let o = generator(vm, v)?;
    let data = o.data.borrow();
    let cell = data
        .downcast_ref::<RefCell<Mt>>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_random.Random' object"))?;
    let r = f(&mut cell.borrow_mut());
    Ok(r)
}

fn random_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let Some(Value::Class(cls)) = args.first() else {
        return Err(vm.type_error("Random.__new__(X): X is not a type object"));
    };
    let base = vm.shared_state::<RandomType>().0.borrow().clone();
    let exact = base.as_ref().is_some_and(|b| Rc::ptr_eq(b, cls));
    if exact && !kw.is_empty() {
        return Err(vm.type_error("Random() takes no keyword arguments"));
    }
    if exact && args.len() > 2 {
        return Err(vm.type_error(format!(
            "Random() expected at most 1 argument, got {}",
            args.len() - 1
        )));
    }
    let core = Rc::new(Opaque {
        class: base.unwrap_or_else(|| cls.clone()),
        data: RefCell::new(Box::new(RefCell::new(Mt::new()))),
    });
    let obj = if exact {
        Value::Opaque(core)
    } else {
        Value::new_instance(Instance::new(
            cls.clone(),
            Payload::Value(RefCell::new(Value::Opaque(core))),
        ))
    };
    // CPython seeds at creation (from the argument, or from the OS).
    let seed_arg = if exact { args.get(1).cloned() } else { None };
    random_seed(vm, &[obj.clone(), seed_arg.unwrap_or(Value::None)], &[])?;
    Ok(obj)
}

/// The 32-bit words of `|n|`, least significant first (at least one).
fn words_of(n: &BigInt) -> Vec<u32> {
    let (_, mut digits) = n.abs().to_u32_digits();
    if digits.is_empty() {
        digits.push(0);
    }
    digits
}

fn random_seed(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "seed", args, 1, 2)?;
    let arg = args.get(1).cloned().unwrap_or(Value::None);
    let key: Vec<u32> = match &arg {
        Value::None => {
            let mut bytes = [0u8; N * 4];
            if getrandom_fill(&mut bytes).is_err() {
                // No OS randomness: the time and the address of the state, as a last resort.
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                for (i, b) in t.to_le_bytes().iter().enumerate() {
                    bytes[i] = *b;
                }
            }
            bytes
                .chunks(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        }
        Value::Int(i) => words_of(&BigInt::from(*i)),
        Value::Bool(b) => words_of(&BigInt::from(b.get() as i64)),
        Value::BigInt(b) => words_of(b),
        other => {
            let h = ops::hash(vm, other)?;
            words_of(&BigInt::from(h))
        }
    };
    with_mt(vm, &args[0], |m| m.init_by_array(&key))?;
    Ok(Value::None)
}

fn getrandom_fill(buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")?.read_exact(buf)
}

fn random_getstate(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "getstate", args, 1, 1)?;
    with_mt(vm, &args[0], |m| {
        let mut items: Vec<Value> = m.state.iter().map(|w| Value::Int(*w as i64)).collect();
        items.push(Value::Int(m.index as i64));
        Value::tuple(items)
    })
}

fn random_setstate(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "setstate", args, 2, 2)?;
    let Value::Tuple(t) = &args[1] else {
        return Err(vm.type_error("state vector must be a tuple"));
    };
    if t.len() != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut state = [0u32; N];
    for (slot, v) in state.iter_mut().zip(t.iter()) {
        let n = ops::index_of(vm, v)?;
        *slot = u32::try_from(n).map_err(|_| {
            vm.err(
                rupy_objects::exc_kinds::ExcKind::OverflowError,
                "Python int too large to convert to C unsigned long",
            )
        })?;
    }
    let index = ops::index_of(vm, &t[N])?;
    if !(0..=N as i64).contains(&index) {
        return Err(vm.value_error("invalid state"));
    }
    with_mt(vm, &args[0], |m| {
        m.state = state;
        m.index = index as usize;
    })?;
    Ok(Value::None)
}

fn random_getrandbits(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "getrandbits", args, 2, 2)?;
    let k = ops::index_of(vm, &args[1])?;
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::Int(0));
    }
    if k <= 32 {
        return with_mt(vm, &args[0], |m| {
            Value::Int((m.next_u32() >> (32 - k)) as i64)
        });
    }
    let k = k as usize;
    vm.reserve(k / 8)?;
    let words = k.div_ceil(32);
    let digits = with_mt(vm, &args[0], |m| {
        let mut out = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut r = m.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            out.push(r);
            left = left.saturating_sub(32);
        }
        out
    })?;
    let n = BigInt::from_slice(Sign::Plus, &digits);
    Ok(match n.to_i64() {
        Some(i) => Value::Int(i),
        None if n.is_zero() => Value::Int(0),
        None => Value::BigInt(Rc::new(n)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference output of MT19937 seeded with init_by_array([0x123, 0x234, 0x345,
    /// 0x456]) starts 1067595299, 955945823, 477289528 (the published test vector).
    #[test]
    fn reference_vector() {
        let mut m = Mt::new();
        m.init_by_array(&[0x123, 0x234, 0x345, 0x456]);
        assert_eq!(
            [m.next_u32(), m.next_u32(), m.next_u32()],
            [1_067_595_299, 955_945_823, 477_289_528]
        );
    }
}
