# from __future__ import annotations: annotations stay source text, names need not exist
from __future__ import annotations
x: Undefined = 3
class C:
    y: AlsoUndefined[int]
    def m(self, a: Missing, *, b: list[Nope] = None) -> Thing:
        return a
def f(p: Q) -> R: pass
print(__annotations__, C.__annotations__)
print(C.m.__annotations__, f.__annotations__)
print(x, C().m(5))
