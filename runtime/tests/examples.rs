//! Every embedding example under `examples/` runs and prints what it says. `cargo test`
//! builds the examples next to the test binaries (target/PROFILE/examples/).

use std::path::PathBuf;
use std::process::Command;

fn example(name: &str) -> String {
    let exe = std::env::current_exe().expect("test binary path");
    let dir: PathBuf = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target dir")
        .join("examples");
    let out = Command::new(dir.join(name))
        .output()
        .unwrap_or_else(|e| panic!("cannot run example {}: {}", name, e));
    assert!(
        out.status.success(),
        "{} failed: {}",
        name,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn minimal_prints_hello_world() {
    assert_eq!(example("minimal"), "hello, world\n");
}

#[test]
fn register_module_imports_host_module() {
    assert_eq!(
        example("register_module"),
        "42\nhello, rupy\nTypeError: greet() argument must be str\n"
    );
}

#[test]
fn exchange_values_round_trips() {
    let out = example("exchange_values");
    assert!(out.contains("rupy: n=42 big=1267650600228229401496703205376 xs=[1, 2, 3] pair=(1.5, True) raw=b'\\x00\\x01' nothing=None"), "{out}");
    assert!(out.contains("total = 7.5\n"), "{out}");
    assert!(out.contains("doubled = [2, 4, 6]\n"), "{out}");
    assert!(
        out.contains("refund = Some(Order { item: \"tea\", qty: -1, price: 2.5 })\n"),
        "{out}"
    );
    assert!(out.contains("list = [7, 5]\n"), "{out}");
    assert!(out.contains("TypeError: expected int, got str\n"), "{out}");
}

#[test]
fn call_function_sums_a_million_calls() {
    let out = example("call_function");
    assert!(
        out.starts_with("sum = 500000500000\ncalls per second = "),
        "{out}"
    );
}

#[test]
fn capture_stdout_collects_output() {
    assert_eq!(
        example("capture_stdout"),
        "buffer holds: \"captured\\n1+2\\n\"\ndiscarded output: ok\n"
    );
}

#[test]
fn sandbox_refuses_or_stops_every_attempt() {
    let out = example("sandbox");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 8, "{out}");
    assert_eq!(
        lines[0],
        "open a file: refused: NameError: name 'open' is not defined"
    );
    // `os` is CPython's Lib module: its native half `posix` is not in the sandbox.
    assert_eq!(
        lines[1],
        "import os: refused: ModuleNotFoundError: No module named 'posix'"
    );
    assert_eq!(
        lines[2],
        "import statement: refused: ModuleNotFoundError: No module named 'posix'"
    );
    assert!(
        lines[3].starts_with("infinite loop: stopped: deadline exceeded ("),
        "{out}"
    );
    assert!(
        lines[4].starts_with("10 GB allocation: stopped: memory limit exceeded"),
        "{out}"
    );
    assert!(
        lines[5].starts_with("huge list: stopped: memory limit exceeded"),
        "{out}"
    );
    assert!(
        lines[6].starts_with("escape via object: refused: "),
        "{out}"
    );
    assert!(
        lines[7].starts_with("plain computation: ran, printed \"45\""),
        "{out}"
    );
}

#[test]
fn errors_reports_type_message_frames_and_traceback() {
    let out = example("errors");
    let want = "type: ZeroDivisionError\nmessage: division by zero\n\
frame: <string> line 7 in <module>\nframe: <string> line 5 in outer\nframe: <string> line 2 in inner\n\
Traceback (most recent call last):\n  File \"<string>\", line 7, in <module>\n  File \"<string>\", line 5, in outer\n  File \"<string>\", line 2, in inner\n\
ZeroDivisionError: division by zero\nsyntax error: SyntaxError: '(' was never closed\nstill running\n";
    assert_eq!(out, want);
}

#[test]
fn many_interpreters_agree() {
    let out = example("many_interpreters");
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("interpreters: "), "{out}");
    let results = first.split("results: ").nth(1).unwrap_or_default();
    assert!(results.starts_with("[196418"), "{out}");
    assert!(
        results
            .trim_matches(['[', ']'])
            .split(", ")
            .all(|r| r == "196418"),
        "{out}"
    );
    assert!(out.contains("speed-up "), "{out}");
}
