//! The embedding API beyond the examples: panics, limits, threads, interrupts, the REPL,
//! files and conversions.

use std::time::{Duration, Instant};

use rupy::config::Config;
use rupy::imp::{self, ModuleDef};
use rupy::objects::{KwArgs, PyResult, Value, Vm};
use rupy::{pythonrun, state::Thread, stdlibinit};

fn boom(_vm: &mut Vm, _args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    panic!("injected panic");
}

fn init_boom(m: &mut ModuleDef<'_>) -> PyResult<()> {
    m.add_function("boom", boom);
    Ok(())
}

fn run(t: &mut Thread, src: &str) -> Result<String, rupy::PyError> {
    let g = t.globals();
    let mut out = Vec::new();
    pythonrun::run_simple_string(t, src, &g, &mut out)?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

#[test]
fn panic_in_native_becomes_system_error_and_thread_survives() {
    imp::append_inittab("boommod", init_boom);
    let mut t = Thread::new();
    let e = run(
        &mut t,
        "import boommod\ntry:\n    boommod.boom()\nfinally:\n    pass\n",
    )
    .unwrap_err();
    assert_eq!(e.type_name(), "SystemError");
    assert!(e.message().contains("injected panic"), "{}", e.message());
    assert_eq!(
        run(
            &mut t,
            "def f(n): return 1 if n == 0 else f(n - 1) + 1\nprint(f(50))"
        )
        .unwrap(),
        "51\n"
    );
}

#[test]
fn deadline_stops_a_loop_and_interpreter_is_reusable() {
    let mut t = Thread::with_config(Config {
        deadline: Some(Duration::from_millis(100)),
        ..Config::default()
    });
    let start = Instant::now();
    let e = run(
        &mut t,
        "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n",
    )
    .unwrap_err();
    let took = start.elapsed();
    assert_eq!(e.limit(), Some(rupy::objects::limits::LimitKind::Deadline));
    assert!(
        took >= Duration::from_millis(100) && took < Duration::from_secs(2),
        "{:?}",
        took
    );
    assert_eq!(run(&mut t, "print('again')").unwrap(), "again\n");
}

#[test]
fn output_limit_and_recursion_limit() {
    let mut t = Thread::with_config(Config {
        max_output_bytes: Some(100),
        max_recursion: Some(50),
        ..Config::default()
    });
    let e = run(&mut t, "while True:\n    print('x' * 10)\n").unwrap_err();
    assert_eq!(e.limit(), Some(rupy::objects::limits::LimitKind::Output));
    let e = run(&mut t, "def f(): f()\nf()\n").unwrap_err();
    assert_eq!(e.type_name(), "RecursionError");
}

#[test]
fn interrupt_from_another_thread() {
    let mut t = Thread::new();
    let h = t.interrupt_handle();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        h.interrupt();
    });
    let e = run(&mut t, "while True: pass").unwrap_err();
    killer.join().unwrap();
    assert_eq!(e.type_name(), "KeyboardInterrupt");
    assert_eq!(run(&mut t, "print(1 + 1)").unwrap(), "2\n");
}

#[test]
fn allow_threads_lets_python_threads_run() {
    let mut t = Thread::new();
    stdlibinit::init(&mut t);
    run(&mut t, "import threading, time\ncount = 0\ndef tick():\n    global count\n    while count < 1000000:\n        count += 1\nth = threading.Thread(target=tick)\nth.start()\n").unwrap();
    let g = t.globals();
    let before: i64 = g.get(&mut t, "count").unwrap().unwrap();
    t.allow_threads(|| std::thread::sleep(Duration::from_millis(100)));
    let after: i64 = g.get(&mut t, "count").unwrap().unwrap();
    assert!(
        after > before,
        "the Python thread did not run: {} -> {}",
        before,
        after
    );
    run(&mut t, "th.join()").unwrap();
}

