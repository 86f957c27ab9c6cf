# is_shareable(): exact-type registry answers (big ints included, containers, bytearray, objects, functions and bytes subclasses are not), same answers inside a subinterpreter.
from concurrent import interpreters

class MyBytes(bytes):
    pass
class MyStr(str):
    pass
class MyInt(int):
    pass
q = interpreters.create_queue()
cases = [("None", None), ("True", True), ("1", 1), ("-1", -1), ("2**70", 2 ** 70), ("1.5", 1.5), ("'x'", "x"), ("''", ""),
         ("b'x'", b"x"), ("(1, 'a')", (1, "a")), ("()", ()), ("[1]", [1]), ("{}", {}), ("set()", set()),
         ("frozenset()", frozenset()), ("bytearray()", bytearray()), ("object()", object()), ("lambda", lambda: None),
         ("len", len), ("int", int), ("Queue", q), ("MyBytes", MyBytes(b"x")), ("MyStr", MyStr("x")), ("MyInt", MyInt(1))]
for label, value in cases:
    print(label, interpreters.is_shareable(value), flush=True)
interp = interpreters.create()
interp.prepare_main(q=q)
interp.exec("""if True:
    from concurrent import interpreters
    answers = [interpreters.is_shareable(v) for v in (None, 1, 2 ** 70, 'x', b'x', (1, 'a'), q, [1], {}, object())]
    print('inside:', answers, flush=True)
""")
interp.close()
