//! `zlib`: deflate compression on the pure-Rust zlib-rs crate (used directly rather than
//! through flate2, whose API hides `memLevel`, `strategy` and header auto-detection).
//! One-shot `compress`/`decompress`, streaming `compressobj`/`decompressobj`,
//! `_ZlibDecompressor` (what `gzip` reads with), `crc32`, `adler32`, the constants, and
//! `zlib.error` with CPython's messages ("Error -3 while decompressing data: incorrect header
//! check").
//!
//! Parameters are validated here exactly as zlib's `deflateInit2`/`inflateInit2` do before
//! zlib-rs sees them (its constructors panic on a configuration they would refuse).
//! Outputs grow chunk by chunk through `vm.grow` (each chunk at most the output so far, so a
//! decompression bomb stops at the memory budget) and the loops poll for interrupts.
//!
//! `copy()`: zlib-rs has no safe way to clone a stream, so a stream object records the calls
//! that shaped it (input and flush modes; for a decompressor the consumed input and output
//! count) and a copy replays them into a fresh stream. The record is dropped once it passes
//! `COPY_LOG_LIMIT` bytes; `copy()` on such a stream raises `zlib.error` — a known
//! difference from CPython, whose copy always works.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_fn, add_getter, add_method, bind};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, Opaque, PyDict, PyErr, PyResult, Value, Vm};
use zlib_rs::{
    Deflate, DeflateConfig, DeflateError, DeflateFlush, Inflate, InflateError, InflateFlush,
    Method, Status, Strategy,
};

use crate::support::{buffer, check_positional, new_exception_class};

const MAX_WBITS: i32 = 15;
const DEFLATED: i32 = 8;
const DEF_MEM_LEVEL: i32 = 8;
const DEF_BUF_SIZE: usize = 16384;
const Z_FINISH: i32 = 4;
/// The zlib API level zlib-rs implements, with its name (parses as CPython's tests expect).
const VERSION: &str = "1.3.1-zlib-rs";
/// Bytes of recorded input past which a stream stops recording (and can no longer be copied).
const COPY_LOG_LIMIT: usize = 4 << 20;
/// Budget checked before a stream's state is allocated (window and tables).
const STATE_BYTES: usize = 1 << 19;

#[derive(Default)]
struct ZlibState {
    error: RefCell<Option<Rc<Class>>>,
    classes: RefCell<Option<Classes>>,
}

#[derive(Clone)]
struct Classes {
    compress: Rc<Class>,
    decompress: Rc<Class>,
    zlib_decompressor: Rc<Class>,
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let exc = vm.exc(ExcKind::Exception);
    let error = new_exception_class(vm, "zlib", "error", &[exc])?;
    *vm.shared_state::<ZlibState>().error.borrow_mut() = Some(error.clone());
    d.set_s("error", Value::Class(error));
    let ints: [(&str, i64); 20] = [
        ("MAX_WBITS", MAX_WBITS as i64),
        ("DEFLATED", DEFLATED as i64),
        ("DEF_MEM_LEVEL", DEF_MEM_LEVEL as i64),
        ("DEF_BUF_SIZE", DEF_BUF_SIZE as i64),
        ("Z_NO_COMPRESSION", 0),
        ("Z_BEST_SPEED", 1),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_DEFAULT_COMPRESSION", -1),
        ("Z_FILTERED", 1),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_RLE", 3),
        ("Z_FIXED", 4),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_SYNC_FLUSH", 2),
        ("Z_FULL_FLUSH", 3),
        ("Z_FINISH", 4),
        ("Z_BLOCK", 5),
        ("Z_TREES", 6),
    ];
    for (name, v) in ints {
        d.set_s(name, Value::Int(v));
    }
    d.set_s("ZLIB_VERSION", Value::str(VERSION));
    d.set_s("ZLIB_RUNTIME_VERSION", Value::str(VERSION));
    d.set_s(
        "__doc__",
        Value::str(
            "The functions in this module allow compression and decompression using the\n\
             zlib library, which is based on GNU zip.",
        ),
    );
    let c = classes(vm);
    d.set_s("_ZlibDecompressor", Value::Class(c.zlib_decompressor));
    add_fn(d, "compress", zlib_compress);
    add_fn(d, "decompress", zlib_decompress);
    add_fn(d, "compressobj", zlib_compressobj);
    add_fn(d, "decompressobj", zlib_decompressobj);
    add_fn(d, "crc32", |vm, args, kw| {
        checksum(vm, "crc32", args, kw, 0, zlib_rs::crc32::crc32)
    });
    add_fn(d, "adler32", |vm, args, kw| {
        checksum(vm, "adler32", args, kw, 1, zlib_rs::adler32::adler32)
    });
    Ok(())
}