#[test]
fn sandbox_has_no_dangerous_builtins_or_modules() {
    let mut t = Thread::with_config(Config::sandbox());
    for src in [
        "open('x')",
        "__import__('sys')",
        "import sys",
        "eval('1')",
        "exec('1')",
        "compile('1', 'f', 'eval')",
        "input()",
    ] {
        assert!(run(&mut t, src).is_err(), "{} succeeded", src);
    }
    assert_eq!(
        run(&mut t, "import math\nprint(math.sqrt(16))").unwrap(),
        "4.0\n"
    );
}

#[test]
fn sandbox_cannot_reach_the_file_system() {
    let mut t = Thread::with_config(Config::sandbox());
    for src in [
        "import posix",
        "import os",
        "import errno",
        "import shutil",
        "import tempfile",
        "__import__('posix')",
    ] {
        assert!(run(&mut t, src).is_err(), "{} succeeded", src);
    }
    // The same program runs where the full standard library is present.
    let mut full = Thread::with_config(Config::default());
    assert_eq!(
        run(&mut full, "import posix\nprint(posix.getcwd() != '')").unwrap(),
        "True\n"
    );
}

#[test]
fn sandbox_in_memory_io_works_but_files_are_refused() {
    let mut t = Thread::with_config(Config {
        stdlib: rupy::config::Stdlib::Only(vec!["math".to_owned(), "_io".to_owned()]),
        ..Config::sandbox()
    });
    let src = "import _io\n\
               s = _io.StringIO('a\\nb')\n\
               print(s.readlines(), _io.BytesIO(b'xy').read())\n\
               for f in (lambda: _io.open('/etc/hostname'), lambda: _io.open_code('/etc/hostname')):\n\
               \x20   try:\n\
               \x20       f()\n\
               \x20   except PermissionError as e:\n\
               \x20       print(type(e).__name__)\n";
    assert_eq!(
        run(&mut t, src).unwrap(),
        "['a\\n', 'b'] b'xy'\nPermissionError\nPermissionError\n"
    );
    // A full interpreter may open files.
    let mut t = Thread::with_config(Config::default());
    assert!(
        run(&mut t, "import _io\n_io.open('/nonexistent/x')")
            .is_err_and(|e| e.type_name() == "FileNotFoundError")
    );
}

#[test]
fn interactive_loop_runs_statements_and_blocks() {
    let mut t = Thread::new();
    let mut input: &[u8] = b"x = 2\nx * 21\ndef f(a):\n    return a + 1\n\nf(x)\n1/0\n";
    let mut out = Vec::new();
    let failures = pythonrun::interactive_loop(&mut t, &mut input, &mut out);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(failures, 1);
    assert!(out.contains(">>> >>> 42\n>>> ... ... >>> 3\n"), "{out}");
    assert!(
        out.contains("ZeroDivisionError: division by zero\n"),
        "{out}"
    );
}

