# Generator protocol: send(), throw(), close(), GeneratorExit, return values in StopIteration, finally in generators.
def averager():
    total, count, avg = 0.0, 0, None
    while True:
        value = yield avg
        if value is None:
            return (count, avg)
        total += value
        count += 1
        avg = total / count
g = averager()
print(next(g), g.send(10), g.send(20), g.send(0))
try:
    g.send(None)
except StopIteration as stop:
    print("returned", stop.value)
def guarded():
    try:
        while True:
            try:
                x = yield "ready"
                print("got", x)
            except ValueError as e:
                print("handled", e)
                yield "recovered"
    finally:
        print("cleanup")
gen = guarded()
print(next(gen))
print(gen.send("a"))
print(gen.throw(ValueError("bad")))
print(next(gen))
gen.close()
print("closed; next ->", next(gen, "exhausted"))
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
s = stubborn()
next(s)
s.close()
s.close()
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
