//! The project's own test corpus: every `tests/cases/**/NAME.py` that has a
//! `NAME.out` runs as `rupy NAME.py` from its own folder, and must
//!
//! - print exactly `NAME.out` on stdout (byte for byte),
//! - exit with the status in `NAME.code` (0 when there is no such file),
//! - if `NAME.err` exists, end stderr with that line: the last non-empty
//!   stderr line, trailing blanks removed and the case folder's absolute path
//!   followed by `/` removed (CPython names the script by its absolute path),
//!   must equal the last non-empty line of `NAME.err` (an empty `NAME.err`
//!   means stderr must be blank).
//!
//! Stdin is `NAME.in` if it exists, else empty. `.py` files without a `.out`
//! (helper modules imported by a case) are not run.
//!
//! Every case runs (in parallel), then the test fails listing each failing
//! case with a short diff. Environment: `RUPY_CORPUS_FILTER=substr` runs only
//! the cases whose path (e.g. `core/walrus_loops`) contains `substr`;
//! `RUPY_CORPUS_TIMEOUT=secs` (default 60) bounds each case.
//!
//! A second pass runs the same cases (except those that use `gc`, whose output depends
//! on when collections happen) with `RUPY_GC_THRESHOLD=1`: the cycle collector then runs at
//! nearly every safe point, and any object it frees while still in use shows up as a
//! wrong output.
//!
//! Only std is used, so this file builds without extra dependencies.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const RUPY: &str = env!("CARGO_BIN_EXE_rupy");

fn cases_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    fs::canonicalize(&root).unwrap_or_else(|e| panic!("cannot find {}: {e}", root.display()))
}

/// Every `.py` under `dir` (recursively) that has a sibling `.out`, sorted.
fn collect(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        if path.is_dir() {
            collect(&path, found);
        } else if path.extension().is_some_and(|e| e == "py")
            && path.with_extension("out").is_file()
        {
            found.push(path);
        }
    }
}

struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: Option<ExitStatus>,
    timed_out: bool,
}

fn run_case(py: &Path, timeout: Duration, gc_stress: bool) -> Result<Outcome, String> {
    let dir = py.parent().expect("case has a folder");
    let file = py.file_name().expect("case has a file name");
    let stdin = match fs::File::open(py.with_extension("in")) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    };
    let mut child = Command::new(RUPY)
        .arg(file)
        .current_dir(dir)
        .env_remove("FORCE_COLOR")
        .env("NO_COLOR", "1")
        .env("PYTHON_COLORS", "0")
        .env("RUPY_GC_THRESHOLD", if gc_stress { "1" } else { "2000" })
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {RUPY}: {e}"))?;
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > timeout => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().ok();
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for rupy failed: {e}")),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ok(Outcome {
        stdout,
        stderr,
        status,
        timed_out,
    })
}

/// Last non-empty line, trailing whitespace removed.
fn last_line(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .rfind(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

fn describe_status(status: Option<ExitStatus>) -> String {
    match status {
        None => "no exit status".to_string(),
        Some(s) => match s.code() {
            Some(code) => format!("exit status {code}"),
            None => {
                #[cfg(unix)]
                {
                    use std::os::unix::process::ExitStatusExt;
                    format!("killed by signal {} (a crash)", s.signal().unwrap_or(0))
                }
                #[cfg(not(unix))]
                {
                    "killed (a crash)".to_string()
                }
            }
        },
    }
}

/// A short diff: the first differing line with a little context.
fn short_diff(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.split_inclusive('\n').collect();
    let g: Vec<&str> = got.split_inclusive('\n').collect();
    let first = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let mut s = format!(
        "      first difference at stdout line {} (expected {} lines, got {})\n",
        first + 1,
        w.len(),
        g.len()
    );
    for line in w.iter().skip(first).take(4) {
        s.push_str(&format!("      - {line:?}\n"));
    }
    for line in g.iter().skip(first).take(4) {
        s.push_str(&format!("      + {line:?}\n"));
    }
    s
}

/// Checks one case; `Err` carries the failure report.
fn check(py: &Path, timeout: Duration, gc_stress: bool) -> Result<(), String> {
    let outcome = run_case(py, timeout, gc_stress)?;
    let mut problems = Vec::new();
    let dir = py.parent().expect("case has a folder");
    let prefix = format!("{}/", dir.display());
    let stderr = String::from_utf8_lossy(&outcome.stderr).replace(&prefix, "");
    let got_err = last_line(&stderr);
    if outcome.timed_out {
        problems.push(format!("    timed out after {}s\n", timeout.as_secs()));
    }
    let want_code: i32 = match fs::read_to_string(py.with_extension("code")) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("bad {}: {text:?}", py.with_extension("code").display()))?,
        Err(_) => 0,
    };
    let got_code = outcome.status.and_then(|s| s.code());
    if got_code != Some(want_code) {
        problems.push(format!(
            "    {}, expected {want_code}; last stderr line: {got_err:?}\n",
            describe_status(outcome.status)
        ));
    }
    if let Ok(want) = fs::read_to_string(py.with_extension("err")) {
        let want_err = last_line(&want);
        if want_err != got_err {
            problems.push(format!(
                "    last stderr line differs\n      - {want_err:?}\n      + {got_err:?}\n"
            ));
        }
    }
    let want_out = fs::read(py.with_extension("out")).map_err(|e| e.to_string())?;
    if want_out != outcome.stdout {
        let want = String::from_utf8_lossy(&want_out);
        let got = String::from_utf8_lossy(&outcome.stdout);
        problems.push(format!("    stdout differs\n{}", short_diff(&want, &got)));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.concat())
    }
}

/// Both passes in one test, one after the other: cases write files beside themselves, so two
/// passes must not run at the same time.
#[test]
fn corpus() {
    run_corpus(false);
    run_corpus(true);
}

fn run_corpus(gc_stress: bool) {
    let root = cases_root();
    let mut cases = Vec::new();
    collect(&root, &mut cases);
    cases.sort();
    if gc_stress {
        cases.retain(|p| !fs::read_to_string(p).is_ok_and(|src| src.contains("import gc")));
    }
    let filter = std::env::var("RUPY_CORPUS_FILTER").unwrap_or_default();
    let name_of = |p: &Path| {
        p.strip_prefix(&root)
            .unwrap_or(p)
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/")
    };
    cases.retain(|p| name_of(p).contains(&filter));
    assert!(
        !cases.is_empty(),
        "no cases found under {} (filter {filter:?})",
        root.display()
    );
    let timeout = Duration::from_secs(
        std::env::var("RUPY_CORPUS_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    );

    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(cases.len());
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(py) = cases.get(i) else { break };
                    if let Err(report) = check(py, timeout, gc_stress) {
                        failures
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((name_of(py), report));
                    }
                }
            });
        }
    });

    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    let passed = cases.len() - failures.len();
    if !failures.is_empty() {
        let mut msg = String::new();
        for (name, report) in &failures {
            msg.push_str(&format!("FAIL {name}\n{report}"));
        }
        msg.push_str(&format!(
            "{passed} passed, {} failed (of {} cases)\n",
            failures.len(),
            cases.len()
        ));
        let pass = if gc_stress {
            " (pass with RUPY_GC_THRESHOLD=1)"
        } else {
            ""
        };
        panic!("corpus failures{pass}:\n{msg}");
    }
    println!("{passed} passed, 0 failed");
}
