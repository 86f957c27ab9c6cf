//! The modules rupy ships as Python source, compiled on first import (`<frozen NAME>`).
//! Each file under `py/` starts with a docstring saying what it provides and what it lacks.

/// (module name, source). A name with a dot is a submodule; its parent is then a package.
pub const MODULES: &[(&str, &str)] = &[
    ("abc", include_str!("py/abc.py")),
    ("collections", include_str!("py/collections/__init__.py")),
    ("collections.abc", include_str!("py/collections/abc.py")),
    ("concurrent", include_str!("py/concurrent/__init__.py")),
    (
        "concurrent.futures",
        include_str!("py/concurrent/futures/__init__.py"),
    ),
    (
        "concurrent.futures._base",
        include_str!("py/concurrent/futures/_base.py"),
    ),
    (
        "concurrent.futures.interpreter",
        include_str!("py/concurrent/futures/interpreter.py"),
    ),
    (
        "concurrent.futures.thread",
        include_str!("py/concurrent/futures/thread.py"),
    ),
    (
        "concurrent.interpreters",
        include_str!("py/concurrent/interpreters/__init__.py"),
    ),
    (
        "concurrent.interpreters._crossinterp",
        include_str!("py/concurrent/interpreters/_crossinterp.py"),
    ),
    (
        "concurrent.interpreters._queues",
        include_str!("py/concurrent/interpreters/_queues.py"),
    ),
    ("contextlib", include_str!("py/contextlib.py")),
    ("copy", include_str!("py/copy.py")),
    ("dataclasses", include_str!("py/dataclasses.py")),
    ("functools", include_str!("py/functools.py")),
    ("inspect", include_str!("py/inspect.py")),
    ("itertools", include_str!("py/itertools.py")),
    ("keyword", include_str!("py/keyword.py")),
    ("queue", include_str!("py/queue.py")),
    ("string", include_str!("py/string.py")),
    ("textwrap", include_str!("py/textwrap.py")),
    ("threading", include_str!("py/threading.py")),
    ("time", include_str!("py/time.py")),
    ("types", include_str!("py/types.py")),
];
