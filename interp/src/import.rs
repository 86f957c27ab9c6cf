//! The import system: `sys.modules`, the inittab of built-in modules (Rust-implemented or
//! embedded Python source, registered by `rupy-stdlib` or an embedder), and `.py` files and
//! packages found beside the main script or on `sys.path`.

use std::rc::Rc;
use std::sync::Arc;

use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::misc::Module;
use rupy_objects::{KwArgs, PyDict, PyErr, PyResult, PyStr, Value, Vm};

use crate::ops;

/// How a built-in module is created.
#[derive(Clone)]
pub enum ModuleInit {
    /// Fill the module's namespace from Rust.
    Native(fn(&mut Vm, &Rc<PyDict>) -> PyResult<()>),
    /// Python source shipped inside the binary.
    Source(&'static str),
    /// A host's module init (a closure, so the embedding API can adapt its own signature).
    Host(HostInit),
}

/// A host's module initialiser, callable from any interpreter of the process.
pub type HostInit = std::sync::Arc<dyn Fn(&mut Vm, &Rc<PyDict>) -> PyResult<()> + Send + Sync>;

/// The built-in modules available to one interpreter (the inittab).
#[derive(Default)]
pub struct Inittab {
    pub entries: std::cell::RefCell<Vec<(String, ModuleInit)>>,
}

/// Register a built-in module; a later registration of the same name wins.
pub fn append_inittab(vm: &mut Vm, name: &str, init: ModuleInit) {
    let tab = vm.shared_state::<Inittab>();
    let mut entries = tab.entries.borrow_mut();
    entries.retain(|(n, _)| n != name);
    entries.push((name.to_owned(), init));
}

/// Built-in modules a host registered for every interpreter of the process (read under a
/// lock only when a module is first imported). They take precedence over an interpreter's
/// own table: the host's word is the last one.
static HOST_INITTAB: std::sync::RwLock<Vec<(String, ModuleInit)>> =
    std::sync::RwLock::new(Vec::new());

/// Register a built-in module for every interpreter, present and future; a later registration
/// of the same name wins. Thread-safe.
pub fn append_host_inittab(name: &str, init: ModuleInit) {
    let mut tab = HOST_INITTAB.write().unwrap_or_else(|p| p.into_inner());
    tab.retain(|(n, _)| n != name);
    tab.push((name.to_owned(), init));
}

/// How module `name` is built, if it is a built-in one (host registrations first).
fn find_init(vm: &mut Vm, name: &str) -> Option<ModuleInit> {
    let host = HOST_INITTAB
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, i)| i.clone());
    host.or_else(|| {
        vm.shared_state::<Inittab>()
            .entries
            .borrow()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, i)| i.clone())
    })
}

/// Whether some built-in module lives under `prefix` (then the parent is a package).
fn has_builtin_under(vm: &mut Vm, prefix: &str) -> bool {
    HOST_INITTAB
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .any(|(n, _)| n.starts_with(prefix))
        || vm
            .shared_state::<Inittab>()
            .entries
            .borrow()
            .iter()
            .any(|(n, _)| n.starts_with(prefix))
}

pub fn new_module(vm: &mut Vm, name: &str) -> (Value, Rc<PyDict>) {
    let d = PyDict::new_rc();
    d.set_s("__name__", Value::str(name));
    d.set_s("__doc__", Value::None);
    d.set_s("__package__", Value::None);
    d.set_s("__builtins__", Value::Dict(vm.builtins.clone()));
    let m = Rc::new(Module {
        name: vm.intern(name),
        dict: d.clone(),
    });
    rupy_objects::gc::track(&m);
    let m = Value::Module(m);
    (m, d)
}

fn module_not_found(vm: &mut Vm, name: &str) -> PyErr {
    let e = crate::exceptions::new_exception(
        vm.exc(ExcKind::ModuleNotFoundError),
        vec![Value::string(format!("No module named '{}'", name))],
    );
    if let Value::Instance(i) = &e
        && let Some(d) = &i.dict
    {
        d.set_s("name", Value::str(name));
    }
    PyErr::from_obj(e)
}

