# _bisect natives: argument errors, probe order on a custom sequence, key calls, insort through .insert, huge bounds.
from bisect import bisect_left, bisect_right, insort_left, insort_right

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

class Seq:
    def __init__(self, items):
        self.items = items
        self.probes = []
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        self.probes.append(i)
        return self.items[i]
    def insert(self, i, x):
        print("insert", i, x)
        self.items.insert(i, x)

s = Seq(list(range(0, 100, 3)))
print(bisect_left(s, 50), s.probes)
s.probes.clear(); print(bisect_right(s, 51, 10, 20), s.probes)
insort_left(s, 4); insort_right(s, 6, key=None); print(s.items[:6])
keys = []
def k(v):
    keys.append(v)
    return -v
print(bisect_left([9, 7, 5, 3], -6, key=k), keys)
keys.clear(); insort_right(r := [9, 7, 5, 3], 6, key=k); print(r, keys)
t("no args", lambda: bisect_left())
t("one arg", lambda: bisect_right([]))
t("five positional", lambda: bisect_left([], 1, 0, 0, None))
t("lo twice", lambda: bisect_left([], 1, 0, lo=0))
t("hi float", lambda: bisect_left([1], 1, 0, 1.5))
t("hi huge", lambda: bisect_left([1], 1, 0, 2**70))
t("hi past end", lambda: bisect_left([1, 2], 5, 0, 5))
t("hi negative", lambda: bisect_right([1, 2], 5, 0, -3))
t("not a sequence", lambda: bisect_left(5, 1))
t("dict", lambda: bisect_left({0: "a", 1: "b"}, "b"))
t("insort tuple", lambda: insort_left((1, 2), 3))
t("key not callable", lambda: bisect_left([1, 2], 1, key=3))
print(bisect_left([1, 2, 3], 2, hi=True), bisect_right("abc", "b", lo=True), bisect_left(b"ace", ord("d")))