fn classes(vm: &mut Vm) -> Classes {
    let st = vm.shared_state::<ZlibState>();
    if let Some(c) = st.classes.borrow().clone() {
        return c;
    }
    let mk = |vm: &mut Vm, name: &str| {
        let c = rupy_objects::vm::derived(name, &vm.object);
        c.dict().set_s("__module__", Value::str("zlib"));
        c
    };
    let compress = mk(vm, "Compress");
    add_method(&compress, "Compress", "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create 'zlib.Compress' instances"))
    });
    add_method(&compress, "Compress", "compress", comp_compress);
    add_method(&compress, "Compress", "flush", comp_flush);
    add_method(&compress, "Compress", "copy", comp_copy);
    add_method(&compress, "Compress", "__copy__", comp_copy);
    add_method(&compress, "Compress", "__deepcopy__", |vm, args, _| {
        comp_copy(vm, &args[..1.min(args.len())], &[])
    });
    let decompress = mk(vm, "Decompress");
    add_method(&decompress, "Decompress", "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create 'zlib.Decompress' instances"))
    });
    add_method(&decompress, "Decompress", "decompress", decomp_decompress);
    add_method(&decompress, "Decompress", "flush", decomp_flush);
    add_method(&decompress, "Decompress", "copy", decomp_copy);
    add_method(&decompress, "Decompress", "__copy__", decomp_copy);
    add_method(&decompress, "Decompress", "__deepcopy__", |vm, args, _| {
        decomp_copy(vm, &args[..1.min(args.len())], &[])
    });
    add_getter(&decompress, "Decompress", "unused_data", |vm, args, _| {
        with_decomp(vm, args, |d| Value::Bytes(Rc::new(d.unused_data.clone())))
    });
    add_getter(
        &decompress,
        "Decompress",
        "unconsumed_tail",
        |vm, args, _| {
            with_decomp(vm, args, |d| {
                Value::Bytes(Rc::new(d.unconsumed_tail.clone()))
            })
        },
    );
    add_getter(&decompress, "Decompress", "eof", |vm, args, _| {
        with_decomp(vm, args, |d| Value::bool(d.eof))
    });
    let zd = mk(vm, "_ZlibDecompressor");
    add_method(&zd, "_ZlibDecompressor", "__new__", zd_new);
    add_method(&zd, "_ZlibDecompressor", "decompress", zd_decompress);
    add_getter(&zd, "_ZlibDecompressor", "unused_data", |vm, args, _| {
        with_zd(vm, args, |d| Value::Bytes(Rc::new(d.unused_data.clone())))
    });
    add_getter(&zd, "_ZlibDecompressor", "eof", |vm, args, _| {
        with_zd(vm, args, |d| Value::bool(d.eof))
    });
    add_getter(&zd, "_ZlibDecompressor", "needs_input", |vm, args, _| {
        with_zd(vm, args, |d| Value::bool(d.needs_input))
    });
    let c = Classes {
        compress,
        decompress,
        zlib_decompressor: zd,
    };
    *st.classes.borrow_mut() = Some(c.clone());
    c
}

// ---- errors and arguments ----

fn zlib_error_class(vm: &Vm) -> Rc<Class> {
    let cls = vm.shared_state::<ZlibState>().error.borrow().clone();
    cls.unwrap_or_else(|| vm.exc(ExcKind::Exception))
}

/// CPython's `zlib_error`: "Error CODE WHAT: MESSAGE", the message from the stream or a
/// default for the code.
fn zerror(vm: &Vm, code: i32, what: &str, msg: Option<&str>) -> PyErr {
    let msg = msg.or(match code {
        -5 => Some("incomplete or truncated stream"),
        -2 => Some("inconsistent stream state"),
        -3 => Some("invalid input data"),
        _ => None,
    });
    let text = match msg {
        Some(m) => format!("Error {} {}: {}", code, what, m),
        None => format!("Error {} {}", code, what),
    };
    PyErr::lazy(zlib_error_class(vm), text)
}

fn inflate_code(e: InflateError) -> i32 {
    match e {
        InflateError::NeedDict { .. } => 2,
        InflateError::StreamError => -2,
        InflateError::DataError => -3,
        InflateError::MemError => -4,
    }
}

fn deflate_code(e: DeflateError) -> i32 {
    match e {
        DeflateError::StreamError => -2,
        DeflateError::DataError => -3,
        DeflateError::MemError => -4,
    }
}

/// A C `int` argument (`__index__`; OverflowError outside the C range).
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let i = match ops::to_index(vm, v)? {
        Value::Int(i) => i,
        Value::Bool(b) => b.get() as i64,
        _ => {
            return Err(vm.err(
                ExcKind::OverflowError,
                "Python int too large to convert to C int",
            ));
        }
    };
    i32::try_from(i).map_err(|_| {
        vm.err(
            ExcKind::OverflowError,
            "Python int too large to convert to C int",
        )
    })
}

fn ssize(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    rupy_interp::types::str::ssize_arg(vm, v)
}

fn int_or(vm: &mut Vm, v: Option<Value>, default: i32) -> PyResult<i32> {
    match v {
        Some(v) => c_int(vm, &v),
        None => Ok(default),
    }
}

/// A positional-only data argument followed by optional keyword-or-positional ones: the
/// count check CPython's clinic makes for `f(data, /, ...)`.
fn data_first<'a>(vm: &mut Vm, name: &str, args: &'a [Value]) -> PyResult<&'a Value> {
    args.first().ok_or_else(|| {
        vm.type_error(format!(
            "{}() takes at least 1 positional argument (0 given)",
            name
        ))
    })
}