fn search_dirs(vm: &mut Vm) -> Vec<String> {
    let mut dirs = Vec::new();
    if let Some(sys) = &vm.sys_dict
        && let Some(Value::List(p)) = sys.get_s("path")
    {
        for e in p.borrow().iter() {
            if let Value::Str(s) = e {
                dirs.push(if s.as_str().is_empty() {
                    ".".to_owned()
                } else {
                    s.as_str().to_owned()
                });
            }
        }
    }
    if dirs.is_empty() {
        dirs.push(".".into());
    }
    dirs
}

/// Import one fully qualified module (its parent already imported).
fn import_one(vm: &mut Vm, fullname: &str, parent: Option<&Value>) -> PyResult<Value> {
    if let Some(m) = vm.modules.get_s(fullname) {
        return Ok(m);
    }
    let init = find_init(vm, fullname);
    if let Some(init) = init {
        let (m, d) = new_module(vm, fullname);
        // A built-in module with built-in submodules is a package.
        let prefix = format!("{}.", fullname);
        if has_builtin_under(vm, &prefix) {
            d.set_s("__path__", Value::list(Vec::new()));
            d.set_s("__package__", Value::str(fullname));
        } else {
            let pkg = fullname.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
            d.set_s("__package__", Value::str(pkg));
        }
        vm.modules.set_s(fullname, m.clone());
        let r = match init {
            ModuleInit::Native(f) => f(vm, &d),
            ModuleInit::Host(f) => f(vm, &d),
            ModuleInit::Source(src) => exec_frozen(vm, src, &format!("<frozen {}>", fullname), &d),
        };
        if let Err(e) = r {
            vm.modules.del_str(&PyStr::new(fullname));
            return Err(e);
        }
        return Ok(vm.modules.get_s(fullname).unwrap_or(m));
    }
    // Files: beside the parent package, or on the search path.
    let last = fullname.rsplit('.').next().unwrap_or(fullname);
    let dirs: Vec<String> = match parent {
        Some(p) => {
            let pk = vm.intern("__path__");
            match ops::getattr(vm, p, &pk) {
                Ok(Value::List(l)) => l
                    .borrow()
                    .iter()
                    .filter_map(|x| x.as_str().map(|s| s.to_owned()))
                    .collect(),
                _ => return Err(module_not_found(vm, fullname)),
            }
        }
        None => search_dirs(vm),
    };
    for dir in dirs {
        let pkg_init = format!("{}/{}/__init__.py", dir, last);
        let file = format!("{}/{}.py", dir, last);
        if crate::libfiles::is_inside(&dir) {
            // The embedded standard library: sources are `'static`, compiled once per process.
            let (path, is_pkg, src) = if let Some(src) = crate::libfiles::source(&pkg_init) {
                (pkg_init, true, src)
            } else if let Some(src) = crate::libfiles::source(&file) {
                (file, false, src)
            } else {
                continue;
            };
            let (m, d) = new_module(vm, fullname);
            set_file_attrs(&d, fullname, &path, is_pkg.then(|| format!("{dir}/{last}")));
            vm.modules.set_s(fullname, m.clone());
            if let Err(e) = exec_frozen(vm, src, &path, &d) {
                vm.modules.del_str(&PyStr::new(fullname));
                return Err(e);
            }
            return Ok(vm.modules.get_s(fullname).unwrap_or(m));
        }
        let (path, is_pkg) = if std::path::Path::new(&pkg_init).is_file() {
            (pkg_init, true)
        } else if std::path::Path::new(&file).is_file() {
            (file, false)
        } else {
            continue;
        };
        let (m, d) = new_module(vm, fullname);
        let shown = path.strip_prefix("./").unwrap_or(&path).to_owned();
        set_file_attrs(
            &d,
            fullname,
            &shown,
            is_pkg.then(|| format!("{dir}/{last}")),
        );
        vm.modules.set_s(fullname, m.clone());
        let bytes =
            std::fs::read(&path).map_err(|e| crate::builtins::io::os_error(vm, &e, Some(&path)))?;
        let r = (|| {
            let src = crate::run::decode_or_raise(vm, &bytes, &shown)?;
            exec_source_in(vm, &src, &shown, &d)
        })();
        if let Err(e) = r {
            vm.modules.del_str(&PyStr::new(fullname));
            return Err(e);
        }
        return Ok(vm.modules.get_s(fullname).unwrap_or(m));
    }
    Err(module_not_found(vm, fullname))
}

