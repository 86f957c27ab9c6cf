# Builtins dispatching to dunder methods: len, abs, bool, iter, reversed, str, repr, format, hash, int, float, round, in, next.
class Vec:
    def __init__(self, *c):
        self.c = list(c)
    def __len__(self):
        return len(self.c)
    def __abs__(self):
        return sum(x * x for x in self.c) ** 0.5
    def __iter__(self):
        return iter(self.c)
    def __reversed__(self):
        return iter(self.c[::-1])
    def __contains__(self, v):
        return v in self.c
    def __getitem__(self, i):
        return self.c[i]
    def __repr__(self):
        return f"Vec{tuple(self.c)}"
    def __str__(self):
        return "<" + ", ".join(map(str, self.c)) + ">"
    def __format__(self, spec):
        return "<" + ", ".join(format(x, spec) for x in self.c) + ">"
    def __eq__(self, other):
        return isinstance(other, Vec) and self.c == other.c
    def __hash__(self):
        return hash(tuple(self.c))
    def __int__(self):
        return len(self.c)
    def __float__(self):
        return float(sum(self.c))
    def __round__(self, n=None):
        return Vec(*(round(x, n) for x in self.c))
    def __bool__(self):
        return any(self.c)
v = Vec(3, 4)
print(len(v), abs(v), bool(v), bool(Vec(0, 0)), list(v), list(reversed(v)), 4 in v, 5 in v, v[1], v[-1])
print(str(v), repr(v), [v], f"{v}", f"{v!r}", f"{Vec(1.5, 2.25):.1f}", format(v, "03d"))
print(v == Vec(3, 4), v != Vec(3, 4), hash(v) == hash(Vec(3, 4)), len({v, Vec(3, 4)}), int(v), float(v))
print(round(Vec(1.26, 2.5), 1), sorted(Vec(9, 1, 5)), max(Vec(2, 8, 3)), sum(Vec(1, 2, 3)), tuple(Vec(7)))
class Counter:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n
print(list(Counter()), next(Counter()), dict.fromkeys(Counter()))
class Index:
    def __index__(self):
        return 2
print([10, 20, 30][Index()], bin(Index()), hex(Index()), "abc"[Index()], range(Index()))
class NoLen:
    pass
try:
    len(NoLen())
except TypeError as e:
    print("TypeError:", e)
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print("ValueError:", e)
class Num:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v < other.v
    def __repr__(self):
        return f"Num({self.v})"
print(sorted([Num(3), Num(1), Num(2)]), min(Num(5), Num(4)), max([Num(0), Num(9)]))
