# Queue items whose interpreter was closed: UNBOUND (default) keeps the slot and get() returns the sentinel, UNBOUND_REMOVE drops the item, UNBOUND_ERROR raises ItemInterpreterDestroyed; per-put overrides; unknown op -> NotImplementedError.
from concurrent import interpreters
from concurrent.interpreters._queues import UNBOUND, UNBOUND_ERROR, UNBOUND_REMOVE, ItemInterpreterDestroyed

def fill(q, code):
    interp = interpreters.create()
    interp.prepare_main(q=q)
    interp.exec(code)
    return interp

def drain(q):
    out = []
    while not q.empty():
        try:
            item = q.get_nowait()
            out.append("UNBOUND" if item is UNBOUND else item)
        except ItemInterpreterDestroyed:
            out.append("ItemInterpreterDestroyed")
    return out

print("repr:", repr(UNBOUND), flush=True)
q = interpreters.create_queue()
print("default unbounditems:", q.unbounditems is UNBOUND, flush=True)
q.put("main-1")
sub = fill(q, "q.put('sub-1')\nq.put(['sub', 2])")
q.put("main-2")
print("before close:", q.qsize(), flush=True)
sub.close()
print("after close (UNBOUND):", q.qsize(), flush=True)
print("  first:", q.get(), flush=True)
second = q.get()
print("  second is UNBOUND:", second is UNBOUND, repr(second), flush=True)
print("  rest:", drain(q), flush=True)

q = interpreters.create_queue(unbounditems=UNBOUND_REMOVE)
print("queue default:", q.unbounditems is UNBOUND_REMOVE, flush=True)
q.put("main-1")
sub = fill(q, "q.put('sub-1')\nq.put('sub-2')")
q.put("main-2")
print("before close:", q.qsize(), flush=True)
sub.close()
print("after close (UNBOUND_REMOVE):", q.qsize(), drain(q), flush=True)

q = interpreters.create_queue(unbounditems=UNBOUND_ERROR)
sub = fill(q, "q.put('sub-1')")
q.put("main-1")
sub.close()
print("after close (UNBOUND_ERROR):", q.qsize(), flush=True)
try:
    q.get()
except ItemInterpreterDestroyed as e:
    print("  get -> ItemInterpreterDestroyed", type(e).__name__, flush=True)
print("  slot consumed:", q.qsize(), q.get(), q.empty(), flush=True)

q = interpreters.create_queue()
sub = fill(q, """if True:
    from concurrent.interpreters import _queues
    q.put('remove-me', unbounditems=_queues.UNBOUND_REMOVE)
    q.put('default')
    q.put_nowait('error', unbounditems=_queues.UNBOUND_ERROR)
    q.put('replace', unbounditems=_queues.UNBOUND)
""")
q.put("main")
print("per-put overrides on a default queue, before:", q.qsize(), flush=True)
sub.close()
print("  after:", q.qsize(), drain(q), flush=True)

q = interpreters.create_queue(unbounditems=UNBOUND_REMOVE)
sub = fill(q, "from concurrent.interpreters import _queues\nq.put('keep-slot', unbounditems=_queues.UNBOUND)\nq.put('gone')")
sub.close()
print("override on a REMOVE queue:", q.qsize(), drain(q), flush=True)

q = interpreters.create_queue()
a = fill(q, "q.put('from a')")
b = fill(q, "q.put('from b')")
q.put("from main")
a.close()
print("only a's items are unbound:", drain(q), flush=True)
b.close()
q.put("main again")
sub = interpreters.create()
sub.prepare_main(q=q)
sub.exec("item = q.get()")
sub.close()
print("an item taken by an interpreter is unaffected by its close:", q.qsize(), flush=True)

for label, call in (("create_queue(unbounditems='bogus')", lambda: interpreters.create_queue(unbounditems="bogus")),
                    ("put(unbounditems=42)", lambda: q.put(1, unbounditems=42)),
                    ("put_nowait(unbounditems=object())", lambda: q.put_nowait(1, unbounditems=object()))):
    try:
        call()
        print(label, "-> accepted", flush=True)
    except NotImplementedError:
        print(label, "-> NotImplementedError", flush=True)
print("nothing added by the failures:", q.qsize(), flush=True)
