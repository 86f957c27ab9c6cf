# Lifetimes: an interpreter made by create() is destroyed when its last Interpreter object is collected (its queue items become UNBOUND); a queue is destroyed when its last Queue object is collected, or at once by _interpqueues.destroy().
import gc
from concurrent import interpreters
from concurrent.interpreters import _queues

q = interpreters.create_queue()
interp = interpreters.create()
iid = interp.id
interp.prepare_main(q=q)
interp.exec("q.put('from the dropped interpreter')")
print("listed:", iid in [i.id for i in interpreters.list_all()], flush=True)
del interp
gc.collect()
print("listed after del + collect:", iid in [i.id for i in interpreters.list_all()], flush=True)
try:
    interpreters.Interpreter(iid)
    print("Interpreter(iid) still works", flush=True)
except interpreters.InterpreterNotFoundError:
    print("Interpreter(iid) -> InterpreterNotFoundError", flush=True)
print("its item is unbound:", q.qsize(), q.get() is _queues.UNBOUND, flush=True)
kept = interpreters.create()
kept_id = kept.id
alias = interpreters.Interpreter(kept_id)
del kept
gc.collect()
print("kept alive by another reference:", kept_id in [i.id for i in interpreters.list_all()], alias.id == kept_id, flush=True)
alias.close()
print("close works regardless of references:", kept_id in [i.id for i in interpreters.list_all()], flush=True)
tmp = interpreters.create_queue()
qid = tmp.id
print("queue exists:", interpreters.Queue(qid) is tmp, flush=True)
del tmp
gc.collect()
try:
    interpreters.Queue(qid)
    print("Queue(qid) still works", flush=True)
except _queues.QueueNotFoundError:
    print("Queue(qid) after the last reference went away -> QueueNotFoundError", flush=True)
import _interpqueues
doomed = interpreters.create_queue()
doomed.put("item")
_interpqueues.destroy(doomed.id)
for label, call in (("put", lambda: doomed.put(1)), ("get_nowait", doomed.get_nowait), ("qsize", doomed.qsize)):
    try:
        call()
        print("destroyed queue:", label, "-> worked", flush=True)
    except _queues.QueueNotFoundError:
        print("destroyed queue:", label, "-> QueueNotFoundError", flush=True)
print("at the end:", [i.id for i in interpreters.list_all()], flush=True)
