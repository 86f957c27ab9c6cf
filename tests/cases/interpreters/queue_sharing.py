# Queues shared between interpreters: passed by prepare_main, through another queue and as call() arguments; one Queue object per id in each interpreter; values cross as copies.
from concurrent import interpreters

def put_twice(q, value):
    q.put(value)
    q.put(value)
    return q.qsize()

def same_object(q1, q2):
    return q1 is q2

if __name__ == "__main__":
    q = interpreters.create_queue(maxsize=5)
    carrier = interpreters.create_queue()
    print("a Queue is shareable:", interpreters.is_shareable(q), flush=True)
    a = interpreters.create()
    b = interpreters.create()
    a.prepare_main(q=q, carrier=carrier, qid=q.id)
    a.exec("""if True:
        print("a: type:", type(q).__name__, type(q).__module__, flush=True)
        print("a: same id and maxsize:", q.id == qid, q.maxsize, flush=True)
        from concurrent import interpreters
        print("a: one object per id:", interpreters.Queue(qid) is q, flush=True)
        q.put([1, 2, {"x": (3, 4)}])
    """)
    got = q.get()
    print("list from a:", got, type(got).__name__, flush=True)
    carrier.put(q)
    a.exec("""if True:
        received = carrier.get()
        print("a: queue through a queue is the same object:", received is q, flush=True)
    """)
    carrier.put(q)
    print("in main as well:", carrier.get() is q, flush=True)
    b.prepare_main(carrier=carrier)
    carrier.put(q)
    b.exec("""if True:
        q = carrier.get()
        print("b: got a Queue:", type(q).__name__, q.maxsize, flush=True)
        q.put("hello from b")
    """)
    print(q.get(), flush=True)
    print("call() with a queue argument:", b.call(put_twice, q, ("t", 1)), [q.get(), q.get()], flush=True)
    print("the same queue twice in one call:", b.call(same_object, q, q), flush=True)
    original = {"nested": [1, 2]}
    q.put(original)
    a.exec("""if True:
        d = q.get()
        d["nested"].append(3)
        q.put(d)
    """)
    back = q.get()
    print("changed copy came back:", back, "| original:", original, flush=True)
    b.prepare_main(q=q)
    a.exec("q.put('from a to b')")
    b.exec("print('b received:', q.get(), flush=True)")
    print("empty at the end:", q.empty(), carrier.empty(), flush=True)
    a.close()
    b.close()
