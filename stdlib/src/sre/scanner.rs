//! `_sre.SRE_Scanner` (successive matches over one subject: `Pattern.scanner`, `finditer`,
//! `re.Scanner`) and `_sre.SRE_Template` (a parsed replacement: literals between group
//! numbers, from `re._parser.parse_template`). A scanner's cursor lives in a `Cell`; once a
//! search fails the scanner stays exhausted, as in CPython.

use std::cell::Cell;
use std::rc::Rc;

use rupy_interp::builtins::args::{add_getter, add_method, bind};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{Class, KwArgs, PyResult, Value, Vm};

use super::engine::{Found, Mode};
use super::pattern::PatternData;
use super::{Subject, index_arg, matchobj, new_obj, payload, recv, run, types};

const OWNER: &str = "_sre.SRE_Scanner";

pub(super) struct ScannerData {
    re: Value,
    pat: Rc<PatternData>,
    subj: Subject,
    pos: usize,
    endpos: usize,
    /// Where the next match may start; `None` once exhausted.
    start: Cell<Option<usize>>,
    /// The last match was empty, so the next may not be empty at `start`.
    advance: Cell<bool>,
}

pub(super) fn new(
    vm: &mut Vm,
    re: &Value,
    pat: Rc<PatternData>,
    subj: Subject,
    pos: usize,
    endpos: usize,
) -> Value {
    let d = ScannerData {
        re: re.clone(),
        pat,
        subj,
        pos,
        endpos,
        start: Cell::new(Some(pos)),
        advance: Cell::new(false),
    };
    new_obj(types(vm).scanner, Rc::new(d))
}

pub(super) fn install(scanner: &Class, template: &Class) {
    add_method(scanner, OWNER, "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create '_sre.SRE_Scanner' instances"))
    });
    add_method(scanner, OWNER, "match", |vm, a, _| {
        step(vm, a, "match", Mode::Match)
    });
    add_method(scanner, OWNER, "search", |vm, a, _| {
        step(vm, a, "search", Mode::Search)
    });
    add_getter(scanner, OWNER, "pattern", |vm, a, _| {
        Ok(recv::<ScannerData>(vm, a, OWNER, "pattern")?.re.clone())
    });
    add_method(template, "_sre.SRE_Template", "__new__", |vm, _, _| {
        Err(vm.type_error("cannot create '_sre.SRE_Template' instances"))
    });
}

fn step(vm: &mut Vm, args: &[Value], name: &str, mode: Mode) -> PyResult<Value> {
    let sc = recv::<ScannerData>(vm, args, OWNER, name)?;
    let Some(start) = sc.start.get() else {
        return Ok(Value::None);
    };
    if start > sc.endpos {
        sc.start.set(None);
        return Ok(Value::None);
    }
    let r = run(
        vm,
        &sc.pat.code,
        &sc.subj,
        start,
        sc.endpos,
        mode,
        sc.advance.get(),
    )?;
    let Some(r) = r else {
        sc.start.set(None);
        return Ok(Value::None);
    };
    sc.advance.set(r.0 == r.1);
    sc.start.set(Some(r.1));
    Ok(matchobj::new(
        vm, &sc.re, &sc.pat, &sc.subj, sc.pos, sc.endpos, r,
    ))
}

/// A replacement template: `literals[0] g[0] literals[1] g[1] ... literals[n]`.
pub(super) struct TemplateData {
    pub(super) literals: Vec<Value>,
    pub(super) groups: Vec<usize>,
}

impl TemplateData {
    /// The replacement for one match (`span` is group 0), as a `str` or `bytes` like the
    /// subject; groups that did not take part give the empty string.
    pub(super) fn expand(
        &self,
        vm: &mut Vm,
        s: &Subject,
        span: (usize, usize),
        found: &Found,
    ) -> PyResult<Value> {
        let mut text: Vec<u8> = Vec::new();
        let mut out = String::new();
        let mut add = |vm: &mut Vm, v: &Value| -> PyResult<()> {
            match v {
                Value::Str(x) => {
                    vm.reserve(x.as_str().len())?;
                    out.push_str(x.as_str());
                }
                Value::Bytes(b) => {
                    vm.grow(&mut text, b.len())?;
                    text.extend_from_slice(b);
                }
                _ => {}
            }
            Ok(())
        };
        for (i, lit) in self.literals.iter().enumerate() {
            add(vm, lit)?;
            if let Some(&g) = self.groups.get(i) {
                let v = if g == 0 {
                    s.slice(span.0, span.1)
                } else {
                    super::pattern::group_of(s, found, g, &Value::None)
                };
                add(vm, &v)?;
            }
        }
        Ok(if s.is_bytes() {
            Value::Bytes(Rc::new(text))
        } else {
            Value::string(out)
        })
    }
}

/// `_sre.template(pattern, template)`: `template` is the list `parse_template` made.
pub(super) fn sre_template(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [pattern, template] = bind(vm, "template", args, kw, ["pattern", "template"], 2)?;
    let Some(p) = pattern.as_ref().and_then(payload::<PatternData>) else {
        let t = super::tname(vm, pattern.as_ref().unwrap_or(&Value::None));
        return Err(vm.type_error(format!(
            "template() argument 1 must be re.Pattern, not {}",
            t
        )));
    };
    let items = match &template {
        Some(Value::List(l)) => l.borrow().clone(),
        other => {
            let t = super::tname(vm, other.as_ref().unwrap_or(&Value::None));
            return Err(vm.type_error(format!("template() argument 2 must be list, not {}", t)));
        }
    };
    let mut literals = Vec::new();
    let mut groups = Vec::new();
    for (i, v) in items.iter().enumerate() {
        if i % 2 == 0 {
            literals.push(v.clone());
        } else {
            let g = index_arg(vm, v)?;
            if g < 0 || g as usize > p.groups {
                return Err(vm.err(ExcKind::IndexError, "invalid template"));
            }
            groups.push(g as usize);
        }
    }
    if literals.len() == groups.len() {
        literals.push(Value::None);
    }
    let d = TemplateData { literals, groups };
    Ok(new_obj(types(vm).template, Rc::new(d)))
}
