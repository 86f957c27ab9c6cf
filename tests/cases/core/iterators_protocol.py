# Iterator protocol: iter/next with default, __iter__/__next__ classes, iter(callable, sentinel), exhaustion, range and enumerate objects.
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "default"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1
print(list(Countdown(4)), sum(Countdown(10)), max(Countdown(3)))
c = Countdown(2)
print(iter(c) is c, list(c), list(c))
class Reusable:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return iter(range(self.n))
r = Reusable(3)
print(list(r), list(r), [a * b for a in r for b in r])
vals = iter([5, 4, 0, 3])
print(list(iter(lambda: next(vals), 0)))
class GetItemSeq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * 10
print(list(GetItemSeq()), 20 in GetItemSeq(), 25 in GetItemSeq())
rng = range(10, 0, -3)
print(rng, list(rng), len(rng), rng[1], rng[-1], 4 in rng, 7 in rng, rng.index(4), rng[1:3])
print(range(5) == range(0, 5, 1), list(range(0)), list(range(2, -2, -1)), range(0, 10 ** 6, 3)[-1])
e = enumerate("abc", start=1)
print(next(e), list(e))
z = zip([1, 2, 3], "ab")
print(list(z), list(z))
m = map(str, [1, 2])
print(next(m), list(m), list(m))
d = {"a": 1, "b": 2}
di = iter(d)
print(next(di), list(di), list(reversed([1, 2, 3])))
s = "xyz"
si = iter(s)
print(next(si), "".join(si))
nested = iter([iter([1, 2]), iter([3])])
print([list(inner) for inner in nested])
a, b = iter([1, 2])
print(a, b)
def first(iterable, pred):
    return next((v for v in iterable if pred(v)), None)
print(first(range(100), lambda v: v * v > 50), first([], bool))
