# threading.Barrier breaking: timeout -> BrokenBarrierError for all, abort() wakes a waiter, reset() repairs, an action that raises
import threading
import time

# A barrier whose parties never all arrive: the timeout breaks it for everyone.
b2 = threading.Barrier(3, timeout=0.05)
outcome = []


def lonely():
    try:
        b2.wait()
        outcome.append('passed')
    except threading.BrokenBarrierError:
        outcome.append('broken')


t = threading.Thread(target=lonely)
t.start()
try:
    b2.wait()
except threading.BrokenBarrierError as e:
    print('main:', type(e).__name__, repr(e.args))
t.join()
print(outcome, b2.broken, b2.n_waiting)
try:
    b2.wait()
except threading.BrokenBarrierError:
    print('still broken')
b2.reset()
print('after reset:', b2.broken)

# abort() wakes a thread already waiting.
b3 = threading.Barrier(2)
res = []


def waits():
    try:
        b3.wait()
    except threading.BrokenBarrierError:
        res.append('aborted')


t = threading.Thread(target=waits)
t.start()
while b3.n_waiting != 1:
    time.sleep(0.001)
b3.abort()
t.join()
print(res, b3.broken)
b3.reset()
t = threading.Thread(target=lambda: res.append(b3.wait()))
t.start()
res.append(b3.wait())
t.join()
print(sorted(res[1:]), b3.broken)

# An action that raises breaks the barrier; the exception reaches the thread that ran it.
b4 = threading.Barrier(1, action=lambda: 1 / 0)
try:
    b4.wait()
except ZeroDivisionError as e:
    print('action raised:', e, b4.broken)
print(issubclass(threading.BrokenBarrierError, RuntimeError), threading.Barrier(1).wait())
