//! `str`: every method of the builtin string type as a native function (split/strip/find
//! families, case mapping with CPython's Unicode rules, `str.format` and `%` formatting,
//! translate/maketrans, the predicates), plus the free functions the VM calls: `repr_str`,
//! `ascii_of`, `char_value` and `percent_format`. Strings index by code point; the helpers
//! here convert code-point positions to byte offsets only where a method needs them.

use std::rc::Rc;

use num_bigint::BigInt;
use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::format::{
    ArgRef, ErrorKind, FormatError, PercentArg, PercentArgs, PercentKey, PercentSource, Want,
};
use rupy_objects::{KwArgs, Payload, PyErr, PyResult, PyStr, Truth, Value, Vm};

use crate::builtins::args::{add_method, arity, bind, native, no_kwargs};
use crate::ops;

include!("str_tables.rs");

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by the other builtin-type modules)
// ---------------------------------------------------------------------------------------------

/// The `str` inside a value: a `str` or an instance of a `str` subclass.
pub fn str_of(v: &Value) -> Option<Rc<PyStr>> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Instance(i) => match &i.payload {
            Payload::Value(p) => match &*p.borrow() {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The TypeError for a method descriptor applied to the wrong type.
pub fn descr_error(vm: &mut Vm, meth: &str, owner: &str, got: &Value) -> PyErr {
    let t = ops::type_name(vm, got);
    if meth.starts_with("__") && meth.ends_with("__") {
        vm.type_error(format!(
            "descriptor '{}' requires a '{}' object but received a '{}'",
            meth, owner, t
        ))
    } else {
        vm.type_error(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            meth, owner, t
        ))
    }
}

/// The TypeError for a method called through its type without a receiver.
pub fn unbound_error(vm: &mut Vm, meth: &str, owner: &str) -> PyErr {
    vm.type_error(format!(
        "unbound method {}.{}() needs an argument",
        owner, meth
    ))
}

/// An index-sized integer argument (`Py_ssize_t`): ints and `__index__` objects; OverflowError
/// beyond i64.
pub fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let r = match v {
        Value::Int(i) => return Ok(*i),
        Value::Bool(b) => return Ok(*b as i64),
        _ => ops::to_index(vm, v)?,
    };
    match r {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b as i64),
        _ => Err(vm.err(
            ExcKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// An optional slice bound for find/count/startswith: None, an int (clamped when huge) or an
/// `__index__` object.
pub fn slice_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(Value::BigInt(b)) => Ok(Some(if num_traits::Signed::is_negative(&**b) {
            i64::MIN / 4
        } else {
            i64::MAX / 4
        })),
        Some(other) => {
            let has_index = matches!(other, Value::Instance(_))
                && ops::lookup_special(vm, other, "__index__").is_some();
            if !has_index {
                return Err(vm.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                ));
            }
            match ops::to_index(vm, other)? {
                Value::Int(i) => Ok(Some(i)),
                Value::BigInt(b) => Ok(Some(if num_traits::Signed::is_negative(&*b) {
                    i64::MIN / 4
                } else {
                    i64::MAX / 4
                })),
                _ => Ok(None),
            }
        }
    }
}

/// CPython's ADJUST_INDICES: negative bounds count from the end, then clamp to [0, len].
pub fn adjust_indices(start: Option<i64>, end: Option<i64>, len: i64) -> (i64, i64) {
    let mut e = end.unwrap_or(len);
    if e > len {
        e = len;
    } else if e < 0 {
        e += len;
        if e < 0 {
            e = 0;
        }
    }
    let mut s = start.unwrap_or(0);
    if s < 0 {
        s += len;
        if s < 0 {
            s = 0;
        }
    }
    (s, e)
}

/// Python's `str.isspace()` for one character (bidirectional whitespace, not just White_Space).
pub fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\x0b'
            | '\x0c'
            | '\r'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let v = c as u32;
    let i = table.partition_point(|&(_, hi)| hi < v);
    i < table.len() && table[i].0 <= v
}

fn map_lookup(table: &'static [(u32, &'static str)], c: char) -> Option<&'static str> {
    let v = c as u32;
    table
        .binary_search_by_key(&v, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !in_table(NONPRINTABLE, c)
}
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(ALPHA, c)
    }
}
pub fn is_decimal(c: char) -> bool {
    rupy_objects::format::decimal_value(c).is_some()
}
pub fn is_digit(c: char) -> bool {
    is_decimal(c) || in_table(DIGIT_EXTRA, c)
}
pub fn is_numeric(c: char) -> bool {
    is_digit(c) || in_table(NUMERIC_EXTRA, c)
}
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_numeric(c)
}
fn is_cased(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(CASED, c)
    }
}
fn is_titlecase(c: char) -> bool {
    !c.is_ascii() && in_table(TITLECASE, c)
}
fn is_id_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        in_table(XID_START, c)
    }
}
fn is_id_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(XID_CONTINUE, c)
    }
}

fn push_title(out: &mut String, c: char) {
    match map_lookup(TITLE_EXTRA, c) {
        Some(t) => out.push_str(t),
        None => out.extend(c.to_uppercase()),
    }
}

/// A one-character `str`.
pub fn char_value(c: char) -> Value {
    let mut buf = [0u8; 4];
    Value::str(c.encode_utf8(&mut buf))
}

/// `repr()` of a string with CPython's quoting and escaping rules.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_ascii() => out.push(c),
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

fn push_escape(out: &mut String, c: char) {
    let v = c as u32;
    if v <= 0xff {
        out.push_str(&format!("\\x{:02x}", v));
    } else if v <= 0xffff {
        out.push_str(&format!("\\u{:04x}", v));
    } else {
        out.push_str(&format!("\\U{:08x}", v));
    }
}

/// `ascii()`: escape the non-ASCII characters of an already computed repr.
pub fn ascii_of(repr: &str) -> String {
    if repr.is_ascii() {
        return repr.to_owned();
    }
    let mut out = String::with_capacity(repr.len() + 8);
    for c in repr.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Argument helpers local to str
// ---------------------------------------------------------------------------------------------

fn recv(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Rc<PyStr>> {
    match args.first() {
        Some(v) => match str_of(v) {
            Some(s) => Ok(s),
            None => Err(descr_error(vm, name, "str", v)),
        },
        None => Err(unbound_error(vm, name, "str")),
    }
}

/// A method without arguments: "str.upper() takes no arguments (1 given)".
fn recv0(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<Rc<PyStr>> {
    let s = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("str.{}() takes no keyword arguments", name)));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "str.{}() takes no arguments ({} given)",
            name,
            args.len() - 1
        )));
    }
    Ok(s)
}

/// A method with exactly one positional argument.
fn recv1(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str) -> PyResult<(Rc<PyStr>, Value)> {
    let s = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("str.{}() takes no keyword arguments", name)));
    }
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "str.{}() takes exactly one argument ({} given)",
            name,
            args.len() - 1
        )));
    }
    Ok((s, args[1].clone()))
}

/// Positional-only arguments within [min, max]: "center expected at least 1 argument, got 0".
fn recv_n(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<Rc<PyStr>> {
    let s = recv(vm, args, name)?;
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("str.{}() takes no keyword arguments", name)));
    }
    arity(vm, name, &args[1..], min, max)?;
    Ok(s)
}

