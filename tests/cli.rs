//! The `rupy` command line: `--version`, `--help`, `-c CODE [ARGS]`,
//! `FILE [ARGS]`, exit statuses and CPython-style error messages.

use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const RUPY: &str = env!("CARGO_BIN_EXE_rupy");

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs rupy with `args` (empty stdin, 60 s limit) and collects its output.
fn rupy(args: &[&str]) -> Run {
    let mut child = Command::new(RUPY)
        .args(args)
        .env_remove("FORCE_COLOR")
        .env("NO_COLOR", "1")
        .env("PYTHON_COLORS", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {RUPY}: {e}"));
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_reader = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for rupy") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rupy {args:?} timed out");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    Run {
        code: status.code(),
        stdout,
        stderr,
    }
}

fn last_line(text: &str) -> &str {
    text.lines()
        .map(str::trim_end)
        .rfind(|l| !l.is_empty())
        .unwrap_or("")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    fs::create_dir_all(&dir).expect("create scratch dir");
    dir.join(name)
}

#[test]
fn version() {
    let r = rupy(&["--version"]);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(
        r.stdout.trim_end(),
        format!("rupy {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help() {
    let r = rupy(&["--help"]);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert!(
        r.stdout.to_lowercase().contains("usage"),
        "no usage in --help output:\n{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("-c"),
        "--help does not mention -c:\n{}",
        r.stdout
    );
}

#[test]
fn dash_c_prints() {
    let r = rupy(&["-c", "print(1+1)"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "2\n"),
        "stderr: {}",
        r.stderr
    );
}

#[test]
fn dash_c_argv() {
    let r = rupy(&["-c", "import sys; print(sys.argv)", "a", "b"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "['-c', 'a', 'b']\n"),
        "stderr: {}",
        r.stderr
    );
}

#[test]
fn dash_c_multiline_and_exit_status() {
    let r = rupy(&[
        "-c",
        "import sys\nfor i in range(3):\n    print(i)\nsys.exit(3)",
    ]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(3), "0\n1\n2\n"),
        "stderr: {}",
        r.stderr
    );
    let r = rupy(&["-c", "raise SystemExit('bye')"]);
    assert_eq!((r.code, last_line(&r.stderr)), (Some(1), "bye"));
}

#[test]
fn dash_c_uncaught_exception() {
    let r = rupy(&[
        "-c",
        "print('out')\ndef f():\n    raise ValueError('boom')\nf()",
    ]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "out\n");
    assert!(
        r.stderr.starts_with("Traceback (most recent call last):\n"),
        "stderr:\n{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("  File \"<string>\", line 4, in <module>"),
        "stderr:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("  File \"<string>\", line 3, in f"),
        "stderr:\n{}",
        r.stderr
    );
    assert_eq!(last_line(&r.stderr), "ValueError: boom");
}

#[test]
fn dash_c_syntax_error() {
    let r = rupy(&["-c", "print('never')\nx = (1,"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "");
    assert!(
        last_line(&r.stderr).starts_with("SyntaxError: "),
        "stderr:\n{}",
        r.stderr
    );
}

#[test]
fn script_with_arguments() {
    let path = scratch("argv_script.py");
    fs::write(
        &path,
        "import sys\nprint(sys.argv[1:])\nprint(len(sys.argv))\n",
    )
    .expect("write script");
    let p = path.to_str().expect("utf-8 path");
    let r = rupy(&[p, "x", "--flag", "3"]);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(r.stdout, "['x', '--flag', '3']\n4\n");
}

#[test]
fn missing_file() {
    let r = rupy(&["no_such_file_here.py"]);
    assert_eq!(r.code, Some(2), "stderr: {}", r.stderr);
    let line = last_line(&r.stderr);
    assert!(
        line.starts_with("rupy: can't open file '")
            && line.ends_with("no_such_file_here.py': [Errno 2] No such file or directory"),
        "unexpected message: {line:?}"
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn generator_sum_of_squares() {
    let r = rupy(&["-c", "print(sum(i*i for i in range(10**6)))"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "333332833333500000\n"),
        "stderr: {}",
        r.stderr
    );
}

/// Every `examples/NAME.py` with an `examples/NAME.out` prints exactly that.
#[test]
fn examples_match_expected_output() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut checked = 0;
    let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("examples folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for py in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
    {
        let Ok(want) = fs::read_to_string(py.with_extension("out")) else {
            continue;
        };
        let r = rupy(&[py.to_str().expect("utf-8 path")]);
        assert_eq!(r.code, Some(0), "{}: stderr:\n{}", py.display(), r.stderr);
        assert_eq!(r.stdout, want, "{}: stdout differs", py.display());
        checked += 1;
    }
    assert!(
        checked >= 2,
        "expected examples/hello.py and examples/fib.py with .out files"
    );
}