/// `__file__`, `__path__` (packages: their folder) and `__package__` of a module loaded from
/// a file.
fn set_file_attrs(d: &PyDict, fullname: &str, file: &str, pkg_dir: Option<String>) {
    d.set_s("__file__", Value::str(file));
    match pkg_dir {
        Some(dir) => {
            d.set_s("__path__", Value::list(vec![Value::string(dir)]));
            d.set_s("__package__", Value::str(fullname));
        }
        None => {
            let pkg = fullname.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
            d.set_s("__package__", Value::str(pkg));
        }
    }
}

/// Compiled frozen modules, shared by every interpreter of the process (code is immutable):
/// an interpreter importing `threading` or `collections` does not parse and compile them again.
/// Keyed by the source text's address and length (frozen sources are `'static`).
type FrozenCodeMap = std::collections::HashMap<(usize, usize), Arc<rupy_objects::Code>>;
static FROZEN_CODE: std::sync::LazyLock<std::sync::Mutex<FrozenCodeMap>> =
    std::sync::LazyLock::new(Default::default);

fn exec_frozen(vm: &mut Vm, src: &'static str, filename: &str, d: &Rc<PyDict>) -> PyResult<()> {
    let key = (src.as_ptr() as usize, src.len());
    let cached = FROZEN_CODE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    let code = match cached {
        Some(code) => {
            // Traceback lines come from the interpreter's own source table.
            vm.shared
                .sources
                .borrow_mut()
                .insert(filename.to_owned(), src.into());
            code
        }
        None => {
            let code = crate::run::compile_source(vm, src, filename, crate::run::Mode::Exec)?;
            FROZEN_CODE
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, code.clone());
            code
        }
    };
    crate::eval::run_code_in(vm, &code, d.clone(), d.clone(), Vec::new())?;
    Ok(())
}

/// Compile `src` and run it with `d` as globals and locals (native modules use it to add the
/// parts of themselves written in Python).
pub fn exec_source_in(vm: &mut Vm, src: &str, filename: &str, d: &Rc<PyDict>) -> PyResult<()> {
    let code: Arc<rupy_objects::Code> =
        crate::run::compile_source(vm, src, filename, crate::run::Mode::Exec)?;
    crate::eval::run_code_in(vm, &code, d.clone(), d.clone(), Vec::new())?;
    Ok(())
}

fn resolve_name(vm: &mut Vm, globals: &PyDict, name: &str, level: i64) -> PyResult<String> {
    if level <= 0 {
        return Ok(name.to_owned());
    }
    let package = match globals.get_s("__package__") {
        Some(Value::Str(p)) if !p.as_str().is_empty() => p.as_str().to_owned(),
        _ => match globals.get_s("__name__") {
            Some(Value::Str(n)) => {
                if globals.get_s("__path__").is_some() {
                    n.as_str().to_owned()
                } else {
                    n.as_str()
                        .rsplit_once('.')
                        .map(|(p, _)| p.to_owned())
                        .unwrap_or_default()
                }
            }
            _ => String::new(),
        },
    };
    if package.is_empty() {
        return Err(vm.err(
            ExcKind::ImportError,
            "attempted relative import with no known parent package",
        ));
    }
    let mut parts: Vec<&str> = package.split('.').collect();
    for _ in 1..level {
        if parts.pop().is_none() {
            return Err(vm.err(
                ExcKind::ImportError,
                "attempted relative import beyond top-level package",
            ));
        }
    }
    if parts.is_empty() {
        return Err(vm.err(
            ExcKind::ImportError,
            "attempted relative import beyond top-level package",
        ));
    }
    let base = parts.join(".");
    Ok(if name.is_empty() {
        base
    } else {
        format!("{}.{}", base, name)
    })
}

