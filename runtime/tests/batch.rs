//! `rupy batch`: one correct record per job, exit statuses, map mode, ordering, resume after
//! Ctrl-C.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value as Json;

fn rupy() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rupy"))
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rupy-batch-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, src: &str) {
    std::fs::write(dir.join(name), src).unwrap();
}

fn records(out: &[u8]) -> Vec<Json> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn scripts_each_get_one_correct_record() {
    let d = scratch("scripts");
    write(&d, "a_ok.py", "print('hello')\n");
    write(
        &d,
        "b_fail.py",
        "import sys\nprint('oops', file=sys.stderr)\nraise ValueError('bad')\n",
    );
    write(
        &d,
        "c_loop.py",
        "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n",
    );
    write(&d, "d_mem.py", "b = bytearray(10**10)\n");
    write(
        &d,
        "e_grow.py",
        "l = []\nwhile True:\n    l.append('x' * 10000)\n",
    );
    write(&d, "f_exit0.py", "import sys\nsys.exit(0)\n");
    write(&d, "not_python.txt", "ignored\n");
    let out = rupy()
        .args([
            "batch",
            "--timeout",
            "1.0",
            "--memory",
            "33554432",
            "--ordered",
            "--quiet",
        ])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    let by: HashMap<String, &Json> = recs
        .iter()
        .map(|r| {
            (
                r["id"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                r,
            )
        })
        .collect();
    assert_eq!(recs.len(), 6);
    assert_eq!(by["a_ok.py"]["status"], "ok");
    assert_eq!(by["a_ok.py"]["stdout"], "hello\n");
    assert_eq!(by["b_fail.py"]["status"], "error");
    assert_eq!(by["b_fail.py"]["stderr"], "oops\n");
    assert_eq!(by["b_fail.py"]["error"]["type"], "ValueError");
    assert_eq!(by["b_fail.py"]["error"]["message"], "bad");
    assert!(
        by["b_fail.py"]["error"]["traceback"]
            .as_str()
            .unwrap()
            .contains("line 3, in <module>")
    );
    assert_eq!(by["c_loop.py"]["status"], "timeout");
    assert_eq!(by["d_mem.py"]["status"], "memory");
    assert_eq!(by["e_grow.py"]["status"], "memory");
    assert_eq!(by["f_exit0.py"]["status"], "ok");
    for r in &recs {
        assert!(
            r["duration_ms"].is_number() && r["peak_heap_bytes"].is_number(),
            "{r}"
        );
    }
    // Input order (sorted file names).
    let names: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(by["e_grow.py"]["peak_heap_bytes"].as_u64().unwrap() > 16 << 20);
}

#[test]
fn all_ok_exits_zero_and_usage_errors_exit_two() {
    let d = scratch("ok");
    write(&d, "x.py", "print(sum(range(1000)))\n");
    let out = rupy()
        .args(["batch", "--quiet"])
        .arg(d.join("x.py"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records(&out.stdout)[0]["stdout"], "499500\n");
    // --output replaces the file on a fresh run (only --resume adds to it).
    let out_file = d.join("out.jsonl");
    for _ in 0..2 {
        let out = rupy()
            .args(["batch", "--quiet", "-o"])
            .arg(&out_file)
            .arg(d.join("x.py"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
    }
    assert_eq!(records(&std::fs::read(&out_file).unwrap()).len(), 1);
    for args in [
        vec!["batch"],
        vec!["batch", "--jobs", "0", "x.py"],
        vec!["batch", "--bogus"],
        vec!["batch", "/no/such/file.py"],
        vec!["batch", "--map", "nofunc", "r.jsonl"],
    ] {
        let out = rupy().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{:?}: {}",
            args,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn map_mode_calls_the_function_per_record() {
    let d = scratch("map");
    write(
        &d,
        "job.py",
        "def main(r):\n    if r.get('boom'):\n        raise KeyError('boom')\n    return {'id': r['id'], 'double': r['x'] * 2, 'words': r['s'].split()}\n",
    );
    let mut recs = String::new();
    for i in 0..50 {
        recs.push_str(&format!(
            "{{\"id\": \"r{}\", \"x\": {}, \"s\": \"a b\", \"boom\": {}}}\n",
            i,
            i,
            i == 7
        ));
    }
    write(&d, "r.jsonl", &recs);
    let job = format!("{}:main", d.join("job.py").display());
    let out = rupy()
        .args([
            "batch",
            "--quiet",
            "--ordered",
            "--jobs",
            "2",
            "--map",
            &job,
        ])
        .arg(d.join("r.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got = records(&out.stdout);
    assert_eq!(got.len(), 50);
    for (i, r) in got.iter().enumerate() {
        assert_eq!(r["id"], format!("r{}", i));
        if i == 7 {
            assert_eq!(r["status"], "error");
            assert_eq!(r["error"]["type"], "KeyError");
        } else {
            assert_eq!(r["status"], "ok");
            assert_eq!(
                r["result"],
                serde_json::json!({"id": format!("r{}", i), "double": i * 2, "words": ["a", "b"]})
            );
        }
    }
    // Records from stdin; ids default to the line index.
    let mut child = rupy()
        .args(["batch", "--quiet", "--map", &job, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"x\": 1, \"s\": \"q\"}\n{\"x\": 2, \"s\": \"\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "records without an 'id' key fail in job.py"
    );
    let got = records(&out.stdout);
    assert_eq!(got.len(), 2);
    let mut ids: Vec<i64> = got.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, vec![0, 1]);
}

#[test]
fn interrupted_run_resumes_without_losing_or_repeating_jobs() {
    let d = scratch("resume");
    for i in 0..40 {
        write(
            &d,
            &format!("s{:02}.py", i),
            &format!("import time\ntime.sleep(0.05)\nprint({})\n", i),
        );
    }
    let out_file = d.join("out.jsonl");
    let mut child = rupy()
        .args(["batch", "--quiet", "--jobs", "2", "-o"])
        .arg(&out_file)
        .arg(&d)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let first = records(&std::fs::read(&out_file).unwrap()).len();
    assert!(
        first > 0 && first < 40,
        "{} results before the interrupt",
        first
    );
    let out = rupy()
        .args(["batch", "--quiet", "--resume", "--jobs", "2", "-o"])
        .arg(&out_file)
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let all = records(&std::fs::read(&out_file).unwrap());
    let mut ids: Vec<String> = all
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 40);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40, "an id appears twice");
    assert!(all.iter().all(|r| r["status"] == "ok"));
}

/// Programs that fill a container inside one native call: the budget must hold inside the
/// call (the job ends as `memory` or with `MemoryError`, its peak heap near the budget), and
/// the jobs beside it still run.
/// 2 MiB of raw deflate (self-contained 1 MiB blocks of zeros) that inflates to 2 GiB, then
/// `$use` of it.
macro_rules! zlib_bomb {
    ($use:literal) => {
        concat!(
            "import zlib\n",
            "co = zlib.compressobj(wbits=-15)\n",
            "block = co.compress(bytes(1 << 20)) + co.flush(zlib.Z_FULL_FLUSH)\n",
            "bomb = block * 2048 + co.flush()\n",
            $use
        )
    };
}

const NATIVE_BOMBS: &[(&str, &str)] = &[
    ("sorted_range", "x = sorted(range(10**10))\n"),
    // The regex engine's backtracking stack grows through the budget.
    (
        "re_backtrack_stack",
        "import re\nre.match(r'(?:ab|c)*', 'ab' * 3000000)\n",
    ),
    ("tuple_range", "x = tuple(range(10**10))\n"),
    ("list_map", "x = list(map(str, range(10**9)))\n"),
    ("fromkeys", "x = dict.fromkeys(range(10**9))\n"),
    ("set_comp", "x = {i for i in range(10**9)}\n"),
    ("set_of_range", "x = set(range(10**9))\n"),
    ("join_gen", "x = ''.join(str(i) for i in range(10**10))\n"),
    ("join_list", "x = '-'.join(['abc' * 1000] * 10**6)\n"),
    ("extend", "l = []\nl.extend(range(10**10))\n"),
    ("list_comp", "x = [i for i in range(10**10)]\n"),
    (
        "zlib_decompress",
        zlib_bomb!("x = zlib.decompress(bomb, -15)\n"),
    ),
    (
        "zlib_decompressobj",
        zlib_bomb!("x = zlib.decompressobj(-15).decompress(bomb)\n"),
    ),
    (
        "zlib_flush",
        zlib_bomb!("d = zlib.decompressobj(-15)\nd.decompress(bomb, 10)\nx = d.flush()\n"),
    ),
];

/// A catastrophic regular expression stops at the deadline: the matcher polls for limits.
#[test]
fn catastrophic_regex_stops_at_deadline() {
    let d = scratch("regex-deadline");
    write(
        &d,
        "backtrack.py",
        "import re\nre.match(r'(a+)+$', 'a' * 40 + 'b')\n",
    );
    let start = std::time::Instant::now();
    let out = rupy()
        .args(["batch", "--timeout", "2", "--quiet"])
        .arg(&d)
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(recs[0]["status"], "timeout", "{}", recs[0]);
    assert!(start.elapsed() < std::time::Duration::from_secs(15));
}

#[test]
fn memory_limit_holds_inside_one_native_call() {
    let d = scratch("native-bombs");
    for (name, src) in NATIVE_BOMBS {
        write(&d, &format!("{name}.py"), src);
    }
    write(&d, "zz_ok.py", "print(sum(range(10)))\n");
    let out = rupy()
        .args([
            "batch",
            "--memory",
            "67108864",
            "--timeout",
            "20",
            "--quiet",
        ])
        .arg(&d)
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(
        recs.len(),
        NATIVE_BOMBS.len() + 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        if id.ends_with("zz_ok.py") {
            assert_eq!(r["status"], "ok", "{r}");
            assert_eq!(r["stdout"], "45\n");
            continue;
        }
        let st = r["status"].as_str().unwrap();
        assert!(
            st == "memory" || (st == "error" && r["error"]["type"] == "MemoryError"),
            "{id}: {r}"
        );
        let peak = r["peak_heap_bytes"].as_u64().unwrap();
        assert!(
            peak < 160 << 20,
            "{id}: peak heap {peak} under a 64 MiB budget"
        );
    }
}

/// Without a budget, a failed allocation is `MemoryError`, never an abort of the process.
#[test]
fn failed_allocation_is_memory_error_not_abort() {
    let d = scratch("alloc-fail");
    for (name, src) in [
        ("fromkeys", "x = dict.fromkeys(range(10**9))\n"),
        (
            "append",
            "l = []\nfor i in range(10**10):\n    l.append(i)\n",
        ),
        (
            "set_add",
            "s = set()\nfor i in range(10**9):\n    s.add(i)\n",
        ),
    ] {
        let path = d.join(format!("{name}.py"));
        std::fs::write(
            &path,
            format!(
                "try:\n    {}\nexcept MemoryError:\n    print('MemoryError')\n",
                src.trim_end().replace('\n', "\n    ")
            ),
        )
        .unwrap();
        // A 3 GB address-space cap (the interpreter thread reserves a big stack) makes the allocator refuse.
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 3000000; exec {} {}",
                env!("CARGO_BIN_EXE_rupy"),
                path.display()
            ))
            .output()
            .unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).as_ref()
            ),
            (Some(0), "MemoryError\n"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
