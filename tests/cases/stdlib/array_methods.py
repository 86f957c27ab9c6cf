# array.array: construction, typecodes, sequence methods, slicing, repr, arithmetic and comparisons.
import array
from array import array as A
print(set("bBhHiIlLqQfdu") <= set(array.typecodes), array.ArrayType is A)
a = A("i", [1, 2, 3, 2])
print(a, len(a), a.typecode, a.itemsize, a[1], a[-1], 2 in a, 9 in a)
print(a.index(2), a.index(2, 2), a.index(3, -2), a.count(2), a.count(7))
a.insert(-100, 0); a.insert(100, 9); a.insert(1, 5)
print(a, a.pop(), a.pop(0), a.pop(-2), a)
a.remove(2); a.reverse()
print(a, a.tolist(), list(iter(a)), list(reversed(a)))
b = A("h", range(10))
print(b[2:8:2], b[::-1], b[5:2], b[-3:])
b[1:4] = A("h", [7]); print(b)
b[::3] = A("h", [0, 0, 0]); print(b)
del b[::2]; print(b)
del b[0]; b[0] = -5; print(b)
print(repr(A("d")), A("f", [0.5, 0.1]), A("B", [1]).buffer_info()[1])
print(A("d", [1.0, -0.0, float("inf"), 1e300]), A("q", [-2**63, 2**63 - 1]), A("Q", [2**64 - 1]))
print(A("i", [1, 2]) + A("i", [3]), A("b", [1, 2]) * 2, 2 * A("b", [3]), A("b", [1]) * -1)
c = A("l", [1]); c += A("l", [2]); c *= 3; print(c)
c.extend([4, 5]); c.extend(A("l", [6])); c.extend(x for x in (7,)); c.fromlist([8]); print(c)
print(A("i", [1, 2]) == A("d", [1.0, 2.0]), A("i", [1, 2]) < A("i", [1, 3]), A("i", [1, 2]) < A("i", [1, 2, 0]))
print(A("i", [1]) == [1], A("b", [1]) != A("b", [1]), A("B", [2]) >= A("H", [1, 9]), A("i") <= A("i"))
print(A("i", A("b", [1, 2])), A("d", A("i", [3])), A("B", b"ab"), A("H", bytearray(b"\x01\x00")))
d = A("I", [1, 258]); d.byteswap(); print(d, d.tobytes())
e = A("h"); e.frombytes(b"\x01\x00\xff\xff"); print(e, e.buffer_info()[1])
import copy
f = A("d", [1.5]); g = copy.copy(f); h = copy.deepcopy(f); g[0] = 2.0
print(f, g, h, f.__reduce_ex__(2)[1])
class Sub(A):
    pass
s = Sub("i", [1, 2]); print(type(s).__name__, s, s[:1], type(s[:1]).__name__, isinstance(s, A))
import struct, binascii
h = A("h", [1, 2, 258]); print(bytes(h), bytearray(h), struct.unpack("3h", h), binascii.hexlify(h), b"".join([h, b"!"]))
