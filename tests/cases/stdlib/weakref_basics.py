# weak references: ref, callbacks, dead refs, proxies, WeakValueDictionary, WeakKeyDictionary, WeakSet, errors
import weakref, gc
class C:
    def __init__(self, n): self.n = n
    def __repr__(self): return f"C({self.n})"
c = C(1)
r = weakref.ref(c)
print(r() is c, r() , weakref.getweakrefcount(c))
got = []
r2 = weakref.ref(c, lambda ref: got.append(ref is r2))
del c
gc.collect()
print(r(), got)
d = weakref.WeakValueDictionary()
a, b = C(2), C(3)
d['a'] = a; d['b'] = b
del a
gc.collect()
print(sorted(d.keys()), d.get('a'), d['b'])
k = weakref.WeakKeyDictionary()
x = C(4)
k[x] = 'four'
print(k[x], len(k))
del x
gc.collect()
print(len(k))
s = weakref.WeakSet()
y = C(5)
s.add(y)
print(len(s), y in s)
del y
gc.collect()
print(len(s))
z = C(6)
p = weakref.proxy(z)
print(p.n, repr(p)[:15])
del z
gc.collect()
try:
    p.n
except ReferenceError as e:
    print('ReferenceError', e)
for bad in (1, 'x', [1], {}, None):
    try:
        weakref.ref(bad)
    except TypeError as e:
        print(e)
def f(): pass
print(weakref.ref(f)() is f)
m = C(7)
wm = weakref.WeakMethod(m.__repr__)
print(wm()())
