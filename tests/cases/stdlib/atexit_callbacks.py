# atexit: callbacks run at exit newest first with their arguments, unregister, errors reported and the rest still run
import atexit
def say(*a, **k):
    print("exit", a, sorted(k.items()))
def boom():
    raise ValueError("in callback")
atexit.register(say, 1, x=2)
atexit.register(boom)
atexit.register(say, "last")
r = atexit.register(say, "gone")
print(r is say, atexit._ncallbacks())
def other(): print("other")
atexit.register(other)
atexit.unregister(other)
print("main done")
