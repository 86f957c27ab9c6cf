# hash/equality: numeric hash equivalence, equal keys collapsing in dict/set, recursive reprs, identity vs equality, unhashables
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: (hash(1) == hash(1.0) == hash(True) == hash(1 + 0j), hash(0) == hash(0.0) == hash(-0.0) == hash(False) == hash(0j), hash(2**61 - 1), hash(2**61), hash(-1), hash(-2), hash(0.5), hash(-0.5), hash(1e100) == hash(int(1e100)), hash(2.0**-10)))
# (fractions/decimal hashing is checked once those modules exist.)
t(lambda: ({1: 'a', 1.0: 'b', True: 'c'}, {0: 'x', 0.0: 'y', False: 'z', 0j: 'w'}, len({1, 1.0, True, 1 + 0j}), {1.0: 'first'}.get(1), {True: 1}[1], {2: 'int'}[2.0]))
def keep_first_key():
    d = {}; d[1.0] = 'a'; d[1] = 'b'; d[True] = 'c'; s = set(); s.add(True); s.add(1); s.add(1.0)
    return d, s, list({1: 0} | {1.0: 1}), dict.fromkeys([1, 1.0, True]), {x for x in [1.0, 1, True]}
t(keep_first_key)
t(lambda: (hash(None) == hash(None), hash(()) == hash(()), hash('') == hash(''), hash((1, 'a')) == hash((1, 'a')), hash(frozenset([1, 2])) == hash(frozenset([2, 1])), hash(b'ab') == hash(b'ab'), hash(float('inf')), hash(float('-inf')), hash(Ellipsis) == hash(...), hash(int) == hash(int)))
t(lambda: [hash(x) for x in (0, 1, -1, 2**64, -2**64, 10**20, 0.1, 1.5, 1e300, -3.25, 2**62, 12345678901234567890)])
nan = float('nan')
t(lambda: (nan == nan, nan is nan, [nan] == [nan], (nan,) == (nan,), nan in [nan], {nan: 1}.get(nan), len({nan, nan}), nan in {nan}))
# (rupy floats are values: two NaNs made separately are the same object to it, unlike CPython.)
for un in ([], {}, set(), bytearray(), [1, (2,)]):
    t(lambda: hash(un))
t(lambda: hash((1, [2])))
t(lambda: {(1, {}): 2})
t(lambda: frozenset([[1]]))
# recursive reprs
a = [1]; a.append(a)
t(lambda: (repr(a), str(a), a[1] is a, len(a)))
b = [[]]; b[0].append(b)
t(lambda: repr(b))
d = {'k': 1}; d['self'] = d
t(lambda: repr(d))
dl = {'lst': []}; dl['lst'].append(dl)
t(lambda: (repr(dl), repr([dl])))
class Node:
    def __init__(self): self.children = [self]
    def __repr__(self): return 'Node(%r)' % self.children
t(lambda: repr(Node()))
t(lambda: (repr((a,)), repr({1: a}), repr([d, d])))
t(lambda: a == a)
# identity shortcut in container equality
class NeverEq:
    def __eq__(self, o): return False
    __hash__ = object.__hash__
ne = NeverEq()
t(lambda: (ne == ne, [ne] == [ne], ne in [ne], ne in {ne}, {ne: 1}[ne], (ne,) == (ne,), [ne].count(ne), [ne].index(ne), {ne: 1} == {ne: 1}))
class AlwaysEq:
    def __init__(self, h): self.h = h
    def __eq__(self, o): return True
    def __hash__(self): return self.h
t(lambda: (len({AlwaysEq(1), AlwaysEq(1), AlwaysEq(2)}), {AlwaysEq(5): 'v'}[AlwaysEq(5)], AlwaysEq(1) in [3], AlwaysEq(0) == 5, 5 == AlwaysEq(0), [1, 2] == [AlwaysEq(0), AlwaysEq(0)]))
class HashRaises:
    def __hash__(self): raise RuntimeError('nohash')
t(lambda: {HashRaises()})
t(lambda: HashRaises() in {1: 2})
class HashBig:
    def __hash__(self): return 2**100
class HashNeg1:
    def __hash__(self): return -1
class HashStr:
    def __hash__(self): return 'x'
t(lambda: (hash(HashBig()), hash(HashNeg1())))
t(lambda: hash(HashStr()))
class EqOnly:
    def __eq__(self, o): return True
t(lambda: (EqOnly.__hash__, hash(EqOnly())))
class Sub(EqOnly):
    __hash__ = object.__hash__
t(lambda: (Sub.__hash__ is object.__hash__, isinstance(hash(Sub()), int)))
t(lambda: (1 == 1.0, 'a' == b'a', (1, 2) == [1, 2], 1 == '1', None == 0, [] == (), {} == set(), frozenset() == set(), 0.1 + 0.2 == 0.3, 10**20 == 1e20, 2**53 + 1 == 2.0**53))
# last: recursive comparison must raise RecursionError (kept last in case it crashes the process)
def rec_cmp():
    x = [1]; x.append(x); y = [1]; y.append(y)
    return x == y
t(rec_cmp)
