# Interpreter.prepare_main(): empty -> ValueError, dict / pairs / kwargs / mixed, kwargs override the mapping, not-shareable values -> NotShareableError and nothing bound, NUL in a name, values visible to exec.
from concurrent import interpreters

interp = interpreters.create()
for label, args, kwargs in (("no arguments", (), {}), ("empty dict", ({},), {}), ("empty pairs", ([],), {})):
    try:
        interp.prepare_main(*args, **kwargs)
        print(label, "-> no error", flush=True)
    except ValueError:
        print(label, "-> ValueError", flush=True)
interp.prepare_main({"a": 1, "b": "two"})
interp.prepare_main([("c", 3.5), ("d", b"four")])
interp.prepare_main(e=None, f=True)
interp.prepare_main({"g": (1, 2)}, h=-8)
interp.prepare_main({"i": "from the mapping"}, i="from kwargs")
interp.exec("print(a, b, c, d, e, f, g, h, i, flush=True)")
interp.exec("print([type(v).__name__ for v in (a, b, c, d, e, f, g, h)], flush=True)")
print("main did not get them:", "a" in globals(), "g" in globals(), flush=True)
for label, value in (("list", [1, 2]), ("dict", {"k": 1}), ("set", {1}), ("object", object()), ("tuple holding a list", (1, [2]))):
    try:
        interp.prepare_main(good=1, bad=value, alsogood="x")
        print(label, "-> bound", flush=True)
    except interpreters.NotShareableError as e:
        print(label, "-> NotShareableError", isinstance(e, TypeError), flush=True)
interp.exec("print('after the failures:', 'good' in globals(), 'bad' in globals(), 'alsogood' in globals(), flush=True)")
try:
    interp.prepare_main({"bad\0name": 1})
    print("NUL in a name -> bound", flush=True)
except ValueError:
    print("NUL in a name -> ValueError", flush=True)
interp.exec("a = a + 100")
interp.prepare_main(b="rebound")
interp.exec("print('rebinding keeps the rest:', a, b, c, flush=True)")
q = interpreters.create_queue()
interp.prepare_main(q=q)
interp.exec("q.put((a, b, type(q).__name__))")
print("a queue is shareable too:", q.get(), flush=True)
interp.close()
