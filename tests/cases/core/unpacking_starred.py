# Assignment unpacking: tuples/lists, starred targets, nested patterns, for-loop targets, * and ** in calls and displays.
a, b = 1, 2
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
*init, last = "hello"
head, *mid, tail = range(6)
x, *empty, y = (1, 2)
print(first, rest, init, last, head, mid, tail, x, empty, y)
(p, q), r = (1, 2), 3
[s, [t, *u]], v = ["S", ["T", 1, 2]], "V"
print(p, q, r, s, t, u, v)
for i, (name, score) in enumerate([("amy", 90), ("bob", 85)]):
    print(i, name, score)
for k, *vals in [(1, 2, 3), (4,), (5, 6)]:
    print(k, vals)
m, n = "xy"
o, = [42]
print(m, n, o)
print([*range(3), *"ab", *(9,)], (*[1, 2], 3), {*[1, 1, 2]} == {1, 2})
print({**{"a": 1}, "b": 2, **{"a": 3}})
def f(*args, **kw):
    return args, kw
print(f(*[1, 2], 3, *(), **{"z": 1}, w=2))
print(f(*"ab", **dict(c=3)))
obj = {}
obj["k"], obj["j"] = 1, 2
lst = [0, 0, 0]
lst[0], lst[2] = "first", "third"
print(obj, lst)
i = 0
arr = [10, 20]
i, arr[i] = 1, 99
print(i, arr)
try:
    a, b = [1, 2, 3]
except ValueError:
    print("ValueError: too many values")
try:
    a, b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
a = b = c = [7]
print(a is b is c)
x = y = 5
x += 1
print(x, y)
(a, b), *c = "xy", "z", "w"
print(a, b, c)
def gen():
    yield from range(3)
g1, g2, g3 = gen()
print(g1 + g2 + g3, [*gen(), *gen()])
