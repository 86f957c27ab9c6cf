//! `re.Match`: one successful match — the marks the engine returned, the subject and the
//! pattern — and its accessors. Groups that did not take part have marks `-1`; group text is
//! sliced from the subject's code points on demand.

use std::rc::Rc;

use rupy_interp::builtins::args::{add_classmethod, add_getter, add_method, bind};
use rupy_interp::call::call_value;
use rupy_interp::ops;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyResult, Value, Vm};

use super::engine::Found;
use super::pattern::PatternData;
use super::scanner::TemplateData;
use super::{Subject, new_obj, payload, pystr, recv, types};

const OWNER: &str = "re.Match";

pub(super) struct MatchData {
    re: Value,
    pat: Rc<PatternData>,
    subj: Subject,
    pos: usize,
    endpos: usize,
    span: (usize, usize),
    found: Found,
}

impl MatchData {
    fn span_of(&self, g: usize) -> (i64, i64) {
        if g == 0 {
            return (self.span.0 as i64, self.span.1 as i64);
        }
        let a = self.found.marks.get(2 * g - 2).copied().unwrap_or(-1);
        let b = self.found.marks.get(2 * g - 1).copied().unwrap_or(-1);
        if a >= 0 && b >= a {
            (a as i64, b as i64)
        } else {
            (-1, -1)
        }
    }

    pub(super) fn get(&self, g: usize, default: &Value) -> Value {
        let (a, b) = self.span_of(g);
        if a < 0 {
            default.clone()
        } else {
            self.subj.slice(a as usize, b as usize)
        }
    }
}

pub(super) fn new(
    vm: &mut Vm,
    re: &Value,
    pat: &Rc<PatternData>,
    subj: &Subject,
    pos: usize,
    endpos: usize,
    r: (usize, usize, Found),
) -> Value {
    let data = MatchData {
        re: re.clone(),
        pat: pat.clone(),
        subj: subj.clone(),
        pos,
        endpos,
        span: (r.0, r.1),
        found: r.2,
    };
    new_obj(types(vm).matchc, Rc::new(data))
}

pub(super) fn install(c: &Class) {
    add_method(c, OWNER, "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create 're.Match' instances"))
    });
    add_classmethod(c, OWNER, "__init_subclass__", |vm, _, _| {
        Err(vm.type_error("type 're.Match' is not an acceptable base type"))
    });
    add_method(c, OWNER, "group", match_group);
    add_method(c, OWNER, "__getitem__", |vm, a, _| {
        let m = recv::<MatchData>(vm, a, OWNER, "__getitem__")?;
        let g = group_index(vm, &m, a.get(1).unwrap_or(&Value::None))?;
        Ok(m.get(g, &Value::None))
    });
    add_method(c, OWNER, "groups", |vm, a, k| {
        let m = recv::<MatchData>(vm, a, OWNER, "groups")?;
        let [d] = bind(vm, "groups", &a[1..], k, ["default"], 0)?;
        let d = d.unwrap_or(Value::None);
        Ok(Value::tuple(
            (1..=m.pat.groups).map(|g| m.get(g, &d)).collect(),
        ))
    });
    add_method(c, OWNER, "groupdict", match_groupdict);
    add_method(c, OWNER, "start", |vm, a, k| {
        span_part(vm, a, k, "start", 0)
    });
    add_method(c, OWNER, "end", |vm, a, k| span_part(vm, a, k, "end", 1));
    add_method(c, OWNER, "span", |vm, a, k| span_part(vm, a, k, "span", 2));
    add_method(c, OWNER, "expand", match_expand);
    add_method(c, OWNER, "__repr__", match_repr);
    add_method(c, OWNER, "__copy__", |vm, a, _| {
        recv::<MatchData>(vm, a, OWNER, "__copy__")?;
        Ok(a[0].clone())
    });
    add_method(c, OWNER, "__deepcopy__", |vm, a, _| {
        recv::<MatchData>(vm, a, OWNER, "__deepcopy__")?;
        Ok(a[0].clone())
    });
    add_classmethod(c, OWNER, "__class_getitem__", class_getitem);
    add_getter(c, OWNER, "re", |vm, a, _| {
        Ok(recv::<MatchData>(vm, a, OWNER, "re")?.re.clone())
    });
    add_getter(c, OWNER, "string", |vm, a, _| {
        Ok(recv::<MatchData>(vm, a, OWNER, "string")?
            .subj
            .string
            .clone())
    });
    add_getter(c, OWNER, "pos", |vm, a, _| {
        Ok(Value::Int(
            recv::<MatchData>(vm, a, OWNER, "pos")?.pos as i64,
        ))
    });
    add_getter(c, OWNER, "endpos", |vm, a, _| {
        Ok(Value::Int(
            recv::<MatchData>(vm, a, OWNER, "endpos")?.endpos as i64,
        ))
    });
    add_getter(c, OWNER, "lastindex", |vm, a, _| {
        let m = recv::<MatchData>(vm, a, OWNER, "lastindex")?;
        Ok(if m.found.lastindex < 0 {
            Value::None
        } else {
            Value::Int(m.found.lastindex as i64)
        })
    });
    add_getter(c, OWNER, "lastgroup", |vm, a, _| {
        let m = recv::<MatchData>(vm, a, OWNER, "lastgroup")?;
        if m.found.lastindex < 0 {
            return Ok(Value::None);
        }
        match &m.pat.indexgroup {
            Value::Tuple(t) => Ok(t
                .get(m.found.lastindex as usize)
                .cloned()
                .unwrap_or(Value::None)),
            _ => Ok(Value::None),
        }
    });
    add_getter(c, OWNER, "regs", |vm, a, _| {
        let m = recv::<MatchData>(vm, a, OWNER, "regs")?;
        Ok(Value::tuple(
            (0..=m.pat.groups)
                .map(|g| {
                    let (s, e) = m.span_of(g);
                    Value::tuple(vec![Value::Int(s), Value::Int(e)])
                })
                .collect(),
        ))
    });
}

