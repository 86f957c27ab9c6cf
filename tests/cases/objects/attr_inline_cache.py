# Inline attribute cache edge cases: shadowing by later data descriptors, __class__ changes,
# polymorphic sites, slots, class attribute changes.
class A:
    def __init__(self): self.x = 1
class B:
    def __init__(self): self.y = 0; self.x = 2
def get(o): return o.x
a, b = A(), B()
print([get(o) for o in (a, b, a, b)])
A.x = property(lambda self: "prop")
print(get(a), get(b))
del A.x
print(get(a))
a.__class__ = B
print(get(a), type(a).__name__)
class S:
    __slots__ = ("x",)
s = S(); s.x = 5
print(get(s))
def setx(o, v): o.x = v
for o in (a, b): setx(o, 10)
print(a.x, b.x)
class D:
    def __set__(self, obj, v): print("descriptor set", v)
    def __get__(self, obj, t): return "descriptor get"
B.x = D()
setx(b, 3); print(get(b))
del B.x
print(get(b))
class G:
    def __getattr__(self, n): return "fallback " + n
g = G(); print(get(g)); g.x = 7; print(get(g))
for i in range(3):
    class Fresh:
        def __init__(self): self.x = i
    print(get(Fresh()))