/// `crc32(data, value=0, /)` and `adler32(data, value=1, /)`.
fn checksum(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: &KwArgs,
    start: u32,
    f: fn(u32, &[u8]) -> u32,
) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("zlib.{}() takes no keyword arguments", name)));
    }
    check_positional(vm, name, args, 1, 2)?;
    let data = buffer(vm, &args[0])?;
    let start = match args.get(1) {
        Some(v) => {
            // CPython's unsigned-int converter with bitwise=True: modulo 2**32.
            let v = ops::to_index(vm, v)?;
            match v {
                Value::Int(i) => i as u32,
                Value::Bool(b) => b.get() as u32,
                Value::BigInt(b) => {
                    use num_integer::Integer;
                    use num_traits::ToPrimitive;
                    b.mod_floor(&num_bigint::BigInt::from(1u64 << 32))
                        .to_u32()
                        .unwrap_or(0)
                }
                _ => 0,
            }
        }
        None => start,
    };
    let mut crc = start;
    // Large inputs in slices, so an interrupt is seen between them.
    for chunk in data.chunks(1 << 22) {
        crc = f(crc, chunk);
        rupy_interp::thread::poll_native(vm)?;
    }
    Ok(Value::Int(crc as i64))
}

// ---- stream parameters ----

/// `inflateInit2`'s checks: the arguments for `Inflate::new`, or None where zlib refuses.
fn inflate_params(wbits: i32) -> Option<(bool, u8)> {
    if wbits < 0 {
        let w = wbits.checked_neg()?;
        return (8..=15).contains(&w).then_some((false, w as u8));
    }
    // Below 48 the low four bits are the window; the rest choose zlib, gzip or either.
    let w = if wbits < 48 { wbits & 15 } else { wbits };
    (w == 0 || (8..=15).contains(&w)).then_some((true, wbits as u8))
}

fn new_inflate(vm: &mut Vm, wbits: i32) -> PyResult<Option<Inflate>> {
    let Some((header, bits)) = inflate_params(wbits) else {
        return Ok(None);
    };
    vm.reserve(STATE_BYTES)?;
    Ok(Some(Inflate::new(header, bits)))
}

/// `deflateInit2`'s checks: a configuration zlib-rs accepts, or None where zlib refuses.
fn deflate_config(
    level: i32,
    method: i32,
    wbits: i32,
    mem_level: i32,
    strategy: i32,
) -> Option<DeflateConfig> {
    let (w, wrap) = if wbits < 0 {
        (wbits.checked_neg()?, 0)
    } else if wbits > 15 {
        (wbits - 16, 2)
    } else {
        (wbits, 1)
    };
    let ok = (level == -1 || (0..=9).contains(&level))
        && (8..=15).contains(&w)
        && !(w == 8 && wrap != 1)
        && (1..=9).contains(&mem_level);
    if !ok {
        return None;
    }
    Some(DeflateConfig {
        level,
        method: Method::try_from(method).ok()?,
        window_bits: wbits,
        mem_level,
        strategy: Strategy::try_from(strategy).ok()?,
    })
}

fn new_deflate(vm: &mut Vm, config: DeflateConfig) -> PyResult<Deflate> {
    vm.reserve(STATE_BYTES)?;
    Ok(Deflate::new_with_config(config))
}

// ---- the deflate and inflate loops ----

/// Room for the next piece of output: at least `min`, else as much as there is already
/// (doubling), within `limit` total bytes. Returns the piece's start.
fn grow_out(vm: &mut Vm, out: &mut Vec<u8>, min: usize, limit: Option<usize>) -> PyResult<usize> {
    const MAX_CHUNK: usize = 1 << 26;
    let mut chunk = out.len().clamp(min.clamp(1, MAX_CHUNK), MAX_CHUNK);
    if let Some(l) = limit {
        chunk = chunk.min(l - out.len());
    }
    vm.grow(out, chunk)?;
    let start = out.len();
    out.resize(start + chunk, 0);
    Ok(start)
}

/// Deflate all of `input` with `flush`, appending every byte produced to `out`.
fn deflate_all(
    vm: &mut Vm,
    z: &mut Deflate,
    input: &[u8],
    flush: DeflateFlush,
    out: &mut Vec<u8>,
) -> PyResult<Result<Status, DeflateError>> {
    let mut pos = 0;
    loop {
        let start = grow_out(vm, out, DEF_BUF_SIZE, None)?;
        let room = out.len() - start;
        let (in0, out0) = (z.total_in(), z.total_out());
        let r = z.compress(&input[pos..], &mut out[start..], flush);
        let made = (z.total_out() - out0) as usize;
        pos += (z.total_in() - in0) as usize;
        out.truncate(start + made);
        rupy_interp::thread::poll_native(vm)?;
        match r {
            Err(e) => return Ok(Err(e)),
            Ok(st) if made < room && pos >= input.len() => return Ok(Ok(st)),
            Ok(_) => {}
        }
    }
}

