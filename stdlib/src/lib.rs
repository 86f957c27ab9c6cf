//! The modules rupy ships, implemented in Rust (or as embedded Python source), and
//! `init`, which registers them all in an interpreter's inittab. Without `init` only the
//! builtins exist — the starting point for a sandboxed interpreter.
#![deny(unsafe_code)]

pub mod array;
pub mod atexit;
pub mod binascii;
pub mod bisect;
pub mod codecs;
pub mod collections;
pub mod contextvars;
pub mod csv;
pub mod errno;
mod errno_table;
pub mod frozen;
pub mod functools;
pub mod gc;
pub mod hashes;
pub mod heapq;
pub mod interpqueues;
pub mod interpreters;
pub mod io;
pub mod math;
pub mod operator;
pub mod posix;
pub mod random;
pub mod sre;
pub mod stat;
pub mod structmod;
pub mod support;
pub mod sys;
pub mod thread;
pub mod time;
pub mod traceback;
pub mod typing;
pub mod weakref;
pub mod zlib;

use rupy_interp::import::{ModuleInit, append_inittab};
use rupy_objects::Vm;

/// CPython's `Lib/`, embedded by `build.rs`.
mod pylib {
    include!(concat!(env!("OUT_DIR"), "/pylib.rs"));
}

/// Register every shipped module and create `sys`.
pub fn init(vm: &mut Vm, argv: Vec<String>) {
    rupy_interp::libfiles::install(pylib::FILES);
    interpreters::registry::set_main_argv(&argv);
    sys::create(vm, argv);
    append_inittab(vm, "sys", ModuleInit::Native(sys::reinit));
    append_inittab(vm, "traceback", ModuleInit::Native(traceback::init));
    append_inittab(vm, "gc", ModuleInit::Native(gc::init));
    append_inittab(vm, "math", ModuleInit::Native(math::init));
    append_inittab(vm, "_time", ModuleInit::Native(time::init));
    append_inittab(vm, "_thread", ModuleInit::Native(thread::init));
    vm.shared_state::<thread::MainBreaker>()
        .set(vm.thread.holder.breaker.clone());
    append_inittab(vm, "_sre", ModuleInit::Native(sre::init));
    append_inittab(vm, "_bisect", ModuleInit::Native(bisect::init));
    append_inittab(vm, "_heapq", ModuleInit::Native(heapq::init));
    append_inittab(vm, "_operator", ModuleInit::Native(operator::init));
    append_inittab(vm, "_functools", ModuleInit::Native(functools::init));
    append_inittab(vm, "binascii", ModuleInit::Native(binascii::init));
    append_inittab(vm, "zlib", ModuleInit::Native(zlib::init));
    append_inittab(vm, "_md5", ModuleInit::Native(hashes::init_md5));
    append_inittab(vm, "_sha1", ModuleInit::Native(hashes::init_sha1));
    append_inittab(vm, "_sha2", ModuleInit::Native(hashes::init_sha2));
    append_inittab(vm, "_sha3", ModuleInit::Native(hashes::init_sha3));
    append_inittab(vm, "_blake2", ModuleInit::Native(hashes::init_blake2));
    append_inittab(vm, "_hmac", ModuleInit::Native(hashes::init_hmac));
    append_inittab(vm, "array", ModuleInit::Native(array::init));
    append_inittab(vm, "_csv", ModuleInit::Native(csv::init));
    append_inittab(vm, "_struct", ModuleInit::Native(structmod::init));
    append_inittab(vm, "_collections", ModuleInit::Native(collections::init));
    append_inittab(vm, "_contextvars", ModuleInit::Native(contextvars::init));
    append_inittab(vm, "_typing", ModuleInit::Native(typing::init));
    append_inittab(vm, "_weakref", ModuleInit::Native(weakref::init));
    append_inittab(vm, "_random", ModuleInit::Native(random::init));
    append_inittab(vm, "_codecs", ModuleInit::Native(codecs::init));
    append_inittab(vm, "atexit", ModuleInit::Native(atexit::init));
    append_inittab(vm, "_interpreters", ModuleInit::Native(interpreters::init));
    append_inittab(vm, "_io", ModuleInit::Native(io::init));
    io::install_open(vm);
    append_inittab(vm, "_interpqueues", ModuleInit::Native(interpqueues::init));
    append_inittab(vm, "posix", ModuleInit::Native(posix::init));
    append_inittab(vm, "errno", ModuleInit::Native(errno::init));
    append_inittab(vm, "_stat", ModuleInit::Native(stat::init));
    for (name, src) in frozen::MODULES {
        append_inittab(vm, name, ModuleInit::Source(src));
    }
    append_inittab(vm, "__future__", ModuleInit::Source("annotations = None\n"));
    sys::set_builtin_module_names(vm);
}
