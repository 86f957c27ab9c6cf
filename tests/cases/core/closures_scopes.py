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
