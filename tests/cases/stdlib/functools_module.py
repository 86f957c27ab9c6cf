# functools: reduce, partial, partialmethod, wraps, total_ordering, cmp_to_key, lru_cache, cache, cached_property, singledispatch.
import functools
from functools import (reduce, partial, partialmethod, wraps, update_wrapper, total_ordering,
                       cmp_to_key, lru_cache, cache, cached_property, singledispatch,
                       singledispatchmethod)


def attempt(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


print('--- reduce')
print(reduce(lambda a, b: a * b, range(1, 7)), reduce(lambda a, b: a + b, 'abc', '>'), reduce(max, [1], 0))
print(reduce(lambda a, b: a + b, iter([[1], [2]])), reduce(lambda a, b: a, [], 'init'))
attempt('empty', lambda: reduce(lambda a, b: a, []))
attempt('not iterable', lambda: reduce(lambda a, b: a, 5))

print('--- partial')


def f(a, b=2, *args, c=3, **kw):
    return (a, b, args, c, kw)


p = partial(f, 1, c=30)
print(p(), p(5, 6, 7), p(c=0, d=4), p.func is f, p.args, p.keywords)
pp = partial(p, 9, d=1)
print(pp(), pp.func is f, pp.args, pp.keywords)
print(repr(partial(len)).startswith('functools.partial(<built-in function len>'), repr(partial(int, '10', base=2)))
print(partial(int, base=16)('ff'), list(map(partial(pow, 2), range(5))))
p.attr = 'x'
print(p.attr, callable(p), type(p).__name__)
attempt('not callable', lambda: partial(5))


class MyPartial(partial):
    pass


mp = MyPartial(f, 0)
print(mp(1), type(mp).__name__, repr(MyPartial(len, [1])))


class Cell:
    def __init__(self):
        self._alive = False

    def set_state(self, state):
        self._alive = bool(state)

    set_alive = partialmethod(set_state, True)
    set_dead = partialmethod(set_state, False)

    @classmethod
    def cls_method(cls, x, y):
        return (cls.__name__, x, y)

    cls_partial = partialmethod(cls_method, 'X')


cell = Cell()
cell.set_alive()
print(cell._alive)
cell.set_dead()
print(cell._alive, Cell.cls_partial('Y'), cell.cls_partial('Z'))
print(repr(Cell.__dict__['set_alive']).startswith('functools.partialmethod(<function Cell.set_state'))

print('--- wraps / update_wrapper')


def deco(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        return ('wrapped', fn(*args, **kwargs))
    return wrapper


@deco
def documented(x: int) -> int:
    """Docstring."""
    return x


documented.extra = 1
print(documented(3), documented.__name__, documented.__qualname__, documented.__doc__, documented.__module__)
print(documented.__wrapped__.__name__, documented.__annotations__, functools.WRAPPER_ASSIGNMENTS, functools.WRAPPER_UPDATES)


def inner():
    pass


inner.flag = 'from inner'


def outer():
    pass


update_wrapper(outer, inner, assigned=('__doc__',), updated=())
print(outer.__name__, outer.__wrapped__ is inner, hasattr(outer, 'flag'))
update_wrapper(outer, inner)
print(outer.__name__, outer.flag)

print('--- total_ordering')


@total_ordering
class V:
    def __init__(self, n):
        self.n = n

    def __eq__(self, o):
        return self.n == o.n

    def __lt__(self, o):
        if not isinstance(o, V):
            return NotImplemented
        return self.n < o.n

    def __repr__(self):
        return 'V(%d)' % self.n


a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, a <= V(1), a >= V(1), sorted([V(3), V(1), V(2)]), max(V(5), V(4)))
print(V.__gt__.__name__, V.__le__.__doc__)
attempt('mixed', lambda: a <= 5)


@total_ordering
class G:
    def __init__(self, n):
        self.n = n

    def __eq__(self, o):
        return self.n == o.n

    def __ge__(self, o):
        return self.n >= o.n


print(G(1) < G(2), G(2) > G(1), G(1) <= G(1), G(3) >= G(4))
attempt('no ordering', lambda: total_ordering(type('NoOrd', (), {})))

print('--- cmp_to_key')


def by_len_then_alpha(x, y):
    if len(x) != len(y):
        return len(x) - len(y)
    return (x > y) - (x < y)


words = ['ccc', 'a', 'bb', 'aa', 'b']
print(sorted(words, key=cmp_to_key(by_len_then_alpha)), min(words, key=cmp_to_key(by_len_then_alpha)))
K = cmp_to_key(by_len_then_alpha)
print(K('a') < K('bb'), K('bb') == K('bb'), K('b') >= K('a'), K('x').obj)
try:
    hash(K('a'))
except TypeError:
    print('unhashable TypeError')

print('--- lru_cache / cache')
calls = []


@lru_cache(maxsize=3)
def square(x):
    calls.append(x)
    return x * x


for v in [1, 2, 3, 1, 4, 2, 1, 5, 3]:
    square(v)
print(calls, square.cache_info(), square.cache_parameters())
print(square.cache_info().hits, square.cache_info().maxsize, type(square.cache_info()).__name__)
square.cache_clear()
print(square.cache_info(), square.__name__, square.__wrapped__(7))


@lru_cache(typed=True)
def ident(x):
    calls.append(('ident', x))
    return x


calls.clear()
ident(1)
ident(1.0)
ident(True)
ident(1)
print(calls, ident.cache_info())


@lru_cache(maxsize=None)
def kw(a, b=0, *, c=0):
    calls.append((a, b, c))
    return a + b + c


calls.clear()
print(kw(1), kw(1, 0), kw(1, b=0), kw(1, c=2), kw(1, c=2), calls, kw.cache_info())


@cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info(), fib.cache_parameters())


