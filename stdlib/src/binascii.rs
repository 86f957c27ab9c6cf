//! `binascii`: conversions between binary data and ASCII encodings — hex, base64, uuencode,
//! quoted-printable — and the CRC-32 and CRC-CCITT (`crc_hqx`) checksums, with CPython's
//! argument rules (the `a2b_*` functions also take ASCII `str`) and its `binascii.Error`
//! (a `ValueError`) messages. `Incomplete` exists for compatibility; nothing raises it.
//!
//! Outputs are built in `Vec`s sized up front from the input length after a budget check
//! (`vm.reserve`), so a huge input fails with the memory-limit error rather than aborting.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;
use rupy_interp::builtins::args::{add_fn, bind};
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyDict, PyErr, PyResult, Value, Vm};

use crate::support::{ascii_or_buffer, buffer, check_positional, new_exception_class};

#[derive(Default)]
struct BinasciiState {
    error: RefCell<Option<Rc<Class>>>,
}

pub fn init(vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    let value_error = vm.exc(ExcKind::ValueError);
    let error = new_exception_class(vm, "binascii", "Error", &[value_error])?;
    let exception = vm.exc(ExcKind::Exception);
    let incomplete = new_exception_class(vm, "binascii", "Incomplete", &[exception])?;
    *vm.shared_state::<BinasciiState>().error.borrow_mut() = Some(error.clone());
    d.set_s("Error", Value::Class(error));
    d.set_s("Incomplete", Value::Class(incomplete));
    add_fn(d, "hexlify", hexlify);
    add_fn(d, "b2a_hex", hexlify);
    add_fn(d, "unhexlify", |vm, args, kw| {
        unhexlify(vm, "unhexlify", args, kw)
    });
    add_fn(d, "a2b_hex", |vm, args, kw| {
        unhexlify(vm, "a2b_hex", args, kw)
    });
    add_fn(d, "a2b_base64", a2b_base64);
    add_fn(d, "b2a_base64", b2a_base64);
    add_fn(d, "a2b_uu", a2b_uu);
    add_fn(d, "b2a_uu", b2a_uu);
    add_fn(d, "a2b_qp", a2b_qp);
    add_fn(d, "b2a_qp", b2a_qp);
    add_fn(d, "crc32", crc32);
    add_fn(d, "crc_hqx", crc_hqx);
    Ok(())
}

fn error(vm: &Vm, msg: impl Into<String>) -> PyErr {
    let cls = vm.shared_state::<BinasciiState>().error.borrow().clone();
    PyErr::lazy(cls.unwrap_or_else(|| vm.exc(ExcKind::ValueError)), msg)
}

fn bytes_value(v: Vec<u8>) -> Value {
    Value::Bytes(Rc::new(v))
}

/// A positional-only, keyword-free call with `min..=max` arguments.
fn positional(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: &KwArgs,
    min: usize,
    max: usize,
) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("binascii.{}() takes no keyword arguments", name)));
    }
    if min == 1 && max == 1 && args.len() != 1 {
        return Err(vm.type_error(format!(
            "binascii.{}() takes exactly one argument ({} given)",
            name,
            args.len()
        )));
    }
    check_positional(vm, name, args, min, max)
}

/// An `unsigned int` argument converted bitwise (CPython's `bitwise=True`): any int, taken
/// modulo 2**32.
fn u32_bitwise(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    let v = ops::to_index(vm, v)?;
    Ok(match v {
        Value::Int(i) => i as u32,
        Value::Bool(b) => b.get() as u32,
        Value::BigInt(b) => b.mod_floor(&BigInt::from(1u64 << 32)).to_u32().unwrap_or(0),
        _ => 0,
    })
}

/// A truth-value flag argument (CPython's `p` converter).
fn flag(vm: &mut Vm, v: Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => ops::truthy(vm, &v),
        None => Ok(default),
    }
}

// ---- hex ----