/// How an inflate run stopped.
enum Stop {
    /// All input used and all output drained (or the output limit reached).
    More,
    /// The end of the compressed stream.
    End,
    /// No progress possible (zlib's Z_BUF_ERROR: input incomplete).
    Buf,
    /// A zlib error: code and the stream's message.
    Err(i32, Option<&'static str>),
}

/// Inflate from `input` into `out` until the input is used up, the stream ends, `out`
/// holds `limit` bytes, or an error. Returns the input bytes consumed and why it stopped.
/// A stream asking for a dictionary gets `zdict` when there is one.
#[allow(clippy::too_many_arguments)]
fn inflate_some(
    vm: &mut Vm,
    z: &mut Inflate,
    zdict: Option<&[u8]>,
    input: &[u8],
    out: &mut Vec<u8>,
    limit: Option<usize>,
    bufsize: usize,
    flush: InflateFlush,
) -> PyResult<(usize, Stop)> {
    let mut pos = 0;
    loop {
        if limit.is_some_and(|l| out.len() >= l) {
            return Ok((pos, Stop::More));
        }
        let start = grow_out(vm, out, bufsize, limit)?;
        let room = out.len() - start;
        let (in0, out0) = (z.total_in(), z.total_out());
        let r = z.decompress(&input[pos..], &mut out[start..], flush);
        let made = (z.total_out() - out0) as usize;
        let used = (z.total_in() - in0) as usize;
        pos += used;
        out.truncate(start + made);
        rupy_interp::thread::poll_native(vm)?;
        match r {
            Ok(Status::StreamEnd) => return Ok((pos, Stop::End)),
            Ok(Status::Ok) => {
                if made < room && (pos >= input.len() || used == 0) {
                    return Ok((pos, Stop::More));
                }
            }
            Ok(Status::BufError) => {
                if made < room {
                    return Ok((pos, Stop::Buf));
                }
            }
            Err(InflateError::NeedDict { .. }) => match zdict {
                Some(d) => {
                    if let Err(e) = z.set_dictionary(d) {
                        return Err(zerror(
                            vm,
                            inflate_code(e),
                            "while setting zdict",
                            z.error_message(),
                        ));
                    }
                }
                None => return Ok((pos, Stop::Err(2, None))),
            },
            Err(InflateError::MemError) => {
                return Err(vm.err(
                    ExcKind::MemoryError,
                    "Out of memory while decompressing data",
                ));
            }
            Err(e) => return Ok((pos, Stop::Err(inflate_code(e), z.error_message()))),
        }
    }
}

// ---- one-shot functions ----

fn zlib_compress(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let data = data_first(vm, "compress", args)?.clone();
    let [level, wbits] = bind(vm, "compress", &args[1..], kw, ["level", "wbits"], 0)?;
    let data = buffer(vm, &data)?;
    let level = int_or(vm, level, -1)?;
    let wbits = int_or(vm, wbits, MAX_WBITS)?;
    let Some(config) = deflate_config(level, DEFLATED, wbits, DEF_MEM_LEVEL, 0) else {
        return Err(PyErr::lazy(zlib_error_class(vm), "Bad compression level"));
    };
    let mut z = new_deflate(vm, config)?;
    let mut out = Vec::new();
    match deflate_all(vm, &mut z, &data, DeflateFlush::Finish, &mut out)? {
        Ok(_) => Ok(Value::Bytes(Rc::new(out))),
        Err(DeflateError::MemError) => {
            Err(vm.err(ExcKind::MemoryError, "Out of memory while compressing data"))
        }
        Err(e) => Err(zerror(
            vm,
            deflate_code(e),
            "while compressing data",
            z.error_message(),
        )),
    }
}

fn zlib_decompress(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let data = data_first(vm, "decompress", args)?.clone();
    let [wbits, bufsize] = bind(vm, "decompress", &args[1..], kw, ["wbits", "bufsize"], 0)?;
    let data = buffer(vm, &data)?;
    let wbits = int_or(vm, wbits, MAX_WBITS)?;
    let bufsize = match bufsize {
        Some(b) => ssize(vm, &b)?,
        None => DEF_BUF_SIZE as i64,
    };
    if bufsize < 0 {
        return Err(vm.value_error("bufsize must be non-negative"));
    }
    let Some(mut z) = new_inflate(vm, wbits)? else {
        return Err(zerror(vm, -2, "while preparing to decompress data", None));
    };
    let mut out = Vec::new();
    let bufsize = (bufsize as usize).clamp(1, 1 << 26);
    let (_, stop) = inflate_some(
        vm,
        &mut z,
        None,
        &data,
        &mut out,
        None,
        bufsize,
        InflateFlush::Finish,
    )?;
    let what = "while decompressing data";
    match stop {
        Stop::End => Ok(Value::Bytes(Rc::new(out))),
        Stop::Buf => Err(zerror(vm, -5, what, None)),
        Stop::More => Err(zerror(vm, 0, what, None)),
        Stop::Err(code, msg) => Err(zerror(vm, code, what, msg)),
    }
}

// ---- Compress objects ----

/// One recorded call on a compressor, for `copy()`.
enum Op {
    Data(Rc<Vec<u8>>),
    Flush(i32),
}

struct CompressObj {
    /// None once a `Z_FINISH` flush ended the stream.
    z: Option<Deflate>,
    config: DeflateConfig,
    zdict: Option<Vec<u8>>,
    /// The calls so far; None once they passed `COPY_LOG_LIMIT` bytes.
    log: Option<Vec<Op>>,
    logged: usize,
}

impl CompressObj {
    fn record(&mut self, op: Op) {
        let n = match &op {
            Op::Data(d) => d.len(),
            Op::Flush(_) => 0,
        };
        self.logged += n;
        if self.logged > COPY_LOG_LIMIT {
            self.log = None;
        }
        if let Some(log) = &mut self.log {
            log.push(op);
        }
    }
}

fn zlib_compressobj(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [level, method, wbits, mem_level, strategy, zdict] = bind(
        vm,
        "compressobj",
        args,
        kw,
        ["level", "method", "wbits", "memLevel", "strategy", "zdict"],
        0,
    )?;
    let level = int_or(vm, level, -1)?;
    let method = int_or(vm, method, DEFLATED)?;
    let wbits = int_or(vm, wbits, MAX_WBITS)?;
    let mem_level = int_or(vm, mem_level, DEF_MEM_LEVEL)?;
    let strategy = int_or(vm, strategy, 0)?;
    let zdict = match zdict {
        None | Some(Value::None) => None,
        Some(v) => Some(buffer(vm, &v)?.to_vec()),
    };
    let Some(config) = deflate_config(level, method, wbits, mem_level, strategy) else {
        return Err(vm.value_error("Invalid initialization option"));
    };
    let z = start_deflate(vm, config, zdict.as_deref())?;
    let cls = classes(vm).compress;
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(CompressObj {
            z: Some(z),
            config,
            zdict,
            log: Some(Vec::new()),
            logged: 0,
        })),
    })))
}

