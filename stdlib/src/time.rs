//! `_time`, the native half of `time` (the Python half, `py/time.py`, defines `struct_time`
//! and the public wrappers): clocks, `sleep`, and broken-down time as plain tuples —
//! `_gmtime`/`_localtime` (11 fields: the 9 of `struct_time`, zone name, UTC offset),
//! `_mktime`, and C-locale `_strftime`/`_strptime` written here (no directive can make them
//! panic; unknown directives are copied as glibc does).
//! `sleep` releases the GIL.

use std::rc::Rc;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{
    DateTime, Datelike, Local, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc,
};
use rupy_interp::builtins::args::{add_fn, arity};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyResult, Value, Vm};

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "time", |_, _, _| Ok(Value::float(now_ns() as f64 / 1e9)));
    add_fn(d, "time_ns", |_, _, _| {
        Ok(Value::from_bigint(now_ns().into()))
    });
    add_fn(d, "monotonic", |_, _, _| {
        Ok(Value::float(mono_ns() as f64 / 1e9))
    });
    add_fn(d, "monotonic_ns", |_, _, _| {
        Ok(Value::Int(mono_ns() as i64))
    });
    add_fn(d, "perf_counter", |_, _, _| {
        Ok(Value::float(mono_ns() as f64 / 1e9))
    });
    add_fn(d, "perf_counter_ns", |_, _, _| {
        Ok(Value::Int(mono_ns() as i64))
    });
    add_fn(d, "process_time", |_, _, _| {
        Ok(Value::float(cpu_ns() as f64 / 1e9))
    });
    add_fn(d, "process_time_ns", |_, _, _| {
        Ok(Value::Int(cpu_ns() as i64))
    });
    add_fn(d, "thread_time", |_, _, _| {
        Ok(Value::float(thread_ns() as f64 / 1e9))
    });
    add_fn(d, "thread_time_ns", |_, _, _| {
        Ok(Value::Int(thread_ns() as i64))
    });
    add_fn(d, "sleep", time_sleep);
    add_fn(d, "_gmtime", |vm, args, _| broken_down(vm, args, false));
    add_fn(d, "_localtime", |vm, args, _| broken_down(vm, args, true));
    add_fn(d, "_mktime", time_mktime);
    add_fn(d, "_strftime", time_strftime);
    add_fn(d, "_strptime", time_strptime);
    // The local zone as of now (CPython computes these at import too).
    let now = Local::now();
    let offset = now.offset().fix().local_minus_utc() as i64;
    let name = zone_name(offset);
    d.set_s("timezone", Value::Int(-offset));
    d.set_s("altzone", Value::Int(-offset));
    d.set_s("daylight", Value::Int(0));
    d.set_s(
        "tzname",
        Value::tuple(vec![Value::string(name.clone()), Value::string(name)]),
    );
    Ok(())
}

fn now_ns() -> i128 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// Nanoseconds of a monotonic clock (from a process-wide base; only differences matter).
fn mono_ns() -> u128 {
    static BASE: OnceLock<Instant> = OnceLock::new();
    let base = BASE.get_or_init(Instant::now);
    base.elapsed().as_nanos() + 1_000_000_000
}

fn cpu_ns() -> u128 {
    cpu_time::ProcessTime::try_now()
        .map(|t| t.as_duration().as_nanos())
        .unwrap_or(0)
}

fn thread_ns() -> u128 {
    cpu_time::ThreadTime::try_now()
        .map(|t| t.as_duration().as_nanos())
        .unwrap_or(0)
}

fn time_sleep(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "sleep", args, 1, 1)?;
    let secs = match &args[0] {
        Value::Float(f) => f.get(),
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::BigInt(_) => return Err(vm.err(ExcKind::OverflowError, "sleep length is too large")),
        v => match ops::lookup_special(vm, v, "__float__") {
            Some(_) => ops::to_f64(vm, v)?,
            None => {
                let t = ops::type_name(vm, v);
                return Err(vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    t
                )));
            }
        },
    };
    if secs.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    if secs > 1e10 {
        return Err(vm.err(ExcKind::OverflowError, "sleep length is too large"));
    }
    let _ = vm.flush_stdout();
    // Sleep with the GIL released, in slices, so Ctrl-C and host interrupts end it early.
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    rupy_interp::thread::block_until(vm, Some(deadline), |until| {
        std::thread::sleep(until.saturating_duration_since(Instant::now()));
        None::<()>
    })?;
    Ok(Value::None)
}

