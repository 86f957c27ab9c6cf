# repr/str of containers: nesting, recursive containers ([...] and {...}), quotes in strings, empty containers, floats inside.
print([], (), {}, set(), [[]], ((),), [()], {"": ""}, (1,), (1, 2))
print([1.0, 2.5e-8, -0.0, 1e16], (True, None, ...), {1: [2, (3, {4: 5})]})
print(["it's", 'say "hi"', "both ' \"", "\\", "\n\t"], ("é", "\x1b", "\u2028"))
lst = [1, 2]
lst.append(lst)
print(lst, repr(lst), str(lst))
d = {"self": None}
d["self"] = d
print(d)
a = [1]
b = [a, a]
print(b, b[0] is b[1])
nested = [lst, d]
print(nested)
t = ([],)
t[0].append(t)
print(t)
print(repr(range(0, 5, 2)), repr(range(3)), str(slice(1, None)), repr(slice(None)))
print(repr(frozenset()), repr({1, 2, 3}), repr(frozenset({5})), repr({(1, 2)}))
print(repr(dict(a=[1, {"b": set()}])), str({"k": "v"}), str(["k"]), str(("k",)))
class R:
    def __repr__(self):
        return "R!"
print([R(), (R(),), {R(): R()}], str([R()]), f"{[R()]}")
print(list("ab") * 2, [[0] * 2] * 2, [None] * 3, [1, [2, [3, [4, [5]]]]])
print(repr(b"x"), [b"a", bytearray(b"b")], repr("'"), repr('"'), repr("'\""))
print({1: "one", "1": 1, 1.5: None, (1,): [], None: (), True: False})
