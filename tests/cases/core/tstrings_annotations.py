# t-strings (Template, Interpolation, conversions, specs, debug =) and lazy function annotations (PEP 649); 3.14 semantics, expected output written from PEP 750/649 as 3.13 cannot run it
name = "World"
x = 42
t = t"Hello {name}! {x!r:>5} {x=}"
print(type(t).__name__, t.strings, t.values)
print(t.interpolations[0])
print(list(t))
print(t"".strings, (t"a{x}" + t"b").strings, t"{x}{x}".strings)
i = t.interpolations[1]
print(i.value, i.expression, i.conversion, i.format_spec)
Interpolation = type(i)
match i:
    case Interpolation(value, expr, conv, spec):
        print("matched", value, expr, conv, spec)
class A:
    def m(self, other: "A") -> B:
        return other
class B: pass
print(A.m.__annotations__)
def f(x: int, *, y: str = "a") -> None: pass
print(f.__annotations__)
def g(): pass
print(g.__annotations__)
def h(a: undefined_name): pass
try:
    h.__annotations__
except NameError as e:
    print("NameError", e)
