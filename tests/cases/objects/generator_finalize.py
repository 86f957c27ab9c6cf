# Suspended generators are closed when their last reference goes (finally blocks run),
# also when they sit in a reference cycle; exceptions there are reported and ignored.
import gc
def g(name):
    try:
        yield 1
        yield 2
    finally:
        print("cleanup", name)
x = g("a"); next(x); del x
print("after del")
for v in g("b"):
    print("got", v)
    break
print("after break")
def plain():
    yield 1
    yield 2
p = plain(); next(p); del p
print("plain dropped")
def bad():
    try:
        yield 1
    finally:
        raise ValueError("in finally")
b = bad(); next(b); del b
print("after bad")
class Holder: pass
h = Holder(); h.gen = g("c"); next(h.gen); h.gen_ref = h
del h
print("cycle made")
gc.collect()
print("collected")
def ignores():
    try:
        yield 1
    except GeneratorExit:
        yield 2
i = ignores(); next(i); del i
print("end")
def w():
    with open(__file__) as f:
        yield f.closed
gw = w(); print(next(gw)); del gw
print("done")
