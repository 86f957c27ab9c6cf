# dict behaviour: insertion order, get/setdefault/pop/popitem/update, views, merge operators, comprehension, key types.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d), list(d), list(d.values()), list(d.items()))
print(d.get("a"), d.get("zz"), d.get("zz", 0), "a" in d, 2 in d)
print(d.setdefault("a", 100), d.setdefault("d", 4), d)
print(d.pop("b"), d.pop("nope", "default"), d)
print(d.popitem(), d)
d.update({"x": 9}, y=10)
d.update([("z", 11)])
print(d)
del d["a"]
print(d, sorted(d.items(), key=lambda kv: -kv[1]))
e = {1: "one", 1.0: "float one", True: "true"}
print(e)
keys = {(1, 2): "tuple", None: "none", -5: "neg", 10 ** 20: "big", 2.5: "float", frozenset([1]): "fs"}
print(keys[(1, 2)], keys[None], keys[-5], keys[10 ** 20], keys[2.5], keys[frozenset({1})])
try:
    {}[[1]] = 2
except TypeError as exc:
    print("TypeError for unhashable key")
try:
    d["missing"]
except KeyError as exc:
    print("KeyError:", exc, repr(exc))
m = {"a": 1, "b": 2} | {"b": 3, "c": 4}
print(m)
m |= {"a": 0}
print(m)
print(dict(a=1, b=2), dict([("k", "v")]), dict(zip("xyz", range(3))), dict.fromkeys("ab", 0))
sq = {n: n * n for n in range(6) if n % 2 == 0}
print(sq, {v: k for k, v in sq.items()})
counts = {}
for w in "one two three two one two".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, max(counts, key=counts.get))
ks = d.keys()
d["new"] = 1
print(len(ks), "new" in ks, list(ks)[-1])
print({"a": 1} == {"a": 1.0}, {"a": 1, "b": 2} == {"b": 2, "a": 1}, list({"b": 1, "a": 2}))
nested = {"outer": {"inner": [1, {"deep": True}]}}
print(nested["outer"]["inner"][1]["deep"], nested)
cp = dict(nested)
cp["outer"] = None
print(nested["outer"] is not None, cp)
rev = dict(reversed(list(sq.items())))
print(rev, list(reversed(sq)))
try:
    for k in d:
        d[k + "!"] = 0
except RuntimeError as exc:
    print("RuntimeError:", exc)
