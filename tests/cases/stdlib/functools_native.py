# _functools natives: lru_cache keys/eviction order/maxsize 0/binding/reduce, cmp_to_key objects, reduce errors.
import functools
from functools import lru_cache, cmp_to_key, reduce

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

log = []
@lru_cache(maxsize=2)
def f(x, **k):
    log.append(x)
    return x
for v in [1, 2, 1, 3, 2, 1]:
    f(v)
print(log, f.cache_info())
log.clear(); f(1, a=1, b=2); f(1, b=2, a=1); f(1, a=1, b=2); print(log, f.cache_info().currsize)
@lru_cache(maxsize=0)
def g(x):
    return len(x)
print(g([1, 2]), g([1]), g.cache_info())
@lru_cache(typed=True)
def h(x):
    return type(x).__name__
print(h(1), h(1.0), h(True), h("a"), h.cache_info())
t("unhashable", lambda: h({}))
t("bad maxsize", lambda: functools._lru_cache_wrapper(len, "x", False, None))
t("not callable", lambda: functools._lru_cache_wrapper(1, 1, False, None))
print(type(f).__name__, type(f).__module__, f.__wrapped__.__name__, f.__name__, f.__qualname__, f.__reduce__())
print(f.__get__(None, int) is f, callable(f), copy_ok := __import__("copy").copy(f) is f)
class C:
    @lru_cache
    def m(self, y):
        return (id(self) != 0, y)
c = C()
print(c.m(2), c.m(2), C.m.cache_info(), C.m(c, 2))
@lru_cache(None)
def rec(n):
    return 1 if n <= 1 else rec(n - 1) + rec(n - 2)
print(rec(60), rec.cache_info())
rec.cache_clear(); print(rec.cache_info())
K = cmp_to_key(lambda a, b: (a > b) - (a < b))
print(type(K).__name__, sorted([3, 1, 2], key=K), K(1) < K(2), K(2) <= K(1), K(1) != K(1), K(5).obj)
t("K vs int", lambda: K(1) < 2)
t("K no args", lambda: K())
t("reduce one arg", lambda: reduce(len))
t("reduce empty", lambda: reduce(max, []))
t("reduce not iterable", lambda: reduce(max, 3))
print(reduce(lambda a, b: a * 10 + b, [1, 2, 3]), reduce(max, [], 7), reduce(max, iter([4, 9, 2])))
print(repr(f).startswith("<functools._lru_cache_wrapper object at 0x"), repr(K(1)).startswith("<functools.KeyWrapper object at 0x"))
import pickle
print(pickle.loads(pickle.dumps(rec)) is rec)