fn need_str(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Rc<PyStr>> {
    match str_of(v) {
        Some(s) => Ok(s),
        None => {
            let t = ops::type_name(vm, v);
            Err(vm.type_error(format!("{}must be str, not {}", what, t)))
        }
    }
}

fn new_str(s: String) -> Value {
    Value::string(s)
}

/// The same string object when unchanged (CPython returns `self` for exact str).
fn same_or(orig: &Rc<PyStr>, s: String) -> Value {
    if s.len() == orig.as_str().len() && s == orig.as_str() {
        Value::Str(orig.clone())
    } else {
        Value::string(s)
    }
}

/// Byte offset of code-point index `ci` (clamped).
fn byte_at(s: &PyStr, ci: i64) -> usize {
    let text = s.as_str();
    if ci <= 0 {
        return 0;
    }
    let ci = ci as usize;
    if s.is_ascii() {
        return ci.min(text.len());
    }
    text.char_indices()
        .nth(ci)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}

fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

// ---------------------------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------------------------

/// find/rfind core: code-point index of `sub` in s[start:end], or -1.
fn find_in(s: &PyStr, sub: &str, start: Option<i64>, end: Option<i64>, rev: bool) -> i64 {
    let len = s.char_len() as i64;
    let (a, e) = adjust_indices(start, end, len);
    if a > len || a > e {
        return -1;
    }
    let sublen = char_count(sub) as i64;
    if e - a < sublen {
        return -1;
    }
    let (ba, be) = (byte_at(s, a), byte_at(s, e));
    let hay = &s.as_str()[ba..be];
    let pos = if rev { hay.rfind(sub) } else { hay.find(sub) };
    match pos {
        Some(p) => a + char_count(&hay[..p]) as i64,
        None => -1,
    }
}

// The tuple is (haystack, needle, start, stop) and dies at the call site.
#[allow(clippy::type_complexity)]
fn find_args(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
) -> PyResult<(Rc<PyStr>, Rc<PyStr>, Option<i64>, Option<i64>)> {
    let s = recv_n(vm, args, kwargs, name, 1, 3)?;
    let sub = match str_of(&args[1]) {
        Some(x) => x,
        None => {
            let t = ops::type_name(vm, &args[1]);
            return Err(vm.type_error(format!("{}() argument 1 must be str, not {}", name, t)));
        }
    };
    let a = slice_arg(vm, args.get(2))?;
    let e = slice_arg(vm, args.get(3))?;
    Ok((s, sub, a, e))
}

fn str_find(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, sub, a, e) = find_args(vm, args, kwargs, "find")?;
    Ok(Value::Int(find_in(&s, sub.as_str(), a, e, false)))
}

fn str_rfind(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, sub, a, e) = find_args(vm, args, kwargs, "rfind")?;
    Ok(Value::Int(find_in(&s, sub.as_str(), a, e, true)))
}

