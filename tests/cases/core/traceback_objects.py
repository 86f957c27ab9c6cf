# traceback objects: chain order, tb_lineno, tb_frame.f_code/f_globals, with_traceback, assigning None
import sys
def inner():
    raise ValueError("boom")
def outer():
    inner()
try:
    outer()
except ValueError as e:
    tb = e.__traceback__
    names = []
    while tb is not None:
        names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno, tb.tb_frame.f_globals is globals()))
        tb = tb.tb_next
    print(names)
    t, v, tb2 = sys.exc_info()
    print(t.__name__, type(tb2).__name__, type(tb2.tb_frame).__name__)
    saved = e.__traceback__
try:
    raise KeyError("k").with_traceback(saved)
except KeyError as e:
    n = 0
    tb = e.__traceback__
    while tb is not None:
        n += 1
        tb = tb.tb_next
    print(n)
e = ValueError()
print(e.__traceback__)
e.__traceback__ = None
try:
    e.__traceback__ = 5
except TypeError as err:
    print(err)