/// A timestamp argument (None: now) as whole seconds.
fn timestamp(vm: &mut Vm, args: &[Value]) -> PyResult<i64> {
    match args.first() {
        None | Some(Value::None) => Ok((now_ns().div_euclid(1_000_000_000)) as i64),
        Some(Value::Float(f)) => {
            if f.get().is_nan() {
                return Err(vm.value_error("Invalid value NaN (not a number)"));
            }
            let s = f.get().floor();
            if s.abs() > 1e15 {
                return Err(vm.err(
                    ExcKind::OverflowError,
                    "timestamp out of range for platform time_t",
                ));
            }
            Ok(s as i64)
        }
        Some(v) => {
            let i = ops::to_index(vm, v).map_err(|_| {
                let t = ops::type_name(vm, v);
                vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    t
                ))
            })?;
            match i {
                Value::Int(i) if i.abs() < 1_000_000_000_000_000 => Ok(i),
                _ => Err(vm.err(
                    ExcKind::OverflowError,
                    "timestamp out of range for platform time_t",
                )),
            }
        }
    }
}

fn zone_name(offset_secs: i64) -> String {
    if offset_secs == 0 {
        return "UTC".to_owned();
    }
    let sign = if offset_secs < 0 { '-' } else { '+' };
    let a = offset_secs.abs();
    format!("{}{:02}{:02}", sign, a / 3600, a % 3600 / 60)
}

fn tuple_of(dt: &NaiveDateTime, isdst: i64, zone: String, gmtoff: i64) -> Value {
    Value::tuple(vec![
        Value::Int(dt.year() as i64),
        Value::Int(dt.month() as i64),
        Value::Int(dt.day() as i64),
        Value::Int(dt.hour() as i64),
        Value::Int(dt.minute() as i64),
        Value::Int(dt.second() as i64),
        Value::Int(dt.weekday().num_days_from_monday() as i64),
        Value::Int(dt.ordinal() as i64),
        Value::Int(isdst),
        Value::string(zone),
        Value::Int(gmtoff),
    ])
}

fn broken_down(vm: &mut Vm, args: &[Value], local: bool) -> PyResult<Value> {
    arity(vm, if local { "localtime" } else { "gmtime" }, args, 0, 1)?;
    let secs = timestamp(vm, args)?;
    let Some(utc) = DateTime::<Utc>::from_timestamp(secs, 0) else {
        return Err(vm.err(
            ExcKind::OverflowError,
            "timestamp out of range for platform time_t",
        ));
    };
    if !local {
        return Ok(tuple_of(&utc.naive_utc(), 0, "GMT".to_owned(), 0));
    }
    let lt = utc.with_timezone(&Local);
    let off = lt.offset().fix().local_minus_utc() as i64;
    Ok(tuple_of(&lt.naive_local(), 0, zone_name(off), off))
}

/// The 9 integer fields of a time tuple.
fn fields(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<[i64; 9]> {
    let items = ops::collect(vm, v)?;
    if items.len() < 9 {
        return Err(vm.type_error(format!("{}(): illegal time tuple argument", fname)));
    }
    let mut out = [0i64; 9];
    for (i, it) in items.iter().take(9).enumerate() {
        out[i] = match it {
            Value::Int(x) => *x,
            Value::Bool(b) => *b as i64,
            other => {
                let t = ops::type_name(vm, other);
                return Err(vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    t
                )));
            }
        };
    }
    Ok(out)
}

fn naive(f: &[i64; 9]) -> Option<NaiveDateTime> {
    let date = NaiveDate::from_ymd_opt(
        f[0] as i32,
        f[1].clamp(1, 12) as u32,
        f[2].clamp(1, 31) as u32,
    )?;
    date.and_hms_opt(
        f[3].clamp(0, 23) as u32,
        f[4].clamp(0, 59) as u32,
        f[5].clamp(0, 59) as u32,
    )
}

fn time_mktime(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "mktime", args, 1, 1)?;
    let f = fields(vm, &args[0], "mktime")?;
    let Some(dt) = naive(&f) else {
        return Err(vm.err(ExcKind::OverflowError, "mktime argument out of range"));
    };
    match Local.from_local_datetime(&dt).earliest() {
        Some(t) => Ok(Value::float(t.timestamp() as f64)),
        None => Err(vm.err(ExcKind::OverflowError, "mktime argument out of range")),
    }
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn time_strftime(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "strftime", args, 2, 2)?;
    let Value::Str(fmt) = &args[0] else {
        let t = ops::type_name(vm, &args[0]);
        return Err(vm.type_error(format!("strftime() argument 1 must be str, not {}", t)));
    };
    let f = fields(vm, &args[1], "strftime")?;
    if !(1..=12).contains(&f[1]) && f[1] != 0 {
        return Err(vm.value_error("month out of range"));
    }
    if !(0..=31).contains(&f[2]) {
        return Err(vm.value_error("day of month out of range"));
    }
    if !(0..=23).contains(&f[3]) {
        return Err(vm.value_error("hour out of range"));
    }
    if !(0..=59).contains(&f[4]) {
        return Err(vm.value_error("minute out of range"));
    }
    if !(0..=61).contains(&f[5]) {
        return Err(vm.value_error("seconds out of range"));
    }
    if !(0..=366).contains(&f[7]) && f[7] != 0 {
        return Err(vm.value_error("day of year out of range"));
    }
    Ok(Value::string(strftime(fmt.as_str(), &f)))
}

