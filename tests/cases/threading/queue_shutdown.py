# queue.Queue.shutdown (new in 3.13; .out is from 3.13, 3.11/3.12 fail): ShutDown on put/get, draining, immediate, waking blocked threads
import queue
import threading
import time


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, repr(e.args))


print(issubclass(queue.ShutDown, Exception), queue.ShutDown, 'ShutDown' in queue.__all__)
q = queue.Queue()
for i in range(3):
    q.put(i)
print(q.is_shutdown)
q.shutdown()
print(q.is_shutdown, q.qsize(), q.unfinished_tasks)
attempt('put:', lambda: q.put(9))
attempt('put_nowait:', lambda: q.put_nowait(9))
print('drain:', q.get(), q.get_nowait(), q.get(timeout=1))
attempt('get empty:', q.get)
attempt('get_nowait empty:', q.get_nowait)
attempt('get negative timeout:', lambda: q.get(timeout=-1))
print(q.unfinished_tasks)
for _ in range(3):
    q.task_done()
q.join()
q.shutdown()
print('shutdown twice ok')

# immediate=True empties the queue and counts the dropped items as done.
for cls in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
    q = cls(maxsize=4)
    for i in range(4):
        q.put(i)
    q.get()
    q.shutdown(immediate=True)
    print(cls.__name__, q.qsize(), q.unfinished_tasks, q.full(), q.empty())
    attempt('  get:', q.get)
    q.task_done()
    attempt('  task_done:', q.task_done)
    q.join()

# Threads blocked in get(), put() and join() all wake up.
q = queue.Queue(maxsize=1)
events = []
lock = threading.Lock()


def record(what):
    with lock:
        events.append(what)


def getter():
    try:
        record(('got', q.get()))
    except queue.ShutDown:
        record('get: ShutDown')


def putter():
    try:
        q.put('second')
        record('put ok')
    except queue.ShutDown:
        record('put: ShutDown')


def joiner():
    q.join()
    record('joined')


q.put('first')
blocked = [threading.Thread(target=putter), threading.Thread(target=joiner)]
for t in blocked:
    t.start()
time.sleep(0.05)
q.shutdown(immediate=True)
for t in blocked:
    t.join()
print(sorted(events), q.qsize(), q.unfinished_tasks)

# Getters blocked on an empty queue: one gets the item put before shutdown(),
# the others raise ShutDown.
events.clear()
q = queue.Queue()
getters = [threading.Thread(target=getter) for _ in range(3)]
for t in getters:
    t.start()
time.sleep(0.05)
q.put('last item')
q.shutdown()
for t in getters:
    t.join()
print(sorted(events, key=str), q.qsize(), q.unfinished_tasks)
