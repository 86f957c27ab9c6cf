# concurrent.futures.Future without an executor: states, reprs, InvalidStateError, callbacks, timeouts, wait/as_completed on plain futures
import threading
from concurrent.futures import (Future, CancelledError, InvalidStateError, wait, as_completed,
                                FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED)


def r(obj):  # repr with ' at 0x...' addresses replaced
    parts = repr(obj).split(' at 0x')
    return ' at ADDR'.join([parts[0]] + [p.lstrip('0123456789abcdef') for p in parts[1:]])


def attempt(label, fn, *args):
    try:
        print(label, 'ok', r(fn(*args)))
    except Exception as exc:
        print(label, type(exc).__name__, r(exc))


f = Future()
print(r(f), f.running(), f.done(), f.cancelled())
print(f.set_running_or_notify_cancel(), r(f), f.running(), f.cancel())
attempt('running again', f.set_running_or_notify_cancel)
attempt('timeout', f.result, 0)
attempt('exception timeout', f.exception, 0.01)
f.set_result(42)
print(r(f), f.done(), f.result(), f.exception(), f.cancel())
attempt('set twice', f.set_result, 1)
attempt('set exc after', f.set_exception, ValueError())
g = Future()
g.set_exception(KeyError('k'))
print(r(g), r(g.exception()))
attempt('result raises', g.result)
h = Future()
print(h.cancel(), h.cancel(), r(h), h.cancelled(), h.done())
attempt('cancelled result', h.result)
attempt('cancelled exception', h.exception)
attempt('set on cancelled', h.set_result, 1)
print(h.set_running_or_notify_cancel(), r(h))
attempt('set on notified', h.set_exception, OSError())
for value in (None, 'x', [1], Future()):
    v = Future()
    v.set_result(value)
    print(r(v))
log = []
c = Future()
c.add_done_callback(lambda fut: log.append(('first', fut.result())))
c.add_done_callback(lambda fut: 1 / 0)
c.add_done_callback(lambda fut: log.append(('third', fut.done())))
print(log)
c.set_result('v')
c.add_done_callback(lambda fut: log.append('immediate'))
k = Future()
k.add_done_callback(lambda fut: log.append(('on cancel', fut.cancelled())))
k.cancel()
print(log)
t = threading.Thread(target=lambda: late.set_result('from thread'))
late = Future()
t.start()
print(late.result(timeout=5))
t.join()
a, b, x = Future(), Future(), Future()
b.set_result(1)
print([len(s) for s in wait([a, b], timeout=0)], [len(s) for s in wait([a, b], return_when=FIRST_COMPLETED)])
print([len(s) for s in wait([a, b], timeout=0, return_when=FIRST_EXCEPTION)])
x.set_exception(ValueError())
print([len(s) for s in wait([a, b, x], return_when=FIRST_EXCEPTION)], wait([], return_when=ALL_COMPLETED))
print(sorted(repr(fut.exception() or fut.result()) for fut in as_completed([b, x, b])))
try:
    list(as_completed([a, b], timeout=0))
except TimeoutError as exc:
    print('TimeoutError', exc)
print(Future[int], isinstance(CancelledError(), Exception), issubclass(InvalidStateError, CancelledError))
