# queue with threads: a 3-stage pipeline (2 threads per stage, sentinels) and a SimpleQueue request/reply hand-off
import queue
import threading

# Pipeline: numbers -> (square in 2 threads) -> (format in 2 threads) -> collect.
STOP = object()
stage1 = queue.Queue(maxsize=5)
stage2 = queue.Queue(maxsize=5)
collected = queue.Queue()


def square():
    while True:
        x = stage1.get()
        if x is STOP:
            stage2.put(STOP)
            return
        stage2.put(x * x)


def fmt():
    while True:
        x = stage2.get()
        if x is STOP:
            collected.put(STOP)
            return
        collected.put(f'<{x}>')


threads = [threading.Thread(target=square) for _ in range(2)] + \
          [threading.Thread(target=fmt) for _ in range(2)]
for t in threads:
    t.start()
for i in range(30):
    stage1.put(i)
stage1.put(STOP)
stage1.put(STOP)
results = []
stops = 0
while stops < 2:
    item = collected.get(timeout=10)
    if item is STOP:
        stops += 1
    else:
        results.append(item)
for t in threads:
    t.join()
print(len(results), sorted(results, key=lambda s: int(s[1:-1]))[:6], results.count('<841>'))
print('queues empty:', stage1.empty(), stage2.empty(), collected.empty())

# SimpleQueue between two threads.
sq = queue.SimpleQueue()
replies = queue.SimpleQueue()


def echo():
    while (msg := sq.get()) != 'quit':
        replies.put(msg.upper())
    replies.put('bye')


t = threading.Thread(target=echo)
t.start()
for word in ['alpha', 'beta', 'gamma', 'quit']:
    sq.put(word)
print([replies.get(timeout=10) for _ in range(4)])
t.join()
