# threading.Timer (fires with args/kwargs, cancelled before firing, cancelled before start) and threading.local (subclass __init__ per thread, isolation)
import threading

fired = []
tm = threading.Timer(0.02, lambda *a, **k: fired.append((a, k)), args=(1, 2), kwargs={'x': 3})
print(tm.interval, tm.args, tm.kwargs, tm.finished.is_set(), isinstance(tm, threading.Thread))
tm.start()
tm.join()
print('fired:', fired, tm.finished.is_set(), tm.is_alive())

late = threading.Timer(30, fired.append, args=('never',))
late.start()
print('pending alive:', late.is_alive())
late.cancel()
late.join()
print('cancelled:', late.finished.is_set(), late.is_alive(), fired)

early = threading.Timer(30, fired.append, args=('never either',))
early.cancel()
early.start()
early.join()
print('cancelled before start:', fired)

class Counter(threading.local):
    inits = []
    lock = threading.Lock()

    def __init__(self, start, step=1):
        with Counter.lock:
            Counter.inits.append((start, step))
        self.value = start
        self.step = step

    def bump(self):
        self.value += self.step
        return self.value


c = Counter(10, step=5)
print('main:', c.value, c.bump(), c.bump())
results = {}


def use(name, times):
    # Each thread sees a fresh instance, built by __init__ with the same args.
    fresh = (c.value, c.step)
    for _ in range(times):
        c.bump()
    c.extra = name
    results[name] = (fresh, c.value, c.extra)


threads = [threading.Thread(target=use, args=(f't{i}', i)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for name in sorted(results):
    print(name, results[name])
print('main again:', c.value, hasattr(c, 'extra'), Counter.inits)

plain = threading.local()
plain.x = 'main'


def peek():
    results['peek'] = (hasattr(plain, 'x'), getattr(plain, 'x', None))
    plain.x = 'thread'


t = threading.Thread(target=peek)
t.start()
t.join()
print(results['peek'], plain.x)
try:
    threading.local(1)
except TypeError as e:
    print('TypeError', e)
