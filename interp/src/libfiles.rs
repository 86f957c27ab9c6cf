//! The embedded standard library (CPython's `Lib/`) as a read-only tree of files under
//! `LIB_DIR`, a directory that exists only inside rupy: `sys.path` lists it, the importer
//! reads module sources from it instead of the disk, and modules get `__file__` paths in it.
//!
//! The table is process-wide and `'static` (set once by `rupy_stdlib::init` from the build's
//! `FILES`): an interpreter pays nothing for it until it imports, and a module's source is
//! compiled once per process (see `import::exec_frozen`).

use std::sync::OnceLock;

/// Where the embedded `Lib/` appears to live.
pub const LIB_DIR: &str = "/rupy/lib/python3.14";

/// (path relative to `LIB_DIR`, source), sorted by path.
type Files = &'static [(&'static str, &'static str)];

static FILES: OnceLock<Files> = OnceLock::new();

/// Register the embedded files (the first registration wins; later ones are the same table).
pub fn install(files: Files) {
    let _ = FILES.set(files);
}

fn files() -> Files {
    FILES.get().copied().unwrap_or(&[])
}

/// The path relative to `LIB_DIR`, if `path` is inside it.
fn relative(path: &str) -> Option<&str> {
    path.strip_prefix(LIB_DIR)?.strip_prefix('/')
}

/// The source of the embedded file at `path` (absolute, under `LIB_DIR`).
pub fn source(path: &str) -> Option<&'static str> {
    let rel = relative(path)?;
    let fs = files();
    fs.binary_search_by(|(p, _)| (*p).cmp(rel))
        .ok()
        .map(|i| fs[i].1)
}

/// Whether `path` is `LIB_DIR` or a folder inside it.
pub fn is_dir(path: &str) -> bool {
    if path == LIB_DIR {
        return true;
    }
    let Some(rel) = relative(path) else {
        return false;
    };
    let prefix = format!("{}/", rel.trim_end_matches('/'));
    let fs = files();
    let at = fs.partition_point(|(p, _)| *p < prefix.as_str());
    fs.get(at).is_some_and(|(p, _)| p.starts_with(&prefix))
}

/// Whether `path` is inside `LIB_DIR` (so the disk is never consulted for it).
pub fn is_inside(path: &str) -> bool {
    path == LIB_DIR || relative(path).is_some()
}

/// Names directly inside the folder `path` (files and folders), for `os.listdir`-style use.
pub fn list_dir(path: &str) -> Vec<&'static str> {
    let rel = if path == LIB_DIR {
        ""
    } else {
        match relative(path) {
            Some(r) => r.trim_end_matches('/'),
            None => return Vec::new(),
        }
    };
    let prefix = if rel.is_empty() {
        String::new()
    } else {
        format!("{rel}/")
    };
    let mut out: Vec<&'static str> = Vec::new();
    for (p, _) in files() {
        if let Some(rest) = p.strip_prefix(prefix.as_str()) {
            let name = rest.split('/').next().unwrap_or(rest);
            if out.last() != Some(&name) {
                out.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: &[(&str, &str)] = &[
        ("a.py", "A"),
        ("json/__init__.py", "J"),
        ("json/decoder.py", "D"),
        ("jsonx.py", "X"),
    ];

    #[test]
    fn lookups() {
        install(T);
        assert_eq!(source(&format!("{LIB_DIR}/json/decoder.py")), Some("D"));
        assert_eq!(source(&format!("{LIB_DIR}/json/nope.py")), None);
        assert_eq!(source("/elsewhere/a.py"), None);
        assert!(is_dir(&format!("{LIB_DIR}/json")));
        assert!(!is_dir(&format!("{LIB_DIR}/jso")));
        assert_eq!(list_dir(LIB_DIR), vec!["a.py", "json", "jsonx.py"]);
        assert_eq!(
            list_dir(&format!("{LIB_DIR}/json")),
            vec!["__init__.py", "decoder.py"]
        );
    }
}
