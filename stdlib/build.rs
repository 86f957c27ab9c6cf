//! Embeds CPython's pure-Python standard library (`Lib/`, from the pinned `rustpython-pylib`
//! crate, used as data only: its `LIB_PATH` says where the `.py` files are) into the binary.
//!
//! Generates `$OUT_DIR/pylib.rs`: `FILES`, every embedded `.py` as (path relative to `Lib/`,
//! source), sorted by path so the importer can binary-search it. Nothing is compiled here;
//! an interpreter compiles a module on its first import and the code is shared by every
//! interpreter of the process.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Folders of `Lib/` rupy does not ship: GUI toolkits, their demos, the bundled pip wheels,
/// CPython's own test suites (the crate leaves most of them out already).
const SKIP_DIRS: &[&str] = &[
    "idlelib",
    "tkinter",
    "turtledemo",
    "ensurepip",
    "test",
    "tests",
    "__phello__",
    "site-packages",
];

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) {
                walk(root, &path, out);
            }
        } else if name.ends_with(".py") {
            let rel = path
                .strip_prefix(root)
                .expect("walked from root")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let root = PathBuf::from(rustpython_pylib::LIB_PATH);
    println!("cargo:rerun-if-changed=build.rs");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    let mut src = String::from(
        "/// Every embedded `Lib/` file: (path relative to `Lib/`, source), sorted by path.\n\
         pub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, path) in &files {
        writeln!(
            src,
            "    ({:?}, include_str!({:?})),",
            rel,
            path.to_string_lossy()
        )
        .expect("writing to a String");
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("pylib.rs");
    std::fs::write(out, src).expect("writing pylib.rs");
}