class Obj:
    def __init__(self, base):
        self.base = base

    @lru_cache(maxsize=16)
    def add(self, x):
        return self.base + x

    def __hash__(self):
        return hash(self.base)

    def __eq__(self, other):
        return self.base == other.base


o1, o2 = Obj(10), Obj(20)
print(o1.add(1), o2.add(1), o1.add(1), Obj.add.cache_info())
attempt('unhashable arg', lambda: square([1]))
attempt('bad maxsize', lambda: lru_cache('x'))


@lru_cache(maxsize=-5)
def neg(x):
    return x


neg(1)
neg(1)
print(neg.cache_info())

print('--- cached_property')


class Data:
    def __init__(self, values):
        self.values = values
        self.count = 0

    @cached_property
    def total(self):
        """Sum of values."""
        self.count += 1
        return sum(self.values)


dt = Data([1, 2, 3])
print(dt.total, dt.total, dt.count, 'total' in vars(dt), Data.total.__doc__, type(Data.total).__name__, Data.total.attrname)
dt.values.append(4)
print(dt.total)
del dt.total
print(dt.total, dt.count)
dt.total = 'overridden'
print(dt.total)


class Slotted:
    __slots__ = ('x',)

    @cached_property
    def prop(self):
        return 1


attempt('slots', lambda: Slotted().prop)
cp = cached_property(lambda self: 1)
attempt('no set_name', lambda: cp.__get__(Data([])))

print('--- singledispatch')


@singledispatch
def show(obj):
    return 'object:' + type(obj).__name__


@show.register
def _(obj: int):
    return 'int:%d' % obj


@show.register(float)
@show.register(complex)
def _num(obj):
    return 'number:' + repr(obj)


def _list(obj):
    return 'list of %d' % len(obj)


show.register(list, _list)
print(show(1), show(True), show(1.5), show(2j), show([1, 2]), show('s'), show(None))
print(show.dispatch(bool).__name__ if hasattr(show.dispatch(bool), '__name__') else '', show.dispatch(str) is show.registry[object])
print(sorted(t.__name__ for t in show.registry.keys()))
import collections.abc


@show.register
def _(obj: collections.abc.Mapping):
    return 'mapping:%d' % len(obj)


@show.register(collections.abc.Sequence)
def _(obj):
    return 'sequence:%d' % len(obj)


print(show({'a': 1}), show((1, 2, 3)), show('abc'), show([1]), show(range(4)))


class MyMap(collections.abc.Mapping):
    def __getitem__(self, k):
        raise KeyError(k)

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0


print(show(MyMap()))
attempt('no args', lambda: show())
attempt('bad register', lambda: show.register(5, lambda x: x))
try:
    show.register(lambda x: x)
except TypeError as e:
    print('no annotation TypeError', str(e).split(':')[0])


class A:
    pass


class B(A):
    pass


class C(B):
    pass


@singledispatch
def which(x):
    return 'base'


which.register(A, lambda x: 'A')
which.register(C, lambda x: 'C')
print(which(A()), which(B()), which(C()), which(1))


class Shape:
    @singledispatchmethod
    def area(self, arg):
        return 'unknown'

    @area.register
    def _(self, arg: int):
        return 'int %d' % arg

    @area.register(str)
    def _(self, arg):
        return 'str ' + arg


sh = Shape()
print(sh.area(3), sh.area('x'), sh.area(2.0))
