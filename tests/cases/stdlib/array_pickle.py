# array objects through pickle (every protocol, subclass state), copy, tofile/fromfile and readinto with io.BytesIO.
import copy
import io
import pickle
from array import array as A
for p in range(0, pickle.HIGHEST_PROTOCOL + 1):
    print(p, pickle.loads(pickle.dumps(A("i", [1, -2]), p)), pickle.loads(pickle.dumps(A("d", [0.5]), p)),
          pickle.loads(pickle.dumps(A("Q", [2**64 - 1]), p)))
class S(A):
    pass
s = S("b", [1, 2])
s.tag = "t"
t = pickle.loads(pickle.dumps(s))
print(type(t).__name__, t, t.tag, t == s)
d = copy.deepcopy([A("h", [3]), A("h", [3])])
print(d, d[0] is d[1], copy.copy(s), type(copy.copy(s)).__name__)
b = io.BytesIO()
A("h", [1, 2, 3]).tofile(b)
print(b.getvalue())
b.seek(0)
c = A("h")
c.fromfile(b, 2)
print(c)
try:
    c.fromfile(b, 2)
except EOFError as e:
    print("EOFError", e, c)
try:
    c.fromfile(b, -1)
except ValueError as e:
    print("ValueError", e)
h = A("h", [9, 9, 9])
print(io.BytesIO(b"\x01\x00\x02\x00\x03").readinto(h), h)
