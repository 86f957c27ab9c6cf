//! `re.Pattern`: a compiled code list with its groups, and the searching methods (match,
//! fullmatch, search, findall, finditer, scanner, sub, subn, split). Successive searches
//! (findall, sub, split, scanners) start where the last match ended and refuse an empty match
//! right after an empty one, as CPython 3.7+ does.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_classmethod, add_getter, add_method, bind};
use rupy_interp::call::{call_value, is_callable};
use rupy_interp::ops;
use rupy_objects::{Class, KwArgs, PyResult, Value, Vm};

use super::engine::{Found, Mode};
use super::scanner::TemplateData;
use super::{
    Subject, bounds, index_arg, matchobj, new_obj, payload, pystr, recv, run, scanner, subject,
    tname, types,
};

const OWNER: &str = "re.Pattern";

pub(super) struct PatternData {
    pub(super) pattern: Value,
    pub(super) flags: i64,
    pub(super) code: Vec<u32>,
    pub(super) groups: usize,
    pub(super) groupindex: Value,
    pub(super) indexgroup: Value,
    /// `None` when compiled from a parsed tree without source: any subject kind goes.
    pub(super) isbytes: Option<bool>,
}

pub(super) fn install(c: &Class) {
    add_method(c, OWNER, "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create 're.Pattern' instances"))
    });
    add_classmethod(c, OWNER, "__init_subclass__", |vm, _, _| {
        Err(vm.type_error("type 're.Pattern' is not an acceptable base type"))
    });
    add_method(c, OWNER, "match", |vm, a, k| {
        search_like(vm, a, k, "match", Mode::Match)
    });
    add_method(c, OWNER, "fullmatch", |vm, a, k| {
        search_like(vm, a, k, "fullmatch", Mode::FullMatch)
    });
    add_method(c, OWNER, "search", |vm, a, k| {
        search_like(vm, a, k, "search", Mode::Search)
    });
    add_method(c, OWNER, "findall", pattern_findall);
    add_method(c, OWNER, "finditer", pattern_finditer);
    add_method(c, OWNER, "scanner", pattern_scanner);
    add_method(c, OWNER, "sub", |vm, a, k| {
        let (v, _) = subx(vm, a, k, "sub")?;
        Ok(v)
    });
    add_method(c, OWNER, "subn", |vm, a, k| {
        let (v, n) = subx(vm, a, k, "subn")?;
        Ok(Value::tuple(vec![v, Value::Int(n as i64)]))
    });
    add_method(c, OWNER, "split", pattern_split);
    add_method(c, OWNER, "__repr__", pattern_repr);
    add_method(c, OWNER, "__eq__", |vm, a, _| pattern_eq(vm, a, false));
    add_method(c, OWNER, "__ne__", |vm, a, _| pattern_eq(vm, a, true));
    add_method(c, OWNER, "__hash__", pattern_hash);
    add_method(c, OWNER, "__copy__", |vm, a, _| {
        recv::<PatternData>(vm, a, OWNER, "__copy__")?;
        Ok(a[0].clone())
    });
    add_method(c, OWNER, "__deepcopy__", |vm, a, _| {
        recv::<PatternData>(vm, a, OWNER, "__deepcopy__")?;
        Ok(a[0].clone())
    });
    add_classmethod(
        c,
        OWNER,
        "__class_getitem__",
        super::matchobj::class_getitem,
    );
    add_getter(c, OWNER, "pattern", |vm, a, _| {
        Ok(recv::<PatternData>(vm, a, OWNER, "pattern")?
            .pattern
            .clone())
    });
    add_getter(c, OWNER, "flags", |vm, a, _| {
        Ok(Value::Int(
            recv::<PatternData>(vm, a, OWNER, "flags")?.flags,
        ))
    });
    add_getter(c, OWNER, "groups", |vm, a, _| {
        Ok(Value::Int(
            recv::<PatternData>(vm, a, OWNER, "groups")?.groups as i64,
        ))
    });
    add_getter(c, OWNER, "groupindex", pattern_groupindex);
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
pub(super) fn sre_compile(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [pattern, flags, code, groups, groupindex, indexgroup] = bind(
        vm,
        "compile",
        args,
        kw,
        [
            "pattern",
            "flags",
            "code",
            "groups",
            "groupindex",
            "indexgroup",
        ],
        6,
    )?;
    let (Some(pattern), Some(flags), Some(code), Some(groups), Some(gi), Some(ig)) =
        (pattern, flags, code, groups, groupindex, indexgroup)
    else {
        return Err(vm.type_error("compile() missing arguments"));
    };
    let items = ops::collect(vm, &code)?;
    let mut words = Vec::new();
    vm.grow(&mut words, items.len())?;
    for v in &items {
        let i = index_arg(vm, v)?;
        let w = u32::try_from(i).map_err(|_| {
            vm.err(
                rupy_objects::exc_kinds::ExcKind::OverflowError,
                "regular expression code size limit exceeded",
            )
        })?;
        words.push(w);
    }
    let flags = index_arg(vm, &flags)?;
    let groups = index_arg(vm, &groups)?.max(0) as usize;
    let isbytes = match &pattern {
        Value::None => None,
        Value::Str(_) => Some(false),
        v => Some(!matches!(
            rupy_interp::types::unwrap_builtin(v),
            Some(Value::Str(_))
        )),
    };
    let gi = match &gi {
        Value::Dict(_) => gi,
        _ => call_value(
            vm,
            &vm.builtins.get_s("dict").unwrap_or(Value::None),
            &[gi],
            &[],
        )?,
    };
    let ig = Value::tuple(ops::collect(vm, &ig)?);
    let data = PatternData {
        pattern,
        flags,
        code: words,
        groups,
        groupindex: gi,
        indexgroup: ig,
        isbytes,
    };
    Ok(new_obj(types(vm).pattern, Rc::new(data)))
}