/// Import `fullname` and all its parents; returns (top-level module, leaf module).
pub fn import_module(vm: &mut Vm, fullname: &str) -> PyResult<(Value, Value)> {
    let mut parent: Option<Value> = None;
    let mut top: Option<Value> = None;
    let mut acc = String::new();
    for part in fullname.split('.') {
        if !acc.is_empty() {
            acc.push('.');
        }
        acc.push_str(part);
        let m = import_one(vm, &acc, parent.as_ref())?;
        if let Some(p) = &parent {
            let n = vm.intern(part);
            let _ = ops::setattr(vm, p, &n, m.clone());
        }
        if top.is_none() {
            top = Some(m.clone());
        }
        parent = Some(m);
    }
    match (top, parent) {
        (Some(t), Some(l)) => Ok((t, l)),
        _ => Err(module_not_found(vm, fullname)),
    }
}

pub fn import_name(
    vm: &mut Vm,
    globals: &PyDict,
    name: &str,
    fromlist: &Value,
    level: &Value,
) -> PyResult<Value> {
    let level = match level {
        Value::Int(i) => *i,
        _ => 0,
    };
    let fullname = resolve_name(vm, globals, name, level)?;
    let (top, leaf) = import_module(vm, &fullname)?;
    let has_fromlist = match fromlist {
        Value::None => false,
        Value::Tuple(t) => !t.is_empty(),
        _ => true,
    };
    if has_fromlist || level > 0 {
        if !has_fromlist && level > 0 && !name.is_empty() {
            // `from . import x` style handled by ImportFrom; `import .a` is not valid syntax.
            return Ok(leaf);
        }
        Ok(leaf)
    } else {
        Ok(top)
    }
}

pub fn import_from(vm: &mut Vm, module: &Value, name: &Rc<PyStr>) -> PyResult<Value> {
    match ops::getattr(vm, module, name) {
        Ok(v) => Ok(v),
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::AttributeError)) => {
            let Value::Module(m) = module else {
                return Err(e);
            };
            let modname = m.name.as_str().to_owned();
            if m.dict.get_s("__path__").is_some() {
                let sub = format!("{}.{}", modname, name.as_str());
                match import_module(vm, &sub) {
                    Ok((_, leaf)) => return Ok(leaf),
                    // Only the submodule itself being absent means "cannot import name"; a
                    // module missing further down is the error to report.
                    Err(e2)
                        if e2
                            .class()
                            .is_subclass(&vm.exc(ExcKind::ModuleNotFoundError)) =>
                    {
                        let exc = crate::exceptions::materialize(vm, e2);
                        let key = vm.intern("name");
                        let missing = ops::getattr(vm, &exc, &key).ok();
                        if missing.as_ref().and_then(|v| v.as_str()) != Some(sub.as_str()) {
                            return Err(PyErr::from_obj(exc));
                        }
                    }
                    Err(e2) => return Err(e2),
                }
            }
            let loc = match m.dict.get_s("__file__") {
                Some(Value::Str(f)) => format!(" ({})", f.as_str()),
                _ => " (unknown location)".to_owned(),
            };
            Err(vm.err(
                ExcKind::ImportError,
                format!(
                    "cannot import name '{}' from '{}'{}",
                    name.as_str(),
                    modname,
                    loc
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

pub fn import_star(vm: &mut Vm, module: &Value, target: &PyDict) -> PyResult<()> {
    let Value::Module(m) = module else {
        return Ok(());
    };
    match m.dict.get_s("__all__") {
        Some(all) => {
            for n in ops::collect(vm, &all)? {
                if let Value::Str(s) = &n {
                    let v = import_from(vm, module, s)?;
                    target.set_str(s.clone(), v);
                }
            }
        }
        None => {
            for (k, v) in m.dict.entries() {
                if let Value::Str(s) = &k
                    && !s.as_str().starts_with('_')
                {
                    target.set_str(s.clone(), v);
                }
            }
        }
    }
    Ok(())
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub fn builtin_import(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [name, globals, _locals, fromlist, level] = crate::builtins::args::bind(
        vm,
        "__import__",
        args,
        kw,
        ["name", "globals", "locals", "fromlist", "level"],
        1,
    )?;
    let Some(Value::Str(name)) = name else {
        return Err(vm.type_error("__import__() argument 1 must be str"));
    };
    let g = match globals {
        Some(Value::Dict(d)) => d,
        _ => PyDict::new_rc(),
    };
    import_name(
        vm,
        &g,
        name.as_str(),
        &fromlist.unwrap_or(Value::None),
        &level.unwrap_or(Value::Int(0)),
    )
}
