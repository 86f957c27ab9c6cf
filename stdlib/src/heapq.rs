//! `_heapq`, the native half of `Lib/heapq.py`: the min-heap operations (`heappush`,
//! `heappop`, `heapify`, `heapreplace`, `heappushpop`) and their max-heap twins (`*_max`) on a
//! list or list subclass, with CPython's argument errors.
//!
//! Sifting follows CPython's order of comparisons exactly (so heap layouts match): sift-up
//! moves the smaller (larger, for max heaps) child up to a leaf, then sift-down moves the
//! item back toward the root. The list's borrow is never held while a comparison runs
//! (`__lt__` may be Python code touching the heap); after each comparison the length is
//! checked and `RuntimeError: list changed size during iteration` raised if it moved, and
//! positions are re-checked so a heap shrunk behind our back gives an error, not a panic.

use std::cell::RefCell;
use std::rc::Rc;

use rupy_interp::builtins::args::add_fn;
use rupy_interp::ops;
use rupy_objects::code::CmpOp;
use rupy_objects::exc_kinds::ExcKind;
use rupy_objects::{KwArgs, PyDict, PyErr, PyResult, Value, Vm};

type List = Rc<RefCell<Vec<Value>>>;

pub fn init(_vm: &mut Vm, d: &Rc<PyDict>) -> PyResult<()> {
    add_fn(d, "heappush", |vm, a, kw| {
        push(vm, a, kw, "heappush", false)
    });
    add_fn(d, "heappush_max", |vm, a, kw| {
        push(vm, a, kw, "heappush_max", true)
    });
    add_fn(d, "heappop", |vm, a, kw| pop(vm, a, kw, "heappop", false));
    add_fn(d, "heappop_max", |vm, a, kw| {
        pop(vm, a, kw, "heappop_max", true)
    });
    add_fn(d, "heapreplace", |vm, a, kw| {
        replace(vm, a, kw, "heapreplace", false)
    });
    add_fn(d, "heapreplace_max", |vm, a, kw| {
        replace(vm, a, kw, "heapreplace_max", true)
    });
    add_fn(d, "heappushpop", |vm, a, kw| {
        pushpop(vm, a, kw, "heappushpop", false)
    });
    add_fn(d, "heappushpop_max", |vm, a, kw| {
        pushpop(vm, a, kw, "heappushpop_max", true)
    });
    add_fn(d, "heapify", |vm, a, kw| {
        heapify(vm, a, kw, "heapify", false)
    });
    add_fn(d, "heapify_max", |vm, a, kw| {
        heapify(vm, a, kw, "heapify_max", true)
    });
    Ok(())
}

/// The list behind `v` (a list or an instance of a list subclass).
fn as_list(v: &Value) -> Option<List> {
    match v {
        Value::List(l) => Some(l.clone()),
        Value::Instance(_) => match rupy_interp::types::unwrap_builtin(v) {
            Some(Value::List(l)) => Some(l),
            _ => None,
        },
        _ => None,
    }
}

/// Check the argument count and that the first argument is a list. `n` is 1 or 2.
fn heap_arg(vm: &mut Vm, args: &[Value], kw: &KwArgs, fname: &str, n: usize) -> PyResult<List> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("_heapq.{}() takes no keyword arguments", fname)));
    }
    if args.len() != n {
        let msg = if n == 1 {
            format!(
                "_heapq.{}() takes exactly one argument ({} given)",
                fname,
                args.len()
            )
        } else {
            format!("{} expected {} arguments, got {}", fname, n, args.len())
        };
        return Err(vm.type_error(msg));
    }
    match as_list(&args[0]) {
        Some(l) => Ok(l),
        None => {
            // CPython's argument errors name None itself, not its type.
            let t = match &args[0] {
                Value::None => "None".to_string(),
                v => ops::type_name(vm, v),
            };
            Err(vm.type_error(if n == 1 {
                format!("{}() argument must be list, not {}", fname, t)
            } else {
                format!("{}() argument 1 must be list, not {}", fname, t)
            }))
        }
    }
}

fn out_of_range(vm: &Vm) -> PyErr {
    vm.err(ExcKind::IndexError, "index out of range")
}

fn changed(vm: &Vm) -> PyErr {
    vm.err(ExcKind::RuntimeError, "list changed size during iteration")
}

fn less(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let r = ops::compare(vm, CmpOp::Lt, a, b)?;
    ops::truthy(vm, &r)
}

