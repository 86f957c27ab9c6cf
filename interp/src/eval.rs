//! The eval loop. `run_frame` executes a `Frame` until it returns, yields or raises; errors are
//! dispatched through the code's handler table, recording traceback entries as they pass.
//! Python-to-Python calls recurse on the native stack, guarded by both the recursion limit and
//! a native-stack budget so that deep recursion is a `RecursionError`, never an overflow.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use rupy_objects::code::{Const, Conversion, Instr, TypeParamKind};
use rupy_objects::exc::{ErrValue, TbEntry};
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::frame::Frame;
use rupy_objects::misc::Generator;
use rupy_objects::{Code, Function, KwArgs, PyDict, PyErr, PyResult, PyStr, Truth, Value, Vm};

use crate::call::{bind_args, call_value};
use crate::exceptions::{materialize, set_context};
use crate::generator::yield_from_step;
pub use crate::generator::{GenStep, gen_next, gen_resume};
use crate::ops;

pub enum Exit {
    Return(Value),
    Yield(Value),
}

/// Materialise a code's constants and names for this interpreter (cached per code).
pub fn code_consts(vm: &mut Vm, code: &Arc<Code>) -> (Rc<[Value]>, Rc<[Rc<PyStr>]>) {
    let key = Arc::as_ptr(code) as usize;
    if let Some((_, c, n)) = vm.code_cache.get(&key) {
        return (c.clone(), n.clone());
    }
    let consts: Vec<Value> = code.consts.iter().map(|c| const_value(vm, c)).collect();
    let names: Vec<Rc<PyStr>> = code.names.iter().map(|n| vm.intern(n)).collect();
    let consts: Rc<[Value]> = consts.into();
    let names: Rc<[Rc<PyStr>]> = names.into();
    if vm.code_cache.len() >= CODE_CACHE_PRUNE_AT.max(vm.code_cache_limit) {
        prune_code_cache(vm);
    }
    vm.code_cache
        .insert(key, (code.clone(), consts.clone(), names.clone()));
    (consts, names)
}

/// Size at which the per-code cache first drops entries of dead code.
const CODE_CACHE_PRUNE_AT: usize = 1024;

/// Drop the cache entries of code nothing else holds (each `exec`/`eval` of new source
/// compiles new code; without this the cache would keep all of it alive forever). Functions
/// keep their own constants, so a dropped entry costs at most a re-materialisation.
#[cold]
fn prune_code_cache(vm: &mut Vm) {
    vm.code_cache
        .retain(|_, (code, _, _)| Arc::strong_count(code) > 1);
    vm.code_cache_limit = (vm.code_cache.len() * 2).max(CODE_CACHE_PRUNE_AT);
}

pub fn const_value(vm: &mut Vm, c: &Const) -> Value {
    match c {
        Const::None => Value::None,
        Const::Ellipsis => Value::Ellipsis,
        Const::Bool(b) => Value::bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::BigInt(b) => Value::BigInt(Rc::new((**b).clone())),
        Const::Float(f) => Value::float(*f),
        Const::Complex(r, i) => Value::Complex(Rc::new((*r, *i))),
        Const::Str(s) => {
            if s.len() <= 32 {
                Value::Str(vm.intern(s))
            } else {
                Value::str(s)
            }
        }
        Const::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
        Const::Tuple(items) => Value::tuple(items.iter().map(|c| const_value(vm, c)).collect()),
        Const::Code(code) => Value::Code(code.clone()),
    }
}

/// A safe point: if the thread's eval breaker has any bit set (a GIL drop request, an
/// interrupt, a due collection or finalizer...), take the slow path (one relaxed load).
macro_rules! safe_point {
    ($vm:expr) => {
        if $vm.thread.breaker().tripped() {
            crate::thread::safe_point($vm)?;
        }
    };
}

/// Drop a value a store or pop released; when it was a heap value, run what its drop
/// queued (`__del__`, generator close) before the next instruction, as CPython would.
macro_rules! release_checked {
    ($vm:expr, $v:expr) => {
        if release($v) {
            safe_point!($vm);
        }
    };
}

/// Native stack pointer estimate (address of a local).
#[inline(always)]
fn stack_addr() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

#[inline]
pub fn enter_call(vm: &mut Vm) -> PyResult<()> {
    vm.ticks_left -= 1;
    if vm.ticks_left < 0 {
        return Err(crate::thread::budget_exhausted(vm));
    }
    vm.recursion_depth += 1;
    if vm.recursion_depth > vm.recursion_limit
        || vm.stack_base.saturating_sub(stack_addr()) > vm.stack_budget
    {
        vm.recursion_depth -= 1;
        return Err(recursion_error(vm));
    }
    Ok(())
}

/// Guard for native recursion through nested containers (repr, comparison, hashing): the
/// same depth and stack limits as Python calls, with CPython's message suffix.
#[inline]
pub fn enter_nested(vm: &mut Vm, what: &str) -> PyResult<()> {
    vm.recursion_depth += 1;
    if vm.recursion_depth > vm.recursion_limit
        || vm.stack_base.saturating_sub(stack_addr()) > vm.stack_budget
    {
        vm.recursion_depth -= 1;
        return Err(vm.err(
            ExcKind::RecursionError,
            format!("maximum recursion depth exceeded{}", what),
        ));
    }
    Ok(())
}

/// Like `enter_nested` but bounded by the native stack only (CPython hashes nested tuples
/// without a depth limit).
#[inline]
pub fn enter_nested_stack(vm: &mut Vm) -> PyResult<()> {
    if vm.stack_base.saturating_sub(stack_addr()) > vm.stack_budget {
        return Err(vm.err(ExcKind::RecursionError, "maximum recursion depth exceeded"));
    }
    vm.recursion_depth += 1;
    Ok(())
}

#[inline]
pub fn leave_nested(vm: &mut Vm) {
    vm.recursion_depth -= 1;
}

#[cold]
fn recursion_error(vm: &mut Vm) -> PyErr {
    vm.err(ExcKind::RecursionError, "maximum recursion depth exceeded")
}

