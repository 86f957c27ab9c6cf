# queue.SimpleQueue basics, Empty/Full classes, Class[T] aliases, the shared mutex of Queue, a subclass using the _init/_qsize/_put/_get hooks
import queue
import threading


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, repr(str(e)))


s = queue.SimpleQueue()
print('simple:', s.empty(), s.qsize())
s.put(1)
s.put(2, block=False, timeout=-5)
s.put_nowait(3)
print(s.qsize(), s.empty(), s.get(), s.get(timeout=0), s.get_nowait())
attempt('simple get_nowait:', s.get_nowait)
attempt('simple timeout:', lambda: s.get(timeout=0.01))
attempt('simple negative:', lambda: s.get(timeout=-1))
print(isinstance(s, queue.Queue), hasattr(s, 'task_done'), hasattr(s, 'maxsize'))

print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception), queue.Empty, queue.Full)
print(queue.Queue[int], queue.LifoQueue[str], queue.PriorityQueue[tuple], queue.SimpleQueue[bytes])
# mutex is a plain Lock shared by the three conditions.
q = queue.Queue()
print(type(q.mutex) is type(threading.Lock()), q.unfinished_tasks)
with q.mutex:
    print(q.not_empty.acquire(False), q.not_full.acquire(False), q.all_tasks_done.acquire(False))
with q.all_tasks_done:
    print(q.mutex.locked())


class SortedQueue(queue.Queue):
    """A queue that hands out its items in sorted order, built on the hooks."""

    def _init(self, maxsize):
        self.queue = []
        self.hook_calls = ['_init', maxsize]

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)
        self.queue.sort()

    def _get(self):
        return self.queue.pop(0)


sq = SortedQueue(3)
for word in ['pear', 'apple', 'fig']:
    sq.put(word)
attempt('sorted full:', lambda: sq.put_nowait('kiwi'))
print(sq.hook_calls, sq.qsize(), [sq.get() for _ in range(3)])
