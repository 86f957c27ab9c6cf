# Fibonacci three ways: naive recursion, a generator, and fast doubling on big ints.
import sys


def fib_rec(n):
    return n if n < 2 else fib_rec(n - 1) + fib_rec(n - 2)


def fib_gen():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def fib_doubling(n):
    """Returns (F(n), F(n+1)) using F(2k) = F(k)(2F(k+1) - F(k)), F(2k+1) = F(k)^2 + F(k+1)^2."""
    if n == 0:
        return 0, 1
    a, b = fib_doubling(n // 2)
    c = a * (2 * b - a)
    d = a * a + b * b
    return (d, c + d) if n % 2 else (c, d)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 25
print(f"fib_rec({n}) = {fib_rec(n)}")
gen = fib_gen()
print("first 15:", [next(gen) for _ in range(15)])
big = fib_doubling(1000)[0]
print(f"F(1000) has {len(str(big))} digits, starts {str(big)[:12]}..., ends ...{big % 10 ** 12:012d}")
assert fib_doubling(n)[0] == fib_rec(n)
