//! A host-defined built-in module, `mybuiltin`, with a constant and a Rust function.
use rupy::imp::{self, ModuleDef};
use rupy::objects::{KwArgs, PyResult, Value, Vm};
use rupy::{errors, pythonrun, state};

fn greet(vm: &mut Vm, args: &[Value], _kw: &KwArgs) -> PyResult<Value> {
    if args.len() != 1 {
        return Err(errors::type_error(vm, "greet() takes exactly one argument"));
    }
    match &args[0] {
        Value::Str(name) => Ok(Value::str(&format!("hello, {}", name.as_str()))),
        _ => Err(errors::type_error(vm, "greet() argument must be str")),
    }
}

fn init_module(m: &mut ModuleDef<'_>) -> PyResult<()> {
    m.add("answer", 42);
    m.add_function("greet", greet);
    Ok(())
}

fn main() {
    imp::append_inittab("mybuiltin", init_module);
    let mut t = state::Thread::new();
    let g = t.globals();
    let src = "import mybuiltin\nprint(mybuiltin.answer)\nprint(mybuiltin.greet('rupy'))\ntry:\n    mybuiltin.greet(1)\nexcept TypeError as e:\n    print('TypeError:', e)\n";
    if let Err(e) = pythonrun::run_simple_string(&mut t, src, &g, &mut std::io::stdout()) {
        eprint!("{}", e.formatted());
        std::process::exit(1);
    }
}
