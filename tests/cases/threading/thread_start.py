# _thread.start_new_thread (args, kwargs, errors), get_ident/get_native_id, _thread.exit in a thread, _thread.RLock owned by one thread
import _thread


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


# A thread started with args and kwargs; the main thread waits on a lock it released.
done = _thread.allocate_lock()
done.acquire()
results = []


def work(a, b, *, scale):
    results.append((a + b) * scale)
    results.append(_thread.get_ident() != main_ident)
    results.append(type(_thread.get_native_id()).__name__)
    done.release()


main_ident = _thread.get_ident()
ident = _thread.start_new_thread(work, (2, 3), {'scale': 10})
done.acquire()
print(results, type(ident).__name__, main_ident == _thread.get_ident())


# _thread.exit() ends the thread quietly; nothing after it runs.
def quits():
    results.append('before exit')
    try:
        _thread.exit()
    except BaseException as e:
        results.append((type(e).__name__, e.args))
        raise  # a SystemExit ends a _thread thread silently
    finally:
        results.append('finally ran')
        done.release()
    results.append('never')


_thread.start_new_thread(quits, ())
done.acquire()
print(results[3:])
attempt('args not tuple:', lambda: _thread.start_new_thread(work, [1]))
attempt('kwargs not dict:', lambda: _thread.start_new_thread(work, (), 1))
attempt('not callable:', lambda: _thread.start_new_thread(1, ()))

# RLock: re-entrant for the owner, others are refused.
r = _thread.RLock()
print(type(r).__name__, repr(r).startswith('<unlocked _thread.RLock object owner=0 count=0 at 0x'))
print(r.acquire(), r.acquire(), r._is_owned())
print(repr(r).startswith('<locked _thread.RLock object owner='), 'count=2' in repr(r))
seen = []


def other():
    seen.append(r.acquire(False))
    seen.append(r.acquire(timeout=0.01))
    try:
        r.release()
    except RuntimeError as e:
        seen.append(str(e))
    done.release()


_thread.start_new_thread(other, ())
done.acquire()
print(seen)
r.release()
r.release()
attempt('rlock release:', r.release)
attempt('rlock nonblocking timeout:', lambda: r.acquire(False, 1))
with r:
    with r:
        print('nested with ok', r._is_owned())
print(r._is_owned())
