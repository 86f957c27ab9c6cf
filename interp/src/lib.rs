//! rupy's interpreter: the parser front (`parser`), the compiler (`compile`), the eval loop
//! (`eval`), object operations (`ops`), the builtins and builtin types' methods, exceptions and
//! tracebacks, and the import machinery.
#![deny(unsafe_code)]

pub mod builtins;
pub mod call;
pub mod compile;
pub mod eval;
pub mod exceptions;
pub mod gc;
pub mod import;
pub mod ops;
pub mod parser;
pub mod run;
pub mod types;

pub use rupy_objects as objects;
