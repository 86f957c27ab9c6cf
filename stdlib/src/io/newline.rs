//! `_io.IncrementalNewlineDecoder`: wraps another incremental decoder (or none, for str
//! input) and translates or records line endings across chunk boundaries: a `\r` ending a
//! chunk is held back until the next chunk shows whether a `\n` follows.

use rupy_interp::builtins::args::{add_getter, add_method, bind};
use rupy_interp::ops;
use rupy_objects::{Class, KwArgs, PyResult, Value, Vm};

use super::memio::{CR, CRLF, LF, newlines_value, str_arg};
use super::{call_method, init_if_builtin, new_instance, with};

const T: &str = "IncrementalNewlineDecoder";

struct NlDecoder {
    decoder: Value,
    translate: bool,
    pendingcr: bool,
    seennl: u8,
    ready: bool,
}

pub(super) fn fill(c: &Class) {
    add_method(c, T, "__new__", nd_new);
    add_method(c, T, "__init__", nd_init);
    add_method(c, T, "decode", nd_decode);
    add_method(c, T, "getstate", nd_getstate);
    add_method(c, T, "setstate", nd_setstate);
    add_method(c, T, "reset", nd_reset);
    add_getter(c, T, "newlines", |vm, a, _k| {
        st(vm, a, "newlines", |_vm, d| Ok(newlines_value(d.seennl)))
    });
}

fn st<R>(
    vm: &mut Vm,
    args: &[Value],
    meth: &str,
    f: impl FnOnce(&mut Vm, &mut NlDecoder) -> PyResult<R>,
) -> PyResult<R> {
    with(vm, args, T, meth, |vm, d: &mut NlDecoder| {
        if !d.ready {
            return Err(vm.value_error("IncrementalNewlineDecoder.__init__() not called"));
        }
        f(vm, d)
    })
}

fn nd_new(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let obj = new_instance(
        vm,
        args,
        Box::new(NlDecoder {
            decoder: Value::None,
            translate: false,
            pendingcr: false,
            seennl: 0,
            ready: false,
        }),
    )?;
    init_if_builtin(vm, obj, args, kw, nd_init)
}

fn nd_init(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [decoder, translate, _errors] = bind(
        vm,
        T,
        args.get(1..).unwrap_or(&[]),
        kw,
        ["decoder", "translate", "errors"],
        2,
    )?;
    let decoder = decoder.unwrap_or(Value::None);
    let translate = ops::truthy(vm, &translate.unwrap_or(Value::None))?;
    with(vm, args, T, "__init__", |_vm, d: &mut NlDecoder| {
        *d = NlDecoder {
            decoder,
            translate,
            pendingcr: false,
            seennl: 0,
            ready: true,
        };
        Ok(Value::None)
    })
}

fn nd_decode(vm: &mut Vm, args: &[Value], kw: &KwArgs) -> PyResult<Value> {
    let [input, last] = bind(
        vm,
        "decode",
        args.get(1..).unwrap_or(&[]),
        kw,
        ["input", "final"],
        1,
    )?;
    let input = input.unwrap_or(Value::None);
    let last = match &last {
        Some(v) => ops::truthy(vm, v)?,
        None => false,
    };
    let decoder = st(vm, args, "decode", |_vm, d| Ok(d.decoder.clone()))?;
    let output = if decoder.is_none() {
        input
    } else {
        let k = vm.intern("final");
        let n = vm.intern("decode");
        let m = ops::getattr(vm, &decoder, &n)?;
        rupy_interp::call::call_value(vm, &m, &[input], &[(k, Value::bool(last))])?
    };
    let Some(text) = str_arg(&output) else {
        let t = ops::type_name(vm, &output);
        return Err(vm.type_error(format!(
            "decoder should return a string result, not '{}'",
            t
        )));
    };
    st(vm, args, "decode", |_vm, d| {
        let mut out = String::with_capacity(text.as_str().len() + 1);
        if d.pendingcr && (!text.as_str().is_empty() || last) {
            out.push('\r');
            d.pendingcr = false;
        }
        out.push_str(text.as_str());
        if out.ends_with('\r') && !last {
            out.pop();
            d.pendingcr = true;
        }
        let crlf = out.matches("\r\n").count();
        let cr = out.matches('\r').count() - crlf;
        let lf = out.matches('\n').count() - crlf;
        if lf > 0 {
            d.seennl |= LF;
        }
        if cr > 0 {
            d.seennl |= CR;
        }
        if crlf > 0 {
            d.seennl |= CRLF;
        }
        if d.translate && (cr > 0 || crlf > 0) {
            out = out.replace("\r\n", "\n").replace('\r', "\n");
        }
        Ok(Value::string(out))
    })
}

fn nd_getstate(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let (decoder, pendingcr) = st(vm, args, "getstate", |_vm, d| {
        Ok((d.decoder.clone(), d.pendingcr))
    })?;
    let (buf, flag) = if decoder.is_none() {
        (Value::Bytes(std::rc::Rc::new(Vec::new())), 0)
    } else {
        let s = call_method(vm, &decoder, "getstate", &[])?;
        let items = ops::collect(vm, &s)?;
        if items.len() != 2 {
            return Err(vm.type_error("illegal decoder state"));
        }
        (items[0].clone(), ops::index_of(vm, &items[1])?)
    };
    let flag = (flag << 1) | i64::from(pendingcr);
    Ok(Value::tuple(vec![buf, Value::Int(flag)]))
}

fn nd_setstate(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let Some(state) = args.get(1) else {
        return Err(vm.type_error("setstate() takes exactly one argument (0 given)"));
    };
    let items = ops::collect(vm, state)?;
    if items.len() != 2 {
        return Err(vm.type_error("state argument must be a tuple"));
    }
    let flag = ops::index_of(vm, &items[1])?;
    let decoder = st(vm, args, "setstate", |_vm, d| {
        d.pendingcr = flag & 1 != 0;
        Ok(d.decoder.clone())
    })?;
    if !decoder.is_none() {
        let s = Value::tuple(vec![items[0].clone(), Value::Int(flag >> 1)]);
        call_method(vm, &decoder, "setstate", &[s])?;
    }
    Ok(Value::None)
}

fn nd_reset(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    let decoder = st(vm, args, "reset", |_vm, d| {
        d.seennl = 0;
        d.pendingcr = false;
        Ok(d.decoder.clone())
    })?;
    if !decoder.is_none() {
        call_method(vm, &decoder, "reset", &[])?;
    }
    Ok(Value::None)
}
