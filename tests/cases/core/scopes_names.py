# Name resolution: UnboundLocalError, class bodies not enclosing methods, memoising closures, composition, loop cells bound late.
def unbound():
    try:
        print(y_val)
    except UnboundLocalError:
        print("UnboundLocalError caught")
    y_val = 1
    return y_val
print(unbound())
class K:
    attr = "class attr"
    def method(self):
        try:
            return attr
        except NameError:
            return "class body names are not visible in methods"
print(K().method())
def fib_memo():
    memo = {0: 0, 1: 1}
    def fib(n):
        if n not in memo:
            memo[n] = fib(n - 1) + fib(n - 2)
        return memo[n]
    return fib
fib = fib_memo()
print(fib(80), fib.__closure__ is not None, fib.__code__.co_freevars)
def compose(*fns):
    def run(v):
        for fn in reversed(fns):
            v = fn(v)
        return v
    return run
print(compose(str, lambda v: v * 2, abs)(-21))
def cell_after_return():
    fns = []
    for i in range(3):
        def g():
            return i
        fns.append(g)
    i = 100
    return [h() for h in fns]
print(cell_after_return())
