# copy: copy/deepcopy of builtins, instances (__dict__, __slots__), recursion, memo, hooks, reduce, replace.
import copy
from collections import namedtuple, OrderedDict, defaultdict, Counter, deque


def attempt(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


# atomic and immutable objects come back as themselves
def fn():
    pass


class K:
    pass


for obj in (None, 1, 2.5, 3j, True, 'str', b'bytes', (1, 2), frozenset({1}), range(3), len, fn, K, Ellipsis, NotImplemented, slice(1, 2)):
    print(type(obj).__name__, copy.copy(obj) is obj, end='; ')
print()
for obj in (None, 1, 2.5, 'str', b'b', (1, 'a'), range(3), len, fn, K, frozenset({1, 2})):
    print(type(obj).__name__, copy.deepcopy(obj) is obj, end='; ')
print()
print(copy.deepcopy((1, [2])) is (1, [2]), copy.deepcopy(((),)) == ((),))

# containers
lst = [1, [2, 3], {'k': [4]}]
sh, dp = copy.copy(lst), copy.deepcopy(lst)
lst[1].append('x')
lst[2]['k'].append('y')
print(sh, dp, sh[1] is lst[1], dp[1] is lst[1])
d = {'a': [1], 'b': {'c': set([1])}}
sd, dd = copy.copy(d), copy.deepcopy(d)
d['a'].append(2)
d['b']['c'].add(2)
print(sd, dd, type(copy.copy({1, 2})).__name__, copy.copy({1, 2}) == {1, 2}, copy.deepcopy({(1, 2): [3]}))
s = {1, 2, 3}
print(copy.copy(s) is s, copy.deepcopy(s) == s, copy.deepcopy(s) is s, copy.copy(bytearray(b'ab')), copy.deepcopy(bytearray(b'x')))
fs = frozenset([1, 2])
print(copy.deepcopy(fs) == fs, type(copy.deepcopy(fs)).__name__)

# shared and recursive structures
shared = [0]
outer = [shared, shared, (shared,)]
oc = copy.deepcopy(outer)
print(oc[0] is oc[1], oc[2][0] is oc[0], oc[0] is shared)
rec = [1]
rec.append(rec)
rc = copy.deepcopy(rec)
print(rc, rc[1] is rc, rc is not rec)
rd = {'self': None}
rd['self'] = rd
rdc = copy.deepcopy(rd)
print(rdc['self'] is rdc, rdc is not rd)
rt = ([],)
rt[0].append(rt)
rtc = copy.deepcopy(rt)
print(rtc[0][0] is rtc, rtc is not rt)

# memo
memo = {}
inner = [1]
first = copy.deepcopy([inner], memo)
second = copy.deepcopy([inner], memo)
print(first[0] is second[0], id(inner) in memo)


# plain instances
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return 'Point(%r, %r)' % (self.x, self.y)


p = Point([1], {'a': 2})
pc, pd = copy.copy(p), copy.deepcopy(p)
p.x.append(9)
print(pc, pd, type(pc).__name__, pc.x is p.x, pd.x is p.x, pc is not p)


class Slots:
    __slots__ = ('a', 'b', '__private')

    def __init__(self):
        self.a = [1]
        self.__private = 'secret'

    def secret(self):
        return self.__private


class SubSlots(Slots):
    __slots__ = ('c',)


so = SubSlots()
so.c = 'c'
sc = copy.copy(so)
sdc = copy.deepcopy(so)
print(sc.a is so.a, sdc.a is so.a, sdc.a, sc.c, sdc.secret(), hasattr(sc, 'b'))


class Mixed(Slots):
    pass


mx = Mixed()
mx.extra = [5]
mc = copy.deepcopy(mx)
print(mc.a, mc.extra, mc.extra is mx.extra)


# __copy__ / __deepcopy__ hooks
class Hooked:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        return Hooked('copy of %s' % self.v)

    def __deepcopy__(self, memo):
        return Hooked('deepcopy of %s (memo %s)' % (self.v, type(memo).__name__))


h = Hooked('h')
print(copy.copy(h).v, copy.deepcopy(h).v, copy.deepcopy([h])[0].v)


# __getstate__ / __setstate__
class Stateful:
    def __init__(self):
        self.data = [1, 2]
        self.cache = 'expensive'

    def __getstate__(self):
        state = self.__dict__.copy()
        del state['cache']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.cache = 'rebuilt'


st = copy.deepcopy(Stateful())
print(st.data, st.cache)


# __reduce__ defined by the class
class Reduced:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __reduce__(self):
        return (Reduced, (self.a, self.b))

    def __repr__(self):
        return 'Reduced(%r, %r)' % (self.a, self.b)


rr = Reduced([1], 2)
print(copy.copy(rr), copy.deepcopy(rr).a is rr.a, copy.copy(rr).a is rr.a)


class Singleton:
    def __reduce__(self):
        return 'SINGLETON'


SINGLETON = Singleton()
print(copy.copy(SINGLETON) is SINGLETON, copy.deepcopy(SINGLETON) is SINGLETON)


# __getnewargs__ and subclasses of builtins
class Tagged(tuple):
    def __new__(cls, items, tag):
        self = super().__new__(cls, items)
        self.tag = tag
        return self

    def __getnewargs__(self):
        return (tuple(self), self.tag)


tg = Tagged([1, [2]], 'T')
tc = copy.deepcopy(tg)
print(tc, tc.tag, type(tc).__name__, tc[1] is tg[1])


class MyList(list):
    pass


ml = MyList([[1], 2])
ml.attr = 'a'
mlc, mld = copy.copy(ml), copy.deepcopy(ml)
print(mlc, mld, type(mld).__name__, mld.attr, mlc[0] is ml[0], mld[0] is ml[0])


class MyDict(dict):
    pass


md = MyDict(a=[1])
md.note = 'n'
mdd = copy.deepcopy(md)
print(mdd, type(mdd).__name__, mdd.note, mdd['a'] is md['a'])


class MySet(set):
    pass


ms = MySet([1, 2])
ms.x = 1
msc = copy.copy(ms)
print(sorted(msc), type(msc).__name__, msc.x)

# stdlib types
P = namedtuple('P', 'x y')
np = P([1], 2)
print(copy.copy(np), copy.deepcopy(np).x is np.x, type(copy.deepcopy(np)).__name__)
od = OrderedDict(b=[1], a=2)
print(copy.copy(od), copy.deepcopy(od)['b'] is od['b'])
ddf = defaultdict(list, k=[1])
ddc = copy.deepcopy(ddf)
print(ddc, ddc.default_factory, ddc['k'] is ddf['k'])
print(copy.copy(Counter('aab')), copy.deepcopy(deque([[1]], maxlen=3)))


# classes and functions are atomic even inside containers
class Cls:
    pass


cont = copy.deepcopy([Cls, fn, len])
print(cont[0] is Cls, cont[1] is fn, cont[2] is len)

# replace (3.13)
R = namedtuple('R', 'a b')
print(copy.replace(R(1, 2), b=5))


class Rep:
    def __init__(self, x):
        self.x = x

    def __replace__(self, **changes):
        return Rep(changes.get('x', self.x))


print(copy.replace(Rep(1), x=2).x, copy.replace(Rep(1)).x)
attempt('replace unsupported', lambda: copy.replace([1], a=1))
print(copy.Error is copy.error, issubclass(copy.Error, Exception), copy.__all__)
