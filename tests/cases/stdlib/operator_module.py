# operator: every function, dunder aliases, itemgetter/attrgetter/methodcaller (reprs, errors), length_hint, index, call.
import operator as op


def attempt(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


print(op.lt(1, 2), op.le(2, 2), op.eq(1, 1.0), op.ne('a', 'a'), op.ge(3, 4), op.gt(4, 3))
print(op.not_([]), op.truth('x'), op.is_(None, None), op.is_not(1, None))
print(op.abs(-2.5), op.add('a', 'b'), op.and_(6, 3), op.floordiv(-7, 2), op.index(True), op.inv(0), op.invert(-1))
print(op.lshift(3, 2), op.mod(-7, 3), op.mul([0], 3), op.neg(-0.0), op.or_({1}, {2}), op.pos(-3), op.pow(2, -1))
print(op.rshift(-16, 2), op.sub(10, 0.5), op.truediv(1, 4), op.xor(0b1100, 0b1010), op.concat((1,), (2,)))
print(op.contains([1, 2], 2), op.countOf('banana', 'a'), op.indexOf([3, 4, 3], 3), op.getitem({'k': 'v'}, 'k'))
lst = [1, 2, 3, 4]
op.setitem(lst, slice(0, 2), ['a'])
op.delitem(lst, -1)
print(lst, op.getitem(lst, slice(None, None, -1)), op.call(max, 1, 5, 2), op.call(dict, a=1))


class M:
    def __init__(self, v):
        self.v = v

    def __matmul__(self, other):
        return M(self.v * other.v)

    def __imatmul__(self, other):
        self.v += other.v
        return self

    def __index__(self):
        return self.v

    def __length_hint__(self):
        return 42


m = M(3)
print(op.matmul(m, M(4)).v, op.imatmul(m, M(1)) is m, m.v, op.index(M(9)), op.length_hint(M(0)))

x = [1]
print(op.iadd(x, [2]) is x, x, op.iconcat(x, (3,)), op.imul(x, 2), x)
n = 10
print(op.iadd(n, 1), op.isub(n, 1), op.imul(n, 2), op.itruediv(n, 4), op.ifloordiv(n, 4), op.imod(n, 4))
print(op.ipow(n, 2), op.ilshift(n, 1), op.irshift(n, 1), op.iand(n, 6), op.ior(n, 5), op.ixor(n, 3), n)
s = {1, 2}
print(op.ior(s, {3}) is s, op.iand(s, {1, 3}) is s, op.ixor(s, {9}), op.isub(s, {1}), s)

print(op.__add__(1, 2), op.__lt__(1, 2), op.__not__(1), op.__getitem__('ab', 1), op.__contains__('ab', 'c'))
print(op.__iadd__([1], [2]), op.__abs__(-1), op.__inv__(1), op.__concat__('a', 'b'), op.__call__(len, 'abc'))
print(op.add.__name__, op.__add__ is op.add, op.iadd.__doc__, op.truth.__doc__)

print('--- itemgetter')
g1 = op.itemgetter(1)
g2 = op.itemgetter(2, 0)
gs = op.itemgetter(slice(1, 3))
print(g1('abc'), g2('abc'), gs('abcd'), op.itemgetter('k')({'k': 1}), op.itemgetter(-1)([1, 2]))
print(repr(g1), repr(g2), repr(op.itemgetter('a', 'b')), g1, repr(gs))
rows = [(2, 'b'), (1, 'z'), (2, 'a')]
print(sorted(rows, key=op.itemgetter(0)), sorted(rows, key=op.itemgetter(0, 1)), list(map(op.itemgetter(1), rows)))
attempt('index error', lambda: g1([]))
attempt('key error', lambda: op.itemgetter('x')({}))
attempt('no args', lambda: op.itemgetter())

print('--- attrgetter')


class Obj:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child


o = Obj('top', Obj('mid', Obj('leaf')))
a1 = op.attrgetter('name')
a2 = op.attrgetter('child.name', 'child.child.name', 'name')
print(a1(o), a2(o), op.attrgetter('real')(3), op.attrgetter('__class__.__name__')(o))
print(repr(a1), repr(a2), a1)
attempt('missing', lambda: op.attrgetter('nope')(o))
attempt('missing dotted', lambda: op.attrgetter('child.nope')(o))
attempt('non-str', lambda: op.attrgetter(1))
attempt('no args', lambda: op.attrgetter())
print(sorted([Obj('b'), Obj('a')], key=a1)[0].name)

print('--- methodcaller')
mc = op.methodcaller('split', ',', maxsplit=1)
print(mc('a,b,c'), op.methodcaller('upper')('x'), op.methodcaller('get', 'k', 'd')({}))
print(repr(mc), repr(op.methodcaller('upper')), repr(op.methodcaller('f', 1, 'two', x=[3])))
attempt('non-str', lambda: op.methodcaller(5))
attempt('no args', lambda: op.methodcaller())
attempt('missing method', lambda: op.methodcaller('nope')(1))

print('--- length_hint')


class NoLen:
    pass


class BadHint:
    def __length_hint__(self):
        return 'x'


class NegHint:
    def __length_hint__(self):
        return -1


class NIHint:
    def __length_hint__(self):
        return NotImplemented


print(op.length_hint([1, 2]), op.length_hint(NoLen()), op.length_hint(NoLen(), 7), op.length_hint(NIHint(), 3), op.length_hint('abc', 9))
attempt('bad hint', lambda: op.length_hint(BadHint()))
attempt('neg hint', lambda: op.length_hint(NegHint()))
attempt('bad default', lambda: op.length_hint([], 'x'))

print('--- errors')
attempt('index str', lambda: op.index('1'))
attempt('index float', lambda: op.index(1.5))
attempt('concat int', lambda: op.concat(1, 2))
attempt('iconcat int', lambda: op.iconcat(1, 2))
attempt('indexOf missing', lambda: op.indexOf([1], 2))
attempt('countOf non-iter', lambda: op.countOf(1, 1))
attempt('add', lambda: op.add(1, 'a'))
print(sorted(n for n in op.__all__ if n not in ('is_none', 'is_not_none')))