fn str_index(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, sub, a, e) = find_args(vm, args, kwargs, "index")?;
    match find_in(&s, sub.as_str(), a, e, false) {
        -1 => Err(vm.value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn str_rindex(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, sub, a, e) = find_args(vm, args, kwargs, "rindex")?;
    match find_in(&s, sub.as_str(), a, e, true) {
        -1 => Err(vm.value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn str_count(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, sub, a, e) = find_args(vm, args, kwargs, "count")?;
    let len = s.char_len() as i64;
    let (a, e) = adjust_indices(a, e, len);
    if a > len || a > e {
        return Ok(Value::Int(0));
    }
    if sub.as_str().is_empty() {
        return Ok(Value::Int(e - a + 1));
    }
    let hay = &s.as_str()[byte_at(&s, a)..byte_at(&s, e)];
    Ok(Value::Int(hay.matches(sub.as_str()).count() as i64))
}

/// startswith/endswith core for one candidate.
fn tail_match(s: &PyStr, sub: &str, start: Option<i64>, end: Option<i64>, at_end: bool) -> bool {
    let len = s.char_len() as i64;
    let (a, e) = adjust_indices(start, end, len);
    let sublen = char_count(sub) as i64;
    if e - sublen < a || a > len {
        return false;
    }
    if sublen == 0 {
        return true;
    }
    let hay = &s.as_str()[byte_at(s, a)..byte_at(s, e)];
    if at_end {
        hay.ends_with(sub)
    } else {
        hay.starts_with(sub)
    }
}

fn starts_ends(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    at_end: bool,
) -> PyResult<Value> {
    let s = recv_n(vm, args, kwargs, name, 1, 3)?;
    let a = slice_arg(vm, args.get(2))?;
    let e = slice_arg(vm, args.get(3))?;
    match &args[1] {
        Value::Tuple(t) => {
            for item in t.iter() {
                match str_of(item) {
                    Some(p) => {
                        if tail_match(&s, p.as_str(), a, e, at_end) {
                            return Ok(Value::Bool(Truth::True));
                        }
                    }
                    None => {
                        let tn = ops::type_name(vm, item);
                        return Err(vm.type_error(format!(
                            "tuple for {} must only contain str, not {}",
                            name, tn
                        )));
                    }
                }
            }
            Ok(Value::Bool(Truth::False))
        }
        other => match str_of(other) {
            Some(p) => Ok(Value::bool(tail_match(&s, p.as_str(), a, e, at_end))),
            None => {
                let tn = ops::type_name(vm, other);
                Err(vm.type_error(format!(
                    "{} first arg must be str or a tuple of str, not {}",
                    name, tn
                )))
            }
        },
    }
}

fn str_startswith(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    starts_ends(vm, args, kwargs, "startswith", false)
}

fn str_endswith(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    starts_ends(vm, args, kwargs, "endswith", true)
}

// ---------------------------------------------------------------------------------------------
// Splitting and joining
// ---------------------------------------------------------------------------------------------

/// `str.split()` without a separator.
pub fn split_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    let mut remaining = maxsplit;
    loop {
        while let Some(&(_, c)) = it.peek() {
            if is_py_space(c) {
                it.next();
            } else {
                break;
            }
        }
        let Some(&(start, _)) = it.peek() else { break };
        if remaining == 0 {
            out.push(&s[start..]);
            break;
        }
        let mut end = s.len();
        while let Some(&(i, c)) = it.peek() {
            if is_py_space(c) {
                end = i;
                break;
            }
            it.next();
        }
        out.push(&s[start..end]);
        if remaining > 0 {
            remaining -= 1;
        }
    }
    out
}

/// `str.rsplit()` without a separator (result in left-to-right order).
pub fn rsplit_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut it = s.char_indices().rev().peekable();
    let mut remaining = maxsplit;
    loop {
        while let Some(&(_, c)) = it.peek() {
            if is_py_space(c) {
                it.next();
            } else {
                break;
            }
        }
        let Some(&(last, lc)) = it.peek() else { break };
        let end = last + lc.len_utf8();
        if remaining == 0 {
            out.push(&s[..end]);
            break;
        }
        let mut start = 0;
        while let Some(&(i, c)) = it.peek() {
            if is_py_space(c) {
                start = i + c.len_utf8();
                break;
            }
            it.next();
        }
        out.push(&s[start..end]);
        if remaining > 0 {
            remaining -= 1;
        }
    }
    out.reverse();
    out
}

fn split_common(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    rev: bool,
) -> PyResult<Value> {
    let s = recv(vm, args, name)?;
    let [sep, maxsplit] = if kwargs.is_empty() && args.len() <= 3 {
        [args.get(1).cloned(), args.get(2).cloned()]
    } else {
        bind(vm, name, &args[1..], kwargs, ["sep", "maxsplit"], 0)?
    };
    let maxsplit = match &maxsplit {
        Some(m) => ssize_arg(vm, m)?,
        None => -1,
    };
    let text = s.as_str();
    let parts: Vec<Value> = match sep {
        None | Some(Value::None) => {
            let v = if rev {
                rsplit_whitespace(text, maxsplit)
            } else {
                split_whitespace(text, maxsplit)
            };
            v.into_iter().map(Value::str).collect()
        }
        Some(sepv) => {
            let Some(sep) = str_of(&sepv) else {
                let t = ops::type_name(vm, &sepv);
                return Err(vm.type_error(format!("must be str or None, not {}", t)));
            };
            let sep = sep.as_str();
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            if maxsplit < 0 && sep.len() == 1 && !rev {
                let c = sep.as_bytes()[0] as char;
                return Ok(Value::list(text.split(c).map(Value::str).collect()));
            }
            if maxsplit < 0 {
                if rev {
                    let mut v: Vec<Value> = text.rsplit(sep).map(Value::str).collect();
                    v.reverse();
                    v
                } else {
                    text.split(sep).map(Value::str).collect()
                }
            } else {
                let n = (maxsplit as usize).saturating_add(1);
                if rev {
                    let mut v: Vec<Value> = text.rsplitn(n, sep).map(Value::str).collect();
                    v.reverse();
                    v
                } else {
                    text.splitn(n, sep).map(Value::str).collect()
                }
            }
        }
    };
    Ok(Value::list(parts))
}

fn str_split(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    split_common(vm, args, kwargs, "split", false)
}

fn str_rsplit(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    split_common(vm, args, kwargs, "rsplit", true)
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines(keepends)` as string slices.
pub fn split_lines(s: &str, keepends: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r'
                && let Some(&(_, '\n')) = it.peek()
            {
                it.next();
                end += 1;
            }
            out.push(if keepends {
                &s[start..end]
            } else {
                &s[start..i]
            });
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn str_splitlines(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "splitlines")?;
    let [keep] = bind(vm, "splitlines", &args[1..], kwargs, ["keepends"], 0)?;
    let keep = match keep {
        Some(k) => ops::truthy(vm, &k)?,
        None => false,
    };
    Ok(Value::list(
        split_lines(s.as_str(), keep)
            .into_iter()
            .map(Value::str)
            .collect(),
    ))
}

fn join_items(vm: &mut Vm, sep: &str, items: &[Value]) -> PyResult<String> {
    let mut cap = sep.len().saturating_mul(items.len().saturating_sub(1));
    for it in items {
        if let Value::Str(p) = it {
            cap = cap.saturating_add(p.as_str().len());
        }
    }
    vm.reserve(cap)?;
    let mut out = String::new();
    out.try_reserve_exact(cap)
        .map_err(|_| vm.no_room(rupy_objects::heap::NoRoom::Alloc))?;
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match it {
            Value::Str(p) => out.push_str(p.as_str()),
            other => match str_of(other) {
                Some(p) => out.push_str(p.as_str()),
                None => {
                    let t = ops::type_name(vm, other);
                    return Err(vm.type_error(format!(
                        "sequence item {}: expected str instance, {} found",
                        i, t
                    )));
                }
            },
        }
    }
    Ok(out)
}

fn str_join(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, iterable) = recv1(vm, args, kwargs, "join")?;
    let sep = s.as_str();
    // Joining runs no Python code, so the list may stay borrowed.
    let r = match &iterable {
        Value::List(l) => {
            let items = l.borrow();
            if items.len() == 1
                && let Value::Str(only) = &items[0]
            {
                return Ok(Value::Str(only.clone()));
            }
            join_items(vm, sep, &items)
        }
        Value::Tuple(t) => {
            if t.len() == 1
                && let Value::Str(only) = &t[0]
            {
                return Ok(Value::Str(only.clone()));
            }
            join_items(vm, sep, t)
        }
        other => {
            let it = match ops::get_iter(vm, other) {
                Ok(it) => it,
                Err(e) if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) => {
                    return Err(vm.type_error("can only join an iterable"));
                }
                Err(e) => return Err(e),
            };
            let items = ops::collect(vm, &it)?;
            join_items(vm, sep, &items)
        }
    };
    Ok(new_str(r?))
}

fn partition_common(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    rev: bool,
) -> PyResult<Value> {
    let (s, sepv) = recv1(vm, args, kwargs, name)?;
    let sep = need_str(vm, &sepv, "")?;
    if sep.as_str().is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let text = s.as_str();
    let found = if rev {
        text.rfind(sep.as_str())
    } else {
        text.find(sep.as_str())
    };
    Ok(Value::tuple(match found {
        Some(p) => vec![
            Value::str(&text[..p]),
            Value::Str(sep.clone()),
            Value::str(&text[p + sep.as_str().len()..]),
        ],
        None if rev => vec![Value::str(""), Value::str(""), Value::Str(s.clone())],
        None => vec![Value::Str(s.clone()), Value::str(""), Value::str("")],
    }))
}

fn str_partition(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    partition_common(vm, args, kwargs, "partition", false)
}

fn str_rpartition(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    partition_common(vm, args, kwargs, "rpartition", true)
}

// ---------------------------------------------------------------------------------------------
// Stripping, padding, replacing
// ---------------------------------------------------------------------------------------------

fn strip_common(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let s = recv_n(vm, args, kwargs, name, 0, 1)?;
    let text = s.as_str();
    let r = match args.get(1) {
        None | Some(Value::None) => {
            let mut t = text;
            if left {
                t = t.trim_start_matches(is_py_space);
            }
            if right {
                t = t.trim_end_matches(is_py_space);
            }
            t
        }
        Some(v) => {
            let Some(chars) = str_of(v) else {
                return Err(vm.type_error(format!("{} arg must be None or str", name)));
            };
            let set: Vec<char> = chars.as_str().chars().collect();
            let mut t = text;
            if left {
                t = t.trim_start_matches(|c| set.contains(&c));
            }
            if right {
                t = t.trim_end_matches(|c| set.contains(&c));
            }
            t
        }
    };
    if r.len() == text.len() {
        return Ok(Value::Str(s));
    }
    Ok(Value::str(r))
}

fn str_strip(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    strip_common(vm, args, kwargs, "strip", true, true)
}
fn str_lstrip(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    strip_common(vm, args, kwargs, "lstrip", true, false)
}
fn str_rstrip(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    strip_common(vm, args, kwargs, "rstrip", false, true)
}

fn fill_char(vm: &mut Vm, v: Option<&Value>) -> PyResult<char> {
    match v {
        None => Ok(' '),
        Some(v) => match str_of(v) {
            Some(f) => {
                let mut it = f.as_str().chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => Ok(c),
                    _ => {
                        Err(vm.type_error("The fill character must be exactly one character long"))
                    }
                }
            }
            None => {
                let t = ops::type_name(vm, v);
                Err(vm.type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    t
                )))
            }
        },
    }
}

fn pad(s: &Rc<PyStr>, left: usize, right: usize, fill: char) -> Value {
    let mut out = String::with_capacity(s.as_str().len() + (left + right) * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s.as_str());
    out.extend(std::iter::repeat_n(fill, right));
    Value::string(out)
}

fn justify(vm: &mut Vm, args: &[Value], kwargs: &KwArgs, name: &str, how: char) -> PyResult<Value> {
    let s = recv_n(vm, args, kwargs, name, 1, 2)?;
    let width = ssize_arg(vm, &args[1])?;
    let fill = fill_char(vm, args.get(2))?;
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(Value::Str(s));
    }
    let marg = (width - len) as usize;
    if marg > (1 << 32) {
        return Err(vm.err(ExcKind::MemoryError, ""));
    }
    Ok(match how {
        'l' => pad(&s, 0, marg, fill),
        'r' => pad(&s, marg, 0, fill),
        _ => {
            let left = marg / 2 + (marg & (width as usize) & 1);
            pad(&s, left, marg - left, fill)
        }
    })
}

fn str_center(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    justify(vm, args, kwargs, "center", 'c')
}
fn str_ljust(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    justify(vm, args, kwargs, "ljust", 'l')
}
fn str_rjust(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    justify(vm, args, kwargs, "rjust", 'r')
}

fn str_zfill(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, w) = recv1(vm, args, kwargs, "zfill")?;
    let width = ssize_arg(vm, &w)?;
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(Value::Str(s));
    }
    let fill = (width - len) as usize;
    let text = s.as_str();
    let mut out = String::with_capacity(text.len() + fill);
    let rest = match text.chars().next() {
        Some(c @ ('+' | '-')) => {
            out.push(c);
            &text[1..]
        }
        _ => text,
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(rest);
    Ok(Value::string(out))
}

fn str_expandtabs(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "expandtabs")?;
    if kwargs.len() > 1 {
        return Err(vm.type_error(format!(
            "expandtabs() takes at most 1 keyword argument ({} given)",
            kwargs.len()
        )));
    }
    let [ts] = bind(vm, "expandtabs", &args[1..], kwargs, ["tabsize"], 0)?;
    let tabsize = match ts {
        Some(t) => ssize_arg(vm, &t)?,
        None => 8,
    };
    let mut out = String::with_capacity(s.as_str().len());
    let mut col: i64 = 0;
    for c in s.as_str().chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - (col % tabsize);
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(same_or(&s, out))
}

fn str_replace(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "replace")?;
    if args.len() - 1 > 3 {
        return Err(vm.type_error(format!(
            "replace() takes at most 3 arguments ({} given)",
            args.len() - 1
        )));
    }
    if args.len() - 1 < 2 {
        return Err(vm.type_error(format!(
            "replace() takes at least 2 positional arguments ({} given)",
            args.len() - 1
        )));
    }
    let mut count_v = args.get(3).cloned();
    for (k, v) in kwargs {
        if k.as_str() == "count" && count_v.is_none() {
            count_v = Some(v.clone());
        } else if k.as_str() == "count" {
            return Err(
                vm.type_error("argument for replace() given by name ('count') and position (3)")
            );
        } else {
            return Err(vm.type_error(format!(
                "replace() got an unexpected keyword argument '{}'",
                k.as_str()
            )));
        }
    }
    let old = match str_of(&args[1]) {
        Some(o) => o,
        None => {
            let t = ops::type_name(vm, &args[1]);
            return Err(vm.type_error(format!("replace() argument 1 must be str, not {}", t)));
        }
    };
    let new = match str_of(&args[2]) {
        Some(o) => o,
        None => {
            let t = ops::type_name(vm, &args[2]);
            return Err(vm.type_error(format!("replace() argument 2 must be str, not {}", t)));
        }
    };
    let count = match &count_v {
        Some(c) => ssize_arg(vm, c)?,
        None => -1,
    };
    let text = s.as_str();
    if count == 0 || (!old.as_str().is_empty() && !text.contains(old.as_str())) {
        return Ok(Value::Str(s));
    }
    let r = if count < 0 {
        text.replace(old.as_str(), new.as_str())
    } else {
        text.replacen(old.as_str(), new.as_str(), count as usize)
    };
    Ok(new_str(r))
}

fn str_removeprefix(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, p) = recv1(vm, args, kwargs, "removeprefix")?;
    let Some(p) = str_of(&p) else {
        let t = ops::type_name(vm, &p);
        return Err(vm.type_error(format!("removeprefix() argument must be str, not {}", t)));
    };
    match s.as_str().strip_prefix(p.as_str()) {
        Some(r) if !p.as_str().is_empty() => Ok(Value::str(r)),
        _ => Ok(Value::Str(s)),
    }
}

fn str_removesuffix(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, p) = recv1(vm, args, kwargs, "removesuffix")?;
    let Some(p) = str_of(&p) else {
        let t = ops::type_name(vm, &p);
        return Err(vm.type_error(format!("removesuffix() argument must be str, not {}", t)));
    };
    match s.as_str().strip_suffix(p.as_str()) {
        Some(r) if !p.as_str().is_empty() => Ok(Value::str(r)),
        _ => Ok(Value::Str(s)),
    }
}

// ---------------------------------------------------------------------------------------------
// Case mapping
// ---------------------------------------------------------------------------------------------

fn str_upper(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "upper")?;
    let t = s.as_str();
    if t.is_ascii() {
        if !t.bytes().any(|b| b.is_ascii_lowercase()) {
            return Ok(Value::Str(s));
        }
        return Ok(new_str(t.to_ascii_uppercase()));
    }
    Ok(new_str(t.to_uppercase()))
}

fn str_lower(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "lower")?;
    let t = s.as_str();
    if t.is_ascii() {
        if !t.bytes().any(|b| b.is_ascii_uppercase()) {
            return Ok(Value::Str(s));
        }
        return Ok(new_str(t.to_ascii_lowercase()));
    }
    Ok(new_str(t.to_lowercase()))
}

fn casefold_str(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match map_lookup(CASEFOLD_EXTRA, c) {
            Some(m) => out.push_str(m),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn str_casefold(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "casefold")?;
    Ok(new_str(casefold_str(s.as_str())))
}

/// Lowercase one char inside a word, with the final-sigma rule of `str.lower`.
fn lower_in_context(chars: &[char], i: usize, out: &mut String) {
    let c = chars[i];
    if c == 'Σ' {
        // Final sigma: preceded by a cased letter and not followed by one (ignoring
        // case-ignorable characters).
        let before = chars[..i]
            .iter()
            .rev()
            .find(|c| !is_case_ignorable(**c))
            .is_some_and(|c| is_cased(*c));
        let after = chars[i + 1..]
            .iter()
            .find(|c| !is_case_ignorable(**c))
            .is_some_and(|c| is_cased(*c));
        out.push(if before && !after { 'ς' } else { 'σ' });
        return;
    }
    out.extend(c.to_lowercase());
}

fn is_case_ignorable(c: char) -> bool {
    matches!(
        c,
        '\'' | '.' | ':' | '^' | '`' | '\u{ad}' | '\u{b7}' | '\u{2019}'
    ) || (!c.is_ascii() && !is_cased(c) && !is_alnum(c) && !is_py_space(c) && is_mark(c))
}

