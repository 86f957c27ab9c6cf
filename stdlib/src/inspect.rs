//! `inspect`, shipped as Python source: `signature()` with `Signature` and `Parameter`,
//! built from a function's code object and defaults.

pub const SOURCE: &str = include_str!("py/inspect.py");