fn start_deflate(vm: &mut Vm, config: DeflateConfig, zdict: Option<&[u8]>) -> PyResult<Deflate> {
    let mut z = new_deflate(vm, config)?;
    if let Some(d) = zdict
        && z.set_dictionary(d).is_err()
    {
        return Err(vm.value_error("Invalid dictionary"));
    }
    Ok(z)
}

fn with_comp<T>(
    vm: &mut Vm,
    args: &[Value],
    f: impl FnOnce(&mut Vm, &mut CompressObj) -> PyResult<T>,
) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Ok(mut d) = o.data.try_borrow_mut()
        && let Some(c) = d.downcast_mut::<CompressObj>()
    {
        return f(vm, c);
    }
    Err(vm.type_error("descriptor requires a 'zlib.Compress' object"))
}

fn comp_compress(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error("Compress.compress() takes no keyword arguments"));
    }
    if args.len() != 2 {
        return Err(vm.type_error(if args.len() < 2 {
            "compress() takes exactly 1 positional argument (0 given)".to_owned()
        } else {
            format!(
                "compress() takes at most 1 argument ({} given)",
                args.len() - 1
            )
        }));
    }
    let data = buffer(vm, &args[1])?;
    with_comp(vm, args, |vm, c| {
        let Some(z) = &mut c.z else {
            return Err(zerror(vm, -2, "while compressing data", None));
        };
        let mut out = Vec::new();
        if let Err(e) = deflate_all(vm, z, &data, DeflateFlush::NoFlush, &mut out)? {
            return Err(zerror(
                vm,
                deflate_code(e),
                "while compressing data",
                z.error_message(),
            ));
        }
        c.record(Op::Data(data));
        Ok(Value::Bytes(Rc::new(out)))
    })
}

fn comp_flush(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error("Compress.flush() takes no keyword arguments"));
    }
    if args.len() > 2 {
        return Err(vm.type_error(format!(
            "flush() takes at most 1 argument ({} given)",
            args.len() - 1
        )));
    }
    let mode = match args.get(1) {
        Some(v) => c_int(vm, v)?,
        None => Z_FINISH,
    };
    with_comp(vm, args, |vm, c| {
        if mode == 0 {
            return Ok(Value::Bytes(Rc::new(Vec::new())));
        }
        let Some(z) = &mut c.z else {
            return Err(zerror(vm, -2, "while flushing", None));
        };
        let Ok(flush) = DeflateFlush::try_from(mode) else {
            return Err(zerror(vm, -2, "while flushing", None));
        };
        let mut out = Vec::new();
        match deflate_all(vm, z, &[], flush, &mut out)? {
            Ok(Status::StreamEnd) if mode == Z_FINISH => c.z = None,
            Ok(_) => {}
            Err(e) => {
                return Err(zerror(
                    vm,
                    deflate_code(e),
                    "while flushing",
                    z.error_message(),
                ));
            }
        }
        c.record(Op::Flush(mode));
        Ok(Value::Bytes(Rc::new(out)))
    })
}

