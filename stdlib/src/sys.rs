//! `sys`: argv, path, modules, the standard streams, exit, the recursion limit, version
//! information and `exc_info`/`exception`.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::builtins::io::std_stream;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::Module;
use rupy_objects::{KwArgs, PyDict, PyErr, PyResult, Truth, Value, Vm};

/// Create the `sys` module and record it in `sys.modules` (done once at start-up, because the
/// builtins write through `sys.stdout`).
pub fn create(vm: &mut Vm, argv: Vec<String>) {
    let d = PyDict::new_rc();
    d.set_s("__name__", Value::str("sys"));
    d.set_s("__doc__", Value::None);
    let script_dir = match argv.first().map(|s| s.as_str()) {
        Some("-c") | None | Some("") => String::new(),
        Some(path) => match std::path::Path::new(path).parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_string_lossy().into_owned(),
            _ => String::new(),
        },
    };
    d.set_s(
        "argv",
        Value::list(argv.iter().map(|a| Value::str(a)).collect()),
    );
    d.set_s(
        "orig_argv",
        Value::list(argv.iter().map(|a| Value::str(a)).collect()),
    );
    // The script's folder, then PYTHONPATH, then the embedded standard library.
    let mut path = vec![Value::string(script_dir)];
    if let Ok(pp) = std::env::var("PYTHONPATH") {
        path.extend(pp.split(':').filter(|p| !p.is_empty()).map(Value::str));
    }
    path.push(Value::str(rupy_interp::libfiles::LIB_DIR));
    d.set_s("path", Value::list(path));
    d.set_s("modules", Value::Dict(vm.modules.clone()));
    let (i, o, e) = (std_stream(vm, 0), std_stream(vm, 1), std_stream(vm, 2));
    d.set_s("stdin", i.clone());
    d.set_s("stdout", o.clone());
    d.set_s("stderr", e.clone());
    d.set_s("__stdin__", i);
    d.set_s("__stdout__", o);
    d.set_s("__stderr__", e);
    d.set_s("maxsize", Value::Int(i64::MAX));
    d.set_s(
        "byteorder",
        Value::str(if cfg!(target_endian = "little") {
            "little"
        } else {
            "big"
        }),
    );
    d.set_s(
        "platform",
        Value::str(if cfg!(target_os = "linux") {
            "linux"
        } else {
            std::env::consts::OS
        }),
    );
    d.set_s("version", Value::str("3.14.0 (rupy 0.1.0)"));

    d.set_s("hexversion", Value::Int(0x030e00f0));
    if let Err(e) = add_struct_seqs(vm, &d) {
        // Only a failure to create a class could land here; keep sys usable without them.
        drop(e);
    }
    // Read once per process: every interpreter's `sys` has it, and a readlink is not free.
    static EXECUTABLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let exe = EXECUTABLE.get_or_init(|| {
        std::env::current_exe()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    d.set_s("executable", Value::str(exe));
    d.set_s(
        "builtin_module_names",
        Value::tuple(vec![Value::str("builtins"), Value::str("sys")]),
    );
    d.set_s("maxunicode", Value::Int(0x10ffff));
    d.set_s("warnoptions", Value::list(Vec::new()));
    d.set_s("_xoptions", Value::Dict(PyDict::new_rc()));
    // The embedded standard library lives under /rupy/lib/python3.14 (see interp::libfiles).
    for name in ["prefix", "base_prefix", "exec_prefix", "base_exec_prefix"] {
        d.set_s(name, Value::str("/rupy"));
    }
    d.set_s("platlibdir", Value::str("lib"));
    d.set_s("pycache_prefix", Value::None);
    d.set_s("abiflags", Value::str(""));
    d.set_s("float_repr_style", Value::str("short"));
    d.set_s("api_version", Value::Int(1013));
    d.set_s("meta_path", Value::list(Vec::new()));
    d.set_s("path_hooks", Value::list(Vec::new()));
    d.set_s("path_importer_cache", Value::Dict(PyDict::new_rc()));
    add_fn(&d, "getdefaultencoding", |_, _, _| Ok(Value::str("utf-8")));
    add_fn(&d, "getfilesystemencoding", |_, _, _| {
        Ok(Value::str("utf-8"))
    });
    add_fn(&d, "getfilesystemencodeerrors", |_, _, _| {
        Ok(Value::str("surrogateescape"))
    });
    add_fn(&d, "is_finalizing", |_, _, _| Ok(Value::Bool(Truth::False)));
    // No tracing or profiling hooks exist: these report that honestly.
    add_fn(&d, "gettrace", |_, _, _| Ok(Value::None));
    add_fn(&d, "getprofile", |_, _, _| Ok(Value::None));
    add_fn(&d, "audit", |_, _, _| Ok(Value::None));
    d.set_s("dont_write_bytecode", Value::Bool(Truth::True));
    add_fn(&d, "exit", sys_exit);
    add_fn(&d, "_getframe", sys_getframe);
    add_fn(&d, "_getframemodulename", sys_getframemodulename);
    add_fn(&d, "getswitchinterval", |vm, _, _| {
        Ok(Value::float(vm.thread.gil.interval_us() as f64 / 1e6))
    });
    add_fn(&d, "setswitchinterval", sys_setswitchinterval);
    add_fn(&d, "getrecursionlimit", sys_getrecursionlimit);
    add_fn(&d, "setrecursionlimit", sys_setrecursionlimit);
    add_fn(&d, "exc_info", sys_exc_info);
    add_fn(&d, "exception", sys_exception);
    add_fn(&d, "intern", sys_intern);
    add_fn(&d, "getsizeof", sys_getsizeof);
    add_fn(&d, "getrefcount", sys_getrefcount);
    add_fn(&d, "get_int_max_str_digits", sys_get_int_max_str_digits);
    add_fn(&d, "set_int_max_str_digits", sys_set_int_max_str_digits);
    let m = Value::Module(Rc::new(Module {
        name: vm.intern("sys"),
        dict: d.clone(),
    }));
    vm.modules.set_s("sys", m);
    let bname = vm.intern("builtins");
    let bmod = Value::Module(Rc::new(Module {
        name: bname,
        dict: vm.builtins.clone(),
    }));
    vm.modules.set_s("builtins", bmod);
    vm.sys_dict = Some(d);
}

/// `version_info`, `flags`, `float_info`, `int_info`, `hash_info`, `thread_info` (struct
/// sequences, as CPython's) and `implementation` (a SimpleNamespace).
fn add_struct_seqs(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    use rupy_interp::types::structseq::{Spec, single};
    let version_info = single(
        vm,
        &Spec {
            module: "sys",
            name: "version_info",
            fields: &["major", "minor", "micro", "releaselevel", "serial"],
            n_sequence: 5,
        },
        vec![
            Value::Int(3),
            Value::Int(14),
            Value::Int(0),
            Value::str("final"),
            Value::Int(0),
        ],
    )?;
    d.set_s("version_info", version_info.clone());
    const FLAGS: &[&str] = &[
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
        "gil",
        "thread_inherit_context",
        "context_aware_warnings",
    ];
    let values: Vec<Value> = FLAGS
        .iter()
        .map(|f| match *f {
            "dont_write_bytecode" | "hash_randomization" | "gil" => Value::Int(1),
            "int_max_str_digits" => Value::Int(4300),
            "dev_mode" | "safe_path" | "thread_inherit_context" | "context_aware_warnings" => {
                Value::Bool(Truth::False)
            }
            _ => Value::Int(0),
        })
        .collect();
    let flags = single(
        vm,
        &Spec {
            module: "sys",
            name: "flags",
            fields: FLAGS,
            n_sequence: FLAGS.len(),
        },
        values,
    )?;
    d.set_s("flags", flags);
    let float_info = single(
        vm,
        &Spec {
            module: "sys",
            name: "float_info",
            fields: &[
                "max",
                "max_exp",
                "max_10_exp",
                "min",
                "min_exp",
                "min_10_exp",
                "dig",
                "mant_dig",
                "epsilon",
                "radix",
                "rounds",
            ],
            n_sequence: 11,
        },
        vec![
            Value::float(f64::MAX),
            Value::Int(f64::MAX_EXP as i64),
            Value::Int(f64::MAX_10_EXP as i64),
            Value::float(f64::MIN_POSITIVE),
            Value::Int(f64::MIN_EXP as i64),
            Value::Int(f64::MIN_10_EXP as i64),
            Value::Int(f64::DIGITS as i64),
            Value::Int(f64::MANTISSA_DIGITS as i64),
            Value::float(f64::EPSILON),
            Value::Int(f64::RADIX as i64),
            Value::Int(1),
        ],
    )?;
    d.set_s("float_info", float_info);
    let int_info = single(
        vm,
        &Spec {
            module: "sys",
            name: "int_info",
            fields: &[
                "bits_per_digit",
                "sizeof_digit",
                "default_max_str_digits",
                "str_digits_check_threshold",
            ],
            n_sequence: 4,
        },
        vec![
            Value::Int(30),
            Value::Int(4),
            Value::Int(4300),
            Value::Int(640),
        ],
    )?;
    d.set_s("int_info", int_info);
    let hash_info = single(
        vm,
        &Spec {
            module: "sys",
            name: "hash_info",
            fields: &[
                "width",
                "modulus",
                "inf",
                "nan",
                "imag",
                "algorithm",
                "hash_bits",
                "seed_bits",
                "cutoff",
            ],
            n_sequence: 9,
        },
        vec![
            Value::Int(64),
            Value::Int((1i64 << 61) - 1),
            Value::Int(314159),
            Value::Int(0),
            Value::Int(1000003),
            Value::str("siphash13"),
            Value::Int(64),
            Value::Int(128),
            Value::Int(0),
        ],
    )?;
    d.set_s("hash_info", hash_info);
    let thread_info = single(
        vm,
        &Spec {
            module: "sys",
            name: "thread_info",
            fields: &["name", "lock", "version"],
            n_sequence: 3,
        },
        vec![Value::str("pthread"), Value::str("mutex+cond"), Value::None],
    )?;
    d.set_s("thread_info", thread_info);
    let implementation = rupy_interp::types::namespace::new(
        vm,
        &[
            ("name", Value::str("rupy")),
            ("cache_tag", Value::None),
            ("version", version_info),
            ("hexversion", Value::Int(0x030e00f0)),
            ("_multiarch", Value::str("x86_64-linux-gnu")),
        ],
    );
    d.set_s("implementation", implementation);
    Ok(())
}

/// `import sys` after `sys` was removed from `sys.modules`: hand back the original.
pub fn reinit(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    if let Some(orig) = vm.sys_dict.clone() {
        for (k, v) in orig.entries() {
            if let Value::Str(s) = k {
                d.set_str(s, v);
            }
        }
    }
    Ok(())
}

fn depth_arg(vm: &mut Vm, fname: &str, args: &[Value], kw: &KwArgs) -> PyResult<usize> {
    arity(vm, fname, args, 0, 1)?;
    let v = match (args.first(), kw.iter().find(|(k, _)| k.as_str() == "depth")) {
        (Some(v), _) => v.clone(),
        (None, Some((_, v))) => v.clone(),
        (None, None) => return Ok(0),
    };
    let n = ops::index_of(vm, &v)?;
    Ok(n.max(0) as usize)
}

/// `sys._getframe(depth=0)`: the frame `depth` calls out from the caller's.
fn sys_getframe(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let depth = depth_arg(vm, "_getframe", args, kw)?;
    match rupy_interp::types::frame::frame_at(vm, depth) {
        Some(f) => Ok(f),
        None => Err(vm.value_error("call stack is not deep enough")),
    }
}

/// `sys._getframemodulename(depth=0)`: the `__name__` of that frame's module, or None.
fn sys_getframemodulename(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let depth = depth_arg(vm, "_getframemodulename", args, kw)?;
    let n = vm.frames.len();
    if depth >= n {
        return Ok(Value::None);
    }
    let g = vm.frames[n - 1 - depth].func.globals.clone();
    Ok(g.get_s("__name__").unwrap_or(Value::None))
}

fn sys_exit(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "exit", args, 0, 1)?;
    // sys.exit(None) is a SystemExit without arguments, as in CPython.
    // (and a tuple status becomes the exception's args).
    let args = match args.first() {
        Some(Value::None) => Vec::new(),
        Some(Value::Tuple(t)) => (**t).clone(),
        _ => args.to_vec(),
    };
    let e = rupy_interp::exceptions::new_exception(vm.exc(ExcKind::SystemExit), args);
    Err(PyErr::from_obj(e))
}

