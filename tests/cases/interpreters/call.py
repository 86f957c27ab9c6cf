# Interpreter.call(): positional/keyword args, defaults, *args/**kwargs, argument copies, returned containers, builtins, closures and unshareable results -> NotShareableError, exceptions, call_in_thread.
import threading
from concurrent import interpreters

def combine(a, b=10, *, c=100):
    return (a, b, c)

def collect(*args, **kwargs):
    return args, sorted(kwargs.items())

def mutate(items, mapping):
    items.append(99)
    mapping["added"] = True
    return items, mapping

def echo(value):
    return value

def make_adder(n):
    def add(x):
        return x + n
    return add

def make_lambda(n):
    return lambda: n

def get_module():
    import sys
    return sys

def where():
    from concurrent import interpreters
    return interpreters.get_current().id

def report(q, x, *, scale):
    q.put(x * scale)

def fail():
    raise ValueError("in a thread")

if __name__ == "__main__":
    interp = interpreters.create()
    print(interp.call(combine, 1), interp.call(combine, 1, 2), interp.call(combine, 1, c=3), interp.call(combine, b=5, a=4, c=6), flush=True)
    print(interp.call(collect), interp.call(collect, 1, "two", z=3, y=(4,)), flush=True)
    print("runs in the target:", interp.call(where) == interp.id, where() == 0, flush=True)
    items, mapping = [1, 2], {"k": "v"}
    res = interp.call(mutate, items, mapping)
    print("callee saw:", res, "| caller still has:", items, mapping, flush=True)
    for value in ([1, [2, 3]], {"a": [1], "b": {"c": 2}}, (1, ("x", 2.5)), {1, 2, 3}, None, frozenset({4}), 2 ** 100, "text", b"raw"):
        back = interp.call(echo, value)
        print(type(back).__name__, back, back == value, flush=True)
    orig = [1, 2, 3]
    back = interp.call(echo, orig)
    print("a returned list is a new object:", back == orig, back is not orig, flush=True)
    print("builtins:", interp.call(len, [1, 2, 3]), interp.call(sum, (1, 2, 3)), interp.call(sorted, [3, 1, 2]),
          interp.call(max, 4, 9, 2), interp.call(divmod, 17, 5), flush=True)
    for label, args in (("closure as the callable", (make_adder(1), 2)), ("closure as an argument", (echo, make_adder(1))),
                        ("closure as the result", (make_adder, 1)), ("module as the result", (get_module,)),
                        ("lambda closure", (make_lambda(3),))):
        try:
            print(label, "-> returned", interp.call(*args), flush=True)
        except interpreters.NotShareableError as e:
            print(label, "-> NotShareableError", isinstance(e, TypeError), flush=True)
    try:
        interp.call(combine)
    except interpreters.ExecutionFailed as e:
        print("missing argument:", e.excinfo.type.__name__, flush=True)
    results = interpreters.create_queue()
    t = interp.call_in_thread(report, results, 7, scale=6)
    print("call_in_thread:", type(t).__name__, isinstance(t, threading.Thread), t.ident is not None, flush=True)
    t.join()
    print("joined:", t.is_alive(), results.get(timeout=5), flush=True)
    seen = []
    threading.excepthook = lambda args: seen.append(args.exc_type.__name__)
    t = interp.call_in_thread(fail)
    t.join()
    print("exception in call_in_thread reached excepthook:", seen, flush=True)
    interp.close()
