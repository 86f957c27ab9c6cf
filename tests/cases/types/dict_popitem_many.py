# dict.popitem: LIFO order, interleaved with inserts and deletes, emptied dicts reused, error when empty
d = {i: str(i) for i in range(20000)}
total = 0
while len(d) > 10:
    k, v = d.popitem()
    total += k
print(total, list(d))
for r in range(5):
    for i in range(100, 400):
        d[i] = i
    for i in range(150):
        d.popitem()
    del d[0]
    d[0] = r
print(len(d), list(d)[:5], list(d)[-3:], d[0])
e = {'a': 1, 'b': 2, 'c': 3}
del e['b']
print(e.popitem(), e.popitem(), e)
e['z'] = 26
print(e, e.popitem(), e)
try:
    e.popitem()
except KeyError as err:
    print('KeyError', err)