fn is_mark(c: char) -> bool {
    let v = c as u32;
    (0x300..=0x36f).contains(&v)
        || (0x483..=0x489).contains(&v)
        || (0x591..=0x5bd).contains(&v)
        || (0x1ab0..=0x1aff).contains(&v)
        || (0x1dc0..=0x1dff).contains(&v)
        || (0x20d0..=0x20ff).contains(&v)
        || (0xfe20..=0xfe2f).contains(&v)
}

fn str_title(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "title")?;
    if s.is_ascii() {
        let mut out = String::with_capacity(s.as_str().len());
        let mut prev_cased = false;
        for b in s.as_str().bytes() {
            out.push(if prev_cased {
                b.to_ascii_lowercase()
            } else {
                b.to_ascii_uppercase()
            } as char);
            prev_cased = b.is_ascii_alphabetic();
        }
        return Ok(same_or(&s, out));
    }
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = String::with_capacity(s.as_str().len());
    let mut prev_cased = false;
    for i in 0..chars.len() {
        let c = chars[i];
        if prev_cased {
            lower_in_context(&chars, i, &mut out);
        } else {
            push_title(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    Ok(new_str(out))
}

fn str_capitalize(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "capitalize")?;
    if s.is_ascii() {
        let t = s.as_str();
        let mut out = String::with_capacity(t.len());
        for (i, b) in t.bytes().enumerate() {
            out.push(if i == 0 {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            } as char);
        }
        return Ok(same_or(&s, out));
    }
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = String::with_capacity(s.as_str().len());
    for i in 0..chars.len() {
        if i == 0 {
            push_title(&mut out, chars[0]);
        } else {
            lower_in_context(&chars, i, &mut out);
        }
    }
    Ok(new_str(out))
}

fn str_swapcase(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "swapcase")?;
    if s.is_ascii() {
        let out: String = s
            .as_str()
            .bytes()
            .map(|b| if b.is_ascii_uppercase() { b.to_ascii_lowercase() } else { b.to_ascii_uppercase() } as char)
            .collect();
        return Ok(new_str(out));
    }
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = String::with_capacity(s.as_str().len());
    for i in 0..chars.len() {
        let c = chars[i];
        if c.is_uppercase() {
            lower_in_context(&chars, i, &mut out);
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    Ok(new_str(out))
}

// ---------------------------------------------------------------------------------------------
// Predicates
// ---------------------------------------------------------------------------------------------

fn all_chars(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &KwArgs,
    name: &str,
    f: fn(char) -> bool,
) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, name)?;
    let t = s.as_str();
    Ok(Value::bool(!t.is_empty() && t.chars().all(f)))
}

fn str_isalpha(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    all_chars(vm, args, kwargs, "isalpha", is_alpha)
}
fn str_isalnum(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    all_chars(vm, args, kwargs, "isalnum", is_alnum)
}
fn str_isdigit(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    all_chars(vm, args, kwargs, "isdigit", is_digit)
}
fn str_isdecimal(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    all_chars(vm, args, kwargs, "isdecimal", is_decimal)
}
fn str_isnumeric(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    all_chars(vm, args, kwargs, "isnumeric", is_numeric)
}
fn str_isspace(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    all_chars(vm, args, kwargs, "isspace", is_py_space)
}

fn str_isprintable(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "isprintable")?;
    Ok(Value::bool(s.as_str().chars().all(is_printable)))
}

fn str_isascii(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "isascii")?;
    Ok(Value::bool(s.is_ascii()))
}

fn str_isidentifier(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "isidentifier")?;
    Ok(Value::bool(is_identifier(s.as_str())))
}

/// `str.isidentifier()`.
pub fn is_identifier(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some(c) if is_id_start(c) => it.all(is_id_continue),
        _ => false,
    }
}

fn str_islower(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "islower")?;
    let mut cased = false;
    for c in s.as_str().chars() {
        if c.is_uppercase() || is_titlecase(c) {
            return Ok(Value::Bool(Truth::False));
        }
        if c.is_lowercase() {
            cased = true;
        }
    }
    Ok(Value::bool(cased))
}

fn str_isupper(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "isupper")?;
    let mut cased = false;
    for c in s.as_str().chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return Ok(Value::Bool(Truth::False));
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    Ok(Value::bool(cased))
}

fn str_istitle(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv0(vm, args, kwargs, "istitle")?;
    let mut cased = false;
    let mut prev_cased = false;
    for c in s.as_str().chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if prev_cased {
                return Ok(Value::Bool(Truth::False));
            }
            prev_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return Ok(Value::Bool(Truth::False));
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::bool(cased))
}

