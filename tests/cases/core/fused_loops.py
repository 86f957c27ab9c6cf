# Loops and arithmetic that the peephole pass fuses: for-heads storing to a local,
# `TOS op local`, `TOS op const`, `local = TOS op const`, with every slow path taken.
def gen(n):
    for i in range(n):
        yield i * 2

def fused(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return total

def slow_paths():
    out = []
    for s in ["a", "b"]:            # list iterator
        out.append(s + "x")
    for g in gen(3):                # generator: the general next() path
        out.append(g)
    for ch in "hé":                 # str iterator
        out.append(ch * 2)
    for k in {"p": 1, "q": 2}:      # dict iterator
        out.append(k)
    x = 2 ** 62
    for i in range(3):
        x = x * 4 + i               # int overflow into a big int
    out.append(x)
    f = 1.5
    for i in range(3):
        f = f * i + 0.25
    out.append(f)
    acc = "s"
    for i in range(2):
        acc = acc + "t"              # str + const
    out.append(acc)
    lst = []
    for i in range(3):
        lst = lst + [i]              # list + local
    out.append(lst)
    for i in range(10, 0, -3):      # negative step
        out.append(i)
    for i in range(0):
        out.append("never")
    else:
        out.append("else")
    for i in range(5):
        if i == 3:
            break
    out.append(i)
    n = 0
    for i in range(4):
        for j in range(i):
            n = n + j % 2
    out.append(n)
    return out

print(fused(1000))
print(slow_paths())

def bad_const():
    x = "a"
    for i in range(2):
        x = x - 1
    return x

def bad_local():
    y = None
    t = 3
    t = t + y
    return t

def unbound():
    v = 1
    v = v + w
    w = 2

def raising_iter():
    def it():
        yield 1
        raise ValueError("from the iterator")
    seen = []
    for v in it():
        seen.append(v)
    return seen

for fn in (bad_const, bad_local, unbound, raising_iter):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, e)

class Num:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return Num(self.v + (o.v if isinstance(o, Num) else o))
    def __mod__(self, o):
        return Num(self.v % o)
    def __repr__(self):
        return f"Num({self.v})"

def dunder():
    a = Num(1)
    b = Num(2)
    for i in range(3):
        a = a + b
        a = a % 5
    return a
print(dunder())

def caught_in_loop():
    out = []
    for i in range(4):
        try:
            out.append(10 % (i - 2))
        except ZeroDivisionError:
            out.append("zero")
    return out
print(caught_in_loop())
