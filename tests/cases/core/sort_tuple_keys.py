# Sorting by tuple keys: ties broken by later items, shorter tuples first, mixed item types.
counts = {"beta": 3, "alpha": 3, "gamma": 1, "delta": 5, "eps": 1}
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
print(sorted([(1, "b"), (1, "a"), (0, "z"), (1,), (1, "a", 0), ()]))
print(sorted([(2, 1.5), (2, 0.5), (1, float("inf")), (2, -1)]))
print(sorted([("x", 2), ("x", True), ("w", 9)], reverse=True))
print(sorted([(3, "c"), (3, "c")]) == [(3, "c")] * 2)
try:
    sorted([(1, "a"), (1, 2)])
except TypeError as e:
    print("TypeError:", e)
print(max([(1, "b"), (1, "c"), (0, "z")]), min([(1, "b"), (1, "c"), (0, "z")]))
