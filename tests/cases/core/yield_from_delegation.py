# yield from: delegation of values, send() and throw() passthrough, return values, nested delegation and recursion.
def inner():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    return received
def outer():
    result = yield from inner()
    print("inner returned", result)
    yield "outer done"
g = outer()
print(next(g), g.send("a"), g.send("b"))
print(g.send(None))
def chain(*iterables):
    for it in iterables:
        yield from it
print(list(chain([1, 2], "ab", range(2), (x * x for x in range(3)))))
def flatten(obj):
    if isinstance(obj, list):
        for item in obj:
            yield from flatten(item)
    else:
        yield obj
print(list(flatten([1, [2, [3, [4, []]], 5], [[6]]])))
def catcher():
    try:
        yield 1
        yield 2
    except ValueError:
        yield "caught in inner"
def delegator():
    yield from catcher()
    yield "after"
d = delegator()
print(next(d), d.throw(ValueError), next(d))
def closer():
    try:
        yield 1
    finally:
        print("inner finally")
def deleg2():
    try:
        yield from closer()
    finally:
        print("outer finally")
c = deleg2()
next(c)
c.close()
def ret_only():
    return 42
    yield
def takes_ret():
    v = yield from ret_only()
    yield v * 2
print(list(takes_ret()))
def tree(n):
    if n == 0:
        return 1
    left = yield from tree(n - 1)
    right = yield from tree(n - 1)
    yield n
    return left + right
gen = tree(3)
vals = []
try:
    while True:
        vals.append(next(gen))
except StopIteration as e:
    print(vals, "leaves:", e.value)
def gen_list():
    yield from [10, 20]
    return "end"
def collect():
    r = yield from gen_list()
    yield r
print(list(collect()))
