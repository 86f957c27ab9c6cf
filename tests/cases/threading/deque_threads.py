# collections.deque shared by threads: 4 appenders x 10000 items and 1 popleft consumer; nothing lost or duplicated, each producer's order kept
import threading
from collections import deque

N = 10000
d = deque()
got = []
start = threading.Event()


def producer(tag):
    start.wait()
    for i in range(N):
        d.append((tag, i))


producers_done = threading.Event()


def consumer():
    start.wait()
    while True:
        try:
            got.append(d.popleft())
        except IndexError:
            # Empty for now: the producers are behind, or they have finished.
            if producers_done.is_set() and not d:
                return


producers = [threading.Thread(target=producer, args=(tag,)) for tag in 'abcd']
eater = threading.Thread(target=consumer)
for t in producers + [eater]:
    t.start()
start.set()
for t in producers:
    t.join()
producers_done.set()
eater.join()
print(len(got), len(d), len(set(got)))
for tag in 'abcd':
    mine = [i for t, i in got if t == tag]
    print(tag, len(mine), sum(mine), mine == list(range(N)))

# appendleft/pop from both ends at once, plus a maxlen deque that keeps the newest.
d2 = deque()


def both_ends(k):
    for i in range(2000):
        if i % 2:
            d2.append(k)
        else:
            d2.appendleft(k)


ts = [threading.Thread(target=both_ends, args=(k,)) for k in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(d2), sorted(set(d2)), [list(d2).count(k) for k in range(3)])
ring = deque(maxlen=50)


def fill(k):
    for i in range(3000):
        ring.append(k)


ts = [threading.Thread(target=fill, args=(k,)) for k in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(ring), ring.maxlen, set(ring) <= {0, 1, 2})
