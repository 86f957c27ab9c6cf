//! `_sre`: the native half of `re`. `engine` runs compiled code lists; this file exposes
//! it to Python as `_sre_engine` (programs, subjects, one-shot runs) and the `_sre` module
//! itself (`sre.py`: Pattern, Match, Scanner, template) is Python on top of it.
pub mod engine;
