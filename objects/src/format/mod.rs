//! Text formatting of numbers and strings with CPython-exact output, independent of the VM:
//!
//! * `repr`/`str` of floats ([`float_repr`]) and the `%e`/`%f`/`%g` conversions
//!   ([`float_to_exp`], [`float_to_fixed`], [`float_to_general`], [`float_to_string`]);
//! * the format-spec mini-language ([`parse_spec`], [`FormatSpec`]) and `format(value, spec)` for
//!   int ([`format_int`], [`format_i64`]), float ([`format_float`]), str ([`format_str`]) and
//!   complex ([`format_complex`], with [`complex_repr`]);
//! * printf-style `fmt % args` for str and bytes ([`percent_format`], [`percent_format_bytes`])
//!   driven by a VM callback trait;
//! * helpers: [`int_to_base`] (`bin`/`oct`/`hex`), [`bigint_to_f64`] (`float(int)`),
//!   [`float_round`] (`round(x, n)`), [`pad_str`].
//!
//! Errors carry the exception CPython raises: the `format_*` functions return the ValueError
//! message as `String` (int has `_ex` variants that also report OverflowError), `%` formatting
//! returns a [`FormatError`] through the VM's error type.

mod complex;
mod float;
mod int;
mod number;
mod percent;
mod spec;
mod string;

pub use complex::{complex_repr, format_complex};
pub use float::{
    FloatFlags, float_repr, float_round, float_to_exp, float_to_fixed, float_to_general,
    float_to_string, format_float,
};
pub use int::{bigint_to_f64, format_i64, format_i64_ex, format_int, format_int_ex, int_to_base};
pub use percent::{
    ArgRef, PercentArg, PercentArgs, PercentKey, PercentSource, Want, percent_format,
    percent_format_bytes,
};
pub use spec::{FormatSpec, decimal_value, parse_spec, parse_spec_typed};
pub use string::{format_str, pad_str};

/// The Python exception class of a [`FormatError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    ValueError,
    TypeError,
    OverflowError,
}

/// An exception to raise: its class and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub kind: ErrorKind,
    pub msg: String,
}

impl FormatError {
    pub fn value(msg: impl Into<String>) -> Self {
        FormatError {
            kind: ErrorKind::ValueError,
            msg: msg.into(),
        }
    }

    pub fn overflow(msg: impl Into<String>) -> Self {
        FormatError {
            kind: ErrorKind::OverflowError,
            msg: msg.into(),
        }
    }

    /// The exception class name: `"ValueError"`, `"TypeError"` or `"OverflowError"`.
    pub fn exc_name(&self) -> &'static str {
        match self.kind {
            ErrorKind::ValueError => "ValueError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::OverflowError => "OverflowError",
        }
    }
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.exc_name(), self.msg)
    }
}

impl std::error::Error for FormatError {}
