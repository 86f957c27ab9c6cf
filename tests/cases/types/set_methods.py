# set and frozenset: every method and operator incl in-place, subset/superset, hashing, errors (sets printed sorted)
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
S = sorted
def ops():
    s = {3, 1}; r = []
    s.add(2); s.add(1); r.append(S(s))
    s.update([4, 5], 'a' * 0, (6,)); r.append(S(s))
    s.discard(6); s.discard(99); s.remove(5); r.append(S(s))
    p = s.pop(); r.append((p in {1, 2, 3, 4}, len(s)))
    s2 = s.copy(); s.clear(); r.append((S(s), len(s2)))
    return r
t(ops)
t(lambda: set().remove(1))
t(lambda: set().pop())
t(lambda: set().add([]))
t(lambda: {[]})
t(lambda: set().update(1))
t(lambda: set().discard([]))
t(lambda: [] in set())
t(lambda: set({1}).remove({1}))
t(lambda: ({1} in [set([1])], frozenset({1}) in {frozenset({1})}, {1} in {frozenset({1})}, set() in {frozenset()}))
t(lambda: {frozenset()}.remove(set()))
a, b = {1, 2, 3}, {2, 3, 4}
t(lambda: (S(a | b), S(a & b), S(a - b), S(a ^ b), S(a.union(b, [9])), S(a.intersection(b, [3])), S(a.difference(b, [1])), S(a.symmetric_difference([4, 5])), S(a.union()), S(a.intersection())))
t(lambda: a | [4])
t(lambda: a.symmetric_difference([1], [2]))
t(lambda: ({1, 2} <= {1, 2}, {1, 2} < {1, 2}, {1} < {1, 2}, {1, 2} >= {1}, {1, 2} > {1, 2}, {1}.issubset([1, 2]), {1, 2}.issuperset((1,)), {1}.isdisjoint([2]), {1}.isdisjoint({1}), set() <= set(), {1} == frozenset({1}), {1} != {1.0}, {1, 2} == {2, 1}))
t(lambda: {1} <= [1])
t(lambda: {1} < 1)
def inplace():
    s = {1, 2, 3}; orig = s; r = []
    s |= {4}; r.append(S(s)); s &= {1, 2, 4, 9}; r.append(S(s)); s -= {1}; r.append(S(s)); s ^= {4, 7}; r.append(S(s))
    s.intersection_update([2, 7, 8], [7, 2]); r.append(S(s)); s.difference_update([2], [3]); r.append(S(s))
    s.symmetric_difference_update([1, 7]); r.append(S(s)); r.append(s is orig)
    return r
t(inplace)
def ior_bad():
    s = {1}; s |= [2]
t(ior_bad)
def self_ops():
    s = {1, 2}; s -= s; r1 = S(s); s = {1, 2}; s ^= s; r2 = S(s); s = {1, 2}; s &= s; s |= s; return r1, r2, S(s)
t(self_ops)
# frozenset
f = frozenset([3, 1, 2])
t(lambda: (S(f), type(f | {9}).__name__, type({9} | f).__name__, type(f & {1}).__name__, type({1} - f).__name__, type(f.copy()).__name__, f.copy() is f, S(f.union([5])), f == {1, 2, 3}, f <= {1, 2, 3, 4}))
t(lambda: (hash(frozenset()) == hash(frozenset([])), hash(frozenset([1, 2])) == hash(frozenset([2, 1])), {frozenset([1]): 'x'}[frozenset([1])], hash(frozenset()), hash(frozenset([1, 2, 3])), frozenset() is frozenset()))
t(lambda: f.add(1))
t(lambda: hash({1}))
def fs_inplace():
    g = f; g |= {9}; return S(g), g is f, type(g).__name__, S(f)
t(fs_inplace)
t(lambda: (set(), set('aba') == {'a', 'b'}, set([1, 1.0, True]), frozenset(), repr({1}), repr(frozenset({1})), repr(set()), str(frozenset([frozenset()])), len({1, 2, 2}), bool(set()), {(1, 2)}, {'x'} | {'x'}))
t(lambda: set(1))
t(lambda: set([1], [2]))
t(lambda: (S(x * 2 for x in {1, 2}), S({x for x in range(5) if x % 2}), S({*[1, 2], *(2, 3)}), max({3, 8}), sum({1, 2}), 1 in {1.0}, 'a' not in set()))
def mut_iter():
    s = {1, 2}
    for x in s:
        s.add(x + 10)
t(mut_iter)
def mut_iter2():
    s = {1, 2}
    for x in s:
        s.discard(x)
t(mut_iter2)
class SS(set):
    def __init__(self, *a):
        super().__init__(*a); self.tag = 'ss'
t(lambda: (S(SS([2, 1])), type(SS([1]) | {2}).__name__, SS([1]).tag, SS([1]) == {1}, type(SS([1]).copy()).__name__))
class FS(frozenset):
    pass
t(lambda: (type(FS([1]) | {2}).__name__, FS([1]) == frozenset([1]), hash(FS([1])) == hash(frozenset([1])), repr(FS([1]))))
t(lambda: ({1}.__or__([1]), {1}.__and__({1}), {1}.__contains__(1), {1}.__len__(), {1}.__eq__([1]), {1}.__le__(1), set.__name__, frozenset.__name__))
t(lambda: {1} + {2})
t(lambda: {1}[0])
t(lambda: sorted({1, 'a'}))
class E:
    def __init__(self, v): self.v = v
    def __hash__(self): return 0
    def __eq__(self, o): return self.v % 3 == o.v % 3
t(lambda: (len({E(1), E(4), E(2)}), E(7) in {E(1)}, len({E(1)} | {E(4)}), len({E(1)} - {E(10)})))