fn search_like(
    vm: &mut Vm,
    args: &[Value],
    kw: &KwArgs,
    name: &str,
    mode: Mode,
) -> PyResult<Value> {
    let p = recv::<PatternData>(vm, args, OWNER, name)?;
    let [string, pos, endpos] = bind(vm, name, &args[1..], kw, ["string", "pos", "endpos"], 1)?;
    let string = string.unwrap_or(Value::None);
    let s = subject(vm, p.isbytes, &string)?;
    let (a, e) = bounds(vm, s.len(), pos.as_ref(), endpos.as_ref())?;
    match run(vm, &p.code, &s, a, e, mode, false)? {
        None => Ok(Value::None),
        Some(r) => Ok(matchobj::new(vm, &args[0], &p, &s, a, e, r)),
    }
}

/// Run successive searches from `pos`, at most `count` (0: no limit), calling `f` on each.
fn each(
    vm: &mut Vm,
    p: &PatternData,
    s: &Subject,
    pos: usize,
    end: usize,
    count: usize,
    mut f: impl FnMut(&mut Vm, (usize, usize, Found)) -> PyResult<()>,
) -> PyResult<usize> {
    let mut start = pos;
    let mut advance = false;
    let mut n = 0;
    while start <= end && (count == 0 || n < count) {
        let Some(r) = run(vm, &p.code, s, start, end, Mode::Search, advance)? else {
            break;
        };
        advance = r.0 == r.1;
        start = r.1;
        n += 1;
        f(vm, r)?;
    }
    Ok(n)
}

/// Group `g` of a raw result as text, or `default` when it did not take part.
pub(super) fn group_of(s: &Subject, found: &Found, g: usize, default: &Value) -> Value {
    let a = found.marks.get(2 * g - 2).copied().unwrap_or(-1);
    let b = found.marks.get(2 * g - 1).copied().unwrap_or(-1);
    if a >= 0 && b >= a {
        s.slice(a as usize, b as usize)
    } else {
        default.clone()
    }
}

fn pattern_findall(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let p = recv::<PatternData>(vm, args, OWNER, "findall")?;
    let [string, pos, endpos] = bind(
        vm,
        "findall",
        &args[1..],
        kw,
        ["string", "pos", "endpos"],
        1,
    )?;
    let s = subject(vm, p.isbytes, &string.unwrap_or(Value::None))?;
    let (a, e) = bounds(vm, s.len(), pos.as_ref(), endpos.as_ref())?;
    let mut out = Vec::new();
    let empty = s.empty();
    each(vm, &p, &s, a, e, 0, |vm, (b, e, found)| {
        vm.grow(&mut out, 1)?;
        out.push(match p.groups {
            0 => s.slice(b, e),
            1 => group_of(&s, &found, 1, &empty),
            n => Value::tuple((1..=n).map(|g| group_of(&s, &found, g, &empty)).collect()),
        });
        Ok(())
    })?;
    Ok(Value::list(out))
}

fn pattern_scanner(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    make_scanner(vm, args, kw, "scanner")
}

