//! rupy's interpreter: the parser front (`parser`), the compiler (`compile`), the eval loop
//! (`eval`), object operations (`ops`), the builtins and builtin types' methods, exceptions and
//! tracebacks, the import machinery, and the concurrency core: the GIL (`gil`), the eval
//! breaker (`breaker`), pending calls (`pending`) over the std/loom `sync` shim.
#![deny(unsafe_code)]

pub mod breaker;
pub mod builtins;
pub mod call;
pub mod compile;
pub mod eval;
pub mod exceptions;
pub mod gc;
pub mod generator;
pub mod gil;
pub mod import;
pub mod ops;
pub mod parser;
pub mod pending;
pub mod run;
pub mod sync;
pub mod types;

pub use rupy_objects as objects;
