# Recursion near and beyond the default limit: deep-but-legal recursion, raising the limit, catching RecursionError and recovering.
import sys
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(900))
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
print(ackermann(2, 3), ackermann(3, 3))
def forever(n):
    return forever(n + 1)
try:
    forever(0)
except RecursionError as e:
    print("RecursionError caught:", type(e).__name__, isinstance(e, RuntimeError))
print("still works after overflow:", depth(500))
old = sys.getrecursionlimit()
sys.setrecursionlimit(6000)
print("limit raised", sys.getrecursionlimit())
print(depth(5000))
try:
    forever(0)
except RecursionError:
    print("RecursionError again with the raised limit")
sys.setrecursionlimit(old)
print("limit restored", sys.getrecursionlimit() == old)
def mutual_even(n):
    return True if n == 0 else mutual_odd(n - 1)
def mutual_odd(n):
    return False if n == 0 else mutual_even(n - 1)
print(mutual_even(800), mutual_odd(701))
def nested_lists(n):
    return [] if n == 0 else [nested_lists(n - 1)]
deep = nested_lists(300)
count = 0
while deep:
    deep = deep[0]
    count += 1
print("nesting", count)
def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)
    return moves
m = hanoi(10, "A", "B", "C", [])
print(len(m), m[:3], m[-1])
def gen_depth(n):
    if n:
        yield from gen_depth(n - 1)
    yield n
print(sum(gen_depth(400)))
