# _heapq natives: list subclasses, argument errors, comparison order, a heap mutated by __lt__, max variants.
import heapq

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

class L(list):
    pass

h = L([9, 4, 7, 1, 8, 2])
heapq.heapify(h); print(type(h).__name__, h)
heapq.heappush(h, 0); print(h, heapq.heappop(h), heapq.heapreplace(h, 5), h)
t("push no args", lambda: heapq.heappush([]))
t("push 3 args", lambda: heapq.heappush([], 1, 2))
t("pop tuple", lambda: heapq.heappop((1,)))
t("pop 2 args", lambda: heapq.heappop([], 1))
t("replace dict", lambda: heapq.heapreplace({}, 1))
t("pushpop str", lambda: heapq.heappushpop("ab", 1))
t("pushpop empty", lambda: heapq.heappushpop([], 1))
t("kw", lambda: heapq.heappush(heap=[], item=1))
t("heapify none", lambda: heapq.heapify(None))
t("pushpop incomparable", lambda: heapq.heappushpop([1], "x"))

log = []
class K:
    def __init__(self, v): self.v = v
    def __lt__(self, o):
        log.append((self.v, o.v)); return self.v < o.v
    def __repr__(self): return "K%d" % self.v
ks = [K(v) for v in [5, 3, 8, 1, 9, 2]]
heapq.heapify(ks); print(ks, log); log.clear()
heapq.heappop(ks); print(ks, log); log.clear()
print(heapq.heappushpop(ks, K(0)), heapq.heappushpop(ks, K(4)), ks, log)

victim = []
class Bad:
    def __lt__(self, o):
        victim.clear(); return True
victim.extend([Bad(), Bad(), Bad()])
t("shrunk", lambda: heapq.heappush(victim, Bad()))
victim.extend([Bad(), Bad(), Bad(), Bad()])
t("shrunk pop", lambda: heapq.heappop(victim))

m = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
heapq._heapify_max(m); print(m)
print(heapq._heappop_max(m), m, heapq._heapreplace_max(m, 7), m)
t("max pop empty", lambda: heapq._heappop_max([]))
big = list(range(3000, 0, -1)); heapq.heapify(big)
print(big[:8], [heapq.heappop(big) for _ in range(5)])
