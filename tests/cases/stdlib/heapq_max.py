# heapq's 3.14 max-heap functions (heappush_max, heappushpop_max...) against a reference; 3.13 falls back to it.
import heapq

def ref_push_max(h, x):
    h.append(x); pos = len(h) - 1
    while pos > 0:
        parent = (pos - 1) >> 1
        if h[parent] < h[pos]:
            h[parent], h[pos] = h[pos], h[parent]; pos = parent
        else:
            break
def ref_pushpop_max(h, x):
    if h and x < h[0]:
        x, h[0] = h[0], x; heapq._heapify_max(h)
    return x
push_max = getattr(heapq, "heappush_max", ref_push_max)
pushpop_max = getattr(heapq, "heappushpop_max", ref_pushpop_max)
a, b = [], []
for v in [(i * 37) % 23 for i in range(40)]:
    push_max(a, v); ref_push_max(b, v)
print(a == b, a[:10], pushpop_max(a, 30), pushpop_max(a, 3), a[:5], pushpop_max([], 1))
h = [5, 1, 9, 3, 7]
getattr(heapq, "heapify_max", heapq._heapify_max)(h)
pop_max = getattr(heapq, "heappop_max", heapq._heappop_max)
rep_max = getattr(heapq, "heapreplace_max", heapq._heapreplace_max)
print(list(h), pop_max(h), list(h), rep_max(h, 4), list(h), [pop_max(h) for _ in range(len(h))])
try:
    pop_max([])
except IndexError as e:
    print("IndexError", e)
