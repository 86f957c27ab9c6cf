# An uncaught user exception with no arguments prints just its class name as the last stderr line.
class Abort(Exception):
    pass

def step(n):
    if n == 2:
        raise Abort
    print("step", n)

for n in range(5):
    step(n)
