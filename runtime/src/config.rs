//! How a host configures an interpreter it creates with `state::Thread::with_config`: limits
//! applied to every run, which shipped modules exist, which builtins the code sees.

use std::time::Duration;

/// Per-run limits and the interpreter's surface. `Config::default()` is a full interpreter
/// with no limits; `Config::sandbox()` is the profile for untrusted code.
#[derive(Clone, Debug)]
pub struct Config {
    /// Bytes a run may allocate net of what it frees; beyond it the run stops with an
    /// uncatchable memory error. Needs `rupy::objects::heap::CountingAlloc` as the global
    /// allocator (the `rupy` binary installs it); without it the limit is not enforced.
    pub max_heap_bytes: Option<u64>,
    /// Wall-clock time a run may take.
    pub deadline: Option<Duration>,
    /// Python call depth.
    pub max_recursion: Option<usize>,
    /// Bytes a run may write to `sys.stdout` and `sys.stderr` together.
    pub max_output_bytes: Option<u64>,
    /// Bytecode instructions a run may execute on the host's thread (loop iterations are
    /// charged their body's length, calls one each; see `objects::limits::Limits`).
    pub max_instructions: Option<u64>,
    /// Which shipped modules can be imported.
    pub stdlib: Stdlib,
    /// Which builtins the code sees.
    pub builtins: Builtins,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// Whether code may reach the file system through `open`/`io.open`/`io.FileIO`. When
    /// false those raise `PermissionError`; in-memory streams (`io.StringIO`, `io.BytesIO`)
    /// still work, so pure modules that import `io` can be granted safely.
    pub allow_files: bool,
    /// Native stack (bytes) Python calls may use on the host thread before `RecursionError`.
    /// The default suits a thread with the usual 2 MiB stack; raise it for deeply recursive
    /// code on a thread with a bigger stack (see `rupy::spawn_big_stack`).
    pub stack_budget: usize,
}

/// The shipped modules an interpreter gets (`stdlibinit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stdlib {
    /// Only the builtins (and modules the host registers with `imp::append_inittab`).
    None,
    /// Every shipped module.
    All,
    /// Only these shipped modules (`sys` among them or not).
    Only(Vec<String>),
}

/// The builtins an interpreter's code sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Builtins {
    /// All of them.
    All,
    /// Only these names (the rest are removed, `__import__`, `open` and `input` too unless
    /// listed).
    Only(Vec<String>),
}

/// The builtins of `Config::sandbox()`: computation, containers, printing and exceptions;
/// nothing that reaches files, modules, the console or code compilation.
pub const SANDBOX_BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "bool",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "complex",
    "dict",
    "divmod",
    "enumerate",
    "filter",
    "float",
    "format",
    "frozenset",
    "hash",
    "hex",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "object",
    "oct",
    "ord",
    "pow",
    "print",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "slice",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
    "None",
    "True",
    "False",
    "Ellipsis",
    "NotImplemented",
    "__build_class__",
    "__name__",
    "property",
    "staticmethod",
    "classmethod",
    "super",
    "type",
    "getattr",
    "hasattr",
    "setattr",
    "delattr",
    "id",
    // Every builtin exception class, so sandboxed code can raise and catch them
    // (names this runtime does not define yet are simply absent).
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
];

impl Default for Config {
    fn default() -> Config {
        Config {
            max_heap_bytes: None,
            deadline: None,
            max_recursion: None,
            max_output_bytes: None,
            max_instructions: None,
            stdlib: Stdlib::All,
            builtins: Builtins::All,
            argv: vec![String::new()],
            allow_files: true,
            stack_budget: 1 << 20,
        }
    }
}

impl Config {
    /// The profile for untrusted code: no shipped modules but `math`, curated builtins (no
    /// `open`, `__import__`, `input`, `eval`, `exec`, `compile`), no file access even through
    /// modules granted later (`allow_files: false`), a 1 s deadline, 64 MiB of
    /// heap, 1 MiB of output and 200 levels of calls. Grant more by registering host
    /// functions (`imp::append_inittab`) or by changing the fields.
    pub fn sandbox() -> Config {
        Config {
            max_heap_bytes: Some(64 << 20),
            deadline: Some(Duration::from_secs(1)),
            max_recursion: Some(200),
            max_output_bytes: Some(1 << 20),
            stdlib: Stdlib::Only(vec!["math".to_owned()]),
            builtins: Builtins::Only(SANDBOX_BUILTINS.iter().map(|s| (*s).to_owned()).collect()),
            allow_files: false,
            ..Config::default()
        }
    }

    /// Whether any per-run limit is set.
    pub(crate) fn has_limits(&self) -> bool {
        self.max_heap_bytes.is_some()
            || self.deadline.is_some()
            || self.max_recursion.is_some()
            || self.max_output_bytes.is_some()
            || self.max_instructions.is_some()
    }

    /// The limits of a run starting now.
    pub(crate) fn limits(&self) -> rupy_objects::limits::Limits {
        rupy_objects::limits::Limits {
            deadline: self.deadline.map(|d| std::time::Instant::now() + d),
            max_output_bytes: self.max_output_bytes,
            max_recursion: self.max_recursion,
            max_heap_bytes: self.max_heap_bytes,
            max_instructions: self.max_instructions,
        }
    }
}
