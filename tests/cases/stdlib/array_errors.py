# array.array: CPython's exceptions for bad typecodes, out-of-range items, wrong types and indices.
from array import array as A
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
for tc, hi, lo in [("b", 128, -129), ("B", 256, -1), ("h", 2**15, -2**15 - 1),
                   ("H", 2**16, -1), ("i", 2**31, -2**31 - 1), ("I", 2**32, -1),
                   ("l", 2**63, -2**63 - 1), ("q", 2**63, -2**63 - 1), ("Q", 2**64, -1)]:
    t(lambda: A(tc, [hi])); t(lambda: A(tc, [lo]))
t(lambda: A("i", [1.5])); t(lambda: A("b", ["x"])); t(lambda: A("d", ["x"])); t(lambda: A("f", [10**400]))
t(lambda: A("i", "abc"))
t(lambda: A(1)); t(lambda: A("i", b"abc"))
a = A("i", [1, 2, 3])
t(lambda: a.pop(10)); t(lambda: A("i").pop()); t(lambda: a.remove(9)); t(lambda: a.index(9)); t(lambda: a.index(1, 1))
t(lambda: a[10]); t(lambda: a["x"]); t(lambda: a.__setitem__(10, 1)); t(lambda: a.__delitem__(7))
t(lambda: a.__setitem__(slice(0, 3, 2), A("i", [1]))); t(lambda: a.__setitem__(slice(0, 1), [1]))
t(lambda: a.__setitem__(slice(0, 1), A("d", [1.0])))
t(lambda: a.frombytes(b"123")); t(lambda: a.frombytes("x"))
t(lambda: a.extend(A("d"))); t(lambda: a.extend(5)); t(lambda: a.byteswap(1)); t(lambda: a.fromlist((1,)))
t(lambda: A("i") + A("d")); t(lambda: A("i") + [1]); t(lambda: a * "x")
t(lambda: A("d", [0]) * 10**12)
b = A("i", [1, 2]); t(lambda: b.fromlist([3, "x"])); print(b)
t(lambda: b.append(2**40)); print(b)
