//! Formatting (filled in by the format module).
