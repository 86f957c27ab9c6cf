//! rupy's interpreter: the parser front (`parser`), the compiler (`compile`), the eval loop
//! (`eval`), object operations (`ops`), the builtins and builtin types' methods, exceptions and
//! tracebacks, the import machinery, and threads: attaching to and detaching from the
//! interpreter's GIL, the eval breaker's slow path (running pending calls) and OS threads for
//! Python (`thread`).
#![deny(unsafe_code)]

pub mod atexit;
pub mod builtins;
pub mod call;
pub mod compile;
pub mod eval;
pub mod exceptions;
pub mod gc;
pub mod generator;
pub mod import;
pub mod libfiles;
pub mod ops;
pub mod parser;
pub mod run;
pub mod thread;
pub mod typeparams;
pub mod types;
pub mod xi;

pub use rupy_objects as objects;
/// The concurrency core lives beside `Vm` (which carries the thread state's GIL handle and
/// breaker); re-exported here, where the interpreter's thread machinery uses it.
pub use rupy_objects::{breaker, gil, pending, sync};
