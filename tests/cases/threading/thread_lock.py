# _thread locks: allocate_lock/LockType, acquire(blocking, timeout), locked, context manager, repr prefix, error messages; TIMEOUT_MAX, error
import _thread


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


print(_thread.error is RuntimeError, type(_thread.TIMEOUT_MAX).__name__, _thread.TIMEOUT_MAX > 1e6)
lock = _thread.allocate_lock()
print(type(lock) is _thread.LockType, type(lock).__name__, repr(lock).startswith('<unlocked _thread.lock object at 0x'))
print(lock.acquire(), lock.locked(), repr(lock).startswith('<locked _thread.lock object at 0x'))
print(lock.acquire(False), lock.acquire(blocking=False), lock.acquire(True, 0), lock.acquire(timeout=0.01))
lock.release()
print(lock.locked(), lock.acquire(True, -1), lock.locked())
lock.release()
attempt('release unlocked:', lock.release)
attempt('nonblocking timeout:', lambda: lock.acquire(False, 1))
attempt('nonblocking timeout kw:', lambda: lock.acquire(blocking=False, timeout=0.5))
try:
    lock.acquire(True, -2)
except ValueError:
    print('negative timeout: ValueError')
with lock:
    print('in with:', lock.locked())
print('after with:', lock.locked())

# A plain lock is not owned: another thread may release it, which wakes an acquire().
print(lock.acquire())
_thread.start_new_thread(lock.release, ())
print('acquired after release by another thread:', lock.acquire(timeout=10))
lock.release()
# locks are independent; acquire(0) on a held lock fails at once.
a, b = _thread.allocate_lock(), _thread.allocate_lock()
print(a.acquire(), b.acquire(), a.acquire(0), b.locked())
a.release()
b.release()
print(a.locked(), b.locked(), a is not b)
