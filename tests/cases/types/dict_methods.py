# dict: every method, views + set ops, |/|=, setdefault, popitem order, fromkeys, mutation during iteration, __missing__
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
def ops():
    d = {'a': 1, 'b': 2}; r = []
    d['c'] = 3; r.append(dict(d))
    r.append((d.get('a'), d.get('z'), d.get('z', 0), d['b'], 'a' in d, 'z' not in d, len(d)))
    r.append((d.setdefault('a', 9), d.setdefault('d'), d.setdefault('e', [])))
    r.append((d.pop('d'), d.pop('zz', 'dflt'), d.pop('e')))
    d.update({'x': 1}, y=2); d.update([('z', 3)]); d.update(a=100); r.append(dict(d))
    r.append((d.popitem(), d.popitem(), dict(d)))
    c = d.copy(); d.clear(); r.append((d, c))
    del c['a']; c['a'] = 0; r.append(list(c))
    return r
t(ops)
t(lambda: {}['missing'])
t(lambda: {}.pop('k'))
t(lambda: {}.popitem())
t(lambda: {}.get())
t(lambda: {}.update(1))
t(lambda: {}.update([1]))
t(lambda: {}.update([(1, 2, 3)]))
t(lambda: {[]: 1})
t(lambda: {}.setdefault([], 1))
def deld():
    d = {}; del d['x']
t(deld)
t(lambda: (dict.fromkeys('abc'), dict.fromkeys([1, 2], 0), dict.fromkeys([]), dict(a=1), dict([(1, 2)], b=3), dict({1: 2}), dict(zip('ab', 'xy')), dict(), dict([['k', 'v']])))
t(lambda: dict([(1,)]))
t(lambda: dict(1))
# views
d = {'a': 1, 'b': 2, 'c': 3}
k, v, it = d.keys(), d.values(), d.items()
t(lambda: (k, v, it, list(k), list(v), list(it), len(k), 'a' in k, 1 in v, ('a', 1) in it, ('a', 2) in it, list(reversed(k)), list(reversed(it))))
t(lambda: (sorted(k & {'a', 'z'}), sorted(k | {'z'}), sorted(k - {'a'}), sorted(k ^ {'a', 'z'}), sorted(it & {('a', 1)}), sorted(it | {('q', 0)}), sorted(it - {('a', 1)}), k == {'a', 'b', 'c'}, k < {'a', 'b', 'c', 'd'}, k.isdisjoint({'x'}), sorted({'z'} | k), sorted(['a', 'q'] & k)))
t(lambda: (k.mapping, type(k).__name__, type(v).__name__, type(it).__name__, v == v, d.values() == d.values()))
t(lambda: v | {1})
t(lambda: hash(k))
def live():
    dd = {1: 1}; kv = dd.keys(); dd[2] = 2; return list(kv), len(kv)
t(live)
# merge operators
t(lambda: ({'a': 1} | {'b': 2, 'a': 3}, {'a': 1} | {}, dict.__or__({}, 1)))
t(lambda: {'a': 1} | [('b', 2)])
def ior():
    x = {'a': 1}; y = x; x |= {'b': 2}; x |= [('c', 3)]; return x, y is x
t(ior)
def ior_bad():
    x = {}; x |= 5
t(ior_bad)
# order, equality, comparisons
t(lambda: ({1: 2, 3: 4} == {3: 4, 1: 2}, list({3: 1, 1: 2, 2: 3}), {1: 'a'} != {1: 'b'}, {1: 1} == {1.0: 1}, {True: 'x', 1: 'y', 1.0: 'z'}, {0: 'a', False: 'b'}))
t(lambda: {} < {})
def order():
    dd = {}; dd['x'] = 1; dd['y'] = 2; dd['x'] = 3; del dd['x']; dd['x'] = 4; return list(dd.items())
t(order)
# mutation during iteration
def mut_iter():
    dd = {1: 1, 2: 2}
    for key in dd:
        dd[key + 10] = 0
t(mut_iter)
def mut_iter2():
    dd = {1: 1, 2: 2}
    for key in dd:
        del dd[key]
t(mut_iter2)
def mut_iter3():
    dd = {1: 1, 2: 2}
    for key in dd:
        dd[key] = 'changed'
    return dd
t(mut_iter3)
def mut_iter4():
    dd = {1: 1, 2: 2}
    for kv in dd.items():
        dd.pop(1); dd[5] = 5
t(mut_iter4)
def mut_values():
    dd = {1: 1}
    for x in dd.values():
        dd.clear()
t(mut_values)
# __missing__
class DD(dict):
    def __missing__(self, key):
        self[key] = key * 2
        return key * 2
dd = DD(a=1)
t(lambda: (dd['a'], dd['zz'], dd.get('q'), 'q' in dd, dd, type(dd).__name__, dd.copy(), type(dd.copy()).__name__, type(dd | {}).__name__))
class NoMissing(dict):
    pass
t(lambda: NoMissing()['k'])
class Counter(dict):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw); self.label = 'cnt'
    def __missing__(self, k): return 0
c = Counter(x=1)
t(lambda: (c['y'], c['x'], c.label, len(c), dict(c), repr(c)))
t(lambda: (repr({}), repr({1: 'a', 'b': [1]}), str({None: (1,)}), {'a': 1}.__getitem__('a'), {}.__contains__(1), {1: 2}.__len__(), dict.__name__, {1: 2}.__eq__([]), {1: {2: {}}}))
t(lambda: (list(iter({1: 2, 3: 4})), next(iter({'only': 1}.items())), sorted({2: 0, 1: 0}), max({1: 0, 5: 0}), sum({1: 0, 2: 0}), dict(sorted({'b': 1, 'a': 2}.items()))))
t(lambda: hash({}))
t(lambda: {'a': 1}.keys()[0])
class Key:
    def __init__(self, v): self.v = v
    def __hash__(self): return 1
    def __eq__(self, o): return isinstance(o, Key) and self.v == o.v
t(lambda: (len({Key(1): 1, Key(2): 2, Key(1): 3}), {Key(1): 'a'}.get(Key(1)), {Key(1): 'a'}.get(Key(3))))
