# Cycles through iterator objects (an iterator stored in the list it walks) are collected.
import gc
class T:
    n = 0
    def __del__(self): T.n += 1
for i in range(100):
    l = [T()]
    it = iter(l)
    l.append(it)
gc.collect()
print(T.n)
def gen_self():
    it = iter([T()])
    x = [it]
    x.append(x)
for i in range(50): gen_self()
gc.collect()
print(T.n)
