# GIL: CPU-bound threads all finish with right results, two appenders lose nothing, a spinning main thread lets a sleeping thread run, sleeps overlap
import threading
import time


def collatz_steps(limit):
    total = 0
    for n in range(1, limit):
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            total += 1
    return total


results = {}


def cpu(name, limit):
    results[name] = collatz_steps(limit)


threads = [threading.Thread(target=cpu, args=(f'c{i}', 1000 + i)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()), results['c0'] == collatz_steps(1000))

# Interleaving: two threads append their own tags to one list; both finish and
# every item is there (the order is not printed, it depends on scheduling).
shared = []


def tagger(tag):
    for i in range(20000):
        shared.append((tag, i))


ts = [threading.Thread(target=tagger, args=(tag,)) for tag in 'ab']
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(shared), sorted(shared)[0], sorted(shared)[-1],
      [i for tag, i in shared if tag == 'a'] == list(range(20000)))

# The main thread spins (never sleeping, never blocking) until a thread that
# sleeps first sets an Event: the switch interval lets that thread run.
ev = threading.Event()
flags = []


def sleeper():
    time.sleep(0.05)
    flags.append(True)
    ev.set()


spins = 0
t = threading.Thread(target=sleeper)
start = time.monotonic()
t.start()
while not ev.is_set():
    spins += 1
t.join()
print('spun:', spins > 0, flags, time.monotonic() - start >= 0.04)

# Sleeping threads run at the same time: 5 sleeps of 0.2 s take well under 1 s.
start = time.monotonic()
sleepers = [threading.Thread(target=time.sleep, args=(0.2,)) for _ in range(5)]
for t in sleepers:
    t.start()
for t in sleepers:
    t.join()
print('overlapped:', time.monotonic() - start < 0.8)