fn hexlify(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [data, sep, bps] = bind(vm, "hexlify", args, kw, ["data", "sep", "bytes_per_sep"], 1)?;
    let data = buffer(vm, &data.unwrap_or(Value::None))?;
    vm.reserve(data.len().saturating_mul(3))?;
    let Some(sep) = sep else {
        let mut out = Vec::with_capacity(data.len() * 2);
        push_hex(&mut out, &data);
        return Ok(bytes_value(out));
    };
    // CPython measures `sep` with len() first, then wants one ASCII character.
    let sep_byte = match rupy_interp::types::str::str_of(&sep) {
        Some(s) => {
            let mut it = s.as_str().chars();
            // CPython takes any character below 256 as the byte of that value.
            match (it.next(), it.next()) {
                (Some(c), None) if (c as u32) < 256 => c as u32 as u8,
                (Some(_), None) => return Err(vm.value_error("sep must be ASCII.")),
                _ => return Err(vm.value_error("sep must be length 1.")),
            }
        }
        None => match rupy_interp::types::bytes::bytes_of(&sep) {
            Some((b, _)) if b.len() == 1 => b[0],
            Some(_) => return Err(vm.value_error("sep must be length 1.")),
            None => {
                if ops::len(vm, &sep)? != 1 {
                    return Err(vm.value_error("sep must be length 1."));
                }
                return Err(vm.type_error("sep must be str or bytes."));
            }
        },
    };
    let bps = match bps {
        Some(v) => rupy_interp::types::str::ssize_arg(vm, &v)?,
        None => 1,
    };
    let mut out = Vec::with_capacity(data.len() * 3);
    if bps == 0 || data.is_empty() {
        push_hex(&mut out, &data);
        return Ok(bytes_value(out));
    }
    let n = bps.unsigned_abs().min(data.len() as u64) as usize;
    // Positive counts group from the right, negative from the left.
    let first = if bps > 0 { data.len() % n } else { 0 };
    let mut groups: Vec<&[u8]> = Vec::new();
    if first > 0 {
        groups.push(&data[..first]);
    }
    groups.extend(data[first..].chunks(n));
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push(sep_byte);
        }
        push_hex(&mut out, g);
    }
    Ok(bytes_value(out))
}

fn push_hex(out: &mut Vec<u8>, data: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in data {
        out.push(DIGITS[(b >> 4) as usize]);
        out.push(DIGITS[(b & 15) as usize]);
    }
}

fn hex_digit(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn unhexlify(vm: &mut Vm, name: &str, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    positional(vm, name, args, kw, 1, 1)?;
    let data = ascii_or_buffer(vm, &args[0])?;
    if data.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        match (hex_digit(pair[0]), hex_digit(pair[1])) {
            (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(bytes_value(out))
}

// ---- base64 ----

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn a2b_base64(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (data, strict) = one_positional_with_flag(vm, "a2b_base64", args, kw, "strict_mode")?;
    let data = ascii_or_buffer(vm, &data)?;
    let strict = flag(vm, strict, false)?;
    decode_base64(vm, &data, strict).map(bytes_value)
}

/// `name(data, /, *, flag=...)`: the data and the keyword flag if given.
fn one_positional_with_flag(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: &KwArgs,
    flag_name: &str,
) -> PyResult<(Value, Option<Value>)> {
    if args.len() != 1 {
        return Err(vm.type_error(format!(
            "{}() takes exactly 1 positional argument ({} given)",
            name,
            args.len()
        )));
    }
    let mut flag = None;
    for (k, v) in kw {
        if k.as_str() == flag_name {
            flag = Some(v.clone());
        } else {
            return Err(vm.type_error(format!(
                "{}() got an unexpected keyword argument '{}'",
                name,
                k.as_str()
            )));
        }
    }
    Ok((args[0].clone(), flag))
}

fn decode_base64(vm: &mut Vm, data: &[u8], strict: bool) -> PyResult<Vec<u8>> {
    if strict && data.first() == Some(&b'=') {
        return Err(error(vm, "Leading padding not allowed"));
    }
    let mut out = Vec::with_capacity(data.len().div_ceil(4) * 3);
    let mut quad_pos = 0;
    let mut left = 0u8;
    let mut pads = 0;
    let mut padding_started = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            if strict && quad_pos == 0 {
                return Err(error(vm, "Excess padding not allowed"));
            }
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    // The padding ends the data; strict mode refuses anything after it.
                    if strict && i + 1 < data.len() {
                        return Err(error(vm, "Excess data after padding"));
                    }
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push(left << 2 | v >> 4);
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push(left << 4 | v >> 2);
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push(left << 6 | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(error(
            vm,
            format!(
                "Invalid base64-encoded string: number of data characters ({}) cannot be 1 \
                 more than a multiple of 4",
                out.len() / 3 * 4 + 1
            ),
        )),
        _ => Err(error(vm, "Incorrect padding")),
    }
}

fn b2a_base64(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (data, newline) = one_positional_with_flag(vm, "b2a_base64", args, kw, "newline")?;
    let data = buffer(vm, &data)?;
    let newline = flag(vm, newline, true)?;
    vm.reserve(data.len() / 3 * 4 + 8)?;
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(B64[(n >> 18) as usize & 63]);
        out.push(B64[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63]
        } else {
            b'='
        });
    }
    if newline {
        out.push(b'\n');
    }
    Ok(bytes_value(out))
}

// ---- uuencode ----

fn a2b_uu(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    positional(vm, "a2b_uu", args, kw, 1, 1)?;
    let data = ascii_or_buffer(vm, &args[0])?;
    // An empty line reads as CPython's C string does: its terminating NUL gives length 32.
    let first = data.first().copied().unwrap_or(0);
    let mut bin_len = (first.wrapping_sub(b' ') & 0o77) as usize;
    let mut rest = data.get(1..).unwrap_or(&[]).iter().copied();
    let mut out = Vec::with_capacity(bin_len);
    let mut left = 0u32;
    let mut bits = 0u32;
    while bin_len > 0 {
        let c = match rest.next() {
            None | Some(b'\n' | b'\r') => 0,
            Some(c) => {
                // 64, not 63: some encoders write '`' for zero.
                if !(b' '..=b' ' + 64).contains(&c) {
                    return Err(error(vm, "Illegal char"));
                }
                (c - b' ') & 0o77
            }
        };
        left = (left << 6) | c as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((left >> bits) as u8);
            left &= (1 << bits) - 1;
            bin_len -= 1;
        }
    }
    for c in rest {
        if !matches!(c, b' ' | b'`' | b'\n' | b'\r') {
            return Err(error(vm, "Trailing garbage"));
        }
    }
    Ok(bytes_value(out))
}

