//! Batch execution: many Python jobs on every core of one process, each isolated in an
//! interpreter, with per-job limits, and every result collected.
//!
//! Two kinds of job: a script (a `.py` file run as `__main__` in a fresh interpreter, its
//! stdout and stderr captured) and a record (a JSON value passed to a function of a job
//! module compiled once; each worker keeps one interpreter for its records). `run_batch`
//! starts `jobs` worker threads (each with its own interpreter, hence its own GIL) and
//! returns a `BatchRun`: an iterator of `JobResult`s in completion order. `BatchRun::cancel`
//! stops dispatching and interrupts running jobs; their results are not reported (they did
//! not finish), so a resumed run does them again.

pub mod cli;
pub mod json;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rupy_objects::limits::LimitKind;
use rupy_objects::vm::InterpHandle;
use rupy_objects::{Code, Value};
use serde_json::{Value as Json, json};

use crate::config::Config;
use crate::errors::PyError;
use crate::pythonrun::Collect;
use crate::state::Thread;

/// One job.
#[derive(Clone, Debug)]
pub enum Job {
    /// Run a file as `__main__` in a fresh interpreter.
    Script {
        /// The job's id in the results.
        id: Json,
        /// The file.
        path: PathBuf,
    },
    /// Call the map function on a record.
    Record {
        /// The job's id in the results (the record's `id` field, or its index).
        id: Json,
        /// The record, passed to the function as Python values.
        record: Json,
    },
}

impl Job {
    /// The job's id.
    pub fn id(&self) -> &Json {
        match self {
            Job::Script { id, .. } | Job::Record { id, .. } => id,
        }
    }
}

/// The function record jobs call: a module compiled once, and a name in it.
#[derive(Clone)]
pub struct MapFunction {
    /// The module's code (shared by every worker).
    pub code: Arc<Code>,
    /// The module's file (its `__file__`).
    pub path: String,
    /// The function's name in the module.
    pub func: String,
}

/// How a batch runs.
#[derive(Clone)]
pub struct BatchOptions {
    /// Worker threads (interpreters running at once).
    pub jobs: usize,
    /// Wall-clock limit per job.
    pub timeout: Option<Duration>,
    /// Heap limit per job (bytes allocated net of frees).
    pub memory: Option<u64>,
    /// For record jobs: the function to call.
    pub map: Option<MapFunction>,
}

impl Default for BatchOptions {
    fn default() -> BatchOptions {
        BatchOptions {
            jobs: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            timeout: None,
            memory: None,
            map: None,
        }
    }
}

/// How a job ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// It finished (a script that exited with status 0 included).
    Ok,
    /// It raised (or a script exited with a non-zero status).
    Error,
    /// It ran past its time limit.
    Timeout,
    /// It allocated past its memory limit.
    Memory,
}

impl Status {
    /// The status as the output names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::Memory => "memory",
        }
    }
}

/// What a job produced.
#[derive(Clone, Debug)]
pub struct JobResult {
    /// Position of the job in the input (for ordered output).
    pub index: usize,
    /// The job's id.
    pub id: Json,
    /// How it ended.
    pub status: Status,
    /// Record jobs: the function's return value, as JSON text.
    pub result: Option<String>,
    /// Script jobs: what it wrote to stdout.
    pub stdout: Option<String>,
    /// Script jobs: what it wrote to stderr.
    pub stderr: Option<String>,
    /// When it failed: (type, message, formatted traceback).
    pub error: Option<(String, String, String)>,
    /// Wall-clock time the job took.
    pub duration_ms: f64,
    /// The most heap the job held at once (0 without `CountingAlloc`).
    pub peak_heap_bytes: u64,
}

impl JobResult {
    /// The output record as one line of JSON (with its newline): `id`, `status`, `result`
    /// or `stdout`/`stderr`, `error`, `duration_ms`, `peak_heap_bytes`.
    pub fn to_line(&self) -> String {
        let mut s = String::with_capacity(96 + self.result.as_ref().map_or(0, String::len));
        s.push_str("{\"id\":");
        s.push_str(&self.id.to_string());
        s.push_str(",\"status\":\"");
        s.push_str(self.status.as_str());
        s.push('"');
        if let Some(r) = &self.result {
            s.push_str(",\"result\":");
            s.push_str(r);
        }
        for (key, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            if let Some(t) = text {
                s.push_str(&format!(",\"{}\":{}", key, Json::from(t.as_str())));
            }
        }
        if let Some((t, msg, tb)) = &self.error {
            s.push_str(",\"error\":");
            s.push_str(&json!({"type": t, "message": msg, "traceback": tb}).to_string());
        }
        s.push_str(&format!(
            ",\"duration_ms\":{},\"peak_heap_bytes\":{}}}\n",
            json!((self.duration_ms * 1000.0).round() / 1000.0),
            self.peak_heap_bytes
        ));
        s
    }
}

