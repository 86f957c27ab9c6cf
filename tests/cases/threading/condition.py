# threading.Condition: notify(n) wakes exactly n, notify_all, wait(timeout) -> False, wait_for return values, errors when the lock is not held
import threading


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


lock = threading.Lock()
cond = threading.Condition(lock)   # the waiters wait here
back = threading.Condition(lock)   # the main thread waits here
waiting = 0
woken = []


def waiter(i):
    global waiting
    with cond:
        waiting += 1
        back.notify()
        # Registered as a waiter before the lock is released: no wakeup is lost.
        got = cond.wait()
        woken.append((i, got))
        back.notify()


threads = [threading.Thread(target=waiter, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
with cond:
    print('all waiting:', back.wait_for(lambda: waiting == 5, timeout=10))
    cond.notify(2)
    print('two woken:', back.wait_for(lambda: len(woken) == 2, timeout=10))
    print('no more:', back.wait(0.05), len(woken))
    cond.notify_all()
    print('all woken:', back.wait_for(lambda: len(woken) == 5, timeout=10))
for t in threads:
    t.join()
print(sorted(i for i, _ in woken), all(got for _, got in woken))

with cond:
    print('wait timeout:', cond.wait(0.01))
    print('wait_for false:', cond.wait_for(lambda: False, timeout=0.01))
    print('wait_for value:', cond.wait_for(lambda: 'ready', timeout=0.01))
    print('wait_for 0:', cond.wait_for(lambda: [], timeout=0))
attempt('wait unowned:', cond.wait)
attempt('notify unowned:', cond.notify)
c2 = threading.Condition(threading.Lock())
with c2:
    print('with Lock:', c2.wait(0.01), c2.acquire(False))
