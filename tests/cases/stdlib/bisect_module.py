# bisect: left/right on duplicates, lo/hi bounds (incl. hi=-1 quirk), key=, insort variants, errors.
import bisect
from bisect import bisect_left, bisect_right, insort_left, insort_right

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

a = [1, 2, 2, 2, 3, 5, 8]
for x in [0, 1, 2, 2.5, 3, 8, 9]:
    print(x, bisect_left(a, x), bisect_right(a, x), bisect.bisect(a, x))
print(bisect_left(a, 2, 2), bisect_left(a, 2, 0, 2), bisect_right(a, 2, hi=3), bisect_right(a, 2, lo=5))
print(bisect_left(a, 2, 0, -1), bisect_right(a, 9, 0, -1), bisect_left(a, 2, 0, -5), bisect_left(a, 2, 10, 20) if False else "")
print(bisect_left(a, 2, lo=4, hi=2), bisect_right([], 1), bisect_left(range(0, 50, 5), 12), bisect_right("acegi", "d"))
print(bisect_left(a, 2, True), bisect_right(a, 5, 0, None))
t("lo<0", lambda: bisect_left(a, 1, -1))
t("lo float", lambda: bisect_left(a, 1, 1.0))
t("hi str", lambda: bisect_right(a, 1, 0, "x"))
t("incomparable", lambda: bisect_left([1, 2], "a"))
recs = [("a", 1), ("b", 3), ("c", 3), ("d", 7)]
print(bisect_left(recs, 3, key=lambda r: r[1]), bisect_right(recs, 3, key=lambda r: r[1]), bisect_left(recs, 3, 2, key=lambda r: r[1]))
s = []
for v in [5, 3, 8, 3, 1, 9, 5]:
    insort_right(s, v)
print(s)
s2 = [(1, "x"), (2, "y")]
insort_left(s2, (2, "a"), key=lambda p: p[0]); insort_right(s2, (1, "b"), key=lambda p: p[0]); bisect.insort(s2, (0, "z"), key=lambda p: p[0])
print(s2)
l = [1, 1.0, 1]
insort_left(l, True); print(l, [type(v).__name__ for v in l])
l = [1, 1.0, 1]
insort_right(l, True, 0, 2); print([type(v).__name__ for v in l])
class Seq(list):
    def insert(self, i, x):
        print("insert called", i, x)
        super().insert(i, x)
q = Seq([1, 4]); insort_left(q, 2); print(q)
print(bisect.bisect is bisect_right, bisect.insort is insort_right, hasattr(bisect, "__all__"))
t("insort lo<0", lambda: insort_left([], 1, -2))
