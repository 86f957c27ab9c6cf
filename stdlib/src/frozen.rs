//! The modules rupy ships as Python source, compiled on first import (`<frozen NAME>`).
//! Each file under `py/` starts with a docstring saying what it provides and what it lacks.

/// (module name, source). A name with a dot is a submodule; its parent is then a package.
pub const MODULES: &[(&str, &str)] = &[
    ("abc", include_str!("py/abc.py")),
    ("calendar", include_str!("py/calendar.py")),
    ("collections", include_str!("py/collections/__init__.py")),
    ("collections.abc", include_str!("py/collections/abc.py")),
    ("copy", include_str!("py/copy.py")),
    ("functools", include_str!("py/functools.py")),
    ("inspect", include_str!("py/inspect.py")),
    ("keyword", include_str!("py/keyword.py")),
    ("operator", include_str!("py/operator.py")),
    ("string", include_str!("py/string.py")),
    ("time", include_str!("py/time.py")),
    ("types", include_str!("py/types.py")),
];
