# queue with threads: workers + task_done/join, a bounded queue blocking its producer until the consumer makes room
import queue
import threading

# Workers: join() returns once every put item has been marked done.
tasks = queue.Queue()
done = []
done_lock = threading.Lock()


def worker():
    while True:
        n = tasks.get()
        if n is None:
            tasks.task_done()
            return
        with done_lock:
            done.append(n * n)
        tasks.task_done()


workers = [threading.Thread(target=worker) for _ in range(4)]
for w in workers:
    w.start()
for n in range(200):
    tasks.put(n)
tasks.join()
print('joined:', len(done), sum(done), tasks.unfinished_tasks, tasks.empty())
for w in workers:
    tasks.put(None)
tasks.join()
for w in workers:
    w.join()
print('workers stopped:', [w.is_alive() for w in workers])

# A bounded queue: the producer blocks in put() until the consumer makes room.
bounded = queue.Queue(maxsize=1)
got = []


def consumer():
    for _ in range(5):
        got.append(bounded.get())


c = threading.Thread(target=consumer)
c.start()
for i in range(5):
    bounded.put(i)   # blocks while the single slot is taken
c.join()
print('in order:', got, bounded.qsize())
