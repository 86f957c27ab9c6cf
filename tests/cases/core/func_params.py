# Function parameters: defaults (evaluated once), *args, **kwargs, keyword-only, positional-only, annotations, call errors.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, d=0))
print(f(*[1, 2, 3], **{"c": 0, "z": 1}))
def pos_only(x, y, /, z=0, *, w=1):
    return x + y + z + w
print(pos_only(1, 2), pos_only(1, 2, 3), pos_only(1, 2, z=3, w=4))
try:
    pos_only(x=1, y=2)
except TypeError:
    print("TypeError: positional-only passed as keyword")
try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, c=1, a=2)
except TypeError as e:
    print("TypeError:", e)
def kwonly(*, key):
    return key
try:
    kwonly(1)
except TypeError as e:
    print("TypeError:", e)
def acc(item, bucket=[]):
    bucket.append(item)
    return bucket
print(acc(1), acc(2), acc(3, []), acc(4))
def safe(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket
print(safe(1), safe(2))
counter = 10
def default_snapshot(x=counter):
    return x
counter = 20
print(default_snapshot())
def annotated(x: int, y: "str" = "s") -> list:
    return [x, y]
print(annotated(1), annotated.__annotations__)
print(f.__defaults__, f.__kwdefaults__, f.__name__, pos_only.__code__.co_argcount)
def varargs(*args):
    return len(args), args
print(varargs(), varargs(1), varargs(*range(4)))
def kwargs_only(**kwargs):
    return sorted(kwargs.items())
print(kwargs_only(b=1, a=2), kwargs_only(**{"if": 1, "x y": 2}))
def too_few(a, b):
    return a + b
try:
    too_few(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
def nested_defaults(a, b=[1, 2], c={"k": (1, 2)}):
    return a, b, c
print(nested_defaults(0), nested_defaults(0, c=None))
def rec(n, *, depth=0):
    return depth if n == 0 else rec(n - 1, depth=depth + 1)
print(rec(5))
