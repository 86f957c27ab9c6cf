//! `rupy batch`: the command line over `run_batch` — arguments, job lists, JSON-lines
//! output (ordered or as completed), resume, progress bar, summary, Ctrl-C and exit status.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, Command};
use serde_json::Value as Json;

use super::{BatchOptions, Job, MapFunction, Status, run_batch};

/// Exit status for usage errors.
pub const EXIT_USAGE: i32 = 2;

fn command() -> Command {
    Command::new("rupy batch")
        .about("Run many Python jobs in isolated interpreters on every core")
        .override_usage("rupy batch [OPTIONS] PATH...\n       rupy batch --map JOB.py:FUNC [OPTIONS] RECORDS.jsonl")
        .arg(Arg::new("inputs").value_name("PATH").num_args(0..).help("scripts or directories of scripts; with --map, one JSON-lines file (- for stdin)"))
        .arg(Arg::new("map").long("map").value_name("JOB.py:FUNC").help("call FUNC(record) of JOB.py for each JSON line"))
        .arg(Arg::new("jobs").short('j').long("jobs").value_name("N").value_parser(clap::value_parser!(usize)).help("worker interpreters (default: the machine's cores)"))
        .arg(Arg::new("timeout").long("timeout").value_name("SECS").value_parser(clap::value_parser!(f64)).help("wall-clock limit per job"))
        .arg(Arg::new("memory").long("memory").value_name("BYTES").value_parser(clap::value_parser!(u64)).help("heap limit per job"))
        .arg(Arg::new("output").short('o').long("output").value_name("FILE").help("where results go (default: stdout)"))
        .arg(Arg::new("ordered").long("ordered").action(ArgAction::SetTrue).help("write results in input order"))
        .arg(Arg::new("resume").long("resume").action(ArgAction::SetTrue).help("skip jobs whose id is already in --output"))
        .arg(Arg::new("fail-fast").long("fail-fast").action(ArgAction::SetTrue).help("stop at the first job that does not succeed"))
        .arg(Arg::new("quiet").short('q').long("quiet").action(ArgAction::SetTrue).help("no progress bar and no summary"))
}

fn usage_error(msg: &str) -> i32 {
    eprintln!("rupy batch: error: {}", msg);
    EXIT_USAGE
}

/// Every `.py` file a path names (a directory: its `.py` files, sorted).
fn scripts(paths: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read directory {}: {}", p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "py") && f.is_file())
                .collect();
            found.sort();
            out.extend(found);
        } else if path.is_file() {
            out.push(path.to_path_buf());
        } else {
            return Err(format!("no such file or directory: {}", p));
        }
    }
    Ok(out)
}

/// The record jobs of a JSON-lines source: id = the record's `id` field, else its index.
fn records(lines: impl Iterator<Item = std::io::Result<String>>) -> impl Iterator<Item = Job> {
    lines
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let record: Json = serde_json::from_str(&line).unwrap_or_else(
                |e| serde_json::json!({"__invalid_json__": e.to_string(), "line": line}),
            );
            let id = record
                .get("id")
                .cloned()
                .filter(|v| !v.is_null())
                .unwrap_or_else(|| Json::from(i));
            Job::Record { id, record }
        })
}

