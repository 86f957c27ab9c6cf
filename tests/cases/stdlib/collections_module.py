# collections: namedtuple, deque, OrderedDict, defaultdict, Counter, ChainMap, UserDict/UserList/UserString.
import collections
import collections.abc
from collections import (namedtuple, deque, OrderedDict, defaultdict, Counter,
                         ChainMap, UserDict, UserList, UserString)


def attempt(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


print('--- namedtuple')
P = namedtuple('P', 'x y')
p = P(1, y=2)
print(p, repr(p), p.x, p.y, p[0], p[-1], len(p), p == (1, 2), hash(p) == hash((1, 2)))
print(P._fields, P._field_defaults, P.__doc__, P.x.__doc__, P.__new__.__doc__)
# (rupy has no sys._getframe yet, so namedtuple's default __module__ is not the caller's; the
# module= parameter is checked instead.)
print(P.__name__, P.__qualname__, namedtuple('Q', 'a', module='m').__module__, P.__slots__, P.__match_args__, P.__bases__)
print(p._asdict(), p._replace(x=5), P._make([7, 8]), p.__getnewargs__(), P.__new__.__name__, P.__new__.__qualname__)
Q = namedtuple('Q', ['a', 'b', 'c'], defaults=[2, 3])
print(Q(1), Q(1, 5), Q._field_defaults, Q.__new__.__defaults__)
R = namedtuple('R', 'a, def, a, _b, 1c, ok', rename=True)
print(R._fields, R(1, 2, 3, 4, 5, 6))
S = namedtuple('S', '', module='mymod')
print(S(), S.__module__, S._fields)
One = namedtuple('One', 'only')
print(One(1), One._make([2]), One.__new__.__doc__)
attempt('too many', lambda: P(1, 2, 3))
attempt('missing', lambda: P(1))
attempt('bad kw', lambda: P(1, z=3))
attempt('_make', lambda: P._make([1]))
attempt('_replace', lambda: p._replace(z=1))
attempt('dup', lambda: namedtuple('P', 'x x'))
attempt('underscore', lambda: namedtuple('P', '_x'))
attempt('bad type name', lambda: namedtuple('1P', 'x'))
attempt('keyword', lambda: namedtuple('P', 'x class'))
attempt('defaults', lambda: namedtuple('P', 'x', defaults=[1, 2]))
attempt('setattr', lambda: setattr(p, 'x', 3))
match p:
    case P(a, b):
        print('matched', a, b)


class Point3(namedtuple('Point3', 'x y z')):
    __slots__ = ()

    @property
    def total(self):
        return self.x + self.y + self.z

    def __str__(self):
        return 'P3<%d>' % self.total


pt = Point3(1, 2, 3)
print(pt, repr(pt), pt.total, pt._replace(z=10), type(pt._replace(z=1)).__name__)
x, y, z = pt
print(x, y, z, sorted([P(2, 1), P(1, 2), P(1, 1)]), max(P(0, 9), P(1, 0)))

print('--- deque')
d = deque('abc')
d.append('d')
d.appendleft('z')
print(d, len(d), d[0], d[-1], d[2], 'c' in d, 'q' in d)
print(d.pop(), d.popleft(), d)
d.extend('ef')
d.extendleft('yx')
print(d, list(reversed(d)))
d.rotate(2)
print(d)
d.rotate(-3)
print(d)
d.rotate(0)
d.rotate(len(d) * 3 + 1)
print(d, d.count('a'), d.index('e'), d.index('e', 2))
d[0] = 'first'
del d[1]
d.insert(2, 'ins')
d.insert(-1, 'neg')
d.insert(100, 'end')
print(d)
d.remove('ins')
d.reverse()
print(d, bool(d), bool(deque()))
c = d.copy()
c.clear()
print(c, d == d.copy(), d != deque(), deque([1, 2]) < deque([1, 3]), deque([2]) >= deque([1, 9]))
print(deque([1, 2]) + deque([3]), deque([1, 2]) * 2, 2 * deque([0]), deque(range(5), maxlen=3) * 2)
dd = deque([1])
dd += [2, 3]
dd *= 2
print(dd)
m = deque(maxlen=3)
for i in range(5):
    m.append(i)
print(m, m.maxlen)
m.appendleft(-1)
print(m)
m.extendleft([10, 11])
print(m)
m.extend(range(100, 105))
print(m, deque(maxlen=0), deque([], maxlen=0).maxlen, deque().maxlen)
z = deque(maxlen=0)
z.append(1)
z.appendleft(2)
print(z)
big = deque()
for i in range(1000):
    big.appendleft(i)
    big.append(-i)
for i in range(700):
    big.popleft()
    big.pop()
print(len(big), big[0], big[-1], list(big)[:3], sum(big))
q = deque()
for i in range(2000):
    q.append(i)
    if i % 3 == 0:
        q.popleft()
print(len(q), q[0], q[-1], q[len(q) // 2])
attempt('index', lambda: deque([1]).index(5))
attempt('remove', lambda: deque([1]).remove(5))
attempt('insert full', lambda: deque([1], maxlen=1).insert(0, 1))
attempt('getitem', lambda: deque([1])[5])
attempt('slice', lambda: deque([1])[0:1])
attempt('add list', lambda: deque() + [1])
attempt('maxlen', lambda: deque(maxlen=-1))
attempt('pop', lambda: deque().pop())
attempt('popleft', lambda: deque().popleft())
for f in (lambda: deque([1]) < [1], lambda: hash(deque())):
    try:
        f()
    except TypeError:
        print('TypeError')
attempt('eq list', lambda: deque([1]) == [1])


class MyDeque(deque):
    pass


md = MyDeque([1, 2], maxlen=5)
print(md, type(md.copy()).__name__, MyDeque('ab'), isinstance(md, deque))
r = deque([1])
r.append(r)
print(r)
print(list(deque(range(10), maxlen=3)), deque('hello', 2))

print('--- OrderedDict')
od = OrderedDict([('a', 1), ('b', 2), ('c', 3)])
print(od, repr(OrderedDict()), od.keys(), od.values(), od.items())
od.move_to_end('a')
print(list(od))
od.move_to_end('a', last=False)
od.move_to_end('c', False)
print(list(od), list(reversed(od)), list(reversed(od.keys())), list(reversed(od.values())), list(reversed(od.items())))
print(od.popitem(), od.popitem(last=False), od)
od.update(x=1, y=2)
od.setdefault('z', 26)
od.setdefault('x', 99)
print(od, od.pop('y'), od.pop('missing', None), od.copy(), od.copy() is od)
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == dict(b=2, a=1), dict(b=2, a=1) == OrderedDict(a=1, b=2))
print(OrderedDict(a=1, b=2) != OrderedDict(b=2, a=1), OrderedDict.fromkeys('abc', 0), OrderedDict(a=1) | {'b': 2}, {'b': 2} | OrderedDict(a=1))
o2 = OrderedDict(a=1)
o2 |= {'c': 3}
print(o2, type(o2 | {}).__name__, type({} | o2).__name__, isinstance(od, dict))
print('a' in od.keys(), ('x', 1) in od.items(), 26 in od.values(), od.keys() & {'x', 'q'}, len(od.keys()))
attempt('popitem', lambda: OrderedDict().popitem())
attempt('move_to_end', lambda: OrderedDict().move_to_end('k'))
attempt('pop', lambda: OrderedDict().pop('k'))
rec = OrderedDict(a=1)
rec['self'] = rec
print(rec)


class LastUpdated(OrderedDict):
    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)


lu = LastUpdated(a=1, b=2)
lu['a'] = 3
print(lu, list(lu))

print('--- defaultdict')
dl = defaultdict(list)
dl['a'].append(1)
dl['b']
print(dl, dl.default_factory, len(dl), 'c' in dl, dl.get('c'), dict(dl))
di = defaultdict(int, {'x': 1}, y=2)
di['z'] += 5
print(di, sorted(di.items()))
dn = defaultdict()
print(dn, dn.default_factory)
attempt('missing', lambda: dn['k'])
attempt('factory', lambda: defaultdict(1))
dc = di.copy()
print(type(dc).__name__, dc == di, dc is di, dc.default_factory)
print(defaultdict(list, a=[1]) | {'b': [2]}, type(defaultdict(int) | {}).__name__)
dr = defaultdict(list)
dr['me'].append(dr)
print(dr)
ds = defaultdict(lambda: 'N/A')
print(ds['k'], repr(ds).startswith('defaultdict(<function <lambda> at'), dict(ds))
dl.default_factory = set
dl['s'].add(1)
print(dl['s'], dl.__missing__('t'), sorted(dl))


class Tree(defaultdict):
    def __init__(self):
        super().__init__(Tree)


t = Tree()
t['a']['b']['c'] = 1
print(t['a']['b'], type(t['a']).__name__)

print('--- Counter')
c = Counter('abracadabra')
print(c, c['a'], c['z'], c.most_common(2), c.most_common(0), c.most_common(-1), c.total())
print(sorted(c.elements()), list(Counter(a=2, b=0, c=-1).elements()))
c.update('aaz')
c.update({'b': 10})
c.update(Counter(q=1), k=2)
print(c)
c.subtract('aaaa')
c.subtract({'b': 20}, zz=1)
print(c)
print(+c, -c)
a, b = Counter(a=3, b=1, c=0), Counter(a=1, b=2, d=-1)
print(a + b, a - b, a | b, a & b)
a2 = a.copy()
a2 += b
print(a2)
a2 = a.copy()
a2 -= b
print(a2)
a2 = a.copy()
a2 |= b
print(a2)
a2 = a.copy()
a2 &= b
print(a2)
print(Counter(a=1) == Counter(a=1, b=0), Counter(a=1) != Counter(a=2), Counter(a=1) <= Counter(a=2), Counter(a=1) < Counter(a=1))
print(Counter(a=2) >= Counter(a=1), Counter(a=2) > Counter(a=2), Counter() == {}, Counter(a=1) == {'a': 1})
del c['not there']
del c['a']
print('a' in c, c['a'], repr(Counter()), Counter({'x': 'str', 'y': 1}) if False else '')
print(Counter({1: 'a', 2: 'b'}))
attempt('fromkeys', lambda: Counter.fromkeys('ab'))
attempt('hash', lambda: hash(Counter()))


class MyCounter(Counter):
    pass


print(MyCounter('aab'), type(MyCounter('a') + MyCounter('b')).__name__, type(MyCounter('a').copy()).__name__)

print('--- ChainMap')
base = {'a': 1, 'b': 2}
over = {'b': 20, 'c': 30}
cm = ChainMap(over, base)
print(cm, cm['a'], cm['b'], cm['c'], len(cm), list(cm), sorted(cm.items()), cm.get('z', 0), 'a' in cm, bool(cm))
cm['a'] = 100
print(over, base, cm['a'])
del cm['a']
print(cm['a'], cm.maps)
attempt('del missing', lambda: cm.__delitem__('zz'))
attempt('pop missing', lambda: cm.pop('zz'))
print(cm.pop('zz', 'dflt'))
child = cm.new_child()
child['new'] = 1
print(child, child.parents, cm.new_child({'m': 1}), cm.new_child(k=2))
print(ChainMap(), bool(ChainMap()), ChainMap({}, {}).maps, ChainMap.fromkeys('ab', 0))
c2 = cm.copy()
c2['b'] = 'copied'
print(cm['b'], c2['b'], type(c2).__name__)
print(cm | {'q': 1}, {'q': 1} | cm)
cm |= {'w': 0}
print(cm.maps[0])
attempt('popitem empty', lambda: ChainMap().popitem())
print(ChainMap({'k': 1}).popitem())
cm.clear()
print(cm, len(cm))
dflt = ChainMap(defaultdict(int))
print(dflt['missing'], 'missing' in dflt)

print('--- UserDict')
ud = UserDict({'a': 1}, b=2)
ud['c'] = 3
del ud['a']
print(ud, len(ud), 'b' in ud, ud.get('zz'), ud.data, sorted(ud.keys()), isinstance(ud, collections.abc.MutableMapping))
print(ud | {'d': 4}, {'d': 4} | ud, type(ud.copy()).__name__, UserDict.fromkeys('xy', 0))


class Missing(UserDict):
    def __missing__(self, key):
        return key.upper()


ms = Missing(a=1)
print(ms['a'], ms['q'], 'q' in ms, ms.get('q', 'default'))
attempt('UserDict missing', lambda: UserDict()['k'])

print('--- UserList')
ul = UserList([3, 1, 2])
ul.append(4)
ul.sort()
print(ul, ul[0], ul[1:3], type(ul[1:3]).__name__, len(ul), 2 in ul, ul == [1, 2, 3, 4], ul < [5])
ul.extend(UserList([9]))
ul += [10]
print(ul, ul + [0], [0] + ul, ul * 2, ul.pop(), ul.index(9), ul.count(1))
ul.insert(0, 0)
ul.remove(9)
ul.reverse()
print(ul, ul.copy(), type(ul.copy()).__name__, isinstance(ul, collections.abc.MutableSequence))
del ul[0]
ul[0] = 'x'
print(ul, UserList(), UserList('ab'))

print('--- UserString')
us = UserString('Hello World')
print(us, repr(us), len(us), us[0], us[-5:], us.upper(), us.lower(), us.split(), us.replace('l', 'L'))
print(us + '!', '>' + us, us * 2, us == 'Hello World', us < 'Z', 'World' in us, us.find('o'), us.count('l'))
print(us.startswith('He'), us.endswith('x'), us.strip('Hd'), us.center(15, '*'), us.zfill(13), us.title(), us.swapcase())
print(type(us.upper()).__name__, type(us[0]).__name__, us.join(['a', 'b']), UserString(42), us.partition(' '), us.isalpha())
print(UserString('%s-%d') % ('a', 1), int(UserString('12')) + 1, float(UserString('1.5')), hash(UserString('x')) == hash('x'))
print(sorted([UserString('b'), UserString('a')]), us.encode(), us.casefold(), us.removeprefix('Hello '), us.format_map({}))
print(isinstance(collections.abc, type(collections)), collections.abc.Sequence.__name__)