/// `sys.setswitchinterval(seconds)`: how long a thread waiting for this interpreter's GIL
/// lets the holder run before asking it to drop (stored in whole microseconds, at least 1).
fn sys_setswitchinterval(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "setswitchinterval", args, 1, 1)?;
    let secs = match &args[0] {
        v @ (Value::Float(_)
        | Value::Int(_)
        | Value::Bool(_)
        | Value::BigInt(_)
        | Value::Instance(_)) => ops::to_f64(vm, v)?,
        v => {
            let t = ops::type_name(vm, v);
            return Err(vm.type_error(format!("must be real number, not {}", t)));
        }
    };
    if secs.is_nan() || secs <= 0.0 {
        return Err(vm.value_error("switch interval must be strictly positive"));
    }
    let us = (secs * 1e6).min(u64::MAX as f64) as u64;
    vm.thread.gil.set_interval_us(us);
    Ok(Value::None)
}

fn sys_getrecursionlimit(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(_vm.recursion_limit as i64))
}

fn sys_setrecursionlimit(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "setrecursionlimit", args, 1, 1)?;
    let n = match &args[0] {
        Value::Int(n) => *n,
        Value::Float(_) => {
            return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
        }
        v => ops::index_of(vm, v)?,
    };
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    if (n as usize) <= vm.recursion_depth {
        return Err(vm.err(
            ExcKind::RecursionError,
            format!("cannot set the recursion limit to {} at the recursion depth {}: the limit is too low", n, vm.recursion_depth),
        ));
    }
    vm.recursion_limit = n as usize;
    Ok(Value::None)
}

