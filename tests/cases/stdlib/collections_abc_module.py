import collections.abc as cabc
print(cabc.__name__, cabc.Mapping, cabc.Mapping.__module__)
import collections
print(collections.abc.Sequence)
from collections.abc import *
for v in ([], (), "", {}, set(), frozenset(), b"", bytearray(), range(3), iter([]), {}.keys(), {}.items(), {}.values(), len, (x for x in []), 1, None):
    print(type(v).__name__, [c.__name__ for c in (Hashable, Iterable, Iterator, Reversible, Generator, Sized, Container, Callable, Collection, Set, MutableSet, Mapping, MutableMapping, Sequence, MutableSequence, KeysView, ItemsView, ValuesView, MappingView) if isinstance(v, c)])
class MyMap(Mapping):
    def __init__(self, d): self.d = d
    def __getitem__(self, k): return self.d[k]
    def __iter__(self): return iter(self.d)
    def __len__(self): return len(self.d)
m = MyMap({'a': 1, 'b': 2})
print(m.get('a'), m.get('z', 0), 'a' in m, list(m.keys()), list(m.items()), list(m.values()), m == {'a': 1, 'b': 2})
print(m.keys() & {'a'}, m.keys() | {'c'} == {'a','b','c'}, m.keys() - {'a'}, ('a', 1) in m.items(), 2 in m.values())
print(repr(m.keys())[:9])
class MySeq(Sequence):
    def __init__(self, *a): self.a = a
    def __getitem__(self, i): return self.a[i]
    def __len__(self): return len(self.a)
s = MySeq(1, 2, 3, 2)
print(list(s), list(reversed(s)), s.index(2), s.count(2), 3 in s, s.index(2, 2))
try: s.index(9)
except ValueError as e: print("VE", repr(e))
class MySet(MutableSet):
    def __init__(self, it=()): self.s = set(it)
    def __contains__(self, x): return x in self.s
    def __iter__(self): return iter(sorted(self.s))
    def __len__(self): return len(self.s)
    def add(self, x): self.s.add(x)
    def discard(self, x): self.s.discard(x)
    def __repr__(self): return f"MySet({sorted(self.s)})"
a = MySet([1,2,3]); b = MySet([2,3,4])
print(a & b, a | b, a - b, a ^ b, a <= b, MySet([2]) < a, a == MySet([3,2,1]), a.isdisjoint([7]))
a |= [9]; print(a); a -= [1]; print(a); a ^= [2, 5]; print(a); a &= [3, 5]; print(a)
print(a.pop(), a); a.remove(5); print(a)
try: a.remove(42)
except KeyError as e: print("KE", e)
print(hash(frozenset([1,2,3])) == MySet([1,2,3])._hash())
class MyML(MutableSequence):
    def __init__(self): self.l = []
    def __getitem__(self, i): return self.l[i]
    def __setitem__(self, i, v): self.l[i] = v
    def __delitem__(self, i): del self.l[i]
    def __len__(self): return len(self.l)
    def insert(self, i, v): self.l.insert(i, v)
x = MyML(); x.append(1); x.extend([2, 3, 4]); x.reverse(); print(x.l, x.pop(), x.pop(0), x.l); x += [7]; x.remove(2); print(x.l)
class MM(MutableMapping):
    def __init__(self): self.d = {}
    def __getitem__(self, k): return self.d[k]
    def __setitem__(self, k, v): self.d[k] = v
    def __delitem__(self, k): del self.d[k]
    def __iter__(self): return iter(self.d)
    def __len__(self): return len(self.d)
mm = MM(); mm.update({'a': 1}, b=2); mm.update([('c', 3)]); print(mm.d, mm.setdefault('a', 5), mm.setdefault('z', 5), mm.pop('z'), mm.pop('q', 'dflt'), mm.popitem(), mm.d)
mm.clear(); print(mm.d, len(mm))
try: mm.pop('x')
except KeyError as e: print('KE', e)
try: Sequence()
except TypeError as e: print(e)
try: MutableMapping()
except TypeError as e: print(e)
print(sorted(MutableSequence.__abstractmethods__))
print(issubclass(list, Sequence), issubclass(dict, Sequence), issubclass(str, MutableSequence), issubclass(bool, Hashable))
class NoHash:
    __hash__ = None
print(isinstance(NoHash(), Hashable))
def gen(): yield 1
print(isinstance(gen(), Generator), issubclass(type(gen()), Iterator))
class It:
    def __iter__(self): return self
    def __next__(self): raise StopIteration
print(isinstance(It(), Iterator), isinstance(It(), Iterable), isinstance(It(), Reversible))
print(Iterable[int] is Iterable if False else 'skip')
