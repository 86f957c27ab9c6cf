//! printf-style formatting, `format % args`, for `str` ([`percent_format`]) and `bytes`/
//! `bytearray` ([`percent_format_bytes`]), with CPython's parsing, argument consumption, padding
//! rules and error messages.
//!
//! The VM describes the right operand once ([`PercentArgs`]: a tuple of some length, or a single
//! object, and whether it is a mapping) and answers requests through a [`PercentSource`]:
//!
//! * [`PercentSource::lookup`] for `%(key)…`: evaluate `args[key]` (the key is a `str` for str
//!   formatting, a `bytes` for bytes formatting) and keep the value; later requests for
//!   [`ArgRef::Keyed`] refer to it.
//! * [`PercentSource::get`]: convert one argument as [`Want`] says and return a [`PercentArg`].
//!   When the object has the wrong type, return [`PercentArg::WrongType`] with its type name and
//!   this module raises CPython's TypeError; exceptions raised by the object's own methods
//!   (`__str__`, `__index__`, `__float__`, a missing key…) are returned as `Err` and propagate.
//!
//! Errors of this module are [`FormatError`]s converted into the source's error type.

use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive};

use super::float::{FloatFlags, float_to_string};
use super::int::{bigint_to_f64, char_range_error, code_point_char};
use super::string::truncate_chars;
use super::{ErrorKind, FormatError};

/// Shape of the right operand of `format % args`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PercentArgs {
    /// `Some(len)` when the operand is a tuple (its items are the arguments), `None` when it is
    /// a single object (used once, as a whole).
    pub tuple_len: Option<usize>,
    /// CPython's `PyMapping_Check(args) && !tuple && !str` (`!bytes` for bytes formatting):
    /// enables `%(key)s` and disables the "not all arguments converted" check (so `'x' % {}`
    /// and even `'x' % []` are fine).
    pub is_mapping: bool,
}

impl PercentArgs {
    /// The operand is a tuple of `len` items.
    pub fn tuple(len: usize) -> Self {
        PercentArgs {
            tuple_len: Some(len),
            is_mapping: false,
        }
    }

    /// The operand is a single non-tuple object.
    pub fn single(is_mapping: bool) -> Self {
        PercentArgs {
            tuple_len: None,
            is_mapping,
        }
    }
}

/// Which argument a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgRef {
    /// Item `i` of the tuple operand.
    Index(usize),
    /// The single (non-tuple) operand itself, e.g. the dict in `'%s' % {'a': 1}`.
    Whole,
    /// The value found by the latest [`PercentSource::lookup`].
    Keyed,
}

/// The key of a `%(key)…` directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentKey<'a> {
    /// str formatting: look up this `str`.
    Str(&'a str),
    /// bytes formatting: look up this `bytes`.
    Bytes(&'a [u8]),
}

/// The conversion a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A `*` width or precision: [`PercentArg::Int`] if the object is an int (bool included,
    /// no `__index__`), anything else is "* wants int".
    Star,
    /// `%d %i %u` (`int(obj)` semantics: ints, floats truncated, `__int__`/`__index__`) or
    /// `%o %x %X` (`__index__` only). The char is the conversion. Objects that are not numbers,
    /// or whose conversion raises TypeError, should be answered with `WrongType`.
    Int(char),
    /// `%e %E %f %F %g %G`: `float(obj)` semantics (`__float__`, `__index__`); `Int` is accepted
    /// too and converted exactly. In bytes formatting CPython reports any failure of the
    /// conversion as "float argument required, not T": answer `WrongType` there.
    Float(char),
    /// `%c`: `Int` for int-like objects (`__index__`); `Str` for str (str formatting) or
    /// `Bytes` for bytes/bytearray (bytes formatting); anything else `WrongType`.
    Char,
    /// `%s` (str formatting): `str(obj)`.
    Str,
    /// `%r`: `repr(obj)`.
    Repr,
    /// `%a` (both) and `%r` (bytes formatting): `ascii(obj)`.
    Ascii,
    /// `%s`/`%b` (bytes formatting): the bytes of a bytes-like object or of `obj.__bytes__()`,
    /// as `PercentArg::Bytes`; `WrongType` otherwise.
    Bytes,
}

/// An argument converted by the VM.
#[derive(Debug, Clone, PartialEq)]
pub enum PercentArg {
    Int(BigInt),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    /// The object cannot be converted as asked; holds its type name (`type(obj).__name__`).
    WrongType(String),
}

/// The VM side of `%` formatting; see the module docs.
pub trait PercentSource {
    /// The VM's exception type; this module's own errors arrive through `From<FormatError>`.
    type Error: From<FormatError>;

    /// `%(key)…`: evaluate `args[key]` on the mapping operand and remember the value.
    fn lookup(&mut self, key: PercentKey<'_>) -> Result<(), Self::Error>;

    /// Convert the argument `arg` as `want` asks.
    fn get(&mut self, arg: ArgRef, want: Want) -> Result<PercentArg, Self::Error>;
}

fn type_error(msg: impl Into<String>) -> FormatError {
    FormatError {
        kind: ErrorKind::TypeError,
        msg: msg.into(),
    }
}

#[derive(Default, Clone, Copy)]
struct Flags {
    ljust: bool,
    sign: bool,
    blank: bool,
    alt: bool,
    zero: bool,
}

/// Argument consumption, following CPython's (arglen, argidx) scheme: a single operand (or a
/// keyed value) is usable exactly once.
struct ArgCursor {
    len: i64,
    idx: i64,
    keyed: bool,
}

impl ArgCursor {
    fn next(&mut self) -> Result<ArgRef, FormatError> {
        if self.idx < self.len {
            self.idx += 1;
            if self.len < 0 {
                return Ok(if self.keyed {
                    ArgRef::Keyed
                } else {
                    ArgRef::Whole
                });
            }
            return Ok(ArgRef::Index((self.idx - 1) as usize));
        }
        Err(type_error("not enough arguments for format string"))
    }
}

/// The result being built: text for str formatting, bytes for bytes formatting.
enum Out {
    Str(String),
    Bytes(Vec<u8>),
}

/// A piece of converted text.
#[derive(Clone, Copy)]
enum Body<'a> {
    Str(&'a str),
    Bytes(&'a [u8]),
}

impl Body<'_> {
    /// Length in the output's units (code points or bytes).
    fn len(self) -> usize {
        match self {
            Body::Str(s) => s.chars().count(),
            Body::Bytes(b) => b.len(),
        }
    }
}

impl Out {
    fn is_bytes(&self) -> bool {
        matches!(self, Out::Bytes(_))
    }

    /// A format-string unit (a char for str, a byte for bytes).
    fn push_unit(&mut self, u: u32) {
        match self {
            Out::Str(s) => s.push(char::from_u32(u).unwrap_or('\u{FFFD}')),
            Out::Bytes(b) => b.push(u as u8),
        }
    }

    fn push_body(&mut self, body: Body<'_>) {
        match (self, body) {
            (Out::Str(s), Body::Str(t)) => s.push_str(t),
            (Out::Str(s), Body::Bytes(t)) => s.push_str(&String::from_utf8_lossy(t)),
            (Out::Bytes(b), Body::Str(t)) => b.extend_from_slice(t.as_bytes()),
            (Out::Bytes(b), Body::Bytes(t)) => b.extend_from_slice(t),
        }
    }

