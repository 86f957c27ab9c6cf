# Reference cycles are collected; objects reachable from live ones survive; __del__ runs
# once, for cycles too; resurrection keeps an object alive.
import gc

log = []

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        log.append(self.name)

def make_pair(a, b):
    x = Node(a); y = Node(b)
    x.other = y; y.other = x

make_pair("a", "b")
print("before collect", sorted(log))
n = gc.collect()
print("collected >= 2:", n >= 2, sorted(log))

# A cycle reachable from a live object survives.
keep = Node("kept")
keep.other = Node("inner")
keep.other.other = keep
gc.collect()
print("kept alive:", keep.other.other is keep, sorted(log))

# Self-referencing containers.
l = [1, 2]; l.append(l)
d = {}; d["d"] = d
wr_count = len(log)
del l, d
print("collect containers:", gc.collect() >= 2)

# Closures referring to themselves.
def outer():
    def rec(n):
        return 0 if n == 0 else rec(n - 1) + 1
    return rec(5)
print("closure", outer(), gc.collect() >= 0)

# Resurrection: __del__ stores the object; it is not finalized twice.
saved = []
class Phoenix:
    def __del__(self):
        print("phoenix __del__")
        saved.append(self)
p = Phoenix()
p.me = p
del p
gc.collect()
print("resurrected:", len(saved), gc.is_finalized(saved[0]))
saved.clear()
gc.collect()
print("no second __del__")

# Immediate __del__ when the last reference goes.
class Loud:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
x = Loud(1)
x = Loud(2)
print("rebound")
def f():
    y = Loud(3)
f()
print("returned")
lst = [Loud(4), Loud(5)]
lst.pop(0)
print("popped")
del lst
print("deleted list")

# Exceptions in __del__ are reported and ignored.
class Bad:
    def __del__(self):
        raise ValueError("oops")
b = Bad()
del b
print("still running")

# gc module API.
print(gc.isenabled())
gc.disable(); print(gc.isenabled())
gc.enable(); print(gc.isenabled())
print(type(gc.get_count()), len(gc.get_count()), len(gc.get_threshold()))
print(gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked([]), gc.is_tracked((1, 2)), gc.is_tracked(([],)))
print(gc.garbage)

# Many cycles in a loop stay bounded and get finalized.
log.clear()
for i in range(5000):
    make_pair(i, -i)
gc.collect()
print("finalized pairs:", len(log))
print("end")