#[inline(always)]
pub fn new_frame(
    vm: &mut Vm,
    func: &Rc<Function>,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<Frame> {
    let code = &func.code;
    let nlocals = code.varnames.len();
    let mut stack = vm
        .stack_pool
        .pop()
        .unwrap_or_else(|| Vec::with_capacity(16));
    let simple = kwargs.is_empty()
        && !code.flags.varargs
        && !code.flags.varkw
        && code.kwonlyargcount == 0
        && args.len() == code.argcount as usize;
    if simple {
        for a in args {
            stack.push(a.clone());
        }
        for _ in args.len()..nlocals {
            stack.push(Value::Unbound);
        }
    } else {
        let mut locals: Vec<Option<Value>> = vec![None; nlocals];
        if let Err(e) = bind_args(vm, func, args, kwargs, &mut locals) {
            vm.stack_pool.push(stack);
            return Err(e);
        }
        stack.extend(locals.into_iter().map(|o| o.unwrap_or(Value::Unbound)));
    }
    let cells = if code.cellvars.is_empty() && code.freevars.is_empty() {
        Vec::new()
    } else {
        let mut cells: Vec<Rc<RefCell<Value>>> =
            Vec::with_capacity(code.cellvars.len() + code.freevars.len());
        for _ in 0..code.cellvars.len() {
            cells.push(Value::new_cell(unbound_marker()));
        }
        for &(ci, pi) in &code.cell_params {
            let v = std::mem::replace(&mut stack[pi as usize], Value::Unbound);
            if !matches!(v, Value::Unbound) {
                *cells[ci as usize].borrow_mut() = v;
            }
        }
        cells.extend(func.closure.iter().cloned());
        cells
    };
    Ok(Frame {
        func: func.clone(),
        stack,
        cells,
        ip: 0,
        locals_dict: None,
        locals_map: None,
    })
}

/// Cells start out holding this marker, meaning "unbound".
pub fn unbound_marker() -> Value {
    Value::Unbound
}

fn is_unbound_cell(v: &Value) -> bool {
    matches!(v, Value::Unbound)
}

#[inline]
pub fn recycle_frame(vm: &mut Vm, mut f: Frame) {
    f.stack.clear();
    vm.stack_pool.push(std::mem::take(&mut f.stack));
}

pub fn call_function(
    vm: &mut Vm,
    func: &Rc<Function>,
    args: &[Value],
    kwargs: &KwArgs,
) -> PyResult<Value> {
    let mut frame = new_frame(vm, func, args, kwargs)?;
    let flags = func.code.flags;
    if flags.generator || flags.coroutine {
        let kind = match (flags.coroutine, flags.generator) {
            (false, _) => rupy_objects::misc::GenKind::Generator,
            (true, false) => rupy_objects::misc::GenKind::Coroutine,
            (true, true) => rupy_objects::misc::GenKind::AsyncGenerator,
        };
        let g = Generator {
            kind,
            frame: RefCell::new(Some(Box::new(frame))),
            handled: RefCell::new(Vec::new()),
            running: std::cell::Cell::new(false),
            name: RefCell::new(func.name.borrow().clone()),
            qualname: RefCell::new(func.qualname.borrow().clone()),
            started: std::cell::Cell::new(false),
        };
        let g = Rc::new(g);
        rupy_objects::gc::track(&g);
        return Ok(Value::Generator(g));
    }
    enter_call(vm)?;
    vm.push_frame(func, None);
    // The common case runs the loop directly; the handler machinery of `run_frame` is entered
    // only once an exception is raised.
    let handled_base = vm.handled.len();
    let r = match execute(vm, &mut frame) {
        Ok(exit) => Ok(exit),
        Err(e) => run_frame_from(vm, &mut frame, Some(e), handled_base),
    };
    vm.pop_frame();
    vm.recursion_depth -= 1;
    recycle_frame(vm, frame);
    match r {
        Ok(Exit::Return(v)) => {
            vm.handled.truncate(handled_base);
            Ok(v)
        }
        Ok(Exit::Yield(_)) => Ok(Value::None),
        Err(e) => Err(e),
    }
}

/// Run module-level or class-body code with a namespace.
pub fn run_code_in(
    vm: &mut Vm,
    code: &Arc<Code>,
    globals: Rc<PyDict>,
    locals: Rc<PyDict>,
    closure: Vec<Rc<RefCell<Value>>>,
) -> PyResult<Value> {
    run_body(vm, code, globals, Namespace::Dict(locals), closure)
}

/// The namespace a module or class body runs in.
pub enum Namespace {
    Dict(Rc<PyDict>),
    /// Any other mapping (a metaclass `__prepare__` result).
    Mapping(Value),
}

/// Run module-level or class-body code with a namespace of any kind.
pub fn run_body(
    vm: &mut Vm,
    code: &Arc<Code>,
    globals: Rc<PyDict>,
    ns: Namespace,
    closure: Vec<Rc<RefCell<Value>>>,
) -> PyResult<Value> {
    let (locals, locals_map) = match ns {
        Namespace::Dict(d) => (d, None),
        // The frame's own dict stays empty; every name goes through the mapping.
        Namespace::Mapping(m) => (PyDict::new_rc(), Some(m)),
    };
    let (consts, names) = code_consts(vm, code);
    let mut cells: Vec<Rc<RefCell<Value>>> = (0..code.cellvars.len())
        .map(|_| Value::new_cell(unbound_marker()))
        .collect();
    cells.extend(closure);
    let name = vm.intern(&code.name);
    let func = Rc::new(Function {
        code: code.clone(),
        globals,
        name: RefCell::new(name.clone()),
        qualname: RefCell::new(name),
        defaults: RefCell::new(Vec::new()),
        kwdefaults: RefCell::new(None),
        closure: Vec::new(),
        annotations: RefCell::new(None),
        dict: RefCell::new(None),
        doc: RefCell::new(Value::None),
        module: RefCell::new(Value::None),
        consts,
        names,
        global_cache: RefCell::new(Vec::new()),
        attr_cache: RefCell::new(Vec::new()),
    });
    let mut stack = Vec::with_capacity(16 + code.varnames.len());
    stack.resize(code.varnames.len(), Value::Unbound);
    let mut frame = Frame {
        func,
        stack,
        cells,
        ip: 0,
        locals_dict: Some(locals),
        locals_map,
    };
    enter_call(vm)?;
    vm.push_frame(&frame.func, frame.locals_dict.as_ref());
    let r = run_frame(vm, &mut frame, None);
    vm.pop_frame();
    vm.recursion_depth -= 1;
    match r? {
        Exit::Return(v) | Exit::Yield(v) => Ok(v),
    }
}

/// Execute `f` until it returns or yields. `pending` injects an exception at the current
/// instruction (generator `throw`).
#[inline]
pub fn run_frame(vm: &mut Vm, f: &mut Frame, pending: Option<PyErr>) -> PyResult<Exit> {
    let handled_base = vm.handled.len();
    run_frame_from(vm, f, pending, handled_base)
}

/// `run_frame` for a frame that began when the handled-exception stack had `handled_base`
/// entries.
pub fn run_frame_from(
    vm: &mut Vm,
    f: &mut Frame,
    pending: Option<PyErr>,
    handled_base: usize,
) -> PyResult<Exit> {
    let mut pending = pending;
    loop {
        let r = match pending.take() {
            Some(e) => Err(e),
            None => execute(vm, f),
        };
        match r {
            Ok(exit) => {
                // A yielding generator keeps its handled exceptions; gen_resume saves them.
                if let Exit::Return(_) = exit {
                    vm.handled.truncate(handled_base);
                }
                return Ok(exit);
            }
            Err(mut e) => {
                let ip = f.ip.saturating_sub(1);
                let code = f.func.code.clone();
                let instr = code.instrs.get(ip).copied();
                if !matches!(instr, Some(Instr::Reraise) | Some(Instr::Raise(0))) {
                    if !vm.handled.is_empty() {
                        e = set_context(vm, e);
                    }
                    e.0.tb.push(TbEntry {
                        code: code.clone(),
                        line: code.line_of(ip),
                        globals: Some(f.func.globals.clone()),
                    });
                }
                // Past a resource limit nothing may catch the error (see `limits`).
                match code
                    .handler_for(ip as u32)
                    .filter(|_| vm.shared.limit_hit.get().is_none())
                {
                    Some(h) => {
                        let nlocals = code.varnames.len();
                        f.stack.truncate(nlocals + h.depth as usize);
                        let v = materialize(vm, e);
                        f.stack.push(v);
                        f.ip = h.target as usize;
                    }
                    None => {
                        vm.handled.truncate(handled_base);
                        return Err(e);
                    }
                }
            }
        }
    }
}

/// The next item of the iterator at the top of the stack (`None`: exhausted): ranges, lists
/// and tuples inline, anything else through `ops::next`.
macro_rules! next_item {
    ($vm:expr, $f:expr) => {{
        let inline = match $f.stack.last() {
            Some(Value::Iter(st)) => ops::iter::next_inline(st),
            _ => None,
        };
        match inline {
            Some(step) => step,
            None => {
                let it = top($f)?.clone();
                ops::next($vm, &it)?
            }
        }
    }};
}

/// ForIter(end) then StoreFast(x), with `f.ip` just past the ForIter: the next item goes
/// straight into local `x` (skipping the StoreFast), or the exhausted iterator is popped and
/// the loop left.
macro_rules! for_iter_store {
    ($vm:expr, $f:expr, $end:expr, $x:expr) => {{
        match next_item!($vm, $f) {
            Some(v) => {
                $f.ip += 1;
                release_checked!($vm, std::mem::replace(&mut $f.stack[$x as usize], v));
            }
            None => {
                pop!($f);
                $f.ip = $end as usize;
            }
        }
    }};
}

macro_rules! pop {
    ($f:expr) => {
        match $f.stack.pop() {
            Some(v) => v,
            None => return Err(stack_underflow()),
        }
    };
}

#[cold]
fn stack_underflow() -> PyErr {
    PyErr::lazy(
        Rc::new(rupy_objects::Class::new_builtin(
            "SystemError",
            vec![],
            Default::default(),
        )),
        "bytecode stack underflow",
    )
}

#[inline]
fn top(f: &Frame) -> PyResult<&Value> {
    f.stack.last().ok_or_else(stack_underflow)
}

fn name_error(vm: &mut Vm, name: &str) -> PyErr {
    vm.err(
        ExcKind::NameError,
        format!("name '{}' is not defined", name),
    )
}

fn execute(vm: &mut Vm, f: &mut Frame) -> PyResult<Exit> {
    let func = f.func.clone();
    let code: &Code = &func.code;
    let consts: &[Value] = &func.consts;
    let names: &[Rc<PyStr>] = &func.names;
    let globals: &Rc<PyDict> = &func.globals;
    let instrs: &[Instr] = &code.instrs;
    loop {
        let instr = match instrs.get(f.ip) {
            Some(i) => *i,
            None => return Ok(Exit::Return(Value::None)),
        };
        f.ip += 1;
        match instr {
            Instr::Nop => {}
            Instr::Pop => {
                let v = pop!(f);
                release_checked!(vm, v);
            }
            Instr::Copy(n) => {
                f.stack.push(f.stack[f.stack.len() - n as usize].clone());
            }
            Instr::Swap(n) => {
                let len = f.stack.len();
                f.stack.swap(len - 1, len - n as usize);
            }
            Instr::LoadConst(i) => f.stack.push(consts[i as usize].clone()),
            Instr::LoadFast(i) if !matches!(f.stack[i as usize], Value::Unbound) => {
                f.stack.push(f.stack[i as usize].clone());
            }
            // Only reached when the local is unbound (the guarded arm above pushes it).
            Instr::LoadFast(i) => return Err(unbound_local(vm, code, i)),
            Instr::LoadFastLoadFast(a, b) => {
                if matches!(f.stack[a as usize], Value::Unbound) {
                    return Err(unbound_local(vm, code, a as u32));
                }
                if matches!(f.stack[b as usize], Value::Unbound) {
                    return Err(unbound_local(vm, code, b as u32));
                }
                f.stack.push(f.stack[a as usize].clone());
                f.stack.push(f.stack[b as usize].clone());
                f.ip += 1;
            }
            Instr::LoadFastLoadConst(a, c) => {
                if matches!(f.stack[a as usize], Value::Unbound) {
                    return Err(unbound_local(vm, code, a as u32));
                }
                f.stack.push(f.stack[a as usize].clone());
                f.stack.push(consts[c as usize].clone());
                f.ip += 1;
            }
            Instr::LoadFastSubscrConst(a, c) => {
                let fast = match (&f.stack[a as usize], &consts[c as usize]) {
                    (Value::List(l), Value::Int(i)) => {
                        let l = l.borrow();
                        let j = if *i < 0 { *i + l.len() as i64 } else { *i };
                        if j >= 0 && (j as usize) < l.len() {
                            Some(l[j as usize].clone())
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                let v = match fast {
                    Some(v) => v,
                    None => {
                        let obj = f.stack[a as usize].clone();
                        if matches!(obj, Value::Unbound) {
                            return Err(unbound_local(vm, code, a as u32));
                        }
                        ops::getitem(vm, &obj, &consts[c as usize])?
                    }
                };
                f.stack.push(v);
                f.ip += 2;
            }
            Instr::LoadFastBinaryConst(op, a, c) => {
                f.ip += 2;
                if let Some(r) = arith_values(op, &f.stack[a as usize], &consts[c as usize]) {
                    f.stack.push(r);
                    continue;
                }
                let x = f.stack[a as usize].clone();
                if matches!(x, Value::Unbound) {
                    return Err(unbound_local(vm, code, a as u32));
                }
                let r = ops::binary(vm, op, &x, &consts[c as usize])?;
                f.stack.push(r);
            }
            Instr::DupTop2 => {
                let n = f.stack.len();
                f.stack.push(f.stack[n - 2].clone());
                f.stack.push(f.stack[n - 1].clone());
                f.ip += 1;
            }
            Instr::StoreSubscrAug => {
                let v = pop!(f);
                let key = pop!(f);
                let obj = pop!(f);
                f.ip += 2;
                if let (Value::List(l), Value::Int(i)) = (&obj, &key) {
                    let mut lb = l.borrow_mut();
                    let j = if *i < 0 { *i + lb.len() as i64 } else { *i };
                    if j >= 0 && (j as usize) < lb.len() {
                        let old = std::mem::replace(&mut lb[j as usize], v);
                        drop(lb);
                        release(old);
                        continue;
                    }
                    drop(lb);
                }
                ops::setitem(vm, &obj, &key, v)?;
            }
            Instr::StoreFastLoadFast(a, b) => {
                let v = pop!(f);
                release_checked!(vm, std::mem::replace(&mut f.stack[a as usize], v));
                let vb = f.stack[b as usize].clone();
                if matches!(vb, Value::Unbound) {
                    return Err(unbound_local(vm, code, b as u32));
                }
                f.stack.push(vb);
                f.ip += 1;
            }
            Instr::CompareJumpIfFalse(op, t) => {
                let truth = if fast_compare(&mut f.stack, op) {
                    matches!(f.stack.pop(), Some(Value::Bool(Truth::True)))
                } else {
                    let b = pop!(f);
                    let a = pop!(f);
                    let r = ops::compare(vm, op, &a, &b)?;
                    match r {
                        Value::Bool(x) => x.get(),
                        other => ops::truthy(vm, &other)?,
                    }
                };
                if truth {
                    f.ip += 1;
                } else {
                    f.ip = t as usize;
                }
            }
            Instr::StoreFast(i) => {
                let v = pop!(f);
                release_checked!(vm, std::mem::replace(&mut f.stack[i as usize], v));
            }
            Instr::DeleteFast(i) => {
                if matches!(
                    std::mem::replace(&mut f.stack[i as usize], Value::Unbound),
                    Value::Unbound
                ) {
                    return Err(unbound_local(vm, code, i));
                }
                safe_point!(vm);
            }
            Instr::LoadDeref(i) => {
                let v = f.cells[i as usize].borrow().clone();
                if is_unbound_cell(&v) {
                    return Err(unbound_deref(vm, code, i as usize));
                }
                f.stack.push(v);
            }
            Instr::StoreDeref(i) => {
                let v = pop!(f);
                *f.cells[i as usize].borrow_mut() = v;
            }
            Instr::DeleteDeref(i) => {
                let old =
                    std::mem::replace(&mut *f.cells[i as usize].borrow_mut(), unbound_marker());
                if is_unbound_cell(&old) {
                    return Err(unbound_deref(vm, code, i as usize));
                }
            }
            Instr::LoadClosure(i) => f.stack.push(Value::Cell(f.cells[i as usize].clone())),
            Instr::LoadClassDeref(i) => {
                let ci = i as usize;
                let name = if ci < code.cellvars.len() {
                    &code.cellvars[ci]
                } else {
                    &code.freevars[ci - code.cellvars.len()]
                };
                let key = vm.intern(name);
                let found = match &f.locals_map {
                    Some(m) => {
                        let m = m.clone();
                        mapping_get(vm, &m, &key)?
                    }
                    None => f.locals_dict.as_ref().and_then(|d| d.get_str(&key)),
                };
                match found {
                    Some(v) => f.stack.push(v),
                    None => {
                        let v = f.cells[ci].borrow().clone();
                        if is_unbound_cell(&v) {
                            return Err(unbound_deref(vm, code, ci));
                        }
                        f.stack.push(v);
                    }
                }
            }
            Instr::LoadName(i) => {
                let name = &names[i as usize];
                if let Some(m) = &f.locals_map {
                    let m = m.clone();
                    if let Some(v) = mapping_get(vm, &m, name)? {
                        f.stack.push(v);
                        continue;
                    }
                }
                let v = match f.locals_dict.as_ref().and_then(|d| d.get_str(name)) {
                    Some(v) => v,
                    None => match globals.get_str(name) {
                        Some(v) => v,
                        None => match vm.builtins.get_str(name) {
                            Some(v) => v,
                            None => {
                                let n = name.clone();
                                return Err(name_error(vm, n.as_str()));
                            }
                        },
                    },
                };
                f.stack.push(v);
            }
            Instr::StoreName(i) => {
                let v = pop!(f);
                let name = names[i as usize].clone();
                if let Some(m) = &f.locals_map {
                    let m = m.clone();
                    ops::setitem(vm, &m, &Value::Str(name), v)?;
                    safe_point!(vm);
                    continue;
                }
                match &f.locals_dict {
                    Some(d) => d.set_str(name, v),
                    None => globals.set_str(name, v),
                }
                safe_point!(vm);
            }
            Instr::DeleteName(i) => {
                let name = names[i as usize].clone();
                if let Some(m) = &f.locals_map {
                    let m = m.clone();
                    if let Err(e) = ops::delitem(vm, &m, &Value::Str(name.clone())) {
                        if e.class().is_subclass(&vm.exc(ExcKind::KeyError)) {
                            return Err(name_error(vm, name.as_str()));
                        }
                        return Err(e);
                    }
                    continue;
                }
                let d = f.locals_dict.clone().unwrap_or_else(|| globals.clone());
                if d.del_str(&name).is_none() {
                    return Err(name_error(vm, name.as_str()));
                }
                safe_point!(vm);
            }
            Instr::LoadGlobal(i) => {
                let (gv, bv) = (globals.version(), vm.builtins.version());
                let cached = match func.global_cache.borrow().get(i as usize) {
                    Some(Some(slot))
                        if slot.globals_version == gv && slot.builtins_version == bv =>
                    {
                        if slot.in_builtins {
                            vm.builtins.value_at(slot.pos)
                        } else {
                            globals.value_at(slot.pos)
                        }
                    }
                    _ => None,
                };
                if let Some(v) = cached {
                    f.stack.push(v);
                    continue;
                }
                let name = &names[i as usize];
                let (v, in_builtins, pos) = match globals.position_str(name) {
                    Some(p) => (globals.value_at(p), false, p),
                    None => match vm.builtins.position_str(name) {
                        Some(p) => (vm.builtins.value_at(p), true, p),
                        None => (None, false, 0),
                    },
                };
                let Some(v) = v else {
                    let n = name.clone();
                    return Err(name_error(vm, n.as_str()));
                };
                {
                    let mut cache = func.global_cache.borrow_mut();
                    if cache.len() < names.len() {
                        cache.resize(names.len(), None);
                    }
                    cache[i as usize] = Some(rupy_objects::GlobalSlot {
                        globals_version: gv,
                        builtins_version: bv,
                        in_builtins,
                        pos,
                    });
                }
                f.stack.push(v);
            }
            Instr::StoreGlobal(i) => {
                let v = pop!(f);
                globals.set_str(names[i as usize].clone(), v);
                safe_point!(vm);
            }
            Instr::DeleteGlobal(i) => {
                let name = names[i as usize].clone();
                if globals.del_str(&name).is_none() {
                    return Err(name_error(vm, name.as_str()));
                }
                safe_point!(vm);
            }
            Instr::LoadAttr(i) => {
                let obj = pop!(f);
                let v =
                    ops::attr::load_attr_cached(vm, &f.func, i as usize, &obj, &names[i as usize])?;
                f.stack.push(v);
            }
            Instr::StoreAttr(i) => {
                let obj = pop!(f);
                let v = pop!(f);
                ops::attr::store_attr_cached(vm, &f.func, i as usize, &obj, &names[i as usize], v)?;
            }
            Instr::DeleteAttr(i) => {
                let obj = pop!(f);
                let name = names[i as usize].clone();
                ops::delattr(vm, &obj, &name)?;
                safe_point!(vm);
            }
            Instr::LoadMethod(i) => {
                let obj = pop!(f);
                let name = names[i as usize].clone();
                match ops::load_method(vm, &obj, &name)? {
                    ops::MethodLookup::Unbound(m) => {
                        f.stack.push(m);
                        f.stack.push(obj);
                    }
                    ops::MethodLookup::Bound(m) => {
                        // An Ellipsis below the callable means "no receiver to prepend"
                        // (a real callable is never Ellipsis).
                        f.stack.push(Value::Ellipsis);
                        f.stack.push(m);
                    }
                }
            }
            Instr::CallMethod(argc) => {
                safe_point!(vm);
                let argc = argc as usize;
                let base = f.stack.len() - argc - 2;
                note_frame_aware(vm, f, base + 1);
                let r = {
                    let (callable, rest) = (&f.stack[base], &f.stack[base + 1..]);
                    if matches!(callable, Value::Ellipsis) {
                        let (c, args) = (&rest[0], &rest[1..]);
                        call_fast(vm, c, args)
                    } else {
                        call_fast(vm, callable, rest)
                    }
                };
                f.stack.truncate(base);
                f.stack.push(r?);
                // Objects the call released (its frame's locals) are finalised before the
                // caller goes on, as CPython does it on return.
                safe_point!(vm);
            }
            Instr::Subscr => {
                // list[int] without leaving the loop.
                let n = f.stack.len();
                if n >= 2
                    && let (Value::List(l), Value::Int(i)) = (&f.stack[n - 2], &f.stack[n - 1])
                {
                    let l = l.borrow();
                    let j = if *i < 0 { *i + l.len() as i64 } else { *i };
                    if j >= 0 && (j as usize) < l.len() {
                        let v = l[j as usize].clone();
                        drop(l);
                        if let Some(k) = f.stack.pop() {
                            std::mem::forget(k);
                        }
                        f.stack[n - 2] = v;
                        continue;
                    }
                }
                let key = pop!(f);
                let obj = pop!(f);
                let v = ops::getitem(vm, &obj, &key)?;
                f.stack.push(v);
            }
            Instr::StoreSubscr => {
                let n = f.stack.len();
                if n >= 3
                    && let (Value::List(l), Value::Int(i)) = (&f.stack[n - 2], &f.stack[n - 1])
                {
                    let len = l.borrow().len();
                    let j = if *i < 0 { *i + len as i64 } else { *i };
                    if j >= 0 && (j as usize) < len {
                        let l = l.clone();
                        if let Some(k) = f.stack.pop() {
                            std::mem::forget(k);
                        }
                        f.stack.pop();
                        if let Some(v) = f.stack.pop() {
                            let old = std::mem::replace(&mut l.borrow_mut()[j as usize], v);
                            drop(old);
                        }
                        continue;
                    }
                }
                let key = pop!(f);
                let obj = pop!(f);
                let v = pop!(f);
                ops::setitem(vm, &obj, &key, v)?;
            }
            Instr::DeleteSubscr => {
                let key = pop!(f);
                let obj = pop!(f);
                ops::delitem(vm, &obj, &key)?;
                safe_point!(vm);
            }
            Instr::BuildSlice(n) => {
                let step = if n == 3 { pop!(f) } else { Value::None };
                let stop = pop!(f);
                let start = pop!(f);
                f.stack
                    .push(Value::Slice(Rc::new(rupy_objects::misc::PySlice {
                        start,
                        stop,
                        step,
                    })));
            }
            Instr::LoadFastBinary(op, a) => {
                f.ip += 1;
                let a = a as usize;
                if let Some(x) = f.stack.last()
                    && let Some(r) = arith_values(op, x, &f.stack[a])
                {
                    set_top_inline(&mut f.stack, r);
                    continue;
                }
                let y = f.stack[a].clone();
                if matches!(y, Value::Unbound) {
                    return Err(unbound_local(vm, code, a as u32));
                }
                let x = pop!(f);
                let r = ops::binary(vm, op, &x, &y)?;
                f.stack.push(r);
            }
            Instr::LoadConstBinary(op, c) => {
                f.ip += 1;
                let y = &consts[c as usize];
                if let Some(x) = f.stack.last()
                    && let Some(r) = arith_values(op, x, y)
                {
                    set_top_inline(&mut f.stack, r);
                    continue;
                }
                let x = pop!(f);
                let r = ops::binary(vm, op, &x, y)?;
                f.stack.push(r);
            }
            Instr::LoadConstBinaryStoreFast(op, c, i) => {
                f.ip += 1;
                let y = &consts[c as usize];
                let x = pop!(f);
                let r = match arith_values(op, &x, y) {
                    Some(r) => r,
                    None => ops::binary(vm, op, &x, y)?,
                };
                release_checked!(vm, x);
                f.ip += 1;
                release_checked!(vm, std::mem::replace(&mut f.stack[i as usize], r));
            }
            Instr::Binary(op) => {
                if fast_arith(&mut f.stack, op) {
                    continue;
                }
                let b = pop!(f);
                let a = pop!(f);
                let r = ops::binary(vm, op, &a, &b)?;
                f.stack.push(r);
            }
            Instr::Inplace(op) => {
                if fast_arith(&mut f.stack, op) {
                    continue;
                }
                let b = pop!(f);
                let a = pop!(f);
                let r = ops::inplace(vm, op, &a, &b)?;
                f.stack.push(r);
            }
            Instr::Unary(op) => {
                let a = pop!(f);
                let r = ops::unary(vm, op, &a)?;
                f.stack.push(r);
            }
            Instr::Compare(op) => {
                if fast_compare(&mut f.stack, op) {
                    continue;
                }
                let b = pop!(f);
                let a = pop!(f);
                let r = ops::compare(vm, op, &a, &b)?;
                f.stack.push(r);
            }
            Instr::Is(neg) => {
                let b = pop!(f);
                let a = pop!(f);
                f.stack.push(Value::bool(a.is(&b) != neg));
            }
            Instr::In(neg) => {
                let b = pop!(f);
                let a = pop!(f);
                let r = ops::contains(vm, &b, &a)?;
                f.stack.push(Value::bool(r != neg));
            }
            Instr::Jump(t) => {
                let t = t as usize;
                if t < f.ip {
                    // A loop's back-edge: charge the iteration to the instruction budget.
                    vm.ticks_left -= (f.ip - t) as i64;
                    if vm.ticks_left < 0 {
                        return Err(crate::thread::budget_exhausted(vm));
                    }
                }
                safe_point!(vm);
                f.ip = t;
                // A loop's head runs here rather than through another dispatch.
                if let Some(&Instr::ForIterStoreFast(end, x)) = instrs.get(t) {
                    f.ip = t + 1;
                    for_iter_store!(vm, f, end, x);
                }
            }
            Instr::PopJumpIfFalse(t) | Instr::PopJumpIfTrue(t) => {
                let v = pop!(f);
                let b = match &v {
                    Value::Bool(b) => b.get(),
                    _ => ops::truthy(vm, &v)?,
                };
                release(v);
                if b == matches!(instr, Instr::PopJumpIfTrue(_)) {
                    f.ip = t as usize;
                }
            }
            Instr::JumpIfFalseOrPop(t) => {
                let b = ops::truthy(vm, top(f)?)?;
                if !b {
                    f.ip = t as usize;
                } else {
                    pop!(f);
                }
            }
            Instr::JumpIfTrueOrPop(t) => {
                let b = ops::truthy(vm, top(f)?)?;
                if b {
                    f.ip = t as usize;
                } else {
                    pop!(f);
                }
            }
            Instr::PopJumpIfNone(t) => {
                if pop!(f).is_none() {
                    f.ip = t as usize;
                }
            }
            Instr::PopJumpIfNotNone(t) => {
                if !pop!(f).is_none() {
                    f.ip = t as usize;
                }
            }
            Instr::GetIter => {
                let v = pop!(f);
                let it = ops::get_iter(vm, &v)?;
                f.stack.push(it);
            }
            Instr::ForIter(t) => {
                safe_point!(vm);
                match next_item!(vm, f) {
                    Some(v) => f.stack.push(v),
                    None => {
                        pop!(f);
                        f.ip = t as usize;
                    }
                }
            }
            Instr::ForIterStoreFast(t, x) => {
                safe_point!(vm);
                for_iter_store!(vm, f, t, x);
            }
            Instr::Call(argc) => {
                safe_point!(vm);
                let base = f.stack.len() - argc as usize - 1;
                note_frame_aware(vm, f, base);
                let r = call_fast(vm, &f.stack[base], &f.stack[base + 1..]);
                f.stack.truncate(base);
                f.stack.push(r?);
                // Objects the call released (its frame's locals) are finalised before the
                // caller goes on, as CPython does it on return.
                safe_point!(vm);
            }
            Instr::CallKw(argc, names) => {
                safe_point!(vm);
                let names = match &consts[names as usize] {
                    Value::Tuple(t) => t.clone(),
                    _ => Rc::new(Vec::new()),
                };
                let argc = argc as usize;
                let base = f.stack.len() - argc - 1;
                note_frame_aware(vm, f, base);
                let npos = argc - names.len();
                let kw = crate::call::kw_pairs(&names, &f.stack[base + 1 + npos..]);
                let r = call_value(
                    vm,
                    &f.stack[base].clone(),
                    &f.stack[base + 1..base + 1 + npos],
                    &kw,
                );
                f.stack.truncate(base);
                f.stack.push(r?);
                // Objects the call released (its frame's locals) are finalised before the
                // caller goes on, as CPython does it on return.
                safe_point!(vm);
            }
            Instr::CallEx(has_kw) => {
                safe_point!(vm);
                let kw = if has_kw { Some(pop!(f)) } else { None };
                let args = pop!(f);
                let func = pop!(f);
                f.stack.push(func.clone());
                note_frame_aware(vm, f, f.stack.len() - 1);
                f.stack.pop();
                let r = crate::call::call_ex(vm, &func, &args, kw.as_ref())?;
                f.stack.push(r);
                // Objects the call released (its frame's locals) are finalised before the
                // caller goes on, as CPython does it on return.
                safe_point!(vm);
            }
            Instr::MakeFunction(flags) => {
                let code_v = pop!(f);
                let closure = if flags & 8 != 0 { Some(pop!(f)) } else { None };
                let ann = if flags & 4 != 0 { Some(pop!(f)) } else { None };
                let kwdefaults = if flags & 2 != 0 { Some(pop!(f)) } else { None };
                let defaults = if flags & 1 != 0 { Some(pop!(f)) } else { None };
                let Value::Code(fcode) = code_v else {
                    return Err(vm.err(ExcKind::SystemError, "MakeFunction without code"));
                };
                let func = make_function(vm, f, fcode, defaults, kwdefaults, ann, closure);
                f.stack.push(func);
            }
            Instr::Return => {
                let v = pop!(f);
                return Ok(Exit::Return(v));
            }
            Instr::Yield => {
                let v = pop!(f);
                return Ok(Exit::Yield(v));
            }
            Instr::YieldFrom => {
                let sent = pop!(f);
                let sub = top(f)?.clone();
                match yield_from_step(vm, &sub, sent)? {
                    GenStep::Yielded(v) => {
                        f.ip -= 1;
                        return Ok(Exit::Yield(v));
                    }
                    GenStep::Returned(r) => {
                        pop!(f);
                        f.stack.push(r);
                    }
                }
            }
            Instr::GetYieldFromIter => {
                let v = pop!(f);
                let it = match v {
                    Value::Generator(_) => v,
                    _ => ops::get_iter(vm, &v)?,
                };
                f.stack.push(it);
            }
            Instr::BuildTuple(n) => {
                let at = f.stack.len() - n as usize;
                let items = f.stack.split_off(at);
                f.stack.push(Value::tuple(items));
            }
            Instr::BuildList(n) => {
                let at = f.stack.len() - n as usize;
                let items = f.stack.split_off(at);
                f.stack.push(Value::list(items));
            }
            Instr::BuildSet(n) => {
                let at = f.stack.len() - n as usize;
                let items = f.stack.split_off(at);
                let s = rupy_objects::PySet::new();
                for it in items {
                    crate::types::set::set_add(vm, &s, it)?;
                }
                f.stack.push(Value::new_set(s));
            }
            Instr::BuildConstSet => {
                let t = pop!(f);
                let mut items = Vec::new();
                if let Value::Tuple(t) = &t {
                    for it in t.iter() {
                        items.push((ops::hash(vm, it)?, it.clone()));
                    }
                }
                f.stack
                    .push(Value::new_set(rupy_objects::PySet::from_const_items(
                        items,
                    )?));
            }
            Instr::BuildMap(n) => {
                let at = f.stack.len() - 2 * n as usize;
                let d = PyDict::with_capacity(n as usize);
                {
                    let mut it = f.stack.drain(at..);
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        let h = ops::hash(vm, &k)?;
                        d.insert(h, k, v, &mut |a, b| ops::eq(vm, a, b))?;
                    }
                }
                f.stack.push(Value::new_dict(d));
            }
            Instr::BuildString(n) => {
                let at = f.stack.len() - n as usize;
                let items = f.stack.split_off(at);
                let mut s = String::new();
                for it in &items {
                    if let Value::Str(p) = it {
                        s.push_str(p.as_str());
                    }
                }
                f.stack.push(Value::string(s));
            }
            Instr::FormatValue(flags) => {
                let spec = if flags & 4 != 0 { Some(pop!(f)) } else { None };
                let v = pop!(f);
                let v = match flags & 3 {
                    1 => Value::Str(ops::to_str(vm, &v)?),
                    2 => Value::Str(ops::repr(vm, &v)?),
                    3 => Value::string(crate::types::str::ascii_of(&ops::repr_string(vm, &v)?)),
                    _ => v,
                };
                let spec_s = match &spec {
                    Some(Value::Str(s)) => s.as_str().to_owned(),
                    _ => String::new(),
                };
                let r = match (&v, spec_s.is_empty()) {
                    (Value::Str(_), true) => v,
                    _ => crate::builtins::format_value(vm, &v, &spec_s)?,
                };
                f.stack.push(r);
            }
            Instr::ListAppend(i) => {
                let v = pop!(f);
                let len = f.stack.len();
                if let Value::List(l) = &f.stack[len - i as usize] {
                    let mut items = l.borrow_mut();
                    vm.grow(&mut items, 1)?;
                    items.push(v);
                }
            }
            Instr::SetAdd(i) => {
                let v = pop!(f);
                let len = f.stack.len();
                if let Value::Set(s) = f.stack[len - i as usize].clone() {
                    crate::types::set::set_add(vm, &s, v)?;
                }
            }
            Instr::MapAdd(i) => {
                let v = pop!(f);
                let k = pop!(f);
                let len = f.stack.len();
                if let Value::Dict(d) = f.stack[len - i as usize].clone() {
                    let h = ops::hash(vm, &k)?;
                    d.insert(h, k, v, &mut |a, b| ops::eq(vm, a, b))?;
                }
            }
            Instr::ListExtend(i) => {
                let v = pop!(f);
                let len = f.stack.len();
                let target = f.stack[len - i as usize].clone();
                let items = match ops::collect(vm, &v) {
                    Ok(items) => items,
                    Err(e) => {
                        if e.class().is_subclass(&vm.exc(ExcKind::TypeError))
                            && ops::get_iter(vm, &v).is_err()
                        {
                            return Err(vm.type_error(format!(
                                "Value after * must be an iterable, not {}",
                                ops::type_name(vm, &v)
                            )));
                        }
                        return Err(e);
                    }
                };
                if let Value::List(l) = target {
                    let mut v = l.borrow_mut();
                    vm.grow(&mut v, items.len())?;
                    v.extend(items);
                }
            }
            Instr::SetUpdate(i) => {
                let v = pop!(f);
                let len = f.stack.len();
                if let Value::Set(s) = f.stack[len - i as usize].clone() {
                    for it in ops::collect(vm, &v)? {
                        crate::types::set::set_add(vm, &s, it)?;
                    }
                }
            }
            Instr::DictUpdate(i) | Instr::DictMerge(i) => {
                let v = pop!(f);
                let len = f.stack.len();
                if let Value::Dict(d) = f.stack[len - i as usize].clone() {
                    if let Instr::DictMerge(_) = instr {
                        crate::types::dict::merge_kwargs(vm, &d, &v, &f.stack, len)?;
                    } else {
                        crate::types::dict::update(vm, &d, &v)?;
                    }
                }
            }
            Instr::ListToTuple => {
                let v = pop!(f);
                if let Value::List(l) = v {
                    let items = std::mem::take(&mut *l.borrow_mut());
                    f.stack.push(Value::tuple(items));
                } else {
                    f.stack.push(v);
                }
            }
            Instr::UnpackSequence(n) => {
                let v = pop!(f);
                if let Value::Tuple(t) = &v
                    && t.len() == n as usize
                {
                    f.stack.extend(t.iter().rev().cloned());
                    continue;
                }
                unpack(vm, f, v, n as usize, None)?;
            }
            Instr::UnpackEx(before, after) => {
                let v = pop!(f);
                unpack(vm, f, v, before as usize, Some(after as usize))?;
            }
            Instr::Raise(n) => {
                return Err(match n {
                    0 => match vm.handled.last() {
                        Some(v) => crate::exceptions::reraise_obj(v.clone()),
                        None => vm.err(ExcKind::RuntimeError, "No active exception to reraise"),
                    },
                    1 => {
                        let e = pop!(f);
                        crate::exceptions::make_raise(vm, e, None)?
                    }
                    _ => {
                        let cause = pop!(f);
                        let e = pop!(f);
                        crate::exceptions::make_raise(vm, e, Some(cause))?
                    }
                });
            }
            Instr::Reraise => {
                let e = pop!(f);
                return Err(crate::exceptions::reraise_obj(e));
            }
            Instr::PushExcInfo => {
                let e = top(f)?.clone();
                vm.handled.push(e);
            }
            Instr::PopExcept => {
                vm.handled.pop();
            }
            Instr::CheckExcMatch => {
                let ty = pop!(f);
                let exc = top(f)?.clone();
                let m = crate::exceptions::exc_matches(vm, &exc, &ty)?;
                f.stack.push(Value::bool(m));
            }
            Instr::BeforeWith => {
                let mgr = pop!(f);
                let (exit, enter) = crate::exceptions::with_enter(vm, &mgr)?;
                f.stack.push(exit);
                f.stack.push(enter);
            }
            Instr::BeforeAsyncWith => {
                let mgr = pop!(f);
                let (exit, enter) = crate::exceptions::async_with_enter(vm, &mgr)?;
                f.stack.push(exit);
                f.stack.push(enter);
            }
            Instr::GetAwaitable => {
                let v = pop!(f);
                let it = crate::generator::awaitable_iter(vm, v)?;
                f.stack.push(it);
            }
            Instr::WithExceptStart => {
                let exc = top(f)?.clone();
                let exit = f.stack[f.stack.len() - 2].clone();
                let ty = Value::Class(vm.type_of(&exc));
                let tb = crate::exceptions::traceback_value(vm, &exc);
                let r = call_value(vm, &exit, &[ty, exc, tb], &[])?;
                f.stack.push(r);
            }
            Instr::WithExit => {
                let exit = pop!(f);
                call_value(vm, &exit, &[Value::None, Value::None, Value::None], &[])?;
            }
            Instr::ImportName(i) => {
                let fromlist = pop!(f);
                let level = pop!(f);
                let name = names[i as usize].clone();
                let m = crate::import::import_name(vm, globals, name.as_str(), &fromlist, &level)?;
                f.stack.push(m);
            }
            Instr::ImportFrom(i) => {
                let m = top(f)?.clone();
                let name = names[i as usize].clone();
                let v = crate::import::import_from(vm, &m, &name)?;
                f.stack.push(v);
            }
            Instr::ImportStar => {
                let m = pop!(f);
                let target = f.locals_dict.clone().unwrap_or_else(|| globals.clone());
                crate::import::import_star(vm, &m, &target)?;
            }
            Instr::LoadBuildClass => {
                let v = vm.builtins.get_s("__build_class__").unwrap_or(Value::None);
                f.stack.push(v);
            }
            Instr::TypeParam(kind) => {
                let extra = match kind {
                    TypeParamKind::TypeVarBound | TypeParamKind::TypeVarConstraints => {
                        Some(pop!(f))
                    }
                    _ => None,
                };
                let name = pop!(f);
                let v = crate::typeparams::make_type_param(vm, kind, name, extra)?;
                f.stack.push(v);
            }
            Instr::BuildInterpolation(conv) => {
                let spec = pop!(f);
                let expr = pop!(f);
                let value = pop!(f);
                let conversion = match conv {
                    Conversion::None => Value::None,
                    Conversion::Str => Value::str("s"),
                    Conversion::Repr => Value::str("r"),
                    Conversion::Ascii => Value::str("a"),
                };
                let v =
                    crate::types::template::build_interpolation(vm, value, expr, conversion, spec);
                f.stack.push(v);
            }
            Instr::BuildTemplate(n) => {
                let at = f.stack.len() - n as usize;
                let parts = f.stack.split_off(at);
                let v = crate::types::template::build_template(vm, parts)?;
                f.stack.push(v);
            }
            Instr::GenericBase => {
                let params = pop!(f);
                let v = crate::typeparams::generic_base(vm, params)?;
                f.stack.push(v);
            }
            Instr::TypeAlias => {
                let value_fn = pop!(f);
                let params = pop!(f);
                let name = pop!(f);
                let v = crate::typeparams::type_alias(vm, name, params, value_fn)?;
                f.stack.push(v);
            }
            Instr::LoadAssertionError => {
                f.stack.push(Value::Class(vm.exc(ExcKind::AssertionError)))
            }
            Instr::SetupAnnotations => {
                if let Some(m) = &f.locals_map {
                    let m = m.clone();
                    let key = Value::str("__annotations__");
                    let name = vm.intern("__annotations__");
                    if mapping_get(vm, &m, &name)?.is_none() {
                        ops::setitem(vm, &m, &key, Value::Dict(PyDict::new_rc()))?;
                    }
                    continue;
                }
                let d = f.locals_dict.clone().unwrap_or_else(|| globals.clone());
                if d.get_s("__annotations__").is_none() {
                    d.set_s("__annotations__", Value::Dict(PyDict::new_rc()));
                }
            }
            Instr::LoadLocals => {
                if let Some(m) = &f.locals_map {
                    f.stack.push(m.clone());
                    continue;
                }
                let d = f.locals_dict.clone().unwrap_or_else(|| globals.clone());
                f.stack.push(Value::Dict(d));
            }
            Instr::GetLen => {
                let v = top(f)?.clone();
                let n = ops::len(vm, &v)?;
                f.stack.push(Value::Int(n as i64));
            }
            Instr::MatchMapping => {
                let v = top(f)?.clone();
                let b = crate::types::is_mapping(vm, &v);
                f.stack.push(Value::bool(b));
            }
            Instr::MatchSequence => {
                let v = top(f)?.clone();
                let b = crate::types::is_match_sequence(vm, &v);
                f.stack.push(Value::bool(b));
            }
            Instr::MatchKeys => {
                let keys = top(f)?.clone();
                let subject = f.stack[f.stack.len() - 2].clone();
                let r = crate::types::match_keys(vm, &subject, &keys)?;
                f.stack.push(r);
            }
            Instr::MatchClass(n) => {
                let kwnames = pop!(f);
                let cls = pop!(f);
                let subject = pop!(f);
                let r = crate::types::match_class(vm, &subject, &cls, n as usize, &kwnames)?;
                f.stack.push(r);
            }
            Instr::CopyDictWithout => {
                let keys = pop!(f);
                let subject = top(f)?.clone();
                let r = crate::types::copy_dict_without(vm, &subject, &keys)?;
                f.stack.push(r);
            }
            Instr::PrintExpr => {
                let v = pop!(f);
                if !v.is_none() {
                    let s = ops::repr_string(vm, &v)?;
                    crate::builtins::write_stdout(vm, &format!("{}\n", s))?;
                    vm.builtins.set_s("_", v);
                }
            }
            Instr::GenStopIteration => {}
        }
    }
}

/// `a op b` for two ints or two floats, done in place on the value stack (no calls, no drops:
/// the operands are inline values). False if the operands need the general path.
/// `a op b` for two ints, two floats or an int and a float, when no Python code or error
/// is involved; None means "take the general path".
#[inline(always)]
fn arith_values(op: rupy_objects::code::BinOp, a: &Value, b: &Value) -> Option<Value> {
    use rupy_objects::code::BinOp;
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let (x, y) = (*x, *y);
            Value::Int(match op {
                BinOp::Add => x.checked_add(y)?,
                BinOp::Sub => x.checked_sub(y)?,
                BinOp::Mul => x.checked_mul(y)?,
                BinOp::Mod if y > 0 && x >= 0 => x % y,
                BinOp::FloorDiv if y > 0 && x >= 0 => x / y,
                BinOp::And => x & y,
                BinOp::Or => x | y,
                BinOp::Xor => x ^ y,
                _ => return None,
            })
        }
        (Value::Float(x), Value::Float(y)) => {
            let (x, y) = (x.get(), y.get());
            Value::float(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::TrueDiv if y != 0.0 => x / y,
                // Positive base, finite exponent: no domain errors; overflow takes the slow path.
                BinOp::Pow if x > 0.0 && y.is_finite() => {
                    let r = x.powf(y);
                    if !r.is_finite() {
                        return None;
                    }
                    r
                }
                _ => return None,
            })
        }
        (Value::Float(x), Value::Int(y)) if y.unsigned_abs() < (1 << 53) => {
            let (x, y) = (x.get(), *y as f64);
            Value::float(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::TrueDiv if y != 0.0 => x / y,
                _ => return None,
            })
        }
        (Value::Int(x), Value::Float(y)) if x.unsigned_abs() < (1 << 53) => {
            let (x, y) = (*x as f64, y.get());
            Value::float(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::TrueDiv if y != 0.0 => x / y,
                _ => return None,
            })
        }
        _ => return None,
    })
}

