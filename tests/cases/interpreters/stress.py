# Stress: 200 interpreters created, used and closed concurrently from 8 threads, then 1000 sequential create/exec/close cycles; ids stay unique and increasing, nothing leaks into list_all().
import threading
from concurrent import interpreters

errors = []
ids = []
lock = threading.Lock()
def worker():
    try:
        made = [interpreters.create() for _ in range(25)]
        for interp in made:
            interp.exec("x = 1")
        mine = [interp.id for interp in made]
        for interp in made:
            interp.close()
        with lock:
            ids.extend(mine)
    except Exception as e:
        errors.append(repr(e))
threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("concurrent: errors:", errors, "| created:", len(ids), "| unique:", len(set(ids)) == 200, flush=True)
print("only main left:", len(interpreters.list_all()) == 1, [i.id for i in interpreters.list_all()], flush=True)
last = max(ids)
previous = last
ok = True
for n in range(1000):
    interp = interpreters.create()
    if interp.id != previous + 1:
        ok = False
    previous = interp.id
    interp.exec("y = 2")
    interp.close()
print("sequential: ids increase by one:", ok, previous == last + 1000, flush=True)
print("only main left:", len(interpreters.list_all()) == 1, flush=True)
def read_square():
    import __main__
    return __main__.square
many = [interpreters.create() for _ in range(50)]
for i, interp in enumerate(many):
    interp.prepare_main(n=i)
    interp.exec("square = n * n")
print("50 live interpreters:", len(interpreters.list_all()), sum(interp.call(read_square) for interp in many) == sum(i * i for i in range(50)), flush=True)
for interp in many:
    interp.close()
print("at the end:", [i.id for i in interpreters.list_all()], flush=True)