// ---------------------------------------------------------------------------------------------
// translate / maketrans / encode
// ---------------------------------------------------------------------------------------------

fn str_translate(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, table) = recv1(vm, args, kwargs, "translate")?;
    let mut out = String::with_capacity(s.as_str().len());
    let lookup_err = vm.exc(ExcKind::LookupError);
    for c in s.as_str().chars() {
        let key = Value::Int(c as i64);
        let r = match &table {
            Value::Dict(d) => {
                let h = rupy_objects::int::hash_i64(c as i64);
                d.get(h, &key, &mut |a, b| ops::eq(vm, a, b))?
            }
            _ => match ops::getitem(vm, &table, &key) {
                Ok(v) => Some(v),
                Err(e) if e.class().is_subclass(&lookup_err) => None,
                Err(e) => return Err(e),
            },
        };
        match r {
            None => out.push(c),
            Some(Value::None) => {}
            Some(v) => {
                if let Some(m) = str_of(&v) {
                    out.push_str(m.as_str());
                } else if rupy_objects::int::is_int(&v) {
                    let n = match v {
                        Value::Int(i) => i,
                        Value::Bool(b) => b as i64,
                        _ => -1,
                    };
                    match u32::try_from(n).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => {
                            return Err(
                                vm.value_error("character mapping must be in range(0x110000)")
                            );
                        }
                    }
                } else {
                    return Err(vm.type_error("character mapping must return integer, None or str"));
                }
            }
        }
    }
    Ok(same_or(&s, out))
}

fn str_maketrans(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    no_kwargs(vm, "maketrans", kwargs)?;
    arity(vm, "maketrans", args, 1, 3)?;
    let d = rupy_objects::PyDict::new();
    let put = |vm: &mut Vm, d: &rupy_objects::PyDict, k: i64, v: Value| -> PyResult<()> {
        let key = Value::Int(k);
        d.insert(rupy_objects::int::hash_i64(k), key, v, &mut |a, b| {
            ops::eq(vm, a, b)
        })
    };
    if args.len() == 1 {
        let Value::Dict(src) = &args[0] else {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        };
        for (k, v) in src.entries() {
            if let Some(ks) = str_of(&k) {
                let mut it = ks.as_str().chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => put(vm, &d, c as i64, v)?,
                    _ => {
                        return Err(
                            vm.value_error("string keys in translate table must be of length 1")
                        );
                    }
                }
            } else if rupy_objects::int::is_int(&k) {
                let h = ops::hash(vm, &k)?;
                d.insert(h, k, v, &mut |a, b| ops::eq(vm, a, b))?;
            } else {
                return Err(vm.type_error("keys in translate table must be strings or integers"));
            }
        }
        return Ok(Value::new_dict(d));
    }
    let Some(x) = str_of(&args[0]) else {
        return Err(vm.type_error(
            "first maketrans argument must be a string if there is a second argument",
        ));
    };
    let Some(y) = str_of(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("maketrans() argument 2 must be str, not {}", t)));
    };
    let z = match args.get(2) {
        Some(zv) => match str_of(zv) {
            Some(z) => Some(z),
            None => {
                let t = ops::type_name(vm, zv);
                return Err(vm.type_error(format!("maketrans() argument 3 must be str, not {}", t)));
            }
        },
        None => None,
    };
    if x.char_len() != y.char_len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    for (a, b) in x.as_str().chars().zip(y.as_str().chars()) {
        put(vm, &d, a as i64, Value::Int(b as i64))?;
    }
    if let Some(z) = z {
        for c in z.as_str().chars() {
            put(vm, &d, c as i64, Value::None)?;
        }
    }
    Ok(Value::new_dict(d))
}

fn str_encode(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "encode")?;
    let [enc, errors] = bind(vm, "encode", &args[1..], kwargs, ["encoding", "errors"], 0)?;
    let enc = match enc {
        Some(e) => match str_of(&e) {
            Some(x) => x.as_str().to_owned(),
            None => {
                let t = ops::type_name(vm, &e);
                return Err(vm.type_error(format!(
                    "encode() argument 'encoding' must be str, not {}",
                    t
                )));
            }
        },
        None => "utf-8".to_owned(),
    };
    let errors = match errors {
        Some(e) => match str_of(&e) {
            Some(x) => x.as_str().to_owned(),
            None => {
                let t = ops::type_name(vm, &e);
                return Err(
                    vm.type_error(format!("encode() argument 'errors' must be str, not {}", t))
                );
            }
        },
        None => "strict".to_owned(),
    };
    let b = crate::types::bytes::encode_str(vm, s.as_str(), &enc, &errors)?;
    Ok(Value::Bytes(Rc::new(b)))
}

// ---------------------------------------------------------------------------------------------
// str.format
// ---------------------------------------------------------------------------------------------

/// How `{}` fields of one format string are numbered (CPython forbids mixing the two).
enum Numbering {
    Unset,
    Auto(usize),
    Manual,
}

enum Kw<'a> {
    Pairs(&'a KwArgs),
    Map(Value),
}

struct Fmt<'a> {
    args: &'a [Value],
    kw: Kw<'a>,
    auto: Numbering,
}

fn parse_decimal(vm: &mut Vm, s: &[char]) -> PyResult<Option<usize>> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: usize = 0;
    for &c in s {
        let Some(d) = rupy_objects::format::decimal_value(c) else {
            return Ok(None);
        };
        acc = match acc.checked_mul(10).and_then(|a| a.checked_add(d as usize)) {
            Some(a) if a <= i64::MAX as usize => a,
            _ => return Err(vm.value_error("Too many decimal digits in format string")),
        };
    }
    Ok(Some(acc))
}

fn positional(vm: &mut Vm, f: &mut Fmt<'_>, idx: usize) -> PyResult<Value> {
    if let Kw::Map(_) = f.kw {
        return Err(vm.value_error("Format string contains positional fields"));
    }
    match f.args.get(idx) {
        Some(v) => Ok(v.clone()),
        None => Err(vm.err(
            ExcKind::IndexError,
            format!(
                "Replacement index {} out of range for positional args tuple",
                idx
            ),
        )),
    }
}

