# Comparison chains: each operand evaluated at most once, short-circuit on the first false link, mixed operators.
log = []
def v(x):
    log.append(x)
    return x

print(v(1) < v(2) < v(3), log)
log.clear()
print(v(1) < v(0) < v(5), log)
log.clear()
print(v(5) > v(3) >= v(3) == v(3) != v(4), log)
log.clear()
print(v(1) == v(1) in [v(1)], log)
log.clear()
print(v(2) in [1, 2] not in [[1, 2]], log)
log.clear()

x = 5
print(0 < x < 10, 0 < x > 10, 1 <= x <= 5 <= 5, x == 5 == 5.0)
print(1 < 2 > 1 < 2 > 1, 3 > 2 > 1 > 0 > -1, 3 > 2 > 2)
print("a" < "b" < "c", "abc" < "abd" < "b", [1, 2] < [1, 3] < [2])
print((1, 2) <= (1, 2) < (1, 2, 0))
a = b = [1]
c = [1]
print(a is b is not c, a == b == c, a is c)
print(None is None is not False)
print(not 1 < 2, not (1 > 2) == True)

def between(lo, val, hi):
    return lo <= val < hi

print([n for n in range(-3, 12) if between(0, n, 8) and not between(3, n, 5)])
print(sorted([3, 1, 2]) == [1, 2, 3] != [3, 2, 1])
count = 0
def tick():
    global count
    count += 1
    return count
print(0 < tick() < 2 < tick(), count)
