//! Compiling a parsed module to a code object (`compile.Compile` in the embedding API).
//! Code objects are immutable and `Send + Sync` (`Arc<Code>`): compile once, run in any interpreter, on
//! any thread, any number of times.

use std::sync::Arc;

use rupy_objects::Code;

use crate::errors::PyError;
use crate::parser::{Mode, Module};

/// Compiler flags (none are defined yet; pass 0).
pub type Flags = u32;

/// Compile `module` to a code object named `filename` in tracebacks.
pub fn compile(module: &Module, filename: &str, _flags: Flags) -> Result<Arc<Code>, PyError> {
    let src = &module.source;
    let r = match module.mode {
        Mode::File => rupy_interp::parser::parse_module(src, filename)
            .and_then(|m| rupy_interp::compile::compile_module(&m, src, filename)),
        Mode::Single => rupy_interp::parser::parse_module(src, filename)
            .and_then(|m| rupy_interp::compile::compile_interactive(&m, src, filename)),
        Mode::Eval => {
            rupy_interp::parser::parse_expression(src.trim_start_matches([' ', '\t']), filename)
                .and_then(|e| rupy_interp::compile::compile_expression(&e, src, filename))
        }
    };
    r.map_err(|e| crate::parser::syntax_error(&e))
}