fn get_field(vm: &mut Vm, f: &mut Fmt<'_>, name: &[char]) -> PyResult<Value> {
    let first_end = name
        .iter()
        .position(|c| *c == '.' || *c == '[')
        .unwrap_or(name.len());
    let first = &name[..first_end];
    let mut obj = if first.is_empty() {
        let n = match f.auto {
            Numbering::Manual => {
                return Err(vm.value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            Numbering::Unset => 0,
            Numbering::Auto(n) => n,
        };
        f.auto = Numbering::Auto(n + 1);
        positional(vm, f, n)?
    } else if let Some(idx) = parse_decimal(vm, first)? {
        if let Numbering::Auto(_) = f.auto {
            return Err(vm.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        f.auto = Numbering::Manual;
        positional(vm, f, idx)?
    } else {
        let key: String = first.iter().collect();
        match &f.kw {
            Kw::Pairs(kw) => match kw.iter().find(|(k, _)| k.as_str() == key) {
                Some((_, v)) => v.clone(),
                None => return Err(crate::exceptions::key_error(vm, Value::string(key))),
            },
            Kw::Map(m) => {
                let m = m.clone();
                ops::getitem(vm, &m, &Value::string(key))?
            }
        }
    };
    let mut i = first_end;
    while i < name.len() {
        match name[i] {
            '.' => {
                i += 1;
                let st = i;
                while i < name.len() && name[i] != '.' && name[i] != '[' {
                    i += 1;
                }
                if i == st {
                    return Err(vm.value_error("Empty attribute in format string"));
                }
                let attr: String = name[st..i].iter().collect();
                let attr = vm.intern(&attr);
                obj = ops::getattr(vm, &obj, &attr)?;
            }
            '[' => {
                i += 1;
                let st = i;
                while i < name.len() && name[i] != ']' {
                    i += 1;
                }
                if i >= name.len() {
                    return Err(vm.value_error("Missing ']' in format string"));
                }
                if i == st {
                    return Err(vm.value_error("Empty attribute in format string"));
                }
                let key_chars = &name[st..i];
                let key = match parse_decimal(vm, key_chars)? {
                    Some(n) => Value::Int(n as i64),
                    None => Value::string(key_chars.iter().collect()),
                };
                obj = ops::getitem(vm, &obj, &key)?;
                i += 1;
                if i < name.len() && name[i] != '.' && name[i] != '[' {
                    return Err(
                        vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                    );
                }
            }
            _ => {
                return Err(
                    vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                );
            }
        }
    }
    Ok(obj)
}

fn vformat(vm: &mut Vm, f: &mut Fmt<'_>, fmt: &[char], depth: i32) -> PyResult<String> {
    if depth <= 0 {
        return Err(vm.value_error("Max string recursion exceeded"));
    }
    let n = fmt.len();
    let mut out = String::with_capacity(n + 16);
    let mut i = 0;
    while i < n {
        let c = fmt[i];
        if c == '}' {
            if i + 1 < n && fmt[i + 1] == '}' {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.value_error("Single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if i + 1 < n && fmt[i + 1] == '{' {
            out.push('{');
            i += 2;
            continue;
        }
        if i + 1 >= n {
            return Err(vm.value_error("Single '{' encountered in format string"));
        }
        // A replacement field.
        let name_start = i + 1;
        let mut j = name_start;
        loop {
            if j >= n {
                return Err(vm.value_error("expected '}' before end of string"));
            }
            match fmt[j] {
                '[' => {
                    while j < n && fmt[j] != ']' {
                        j += 1;
                    }
                    if j >= n {
                        return Err(vm.value_error("expected '}' before end of string"));
                    }
                    j += 1;
                }
                '{' => return Err(vm.value_error("unexpected '{' in field name")),
                ':' | '!' | '}' => break,
                _ => j += 1,
            }
        }
        let name_end = j;
        let mut conv = None;
        if fmt[j] == '!' {
            j += 1;
            if j >= n {
                return Err(vm.value_error("end of string while looking for conversion specifier"));
            }
            conv = Some(fmt[j]);
            j += 1;
            if j >= n {
                return Err(vm.value_error("unmatched '{' in format spec"));
            }
            if fmt[j] != ':' && fmt[j] != '}' {
                return Err(vm.value_error("expected ':' after conversion specifier"));
            }
        }
        let mut spec: &[char] = &[];
        let mut spec_nested = false;
        if fmt[j] == ':' {
            j += 1;
            let st = j;
            let mut count = 1;
            loop {
                if j >= n {
                    return Err(vm.value_error("unmatched '{' in format spec"));
                }
                match fmt[j] {
                    '{' => {
                        spec_nested = true;
                        count += 1;
                    }
                    '}' => {
                        count -= 1;
                        if count == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            spec = &fmt[st..j];
        }
        // fmt[j] == '}'
        i = j + 1;
        let obj = get_field(vm, f, &fmt[name_start..name_end])?;
        let obj = match conv {
            None => obj,
            Some('r') => Value::Str(ops::repr(vm, &obj)?),
            Some('s') => Value::Str(ops::to_str(vm, &obj)?),
            Some('a') => Value::string(ascii_of(&ops::repr_string(vm, &obj)?)),
            Some(other) => {
                let shown = if (33..127).contains(&(other as u32)) {
                    other.to_string()
                } else {
                    format!("\\x{:x}", other as u32)
                };
                return Err(vm.value_error(format!("Unknown conversion specifier {}", shown)));
            }
        };
        let spec_s: String = if spec_nested {
            vformat(vm, f, spec, depth - 1)?
        } else {
            spec.iter().collect()
        };
        if spec_s.is_empty()
            && let Value::Str(s) = &obj
        {
            out.push_str(s.as_str());
            continue;
        }
        let r = crate::builtins::format_value(vm, &obj, &spec_s)?;
        match &r {
            Value::Str(s) => out.push_str(s.as_str()),
            other => out.push_str(&ops::str_string(vm, other)?),
        }
    }
    Ok(out)
}

/// `fmt.format(*args, **kwargs)`.
pub fn str_format_impl(
    vm: &mut Vm,
    fmt: &str,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<String> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut f = Fmt {
        args,
        kw: Kw::Pairs(kwargs),
        auto: Numbering::Unset,
    };
    vformat(vm, &mut f, &chars, 2)
}

fn str_format(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "format")?;
    let r = str_format_impl(vm, s.as_str(), &args[1..], kwargs)?;
    Ok(Value::string(r))
}

fn str_format_map(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let (s, m) = recv1(vm, args, kwargs, "format_map")?;
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut f = Fmt {
        args: &[],
        kw: Kw::Map(m),
        auto: Numbering::Unset,
    };
    Ok(Value::string(vformat(vm, &mut f, &chars, 2)?))
}

fn str_dunder_format(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let s = recv(vm, args, "__format__")?;
    no_kwargs(vm, "__format__", kwargs)?;
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "__format__() takes exactly one argument ({} given)",
            args.len() - 1
        )));
    }
    let Some(spec) = str_of(&args[1]) else {
        let t = ops::type_name(vm, &args[1]);
        return Err(vm.type_error(format!("__format__() argument must be str, not {}", t)));
    };
    if spec.as_str().is_empty() {
        if matches!(args[0], Value::Str(_)) {
            return Ok(Value::Str(s));
        }
        return Ok(Value::Str(ops::to_str(vm, &args[0])?));
    }
    match rupy_objects::format::format_str(s.as_str(), spec.as_str()) {
        Ok(r) => Ok(Value::string(r)),
        Err(msg) => Err(vm.value_error(msg)),
    }
}

// ---------------------------------------------------------------------------------------------
// % formatting
// ---------------------------------------------------------------------------------------------

enum PctErr {
    Py(PyErr),
    Fmt(FormatError),
}

impl From<FormatError> for PctErr {
    fn from(e: FormatError) -> Self {
        PctErr::Fmt(e)
    }
}

struct Pct<'a> {
    vm: &'a mut Vm,
    whole: Value,
    items: Vec<Value>,
    keyed: Value,
    /// bytes % args (else str % args).
    bytes_mode: bool,
}

fn to_big(v: &Value) -> Option<BigInt> {
    rupy_objects::int::to_bigint(v)
}

impl Pct<'_> {
    fn arg(&self, a: ArgRef) -> Value {
        match a {
            ArgRef::Index(i) => self.items.get(i).cloned().unwrap_or(Value::None),
            ArgRef::Whole => self.whole.clone(),
            ArgRef::Keyed => self.keyed.clone(),
        }
    }

    fn convert(&mut self, v: Value, want: Want) -> PyResult<PercentArg> {
        let vm = &mut *self.vm;
        let v = match crate::types::unwrap_builtin(&v) {
            Some(inner @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_))) => {
                if matches!(want, Want::Str | Want::Repr | Want::Ascii) {
                    v
                } else {
                    inner
                }
            }
            _ => v,
        };
        Ok(match want {
            Want::Star => match to_big(&v) {
                // A width or precision this large cannot be allocated: MemoryError, as CPython
                // ends up raising, instead of an allocation failure that aborts the process.
                Some(b)
                    if num_traits::Signed::abs(&b)
                        > num_bigint::BigInt::from(crate::builtins::MAX_FORMAT_WIDTH) =>
                {
                    return Err(vm.err(rupy_objects::exc_kinds::ExcKind::MemoryError, ""));
                }
                Some(b) => PercentArg::Int(b),
                None => PercentArg::WrongType(ops::type_name(vm, &v)),
            },
            Want::Int(conv) => {
                if let Some(b) = to_big(&v) {
                    return Ok(PercentArg::Int(b));
                }
                if let Value::Float(x) = v {
                    return Ok(if matches!(conv, 'o' | 'x' | 'X') {
                        PercentArg::WrongType("float".into())
                    } else {
                        PercentArg::Float(x.get())
                    });
                }
                if matches!(v, Value::Instance(_) | Value::Opaque(_)) {
                    let names: &[&str] = if matches!(conv, 'o' | 'x' | 'X') {
                        &["__index__"]
                    } else {
                        &["__int__", "__index__"]
                    };
                    for n in names {
                        if let Some(r) = ops::call_special(vm, &v, n, &[])? {
                            if let Some(b) = to_big(&r) {
                                return Ok(PercentArg::Int(b));
                            }
                            let t = ops::type_name(vm, &r);
                            return Err(
                                vm.type_error(format!("{} returned non-int (type {})", n, t))
                            );
                        }
                    }
                }
                PercentArg::WrongType(ops::type_name(vm, &v))
            }
            Want::Float(_) => {
                if let Some(b) = to_big(&v) {
                    return Ok(PercentArg::Int(b));
                }
                if let Value::Float(x) = v {
                    return Ok(PercentArg::Float(x.get()));
                }
                if matches!(v, Value::Instance(_) | Value::Opaque(_))
                    && (ops::lookup_special(vm, &v, "__float__").is_some()
                        || ops::lookup_special(vm, &v, "__index__").is_some())
                {
                    match ops::to_f64(vm, &v) {
                        Ok(x) => return Ok(PercentArg::Float(x)),
                        Err(_) if self.bytes_mode => {}
                        Err(e) => return Err(e),
                    }
                }
                PercentArg::WrongType(ops::type_name(vm, &v))
            }
            Want::Char => {
                if let Some(b) = to_big(&v) {
                    return Ok(PercentArg::Int(b));
                }
                if self.bytes_mode {
                    match &v {
                        Value::Bytes(b) => return Ok(PercentArg::Bytes((**b).clone())),
                        Value::ByteArray(b) => return Ok(PercentArg::Bytes(b.borrow().clone())),
                        _ => {}
                    }
                } else if let Some(s) = str_of(&v) {
                    return Ok(PercentArg::Str(s.as_str().to_owned()));
                }
                if matches!(v, Value::Instance(_))
                    && ops::lookup_special(vm, &v, "__index__").is_some()
                {
                    let r = ops::to_index(vm, &v)?;
                    if let Some(b) = to_big(&r) {
                        return Ok(PercentArg::Int(b));
                    }
                }
                PercentArg::WrongType(ops::type_name(vm, &v))
            }
            Want::Str => PercentArg::Str(ops::str_string(vm, &v)?),
            Want::Repr => PercentArg::Str(ops::repr_string(vm, &v)?),
            Want::Ascii => PercentArg::Str(ascii_of(&ops::repr_string(vm, &v)?)),
            Want::Bytes => match &v {
                Value::Bytes(b) => PercentArg::Bytes((**b).clone()),
                Value::ByteArray(b) => PercentArg::Bytes(b.borrow().clone()),
                _ => {
                    if let Some(r) = ops::call_special(vm, &v, "__bytes__", &[])? {
                        match r {
                            Value::Bytes(b) => return Ok(PercentArg::Bytes((*b).clone())),
                            other => {
                                let t = ops::type_name(vm, &other);
                                return Err(vm.type_error(format!(
                                    "__bytes__ returned non-bytes (type {})",
                                    t
                                )));
                            }
                        }
                    }
                    PercentArg::WrongType(ops::type_name(vm, &v))
                }
            },
        })
    }
}

