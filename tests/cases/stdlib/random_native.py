# _random: Mersenne Twister seeded as CPython (ints of any size, negative, hash of others), random, getrandbits, state
import _random
r = _random.Random(42)
print([r.random() for _ in range(3)])
print(r.getrandbits(1), r.getrandbits(32), r.getrandbits(70), r.getrandbits(0))
r.seed(2**100 + 7)
print(r.random())
r.seed(-42)
a = r.random()
r.seed(42)
print(a == r.random())
s = r.getstate()
x = r.random()
r.setstate(s)
print(x == r.random(), len(s))
class Sub(_random.Random):
    pass
t = Sub()
t.seed(5)
print(t.random(), isinstance(t, _random.Random))
try:
    r.getrandbits(-1)
except ValueError as e:
    print(e)
try:
    r.setstate((1, 2))
except ValueError as e:
    print(e)