fn sys_exc_info(vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match vm.handled.last().cloned() {
        Some(e) => {
            let t = Value::Class(vm.type_of(&e));
            let tb = rupy_interp::exceptions::traceback_value(vm, &e);
            Ok(Value::tuple(vec![t, e, tb]))
        }
        None => Ok(Value::tuple(vec![Value::None, Value::None, Value::None])),
    }
}

fn sys_exception(vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(vm.handled.last().cloned().unwrap_or(Value::None))
}

fn sys_intern(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    match args.first() {
        Some(Value::Str(s)) => Ok(Value::Str(vm.intern(s.as_str()))),
        _ => Err(vm.type_error("intern() argument must be str")),
    }
}

fn sys_getsizeof(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "getsizeof", args, 1, 2)?;
    Ok(Value::Int(match &args[0] {
        Value::Str(s) => 49 + s.as_str().len() as i64,
        Value::List(l) => 56 + 8 * l.borrow().len() as i64,
        Value::Tuple(t) => 40 + 8 * t.len() as i64,
        _ => 28,
    }))
}

fn sys_getrefcount(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(2))
}

fn sys_get_int_max_str_digits(vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    Ok(Value::Int(
        vm.shared_state::<rupy_interp::types::int::IntConfig>()
            .max_str_digits
            .get() as i64,
    ))
}

