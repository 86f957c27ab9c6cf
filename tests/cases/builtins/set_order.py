# Set iteration order against CPython: construction, literals, algebra, mutation.
seed = 99
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2**31
    return seed % n
out = []
for trial in range(400):
    n = rnd(30); m = rnd(30)
    xs = [rnd(500) - 100 for _ in range(n)]
    ys = [rnd(500) - 100 for _ in range(m)]
    a = set(xs); b = set(ys)
    out.append(list(a)); out.append(list(frozenset(ys)))
    out.append(list(a | b)); out.append(list(a & b)); out.append(list(a - b)); out.append(list(a ^ b))
    out.append(list(a.union(ys, xs))); out.append(list(a.intersection(ys))); out.append(list(a.difference(ys)))
    out.append(list(a.symmetric_difference(ys)))
    c = set(a); c |= b; out.append(list(c))
    c = set(a); c &= b; out.append(list(c))
    c = set(a); c -= b; out.append(list(c))
    c = set(a); c ^= b; out.append(list(c))
    c = a.copy(); out.append(list(c))
    for y in ys[:5]: c.discard(y)
    for x in range(5): c.add(rnd(1000))
    out.append(list(c))
    d = set(a)
    popped = [d.pop() for _ in range(min(3, len(d)))]
    out.append(popped); out.append(list(d))
    out.append(list({x: 1 for x in xs}.keys() | set(ys)))
    out.append(list(set({x: 1 for x in xs})))
    out.append(list({x * 7 for x in xs}))
    out.append(list(set(str(x) for x in range(3))) == list(set(str(x) for x in range(3))))
    fl = [x / 4 for x in xs]
    out.append(list(set(fl)))
    out.append(list(set((x, x % 3) for x in xs)))
print(len(out))
for o in out: print(o)
print({3, 1, 2, 100, -5, 17, 33}, {1, 2}, {5, 9, 13, 2**40, -1, 0.5, (1, 2)}, {None, True, 2})
s = {10, 20, 30}
s.add(4); print(s, {'only'}, set(), frozenset({7, 3, 99}))
