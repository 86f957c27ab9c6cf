//! loom models of the GIL, the eval breaker and pending calls. The modules below are the
//! runtime's own source files (`objects/src/{sync,breaker,gil,pending,output}.rs`), compiled here against loom's primitives
//! through the same `sync` shim — the algorithm is checked, not a copy of it.
//!
//! Everything is behind `cfg(loom)`: `loom-tests/run` builds with `--cfg loom`; an ordinary
//! workspace build sees an empty crate.
#![cfg(loom)]

#[path = "../../objects/src/sync.rs"]
pub mod sync;

#[path = "../../objects/src/breaker.rs"]
pub mod breaker;

#[path = "../../objects/src/gil.rs"]
pub mod gil;

#[path = "../../objects/src/output.rs"]
pub mod output;

#[path = "../../objects/src/pending.rs"]
pub mod pending;