fn comp_copy(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (config, zdict, log) = with_comp(vm, args, |vm, c| {
        if c.z.is_none() {
            return Err(vm.value_error("Inconsistent stream state"));
        }
        let Some(log) = &c.log else {
            return Err(PyErr::lazy(
                zlib_error_class(vm),
                "copy() is not supported after 4 MiB of input",
            ));
        };
        let log: Vec<Op> = log
            .iter()
            .map(|op| match op {
                Op::Data(d) => Op::Data(d.clone()),
                Op::Flush(m) => Op::Flush(*m),
            })
            .collect();
        Ok((c.config, c.zdict.clone(), log))
    })?;
    let mut z = start_deflate(vm, config, zdict.as_deref())?;
    let mut scratch = Vec::new();
    let mut logged = 0;
    for op in &log {
        scratch.clear();
        let (input, flush): (&[u8], DeflateFlush) = match op {
            Op::Data(d) => {
                logged += d.len();
                (d, DeflateFlush::NoFlush)
            }
            Op::Flush(m) => (&[], DeflateFlush::try_from(*m).unwrap_or_default()),
        };
        if deflate_all(vm, &mut z, input, flush, &mut scratch)?.is_err() {
            return Err(zerror(vm, -2, "while copying compression object", None));
        }
    }
    let cls = classes(vm).compress;
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(CompressObj {
            z: Some(z),
            config,
            zdict,
            log: Some(log),
            logged,
        })),
    })))
}

// ---- Decompress objects ----

struct DecompressObj {
    /// None once `flush()` saw the end of the stream.
    z: Option<Inflate>,
    wbits: i32,
    zdict: Option<Vec<u8>>,
    unused_data: Vec<u8>,
    unconsumed_tail: Vec<u8>,
    eof: bool,
    /// The input consumed so far; None once it passed `COPY_LOG_LIMIT` bytes.
    log: Option<Vec<u8>>,
}

impl DecompressObj {
    /// CPython's `save_unconsumed_input`, quirks included: at the end of the stream the
    /// rest of the input joins `unused_data` and, if `unconsumed_tail` was not empty, also
    /// becomes the tail; otherwise the rest becomes the tail when either is non-empty.
    fn save_unconsumed(&mut self, rest: &[u8], ended: bool) {
        if ended {
            self.unused_data.extend_from_slice(rest);
        }
        let left = if ended { 0 } else { rest.len() };
        if left > 0 || !self.unconsumed_tail.is_empty() {
            self.unconsumed_tail = rest.to_vec();
        }
    }

    fn record(&mut self, consumed: &[u8]) {
        if let Some(log) = &mut self.log {
            if log.len() + consumed.len() > COPY_LOG_LIMIT {
                self.log = None;
            } else {
                log.extend_from_slice(consumed);
            }
        }
    }
}

/// The `zdict` argument of `decompressobj`/`_ZlibDecompressor`: any buffer.
fn zdict_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<Option<Vec<u8>>> {
    match v {
        None => Ok(None),
        Some(v) => match rupy_interp::types::bytes::bytes_of(&v) {
            Some((b, _)) => Ok(Some(b)),
            None => Err(vm.type_error("zdict argument must support the buffer protocol")),
        },
    }
}

/// A new inflate stream for `wbits`; a raw stream gets its dictionary at once (it has no
/// header to ask for one).
fn start_inflate(vm: &mut Vm, wbits: i32, zdict: Option<&[u8]>) -> PyResult<Inflate> {
    let Some(mut z) = new_inflate(vm, wbits)? else {
        return Err(vm.value_error("Invalid initialization option"));
    };
    if wbits < 0
        && let Some(d) = zdict
        && let Err(e) = z.set_dictionary(d)
    {
        return Err(zerror(
            vm,
            inflate_code(e),
            "while setting zdict",
            z.error_message(),
        ));
    }
    Ok(z)
}

fn zlib_decompressobj(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [wbits, zdict] = bind(vm, "decompressobj", args, kw, ["wbits", "zdict"], 0)?;
    let wbits = int_or(vm, wbits, MAX_WBITS)?;
    let zdict = zdict_arg(vm, zdict)?;
    let z = start_inflate(vm, wbits, zdict.as_deref())?;
    Ok(new_decomp(
        vm,
        DecompressObj {
            z: Some(z),
            wbits,
            zdict,
            unused_data: Vec::new(),
            unconsumed_tail: Vec::new(),
            eof: false,
            log: Some(Vec::new()),
        },
    ))
}

fn new_decomp(vm: &mut Vm, d: DecompressObj) -> Value {
    let cls = classes(vm).decompress;
    Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(d)),
    }))
}

fn with_decomp<T>(
    vm: &mut Vm,
    args: &[Value],
    f: impl FnOnce(&mut DecompressObj) -> T,
) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Ok(mut d) = o.data.try_borrow_mut()
        && let Some(c) = d.downcast_mut::<DecompressObj>()
    {
        return Ok(f(c));
    }
    Err(vm.type_error("descriptor requires a 'zlib.Decompress' object"))
}

/// Run `f` on the decompressor's state, borrowed for the whole call: nothing in it runs Python
/// code (`poll_native` only checks), so no other call can reach the object meanwhile.
fn with_decomp_mut<T>(
    vm: &mut Vm,
    args: &[Value],
    f: impl FnOnce(&mut Vm, &mut DecompressObj) -> PyResult<T>,
) -> PyResult<T> {
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("descriptor requires a 'zlib.Decompress' object"));
    };
    let Ok(mut guard) = o.data.try_borrow_mut() else {
        return Err(vm.err(ExcKind::RuntimeError, "Decompress object is in use"));
    };
    let Some(d) = guard.downcast_mut::<DecompressObj>() else {
        return Err(vm.type_error("descriptor requires a 'zlib.Decompress' object"));
    };
    f(vm, d)
}