#[test]
fn run_any_file_and_globals() {
    let dir = std::env::temp_dir().join(format!("rupy-embed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("prog.py");
    std::fs::write(&path, "answer = 6 * 7\nprint('file ran')\n").unwrap();
    let mut t = Thread::new();
    let mut out = Vec::new();
    pythonrun::run_any_file(&mut t, &path, &mut out).unwrap();
    assert_eq!(out, b"file ran\n");
    let g = t.globals();
    assert_eq!(g.get::<i64>(&mut t, "answer").unwrap(), Some(42));
    let e = pythonrun::run_any_file(&mut t, dir.join("missing.py"), &mut out).unwrap_err();
    assert_eq!(e.type_name(), "OSError");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn calls_with_keywords_and_conversions() {
    let mut t = Thread::new();
    run(&mut t, "def f(a, b=1, *, c=0):\n    return [a, b, c]\n").unwrap();
    let f = t.globals().get_value("f").unwrap();
    let (one, two) = (t.to_py(1), t.to_py(2));
    let r = t.call_kw(&f, &[one], &[("c", two)]).unwrap();
    assert_eq!(t.from_py::<Vec<i64>>(&r).unwrap(), vec![1, 1, 2]);
    let big = t.to_py(u128::MAX);
    assert_eq!(t.from_py::<u128>(&big).unwrap(), u128::MAX);
    assert_eq!(
        t.from_py::<u8>(&big).unwrap_err().type_name(),
        "OverflowError"
    );
    let Err(e) = t.call(&f, &[]) else {
        panic!("f() without arguments succeeded")
    };
    assert_eq!(e.type_name(), "TypeError");
    let err: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    assert!(err.to_string().starts_with("TypeError: "));
}

#[test]
fn instruction_budget_stops_loops_and_recursion() {
    let mut t = Thread::with_config(Config {
        max_instructions: Some(100_000),
        ..Config::default()
    });
    for src in [
        "while True: pass",
        "for i in range(10**9): pass",
        "x = [i for i in range(10**9)]",
        "def f(n): return f(n - 1) if n else 0\nwhile True: f(5)",
    ] {
        let e = run(&mut t, src).unwrap_err();
        assert_eq!(
            e.limit(),
            Some(rupy::objects::limits::LimitKind::Instructions),
            "{}: {}",
            src,
            e
        );
    }
    // Under the budget, code runs; each run gets the whole budget again.
    assert_eq!(
        run(&mut t, "print(sum(i for i in range(1000)))").unwrap(),
        "499500\n"
    );
    assert_eq!(
        run(
            &mut t,
            "total = 0\nfor i in range(1000):\n    total += i\nprint(total)"
        )
        .unwrap(),
        "499500\n"
    );
}

#[test]
fn spawned_thread_shares_the_interpreter() {
    let mut t = Thread::new();
    run(&mut t, "shared = []").unwrap();
    let handles: Vec<_> = (0..3)
        .map(|i| {
            t.spawn(move |t2| {
                let g = t2.globals();
                let mut out = Vec::new();
                pythonrun::run_simple_string(t2, &format!("shared.append({})", i), &g, &mut out)
                    .map(|_| ())
            })
            .unwrap()
        })
        .collect();
    let results: Vec<_> = t.allow_threads(|| {
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect()
    });
    assert!(results.iter().all(|r| r.is_ok()));
    assert_eq!(run(&mut t, "print(sorted(shared))").unwrap(), "[0, 1, 2]\n");
}

#[test]
fn sandbox_output_limit_holds_for_run_simple_string() {
    let mut t = Thread::with_config(Config::sandbox());
    let g = t.globals();
    let mut out = Vec::new();
    let e = pythonrun::run_simple_string(
        &mut t,
        "for i in range(1000):\n    print('x' * 10000)\n",
        &g,
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.limit(), Some(rupy::objects::limits::LimitKind::Output));
    assert!(
        out.len() <= 1 << 20,
        "{} bytes written under a 1 MiB limit",
        out.len()
    );
    // Standard error counts against the same limit.
    let mut out = Vec::new();
    let e = pythonrun::run_simple_string(
        &mut t,
        "class W:\n    pass\nfor i in range(1000):\n    print('y' * 10000, end='')\n",
        &g,
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.limit(), Some(rupy::objects::limits::LimitKind::Output));
    assert!(
        out.len() <= 1 << 20,
        "{} bytes written under a 1 MiB limit",
        out.len()
    );
}

#[test]
fn sandbox_code_raises_and_catches_exceptions() {
    let mut t = Thread::with_config(Config::sandbox());
    let src = "\
try:
    [][1]
except IndexError as e:
    print('caught', type(e).__name__)
try:
    raise ValueError('v')
except Exception as e:
    print('caught', repr(e))
class MyError(LookupError):
    pass
try:
    raise MyError()
except (KeyError, BaseException) as e:
    print('caught', type(e).__name__, isinstance(e, LookupError))
print(issubclass(ZeroDivisionError, ArithmeticError), StopIteration.__name__)
";
    assert_eq!(
        run(&mut t, src).unwrap(),
        "caught IndexError\ncaught ValueError('v')\ncaught MyError True\nTrue StopIteration\n"
    );
}
