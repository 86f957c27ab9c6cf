//! Rust values into Python and back: numbers (big ones too), strings, bytes, lists,
//! tuples, dicts, a struct, and method calls on Python objects.
use std::collections::HashMap;

use rupy::convert::Bytes;
use rupy::{Value, pythonrun, state};

rupy::py_struct!(Order {
    item: String,
    qty: i64,
    price: f64
});

fn main() -> Result<(), rupy::PyError> {
    let mut t = state::Thread::new();
    let g = t.new_globals("exchange");
    g.set(&mut t, "n", 42);
    g.set(&mut t, "big", num_bigint::BigInt::from(2).pow(100));
    g.set(&mut t, "name", "rupy");
    g.set(&mut t, "raw", Bytes(b"\x00\x01".to_vec()));
    g.set(&mut t, "xs", vec![1, 2, 3]);
    g.set(&mut t, "pair", (1.5, true));
    g.set(&mut t, "prices", HashMap::from([("tea".to_owned(), 2.5)]));
    g.set(
        &mut t,
        "order",
        Order {
            item: "tea".into(),
            qty: 3,
            price: 2.5,
        },
    );
    g.set(&mut t, "nothing", None::<i64>);
    let src = "\
total = order['qty'] * prices[order['item']]
summary = f'{name}: n={n} big={big} xs={xs} pair={pair} raw={raw!r} nothing={nothing}'
doubled = [x * 2 for x in xs]
refund = {'item': order['item'], 'qty': -1, 'price': order['price']}
";
    pythonrun::run_simple_string(&mut t, src, &g, &mut std::io::stdout())?;
    let summary: String = g.get(&mut t, "summary")?.unwrap_or_default();
    let total: f64 = g.get(&mut t, "total")?.unwrap_or_default();
    let doubled: Vec<i64> = g.get(&mut t, "doubled")?.unwrap_or_default();
    let refund: Option<Order> = g.get(&mut t, "refund")?;
    println!("{}", summary);
    println!("total = {}", total);
    println!("doubled = {:?}", doubled);
    println!("refund = {:?}", refund);
    // Building a list by hand and calling its methods.
    let list = t.to_py(Vec::<i64>::new());
    let five = t.to_py(5);
    t.call_method(&list, "append", &[five])?;
    let seven = t.to_py(7);
    t.call_method(&list, "insert", &[Value::Int(0), seven])?;
    println!("list = {}", t.repr(&list)?);
    // A wrong type is a Python TypeError on the Rust side.
    let err = t.from_py::<i64>(&Value::str("x")).unwrap_err();
    println!("{}: {}", err.type_name(), err.message());
    Ok(())
}