impl PercentSource for Pct<'_> {
    type Error = PctErr;

    fn lookup(&mut self, key: PercentKey<'_>) -> Result<(), PctErr> {
        let whole = self.whole.clone();
        let key = match key {
            PercentKey::Str(s) => Value::str(s),
            PercentKey::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
        };
        self.keyed = ops::getitem(self.vm, &whole, &key).map_err(PctErr::Py)?;
        Ok(())
    }

    fn get(&mut self, arg: ArgRef, want: Want) -> Result<PercentArg, PctErr> {
        let v = self.arg(arg);
        self.convert(v, want).map_err(PctErr::Py)
    }
}

/// Turn an error of the format module into a Python exception.
pub fn format_error(vm: &mut Vm, e: FormatError) -> PyErr {
    let k = match e.kind {
        ErrorKind::ValueError => ExcKind::ValueError,
        ErrorKind::TypeError => ExcKind::TypeError,
        ErrorKind::OverflowError => ExcKind::OverflowError,
    };
    vm.err(k, e.msg)
}

fn percent_shape(vm: &mut Vm, args: &Value, bytes_mode: bool) -> (Vec<Value>, PercentArgs) {
    let inner = crate::types::unwrap_builtin(args);
    match (args, &inner) {
        (Value::Tuple(t), _) | (_, Some(Value::Tuple(t))) => {
            ((**t).clone(), PercentArgs::tuple(t.len()))
        }
        (Value::Str(_), _) | (_, Some(Value::Str(_))) => (Vec::new(), PercentArgs::single(false)),
        (Value::Bytes(_) | Value::ByteArray(_), _) if bytes_mode => {
            (Vec::new(), PercentArgs::single(false))
        }
        (
            Value::Dict(_)
            | Value::List(_)
            | Value::Bytes(_)
            | Value::ByteArray(_)
            | Value::Range(_),
            _,
        ) => (Vec::new(), PercentArgs::single(true)),
        (Value::Instance(_) | Value::Opaque(_), _) => {
            let m = ops::lookup_special(vm, args, "__getitem__").is_some() || inner.is_some();
            (Vec::new(), PercentArgs::single(m))
        }
        _ => (Vec::new(), PercentArgs::single(false)),
    }
}

/// `fmt % args` when every directive is a bare `%s`, `%d`/`%i` (of an exact int) or `%r` and the
/// arguments are a tuple of matching length (or one plain value): no flags, widths or keys.
fn percent_fast(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<Option<String>> {
    let single = [args.clone()];
    let items: &[Value] = match args {
        Value::Tuple(t) => t,
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::None | Value::Bool(_) => &single,
        _ => return Ok(None),
    };
    let bytes = fmt.as_bytes();
    // Validate first so that no conversion (which may run Python code) happens twice.
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            match bytes.get(i + 1) {
                Some(b'%') => {}
                Some(b's' | b'r') => n += 1,
                Some(b'd' | b'i') => {
                    if !matches!(items.get(n), Some(Value::Int(_))) {
                        return Ok(None);
                    }
                    n += 1;
                }
                _ => return Ok(None),
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    if n != items.len() {
        return Ok(None);
    }
    let mut out = String::with_capacity(fmt.len() + 16 * n);
    let mut k = 0;
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push_str(&fmt[last..i]);
            match bytes[i + 1] {
                b'%' => out.push('%'),
                b's' => {
                    match &items[k] {
                        Value::Str(x) => out.push_str(x.as_str()),
                        other => out.push_str(&ops::str_string(vm, other)?),
                    }
                    k += 1;
                }
                b'r' => {
                    out.push_str(&ops::repr_string(vm, &items[k])?);
                    k += 1;
                }
                _ => {
                    if let Value::Int(x) = &items[k] {
                        out.push_str(&x.to_string());
                    }
                    k += 1;
                }
            }
            i += 2;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&fmt[last..]);
    Ok(Some(out))
}

/// `fmt % args` for strings.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<Value> {
    crate::builtins::check_format_widths(vm, fmt)?;
    if let Some(s) = percent_fast(vm, fmt, args)? {
        return Ok(Value::string(s));
    }
    let (items, shape) = percent_shape(vm, args, false);
    let mut src = Pct {
        vm,
        whole: args.clone(),
        items,
        keyed: Value::None,
        bytes_mode: false,
    };
    let r = rupy_objects::format::percent_format(fmt, shape, &mut src);
    match r {
        Ok(s) => Ok(Value::string(s)),
        Err(PctErr::Py(e)) => Err(e),
        Err(PctErr::Fmt(e)) => Err(format_error(src.vm, e)),
    }
}

/// `fmt % args` for bytes and bytearray.
pub fn percent_format_bytes(vm: &mut Vm, fmt: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    crate::builtins::check_format_widths(vm, &String::from_utf8_lossy(fmt))?;
    let (items, shape) = percent_shape(vm, args, true);
    let mut src = Pct {
        vm,
        whole: args.clone(),
        items,
        keyed: Value::None,
        bytes_mode: true,
    };
    let r = rupy_objects::format::percent_format_bytes(fmt, shape, &mut src);
    match r {
        Ok(s) => Ok(s),
        Err(PctErr::Py(e)) => Err(e),
        Err(PctErr::Fmt(e)) => Err(format_error(src.vm, e)),
    }
}

// ---------------------------------------------------------------------------------------------
// Dunders
// ---------------------------------------------------------------------------------------------

fn dunder_recv(vm: &mut Vm, args: &[Value], name: &str, nargs: usize) -> PyResult<Rc<PyStr>> {
    let s = recv(vm, args, name)?;
    if args.len() != nargs + 1 {
        let msg = if nargs == 0 {
            format!("expected 0 arguments, got {}", args.len() - 1)
        } else {
            format!(
                "expected {} argument{}, got {}",
                nargs,
                if nargs == 1 { "" } else { "s" },
                args.len() - 1
            )
        };
        return Err(vm.type_error(msg));
    }
    Ok(s)
}

