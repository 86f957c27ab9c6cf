# with statement: __enter__/__exit__ order, as-targets, exception info passed to __exit__, suppression, multiple and nested managers.
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type else None
        print("exit", self.name, kind, exc, tb is not None)
        return self.suppress
with CM("a") as v:
    print("body", v)
with CM("x") as x, CM("y") as y:
    print("both", x, y)
with CM("s", suppress=True):
    raise ValueError("suppressed")
print("after suppressed")
try:
    with CM("n"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", e)
try:
    with CM("outer"), CM("inner", suppress=True):
        raise RuntimeError("inner eats it")
    print("continued")
    with CM("o2", suppress=True), CM("i2"):
        raise RuntimeError("outer eats it")
    print("continued again")
except RuntimeError:
    print("not reached")
def early_return():
    with CM("ret"):
        return "returned"
print(early_return())
for i in range(2):
    with CM(f"loop{i}"):
        if i == 0:
            continue
        break
with (CM("p1") as a,
      CM("p2") as b):
    print("parenthesized", a, b)
class Resource:
    def __init__(self):
        self.log = []
    def __enter__(self):
        self.log.append("open")
        return self
    def __exit__(self, *exc):
        self.log.append("close")
with Resource() as r:
    r.log.append("use")
print(r.log)
class Targets:
    def __enter__(self):
        return (1, [2, 3])
    def __exit__(self, *a):
        return None
with Targets() as (one, [two, three]):
    print(one, two, three)
holder = {}
with Targets() as holder["t"]:
    pass
print(holder)
