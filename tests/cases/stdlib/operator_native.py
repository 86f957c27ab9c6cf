# _operator natives: argument errors, getter __reduce__ and call errors, _compare_digest, docstrings (module too), types.
import operator as op
import _operator

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

t("neg no args", lambda: op.neg())
t("add one", lambda: op.add(1))
t("add three", lambda: op.add(1, 2, 3))
t("add kw", lambda: op.add(a=1))
t("setitem two", lambda: op.setitem([], 1))
t("call none", lambda: op.call())
t("length_hint none", lambda: op.length_hint())
t("itemgetter kw", lambda: op.itemgetter(a=1))
t("itemgetter call kw", lambda: op.itemgetter(1)(x=1))
t("itemgetter call 0", lambda: op.itemgetter(1)())
t("attrgetter call 2", lambda: op.attrgetter("a")(1, 2))
print(op.itemgetter(1, 2).__reduce__(), op.attrgetter("a.b", "c").__reduce__())
print(op.methodcaller("f", 1).__reduce__())
class P:
    def m(self, *a, **k): return (a, sorted(k.items()))
mc = op.methodcaller("m", 1, z=2, a=3)
f, args = mc.__reduce__()
print(type(f).__name__, args, f(*args)(P()), mc(P()), repr(mc))
print(type(op.itemgetter(1)), type(op.attrgetter("x")), type(op.methodcaller("x")))
print(op.neg.__doc__, op.lt.__doc__, op.abs.__doc__, op.contains.__doc__)
print(op.length_hint.__doc__.splitlines()[0], op.add, op.neg.__name__)
print(_operator._compare_digest("abc", "abc"), _operator._compare_digest("abc", "abd"), _operator._compare_digest("a", "ab"))
print(_operator._compare_digest(b"ab", bytearray(b"ab")), _operator._compare_digest(b"", b""))
t("digest ints", lambda: _operator._compare_digest(1, 2))
t("digest non-ascii", lambda: _operator._compare_digest("é", "a"))
t("digest mixed", lambda: _operator._compare_digest("a", b"a"))
print(op.countOf([1, 1.0, True, 2], 1), op.indexOf((0, 5, 5), 5), op.contains(range(5), 3))
nan = float("nan")
print(op.countOf([nan, nan], nan), op.indexOf([nan], nan), op.is_(nan, nan), op.eq(nan, nan))
g = op.itemgetter(slice(None, None, -1), 0)
print(g("abc"), op.attrgetter("real", "imag")(3 + 4j), op.methodcaller("__len__")("four"))
print(op.length_hint(iter(range(10))), op.length_hint(iter([]), 5), op.length_hint(x for x in ()))
print(op.__doc__.splitlines()[0], len(op.__doc__.splitlines()))
print(op.add.__module__, op.neg.__module__, op.itemgetter.__module__, op.length_hint.__module__)
import pickle
for g in [op.itemgetter(1, 0), op.attrgetter("real", "imag"), op.methodcaller("count", "a"), op.methodcaller("split", sep=",")]:
    print(repr(pickle.loads(pickle.dumps(g))), pickle.loads(pickle.dumps(g))(3j if type(g) is op.attrgetter else "a,a"))