fn decomp_decompress(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if args.len() < 2 {
        return Err(vm.type_error("decompress() takes at least 1 positional argument (0 given)"));
    }
    let [max_length] = bind(vm, "decompress", &args[2..], kw, ["max_length"], 0)?;
    let data = buffer(vm, &args[1])?;
    let max_length = match max_length {
        Some(m) => ssize(vm, &m)?,
        None => 0,
    };
    if max_length < 0 {
        return Err(vm.value_error("max_length must be non-negative"));
    }
    let limit = (max_length > 0).then_some(max_length as usize);
    with_decomp_mut(vm, args, |vm, d| {
        let Some(z) = &mut d.z else {
            return Err(zerror(vm, -2, "while decompressing data", None));
        };
        if d.eof {
            // A finished stream takes nothing more.
            d.save_unconsumed(&data, true);
            return Ok(Value::Bytes(Rc::new(Vec::new())));
        }
        let mut out = Vec::new();
        let (used, stop) = inflate_some(
            vm,
            z,
            d.zdict.as_deref(),
            &data,
            &mut out,
            limit,
            DEF_BUF_SIZE,
            InflateFlush::SyncFlush,
        )?;
        d.record(&data[..used]);
        let ended = matches!(stop, Stop::End);
        d.eof |= ended;
        d.save_unconsumed(&data[used..], ended);
        if let Stop::Err(code, msg) = stop {
            return Err(zerror(vm, code, "while decompressing data", msg));
        }
        Ok(Value::Bytes(Rc::new(out)))
    })
}

fn decomp_flush(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(vm.type_error("Decompress.flush() takes no keyword arguments"));
    }
    if args.len() > 2 {
        return Err(vm.type_error(format!(
            "flush() takes at most 1 argument ({} given)",
            args.len() - 1
        )));
    }
    let length = match args.get(1) {
        Some(v) => ssize(vm, v)?,
        None => DEF_BUF_SIZE as i64,
    };
    if length <= 0 {
        return Err(vm.value_error("length must be greater than zero"));
    }
    with_decomp_mut(vm, args, |vm, d| {
        let Some(z) = &mut d.z else {
            return Ok(Value::Bytes(Rc::new(Vec::new())));
        };
        let data = d.unconsumed_tail.clone();
        let mut out = Vec::new();
        let (used, stop) = if d.eof {
            (0, Stop::End)
        } else {
            inflate_some(
                vm,
                z,
                d.zdict.as_deref(),
                &data,
                &mut out,
                None,
                (length as usize).min(1 << 26),
                InflateFlush::Finish,
            )?
        };
        d.record(&data[..used]);
        let ended = matches!(stop, Stop::End);
        d.save_unconsumed(&data[used..], ended);
        if ended {
            d.eof = true;
            d.z = None;
        }
        Ok(Value::Bytes(Rc::new(out)))
    })
}

fn decomp_copy(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let snapshot = with_decomp(vm, args, |d| {
        let z = d.z.as_ref()?;
        Some((
            d.wbits,
            d.zdict.clone(),
            d.log.clone(),
            z.total_out(),
            d.unused_data.clone(),
            d.unconsumed_tail.clone(),
            d.eof,
        ))
    })?;
    let Some((wbits, zdict, log, total_out, unused_data, unconsumed_tail, eof)) = snapshot else {
        return Err(vm.value_error("Inconsistent stream state"));
    };
    let Some(log) = log else {
        return Err(PyErr::lazy(
            zlib_error_class(vm),
            "copy() is not supported after 4 MiB of input",
        ));
    };
    let mut z = start_inflate(vm, wbits, zdict.as_deref())?;
    // Feed the same input, stopping at the same output count, so the new stream stands
    // exactly where the original does (even in the middle of a match).
    let mut pos = 0;
    let mut made = 0u64;
    let mut scratch = vec![0u8; DEF_BUF_SIZE];
    while made < total_out || pos < log.len() {
        let room = ((total_out - made) as usize).min(scratch.len());
        let (in0, out0) = (z.total_in(), z.total_out());
        let r = z.decompress(&log[pos..], &mut scratch[..room], InflateFlush::SyncFlush);
        let used = (z.total_in() - in0) as usize;
        let produced = z.total_out() - out0;
        pos += used;
        made += produced;
        match r {
            Err(InflateError::NeedDict { .. }) => match &zdict {
                Some(d) => {
                    if z.set_dictionary(d).is_err() {
                        return Err(zerror(vm, -3, "while copying decompression object", None));
                    }
                }
                None => break,
            },
            Err(e) => {
                return Err(zerror(
                    vm,
                    inflate_code(e),
                    "while copying decompression object",
                    None,
                ));
            }
            Ok(Status::StreamEnd) => break,
            Ok(_) if used == 0 && produced == 0 => break,
            Ok(_) => {}
        }
        rupy_interp::thread::poll_native(vm)?;
    }
    Ok(new_decomp(
        vm,
        DecompressObj {
            z: Some(z),
            wbits,
            zdict,
            unused_data,
            unconsumed_tail,
            eof,
            log: Some(log),
        },
    ))
}