/// A running batch: iterate for results (in completion order); `cancel` stops it.
pub struct BatchRun {
    results: crossbeam::channel::Receiver<JobResult>,
    cancelled: Arc<AtomicBool>,
    running: Arc<Mutex<Vec<Option<InterpHandle>>>>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl BatchRun {
    /// Stop dispatching jobs and interrupt the running ones (not reported).
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        for h in self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .flatten()
        {
            h.interrupt();
        }
    }

    /// The next result, waiting at most `timeout` (`Ok(None)`: none yet; `Err(())`: the batch
    /// is over).
    #[allow(clippy::result_unit_err)]
    pub fn next_timeout(&self, timeout: Duration) -> Result<Option<JobResult>, ()> {
        match self.results.recv_timeout(timeout) {
            Ok(r) => Ok(Some(r)),
            Err(crossbeam::channel::RecvTimeoutError::Timeout) => Ok(None),
            Err(crossbeam::channel::RecvTimeoutError::Disconnected) => Err(()),
        }
    }

    /// Wait for the workers to end.
    pub fn join(mut self) {
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Iterator for BatchRun {
    type Item = JobResult;
    fn next(&mut self) -> Option<JobResult> {
        self.results.recv().ok()
    }
}

/// Start running `jobs` (produced lazily, e.g. read from stdin) with `options`.
pub fn run_batch(
    jobs: impl Iterator<Item = Job> + Send + 'static,
    options: BatchOptions,
) -> BatchRun {
    let n = options.jobs.max(1);
    let (job_tx, job_rx) = crossbeam::channel::bounded::<(usize, Job)>(n * 4);
    let (res_tx, res_rx) = crossbeam::channel::unbounded();
    let cancelled = Arc::new(AtomicBool::new(false));
    let running = Arc::new(Mutex::new(vec![None; n]));
    let stop = cancelled.clone();
    // The feeder: jobs are read as workers take them (records from a pipe stay streaming).
    let _ = std::thread::Builder::new()
        .name("rupy-batch-feed".into())
        .spawn(move || {
            for (i, job) in jobs.enumerate() {
                if stop.load(Ordering::SeqCst) || job_tx.send((i, job)).is_err() {
                    break;
                }
            }
        });
    let workers = (0..n)
        .filter_map(|slot| {
            let (jobs, results, options) = (job_rx.clone(), res_tx.clone(), options.clone());
            let (cancelled, running) = (cancelled.clone(), running.clone());
            crate::spawn_big_stack(move |base, budget| {
                worker(
                    slot, jobs, results, options, cancelled, running, base, budget,
                )
            })
            .ok()
        })
        .collect();
    BatchRun {
        results: res_rx,
        cancelled,
        running,
        workers,
    }
}

fn config_for(options: &BatchOptions, argv0: &str, stack_budget: usize) -> Config {
    Config {
        deadline: options.timeout,
        max_heap_bytes: options.memory,
        argv: vec![argv0.to_owned()],
        stack_budget,
        ..Config::default()
    }
}

fn status_of(e: &PyError) -> Status {
    match e.limit() {
        Some(LimitKind::Deadline) => Status::Timeout,
        Some(LimitKind::Memory) => Status::Memory,
        _ => Status::Error,
    }
}

#[allow(clippy::too_many_arguments)]
fn worker(
    slot: usize,
    jobs: crossbeam::channel::Receiver<(usize, Job)>,
    results: crossbeam::channel::Sender<JobResult>,
    options: BatchOptions,
    cancelled: Arc<AtomicBool>,
    running: Arc<Mutex<Vec<Option<InterpHandle>>>>,
    _stack_base: usize,
    stack_budget: usize,
) {
    // Record jobs share one interpreter per worker, loaded on the first record.
    let mut mapper: Option<(Thread, Value)> = None;
    let publish =
        |h: Option<InterpHandle>| running.lock().unwrap_or_else(|p| p.into_inner())[slot] = h;
    while let Ok((index, job)) = jobs.recv() {
        if cancelled.load(Ordering::SeqCst) {
            break;
        }
        let start = Instant::now();
        let mut r = match &job {
            Job::Script { id, path } => {
                let stdout = Collect::default();
                let stderr = Collect::default();
                let path_s = path.display().to_string();
                let mut t = Thread::with_config(config_for(&options, &path_s, stack_budget));
                t.set_stdout(Box::new(stdout.clone()));
                t.set_stderr(Box::new(stderr.clone()));
                publish(Some(t.interrupt_handle()));
                t.reset_heap_stats();
                let outcome = run_script(&mut t, path);
                let peak = t.peak_heap_bytes();
                publish(None);
                // Finalisation (and what it prints) belongs to the job.
                drop(t);
                let mut r = JobResult::ended(index, id, outcome.map(|()| None), peak);
                r.stdout = Some(stdout.text());
                r.stderr = Some(stderr.text());
                r
            }
            Job::Record { id, record } => {
                let Some(map) = &options.map else {
                    break;
                };
                if mapper.is_none() {
                    match load_mapper(map, &options, stack_budget) {
                        Ok(m) => mapper = Some(m),
                        Err(e) => {
                            let mut r = JobResult::ended(index, id, Err(e), 0);
                            r.duration_ms = start.elapsed().as_secs_f64() * 1000.0;
                            let _ = results.send(r);
                            continue;
                        }
                    }
                }
                let Some((t, func)) = mapper.as_mut() else {
                    break;
                };
                publish(Some(t.interrupt_handle()));
                t.reset_heap_stats();
                let outcome = t.run(|vm| {
                    let arg = json::to_py(record);
                    let v = rupy_interp::call::call_value(vm, func, &[arg], &[])?;
                    let mut text = Vec::with_capacity(128);
                    json::write(vm, &v, &mut text, 0)?;
                    Ok(String::from_utf8(text).unwrap_or_default())
                });
                let peak = t.peak_heap_bytes();
                publish(None);
                JobResult::ended(index, id, outcome.map(Some), peak)
            }
        };
        // A job stopped by `cancel` did not finish: it is not reported.
        if cancelled.load(Ordering::SeqCst)
            && r.error
                .as_ref()
                .is_some_and(|(t, _, _)| t == "KeyboardInterrupt")
        {
            break;
        }
        r.duration_ms = start.elapsed().as_secs_f64() * 1000.0;
        if results.send(r).is_err() {
            break;
        }
    }
}

impl JobResult {
    /// The record of job `index` that ended with `outcome` (its result as JSON text, if any),
    /// having held at most `peak` heap bytes; the caller adds output and duration.
    fn ended(
        index: usize,
        id: &Json,
        outcome: Result<Option<String>, PyError>,
        peak: u64,
    ) -> JobResult {
        let (status, result, error) = match outcome {
            Ok(result) => (Status::Ok, result, None),
            Err(e) => (
                status_of(&e),
                None,
                Some((
                    e.type_name().to_owned(),
                    e.message().to_owned(),
                    e.formatted().to_owned(),
                )),
            ),
        };
        JobResult {
            index,
            id: id.clone(),
            status,
            result,
            stdout: None,
            stderr: None,
            error,
            duration_ms: 0.0,
            peak_heap_bytes: peak,
        }
    }
}

/// Run a script as `__main__` (`SystemExit` with status 0 or None is success).
fn run_script(t: &mut Thread, path: &std::path::Path) -> Result<(), PyError> {
    let bytes = std::fs::read(path)?;
    let filename = path.display().to_string();
    let g = t.globals();
    g.set(t, "__file__", filename.as_str());
    let r = t.run(|vm| {
        let src = rupy_interp::run::decode_or_raise(vm, &bytes, &filename)?;
        let code =
            rupy_interp::run::compile_source(vm, &src, &filename, rupy_interp::run::Mode::Exec)?;
        let d = g.dict().clone();
        rupy_interp::eval::run_code_in(vm, &code, d.clone(), d, Vec::new())?;
        rupy_interp::run::at_exit(vm)
    });
    match r {
        Err(e) if e.is("SystemExit") && matches!(e.message(), "" | "0" | "None") => Ok(()),
        other => other,
    }
}

/// A worker's interpreter for record jobs: the job module run once, and its function.
fn load_mapper(
    map: &MapFunction,
    options: &BatchOptions,
    stack_budget: usize,
) -> Result<(Thread, Value), PyError> {
    let mut t = Thread::with_config(config_for(options, &map.path, stack_budget));
    t.set_stdout(Box::new(std::io::sink()));
    let g = t.globals();
    g.set(&mut t, "__file__", map.path.as_str());
    let code = map.code.clone();
    let d = g.dict().clone();
    t.run(|vm| rupy_interp::eval::run_code_in(vm, &code, d.clone(), d, Vec::new()))?;
    match g.get_value(&map.func) {
        Some(f) => Ok((t, f)),
        None => Err(PyError::new(
            "AttributeError",
            format!("module '{}' has no attribute '{}'", map.path, map.func),
        )),
    }
}