fn make_scanner(vm: &mut Vm, args: &[Value], kw: &KwArgs, name: &str) -> PyResult<Value> {
    let p = recv::<PatternData>(vm, args, OWNER, name)?;
    let [string, pos, endpos] = bind(vm, name, &args[1..], kw, ["string", "pos", "endpos"], 1)?;
    let s = subject(vm, p.isbytes, &string.unwrap_or(Value::None))?;
    let (a, e) = bounds(vm, s.len(), pos.as_ref(), endpos.as_ref())?;
    Ok(scanner::new(vm, &args[0], p, s, a, e))
}

fn pattern_finditer(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let sc = make_scanner(vm, args, kw, "finditer")?;
    let search = ops::getattr(vm, &sc, &pystr("search"))?;
    let iter = vm.builtins.get_s("iter").unwrap_or(Value::None);
    call_value(vm, &iter, &[search, Value::None], &[])
}

fn pattern_split(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let p = recv::<PatternData>(vm, args, OWNER, "split")?;
    let [string, maxsplit] = bind(vm, "split", &args[1..], kw, ["string", "maxsplit"], 1)?;
    let s = subject(vm, p.isbytes, &string.unwrap_or(Value::None))?;
    let maxsplit = match &maxsplit {
        Some(v) => index_arg(vm, v)?,
        None => 0,
    };
    if maxsplit < 0 {
        return Ok(Value::list(vec![s.slice(0, s.len())]));
    }
    let mut out = Vec::new();
    let mut last = 0;
    each(
        vm,
        &p,
        &s,
        0,
        s.len(),
        maxsplit as usize,
        |vm, (b, e, found)| {
            vm.grow(&mut out, 1 + p.groups)?;
            out.push(s.slice(last, b));
            for g in 1..=p.groups {
                out.push(group_of(&s, &found, g, &Value::None));
            }
            last = e;
            Ok(())
        },
    )?;
    out.push(s.slice(last, s.len()));
    Ok(Value::list(out))
}

/// What replaces each match.
enum Repl {
    Literal(Value),
    Call(Value),
    Template(Rc<TemplateData>),
}

fn has_backslash(vm: &mut Vm, v: &Value) -> PyResult<Option<bool>> {
    Ok(match v {
        Value::Str(s) => Some(s.as_str().contains('\\')),
        _ => match rupy_interp::types::unwrap_builtin(v) {
            Some(Value::Str(s)) => Some(s.as_str().contains('\\')),
            _ => super::bytes_like(vm, v)?.map(|b| b.contains(&b'\\')),
        },
    })
}

fn subx(vm: &mut Vm, args: &[Value], kw: &KwArgs, name: &str) -> PyResult<(Value, usize)> {
    let p = recv::<PatternData>(vm, args, OWNER, name)?;
    let [repl, string, count] = bind(vm, name, &args[1..], kw, ["repl", "string", "count"], 2)?;
    let (repl, string) = (repl.unwrap_or(Value::None), string.unwrap_or(Value::None));
    let count = match &count {
        Some(v) => index_arg(vm, v)?.max(0) as usize,
        None => 0,
    };
    let repl = if is_callable(vm, &repl) {
        Repl::Call(repl)
    } else if has_backslash(vm, &repl)? == Some(false) {
        Repl::Literal(repl)
    } else {
        let (re, _) = rupy_interp::import::import_module(vm, "re")?;
        let f = ops::getattr(vm, &re, &pystr("_compile_template"))?;
        let t = call_value(vm, &f, &[args[0].clone(), repl], &[])?;
        let Some(t) = payload::<TemplateData>(&t) else {
            return Err(vm.type_error("_compile_template() did not return a template"));
        };
        if t.groups.is_empty() {
            Repl::Literal(t.literals[0].clone())
        } else {
            Repl::Template(t)
        }
    };
    let s = subject(vm, p.isbytes, &string)?;
    let isbytes = s.is_bytes();
    let mut text: Vec<u8> = Vec::new();
    let mut out = String::new();
    let mut pieces = 0usize;
    let mut last = 0;
    // Appends one piece, checking its type the way CPython's final join does.
    let mut push = |vm: &mut Vm, v: &Value, text: &mut Vec<u8>, out: &mut String| -> PyResult<()> {
        if isbytes {
            let Some(b) = super::bytes_like(vm, v)? else {
                let t = tname(vm, v);
                return Err(vm.type_error(format!(
                    "sequence item {}: expected a bytes-like object, {} found",
                    pieces, t
                )));
            };
            vm.grow(text, b.len())?;
            text.extend_from_slice(&b);
        } else {
            let sv = match v {
                Value::Str(s) => Some(s.clone()),
                _ => match rupy_interp::types::unwrap_builtin(v) {
                    Some(Value::Str(s)) => Some(s),
                    _ => None,
                },
            };
            let Some(sv) = sv else {
                let t = tname(vm, v);
                return Err(vm.type_error(format!(
                    "sequence item {}: expected str instance, {} found",
                    pieces, t
                )));
            };
            vm.reserve(sv.as_str().len())?;
            out.push_str(sv.as_str());
        }
        pieces += 1;
        Ok(())
    };
    let n = each(vm, &p, &s, 0, s.len(), count, |vm, (b, e, found)| {
        if last < b {
            push(vm, &s.slice(last, b), &mut text, &mut out)?;
        }
        let v = match &repl {
            Repl::Literal(v) => v.clone(),
            Repl::Call(f) => {
                let m = matchobj::new(vm, &args[0], &p, &s, 0, s.len(), (b, e, found));
                call_value(vm, f, &[m], &[])?
            }
            Repl::Template(t) => t.expand(vm, &s, (b, e), &found)?,
        };
        if !v.is_none() {
            push(vm, &v, &mut text, &mut out)?;
        }
        last = e;
        Ok(())
    })?;
    if n == 0 && matches!(string, Value::Str(_) | Value::Bytes(_)) {
        return Ok((string, 0));
    }
    if last < s.len() {
        push(vm, &s.slice(last, s.len()), &mut text, &mut out)?;
    }
    let v = if isbytes {
        Value::Bytes(Rc::new(text))
    } else {
        Value::string(out)
    };
    Ok((v, n))
}

