//! loom models of the GIL hand-off (issue 4).
