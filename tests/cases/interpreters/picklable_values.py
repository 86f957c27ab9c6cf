# Values CPython sends by pickle (complex, bytearray, range, slice, Ellipsis, OrderedDict, classes, exceptions, builtins) travel through queues and call() as equal copies.
import collections
from concurrent import interpreters

def echo(value):
    return value

def describe(value):
    return type(value).__name__ + " " + repr(value)

if __name__ == "__main__":
    interp = interpreters.create()
    q = interpreters.create_queue()
    values = [1 + 2j, bytearray(b"ab"), range(2, 9, 3), slice(1, None, 2), Ellipsis, NotImplemented,
              collections.OrderedDict(a=1, b=2), int, ValueError, len, ValueError("bad", 7), [1 + 2j, (bytearray(b"x"),)]]
    for v in values:
        try:
            q.put(v)
            back = q.get()
            print("queue:", type(back).__name__, repr(back), flush=True)
        except interpreters.NotShareableError:
            print("queue: NotShareableError for", type(v).__name__, flush=True)
        try:
            print("call:", interp.call(describe, v), flush=True)
        except interpreters.NotShareableError:
            print("call: NotShareableError for", type(v).__name__, flush=True)
    try:
        back = interp.call(echo, int)
        print("classes travel by reference:", back is int, interp.call(echo, ValueError) is ValueError, flush=True)
    except interpreters.NotShareableError:
        print("classes: NotShareableError", flush=True)
    interp.close()
