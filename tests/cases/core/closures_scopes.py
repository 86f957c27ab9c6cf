# Closures, nonlocal and global: counters, late binding, shared cells, class scope, UnboundLocalError.
def make_counter(start=0):
    count = start
    def inc(step=1):
        nonlocal count
        count += step
        return count
    def get():
        return count
    return inc, get
inc, get = make_counter(5)
print(inc(), inc(10), get())
inc2, get2 = make_counter()
print(inc2(), get(), get2())
def adders():
    return [lambda x, n=n: x + n for n in range(3)], [lambda x: x + n for n in range(3)]
early, late = adders()
print([a(10) for a in early], [a(10) for a in late])
total = 0
def add_global(x):
    global total
    total += x
add_global(3)
add_global(4)
print(total)
def define_global():
    global created_later
    created_later = "made inside"
define_global()
print(created_later)
def outer():
    x = "outer"
    def middle():
        def inner():
            nonlocal x
            x = "changed by inner"
        inner()
        return x
    return middle(), x
print(outer())
x = "module"
def reads_module():
    return x
def shadows():
    x = "local"
    return x
print(reads_module(), shadows(), x)
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