/// `cls[item]`: a `types.GenericAlias`.
pub(super) fn class_getitem(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (t, _) = rupy_interp::import::import_module(vm, "types")?;
    let ga = ops::getattr(vm, &t, &pystr("GenericAlias"))?;
    call_value(vm, &ga, args, &[])
}

/// A group number from an index or a group name, as CPython's `match_getindex`.
fn group_index(vm: &mut Vm, m: &MatchData, g: &Value) -> PyResult<usize> {
    let no_such = |vm: &mut Vm| vm.err(ExcKind::IndexError, "no such group");
    let is_str = matches!(g, Value::Str(_))
        || matches!(rupy_interp::types::unwrap_builtin(g), Some(Value::Str(_)));
    let i = if is_str {
        match ops::getitem(vm, &m.pat.groupindex, g) {
            Ok(Value::Int(i)) => i,
            _ => return Err(no_such(vm)),
        }
    } else {
        match g {
            Value::Int(i) => *i,
            Value::Bool(b) => i64::from(b.get()),
            _ => match ops::to_index(vm, g) {
                Ok(Value::Int(i)) => i,
                _ => return Err(no_such(vm)),
            },
        }
    };
    if i < 0 || i as usize > m.pat.groups {
        return Err(no_such(vm));
    }
    Ok(i as usize)
}

fn match_group(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let m = recv::<MatchData>(vm, args, OWNER, "group")?;
    let rest = &args[1..];
    match rest.len() {
        0 => Ok(m.get(0, &Value::None)),
        1 => {
            let g = group_index(vm, &m, &rest[0])?;
            Ok(m.get(g, &Value::None))
        }
        _ => {
            let mut out = Vec::with_capacity(rest.len());
            for v in rest {
                let g = group_index(vm, &m, v)?;
                out.push(m.get(g, &Value::None));
            }
            Ok(Value::tuple(out))
        }
    }
}

fn match_groupdict(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let m = recv::<MatchData>(vm, args, OWNER, "groupdict")?;
    let [d] = bind(vm, "groupdict", &args[1..], kw, ["default"], 0)?;
    let d = d.unwrap_or(Value::None);
    let out = rupy_objects::PyDict::new();
    let out = Value::new_dict(out);
    let names = ops::collect(vm, &m.pat.groupindex)?;
    for name in names {
        let g = group_index(vm, &m, &name)?;
        let v = m.get(g, &d);
        ops::setitem(vm, &out, &name, v)?;
    }
    Ok(out)
}

fn span_part(vm: &mut Vm, args: &[Value], kw: &KwArgs, name: &str, which: u8) -> PyResult<Value> {
    let m = recv::<MatchData>(vm, args, OWNER, name)?;
    let [g] = bind(vm, name, &args[1..], kw, ["group"], 0)?;
    let g = match g {
        Some(v) => group_index(vm, &m, &v)?,
        None => 0,
    };
    let (a, b) = m.span_of(g);
    Ok(match which {
        0 => Value::Int(a),
        1 => Value::Int(b),
        _ => Value::tuple(vec![Value::Int(a), Value::Int(b)]),
    })
}

fn match_expand(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let m = recv::<MatchData>(vm, args, OWNER, "expand")?;
    let [t] = bind(vm, "expand", &args[1..], kw, ["template"], 1)?;
    let (re, _) = rupy_interp::import::import_module(vm, "re")?;
    let f = ops::getattr(vm, &re, &pystr("_compile_template"))?;
    let t = call_value(vm, &f, &[m.re.clone(), t.unwrap_or(Value::None)], &[])?;
    let Some(t) = payload::<TemplateData>(&t) else {
        return Err(vm.type_error("_compile_template() did not return a template"));
    };
    t.expand(vm, &m.subj, m.span, &m.found)
}

fn match_repr(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let m = recv::<MatchData>(vm, args, OWNER, "__repr__")?;
    let g = m.get(0, &Value::None);
    let r = ops::repr(vm, &g)?;
    let r: String = r.as_str().chars().take(50).collect();
    Ok(Value::string(format!(
        "<re.Match object; span=({}, {}), match={}>",
        m.span.0, m.span.1, r
    )))
}