/// C-locale strftime over (year, mon, mday, hour, min, sec, wday, yday, isdst).
pub fn strftime(fmt: &str, f: &[i64; 9]) -> String {
    let (year, mon, mday, hour, min, sec, wday, yday) = (
        f[0],
        f[1].max(1),
        f[2].max(1),
        f[3],
        f[4],
        f[5],
        f[6].rem_euclid(7),
        f[7].max(1),
    );
    let day = DAYS[wday as usize];
    let month = MONTHS[((mon - 1).clamp(0, 11)) as usize];
    let h12 = if hour % 12 == 0 { 12 } else { hour % 12 };
    let sunday_based = (yday - 1 + 7 - (wday + 1) % 7) / 7;
    let monday_based = (yday - 1 + 7 - wday) / 7;
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        match d {
            'a' => out.push_str(&day[..3]),
            'A' => out.push_str(day),
            'b' | 'h' => out.push_str(&month[..3]),
            'B' => out.push_str(month),
            'c' => out.push_str(&format!(
                "{} {} {:>2} {:02}:{:02}:{:02} {}",
                &day[..3],
                &month[..3],
                mday,
                hour,
                min,
                sec,
                year
            )),
            'C' => out.push_str(&format!("{:02}", year.div_euclid(100))),
            'd' => out.push_str(&format!("{:02}", mday)),
            'D' => out.push_str(&format!(
                "{:02}/{:02}/{:02}",
                mon,
                mday,
                year.rem_euclid(100)
            )),
            'e' => out.push_str(&format!("{:>2}", mday)),
            'F' => out.push_str(&format!("{}-{:02}-{:02}", year, mon, mday)),
            'H' => out.push_str(&format!("{:02}", hour)),
            'I' => out.push_str(&format!("{:02}", h12)),
            'j' => out.push_str(&format!("{:03}", yday)),
            'k' => out.push_str(&format!("{:>2}", hour)),
            'l' => out.push_str(&format!("{:>2}", h12)),
            'm' => out.push_str(&format!("{:02}", mon)),
            'M' => out.push_str(&format!("{:02}", min)),
            'n' => out.push('\n'),
            'p' => out.push_str(if hour < 12 { "AM" } else { "PM" }),
            'P' => out.push_str(if hour < 12 { "am" } else { "pm" }),
            'r' => out.push_str(&format!(
                "{:02}:{:02}:{:02} {}",
                h12,
                min,
                sec,
                if hour < 12 { "AM" } else { "PM" }
            )),
            'R' => out.push_str(&format!("{:02}:{:02}", hour, min)),
            'S' => out.push_str(&format!("{:02}", sec)),
            't' => out.push('\t'),
            'T' | 'X' => out.push_str(&format!("{:02}:{:02}:{:02}", hour, min, sec)),
            'u' => out.push_str(&(wday + 1).to_string()),
            'U' => out.push_str(&format!("{:02}", sunday_based)),
            'w' => out.push_str(&((wday + 1) % 7).to_string()),
            'W' => out.push_str(&format!("{:02}", monday_based)),
            'x' => out.push_str(&format!(
                "{:02}/{:02}/{:02}",
                mon,
                mday,
                year.rem_euclid(100)
            )),
            'y' => out.push_str(&format!("{:02}", year.rem_euclid(100))),
            'Y' => out.push_str(&year.to_string()),
            'z' => out.push_str("+0000"),
            'Z' => out.push_str("UTC"),
            'G' | 'g' | 'V' => {
                let iso = NaiveDate::from_ymd_opt(year as i32, mon as u32, mday as u32)
                    .map(|dt| dt.iso_week());
                match (d, iso) {
                    ('G', Some(w)) => out.push_str(&w.year().to_string()),
                    ('g', Some(w)) => out.push_str(&format!("{:02}", w.year().rem_euclid(100))),
                    ('V', Some(w)) => out.push_str(&format!("{:02}", w.week())),
                    _ => {}
                }
            }
            '%' => out.push('%'),
            other => {
                out.push('%');
                out.push(other);
            }
        }
    }
    out
}

fn time_strptime(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    arity(vm, "strptime", args, 2, 2)?;
    let (Value::Str(s), Value::Str(fmt)) = (&args[0], &args[1]) else {
        return Err(vm.type_error("strptime() argument 1 must be str"));
    };
    match strptime(s.as_str(), fmt.as_str()) {
        Ok(v) => Ok(v),
        Err(Mismatch::NoMatch) => Err(vm.value_error(format!(
            "time data {} does not match format {}",
            repr(s.as_str()),
            repr(fmt.as_str())
        ))),
        Err(Mismatch::Remains(rest)) => {
            Err(vm.value_error(format!("unconverted data remains: {}", rest)))
        }
        Err(Mismatch::BadDirective(c)) => Err(vm.value_error(format!(
            "'{}' is a bad directive in format '{}'",
            c,
            fmt.as_str()
        ))),
    }
}