/// Ids already in an output file (for `--resume`); a torn last line is cut off.
fn done_ids(path: &Path) -> std::io::Result<HashSet<String>> {
    let Ok(mut data) = std::fs::read(path) else {
        return Ok(HashSet::new());
    };
    if !data.is_empty() && data.last() != Some(&b'\n') {
        let keep = data
            .iter()
            .rposition(|b| *b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        data.truncate(keep);
        std::fs::write(path, &data)?;
    }
    Ok(String::from_utf8_lossy(&data)
        .lines()
        .filter_map(|l| serde_json::from_str::<Json>(l).ok())
        .filter_map(|v| v.get("id").map(|id| id.to_string()))
        .collect())
}

/// `rupy batch ARGS...` (without the program name and `batch`); returns the exit status.
pub fn main(args: Vec<String>) -> i32 {
    let m = match command()
        .try_get_matches_from(std::iter::once("rupy batch".to_owned()).chain(args))
    {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    let inputs: Vec<String> = m
        .get_many::<String>("inputs")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let mut options = BatchOptions::default();
    if let Some(n) = m.get_one::<usize>("jobs") {
        if *n == 0 {
            return usage_error("--jobs must be at least 1");
        }
        options.jobs = *n;
    }
    if let Some(t) = m.get_one::<f64>("timeout") {
        if !(*t > 0.0 && t.is_finite()) {
            return usage_error("--timeout must be a positive number of seconds");
        }
        options.timeout = Some(Duration::from_secs_f64(*t));
    }
    options.memory = m.get_one::<u64>("memory").copied();
    let ordered = m.get_flag("ordered");
    let quiet = m.get_flag("quiet");
    let fail_fast = m.get_flag("fail-fast");
    let output = m.get_one::<String>("output").cloned();
    if m.get_flag("resume") && output.is_none() {
        return usage_error("--resume needs --output FILE");
    }
    let resume = m.get_flag("resume");
    let skip = match (&output, resume) {
        (Some(o), true) => match done_ids(Path::new(o)) {
            Ok(ids) => ids,
            Err(e) => return usage_error(&format!("cannot read {}: {}", o, e)),
        },
        _ => HashSet::new(),
    };

    // The jobs, and how many when known.
    let (jobs, total): (Box<dyn Iterator<Item = Job> + Send>, Option<usize>) =
        if let Some(spec) = m.get_one::<String>("map") {
            let Some((file, func)) = spec.rsplit_once(':') else {
                return usage_error("--map wants JOB.py:FUNC");
            };
            let code = match crate::parser::parse_file(file, crate::parser::Mode::File)
                .and_then(|module| crate::compile::compile(&module, file, 0))
            {
                Ok(c) => c,
                Err(e) => return usage_error(&format!("cannot load {}: {}", file, e)),
            };
            options.map = Some(MapFunction {
                code,
                path: file.to_owned(),
                func: func.to_owned(),
            });
            if inputs.len() != 1 {
                return usage_error("--map takes exactly one RECORDS.jsonl (or -)");
            }
            if inputs[0] == "-" {
                let lines = std::io::BufReader::new(std::io::stdin()).lines();
                (Box::new(records(lines)), None)
            } else {
                match std::fs::read_to_string(&inputs[0]) {
                    Ok(text) => {
                        let lines: Vec<std::io::Result<String>> =
                            text.lines().map(|l| Ok(l.to_owned())).collect();
                        let n = lines
                            .iter()
                            .filter(|l| l.as_ref().is_ok_and(|l| !l.trim().is_empty()))
                            .count();
                        (Box::new(records(lines.into_iter())), Some(n))
                    }
                    Err(e) => return usage_error(&format!("cannot read {}: {}", inputs[0], e)),
                }
            }
        } else {
            if inputs.is_empty() {
                return usage_error("no scripts given (rupy batch [OPTIONS] PATH...)");
            }
            match scripts(&inputs) {
                Ok(files) => {
                    let n = files.len();
                    (
                        Box::new(files.into_iter().map(|path| Job::Script {
                            id: Json::from(path.display().to_string()),
                            path,
                        })),
                        Some(n),
                    )
                }
                Err(e) => return usage_error(&e),
            }
        };
    let skip = Arc::new(skip);
    let skipped = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (skip2, skipped2) = (skip.clone(), skipped.clone());
    let jobs = jobs.filter(move |j| {
        let done = skip2.contains(&j.id().to_string());
        if done {
            skipped2.fetch_add(1, Ordering::Relaxed);
        }
        !done
    });

    let mut out: Box<dyn Write> = match &output {
        // A resumed run adds to its earlier results; a fresh run replaces the file.
        Some(path) => match std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(resume)
            .truncate(!resume)
            .open(path)
        {
            Ok(f) => Box::new(f),
            Err(e) => return usage_error(&format!("cannot open {}: {}", path, e)),
        },
        None => Box::new(std::io::stdout()),
    };

    let interrupted = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, interrupted.clone());

    let bar = if !quiet && std::io::stderr().is_terminal() {
        let remaining = total.map(|t| t.saturating_sub(skip.len()) as u64);
        let bar = match remaining {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        let style = indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} jobs  {per_sec}  ETA {eta}  {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        Some(bar)
    } else {
        None
    };

    let start = Instant::now();
    let run = run_batch(jobs, options);
    let mut counts = [0usize; 4];
    let mut pending: BTreeMap<usize, String> = BTreeMap::new();
    let mut next_index = 0usize;
    let mut failed = false;
    let mut stopped = false;
    let write = |out: &mut Box<dyn Write>, line: &str| {
        let _ = out.write_all(line.as_bytes());
        let _ = out.flush();
    };
    loop {
        if interrupted.load(Ordering::SeqCst) && !stopped {
            stopped = true;
            run.cancel();
        }
        let r = match run.next_timeout(Duration::from_millis(50)) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(()) => break,
        };
        counts[match r.status {
            Status::Ok => 0,
            Status::Error => 1,
            Status::Timeout => 2,
            Status::Memory => 3,
        }] += 1;
        let index = r.index;
        if r.status != Status::Ok {
            failed = true;
            if fail_fast && !stopped {
                stopped = true;
                run.cancel();
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
            b.set_message(format!(
                "ok {} error {} timeout {} memory {}",
                counts[0], counts[1], counts[2], counts[3]
            ));
        }
        if ordered {
            // Indices count the jobs that run (skipped ones are not numbered), so the next
            // one to write is always coming.
            pending.insert(index, r.to_line());
            while let Some(v) = pending.remove(&next_index) {
                write(&mut out, &v);
                next_index += 1;
            }
        } else {
            write(&mut out, &r.to_line());
        }
    }
    // After a cancellation, finished results past a gap are still written, in order.
    for (_, v) in std::mem::take(&mut pending) {
        write(&mut out, &v);
    }
    run.join();
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let secs = start.elapsed().as_secs_f64();
    let done: usize = counts.iter().sum();
    if !quiet {
        let skipped = skipped.load(Ordering::Relaxed);
        eprintln!(
            "ok {}, error {}, timeout {}, memory {}{} — {} jobs in {:.2} s ({:.0} jobs/s){}",
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            if skipped > 0 {
                format!(", skipped {}", skipped)
            } else {
                String::new()
            },
            done,
            secs,
            done as f64 / secs.max(1e-9),
            if interrupted.load(Ordering::SeqCst) {
                " (interrupted)"
            } else {
                ""
            },
        );
    }
    if interrupted.load(Ordering::SeqCst) {
        130
    } else if failed {
        1
    } else {
        0
    }
}
