# Assignment expressions (:=) in conditions, comprehensions and loops; for/while with else, break and continue.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list", n)
it = iter(data)
while (v := next(it, None)) is not None:
    if v == 1:
        continue
    print("v", v, end="; ")
print()
print([y for x in data if (y := x * 2) > 6], y)
total = 0
print([total := total + x for x in data], total)
print((w := 5) + w, w)
def find(items, target):
    for i, item in enumerate(items):
        if item == target:
            print("found at", i)
            break
    else:
        print("not found")
        return -1
    return i
print(find(data, 9), find(data, 7), find([], 1))
k = 0
while k < 3:
    k += 1
else:
    print("while finished normally", k)
while True:
    k -= 1
    if k == 0:
        break
else:
    print("never printed")
print("k", k)
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        if (i + j) % 2:
            continue
        print(i, j, end=" | ")
    else:
        print("inner else?")
print()
for x in []:
    pass
else:
    print("empty for runs else")
primes = []
for cand in range(2, 30):
    for p in primes:
        if cand % p == 0:
            break
    else:
        primes.append(cand)
print(primes)
i = 0
while (i := i + 1) < 10:
    if i % 3:
        continue
    print("mult3", i)
lines = ["a", "bb", "", "ccc"]
pos = 0
while pos < len(lines) and (line := lines[pos]):
    pos += 1
print(pos, repr(line))
