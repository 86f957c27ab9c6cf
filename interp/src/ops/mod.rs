//! Object operations with CPython semantics: arithmetic, comparison, truthiness, hashing,
//! `repr`/`str`, attribute access, subscripting and iteration. Builtin types take fast paths;
//! everything else dispatches to dunder methods found on the type.

pub mod arith;
pub mod attr;
pub mod compare;
pub mod convert;
pub mod iter;
pub mod subscr;

pub use arith::*;
pub use attr::*;
pub use compare::*;
pub use convert::*;
pub use iter::*;
pub use subscr::*;
