# array pickling support: __reduce_ex__ forms by protocol and _array_reconstructor across machine formats.
from array import array as A, _array_reconstructor as R
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
for tc, v in [("i", [1, -2]), ("B", [255]), ("Q", [2**64 - 1]), ("d", [1.5]), ("f", [0.5])]:
    a = A(tc, v)
    r = a.__reduce_ex__(3); print(r[0].__name__, r[1][1:], r[2], r[0](*r[1]) == a)
    r = a.__reduce_ex__(2); print(r[1], r[0](*r[1]) == a)
print(R(A, "i", 9, b"\x00\x00\x00\x05"), R(A, "h", 13, b"\xff\xff\xff\xff\xff\xff\xff\xfe"), R(A, "d", 15, b"?\xf8\x00\x00"))
t(lambda: R(1, "i", 8, b"")); t(lambda: R(int, "i", 8, b"")); t(lambda: R(A, "z", 8, b"")); t(lambda: R(A, "i", 30, b"")); t(lambda: R(A, "i", 8, "x"))
class S(A): pass
s = S("b", [1]); s.x = 1; r = s.__reduce_ex__(4); print(r[1][0].__name__, r[2])
