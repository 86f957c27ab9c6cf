# concurrent.futures.ThreadPoolExecutor: submit/map/wait/as_completed, callbacks, cancelling queued work, shutdown, BrokenThreadPool
import threading
import time
from concurrent.futures import (ThreadPoolExecutor, BrokenExecutor, CancelledError, wait,
                                as_completed, FIRST_COMPLETED, ALL_COMPLETED)
from concurrent.futures.thread import BrokenThreadPool


def r(obj):  # repr with ' at 0x...' addresses replaced
    parts = repr(obj).split(' at 0x')
    return ' at ADDR'.join([parts[0]] + [p.lstrip('0123456789abcdef') for p in parts[1:]])


def attempt(label, fn, *args):
    try:
        print(label, 'ok', r(fn(*args)))
    except Exception as exc:
        print(label, type(exc).__name__, r(exc))


for bad in (0, -2):
    attempt('max_workers', ThreadPoolExecutor, bad)
attempt('initializer', ThreadPoolExecutor, 1, '', 'not callable')
names, seen = [], []
with ThreadPoolExecutor(max_workers=2, thread_name_prefix='pool') as ex:
    f = ex.submit(pow, 2, 10)
    print(f.result(), r(f))
    for _ in range(200):  # wait until the one worker is idle: the next submit reuses it
        if ex._idle_semaphore._value:
            break
        time.sleep(0.01)
    t = ex.submit(lambda: names.append(threading.current_thread().name) or threading.current_thread().daemon)
    print(t.result(), len(ex._threads), names)
    g = ex.submit(int, 'zz')
    attempt('result', g.result)
    print(r(g.exception()), r(g))
    print(ex.submit(lambda *a, **k: (a, k), 1, fn=2).result())
    print(list(ex.map(lambda a, b: a * b, [1, 2, 3], 'xyzw')), list(ex.map(abs, [])))
    gate = threading.Event()
    it = ex.map(lambda v: gate.wait(5) and v if v == 1 else v, [0, 1, 2], timeout=0.5)
    got = [next(it)]
    attempt('map timeout', next, it)
    gate.set()
    print(got, list(it))
    events = [threading.Event() for _ in range(2)]
    fs = [ex.submit(e.wait, 5) for e in events]
    fs[0].add_done_callback(lambda fut: seen.append(('callback', fut.result())))
    print([len(s) for s in wait(fs, timeout=0.05)])
    events[1].set()
    done, not_done = wait(fs, return_when=FIRST_COMPLETED)
    print(done == {fs[1]}, not_done == {fs[0]})
    events[0].set()
    print([len(s) for s in wait(fs, return_when=ALL_COMPLETED)])
    events = [threading.Event() for _ in range(3)]
    fs = [ex.submit(e.wait, 5) for e in events[:2]] + [ex.submit(events[2].wait, 5)]
    order = [1, 0, 2]
    events[order[0]].set()
    seq = []
    for fut in as_completed(fs):
        seq.append(fs.index(fut))
        if len(seq) < 3:
            events[order[len(seq)]].set()
    print(seq, len(ex._threads))
print(seen)
attempt('submit after shutdown', ex.submit, pow, 1, 1)
ex = ThreadPoolExecutor(max_workers=1)
started, release = threading.Event(), threading.Event()
first = ex.submit(lambda: (started.set(), release.wait(5))[1])
started.wait(5)
queued = [ex.submit(pow, 3, k) for k in range(4)]
print(r(first), r(queued[0]), first.cancel(), queued[0].cancel(), r(queued[0]))
attempt('cancelled result', queued[0].result)
ex.shutdown(wait=False, cancel_futures=True)
release.set()
ex.shutdown()
print(first.result(), [q.cancelled() for q in queued], r(queued[3]))
def bad_init(tag):
    raise ValueError(tag)
ex = ThreadPoolExecutor(max_workers=1, initializer=bad_init, initargs=('init failed',))
exc = ex.submit(pow, 2, 2).exception(timeout=5)
print(type(exc).__name__, exc, isinstance(exc, BrokenExecutor))
attempt('submit broken', ex.submit, pow, 2, 2)
ex.shutdown()