fn b2a_uu(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let (data, backtick) = one_positional_with_flag(vm, "b2a_uu", args, kw, "backtick")?;
    let data = buffer(vm, &data)?;
    let backtick = flag(vm, backtick, false)?;
    if data.len() > 45 {
        return Err(error(vm, "At most 45 bytes at once"));
    }
    let enc = |c: u8| {
        if backtick && c == 0 { b'`' } else { c + b' ' }
    };
    let mut out = Vec::with_capacity(2 + data.len().div_ceil(3) * 4);
    out.push(enc(data.len() as u8));
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for shift in [18, 12, 6, 0] {
            out.push(enc(((n >> shift) & 63) as u8));
        }
    }
    out.push(b'\n');
    Ok(bytes_value(out))
}

// ---- quoted-printable ----

fn a2b_qp(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [data, header] = bind(vm, "a2b_qp", args, kw, ["data", "header"], 1)?;
    let data = ascii_or_buffer(vm, &data.unwrap_or(Value::None))?;
    let header = flag(vm, header, false)?;
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c == b'=' {
            i += 1;
            if i >= data.len() {
                break;
            }
            match data[i] {
                // A soft line break: skip to past the end of the line.
                b'\n' | b'\r' => {
                    while i < data.len() && data[i] != b'\n' {
                        i += 1;
                    }
                    if i < data.len() {
                        i += 1;
                    }
                }
                b'=' => {
                    out.push(b'=');
                    i += 1;
                }
                h if i + 1 < data.len()
                    && hex_digit(h).is_some()
                    && hex_digit(data[i + 1]).is_some() =>
                {
                    out.push(hex_digit(h).unwrap_or(0) << 4 | hex_digit(data[i + 1]).unwrap_or(0));
                    i += 2;
                }
                _ => out.push(b'='),
            }
        } else if header && c == b'_' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(bytes_value(out))
}

/// Longest encoded line before a soft line break.
const MAXLINESIZE: usize = 76;

