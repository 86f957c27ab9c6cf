# collections.deque: every method, error messages, maxlen, mutation during iteration, subclasses, copy, cycles
import copy, gc
from collections import deque


def attempt(f):
    try:
        return repr(f())
    except Exception as e:
        return f'{type(e).__name__}: {e}'


d = deque([1, 2, 3])
d.append(4); d.appendleft(0); d.extend((5, 6)); d.extendleft(iter([-1, -2]))
print(d, len(d), d[0], d[-1], d.pop(), d.popleft(), d.count(2), d.index(3), d.index(3, -5, 9), 4 in d)
d.rotate(2); print(d); d.rotate(-3); print(d); d.rotate(0); d.rotate(); d.reverse(); print(d, list(reversed(d)))
d[1] = 'x'; del d[-1]; d.insert(1, 'ins'); d.insert(-100, 'first'); d.insert(100, 'last'); d.remove(3)
print(d, d.copy(), d.__copy__() == d, d.copy() is d, bool(d), bool(deque()))
d.clear(); d.extend(d); d += [1, 2]; d.extend(d); d.extendleft(d); d *= 2
print(d, d + deque('ab'), d * 0, 2 * deque([7]), deque([1, 2]) * 2, d.maxlen)
print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) != deque([1]), deque([1, 2]) < deque([1, 3]),
      deque([2]) >= deque([1, 9]), deque([1]) <= deque([1]), deque([1, 2]) > deque([1]), deque([1]) == [1])
m = deque(range(5), maxlen=3)
print(m, m.maxlen); m.append(9); m.appendleft(8); print(m); m.extend(range(10, 20)); m.extendleft('ab'); print(m)
m *= 2; print(m, m * 3, m + deque([0]), deque(maxlen=0), deque('abc', 0), deque('hello', maxlen=2))
z = deque(maxlen=0); z.append(1); z.appendleft(2); z.extend([3]); print(z, len(z))
big = deque(range(10)); big *= 1000; print(len(big), big[9999], big.count(9))
for f in (lambda: deque().pop(), lambda: deque().popleft(), lambda: deque([1])[1], lambda: deque([1])[-2],
          lambda: deque([1])['a'], lambda: deque([1])[0:1], lambda: deque([1]).index(5), lambda: deque([1]).remove(5),
          lambda: deque([1], maxlen=1).insert(0, 2), lambda: deque(maxlen=-1), lambda: deque(maxlen='a'),
          lambda: deque(1), lambda: deque([], 3, 4), lambda: deque([1]) + [1], lambda: deque([1]) * 'a',
          lambda: deque([1]).rotate('a'), lambda: deque([1]).rotate(2 ** 70), lambda: deque([1]).index(1, None),
          lambda: deque().append(), lambda: deque().pop(1), lambda: deque([1]).__setitem__(5, 0),
          lambda: deque([1]).__delitem__(-2), lambda: deque().count(), lambda: deque([1]).index(1, 2 ** 80, -2 ** 80), lambda: deque()[2 ** 70]):
    print(attempt(f))
print([attempt(f).split(':')[0] for f in (lambda: hash(deque()), lambda: deque([1]) < [1], lambda: deque() - deque())])
for make in (iter, reversed):
    d = deque([1, 2, 3]); it = make(d); next(it); d.append(4)
    print(attempt(lambda: next(it)), attempt(lambda: next(it)), it.__length_hint__())
d = deque([1, 2, 3]); it = iter(d); next(it); d.reverse(); d[0] = 9; print(list(it), d)
d = deque([1, 2]); it = iter(d); list(it); d.append(3); print(attempt(lambda: next(it)))
d = deque([1, 2]); it = reversed(d); list(it); d.append(3); print(attempt(lambda: next(it)))
for change in (lambda d: d.rotate(0), lambda d: d.clear(), lambda d: d.extend([]), lambda d: d.insert(0, 1),
               lambda d: d.__imul__(1), lambda d: d.__imul__(2), lambda d: d.remove(1), lambda d: d.__delitem__(0)):
    d = deque([1, 2]); it = iter(d); change(d); print(attempt(lambda: list(it)), end=' ')
print()


class Eq:
    def __eq__(self, other):
        victim.append(0)
        return False


victim = deque([1, 2])
print([attempt(f) for f in (lambda: Eq() in victim, lambda: victim.count(Eq()), lambda: victim.index(Eq()),
                            lambda: victim.remove(Eq()), lambda: victim == deque([Eq(), 2]))], victim)


class D(deque):
    def __init__(self, items=(), maxlen=None, tag='t'):
        super().__init__(items, maxlen)
        self.tag = tag

    def append(self, x):
        super().append(x * 10)


s = D([1, 2], 4); s.append(3); s.tag = 'u'
print(s, type(s.copy()).__name__, s.copy().tag, type(s + s).__name__, type(s * 2).__name__, isinstance(s, deque))
print(copy.copy(s), copy.deepcopy(deque([[1]], maxlen=3)), s.__reduce__()[:3], deque([1]).__reduce__()[:3])
print(deque[int], D[str], deque.__mro__, repr(D()), hasattr(deque(), '__dict__'), s.__dict__)
r = deque([1]); r.append(r); print(r, r == r)
gc.collect(); r = deque(); r.append(r); it = iter(r); it2 = reversed(r); r.append(it); del r, it, it2
print(gc.collect() >= 3)