fn get2(vm: &Vm, l: &List, i: usize, j: usize) -> PyResult<(Value, Value)> {
    let v = l.borrow();
    match (v.get(i), v.get(j)) {
        (Some(a), Some(b)) => Ok((a.clone(), b.clone())),
        _ => Err(out_of_range(vm)),
    }
}

fn swap(vm: &Vm, l: &List, i: usize, j: usize) -> PyResult<()> {
    let mut v = l.borrow_mut();
    if i.max(j) >= v.len() {
        return Err(out_of_range(vm));
    }
    v.swap(i, j);
    Ok(())
}

/// Move the item at `pos` toward `start` while it is less (greater, for `max`) than its parent.
fn sift_down(vm: &mut Vm, l: &List, start: usize, mut pos: usize, max: bool) -> PyResult<()> {
    let size = l.borrow().len();
    if pos >= size {
        return Err(out_of_range(vm));
    }
    while pos > start {
        let parent = (pos - 1) >> 1;
        let (new, par) = get2(vm, l, pos, parent)?;
        let lt = if max {
            less(vm, &par, &new)?
        } else {
            less(vm, &new, &par)?
        };
        if l.borrow().len() != size {
            return Err(changed(vm));
        }
        if !lt {
            break;
        }
        swap(vm, l, parent, pos)?;
        pos = parent;
    }
    Ok(())
}

/// Bubble the smaller (larger) child of `pos` up to a leaf, then sift the item back down.
fn sift_up(vm: &mut Vm, l: &List, mut pos: usize, max: bool) -> PyResult<()> {
    let end = l.borrow().len();
    let start = pos;
    let limit = end >> 1;
    let mut steps = 0u32;
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end {
            let (a, b) = get2(vm, l, child, child + 1)?;
            let lt = if max {
                less(vm, &b, &a)?
            } else {
                less(vm, &a, &b)?
            };
            if !lt {
                child += 1;
            }
            if l.borrow().len() != end {
                return Err(changed(vm));
            }
        }
        swap(vm, l, child, pos)?;
        pos = child;
        steps += 1;
        if steps.is_multiple_of(4096) {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
    sift_down(vm, l, start, pos, max)
}

fn push(vm: &mut Vm, args: &[Value], kw: &KwArgs, fname: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, args, kw, fname, 2)?;
    let n = {
        let mut v = l.borrow_mut();
        vm.grow(&mut v, 1)?;
        v.push(args[1].clone());
        v.len()
    };
    sift_down(vm, &l, 0, n - 1, max)?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: &[Value], kw: &KwArgs, fname: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, args, kw, fname, 1)?;
    let last = l.borrow_mut().pop();
    let Some(last) = last else {
        return Err(out_of_range(vm));
    };
    let top = {
        let mut v = l.borrow_mut();
        match v.first_mut() {
            Some(slot) => std::mem::replace(slot, last),
            None => return Ok(last),
        }
    };
    sift_up(vm, &l, 0, max)?;
    Ok(top)
}

fn replace(vm: &mut Vm, args: &[Value], kw: &KwArgs, fname: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, args, kw, fname, 2)?;
    let top = {
        let mut v = l.borrow_mut();
        match v.first_mut() {
            Some(slot) => std::mem::replace(slot, args[1].clone()),
            None => return Err(out_of_range(vm)),
        }
    };
    sift_up(vm, &l, 0, max)?;
    Ok(top)
}

fn pushpop(vm: &mut Vm, args: &[Value], kw: &KwArgs, fname: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, args, kw, fname, 2)?;
    let item = &args[1];
    let first = l.borrow().first().cloned();
    let Some(first) = first else {
        return Ok(item.clone());
    };
    let lt = if max {
        less(vm, item, &first)?
    } else {
        less(vm, &first, item)?
    };
    if !lt {
        return Ok(item.clone());
    }
    let top = {
        let mut v = l.borrow_mut();
        match v.first_mut() {
            Some(slot) => std::mem::replace(slot, item.clone()),
            None => return Err(out_of_range(vm)),
        }
    };
    sift_up(vm, &l, 0, max)?;
    Ok(top)
}

fn heapify(vm: &mut Vm, args: &[Value], kw: &KwArgs, fname: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, args, kw, fname, 1)?;
    let n = l.borrow().len();
    for i in (0..n / 2).rev() {
        sift_up(vm, &l, i, max)?;
        if i % 1024 == 0 {
            rupy_interp::thread::poll_native(vm)?;
        }
    }
    Ok(Value::None)
}
