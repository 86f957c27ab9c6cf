# heapq: exact heap layouts, push/pop/replace/pushpop, errors, merge (key/reverse/ties), nsmallest/nlargest stability.
import heapq
from heapq import *

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

h = []
for v in [15, 3, 9, 1, 7, 12, 5, 8, 2, 11, 4, 6, 14, 10, 13]:
    heappush(h, v)
print(h)
data = [15, 3, 9, 1, 7, 12, 5, 8, 2, 11, 4, 6, 14, 10, 13]
heapify(data); print(data)
data2 = list(range(20, 0, -1)); heapify(data2); print(data2)
data3 = [5, 5, 3, 3, 1, 1, 4, 2, 2]; heapify(data3); print(data3)
print([heappop(data) for _ in range(5)], data)
print(heapreplace(data, 100), data)
print(heappushpop(data, 0), heappushpop(data, 7), data)
print(heappushpop([], 5), heapify([]))
h = [(1, "b"), (1, "a"), (0, "z")]; heapify(h); print(h, heappop(h), h)
t("heappop empty", lambda: heappop([]))
t("heapreplace empty", lambda: heapreplace([], 1))
t("heappush tuple", lambda: heappush((), 1))
t("heapify str", lambda: heapify("abc"))
t("incomparable", lambda: heappush([1], "a"))
vals = [(i * 7919) % 101 for i in range(60)]
hh = []
for v in vals:
    heappush(hh, v)
print(hh[:20])
print([heappop(hh) for _ in range(len(hh))] == sorted(vals))
mh = [3, 1, 4, 1, 5, 9, 2, 6]; heapq._heapify_max(mh); print(mh, heapq._heappop_max(mh), mh, heapq._heapreplace_max(mh, 0), mh)
# merge
print(list(merge([1, 3, 5, 7], [0, 2, 4, 8], [5, 10, 15])), list(merge()), list(merge([], [1], [])))
print(list(merge([5, 3, 1], [6, 4, 2], reverse=True)), list(merge("ace", "bdf")))
print(list(merge([(1, "a"), (2, "a")], [(1, "b"), (2, "b")], key=lambda p: p[0])))
print(list(merge([(2, "a"), (1, "a")], [(2, "b"), (1, "b")], key=lambda p: p[0], reverse=True)))
print(list(merge(["dog", "horse"], ["cat", "fish", "kangaroo"], key=len)))
m = merge([1, 2], [3]); print(type(m).__name__, next(m), list(m))
calls = []
def k(x):
    calls.append(x); return x
print(list(merge([1, 2, 3], [10, 11], key=k)), calls)
# nsmallest / nlargest
nums = [5, 1, 9, 3, 7, 3, 8, 1, 6]
for n in [-1, 0, 1, 2, 3, 9, 10]:
    print(n, nsmallest(n, nums), nlargest(n, nums), nsmallest(n, iter(nums)), nlargest(n, iter(nums)))
words = ["bb", "a", "ccc", "dd", "e", "fff", "gg"]
print(nsmallest(3, words, key=len), nlargest(3, words, key=len), nsmallest(3, iter(words), key=len), nlargest(3, iter(words), key=len))
print(nsmallest(1, words, key=len), nlargest(1, words, key=len), nsmallest(1, []), nlargest(2, []), nlargest(1, iter([])))
print(nlargest(2, [(1, 'x'), (1, 'y'), (0, 'z')], key=lambda p: p[0]), nsmallest(2, [[2], [1], [1]], key=lambda p: p[0]))
print(nsmallest(4, range(100, 0, -3)), nlargest(4, (x % 17 for x in range(100))))
print(sorted(n for n in heapq.__all__ if not n.endswith("_max")))  # 3.14 adds the *_max names
