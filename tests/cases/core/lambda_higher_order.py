# lambda expressions and higher-order functions: sorted/min/max keys, map/filter, decorators built from closures.
square = lambda x: x * x
print(square(7), (lambda: "no args")(), (lambda *a, **k: (a, k))(1, b=2), (lambda a, b=3: a * b)(2))
print(list(map(lambda x, y: x + y, [1, 2, 3], [10, 20, 30])), list(filter(lambda s: s.isupper(), "aBcDE")))
people = [("ann", 31), ("bob", 25), ("cy", 31), ("dee", 19)]
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(min(people, key=lambda p: p[1]), max(people, key=lambda p: len(p[0])))
print(square.__name__, type(square).__name__, callable(square))
def twice(fn):
    return lambda x: fn(fn(x))
print(twice(square)(3), twice(twice(lambda s: s + "!"))("hi"))
def logged(fn):
    def wrapper(*args, **kwargs):
        result = fn(*args, **kwargs)
        print(f"{fn.__name__}{args} -> {result}")
        return result
    return wrapper
@logged
def add(a, b):
    return a + b
add(2, 3)
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hello(name):
    return "hi " + name
print(hello("x"))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
print([ops[o](6, 3) for o in "+-*"])
curry = lambda a: lambda b: lambda c: a + b + c
print(curry(1)(2)(3))
Y = lambda f: (lambda x: x(x))(lambda x: f(lambda *a: x(x)(*a)))
fact = Y(lambda self: lambda n: 1 if n == 0 else n * self(n - 1))
print(fact(10))
cond = lambda n: "even" if n % 2 == 0 else "odd"
print([cond(i) for i in range(4)])
funcs = [lambda x, i=i: x ** i for i in range(4)]
print([fn(2) for fn in funcs])
def apply_all(value, *fns):
    for fn in fns:
        value = fn(value)
    return value
print(apply_all("  Hello ", str.strip, str.lower, lambda s: s[::-1]))
print(sorted(["b10", "a2", "b2", "a10"], key=lambda s: (s[0], int(s[1:]))))
