# threading.Barrier: wait() indexes form a permutation of range(n) each cycle, the action runs once per cycle, parties/n_waiting/broken
import threading
import time

N = 4
actions = []
b = threading.Barrier(N, action=lambda: actions.append(threading.current_thread().name))
print(b.parties, b.n_waiting, b.broken)
indexes = []
lock = threading.Lock()


def worker(rounds):
    for r in range(rounds):
        i = b.wait()
        with lock:
            indexes.append((r, i))


threads = [threading.Thread(target=worker, args=(3,), name=f'w{k}') for k in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for r in range(3):
    print('round', r, sorted(i for rr, i in indexes if rr == r))
print('actions:', len(actions), all(a in ('w0', 'w1', 'w2', 'w3') for a in actions), b.broken)