/// Replace the top of the stack, known to hold an inline value (no drop glue to run).
#[inline(always)]
fn set_top_inline(stack: &mut [Value], r: Value) {
    if let Some(top) = stack.last_mut() {
        std::mem::forget(std::mem::replace(top, r));
    }
}

/// `a op b` on the top two stack items, in place, when `arith_values` handles them (the
/// operands are inline values: forgetting them skips drop glue and leaks nothing).
#[inline(always)]
fn fast_arith(stack: &mut Vec<Value>, op: rupy_objects::code::BinOp) -> bool {
    let n = stack.len();
    if n < 2 {
        return false;
    }
    let Some(r) = arith_values(op, &stack[n - 2], &stack[n - 1]) else {
        return false;
    };
    if let Some(b) = stack.pop() {
        std::mem::forget(b);
    }
    std::mem::forget(std::mem::replace(&mut stack[n - 2], r));
    true
}

#[inline(always)]
fn fast_compare(stack: &mut Vec<Value>, op: rupy_objects::code::CmpOp) -> bool {
    let n = stack.len();
    if n < 2 {
        return false;
    }
    let r = match (&stack[n - 2], &stack[n - 1]) {
        (Value::Int(x), Value::Int(y)) => ops::ord_matches(op, x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => {
            use rupy_objects::code::CmpOp::*;
            match op {
                Lt => x.get() < y.get(),
                Le => x.get() <= y.get(),
                Eq => x.get() == y.get(),
                Ne => x.get() != y.get(),
                Gt => x.get() > y.get(),
                Ge => x.get() >= y.get(),
            }
        }
        _ => return false,
    };
    if let Some(b) = stack.pop() {
        std::mem::forget(b);
    }
    std::mem::forget(std::mem::replace(&mut stack[n - 2], Value::bool(r)));
    true
}

/// Drop a value, skipping the out-of-line drop glue for inline values (ints, floats, bools,
/// None), which own nothing. True when it was a heap value (whose drop may have queued
/// finalizers).
#[inline(always)]
fn release(v: Value) -> bool {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None | Value::Unbound => {
            std::mem::forget(v);
            false
        }
        other => {
            drop(other);
            true
        }
    }
}

