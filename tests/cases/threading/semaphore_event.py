# threading.Semaphore(0) as a signal, release(n), BoundedSemaphore over-release, Event set/clear/wait across threads; error messages
import threading


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


# Semaphore(0) used as a signal: each release lets exactly one acquire through.
sig = threading.Semaphore(0)
log = []


def signaller():
    for i in range(3):
        log.append(i)
        sig.release()


t = threading.Thread(target=signaller)
t.start()
print([sig.acquire(timeout=10) for _ in range(3)], sig.acquire(blocking=False), sig.acquire(timeout=0.01))
t.join()
print(log)
sig.release(3)
print([sig.acquire(False) for _ in range(4)])
attempt('sem timeout nonblocking:', lambda: sig.acquire(False, 1))
attempt('sem negative:', lambda: threading.Semaphore(-1))
attempt('release(0):', lambda: sig.release(0))
with threading.Semaphore(1) as got:
    print('sem with:', got)

b = threading.BoundedSemaphore(2)
print(b.acquire(), b.acquire(), b.acquire(False))
b.release()
b.release()
attempt('bounded over:', b.release)

ev = threading.Event()
print(ev.is_set(), ev.wait(0.01))
t = threading.Thread(target=ev.set)
t.start()
print(ev.wait(10), ev.is_set())
t.join()
ev.clear()
print(ev.is_set(), ev.wait(0))
