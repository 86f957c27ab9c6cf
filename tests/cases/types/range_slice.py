# range (within 64-bit): attrs, len, slicing, index/count, in, reversed, equality, hash, errors; slice objects and indices()
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
r = range(2, 20, 3)
t(lambda: (r, r.start, r.stop, r.step, len(r), list(r), r[0], r[-1], r[2], range(5), range(1, 5), range(0, -10, -2), repr(range(0)), str(range(3, 1))))
t(lambda: (r[1:3], r[::-1], r[::2], r[-2:], r[10:], r[:-10], r[::-3], range(10)[3:8:2], range(10)[::-1][2:5], range(0, -10, -2)[1:3], list(range(10)[8:2:-3])))
t(lambda: r[6])
t(lambda: r[-7])
t(lambda: r['a'])
t(lambda: r[::0])
t(lambda: (r.index(5), r.index(17), r.count(5), r.count(6), r.count(5.0), 5 in r, 6 in r, 5.0 in r, 20 in r, -1 in range(0, -5, -1), 'a' in r, True in range(2)))
t(lambda: r.index(6))
t(lambda: r.index('a'))
t(lambda: (list(reversed(r)), list(reversed(range(0))), list(reversed(range(5, 0, -2))), next(reversed(range(3)))))
t(lambda: (range(0) == range(5, 5), range(0, 3) == range(3), range(1, 10, 3) == range(1, 11, 3), range(1, 2) == range(1, 3, 5), range(3) == [0, 1, 2], range(3) != range(4), hash(range(0)) == hash(range(2, 2)), hash(range(3)) == hash(range(0, 3, 1)), {range(3): 'r'}.get(range(0, 3)), hash(range(1, 10, 3)) == hash((3, 1, 3))))
t(lambda: range(3) < range(4))
t(lambda: range(0, 10, 0))
t(lambda: range(1.5))
t(lambda: range('a'))
t(lambda: range())
t(lambda: range(1, 2, 3, 4))
t(lambda: (range(True), range(-5), len(range(-5)), bool(range(0)), bool(range(1)), range(10).__len__(), range(3).__getitem__(1), range(3).__contains__(2), range(0, 10, 3).__reversed__().__next__()))
class I:
    def __index__(self): return 4
t(lambda: (range(I()), range(I())[I() - 1 if False else 1], range(10)[I()], list(range(1, I()))))
def rassign():
    x = range(3); x[0] = 1
t(rassign)
t(lambda: (sum(range(101)), max(range(5)), min(range(5, 0, -1)), sorted(range(3), reverse=True), list(zip(range(3), range(5, 8))), list(enumerate(range(2, 4)))))
t(lambda: len(range(-2**62, 2**62, 3)))
t(lambda: (range(2**40)[2**39], range(10**15)[-1], 10**14 in range(10**15), range(10**15).index(77)))
# slice objects
s = slice(1, 10, 2)
t(lambda: (s, s.start, s.stop, s.step, slice(5), slice(1, 5), slice(None, None, -1), repr(slice('a', [1])), slice(1, 2) == slice(1, 2), slice(1, 2) != slice(1, 3), slice(1, 2) < slice(1, 3)))
t(lambda: hash(slice(1, 2)))
t(lambda: [slice(None).indices(10), slice(1, 10, 2).indices(5), slice(-3, None).indices(10), slice(None, None, -1).indices(10), slice(-100, 100).indices(10), slice(5, 1, -1).indices(3), slice(None, -20, -1).indices(10), slice(0, 0).indices(0), slice(3, None, -2).indices(0)])
t(lambda: slice(0, 1, 0).indices(10))
t(lambda: slice(1).indices(-1))
t(lambda: slice('a').indices(10))
t(lambda: (list(range(*slice(1, 10, 2).indices(6))), 'abcdef'[slice(1, None, 2)], [0, 1, 2, 3][slice(-1, None, -2)], (1, 2, 3)[slice(None, 2)], range(10)[slice(2, 8, 3)]))
class G:
    def __getitem__(self, k): return k
g = G()
t(lambda: (g[1:2], g[::], g[:, 1], g[1:2:3, ...], g[...], g[()], g[:'a']))
t(lambda: (slice(1, 2, 3).__reduce__(), slice.__name__, type(slice(0)).__name__, slice(I(), None).indices(10)))
