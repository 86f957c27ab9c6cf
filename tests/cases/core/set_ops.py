# set and frozenset operations on ints (printed sorted or small), membership, algebra, comprehension, mutation.
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union([9])), sorted(a.intersection(range(3))), sorted(a.difference(b, {1})), sorted(a.symmetric_difference(b)))
print(a <= a, {1, 2} < a, a > {1}, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({7, 8}))
print(3 in a, 7 in a, len(a | b), {1, 2} == {2, 1}, {1} == frozenset([1]))
s = set()
print(s, type(s).__name__, set([3, 3, 3]), set(), frozenset())
s.add(5)
s.add(5)
s.update([1, 2], (8,))
print(sorted(s))
s.discard(100)
s.remove(1)
print(sorted(s))
try:
    s.remove(100)
except KeyError as e:
    print("KeyError", e)
x = {10}
print(x.pop(), x)
fs = frozenset([3, 1, 2])
print(sorted(fs), fs | {4} == {1, 2, 3, 4}, type(fs | {4}).__name__, hash(fs) == hash(frozenset([1, 2, 3])))
groups = {frozenset([1, 2]): "a", frozenset([2, 1]): "b"}
print(len(groups), groups[frozenset({1, 2})])
evens = {n for n in range(20) if n % 2 == 0}
print(sorted(evens), sorted({n % 3 for n in range(100)}))
seen = set()
dups = [v for v in [1, 4, 2, 4, 1, 5, 1] if v in seen or seen.add(v)]
print(dups, sorted(seen))
c = {1, 2, 3}
c -= {1}
c |= {9}
c &= {2, 9, 10}
c ^= {2, 11}
print(sorted(c))
print({1.0, 1, True}, {0, False, 0.0}, len({(1, 2), (1, 2), (2, 1)}))
print(sorted({-1, 10 ** 20, 0, -10 ** 20}), {()} , {None})
try:
    {[1]}
except TypeError:
    print("TypeError for unhashable element")
print(sorted(set("mississippi")), len(set("mississippi")))
print(list({5: 0}.keys() & {5, 6}), sorted({1: 0, 2: 0}.keys() | {3}))