fn b2a_qp(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [data, quotetabs, istext, header] = bind(
        vm,
        "b2a_qp",
        args,
        kw,
        ["data", "quotetabs", "istext", "header"],
        1,
    )?;
    let data = buffer(vm, &data.unwrap_or(Value::None))?;
    let quotetabs = flag(vm, quotetabs, false)?;
    let istext = flag(vm, istext, true)?;
    let header = flag(vm, header, false)?;
    vm.reserve(data.len().saturating_mul(3))?;
    // The line ends of the output follow the first line end of the input.
    let crlf = data
        .iter()
        .position(|&c| c == b'\n')
        .is_some_and(|p| p > 0 && data[p - 1] == b'\r');
    let mut out: Vec<u8> = Vec::with_capacity(data.len() * 3);
    let soft_break = |out: &mut Vec<u8>| {
        out.push(b'=');
        if crlf {
            out.push(b'\r');
        }
        out.push(b'\n');
    };
    let push_quoted = |out: &mut Vec<u8>, c: u8| {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        out.push(b'=');
        out.push(DIGITS[(c >> 4) as usize]);
        out.push(DIGITS[(c & 15) as usize]);
    };
    let n = data.len();
    let mut linelen = 0;
    let mut i = 0;
    while i < n {
        let c = data[i];
        let next = data.get(i + 1).copied();
        let quote = c > 126
            || c == b'='
            || (header && c == b'_')
            || (c == b'.' && linelen == 0 && matches!(next, None | Some(b'\n' | b'\r' | 0)))
            || (!istext && (c == b'\r' || c == b'\n'))
            || ((c == b'\t' || c == b' ') && i + 1 == n)
            || (c < 33 && c != b'\r' && c != b'\n' && (quotetabs || (c != b'\t' && c != b' ')));
        if quote {
            if linelen + 3 >= MAXLINESIZE {
                soft_break(&mut out);
                linelen = 0;
            }
            push_quoted(&mut out, c);
            i += 1;
            linelen += 3;
        } else if istext && (c == b'\n' || (c == b'\r' && next == Some(b'\n'))) {
            linelen = 0;
            // Whitespace before a line end would be lost in transit: quote it.
            if let Some(&last) = out.last()
                && (last == b' ' || last == b'\t')
            {
                out.pop();
                push_quoted(&mut out, last);
            }
            if crlf {
                out.push(b'\r');
            }
            out.push(b'\n');
            i += if c == b'\r' { 2 } else { 1 };
        } else {
            if i + 1 != n && next != Some(b'\n') && linelen + 1 >= MAXLINESIZE {
                soft_break(&mut out);
                linelen = 0;
            }
            linelen += 1;
            out.push(if header && c == b' ' { b'_' } else { c });
            i += 1;
        }
    }
    Ok(bytes_value(out))
}

// ---- checksums ----

fn crc32(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    positional(vm, "crc32", args, kw, 1, 2)?;
    let data = buffer(vm, &args[0])?;
    let start = match args.get(1) {
        Some(v) => u32_bitwise(vm, v)?,
        None => 0,
    };
    Ok(Value::Int(zlib_rs::crc32::crc32(start, &data) as i64))
}

/// CRC-CCITT (polynomial 0x1021, MSB first) one byte at a time.
const fn hqx_table() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u16) << 8;
        let mut k = 0;
        while k < 8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
            k += 1;
        }
        t[i] = crc;
        i += 1;
    }
    t
}

static HQX: [u16; 256] = hqx_table();

fn crc_hqx(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    positional(vm, "crc_hqx", args, kw, 2, 2)?;
    let data = buffer(vm, &args[0])?;
    let mut crc = u32_bitwise(vm, &args[1])? as u16;
    for &b in data.iter() {
        crc = (crc << 8) ^ HQX[((crc >> 8) as u8 ^ b) as usize];
    }
    Ok(Value::Int(crc as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hqx_known_value() {
        // CRC-16/XMODEM of "123456789" is 0x31C3.
        let mut crc = 0u16;
        for &b in b"123456789" {
            crc = (crc << 8) ^ HQX[((crc >> 8) as u8 ^ b) as usize];
        }
        assert_eq!(crc, 0x31c3);
    }

    #[test]
    fn base64_alphabet_inverts() {
        for (i, &c) in B64.iter().enumerate() {
            assert_eq!(b64_value(c), Some(i as u8));
        }
        assert_eq!(b64_value(b'='), None);
    }
}
