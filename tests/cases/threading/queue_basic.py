# queue: FIFO/LIFO/priority order, maxsize/full, *_nowait raising Empty/Full, timeouts and their errors, task_done too many times
import queue


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, repr(str(e)))


items = [5, 1, 4, 2, 3]
for cls in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
    q = cls()
    for x in items:
        q.put(x)
    print(cls.__name__, q.qsize(), q.empty(), q.full(), q.maxsize, q.unfinished_tasks,
          [q.get() for _ in items], q.empty())

pq = queue.PriorityQueue()
for job in [(2, 'write'), (1, 'read'), (3, 'close'), (1, 'open')]:
    pq.put(job)
print([pq.get_nowait() for _ in range(4)])

q = queue.Queue(maxsize=2)
q.put('a')
q.put_nowait('b')
print('full:', q.full(), q.qsize(), q.maxsize)
attempt('put_nowait:', lambda: q.put_nowait('c'))
attempt('put no block:', lambda: q.put('c', block=False))
attempt('put timeout:', lambda: q.put('c', timeout=0.01))
attempt('put negative timeout:', lambda: q.put('c', timeout=-1))
print(q.get(), q.get_nowait(), q.empty())
attempt('get_nowait:', q.get_nowait)
attempt('get no block:', lambda: q.get(False))
attempt('get timeout:', lambda: q.get(timeout=0.01))
attempt('get timeout 0:', lambda: q.get(timeout=0))
attempt('get negative timeout:', lambda: q.get(timeout=-0.5))
q.put('x')
attempt('negative timeout, item there:', lambda: q.get(timeout=-1))
attempt('no block ignores timeout:', lambda: q.get(False, -1))
print('unfinished:', q.unfinished_tasks)
q.task_done()
q.task_done()
q.task_done()
q.join()
attempt('task_done:', q.task_done)
for size in (0, -3):
    unbounded = queue.Queue(size)
    for i in range(100):
        unbounded.put_nowait(i)
    print('maxsize', size, unbounded.full(), unbounded.qsize())