#[cold]
fn unbound_local(vm: &mut Vm, code: &Code, i: u32) -> PyErr {
    unbound_local_named(vm, &code.varnames[i as usize])
}

#[cold]
fn unbound_local_named(vm: &mut Vm, name: &str) -> PyErr {
    vm.err(
        ExcKind::UnboundLocalError,
        format!(
            "cannot access local variable '{}' where it is not associated with a value",
            name
        ),
    )
}

/// Natives such as `globals()` and zero-argument `super()` see their caller's frame.
#[inline(always)]
/// `mapping[name]` of a class namespace that is not an exact dict; `None` on KeyError.
#[cold]
fn mapping_get(vm: &mut Vm, m: &Value, name: &Rc<PyStr>) -> PyResult<Option<Value>> {
    match ops::getitem(vm, m, &Value::Str(name.clone())) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.class().is_subclass(&vm.exc(ExcKind::KeyError)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn note_frame_aware(vm: &mut Vm, f: &Frame, at: usize) {
    vm.note_call_site(f.ip);
    let frame_aware = match &f.stack[at] {
        Value::Native(n) => n.owner == crate::builtins::FRAME_OWNER,
        Value::Class(c) if Rc::ptr_eq(c, &vm.types.type_) => {
            // type(name, bases, ns) takes `__module__` from the caller's globals.
            if f.stack.len() - at == 4 {
                vm.ext_state::<crate::builtins::FrameCtx>().globals = Some(f.globals().clone());
            }
            false
        }
        Value::Class(c) => Rc::ptr_eq(c, &vm.types.super_),
        _ => false,
    };
    if frame_aware {
        crate::builtins::set_frame_ctx(vm, f);
    }
}

#[cold]
fn unbound_deref(vm: &mut Vm, code: &Code, i: usize) -> PyErr {
    if i < code.cellvars.len() {
        unbound_local_named(vm, &code.cellvars[i])
    } else {
        let name = &code.freevars[i - code.cellvars.len()];
        vm.err(
            ExcKind::NameError,
            format!("cannot access free variable '{}' where it is not associated with a value in enclosing scope", name),
        )
    }
}

/// Call with positional args only; the hot path for Python functions avoids `call_value`'s
/// generality.
#[inline]
fn call_fast(vm: &mut Vm, callable: &Value, args: &[Value]) -> PyResult<Value> {
    match callable {
        Value::Function(func) => call_function(vm, func, args, &[]),
        Value::Native(n) if n.bound.is_none() => (n.func)(vm, args, &[]),
        _ => call_value(vm, callable, args, &[]),
    }
}

fn make_function(
    vm: &mut Vm,
    f: &Frame,
    code: Arc<Code>,
    defaults: Option<Value>,
    kwdefaults: Option<Value>,
    ann: Option<Value>,
    closure: Option<Value>,
) -> Value {
    let (consts, names) = code_consts(vm, &code);
    let cells = match closure {
        Some(Value::Tuple(t)) => t
            .iter()
            .filter_map(|c| match c {
                Value::Cell(c) => Some(c.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let defaults = match defaults {
        Some(Value::Tuple(t)) => (*t).clone(),
        _ => Vec::new(),
    };
    let kwdefaults = match kwdefaults {
        Some(Value::Dict(d)) => Some(d),
        _ => None,
    };
    let doc = match &code.docstring {
        Some(d) => Value::str(d),
        None => Value::None,
    };
    let module = f.globals().get_s("__name__").unwrap_or(Value::None);
    let name = vm.intern(&code.name);
    let qualname = vm.intern(&code.qualname);
    let func = Rc::new(Function {
        code,
        globals: f.globals().clone(),
        name: RefCell::new(name),
        qualname: RefCell::new(qualname),
        defaults: RefCell::new(defaults),
        kwdefaults: RefCell::new(kwdefaults),
        closure: cells,
        annotations: RefCell::new(ann),
        dict: RefCell::new(None),
        doc: RefCell::new(doc),
        module: RefCell::new(module),
        consts,
        names,
        global_cache: RefCell::new(Vec::new()),
        attr_cache: RefCell::new(Vec::new()),
    });
    rupy_objects::gc::track(&func);
    Value::Function(func)
}

fn unpack(
    vm: &mut Vm,
    f: &mut Frame,
    v: Value,
    before: usize,
    after: Option<usize>,
) -> PyResult<()> {
    let items: Vec<Value> = match &v {
        Value::Tuple(t) => (**t).clone(),
        Value::List(l) => l.borrow().clone(),
        _ => {
            if !matches!(
                v,
                Value::Str(_)
                    | Value::Dict(_)
                    | Value::Set(_)
                    | Value::Range(_)
                    | Value::Iter(_)
                    | Value::Generator(_)
            ) && let Err(e) = ops::get_iter(vm, &v)
            {
                if e.class().is_subclass(&vm.exc(ExcKind::TypeError)) {
                    return Err(vm.type_error(format!(
                        "cannot unpack non-iterable {} object",
                        ops::type_name(vm, &v)
                    )));
                }
                return Err(e);
            }
            match after {
                None => {
                    // Stop after one extra item, as CPython does.
                    let it = ops::get_iter(vm, &v)?;
                    let mut out = Vec::with_capacity(before);
                    while let Some(x) = ops::next(vm, &it)? {
                        out.push(x);
                        if out.len() > before {
                            return Err(vm.value_error(format!(
                                "too many values to unpack (expected {})",
                                before
                            )));
                        }
                    }
                    out
                }
                Some(_) => ops::collect(vm, &v)?,
            }
        }
    };
    match after {
        None => {
            if items.len() != before {
                return Err(if items.len() > before {
                    vm.value_error(format!("too many values to unpack (expected {})", before))
                } else {
                    vm.value_error(format!(
                        "not enough values to unpack (expected {}, got {})",
                        before,
                        items.len()
                    ))
                });
            }
            f.stack.extend(items.into_iter().rev());
        }
        Some(after) => {
            if items.len() < before + after {
                return Err(vm.value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    before + after,
                    items.len()
                )));
            }
            let mut items = items;
            let tail = items.split_off(items.len() - after);
            let mid = items.split_off(before);
            for x in tail.into_iter().rev() {
                f.stack.push(x);
            }
            f.stack.push(Value::list(mid));
            for x in items.into_iter().rev() {
                f.stack.push(x);
            }
        }
    }
    Ok(())
}

/// Used by `exceptions` to know the error value kind without materialising.
pub fn err_is_lazy(e: &PyErr) -> bool {
    matches!(e.0.value, ErrValue::Lazy(..))
}
