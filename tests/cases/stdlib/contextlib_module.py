# contextlib: contextmanager edge cases, ContextDecorator, suppress, closing, nullcontext, redirect_*, ExitStack semantics.
import contextlib, sys
from contextlib import *

class Buf:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
    def flush(self):
        pass
    def getvalue(self):
        return "".join(self.parts)

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

@contextmanager
def cm(name, log):
    """cm docstring"""
    log.append("enter " + name)
    try:
        yield name
    except ZeroDivisionError:
        log.append("swallowed in " + name)
    finally:
        log.append("exit " + name)

log = []
with cm("a", log) as v:
    log.append("body " + v)
with cm("b", log):
    1 / 0
try:
    with cm("c", log):
        raise KeyError("kk")
except KeyError as e:
    log.append("outer got %r" % e)
print(log)
print(cm.__name__, cm.__doc__, type(cm("x", [])).__name__, cm("x", []).__doc__)

@contextmanager
def noyield():
    if False:
        yield
t("didn't yield", lambda: noyield().__enter__())
@contextmanager
def twice():
    yield 1
    yield 2
def use_twice():
    with twice():
        pass
t("didn't stop", use_twice)
@contextmanager
def keeps_going():
    try:
        yield
    except Exception:
        yield
def throw_twice():
    with keeps_going():
        raise ValueError
t("didn't stop after throw", throw_twice)
@contextmanager
def passthrough():
    yield
def raise_stop():
    with passthrough():
        raise StopIteration("si")
t("StopIteration passes", raise_stop)
@contextmanager
def converts():
    try:
        yield
    except ValueError as e:
        raise TypeError("converted") from e
def conv():
    with converts():
        raise ValueError("orig")
try:
    conv()
except TypeError as e:
    print("converted:", e, "cause:", repr(e.__cause__))
m = passthrough(); m.__enter__(); print("exit with class only:", m.__exit__(ValueError, None, None))
m = passthrough(); m.__enter__(); print("exit with no exception:", m.__exit__(None, None, None))

# ContextDecorator and generator cm used as decorator (recreated each call)
log = []
@cm("deco", log)
def f(x):
    log.append("f(%s)" % x)
    return x * 2
print(f(1), f(2), log, f.__name__)
class Tracked(ContextDecorator):
    def __enter__(self):
        print("enter Tracked"); return self
    def __exit__(self, *exc):
        print("exit Tracked", exc[0].__name__ if exc[0] else None); return True
@Tracked()
def boom():
    raise RuntimeError("x")
print("boom returned", boom())

# suppress
with suppress(KeyError):
    {}["missing"]
with suppress():
    pass
t("suppress other", lambda: exec("with suppress(KeyError):\n    [][1]", {"suppress": suppress}))
with suppress(LookupError):
    [][0]
print("suppress ok", suppress(ValueError).__exit__(None, None, None), suppress(ValueError).__exit__(ValueError, ValueError(), None))

# closing / nullcontext
class Thing:
    def close(self):
        print("Thing closed")
with closing(Thing()) as th:
    print("thing is", type(th).__name__)
try:
    with closing(Thing()):
        raise ValueError("inside closing")
except ValueError as e:
    print("closing propagated", e)
with nullcontext() as n1, nullcontext(42) as n2:
    print("nullcontext", n1, n2)

# redirect_stdout / redirect_stderr (re-entrant)
b = Buf()
r = redirect_stdout(b)
with r as target:
    print("to buffer", target is b)
    with r:
        print("nested")
print("back", repr(b.getvalue()))
e = Buf()
with redirect_stderr(e):
    sys.stderr.write("err text\n")
print("stderr captured", repr(e.getvalue()), sys.stdout is not b)

# ExitStack
order = []
with ExitStack() as stack:
    for i in range(3):
        stack.callback(order.append, i)
    stack.callback(lambda *a, **k: order.append((a, k)), 1, key=2)
    stack.push(lambda et, ev, tb: order.append(("push", et)))
print(order)
def suppressor(et, ev, tb):
    print("suppressor sees", et.__name__ if et else None)
    return True
with ExitStack() as stack:
    stack.push(suppressor)
    raise ValueError("suppressed by stack")
print("after suppressing stack")
class CM:
    def __init__(self, n):
        self.n = n
    def __enter__(self):
        print("enter CM", self.n); return self.n
    def __exit__(self, et, ev, tb):
        print("exit CM", self.n, et.__name__ if et else None); return False
with ExitStack() as stack:
    vals = [stack.enter_context(CM(i)) for i in range(2)]
    pushed = stack.push(CM(9))
    print("vals", vals, type(pushed).__name__)
t("enter_context non-cm", lambda: ExitStack().enter_context(object()))
def raising_cb(msg):
    raise ValueError(msg)
try:
    with ExitStack() as stack:
        stack.callback(raising_cb, "first registered")
        stack.callback(raising_cb, "second registered")
        raise KeyError("body")
except ValueError as exc:
    print("final:", exc, "| context:", repr(exc.__context__), "| its context:", repr(exc.__context__.__context__))
stack = ExitStack()
cb = stack.callback(print, "closed via close()")
print("callback returns func:", cb is print)
stack.close()
stack.close()
with ExitStack() as s1:
    s1.callback(print, "moved callback")
    s2 = s1.pop_all()
print("s1 closed, s2 pending")
s2.close()
cbw = ExitStack(); cbw.callback(len, "abc"); print("__wrapped__", cbw._exit_callbacks[0][1].__wrapped__ is len)

# ABCs
class HasBoth:
    def __enter__(self): return self
    def __exit__(self, *a): pass
class NoneExit(HasBoth):
    __exit__ = None
print(issubclass(HasBoth, AbstractContextManager), issubclass(NoneExit, AbstractContextManager), issubclass(int, AbstractContextManager))
print(isinstance(nullcontext(), AbstractContextManager), isinstance(ExitStack(), AbstractContextManager), issubclass(closing, AbstractContextManager))
t("abstract", lambda: AbstractContextManager())
class Concrete(AbstractContextManager):
    def __exit__(self, *a):
        return None
with Concrete() as cc:
    print("Concrete enter returns self", type(cc).__name__)