    fn push_repeat(&mut self, c: u8, n: usize) {
        match self {
            Out::Str(s) => s.extend(std::iter::repeat_n(c as char, n)),
            Out::Bytes(b) => b.extend(std::iter::repeat_n(c, n)),
        }
    }
}

/// `fmt % args` for str. See the module docs for the protocol.
///
/// Supports `%(key)`, flags `-+ #0`, width and precision (digits or `*`), the ignored length
/// modifiers `h l L`, and the conversions `d i u o x X e E f F g G c r s a %`.
pub fn percent_format<S: PercentSource + ?Sized>(
    fmt: &str,
    args: PercentArgs,
    src: &mut S,
) -> Result<String, S::Error> {
    let units: Vec<u32> = fmt.chars().map(u32::from).collect();
    let mut out = Out::Str(String::with_capacity(fmt.len() + 16));
    run(&units, args, src, &mut out)?;
    match out {
        Out::Str(s) => Ok(s),
        Out::Bytes(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
    }
}

/// `fmt % args` for bytes and bytearray (PEP 461): like [`percent_format`], but `%s`/`%b` take
/// bytes-like objects ([`Want::Bytes`]), `%r`/`%a` insert `ascii(obj)`, and `%c` takes an int in
/// `range(256)` or a single byte.
pub fn percent_format_bytes<S: PercentSource + ?Sized>(
    fmt: &[u8],
    args: PercentArgs,
    src: &mut S,
) -> Result<Vec<u8>, S::Error> {
    let units: Vec<u32> = fmt.iter().map(|&b| u32::from(b)).collect();
    let mut out = Out::Bytes(Vec::with_capacity(fmt.len() + 16));
    run(&units, args, src, &mut out)?;
    match out {
        Out::Bytes(b) => Ok(b),
        Out::Str(s) => Ok(s.into_bytes()),
    }
}

fn run<S: PercentSource + ?Sized>(
    units: &[u32],
    args: PercentArgs,
    src: &mut S,
    out: &mut Out,
) -> Result<(), S::Error> {
    let pct = u32::from('%');
    let mut cur = match args.tuple_len {
        Some(n) => ArgCursor {
            len: n as i64,
            idx: 0,
            keyed: false,
        },
        None => ArgCursor {
            len: -1,
            idx: -2,
            keyed: false,
        },
    };
    let n = units.len();
    let mut i = 0;
    while i < n {
        if units[i] != pct {
            out.push_unit(units[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i < n && units[i] == pct {
            out.push_unit(pct);
            i += 1;
            continue;
        }
        format_one(units, &mut i, &mut cur, args, src, out)?;
    }
    if cur.idx < cur.len && !args.is_mapping {
        let what = if out.is_bytes() { "bytes" } else { "string" };
        let msg = format!("not all arguments converted during {what} formatting");
        return Err(type_error(msg).into());
    }
    Ok(())
}

fn incomplete() -> FormatError {
    FormatError::value("incomplete format")
}

/// Width or precision from a `*` argument.
fn star_value<S: PercentSource + ?Sized>(
    cur: &mut ArgCursor,
    src: &mut S,
) -> Result<BigInt, S::Error> {
    let arg = cur.next()?;
    match src.get(arg, Want::Star)? {
        PercentArg::Int(v) => Ok(v),
        _ => Err(type_error("* wants int").into()),
    }
}

fn ascii_digit(u: Option<u32>) -> Option<u32> {
    u.filter(|&u| (0x30..=0x39).contains(&u)).map(|u| u - 0x30)
}

/// Parse and format one `%…` directive; `*i` is just past the `%`.
fn format_one<S: PercentSource + ?Sized>(
    units: &[u32],
    i: &mut usize,
    cur: &mut ArgCursor,
    args: PercentArgs,
    src: &mut S,
    out: &mut Out,
) -> Result<(), S::Error> {
    let n = units.len();
    let next = |i: &mut usize| -> Option<u32> {
        let c = units.get(*i).copied();
        if c.is_some() {
            *i += 1;
        }
        c
    };
    let is = |u: Option<u32>, c: char| u == Some(u32::from(c));

    if is(units.get(*i).copied(), '(') {
        if !args.is_mapping {
            return Err(type_error("format requires a mapping").into());
        }
        *i += 1;
        let start = *i;
        let mut depth = 1;
        while *i < n {
            if units[*i] == u32::from(')') {
                depth -= 1;
            } else if units[*i] == u32::from('(') {
                depth += 1;
            }
            *i += 1;
            if depth == 0 {
                break;
            }
        }
        if depth > 0 {
            return Err(FormatError::value("incomplete format key").into());
        }
        let key = &units[start..*i - 1];
        if out.is_bytes() {
            let key: Vec<u8> = key.iter().map(|&u| u as u8).collect();
            src.lookup(PercentKey::Bytes(&key))?;
        } else {
            let key: String = key.iter().filter_map(|&u| char::from_u32(u)).collect();
            src.lookup(PercentKey::Str(&key))?;
        }
        *cur = ArgCursor {
            len: -1,
            idx: -2,
            keyed: true,
        };
    }

    let mut flags = Flags::default();
    let mut ch = next(i);
    loop {
        match ch.and_then(char::from_u32) {
            Some('-') => flags.ljust = true,
            Some('+') => flags.sign = true,
            Some(' ') => flags.blank = true,
            Some('#') => flags.alt = true,
            Some('0') => flags.zero = true,
            _ => break,
        }
        ch = next(i);
    }

    let mut width: usize = 0;
    if is(ch, '*') {
        let v = star_value(cur, src)?;
        let w = v
            .to_i64()
            .ok_or_else(|| FormatError::overflow("Python int too large to convert to C ssize_t"))?;
        if w < 0 {
            flags.ljust = true;
        }
        width = w.unsigned_abs() as usize;
        ch = next(i);
    } else if let Some(d) = ascii_digit(ch) {
        let mut w = u64::from(d);
        loop {
            ch = next(i);
            let Some(d) = ascii_digit(ch) else { break };
            if w > (i64::MAX as u64 - u64::from(d)) / 10 {
                return Err(FormatError::value("width too big").into());
            }
            w = w * 10 + u64::from(d);
        }
        width = w as usize;
    }

    let mut prec: Option<usize> = None;
    if is(ch, '.') {
        prec = Some(0);
        ch = next(i);
        if is(ch, '*') {
            let v = star_value(cur, src)?;
            let p = v
                .to_i32()
                .ok_or_else(|| FormatError::overflow("Python int too large to convert to C int"))?;
            prec = Some(p.max(0) as usize);
            ch = next(i);
        } else if let Some(d) = ascii_digit(ch) {
            let mut p = u64::from(d);
            loop {
                ch = next(i);
                let Some(d) = ascii_digit(ch) else { break };
                if p > (i32::MAX as u64 - u64::from(d)) / 10 {
                    return Err(FormatError::value("precision too big").into());
                }
                p = p * 10 + u64::from(d);
            }
            prec = Some(p as usize);
        }
    }
    if is(ch, 'h') || is(ch, 'l') || is(ch, 'L') {
        ch = next(i);
    }
    let Some(conv_unit) = ch else {
        return Err(incomplete().into());
    };
    let conv_index = *i - 1;
    let arg = cur.next()?;
    let bytes = out.is_bytes();
    // Units that are not chars (impossible for str, bytes are all valid) map to NUL.
    let conv = char::from_u32(conv_unit).unwrap_or('\0');
    match conv {
        's' | 'r' | 'a' | 'b' if bytes || conv != 'b' => {
            let want = match conv {
                's' | 'b' if bytes => Want::Bytes,
                's' => Want::Str,
                'r' if !bytes => Want::Repr,
                _ => Want::Ascii,
            };
            let text = match src.get(arg, want)? {
                PercentArg::Bytes(b) if bytes => Text::Bytes(b),
                other if want == Want::Bytes => {
                    let t = type_name_of(&other);
                    return Err(type_error(format!(
                        "%b requires a bytes-like object, or an object that implements \
                         __bytes__, not '{t}'"
                    ))
                    .into());
                }
                PercentArg::Str(s) => Text::Str(s),
                PercentArg::Bytes(b) => Text::Str(String::from_utf8_lossy(&b).into_owned()),
                PercentArg::Int(v) => Text::Str(v.to_string()),
                PercentArg::Float(x) => Text::Str(super::float::float_repr(x)),
                PercentArg::WrongType(t) => Text::Str(t),
            };
            let body = match (&text, prec) {
                (Text::Str(s), Some(p)) if bytes => Body::Bytes(&s.as_bytes()[..p.min(s.len())]),
                (Text::Str(s), Some(p)) => Body::Str(truncate_chars(s, p)),
                (Text::Str(s), None) => Body::Str(s),
                (Text::Bytes(b), Some(p)) => Body::Bytes(&b[..p.min(b.len())]),
                (Text::Bytes(b), None) => Body::Bytes(b),
            };
            emit(out, None, "", body, width, flags, false);
        }
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            // bytes formatting treats %i as %d (visible in error messages).
            let conv = if bytes && conv == 'i' { 'd' } else { conv };
            let v = match src.get(arg, Want::Int(conv))? {
                PercentArg::Int(v) => v,
                PercentArg::Float(x) => float_to_int(x)?,
                other => return Err(int_type_error(conv, type_name_of(&other)).into()),
            };
            let (base, prefix) = match conv {
                'o' => (8, "0o"),
                'x' => (16, "0x"),
                'X' => (16, "0X"),
                _ => (10, ""),
            };
            let mut digits = v.magnitude().to_str_radix(base);
            if conv == 'X' {
                digits.make_ascii_uppercase();
            }
            if let Some(p) = prec {
                if p > i32::MAX as usize - 3 {
                    return Err(FormatError::overflow("precision too large").into());
                }
                if p > digits.len() {
                    digits.insert_str(0, &"0".repeat(p - digits.len()));
                }
            }
            let sign = sign_char(v.is_negative(), flags);
            let prefix = if flags.alt { prefix } else { "" };
            emit(out, sign, prefix, Body::Str(&digits), width, flags, true);
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match src.get(arg, Want::Float(conv))? {
                PercentArg::Float(x) => x,
                PercentArg::Int(v) => match bigint_to_f64(&v) {
                    Some(x) => x,
                    // bytes formatting turns every conversion failure into this TypeError.
                    None if bytes => {
                        return Err(type_error("float argument required, not int").into());
                    }
                    None => {
                        return Err(
                            FormatError::overflow("int too large to convert to float").into()
                        );
                    }
                },
                other => {
                    let t = type_name_of(&other);
                    let msg = if bytes {
                        format!("float argument required, not {t}")
                    } else {
                        format!("must be real number, not {t}")
                    };
                    return Err(type_error(msg).into());
                }
            };
            let fl = FloatFlags {
                alt: flags.alt,
                ..FloatFlags::default()
            };
            let s = float_to_string(x, conv, prec.unwrap_or(6), fl);
            let (neg, body) = match s.strip_prefix('-') {
                Some(b) => (true, b),
                None => (false, s.as_str()),
            };
            emit(
                out,
                sign_char(neg, flags),
                "",
                Body::Str(body),
                width,
                flags,
                true,
            );
        }
        'c' if bytes => {
            let wrong = || type_error("%c requires an integer in range(256) or a single byte");
            let b = match src.get(arg, Want::Char)? {
                PercentArg::Int(v) => v
                    .to_u8()
                    .ok_or_else(|| FormatError::overflow("%c arg not in range(256)"))?,
                PercentArg::Bytes(b) if b.len() == 1 => b[0],
                _ => return Err(wrong().into()),
            };
            emit(out, None, "", Body::Bytes(&[b]), width, flags, false);
        }
        'c' => {
            let c = match src.get(arg, Want::Char)? {
                PercentArg::Int(v) => v
                    .to_u32()
                    .and_then(code_point_char)
                    .ok_or_else(char_range_error)?,
                PercentArg::Str(s) => {
                    let mut it = s.chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) => c,
                        _ => return Err(type_error("%c requires int or char").into()),
                    }
                }
                _ => return Err(type_error("%c requires int or char").into()),
            };
            let mut buf = [0u8; 4];
            let body = Body::Str(c.encode_utf8(&mut buf));
            emit(out, None, "", body, width, flags, false);
        }
        _ => {
            let code = conv_unit;
            let shown = if bytes {
                // CPython passes the byte as a C `char`: bytes above 0x7f overflow.
                if code > 0x7f {
                    return Err(
                        FormatError::overflow("character argument not in range(0x110000)").into(),
                    );
                }
                conv
            } else if (31..=126).contains(&code) {
                conv
            } else {
                '?'
            };
            return Err(FormatError::value(format!(
                "unsupported format character '{shown}' (0x{code:x}) at index {conv_index}"
            ))
            .into());
        }
    }
    Ok(())
}

/// Converted text of `%s %r %a %b`.
enum Text {
    Str(String),
    Bytes(Vec<u8>),
}

/// The type name to show for an answer of the wrong kind.
fn type_name_of(arg: &PercentArg) -> &str {
    match arg {
        PercentArg::Int(_) => "int",
        PercentArg::Float(_) => "float",
        PercentArg::Str(_) => "str",
        PercentArg::Bytes(_) => "bytes",
        PercentArg::WrongType(t) => t,
    }
}

fn int_type_error(conv: char, type_name: &str) -> FormatError {
    let what = if matches!(conv, 'o' | 'x' | 'X') {
        "an integer"
    } else {
        "a real number"
    };
    type_error(format!(
        "%{conv} format: {what} is required, not {type_name}"
    ))
}

/// `int(x)` for a float given where an int was wanted.
fn float_to_int(x: f64) -> Result<BigInt, FormatError> {
    if x.is_nan() {
        return Err(FormatError::value("cannot convert float NaN to integer"));
    }
    BigInt::from_f64(x.trunc())
        .ok_or_else(|| FormatError::overflow("cannot convert float infinity to integer"))
}

fn sign_char(negative: bool, flags: Flags) -> Option<char> {
    if negative {
        Some('-')
    } else if flags.sign {
        Some('+')
    } else if flags.blank {
        Some(' ')
    } else {
        None
    }
}

/// Write `[sign][prefix]body` padded to `width`: spaces on the left, or on the right with `-`,
/// or zeros between prefix and body with `0` (numbers only, and not with `-`).
fn emit(
    out: &mut Out,
    sign: Option<char>,
    prefix: &str,
    body: Body<'_>,
    width: usize,
    flags: Flags,
    numeric: bool,
) {
    let len = usize::from(sign.is_some()) + prefix.len() + body.len();
    let pad = width.saturating_sub(len);
    let zero = numeric && flags.zero && !flags.ljust;
    if !flags.ljust && !zero {
        out.push_repeat(b' ', pad);
    }
    if let Some(s) = sign {
        out.push_unit(u32::from(s));
    }
    out.push_body(Body::Str(prefix));
    if zero {
        out.push_repeat(b'0', pad);
    }
    out.push_body(body);
    if flags.ljust {
        out.push_repeat(b' ', pad);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny model of Python objects, enough to exercise the protocol.
    #[derive(Clone, Debug)]
    enum Obj {
        Int(i64),
        Bool(bool),
        Float(f64),
        Str(&'static str),
        List,
        Dict(Vec<(&'static str, Obj)>),
    }

    impl Obj {
        fn type_name(&self) -> &'static str {
            match self {
                Obj::Int(_) => "int",
                Obj::Bool(_) => "bool",
                Obj::Float(_) => "float",
                Obj::Str(_) => "str",
                Obj::List => "list",
                Obj::Dict(_) => "dict",
            }
        }
        fn repr(&self) -> String {
            match self {
                Obj::Int(v) => v.to_string(),
                Obj::Bool(b) => if *b { "True" } else { "False" }.to_string(),
                Obj::Float(x) => super::super::float::float_repr(*x),
                Obj::Str(s) => format!("'{s}'"),
                Obj::List => "[]".to_string(),
                Obj::Dict(items) => {
                    let inner: Vec<String> = items
                        .iter()
                        .map(|(k, v)| format!("'{k}': {}", v.repr()))
                        .collect();
                    format!("{{{}}}", inner.join(", "))
                }
            }
        }
        fn str(&self) -> String {
            match self {
                Obj::Str(s) => s.to_string(),
                o => o.repr(),
            }
        }
        fn int_value(&self) -> Option<i64> {
            match self {
                Obj::Int(v) => Some(*v),
                Obj::Bool(b) => Some(i64::from(*b)),
                _ => None,
            }
        }
    }

    #[derive(Debug, PartialEq)]
    struct Exc(String, String);

    impl From<FormatError> for Exc {
        fn from(e: FormatError) -> Self {
            Exc(e.exc_name().to_string(), e.msg)
        }
    }

    struct Src {
        args: Obj,
        items: Vec<Obj>,
        keyed: Option<Obj>,
    }

    impl PercentSource for Src {
        type Error = Exc;
        fn lookup(&mut self, key: PercentKey<'_>) -> Result<(), Exc> {
            let PercentKey::Str(key) = key else {
                unreachable!()
            };
            match &self.args {
                Obj::Dict(items) => {
                    let v = items.iter().find(|(k, _)| *k == key);
                    let v = v.ok_or_else(|| Exc("KeyError".into(), format!("'{key}'")))?;
                    self.keyed = Some(v.1.clone());
                    Ok(())
                }
                o => Err(Exc(
                    "TypeError".into(),
                    format!(
                        "{} indices must be integers or slices, not str",
                        o.type_name()
                    ),
                )),
            }
        }
        fn get(&mut self, arg: ArgRef, want: Want) -> Result<PercentArg, Exc> {
            let obj = match arg {
                ArgRef::Index(i) => self.items[i].clone(),
                ArgRef::Whole => self.args.clone(),
                ArgRef::Keyed => self.keyed.clone().unwrap(),
            };
            let wrong = PercentArg::WrongType(obj.type_name().to_string());
            Ok(match want {
                Want::Star | Want::Char if obj.int_value().is_some() => {
                    PercentArg::Int(obj.int_value().unwrap().into())
                }
                Want::Char => match obj {
                    Obj::Str(s) => PercentArg::Str(s.to_string()),
                    _ => wrong,
                },
                Want::Star => wrong,
                Want::Int(c) => match obj {
                    Obj::Float(x) if !matches!(c, 'o' | 'x' | 'X') => PercentArg::Float(x),
                    o => o.int_value().map_or(wrong, |v| PercentArg::Int(v.into())),
                },
                Want::Float(_) => match obj {
                    Obj::Float(x) => PercentArg::Float(x),
                    o => o.int_value().map_or(wrong, |v| PercentArg::Float(v as f64)),
                },
                Want::Bytes => wrong,
                Want::Str => PercentArg::Str(obj.str()),
                Want::Repr | Want::Ascii => PercentArg::Str(obj.repr()),
            })
        }
    }

    fn run(fmt: &str, args: Obj) -> Result<String, Exc> {
        let (shape, items) = match &args {
            Obj::List => (PercentArgs::single(true), vec![]),
            Obj::Dict(_) => (PercentArgs::single(true), vec![]),
            _ => (PercentArgs::single(false), vec![]),
        };
        let mut src = Src {
            args,
            items,
            keyed: None,
        };
        percent_format(fmt, shape, &mut src)
    }

    fn run_tuple(fmt: &str, items: Vec<Obj>) -> Result<String, Exc> {
        let shape = PercentArgs::tuple(items.len());
        let mut src = Src {
            args: Obj::List,
            items,
            keyed: None,
        };
        percent_format(fmt, shape, &mut src)
    }

    fn ok(s: &str) -> Result<String, Exc> {
        Ok(s.to_string())
    }

    fn err(kind: &str, msg: &str) -> Result<String, Exc> {
        Err(Exc(kind.to_string(), msg.to_string()))
    }

    use Obj::*;

    #[test]
    fn conversions() {
        // Expected results from CPython 3.11/3.13.
        let t = run_tuple;
        assert_eq!(t("%.5d", vec![Int(42)]), ok("00042"));
        assert_eq!(t("%#.5x", vec![Int(42)]), ok("0x0002a"));
        assert_eq!(t("%#08x", vec![Int(255)]), ok("0x0000ff"));
        assert_eq!(t("%-#8x|", vec![Int(255)]), ok("0xff    |"));
        assert_eq!(t("%#o", vec![Int(8)]), ok("0o10"));
        assert_eq!(t("%+ d", vec![Int(5)]), ok("+5"));
        assert_eq!(t("% +d", vec![Int(5)]), ok("+5"));
        assert_eq!(t("%#.0f", vec![Int(1)]), ok("1."));
        assert_eq!(t("%#.0e", vec![Int(1)]), ok("1.e+00"));
        assert_eq!(t("%#g", vec![Int(1)]), ok("1.00000"));
        assert_eq!(t("%.0g", vec![Float(1.5)]), ok("2"));
        assert_eq!(t("%-05d", vec![Int(3)]), ok("3    "));
        assert_eq!(t("%+05d", vec![Int(-3)]), ok("-0003"));
        assert_eq!(t("% 05d", vec![Int(3)]), ok(" 0003"));
        assert_eq!(t("%05.1f", vec![Float(-2.25)]), ok("-02.2"));
        assert_eq!(t("%x", vec![Int(-255)]), ok("-ff"));
        assert_eq!(t("%#X", vec![Int(-255)]), ok("-0XFF"));
        assert_eq!(t("%#.3o", vec![Int(8)]), ok("0o010"));
        assert_eq!(t("%.0x", vec![Int(0)]), ok("0"));
        assert_eq!(t("%#.0o", vec![Int(0)]), ok("0o0"));
        assert_eq!(t("%010.3e", vec![Float(-1e-300)]), ok("-1.000e-300"));
        assert_eq!(t("%-10.3e|", vec![Float(1e300)]), ok("1.000e+300|"));
        assert_eq!(t("%010f", vec![Float(f64::INFINITY)]), ok("0000000inf"));
        assert_eq!(t("%+f", vec![Float(f64::NAN)]), ok("+nan"));
        assert_eq!(t("%f", vec![Float(-f64::NAN)]), ok("nan"));
        assert_eq!(t("%F", vec![Float(f64::INFINITY)]), ok("INF"));
        assert_eq!(t("%E", vec![Float(f64::NAN)]), ok("NAN"));
        assert_eq!(t("%G", vec![Float(1e-10)]), ok("1E-10"));
        assert_eq!(t("%#G", vec![Float(1e-10)]), ok("1.00000E-10"));
        assert_eq!(t("%.3g", vec![Float(100000.0)]), ok("1e+05"));
        assert_eq!(t("%g", vec![Float(100000.0)]), ok("100000"));
        assert_eq!(t("%e", vec![Float(1e300)]), ok("1.000000e+300"));
        assert_eq!(
            t("%.20e", vec![Float(5e-324)]),
            ok("4.94065645841246544177e-324")
        );
        assert_eq!(t("%3c|", vec![Str("é")]), ok("  é|"));
        assert_eq!(t("%-3c|", vec![Str("é")]), ok("é  |"));
        assert_eq!(t("%.0c|", vec![Str("x")]), ok("x|"));
        assert_eq!(t("%05c", vec![Int(65)]), ok("    A"));
        assert_eq!(t("%+5c|", vec![Int(65)]), ok("    A|"));
        assert_eq!(t("%05s", vec![Str("ab")]), ok("   ab"));
        assert_eq!(t("%+s", vec![Str("a")]), ok("a"));
        assert_eq!(t("%r", vec![Str("a")]), ok("'a'"));
        assert_eq!(t("%5.2s|", vec![Str("abc")]), ok("   ab|"));
        assert_eq!(t("%-5s|", vec![Str("abc")]), ok("abc  |"));
        assert_eq!(t("%d", vec![Bool(true)]), ok("1"));
        assert_eq!(t("%s", vec![Bool(true)]), ok("True"));
        assert_eq!(t("%d", vec![Float(3.9)]), ok("3"));
        assert_eq!(t("%d", vec![Float(-3.9)]), ok("-3"));
        assert_eq!(t("%i %u", vec![Int(5), Int(6)]), ok("5 6"));
        assert_eq!(
            t("%ld %hs %Ld", vec![Int(5), Str("a"), Int(7)]),
            ok("5 a 7")
        );
        assert_eq!(t("%s%%", vec![Str("a")]), ok("a%"));
        assert_eq!(
            t("%.50f", vec![Float(0.1)]),
            ok("0.10000000000000000555111512312578270211815834045410")
        );
    }

    #[test]
    fn star_width_and_precision() {
        let t = run_tuple;
        assert_eq!(t("%*s", vec![Int(3), Str("a")]), ok("  a"));
        assert_eq!(t("%-*s|", vec![Int(3), Str("a")]), ok("a  |"));
        assert_eq!(t("%.*s", vec![Int(2), Str("abc")]), ok("ab"));
        assert_eq!(t("%*.*s|", vec![Int(-5), Int(2), Str("abc")]), ok("ab   |"));
        assert_eq!(t("%0*d", vec![Int(5), Int(3)]), ok("00003"));
        assert_eq!(t("%*d", vec![Int(-5), Int(1)]), ok("1    "));
        assert_eq!(t("%.*f", vec![Int(-3), Float(1.5)]), ok("2"));
        assert_eq!(t("%.*s", vec![Int(-1), Str("abc")]), ok(""));
        assert_eq!(t("%*.*f", vec![Bool(true), Int(2), Float(1.5)]), ok("1.50"));
        assert_eq!(
            t("%*d", vec![Str("a"), Int(1)]),
            err("TypeError", "* wants int")
        );
        assert_eq!(
            t("%*d", vec![Float(1.0), Int(1)]),
            err("TypeError", "* wants int")
        );
    }

    #[test]
    fn argument_consumption() {
        let d = || Dict(vec![("a", Int(1))]);
        assert_eq!(
            run("%(a)s %s", d()),
            err("TypeError", "not enough arguments for format string")
        );
        assert_eq!(run("%s %(a)s", d()), ok("{'a': 1} 1"));
        assert_eq!(run("%(a)s %(a)s", d()), ok("1 1"));
        assert_eq!(run("%(a)-5d|", Dict(vec![("a", Int(3))])), ok("3    |"));
        assert_eq!(run("%()s", Dict(vec![("", Int(3))])), ok("3"));
        assert_eq!(run("%(a(b)c)s", Dict(vec![("a(b)c", Int(1))])), ok("1"));
        assert_eq!(run("%((a))s", Dict(vec![("(a)", Int(3))])), ok("3"));
        assert_eq!(
            run("%(a)*d", Dict(vec![("a", Int(5))])),
            err("TypeError", "not enough arguments for format string")
        );
        assert_eq!(
            run("%(b)q", Dict(vec![("a", Int(5))])),
            err("KeyError", "'b'")
        );
        assert_eq!(run("x", d()), ok("x"));
        assert_eq!(run("%s", d()), ok("{'a': 1}"));
        assert_eq!(run("hello", List), ok("hello"));
        assert_eq!(
            run("hello", Int(5)),
            err(
                "TypeError",
                "not all arguments converted during string formatting"
            )
        );
        assert_eq!(
            run("%(a)s", Int(5)),
            err("TypeError", "format requires a mapping")
        );
        assert_eq!(
            run_tuple("%(a)s", vec![]),
            err("TypeError", "format requires a mapping")
        );
        assert_eq!(
            run("%(a)s", List),
            err(
                "TypeError",
                "list indices must be integers or slices, not str"
            )
        );
        assert_eq!(run("%s", Int(5)), ok("5"));
        assert_eq!(run_tuple("x", vec![]), ok("x"));
        assert_eq!(
            run_tuple("x", vec![Int(1)]),
            err(
                "TypeError",
                "not all arguments converted during string formatting"
            )
        );
        assert_eq!(
            run_tuple("%s %s", vec![Int(1)]),
            err("TypeError", "not enough arguments for format string")
        );
        assert_eq!(
            run_tuple("%s", vec![Int(1), Int(2)]),
            err(
                "TypeError",
                "not all arguments converted during string formatting"
            )
        );
        assert_eq!(
            run_tuple("%s", vec![]),
            err("TypeError", "not enough arguments for format string")
        );
        assert_eq!(run_tuple("%%", vec![]), ok("%"));
    }

    #[test]
    fn errors() {
        let t = run_tuple;
        let unsupported = |c: &str, idx: usize| {
            err(
                "ValueError",
                &format!("unsupported format character {c} at index {idx}"),
            )
        };
        assert_eq!(t("%5%", vec![Int(1)]), unsupported("'%' (0x25)", 2));
        assert_eq!(
            t("%5%", vec![]),
            err("TypeError", "not enough arguments for format string")
        );
        assert_eq!(
            t("% %", vec![]),
            err("TypeError", "not enough arguments for format string")
        );
        assert_eq!(
            run("%(a)%", Dict(vec![("a", Int(1))])),
            unsupported("'%' (0x25)", 4)
        );
        assert_eq!(t("%q", vec![Int(5)]), unsupported("'q' (0x71)", 1));
        assert_eq!(t("%\u{665}d", vec![Int(1)]), unsupported("'?' (0x665)", 1));
        assert_eq!(t("%é", vec![Int(5)]), unsupported("'?' (0xe9)", 1));
        assert_eq!(t("%\n", vec![Int(5)]), unsupported("'?' (0xa)", 1));
        assert_eq!(t("%lld", vec![Int(5)]), unsupported("'l' (0x6c)", 2));
        assert_eq!(
            t("%z", vec![]),
            err("TypeError", "not enough arguments for format string")
        );
        for f in ["%", "abc%", "%*", "%.", "%.*", "%-", "%5", "%(a)"] {
            let args = if f == "%(a)" {
                Dict(vec![("a", Int(1))])
            } else {
                Int(5)
            };
            let got = if f.contains('*') {
                t(f, vec![Int(1)])
            } else {
                run(f, args)
            };
            assert_eq!(got, err("ValueError", "incomplete format"), "{f}");
        }
        assert_eq!(
            run("%(a", Dict(vec![("a", Int(1))])),
            err("ValueError", "incomplete format key")
        );
        assert_eq!(
            t("%c", vec![Str("ab")]),
            err("TypeError", "%c requires int or char")
        );
        assert_eq!(
            t("%c", vec![Float(1.5)]),
            err("TypeError", "%c requires int or char")
        );
        assert_eq!(
            t("%c", vec![Int(-1)]),
            err("OverflowError", "%c arg not in range(0x110000)")
        );
        assert_eq!(
            t("%c", vec![Int(0x110000)]),
            err("OverflowError", "%c arg not in range(0x110000)")
        );
        assert_eq!(
            t("%d", vec![Str("a")]),
            err("TypeError", "%d format: a real number is required, not str")
        );
        assert_eq!(
            t("%x", vec![Float(1.5)]),
            err("TypeError", "%x format: an integer is required, not float")
        );
        assert_eq!(
            t("%f", vec![Str("a")]),
            err("TypeError", "must be real number, not str")
        );
        assert_eq!(
            t("%99999999999999999999d", vec![Int(1)]),
            err("ValueError", "width too big")
        );
        assert_eq!(
            t("%.99999999999999999999d", vec![Int(1)]),
            err("ValueError", "precision too big")
        );
        assert_eq!(
            t("%.2147483648d", vec![Int(1)]),
            err("ValueError", "precision too big")
        );
        assert_eq!(
            t("%.2147483647d", vec![Int(1)]),
            err("OverflowError", "precision too large")
        );
        assert_eq!(
            t("%d", vec![Float(f64::NAN)]),
            err("ValueError", "cannot convert float NaN to integer")
        );
        assert_eq!(
            t("%d", vec![Float(f64::INFINITY)]),
            err("OverflowError", "cannot convert float infinity to integer")
        );
    }

    #[test]
    fn star_overflow() {
        struct Big;
        impl PercentSource for Big {
            type Error = Exc;
            fn lookup(&mut self, _: PercentKey<'_>) -> Result<(), Exc> {
                Ok(())
            }
            fn get(&mut self, arg: ArgRef, _: Want) -> Result<PercentArg, Exc> {
                Ok(PercentArg::Int(match arg {
                    ArgRef::Index(0) => BigInt::from(1) << 70usize,
                    _ => BigInt::from(1),
                }))
            }
        }
        let r = percent_format("%*d", PercentArgs::tuple(2), &mut Big);
        assert_eq!(
            r,
            err(
                "OverflowError",
                "Python int too large to convert to C ssize_t"
            )
        );
        let r = percent_format("%.*d", PercentArgs::tuple(2), &mut Big);
        assert_eq!(
            r,
            err("OverflowError", "Python int too large to convert to C int")
        );
    }

    /// One-argument cases `fmt % (value,)` for random directives; expected results (or exception
    /// class and message) generated with CPython 3.11 (identical under 3.13).
    #[derive(Clone, Copy)]
    enum V {
        Int(&'static str),
        Float(f64),
        Str(&'static str),
    }

    type Expected = Result<&'static str, (&'static str, &'static str)>;

    #[rustfmt::skip]
    const CPYTHON_ONE_ARG: &[(&str, V, Expected)] = &[
            ("ab%- G|", V::Float(1.0654412994471195e-93), Ok("ab 1.06544E-93|")),
            ("%20.17e", V::Int("42010"), Ok("4.20100000000000000e+04")),
            ("ab%1d|", V::Str("abc"), Err(("TypeError", "%d format: a real number is required, not str"))),
            ("%20.2%", V::Float(-245.4375), Err(("ValueError", "unsupported format character '%' (0x25) at index 5"))),
            ("%8X", V::Int("69665"), Ok("   11021")),
            ("%+1.30", V::Int("48002"), Err(("ValueError", "incomplete format"))),
            ("%a", V::Float(845208.3461363728), Ok("845208.3461363728")),
            ("%20X", V::Float(5.608236388575786e-108), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("%+hX", V::Int("1"), Ok("+1")),
            ("%#+2.10b", V::Float(-269067.546875), Err(("ValueError", "unsupported format character 'b' (0x62) at index 7"))),
            ("%8x", V::Int("69550"), Ok("   10fae")),
            ("%8.1G", V::Str("a"), Err(("TypeError", "must be real number, not str"))),
            ("%#.30a", V::Float(9.0203053675e-10), Ok("9.0203053675e-10")),
            ("%12f", V::Float(0.125), Ok("    0.125000")),
            ("%.0x", V::Int("18647"), Ok("48d7")),
            ("ab%.10E|", V::Int("33767"), Ok("ab3.3767000000E+04|")),
            ("%+.1%", V::Float(-969572.2642866897), Err(("ValueError", "unsupported format character '%' (0x25) at index 4"))),
            ("%.2G", V::Float(631463264.5), Ok("6.3E+08")),
            ("ab% 5.0o|", V::Int("27375"), Ok("ab 65357|")),
            ("%8.3X", V::Float(-2.6882913529178125e-79), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("%++s", V::Int("9396"), Ok("9396")),
            ("%0+d", V::Float(-264040.91359923524), Ok("-264040")),
            ("ab%#-1.30X|", V::Float(-230310.89809205115), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("%a", V::Str("abc"), Ok("'abc'")),
            ("ab%-.6e|", V::Float(-2.0017785863766594e-230), Ok("ab-2.001779e-230|")),
            ("ab%2d|", V::Float(162089.6667472038), Ok("ab162089|")),
            ("%00a", V::Int("6026"), Ok("6026")),
            ("%r", V::Float(-2.2484932019385852e-76), Ok("-2.2484932019385852e-76")),
            ("%.0d", V::Str("hello world"), Err(("TypeError", "%d format: a real number is required, not str"))),
            ("ab%5.10s|", V::Str(""), Ok("ab     |")),
            ("%+0.6s", V::Float(2.5), Ok("2.5")),
            ("%#+.6r", V::Int("5181267603745230745"), Ok("518126")),
            ("%2lE", V::Float(-1.864240016386488e+277), Ok("-1.864240E+277")),
            ("ab% 1g|", V::Int("6973"), Ok("ab 6973|")),
            ("ab%2G|", V::Str("abc"), Err(("TypeError", "must be real number, not str"))),
            ("%.2hb", V::Int("66650"), Err(("ValueError", "unsupported format character 'b' (0x62) at index 4"))),
            ("ab%1.1G|", V::Float(2.10263177e-09), Ok("ab2E-09|")),
            ("%#2.2d", V::Float(3.5624606171962324e-118), Ok("00")),
            ("% 1e", V::Int("22062"), Ok(" 2.206200e+04")),
            ("%0+12.1i", V::Int("67680"), Ok("+00000067680")),
            ("ab%f|", V::Int("51718"), Ok("ab51718.000000|")),
            ("%+5.17o", V::Int("45710"), Ok("+00000000000131216")),
            ("%b", V::Float(1.9769887253730816e-92), Err(("ValueError", "unsupported format character 'b' (0x62) at index 1"))),
            ("ab%.0i|", V::Float(-6.438124074222475e+79), Ok("ab-64381240742224751925382041388262846090099724661089150262360133968796754877874176|")),
            ("%12.1LF", V::Int("-80309941338601769453067536228"), Ok("-80309941338601767789842661376.0")),
            ("%5s", V::Str(""), Ok("     ")),
            ("%-.3lq", V::Int("2222"), Err(("ValueError", "unsupported format character 'q' (0x71) at index 5"))),
            ("ab%8.1d|", V::Float(-4844354188.940637), Ok("ab-4844354188|")),
            ("ab%-+s|", V::Int("330993659389736173"), Ok("ab330993659389736173|")),
            ("%+-2.30lg", V::Float(-1e-60), Ok("-9.99999999999999970433463913134e-61")),
            ("%#2.1a", V::Float(0.0001), Ok(" 0")),
            ("ab%+1.17b|", V::Int("31568"), Err(("ValueError", "unsupported format character 'b' (0x62) at index 8"))),
            ("%#8G", V::Float(1.125), Ok(" 1.12500")),
            ("%0.0%", V::Int("43238"), Err(("ValueError", "unsupported format character '%' (0x25) at index 4"))),
            ("ab% 2d|", V::Float(98829463.5), Ok("ab 98829463|")),
            ("ab%++20o|", V::Int("15562"), Ok("ab              +36312|")),
            ("%05u", V::Float(-7.545737445315345e-134), Ok("00000")),
            ("%.1g", V::Int("62461"), Ok("6e+04")),
            ("%8.0%", V::Int("31643"), Err(("ValueError", "unsupported format character '%' (0x25) at index 4"))),
            ("%12.3s", V::Int("67696"), Ok("         676")),
            ("%.10g", V::Int("26137"), Ok("26137")),
            ("%+12e", V::Float(-0.21359786385), Ok("-2.135979e-01")),
            ("%20a", V::Float(-140520.51180416218), Ok(" -140520.51180416218")),
            ("%2g", V::Float(5.54661132040817e+219), Ok("5.54661e+219")),
            ("%#5.3d", V::Float(-3.3585600124971756e-113), Ok("  000")),
            ("%#u", V::Float(759252.4396395488), Ok("759252")),
            ("ab%q|", V::Int("21226"), Err(("ValueError", "unsupported format character 'q' (0x71) at index 3"))),
            ("ab%-.3c|", V::Float(4758462.5), Err(("TypeError", "%c requires int or char"))),
            ("% 5.6f", V::Str("a"), Err(("TypeError", "must be real number, not str"))),
            ("%#0.1o", V::Float(-386062.75), Err(("TypeError", "%o format: an integer is required, not float"))),
            ("ab%#5g|", V::Int("872518441419897872"), Ok("ab8.72518e+17|")),
            ("% 2.6u", V::Int("68172"), Ok(" 068172")),
            ("ab%#12F|", V::Int("10843"), Ok("ab10843.000000|")),
            ("%.3G", V::Int("1114112"), Ok("1.11E+06")),
            ("ab%5r|", V::Float(950.3203125), Ok("ab950.3203125|")),
            ("ab%020u|", V::Float(-35.43505859375), Ok("ab-0000000000000000035|")),
            ("%-20d", V::Str(""), Err(("TypeError", "%d format: a real number is required, not str"))),
            ("ab%5q|", V::Float(653383.859375), Err(("ValueError", "unsupported format character 'q' (0x71) at index 4"))),
            ("%.2i", V::Str("xy"), Err(("TypeError", "%i format: a real number is required, not str"))),
            ("ab%20d|", V::Float(-9.25828228e-06), Ok("ab                   0|")),
            ("% #1c", V::Int("35762"), Ok("讲")),
            ("%-8", V::Str("hello world"), Err(("ValueError", "incomplete format"))),
            ("ab%##12F|", V::Str(""), Err(("TypeError", "must be real number, not str"))),
            ("%.1x", V::Float(-874488.2753905925), Err(("TypeError", "%x format: an integer is required, not float"))),
            ("%.1e", V::Str("xy"), Err(("TypeError", "must be real number, not str"))),
            ("%e", V::Float(-9.996642746115672e-07), Ok("-9.996643e-07")),
            ("ab%+q|", V::Str("hello world"), Err(("ValueError", "unsupported format character 'q' (0x71) at index 4"))),
            ("ab%  .17X|", V::Float(566105.704169902), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("ab%20e|", V::Float(14512.875), Ok("ab        1.451288e+04|")),
            ("%--.0f", V::Float(7.051540530721991e-279), Ok("0")),
            ("%r", V::Str("abc"), Ok("'abc'")),
            ("%a", V::Float(-9.049984223681209e-05), Ok("-9.049984223681209e-05")),
            ("%20.0%", V::Float(-1e-105), Err(("ValueError", "unsupported format character '%' (0x25) at index 5"))),
            ("%-8G", V::Float(895641.3042017582), Ok("895641  ")),
            ("ab% 2.6E|", V::Str(""), Err(("TypeError", "must be real number, not str"))),
            ("ab%1d|", V::Str(""), Err(("TypeError", "%d format: a real number is required, not str"))),
            ("%-5.2o", V::Float(-1.2882297539194267e-231), Err(("TypeError", "%o format: an integer is required, not float"))),
            ("%2E", V::Int("54388"), Ok("5.438800E+04")),
            ("%.0r", V::Int("29046"), Ok("")),
            ("%2.2c", V::Float(-635823.530080904), Err(("TypeError", "%c requires int or char"))),
            ("%a", V::Str("hello world"), Ok("'hello world'")),
            ("ab%+5g|", V::Int("25712"), Ok("ab+25712|")),
            ("%- 2.2F", V::Float(-13103.400390625), Ok("-13103.40")),
            ("ab%#i|", V::Float(-1.1319751845210749e+51), Ok("ab-1131975184521074886919035061121800429849070880686080|")),
            ("%-2X", V::Float(f64::NAN), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("% 1.3X", V::Int("59382"), Ok(" E7F6")),
            ("ab%0x|", V::Float(-3.3e-15), Err(("TypeError", "%x format: an integer is required, not float"))),
            ("%1.10a", V::Float(-39355.65238098521), Ok("-39355.652")),
            ("ab%12.3a|", V::Float(-1e-289), Ok("ab         -1e|")),
            ("%0E", V::Float(-4.271358812578868e+188), Ok("-4.271359E+188")),
            ("ab%-.0F|", V::Str(""), Err(("TypeError", "must be real number, not str"))),
            ("ab%-lq|", V::Int("29068"), Err(("ValueError", "unsupported format character 'q' (0x71) at index 5"))),
            ("%+#%", V::Int("58806"), Err(("ValueError", "unsupported format character '%' (0x25) at index 3"))),
            ("%8.1%", V::Str("a"), Err(("ValueError", "unsupported format character '%' (0x25) at index 4"))),
            ("%#8.30i", V::Int("40443"), Ok("000000000000000000000000040443")),
            ("ab%r|", V::Float(-3.3017748452865264e-227), Ok("ab-3.3017748452865264e-227|")),
            ("ab%s|", V::Str("a"), Ok("aba|")),
            ("ab%0 12.2F|", V::Int("35292"), Ok("ab 00035292.00|")),
            ("%#-5o", V::Int("64318"), Ok("0o175476")),
            ("ab%b|", V::Float(-1.8655880240480835e-258), Err(("ValueError", "unsupported format character 'b' (0x62) at index 3"))),
            ("ab%.1G|", V::Float(-7.368319234650411e+34), Ok("ab-7E+34|")),
            ("%.17a", V::Float(1e-61), Ok("1e-61")),
            ("%+ E", V::Float(754129.6983526044), Ok("+7.541297E+05")),
            ("ab%0a|", V::Float(9.5), Ok("ab9.5|")),
            ("%s", V::Float(756010.7667991386), Ok("756010.7667991386")),
            ("ab%12.1E|", V::Str(""), Err(("TypeError", "must be real number, not str"))),
            ("ab%.0o|", V::Float(-960478.5), Err(("TypeError", "%o format: an integer is required, not float"))),
            ("ab%#20.1G|", V::Int("26672"), Ok("ab              3.E+04|")),
            ("% 01.17o", V::Float(-5.984821564116923e-307), Err(("TypeError", "%o format: an integer is required, not float"))),
            ("ab%c|", V::Int("19408"), Ok("ab䯐|")),
            ("%#u", V::Float(3.768766316834387e-305), Ok("0")),
            ("ab%d|", V::Float(-1e-253), Ok("ab0|")),
            ("%-20.0F", V::Float(697169.4843151092), Ok("697169              ")),
            ("%F", V::Str("abc"), Err(("TypeError", "must be real number, not str"))),
            ("%.30i", V::Float(-3.2444700817545328e-171), Ok("000000000000000000000000000000")),
            ("%-0a", V::Int("45841"), Ok("45841")),
            ("% .2q", V::Str(""), Err(("ValueError", "unsupported format character 'q' (0x71) at index 4"))),
            ("%20.17u", V::Float(161281.38448638376), Ok("   00000000000161281")),
            ("ab% .30c|", V::Int("-29249980177722586"), Err(("OverflowError", "%c arg not in range(0x110000)"))),
            ("%s", V::Int("11997"), Ok("11997")),
            ("ab%u|", V::Str("abc"), Err(("TypeError", "%u format: a real number is required, not str"))),
            ("%0-a", V::Str("hello world"), Ok("'hello world'")),
            ("%-020s", V::Float(-9483.588033196284), Ok("-9483.588033196284  ")),
            ("%.1i", V::Float(288232.00975274784), Ok("288232")),
            ("%-20.6b", V::Float(8.993298275741044e+115), Err(("ValueError", "unsupported format character 'b' (0x62) at index 6"))),
            ("%", V::Int("33595"), Err(("ValueError", "incomplete format"))),
            ("%+12%", V::Float(0.033249307524), Err(("ValueError", "unsupported format character '%' (0x25) at index 4"))),
            ("%2.0f", V::Int("23754"), Ok("23754")),
            ("%-+", V::Float(-3.7385625446373786e-274), Err(("ValueError", "incomplete format"))),
            ("ab% X|", V::Float(239572.50373667548), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("%#+8.10c", V::Int("65816"), Ok("       𐄘")),
            ("ab%0-5r|", V::Int("1157804423431237411"), Ok("ab1157804423431237411|")),
            ("%2.17x", V::Float(538497.9874151424), Err(("TypeError", "%x format: an integer is required, not float"))),
            ("%E", V::Int("27670"), Ok("2.767000E+04")),
            ("ab%1.30X|", V::Str("abc"), Err(("TypeError", "%X format: an integer is required, not str"))),
            ("%+-q", V::Float(1e+233), Err(("ValueError", "unsupported format character 'q' (0x71) at index 3"))),
            ("%X", V::Float(5.954262829429612e+138), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("%#0.6E", V::Float(8.1e-23), Ok("8.100000E-23")),
            ("%20Ls", V::Float(8.498207885068274e+183), Ok("8.498207885068274e+183")),
            ("%20.30s", V::Int("1114111"), Ok("             1114111")),
            ("%0#i", V::Float(-614877.7119595652), Ok("-614877")),
            ("%20d", V::Int("7166153382493903014"), Ok(" 7166153382493903014")),
            ("ab%-5.30Lb|", V::Int("39467"), Err(("ValueError", "unsupported format character 'b' (0x62) at index 9"))),
            ("ab%%|", V::Int("35698"), Err(("TypeError", "not all arguments converted during string formatting"))),
            ("%-20.6u", V::Float(54640.47858000756), Ok("054640              ")),
            ("ab%2.10e|", V::Float(5.648027917416435e+219), Ok("ab5.6480279174e+219|")),
            ("%20x", V::Str("abc"), Err(("TypeError", "%x format: an integer is required, not str"))),
            ("%+-.1u", V::Int("11858"), Ok("+11858")),
            ("%12.17a", V::Int("270848707177896804658392"), Ok("27084870717789680")),
            ("%8.30o", V::Float(-1e+101), Err(("TypeError", "%o format: an integer is required, not float"))),
            ("ab%X|", V::Float(1234567.125), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("%0 hs", V::Int("7706"), Ok("7706")),
            ("%q", V::Int("2219521534954313282"), Err(("ValueError", "unsupported format character 'q' (0x71) at index 1"))),
            ("%12s", V::Float(-8.259954405952727e-16), Ok("-8.259954405952727e-16")),
            ("% #F", V::Str("xy"), Err(("TypeError", "must be real number, not str"))),
            ("ab%e|", V::Float(420.22802734375), Ok("ab4.202280e+02|")),
            ("ab%r|", V::Int("65256"), Ok("ab65256|")),
            ("ab%.17r|", V::Str("a"), Ok("ab'a'|")),
            ("ab%20b|", V::Float(7.279759795614812e+49), Err(("ValueError", "unsupported format character 'b' (0x62) at index 5"))),
            ("ab%.10q|", V::Str("abc"), Err(("ValueError", "unsupported format character 'q' (0x71) at index 6"))),
            ("%0012o", V::Int("27953"), Ok("000000066461")),
            ("%+1.0c", V::Float(9460283.5), Err(("TypeError", "%c requires int or char"))),
            ("%.2c", V::Float(-7.6e-22), Err(("TypeError", "%c requires int or char"))),
            ("%#0.10o", V::Float(-2.9356782284672915e+107), Err(("TypeError", "%o format: an integer is required, not float"))),
            ("%0+g", V::Float(984335.0294909303), Ok("+984335")),
            ("%1F", V::Float(-1.5151624525530569e-164), Ok("-0.000000")),
            ("%-.6ls", V::Int("41544"), Ok("41544")),
            ("%--.3f", V::Int("19767"), Ok("19767.000")),
            ("%#+12.17f", V::Str("abc"), Err(("TypeError", "must be real number, not str"))),
            ("%0+.1o", V::Int("6133266376890966301688537942728730062"), Ok("+44723454103475616715172645760647503262716")),
            ("%.10q", V::Float(-373239.1859622897), Err(("ValueError", "unsupported format character 'q' (0x71) at index 4"))),
            ("%5d", V::Int("22139"), Ok("22139")),
            ("%c", V::Int("19791"), Ok("䵏")),
            ("%1.10X", V::Int("33475"), Ok("00000082C3")),
            ("%20G", V::Int("33239"), Ok("               33239")),
            ("%.2E", V::Int("77"), Ok("7.70E+01")),
            ("%-E", V::Float(-1.56960372387782e+141), Ok("-1.569604E+141")),
            ("ab%  2.30i|", V::Int("31428"), Ok("ab 000000000000000000000000031428|")),
            ("%020X", V::Float(7451196227637.0), Err(("TypeError", "%X format: an integer is required, not float"))),
            ("ab% #2x|", V::Float(3.5257702653609953e-279), Err(("TypeError", "%x format: an integer is required, not float"))),
    ];

    struct OneArg(V);

    impl PercentSource for OneArg {
        type Error = Exc;
        fn lookup(&mut self, _: PercentKey<'_>) -> Result<(), Exc> {
            unreachable!()
        }
        fn get(&mut self, _: ArgRef, want: Want) -> Result<PercentArg, Exc> {
            let type_name = match self.0 {
                V::Int(_) => "int",
                V::Float(_) => "float",
                V::Str(_) => "str",
            };
            Ok(match (self.0, want) {
                (V::Int(v), Want::Str | Want::Repr | Want::Ascii) => PercentArg::Str(v.to_string()),
                (V::Int(v), _) => PercentArg::Int(v.parse().unwrap()),
                (V::Float(x), Want::Str | Want::Repr | Want::Ascii) => {
                    PercentArg::Str(super::super::float::float_repr(x))
                }
                (V::Float(x), Want::Int('d' | 'i' | 'u') | Want::Float(_)) => PercentArg::Float(x),
                (V::Str(s), Want::Str | Want::Char) => PercentArg::Str(s.to_string()),
                (V::Str(s), Want::Repr | Want::Ascii) => PercentArg::Str(format!("'{s}'")),
                _ => PercentArg::WrongType(type_name.to_string()),
            })
        }
    }

    #[test]
    fn cpython_one_arg_table() {
        for &(fmt, v, want) in CPYTHON_ONE_ARG {
            let want = want
                .map(str::to_string)
                .map_err(|(k, m)| Exc(k.to_string(), m.to_string()));
            assert_eq!(
                percent_format(fmt, PercentArgs::tuple(1), &mut OneArg(v)),
                want,
                "{fmt:?}"
            );
        }
    }

    /// Values for the bytes-formatting tests.
    #[derive(Clone, Debug)]
    enum B {
        I(i64),
        Huge,
        F(f64),
        /// A str (its ascii() is '\xe9').
        S,
        Y(&'static [u8]),
    }

    struct BytesSrc {
        items: Vec<B>,
        keyed: Option<B>,
    }

    impl PercentSource for BytesSrc {
        type Error = Exc;
        fn lookup(&mut self, key: PercentKey<'_>) -> Result<(), Exc> {
            assert_eq!(key, PercentKey::Bytes(b"a"));
            self.keyed = Some(B::Y(b"1"));
            Ok(())
        }
        fn get(&mut self, arg: ArgRef, want: Want) -> Result<PercentArg, Exc> {
            let obj = match arg {
                ArgRef::Index(i) => self.items[i].clone(),
                _ => self.keyed.clone().unwrap(),
            };
            let name = match obj {
                B::I(_) | B::Huge => "int",
                B::F(_) => "float",
                B::S => "str",
                B::Y(_) => "bytes",
            };
            let wrong = PercentArg::WrongType(name.to_string());
            Ok(match (obj, want) {
                (B::I(v), Want::Ascii) => PercentArg::Str(v.to_string()),
                (B::I(_) | B::Huge, Want::Bytes) => wrong,
                (B::I(v), _) => PercentArg::Int(v.into()),
                (B::Huge, _) => PercentArg::Int(BigInt::from(10).pow(400)),
                (B::F(x), Want::Float(_) | Want::Int('d' | 'i' | 'u')) => PercentArg::Float(x),
                (B::F(_), _) => wrong,
                (B::S, Want::Ascii) => PercentArg::Str("'\\xe9'".to_string()),
                (B::S, _) => wrong,
                (B::Y(y), Want::Bytes | Want::Char) => PercentArg::Bytes(y.to_vec()),
                (B::Y(y), Want::Ascii) => {
                    PercentArg::Str(format!("b'{}'", String::from_utf8_lossy(y)))
                }
                (B::Y(_), _) => wrong,
            })
        }
    }

    #[test]
    fn bytes_formatting() {
        // b'...' % args from CPython 3.11/3.13.
        let run = |fmt: &[u8], items: Vec<B>| {
            let mut src = BytesSrc { items, keyed: None };
            let args = PercentArgs::tuple(src.items.len());
            percent_format_bytes(fmt, args, &mut src)
        };
        let ok = |b: &[u8]| Ok(b.to_vec());
        let err = |k: &str, m: &str| Err(Exc(k.to_string(), m.to_string()));
        let b_req = |t: &str| {
            format!(
                "%b requires a bytes-like object, or an object that implements __bytes__, \
                 not '{t}'"
            )
        };
        let c_req = "%c requires an integer in range(256) or a single byte";
        use B::*;
        assert_eq!(run(b"%s", vec![S]), err("TypeError", &b_req("str")));
        assert_eq!(run(b"%b", vec![I(1)]), err("TypeError", &b_req("int")));
        assert_eq!(run(b"%s", vec![F(5.0)]), err("TypeError", &b_req("float")));
        assert_eq!(run(b"%s", vec![Y(b"ab")]), ok(b"ab"));
        assert_eq!(run(b"%5s|", vec![Y(b"ab")]), ok(b"   ab|"));
        assert_eq!(run(b"%-5b|", vec![Y(b"ab")]), ok(b"ab   |"));
        assert_eq!(run(b"%.1s", vec![Y(b"ab")]), ok(b"a"));
        assert_eq!(run(b"%r", vec![S]), ok(b"'\\xe9'"));
        assert_eq!(run(b"%.2r", vec![S]), ok(b"'\\"));
        assert_eq!(run(b"%a", vec![Y(b"x")]), ok(b"b'x'"));
        assert_eq!(
            run(b"%c", vec![I(256)]),
            err("OverflowError", "%c arg not in range(256)")
        );
        assert_eq!(
            run(b"%c", vec![I(-1)]),
            err("OverflowError", "%c arg not in range(256)")
        );
        assert_eq!(
            run(b"%c", vec![Huge]),
            err("OverflowError", "%c arg not in range(256)")
        );
        assert_eq!(run(b"%c", vec![Y(b"ab")]), err("TypeError", c_req));
        assert_eq!(run(b"%c", vec![S]), err("TypeError", c_req));
        assert_eq!(run(b"%c", vec![F(1.5)]), err("TypeError", c_req));
        assert_eq!(run(b"%c", vec![Y(b"z")]), ok(b"z"));
        assert_eq!(run(b"%c", vec![I(233)]), ok(b"\xe9"));
        assert_eq!(run(b"%-3c|", vec![I(65)]), ok(b"A  |"));
        assert_eq!(run(b"%05c", vec![I(65)]), ok(b"    A"));
        assert_eq!(
            run(b"%d", vec![S]),
            err("TypeError", "%d format: a real number is required, not str")
        );
        assert_eq!(
            run(b"%i", vec![Y(b"x")]),
            err(
                "TypeError",
                "%d format: a real number is required, not bytes"
            )
        );
        assert_eq!(
            run(b"%u", vec![Y(b"x")]),
            err(
                "TypeError",
                "%u format: a real number is required, not bytes"
            )
        );
        assert_eq!(
            run(b"%x", vec![F(1.5)]),
            err("TypeError", "%x format: an integer is required, not float")
        );
        assert_eq!(
            run(b"%f", vec![S]),
            err("TypeError", "float argument required, not str")
        );
        assert_eq!(
            run(b"%e", vec![Huge]),
            err("TypeError", "float argument required, not int")
        );
        assert_eq!(
            run(b"%q", vec![I(1)]),
            err(
                "ValueError",
                "unsupported format character 'q' (0x71) at index 1"
            )
        );
        assert_eq!(
            run(b"%\n", vec![I(1)]),
            err(
                "ValueError",
                "unsupported format character '\n' (0xa) at index 1"
            )
        );
        assert_eq!(
            run(b"%\xe9", vec![I(1)]),
            err("OverflowError", "character argument not in range(0x110000)")
        );
        assert_eq!(
            run(b"x", vec![I(1)]),
            err(
                "TypeError",
                "not all arguments converted during bytes formatting"
            )
        );
        assert_eq!(
            run(b"%#x %+05d %e %G", vec![I(255), I(3), F(1.5), F(1e-10)]),
            ok(b"0xff +0003 1.500000e+00 1E-10")
        );
        assert_eq!(run(b"%i %s%%", vec![F(1.5), Y(b"\xff")]), ok(b"1 \xff%"));
        let mut src = BytesSrc {
            items: vec![],
            keyed: None,
        };
        let got = percent_format_bytes(b"%(a)s", PercentArgs::single(true), &mut src);
        assert_eq!(got, ok(b"1"));
    }
}
