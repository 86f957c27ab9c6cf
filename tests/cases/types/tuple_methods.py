# tuple: count/index, slicing, comparisons, concat/repeat, hashing, unpacking, subclassing, errors
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
tp = (3, 1, 2, 1, 'a', (1,))
t(lambda: (tp.count(1), tp.count(True), tp.count(9), tp.index(1), tp.index(1, 2), tp.index('a', 0, 5), tp.index((1,)), tp.index(2, -4)))
t(lambda: tp.index(9))
t(lambda: tp.index(1, 4))
t(lambda: tp.count())
t(lambda: (tp[0], tp[-1], tp[1:3], tp[::-1], tp[::2], tp[10:], tp[-100:1], tp[:], tp[:] is tp, tp[4:1:-1]))
t(lambda: tp[6])
t(lambda: tp['a'])
t(lambda: tp[::0])
def setitem():
    x = (1, 2); x[0] = 5
t(setitem)
def delitem():
    x = (1, 2); del x[0]
t(delitem)
t(lambda: tp.append(1))
t(lambda: ((), (1,), tuple(), tuple('ab'), tuple([1, 2]), tuple(range(3)), tuple({1: 2}), tuple(x for x in 'xy'), tuple((1, 2))))
t(lambda: tuple(5))
t(lambda: tuple(1, 2))
t(lambda: ((1, 2) + (3,), (1,) * 3, 3 * (1, 2), (1,) * 0, (1,) * -1, () * 5, 2 in (1, 2), (1,) in ((1,),), 'a' not in ()))
t(lambda: (1,) + [2])
t(lambda: (1,) * 2.0)
t(lambda: ((1, 2) < (1, 3), (1, 2) < (1, 2, 0), () < (0,), (1, 2) == (1, 2), (1, 2) == [1, 2], (2,) > (1, 100), (1, 'a') < (2, 1), (1, 2) != (1, 2.0), (1, (2, 3)) <= (1, (2, 3))))
t(lambda: (1, 'a') < (1, 2))
t(lambda: (1,) < [1])
t(lambda: (hash((1, 2)) == hash((1, 2)), hash(()) == hash(()), hash((1,)) == hash((1.0,)), hash((1, 2)) != hash((2, 1)), {(1, 2): 'x'}[(1, 2)], hash((1, 2)), hash(()), hash((1, (2, 3))), hash((-1,))))
t(lambda: hash((1, [2])))
t(lambda: hash(([],)))
t(lambda: (repr(()), repr((1,)), repr((1, 'a', None)), str(((),)), repr((1.5, -0.0)), len(tp), bool(()), bool((0,))))
def unpack():
    a, b = (1, 2); (c, (d, e)) = (3, (4, 5)); f, *g = (6, 7, 8); *h, i = (9,); j, = (10,)
    return a, b, c, d, e, f, g, h, i, j
t(unpack)
def bad_unpack():
    a, b = (1, 2, 3)
t(bad_unpack)
def bad_unpack2():
    a, b, c = (1, 2)
t(bad_unpack2)
def bad_unpack3():
    a, *b, c = (1,)
t(bad_unpack3)
t(lambda: ((1, 2).__add__((3,)), (1,).__mul__(2), (1,).__rmul__(2), (1,).__eq__([1]), (1,).__lt__((2,)), (1, 2).__getitem__(-1), (1,).__contains__(1), (1, 2).__len__(), tuple.__getitem__((5, 6), slice(1, None))))
t(lambda: (1,).__add__([2]))
def inplace():
    a = (1,); b = a; a += (2,); a *= 2; return a, b, a is b
t(inplace)
class P(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    def __repr__(self): return 'P' + tuple.__repr__(self)
    extra = 'cls'
t(lambda: (P(1, 2), P(1, 2) + (3,), type(P(1, 2)[:]).__name__, P(1, 2) == (1, 2), hash(P(1, 2)) == hash((1, 2)), P(1, 2).extra, type(P(1, 2) * 1).__name__))
def tv():
    p = P(1, 2); p.attr = 5; return p.attr
t(tv)
t(lambda: (1, 2, 3).__class_getitem__(int))
t(lambda: (tuple[int, str], min((3, 1)), max((3, 1)), sum((1, 2)), sorted((3, 1, 2)), list(reversed((1, 2, 3))), list(enumerate(('a', 'b')))))
t(lambda: (tuple.__new__(tuple, [1]), (1, 2).__reduce__() if False else 0, divmod(7, 2), (*[1, 2], *(3,)), ((1, 2) * 2).count(1), tuple(iter((1, 2)))))
