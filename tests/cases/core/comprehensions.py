# List/dict/set comprehensions and generator expressions: nesting, conditions, scoping, laziness.
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for row in matrix for i in range(len(row)) if i != 1])
print([[row[i] for row in matrix] for i in range(3)])
print([x * y for x in range(1, 4) for y in range(x, 4)])
print([(x, y) for x in "ab" if x != "z" for y in (1, 2) if y != x])
print({x: [y for y in range(x)] for x in range(4)})
print(sorted({c.upper() for c in "hello"}))
print([v if v % 2 else -v for v in range(6)])
print([n for n in range(30) if n % 2 if n % 3], [[]for _ in range(2)])
gen = (i * i for i in range(5))
print(type(gen).__name__, next(gen), next(gen), list(gen), list(gen))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in []), list(zip(*matrix)))
x = "outer"
res = [x for x in range(3)]
print(x, res)
k = 10
print([k + i for i in range(3)], [(lambda: i)() for i in range(3)])
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
fs2 = [lambda i=i: i for i in range(3)]
print([f() for f in fs2])
consumed = []
def src():
    for i in range(5):
        consumed.append(i)
        yield i
g = (v * 10 for v in src() if v != 2)
print(consumed, next(g), consumed, next(g), next(g), consumed)
flat = [c for word in ["ab", "", "cde"] for c in word]
print(flat, "".join(w[::-1] for w in ["ab", "cd"]))
pyth = [(a, b, c) for c in range(1, 30) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(pyth)
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(C.doubled)
print([[i + j for j in range(i)] for i in range(4)])
print({(i, j): i * j for i in range(2) for j in range(2)})
print(list(map(lambda t: t[0] + t[1], [(i, i * 2) for i in range(4)])))
