//! The VM side of memory management: the safe points where the cycle collector
//! (`rupy_objects::gc`) runs, and `__del__` finalizers.
//!
//! Finalizers run only here, at a safe point of the eval loop (calls, loop back-edges) or at
//! interpreter exit — never inside the `drop` that queued them — so Python code never runs
//! while Rust code is in the middle of an object operation. An exception escaping `__del__`
//! is printed as CPython does ("Exception ignored in: ...") and otherwise ignored.

use rupy_objects::gc;
use rupy_objects::{Value, Vm};

use crate::ops;

/// Called when `gc::pending()` is set: run queued finalizers, then a collection if one is due.
#[cold]
#[inline(never)]
pub fn safe_point(vm: &mut Vm) {
    run_finalizers(vm);
    if let Some(generation) = gc::due() {
        collect(vm, generation);
    }
    crate::types::weakref::run_callbacks(vm);
}

/// Run every queued `__del__`, including those queued while running them.
pub fn run_finalizers(vm: &mut Vm) {
    loop {
        let batch = gc::take_finalizers();
        if batch.is_empty() {
            return;
        }
        for obj in batch {
            finalize(vm, &obj);
        }
    }
}

/// A collection of `generation` (0 young, 2 everything), with finalizers run before the
/// objects that need them are freed. Returns the number of unreachable objects freed (an
/// object finalised in one pass and freed in the next counts once).
pub fn collect(vm: &mut Vm, generation: usize) -> usize {
    let mut found = 0;
    // A pass that finds objects with finalizers frees nothing; after the finalizers ran, the
    // next pass frees whatever is still unreachable. Finalizers are claimed once, so this ends.
    for _ in 0..4 {
        let r = gc::collect(generation);
        found += r.freed;
        if r.finalize.is_empty() {
            break;
        }
        for obj in &r.finalize {
            finalize(vm, obj);
        }
        drop(r);
        run_finalizers(vm);
    }
    run_finalizers(vm);
    found
}

fn finalize(vm: &mut Vm, obj: &Value) {
    if let Value::Generator(_) = obj {
        let close = vm.intern("close");
        let r =
            ops::getattr(vm, obj, &close).and_then(|m| crate::call::call_value(vm, &m, &[], &[]));
        if let Err(e) = r {
            let what = ops::repr_string(vm, obj).unwrap_or_else(|_| "<generator>".to_owned());
            crate::exceptions::print_unraisable(vm, e, &what);
        }
        return;
    }
    let cls = vm.type_of(obj);
    let Some(del) = cls.lookup_s("__del__") else {
        return;
    };
    let r = ops::bind(vm, del.clone(), obj, &cls)
        .and_then(|m| crate::call::call_value(vm, &m, &[], &[]));
    if let Err(e) = r {
        let what = ops::repr_string(vm, &del).unwrap_or_else(|_| "<object>".to_owned());
        crate::exceptions::print_unraisable(vm, e, &what);
    }
}