fn str_len(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__len__", 0)?;
    Ok(Value::Int(s.char_len() as i64))
}

fn str_contains(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__contains__", 1)?;
    match str_of(&args[1]) {
        Some(sub) => Ok(Value::bool(s.as_str().contains(sub.as_str()))),
        None => {
            let t = ops::type_name(vm, &args[1]);
            Err(vm.type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                t
            )))
        }
    }
}

fn str_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__getitem__", 1)?;
    let key = &args[1];
    let ok = matches!(
        key,
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Slice(_)
    ) || (matches!(key, Value::Instance(_))
        && ops::lookup_special(vm, key, "__index__").is_some());
    if !ok {
        let t = ops::type_name(vm, key);
        return Err(vm.type_error(format!("string indices must be integers, not '{}'", t)));
    }
    ops::getitem(vm, &Value::Str(s), key)
}

fn str_add(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__add__", 1)?;
    match str_of(&args[1]) {
        Some(o) => {
            let mut r = String::with_capacity(s.as_str().len() + o.as_str().len());
            r.push_str(s.as_str());
            r.push_str(o.as_str());
            Ok(Value::string(r))
        }
        None => {
            let t = ops::type_name(vm, &args[1]);
            Err(vm.type_error(format!("can only concatenate str (not \"{}\") to str", t)))
        }
    }
}

fn str_mul(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__mul__", 1)?;
    let n = ssize_arg(vm, &args[1])?;
    if n <= 0 || s.as_str().is_empty() {
        return Ok(Value::str(""));
    }
    if n == 1 {
        return Ok(Value::Str(s));
    }
    if (s.as_str().len() as u128) * (n as u128) > (1u128 << 34) {
        return Err(vm.err(ExcKind::MemoryError, ""));
    }
    Ok(Value::string(s.as_str().repeat(n as usize)))
}

fn str_mod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__mod__", 1)?;
    percent_format(vm, s.as_str(), &args[1])
}

fn str_rmod(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    dunder_recv(vm, args, "__rmod__", 1)?;
    Ok(Value::NotImplemented)
}

fn cmp_op(vm: &mut Vm, args: &[Value], name: &str, op: CmpOp) -> PyResult<Value> {
    let s = dunder_recv(vm, args, name, 1)?;
    match str_of(&args[1]) {
        Some(o) => Ok(Value::bool(ops::ord_matches(
            op,
            s.as_str().cmp(o.as_str()),
        ))),
        None => Ok(Value::NotImplemented),
    }
}

fn str_eq(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp_op(vm, args, "__eq__", CmpOp::Eq)
}
fn str_ne(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp_op(vm, args, "__ne__", CmpOp::Ne)
}
fn str_lt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp_op(vm, args, "__lt__", CmpOp::Lt)
}
fn str_le(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp_op(vm, args, "__le__", CmpOp::Le)
}
fn str_gt(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp_op(vm, args, "__gt__", CmpOp::Gt)
}
fn str_ge(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    cmp_op(vm, args, "__ge__", CmpOp::Ge)
}

fn str_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__hash__", 0)?;
    Ok(Value::Int(s.hash()))
}

fn str_iter(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__iter__", 0)?;
    ops::get_iter(vm, &Value::Str(s))
}

fn str_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__repr__", 0)?;
    Ok(Value::string(repr_str(s.as_str())))
}

fn str_str(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__str__", 0)?;
    Ok(Value::Str(s))
}

fn str_getnewargs(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let s = dunder_recv(vm, args, "__getnewargs__", 0)?;
    Ok(Value::tuple(vec![Value::str(s.as_str())]))
}

/// `str(object='')`, `str(bytes, encoding, errors)`.
pub fn str_new(vm: &mut Vm, args: &[Value], kwargs: &KwArgs) -> PyResult<Value> {
    let [obj, enc, errors] = bind(vm, "str", args, kwargs, ["object", "encoding", "errors"], 0)?;
    let Some(obj) = obj else {
        if enc.is_some() || errors.is_some() {
            return Ok(Value::str(""));
        }
        return Ok(Value::str(""));
    };
    if enc.is_none() && errors.is_none() {
        return Ok(Value::Str(ops::to_str(vm, &obj)?));
    }
    let enc = match &enc {
        Some(e) => match str_of(e) {
            Some(s) => s.as_str().to_owned(),
            None => {
                let t = ops::type_name(vm, e);
                return Err(
                    vm.type_error(format!("str() argument 'encoding' must be str, not {}", t))
                );
            }
        },
        None => "utf-8".to_owned(),
    };
    let errors = match &errors {
        Some(e) => match str_of(e) {
            Some(s) => s.as_str().to_owned(),
            None => {
                let t = ops::type_name(vm, e);
                return Err(
                    vm.type_error(format!("str() argument 'errors' must be str, not {}", t))
                );
            }
        },
        None => "strict".to_owned(),
    };
    let data: Vec<u8> = match &obj {
        Value::Bytes(b) => (**b).clone(),
        Value::ByteArray(b) => b.borrow().clone(),
        Value::Str(_) => return Err(vm.type_error("decoding str is not supported")),
        other => {
            let t = ops::type_name(vm, other);
            return Err(vm.type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                t
            )));
        }
    };
    let s = crate::types::bytes::decode_bytes(vm, &data, &enc, &errors)?;
    Ok(Value::string(s))
}

pub fn init(vm: &mut Vm) {
    vm.types.str.set_filler(fill);
}

/// `str`'s methods, added when the type's dict is first used.
fn fill(t: &rupy_objects::Class) {
    add_method(t, "str", "__new__", super::new_str);
    let methods: &[(&'static str, rupy_objects::NativeFn)] = &[
        ("find", str_find),
        ("rfind", str_rfind),
        ("index", str_index),
        ("rindex", str_rindex),
        ("count", str_count),
        ("startswith", str_startswith),
        ("endswith", str_endswith),
        ("split", str_split),
        ("rsplit", str_rsplit),
        ("splitlines", str_splitlines),
        ("join", str_join),
        ("partition", str_partition),
        ("rpartition", str_rpartition),
        ("strip", str_strip),
        ("lstrip", str_lstrip),
        ("rstrip", str_rstrip),
        ("center", str_center),
        ("ljust", str_ljust),
        ("rjust", str_rjust),
        ("zfill", str_zfill),
        ("expandtabs", str_expandtabs),
        ("replace", str_replace),
        ("removeprefix", str_removeprefix),
        ("removesuffix", str_removesuffix),
        ("upper", str_upper),
        ("lower", str_lower),
        ("casefold", str_casefold),
        ("title", str_title),
        ("capitalize", str_capitalize),
        ("swapcase", str_swapcase),
        ("isalpha", str_isalpha),
        ("isalnum", str_isalnum),
        ("isdigit", str_isdigit),
        ("isdecimal", str_isdecimal),
        ("isnumeric", str_isnumeric),
        ("isspace", str_isspace),
        ("isprintable", str_isprintable),
        ("isascii", str_isascii),
        ("isidentifier", str_isidentifier),
        ("islower", str_islower),
        ("isupper", str_isupper),
        ("istitle", str_istitle),
        ("translate", str_translate),
        ("encode", str_encode),
        ("format", str_format),
        ("format_map", str_format_map),
        ("__format__", str_dunder_format),
        ("__len__", str_len),
        ("__contains__", str_contains),
        ("__getitem__", str_getitem),
        ("__add__", str_add),
        ("__mul__", str_mul),
        ("__rmul__", str_mul),
        ("__mod__", str_mod),
        ("__rmod__", str_rmod),
        ("__eq__", str_eq),
        ("__ne__", str_ne),
        ("__lt__", str_lt),
        ("__le__", str_le),
        ("__gt__", str_gt),
        ("__ge__", str_ge),
        ("__hash__", str_hash),
        ("__iter__", str_iter),
        ("__repr__", str_repr),
        ("__str__", str_str),
        ("__getnewargs__", str_getnewargs),
    ];
    for (name, f) in methods {
        add_method(t, "str", name, *f);
    }
    t.dict().set_s(
        "maketrans",
        Value::StaticMethod(Rc::new(native("maketrans", "str", str_maketrans))),
    );
}
