# Queue operations: create_queue maxsize (negative kept, non-int TypeError), FIFO, empty/full/qsize, nowait errors, block=False, timeouts, negative timeout, Queue(id) identity/errors, hash, repr, error classes, values come back as new equal objects.
import queue
import threading
import time
from concurrent import interpreters
from concurrent.interpreters import _queues

q = interpreters.create_queue(3)
print("maxsize 3:", q.maxsize, q.empty(), q.full(), q.qsize(), flush=True)
for item in ("a", "b", "c"):
    q.put(item)
    print("  put", item, q.empty(), q.full(), q.qsize(), flush=True)
try:
    q.put_nowait("d")
except interpreters.QueueFull as e:
    print("put_nowait on full: QueueFull", isinstance(e, queue.Full), isinstance(e, _queues.QueueError), flush=True)
try:
    q.put("d", block=False)
except interpreters.QueueFull:
    print("put(block=False) on full: QueueFull", flush=True)
start = time.monotonic()
try:
    q.put("d", timeout=0.05)
except interpreters.QueueFull:
    elapsed = time.monotonic() - start
    print("put(timeout=0.05) on full: QueueFull", 0.04 < elapsed < 1.0, flush=True)
while not q.empty():
    print("  get", q.get(), q.empty(), q.full(), q.qsize(), flush=True)
try:
    q.get_nowait()
except interpreters.QueueEmpty as e:
    print("get_nowait on empty: QueueEmpty", isinstance(e, queue.Empty), isinstance(e, _queues.QueueError), flush=True)
try:
    q.get(block=False)
except interpreters.QueueEmpty:
    print("get(block=False) on empty: QueueEmpty", flush=True)
start = time.monotonic()
try:
    q.get(timeout=0.05)
except interpreters.QueueEmpty:
    elapsed = time.monotonic() - start
    print("get(timeout=0.05) on empty: QueueEmpty", 0.04 < elapsed < 1.0, flush=True)
for label, call in (("get(timeout=-1)", lambda: q.get(timeout=-1)), ("put(timeout=-1)", lambda: q.put(1, timeout=-1))):
    try:
        call()
        print(label, "-> no error", flush=True)
    except ValueError:
        print(label, "-> ValueError", flush=True)
print("nothing was added:", q.qsize(), flush=True)
def later():
    time.sleep(0.05)
    q.put("from a thread")
t = threading.Thread(target=later)
t.start()
print("blocking get woken by a put:", q.get(timeout=5), flush=True)
t.join()
unbounded = interpreters.create_queue()
negative = interpreters.create_queue(-10)
print("maxsize:", unbounded.maxsize, negative.maxsize, interpreters.create_queue(maxsize=0).maxsize, flush=True)
for i in range(50):
    negative.put(i)
print("negative maxsize is unbounded:", negative.qsize(), negative.full(), [negative.get() for _ in range(50)] == list(range(50)), flush=True)
for bad in ("3", 1.5, None):
    try:
        interpreters.create_queue(bad)
        print("create_queue accepted", type(bad).__name__, flush=True)
    except TypeError:
        print("create_queue TypeError for", type(bad).__name__, flush=True)
print("identity:", interpreters.Queue(q.id) is q, interpreters.Queue(negative.id) is negative, flush=True)
print("hash:", hash(q) == hash(q.id), "repr:", repr(q) == f"Queue({q.id})", "distinct ids:", len({q.id, unbounded.id, negative.id}) == 3, flush=True)
for bad in ("1", 1.0, None):
    try:
        interpreters.Queue(bad)
        print("Queue accepted", type(bad).__name__, flush=True)
    except TypeError:
        print("Queue TypeError for", type(bad).__name__, flush=True)
try:
    interpreters.Queue(10 ** 6)
except _queues.QueueNotFoundError as e:
    print("Queue(unknown id): QueueNotFoundError", isinstance(e, _queues.QueueError), flush=True)
for label, attr in (("id", "id"), ("maxsize", "maxsize")):
    try:
        setattr(q, attr, 99)
        print(label, "assigned", flush=True)
    except AttributeError:
        print(label, "is read-only", flush=True)
print("error classes:", issubclass(_queues.QueueError, RuntimeError), issubclass(_queues.QueueNotFoundError, _queues.QueueError),
      issubclass(interpreters.QueueEmpty, queue.Empty), issubclass(interpreters.QueueFull, queue.Full),
      issubclass(_queues.ItemInterpreterDestroyed, _queues.QueueError), flush=True)
orig_list = [1, [2, 3], {"k": (4, 5)}]
orig_bytes = b"some bytes" * 3
big = 2 ** 100
for v in (orig_list, orig_bytes, big, -big):
    unbounded.put(v)
got_list, got_bytes, got_big, got_neg = (unbounded.get() for _ in range(4))
print("list:", got_list == orig_list, got_list is not orig_list, got_list[1] is not orig_list[1], flush=True)
print("bytes:", got_bytes == orig_bytes, got_bytes is not orig_bytes, flush=True)
print("big ints:", got_big == big, got_neg == -big, type(got_big).__name__, flush=True)
for i in range(5):
    unbounded.put_nowait(i)
print("FIFO:", [unbounded.get_nowait() for _ in range(5)], unbounded.empty(), flush=True)