fn sys_set_int_max_str_digits(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [maxdigits] = rupy_interp::builtins::args::bind(
        vm,
        "set_int_max_str_digits",
        args,
        kw,
        ["maxdigits"],
        1,
    )?;
    let n = ops::index_of(vm, &maxdigits.unwrap_or(Value::Int(0)))?;
    if n != 0 && n < 640 {
        return Err(vm.value_error("maxdigits must be 0 or larger than 640"));
    }
    vm.shared_state::<rupy_interp::types::int::IntConfig>()
        .max_str_digits
        .set(n as usize);
    Ok(Value::None)
}

/// `sys.builtin_module_names`: `builtins`, `sys` and every native module of the inittab,
/// sorted as CPython lists them (Lib's `os` picks `posix` by looking here).
pub fn set_builtin_module_names(vm: &mut Vm) {
    let mut names: Vec<String> = vec!["builtins".to_owned(), "sys".to_owned()];
    {
        let tab = vm.shared_state::<rupy_interp::import::Inittab>();
        for (n, init) in tab.entries.borrow().iter() {
            if matches!(init, rupy_interp::import::ModuleInit::Native(_)) && !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    names.sort();
    if let Some(d) = &vm.sys_dict {
        d.set_s(
            "builtin_module_names",
            Value::tuple(names.iter().map(|n| Value::str(n)).collect()),
        );
    }
}
