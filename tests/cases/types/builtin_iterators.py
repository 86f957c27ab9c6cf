# builtin iterators: enumerate, zip(strict), map, filter, reversed, iter(callable, sentinel), next(default), iterator protocol
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: (list(enumerate('abc')), list(enumerate('ab', 5)), list(enumerate('ab', start=-1)), list(enumerate([], 3)), list(enumerate('a', 2**70))))
t(lambda: enumerate(5))
t(lambda: enumerate('a', 'b'))
def enum_proto():
    e = enumerate('xy'); return iter(e) is e, next(e), next(e), next(e, 'done'), type(e).__name__
t(enum_proto)
t(lambda: (list(zip()), list(zip('ab')), list(zip('abc', [1, 2])), list(zip('ab', [1, 2], (True, False))), list(zip('ab', [1, 2], strict=True)), list(zip(strict=True))))
t(lambda: list(zip('abc', [1, 2], strict=True)))
t(lambda: list(zip('ab', [1, 2, 3], strict=True)))
t(lambda: list(zip('ab', 'ab', [1], strict=True)))
t(lambda: list(zip('a', 'ab', 'ab', strict=True)))
t(lambda: zip(1))
t(lambda: zip('a', bogus=True))
def zip_lazy():
    calls = []
    def gen(n):
        for i in range(n):
            calls.append(i); yield i
    z = zip(gen(3), gen(1)); res = list(z); return res, calls
t(zip_lazy)
t(lambda: (list(map(str, [1, 2])), list(map(pow, [2, 3], [3, 2, 9])), list(map(lambda *a: a, 'ab', 'xyz', [1])), list(map(len, []))))
t(lambda: map(str))
t(lambda: list(map(None, [1])))
t(lambda: list(map(int, ['1', 'x'])))
# (map(strict=True) is 3.14, rupy's target; CPython 3.13 rejects it, so it is not checked here.)
t(lambda: (list(filter(None, [0, 1, '', 'a', None, [], [0]])), list(filter(lambda x: x > 1, [1, 2, 3])), list(filter(str.isdigit, 'a1b2')), type(filter(None, [])).__name__))
t(lambda: filter(None))
t(lambda: list(filter(5, [1])))
t(lambda: (list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed('abc')), list(reversed(range(3))), list(reversed({'a': 1, 'b': 2})), list(reversed({'a': 1}.items())), list(reversed(b'ab'))))
t(lambda: reversed({1, 2}))
t(lambda: reversed(x for x in [1]))
t(lambda: reversed(5))
class Seq:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return i * 10
class Rev:
    def __reversed__(self): return iter('zyx')
t(lambda: (list(reversed(Seq())), list(Rev().__reversed__()), list(reversed(Rev())), list(iter(Seq())), 20 in Seq(), list(Seq())))
def rev_len():
    r = reversed([1, 2, 3]); n1 = r.__length_hint__(); next(r); return n1, r.__length_hint__(), list(r)
t(rev_len)
def callable_iter():
    n = [0]
    def f():
        n[0] += 1; return n[0]
    return list(iter(f, 4))
t(callable_iter)
t(lambda: iter(5))
t(lambda: iter(5, 1))
t(lambda: iter(lambda: 1, 1, 2))
def callable_raises():
    def f(): raise StopIteration
    return list(iter(f, 0))
t(callable_raises)
def nxt():
    it = iter([1])
    return next(it), next(it, 'dflt'), next(it, None)
t(nxt)
t(lambda: next(iter([])))
t(lambda: next([1]))
t(lambda: next(iter([]), 1, 2))
class Count:
    def __init__(self): self.i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        if self.i > 3: raise StopIteration
        return self.i
t(lambda: (list(Count()), sum(Count()), max(Count()), sorted(Count(), reverse=True), list(zip(Count(), 'ab')), list(enumerate(Count())), 2 in Count(), next(Count(), None)))
class BadIter:
    def __iter__(self): return 5
t(lambda: iter(BadIter()))
class NoNext:
    def __iter__(self): return self
t(lambda: list(NoNext()))
def exhausted():
    it = iter([1, 2]); a = list(it); b = list(it); m = map(str, [1]); list(m); return a, b, list(m), list(zip(it, [1]))
t(exhausted)
def gen_iter():
    g = (x * x for x in range(4)); return next(g), list(g), next(g, 'end'), iter(g) is g
t(gen_iter)
def partial_consume():
    it = iter(range(10)); z = list(zip(it, 'abc')); return z, next(it)
t(partial_consume)
t(lambda: (all([]), any([]), all(iter([1, 0])), any(x > 2 for x in [1, 3]), min(iter([3, 1])), max('ab', 'c'), min([], default=7), max([2], key=lambda x: -x), min([(1, 'b'), (1, 'a')])))
t(lambda: min([]))
t(lambda: max(1))
t(lambda: min(1, 2, default=3))
t(lambda: (type(iter([])).__name__, type(iter(())).__name__, type(iter('')).__name__, type(iter(range(1))).__name__, type(iter({})).__name__, type(iter(set())).__name__, type(zip()).__name__, type(map(str, [])).__name__, type(reversed([])).__name__, type(iter(b'')).__name__, type(iter(Seq())).__name__, type(iter(int, 1)).__name__))
t(lambda: (iter([1, 2, 3]).__length_hint__(), iter(range(5)).__length_hint__(), len(list(iter('abc')))))