fn pattern_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let p = recv::<PatternData>(vm, args, OWNER, "__repr__")?;
    let r = ops::repr(vm, &p.pattern)?;
    let r: String = r.as_str().chars().take(200).collect();
    let mut flags = p.flags;
    if p.isbytes != Some(true) && flags & (4 | 32 | 256) == 32 {
        flags &= !32;
    }
    if flags == 0 {
        return Ok(Value::string(format!("re.compile({})", r)));
    }
    let mut names = Vec::new();
    for (bit, name) in [
        (1, "re.TEMPLATE"),
        (2, "re.IGNORECASE"),
        (4, "re.LOCALE"),
        (8, "re.MULTILINE"),
        (16, "re.DOTALL"),
        (32, "re.UNICODE"),
        (64, "re.VERBOSE"),
        (128, "re.DEBUG"),
        (256, "re.ASCII"),
    ] {
        if flags & bit != 0 {
            names.push(name.to_owned());
            flags &= !bit;
        }
    }
    if flags != 0 {
        names.push(format!("{:#x}", flags));
    }
    Ok(Value::string(format!(
        "re.compile({}, {})",
        r,
        names.join("|")
    )))
}

fn pattern_eq(vm: &mut Vm, args: &[Value], negate: bool) -> PyResult<Value> {
    let a = recv::<PatternData>(vm, args, OWNER, if negate { "__ne__" } else { "__eq__" })?;
    let Some(b) = args.get(1).and_then(payload::<PatternData>) else {
        return Ok(Value::NotImplemented);
    };
    let same = Rc::ptr_eq(&a, &b)
        || (a.flags == b.flags
            && a.isbytes == b.isbytes
            && a.code == b.code
            && ops::eq(vm, &a.pattern, &b.pattern)?);
    Ok(Value::bool(same != negate))
}

fn pattern_hash(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let p = recv::<PatternData>(vm, args, OWNER, "__hash__")?;
    let mut h = ops::hash(vm, &p.pattern)? as u64;
    h = h.wrapping_mul(1_000_003) ^ (p.flags as u64);
    for &w in &p.code {
        h = h.wrapping_mul(1_000_003) ^ u64::from(w);
    }
    let h = (h >> 1) as i64;
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

fn pattern_groupindex(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let p = recv::<PatternData>(vm, args, OWNER, "groupindex")?;
    let copy = match &p.groupindex {
        Value::Dict(d) => Value::new_dict(d.copy()),
        v => v.clone(),
    };
    let (types_mod, _) = rupy_interp::import::import_module(vm, "types")?;
    let proxy = ops::getattr(vm, &types_mod, &pystr("MappingProxyType"))?;
    call_value(vm, &proxy, &[copy], &[])
}
