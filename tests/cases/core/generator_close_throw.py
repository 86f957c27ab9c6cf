# Generator edge cases: ignoring GeneratorExit, send() to a just-started generator, throw() propagation, return in a generator, infinite generators.
def ignores_exit():
    try:
        yield 1
    except GeneratorExit:
        yield 2
bad = ignores_exit()
next(bad)
try:
    bad.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def unstarted():
    print("never runs")
    yield
u = unstarted()
try:
    u.send(5)
except TypeError as e:
    print("TypeError:", e)
u.close()
def thrower():
    yield 1
    yield 2
t = thrower()
next(t)
try:
    t.throw(KeyError("k"))
except KeyError as e:
    print("propagated KeyError", e)
print(next(t, "done after throw"))
def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"
c = countdown(3)
print(list(c), c.gi_frame is None)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
print([x for _, x in zip(range(12), fib())])
