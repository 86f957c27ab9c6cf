# __del__ runs when the last reference goes, before the next statement reads its effects.
class D:
    def __init__(self, n): self.n = n
    def __del__(self):
        global last
        last = self.n
def f():
    d = D(1)
f(); print(last)
x = D(2); x = None; print(last)
y = D(3); del y; print(last)
l = [D(4)]; l.pop(); print(last)
def g():
    z = D(5)
    z = None
    return last
print(g())
