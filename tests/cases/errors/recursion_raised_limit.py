# With sys.setrecursionlimit raised to 20000, unbounded recursion still ends in RecursionError and never overflows the native stack.
import sys
sys.setrecursionlimit(20000)

def down(n):
    return down(n + 1) + 1

def ok(n):
    return 0 if n == 0 else ok(n - 1) + 1

print(ok(10000))
down(0)
