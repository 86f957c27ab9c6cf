//! Parsing Python source into a module the compiler takes (`parser.ParseString` in the
//! embedding API).

use crate::errors::PyError;

/// What the source is: a module (`File`), one expression (`Eval`), or one interactive
/// statement whose expression values are printed (`Single`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A whole module (`exec`).
    File,
    /// A single expression (`eval`).
    Eval,
    /// One interactive statement (the REPL's mode).
    Single,
}

/// Parsed source, checked for syntax errors, ready for `compile::compile`.
#[derive(Clone, Debug)]
pub struct Module {
    pub(crate) source: String,
    pub(crate) filename: String,
    pub(crate) mode: Mode,
}

impl Module {
    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The filename tracebacks will show.
    pub fn filename(&self) -> &str {
        &self.filename
    }
    /// How it was parsed.
    pub fn mode(&self) -> Mode {
        self.mode
    }
}

/// A compile-time error as the host sees it: `SyntaxError` (or `IndentationError`) with the
/// report CPython prints.
pub(crate) fn syntax_error(e: &rupy_interp::parser::SyntaxErrorInfo) -> PyError {
    let formatted = rupy_interp::parser::format_syntax_error(e);
    let last = formatted
        .trim_end()
        .lines()
        .last()
        .unwrap_or("SyntaxError")
        .to_owned();
    let (ty, msg) = last
        .split_once(": ")
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .unwrap_or((last.clone(), String::new()));
    PyError::new(ty, msg).with_formatted(formatted)
}

/// Parse `source` (named `filename` in errors) as `mode`; a syntax error comes back as a
/// `PyError` of type `SyntaxError` (or `IndentationError`) formatted as CPython prints it.
pub fn parse_string(source: &str, filename: &str, mode: Mode) -> Result<Module, PyError> {
    let r = match mode {
        Mode::File | Mode::Single => {
            rupy_interp::parser::parse_module(source, filename).map(|_| ())
        }
        Mode::Eval => {
            rupy_interp::parser::parse_expression(source.trim_start_matches([' ', '\t']), filename)
                .map(|_| ())
        }
    };
    r.map_err(|e| syntax_error(&e))?;
    Ok(Module {
        source: source.to_owned(),
        filename: filename.to_owned(),
        mode,
    })
}

/// Read and parse the file at `path` (its path is the filename); an unreadable file is an
/// `OSError`, undecodable bytes a `SyntaxError`.
pub fn parse_file(path: impl AsRef<std::path::Path>, mode: Mode) -> Result<Module, PyError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path)?;
    let filename = path.display().to_string();
    let source =
        rupy_interp::parser::decode_source(&bytes, &filename).map_err(|e| syntax_error(&e))?;
    parse_string(&source, &filename, mode)
}