fn repr(s: &str) -> String {
    rupy_interp::types::str::repr_str(s)
}

enum Mismatch {
    NoMatch,
    Remains(String),
    BadDirective(char),
}

/// Parse with the C-locale directives; missing fields default as CPython's (1900-01-01 00:00:00).
fn strptime(s: &str, fmt: &str) -> Result<Value, Mismatch> {
    let (mut year, mut mon, mut mday, mut hour, mut min, mut sec) =
        (1900i64, 1i64, 1i64, 0i64, 0i64, 0i64);
    let (mut pm, mut h12) = (None::<bool>, false);
    let mut yday: Option<i64> = None;
    let mut input = s;
    let mut f = fmt.chars().peekable();
    let num = |inp: &mut &str, max_len: usize| -> Result<i64, Mismatch> {
        let digits: String = inp
            .chars()
            .take(max_len)
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            return Err(Mismatch::NoMatch);
        }
        *inp = &inp[digits.len()..];
        digits.parse().map_err(|_| Mismatch::NoMatch)
    };
    let word = |inp: &mut &str, names: &[&str]| -> Result<i64, Mismatch> {
        let lower = inp.to_ascii_lowercase();
        for (i, n) in names.iter().enumerate() {
            for cand in [n.to_ascii_lowercase(), n[..3].to_ascii_lowercase()] {
                if lower.starts_with(&cand) {
                    *inp = &inp[cand.len()..];
                    return Ok(i as i64);
                }
            }
        }
        Err(Mismatch::NoMatch)
    };
    while let Some(c) = f.next() {
        if c.is_whitespace() {
            input = input.trim_start();
            continue;
        }
        if c != '%' {
            match input.strip_prefix(c) {
                Some(rest) => input = rest,
                None => return Err(Mismatch::NoMatch),
            }
            continue;
        }
        let Some(d) = f.next() else {
            return Err(Mismatch::BadDirective('%'));
        };
        match d {
            'Y' => year = num(&mut input, 4)?,
            'y' => {
                let y = num(&mut input, 2)?;
                year = if y < 69 { 2000 + y } else { 1900 + y };
            }
            'm' => mon = num(&mut input, 2)?,
            'd' => mday = num(&mut input, 2)?,
            'H' => hour = num(&mut input, 2)?,
            'I' => {
                hour = num(&mut input, 2)?;
                h12 = true;
            }
            'M' => min = num(&mut input, 2)?,
            'S' => sec = num(&mut input, 2)?,
            'j' => yday = Some(num(&mut input, 3)?),
            'f' => {
                num(&mut input, 6)?;
            }
            'b' | 'B' | 'h' => mon = word(&mut input, &MONTHS)? + 1,
            'a' | 'A' => {
                word(&mut input, &DAYS)?;
            }
            'p' => {
                let l = input.to_ascii_lowercase();
                if l.starts_with("am") {
                    pm = Some(false);
                } else if l.starts_with("pm") {
                    pm = Some(true);
                } else {
                    return Err(Mismatch::NoMatch);
                }
                input = &input[2..];
            }
            '%' => match input.strip_prefix('%') {
                Some(rest) => input = rest,
                None => return Err(Mismatch::NoMatch),
            },
            other => return Err(Mismatch::BadDirective(other)),
        }
    }
    if !input.is_empty() {
        return Err(Mismatch::Remains(input.to_owned()));
    }
    if h12 {
        hour %= 12;
        if pm == Some(true) {
            hour += 12;
        }
    }
    let Some(date) = (match yday {
        Some(j) if fmt.contains("%j") && !fmt.contains("%m") => {
            NaiveDate::from_yo_opt(year as i32, j as u32)
        }
        _ => NaiveDate::from_ymd_opt(year as i32, mon as u32, mday as u32),
    }) else {
        return Err(Mismatch::NoMatch);
    };
    if hour > 23 || min > 59 || sec > 61 {
        return Err(Mismatch::NoMatch);
    }
    Ok(Value::tuple(vec![
        Value::Int(date.year() as i64),
        Value::Int(date.month() as i64),
        Value::Int(date.day() as i64),
        Value::Int(hour),
        Value::Int(min),
        Value::Int(sec),
        Value::Int(date.weekday().num_days_from_monday() as i64),
        Value::Int(date.ordinal() as i64),
        Value::Int(-1),
        Value::None,
        Value::None,
    ]))
}
