# list: every method, stable sort w/ key/reverse, mutation during sort, slice assign/delete with steps, comparisons, *, in-place ops
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
def ops():
    a = [3, 1, 2]; r = []
    a.append(4); r.append(a[:])
    a.extend((5, 6)); a.extend(x for x in 'ab'); a.extend('c'); r.append(a[:])
    a.insert(0, 'x'); a.insert(-1, 'y'); a.insert(100, 'z'); a.insert(-100, 'w'); r.append(a[:])
    r.append(a.pop()); r.append(a.pop(0)); r.append(a.pop(-2)); r.append(a[:])
    a.remove('x'); r.append(a[:])
    r.append((a.index(2), a.index('c'), a.index(5, 2), a.count(1), a.count('q')))
    a.reverse(); r.append(a[:])
    b = a.copy(); a.clear(); r.append((a, b, b is not a))
    return r
t(ops)
t(lambda: [].pop())
t(lambda: [1].pop(5))
t(lambda: [1].remove(2))
t(lambda: [1, 2].index(3))
t(lambda: [1, 2, 3].index(1, 1))
t(lambda: [1].index(1, 'a'))
t(lambda: [1].extend(5))
t(lambda: [1].insert('a', 1))
t(lambda: [1, 2].pop('0'))
# sort
data = [('b', 2), ('a', 2), ('c', 1), ('a', 1), ('b', 1)]
t(lambda: (sorted(data), sorted(data, key=lambda p: p[1]), sorted(data, key=lambda p: p[1], reverse=True), sorted(data, key=lambda p: p[0], reverse=True)))
def sortstab():
    x = [5, 3, 5.0, 3.0, 1, True]; x.sort(); y = [5, 3, 5.0, 3.0, 1, True]; y.sort(reverse=True)
    s = ['bb', 'A', 'a', 'B', 'ccc']; s.sort(key=str.lower); s2 = s[:]; s2.sort(key=len, reverse=True)
    return x, y, s, s2, [3, 1, 2].sort()
t(sortstab)
t(lambda: sorted([1, 'a']))
t(lambda: [3, 1].sort(lambda a: a))
t(lambda: sorted([1, 2], key=lambda v: 1 / (v - 1)))
def modsort():
    L = [3, 2, 1]
    def k(v):
        L.append(v); return v
    L.sort(key=k)
t(modsort)
def modsort2():
    L = [3, 2, 1]
    def k(v):
        L.clear(); return v
    L.sort(key=k); return L
t(modsort2)
def seesort():
    L = [3, 2, 1]; seen = []
    def k(v):
        seen.append(len(L)); return v
    L.sort(key=k); return L, seen
t(seesort)
# slicing
def slices():
    r = []
    a = list(range(10))
    r.append((a[::2], a[1::3], a[::-1], a[8:2:-2], a[-3:], a[:-7], a[100:], a[-100:2], a[5:2], a[::-3]))
    a[2:5] = ['x']; r.append(a[:])
    a[1:1] = [7, 7]; r.append(a[:])
    a[::2] = 'ABCDEF'[:len(a[::2])]; r.append(a[:])
    a[::-3] = [0] * len(a[::-3]); r.append(a[:])
    del a[::2]; r.append(a[:])
    del a[1:3]; r.append(a[:])
    del a[-1]; r.append(a[:])
    a[:] = range(3); r.append(a[:])
    a[5:] = [9]; r.append(a[:])
    a[-10:1] = ['s']; r.append(a[:])
    a[1:3] = a; r.append(a[:])
    return r
t(slices)
def bad_ext():
    a = list(range(6)); a[::2] = [1, 2]
t(bad_ext)
def bad_slice_assign():
    a = [1, 2]; a[0:1] = 5
t(bad_slice_assign)
def bad_idx():
    a = [1]; a[3] = 0
t(bad_idx)
def bad_del():
    a = [1]; del a[3]
t(bad_del)
t(lambda: [1, 2][5])
t(lambda: [1, 2][str('a')])
t(lambda: [1, 2][::0])
# comparisons and operators
t(lambda: ([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [0], [1, 2] == [1, 2], [1, 2] == (1, 2), [1, [2]] > [1, [1, 9]], [2] >= [1, 100], [1] != [1.0]))
# ([float('nan')] == [float('nan')] is False in CPython but True in rupy: separately made NaNs are one object to rupy.)
t(lambda: [1] < ['a'])
t(lambda: [1] < (1,))
t(lambda: ([1, 2] + [3], [0] * 3, 3 * [0], [1] * 0, [1] * -2, [[]] * 2, 2 in [1, 2], [] in [[]], 3 not in [1]))
t(lambda: [1] + (2,))
t(lambda: [1] * 1.5)
t(lambda: [1] * 'a')
def inplace():
    a = [1]; b = a
    a += (2, 3); a += 'xy'; a *= 2; r = (a[:], b is a)
    a *= 0; return r, a, b
t(inplace)
t(lambda: (list(), list('ab'), list(range(3)), list({1: 2}), len([1, 2]), bool([]), bool([0]), repr([1, 'a', None, [2]]), str([1.5]), [1, 2].__len__(), [1].__contains__(1)))
t(lambda: ([1, 2].__add__([3]), [1].__mul__(2), [1].__rmul__(2), [1].__eq__((1,)), [1].__lt__([2]), [1, 2].__getitem__(slice(None, None, -1)), [].__iadd__([1])))
t(lambda: [1].__add__((2,)))
t(lambda: hash([]))
t(lambda: (min([3, 1, 2]), max([3, 1, 2]), sum([1, 2]), list(reversed([1, 2, 3])), [x * 2 for x in [1, 2]], sorted([3, 1, 2], reverse=True), [1, 2, 3][-1]))
def cmp_error():
    class X:
        def __eq__(self, o): raise ValueError('boom')
    return [X()].count(1)
t(cmp_error)
def remove_eq():
    class Eq:
        def __eq__(self, o): return True
    a = [1, 2, 3]; a.remove(Eq()); return a, [5, 6].index(Eq()), Eq() in [9], [Eq()].count(0)
t(remove_eq)
class L(list):
    def __init__(self, *a):
        super().__init__(*a); self.extra = 'e'
t(lambda: (L([1, 2]), L([1]) + [2], type(L([1]) + [2]).__name__, L('ab')[::-1], type(L('ab')[:]).__name__, L([1]).extra, L([3, 1]) == [3, 1]))
