# native functools.partial: flattening, keyword merging, reprs (recursive, subclass), __reduce__/__setstate__, copy, errors.
import copy
from functools import partial

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

def f(*a, **k):
    return a, sorted(k.items())

p = partial(f, 1, x=1, y=2)
print(p(2, y=3, z=4), p.args, p.keywords, p.func is f)
q = partial(p, 3, z=5)
print(q.func is f, q.args, q.keywords, q())
p.attr = 1
r = partial(p, 9)
print(r.func is p, r.args, r())
print(repr(partial(f)).startswith("functools.partial(<function f at "), repr(partial(len, "ab", k=[1])))
class P(partial):
    def __repr__(self):
        return "P:" + super().__repr__()
print(repr(P(len, 1)), type(P(len)).__name__, P(f, 2)(3))
rec = partial(len)
rec.__setstate__((len, (rec,), None, None))
print(repr(rec))
st = partial(f, 1, a=2).__reduce__()
print(st[0].__name__, st[1][0] is f, st[2][1:])
pp = partial(f)
pp.__setstate__((f, (7,), {"k": 1}, {"note": "x"}))
print(pp(), pp.note, pp.__dict__)
t("bad state", lambda: pp.__setstate__((f, [1], None, None)))
t("short state", lambda: pp.__setstate__((f,)))
t("state not tuple", lambda: pp.__setstate__([f, (), None, None]))
c = copy.copy(partial(f, 1, a=1)); print(c(2))
d = copy.deepcopy(partial(f, [1], a=[2])); print(d())
t("not callable", lambda: partial(1))
t("no args", lambda: partial())
t("set func", lambda: setattr(p, "func", len))
t("set args", lambda: setattr(p, "args", ()))
print(partial[int], callable(partial(f)))
print(list(map(partial(int, base=2), ["10", "11"])), sorted([3, 1, 2], key=partial(pow, 2)))
kw = {"a": 1}
pk = partial(f, **kw); kw["a"] = 2
print(pk(), pk.keywords is not kw)
import pickle
rt = pickle.loads(pickle.dumps(partial(f, 1, [2], k={3})))
print(rt(4), type(rt).__name__, pickle.loads(pickle.dumps(pp))(), pickle.loads(pickle.dumps(pp)).note)