// ---- _ZlibDecompressor ----

struct ZlibDecompressor {
    /// None once the stream ended.
    z: Option<Inflate>,
    zdict: Option<Vec<u8>>,
    eof: bool,
    needs_input: bool,
    unused_data: Vec<u8>,
    /// Input given but not yet consumed (the output limit stopped before it).
    pending: Vec<u8>,
}

fn zd_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let rest = args.get(1..).unwrap_or(&[]);
    let [wbits, zdict] = bind(vm, "_ZlibDecompressor", rest, kw, ["wbits", "zdict"], 0)?;
    let wbits = int_or(vm, wbits, MAX_WBITS)?;
    let zdict = zdict_arg(vm, zdict)?;
    let z = start_inflate(vm, wbits, zdict.as_deref())?;
    let cls = classes(vm).zlib_decompressor;
    Ok(Value::Opaque(Rc::new(Opaque {
        class: cls,
        data: RefCell::new(Box::new(ZlibDecompressor {
            z: Some(z),
            zdict,
            eof: false,
            needs_input: true,
            unused_data: Vec::new(),
            pending: Vec::new(),
        })),
    })))
}

fn with_zd<T>(vm: &mut Vm, args: &[Value], f: impl FnOnce(&ZlibDecompressor) -> T) -> PyResult<T> {
    if let Some(Value::Opaque(o)) = args.first()
        && let Ok(d) = o.data.try_borrow()
        && let Some(z) = d.downcast_ref::<ZlibDecompressor>()
    {
        return Ok(f(z));
    }
    Err(vm.type_error("descriptor requires a 'zlib._ZlibDecompressor' object"))
}

fn zd_decompress(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let rest = args.get(1..).unwrap_or(&[]);
    let [data, max_length] = bind(vm, "decompress", rest, kw, ["data", "max_length"], 1)?;
    let data = buffer(vm, &data.unwrap_or(Value::None))?;
    let max_length = match max_length {
        Some(m) => ssize(vm, &m)?,
        None => -1,
    };
    let limit = (max_length >= 0).then_some(max_length as usize);
    let Some(Value::Opaque(o)) = args.first() else {
        return Err(vm.type_error("descriptor requires a 'zlib._ZlibDecompressor' object"));
    };
    let Ok(mut guard) = o.data.try_borrow_mut() else {
        return Err(vm.err(ExcKind::RuntimeError, "decompressor is in use"));
    };
    let Some(d) = guard.downcast_mut::<ZlibDecompressor>() else {
        return Err(vm.type_error("descriptor requires a 'zlib._ZlibDecompressor' object"));
    };
    if d.eof {
        return Err(vm.err(ExcKind::EOFError, "End of stream already reached"));
    }
    let Some(z) = &mut d.z else {
        return Err(vm.err(ExcKind::EOFError, "End of stream already reached"));
    };
    let mut input = std::mem::take(&mut d.pending);
    input.extend_from_slice(&data);
    let mut out = Vec::new();
    let (used, stop) = inflate_some(
        vm,
        z,
        d.zdict.as_deref(),
        &input,
        &mut out,
        limit,
        DEF_BUF_SIZE,
        InflateFlush::SyncFlush,
    )?;
    match stop {
        Stop::Err(code, msg) => Err(zerror(vm, code, "while decompressing data", msg)),
        Stop::End => {
            d.eof = true;
            d.needs_input = false;
            d.z = None;
            d.unused_data = input[used..].to_vec();
            Ok(Value::Bytes(Rc::new(out)))
        }
        Stop::More | Stop::Buf => {
            if used == input.len() {
                d.needs_input = true;
            } else {
                d.needs_input = false;
                d.pending = input[used..].to_vec();
            }
            Ok(Value::Bytes(Rc::new(out)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wbits_rules_match_zlib() {
        assert_eq!(inflate_params(15), Some((true, 15)));
        assert_eq!(inflate_params(0), Some((true, 0)));
        assert_eq!(inflate_params(-15), Some((false, 15)));
        assert_eq!(inflate_params(31), Some((true, 31)));
        assert_eq!(inflate_params(47), Some((true, 47)));
        assert_eq!(inflate_params(7), None);
        assert_eq!(inflate_params(-7), None);
        assert_eq!(inflate_params(-16), None);
        assert_eq!(inflate_params(48), None);
        assert_eq!(inflate_params(i32::MIN), None);
        assert!(deflate_config(-1, 8, 15, 8, 0).is_some());
        assert!(deflate_config(9, 8, 8, 8, 0).is_some());
        assert!(deflate_config(9, 8, -8, 8, 0).is_none());
        assert!(deflate_config(9, 8, 24, 8, 0).is_none());
        assert!(deflate_config(9, 8, 31, 9, 4).is_some());
        assert!(deflate_config(10, 8, 15, 8, 0).is_none());
        assert!(deflate_config(1, 9, 15, 8, 0).is_none());
        assert!(deflate_config(1, 8, 15, 10, 0).is_none());
        assert!(deflate_config(1, 8, 15, 8, 5).is_none());
        assert!(deflate_config(1, 8, i32::MIN, 8, 0).is_none());
    }
}
