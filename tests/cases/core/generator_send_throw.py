# Generator protocol: send(), throw() handled inside, close() running finally, GeneratorExit, return values in StopIteration.
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
