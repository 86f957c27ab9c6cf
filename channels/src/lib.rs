//! What crosses interpreters: `Shareable` values (immutable, `Send + Sync` data copied out of
//! one interpreter's heap and materialised as new objects in another) and the process-wide
//! queues that carry them (`queue`). Nothing here knows the VM: compiled code travels as an
//! opaque `Arc`, and conversion to and from Python objects lives in `rupy-interp` (`xi`).
#![deny(unsafe_code)]

pub mod queue;
pub mod shareable;

pub use shareable::{FunctionOrigin, Shareable, SharedFunction, SharedInstance};
