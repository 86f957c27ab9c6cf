# Interpreter objects: get_main/get_current/create/list_all, sequential ids, whence, Interpreter(id) errors, identity cache, hash, equality, read-only id/whence, repr, exported names.
from concurrent import interpreters
from concurrent.interpreters import Interpreter

main = interpreters.get_main()
print("main:", main.id, repr(main.whence), main is interpreters.get_current(), repr(main), flush=True)
print("Interpreter(0) is main:", Interpreter(0) is main, Interpreter(main.id) is main, flush=True)
print("list_all at start:", [i.id for i in interpreters.list_all()], interpreters.list_all()[0] is main, flush=True)
a = interpreters.create()
b = interpreters.create()
c = interpreters.create()
print("sequential ids:", a.id > 0, b.id == a.id + 1, c.id == b.id + 1, flush=True)
print("whence of created:", repr(a.whence), repr(c.whence), flush=True)
print("type and repr:", type(a) is Interpreter, repr(a) == f"Interpreter({a.id})", str(b) == f"Interpreter({b.id})", flush=True)
everything = interpreters.list_all()
print("list_all:", len(everything), [i.id for i in everything] == [0, a.id, b.id, c.id], flush=True)
print("list_all returns the cached objects:", everything[0] is main, everything[1] is a, everything[2] is b, everything[3] is c, flush=True)
print("identity cache:", Interpreter(a.id) is a, Interpreter(c.id) is c, Interpreter(b.id) is not a, flush=True)
print("hash:", hash(a) == hash(a.id), hash(main) == hash(0), hash(c) == hash(c.id), flush=True)
print("equality is identity:", a == a, a == b, a != b, a == Interpreter(a.id), flush=True)
for bad in ("1", 1.0, None, object(), ""):
    try:
        Interpreter(bad)
        print("accepted", type(bad).__name__, flush=True)
    except TypeError:
        print("TypeError for", type(bad).__name__, flush=True)
try:
    print("a bool is an int: Interpreter(False) is main:", Interpreter(False) is main, flush=True)
except TypeError:
    print("a bool is an int: TypeError", flush=True)
try:
    Interpreter(-1)
except ValueError:
    print("ValueError for -1", flush=True)
try:
    Interpreter(1_000_000)
except interpreters.InterpreterNotFoundError as e:
    print("InterpreterNotFoundError for an unknown id:", isinstance(e, interpreters.InterpreterError), flush=True)
saved = a.id
for attr, value in (("id", saved + 100), ("whence", "C-API")):
    try:
        setattr(a, attr, value)
        print("assigned", attr, flush=True)
    except AttributeError:
        print("read-only:", attr, flush=True)
print("unchanged:", a.id == saved, a.whence, flush=True)
b.prepare_main(aid=a.id, bid=b.id)
b.exec("""if True:
    from concurrent import interpreters
    cur = interpreters.get_current()
    main = interpreters.get_main()
    print("inside: current id ok:", cur.id == bid, repr(cur.whence), flush=True)
    print("inside: main:", main.id, repr(main.whence), main is not cur, cur is interpreters.get_current(), flush=True)
    print("inside: Interpreter(aid):", interpreters.Interpreter(aid).id == aid, repr(interpreters.Interpreter(aid).whence), flush=True)
    ids = [i.id for i in interpreters.list_all()]
    print("inside: list_all:", len(ids), ids == sorted(ids), ids[0], bid in ids, flush=True)
""")
a.close()
print("after closing a:", [i.id for i in interpreters.list_all()] == [0, b.id, c.id], flush=True)
try:
    Interpreter(saved)
except interpreters.InterpreterNotFoundError:
    print("Interpreter(closed id) -> InterpreterNotFoundError", flush=True)
d = interpreters.create()
print("ids are not reused:", d.id == c.id + 1, flush=True)
for i in (b, c, d):
    i.close()
print("at the end:", [i.id for i in interpreters.list_all()], flush=True)
expected = ['get_current', 'get_main', 'create', 'list_all', 'is_shareable', 'Interpreter',
            'InterpreterError', 'InterpreterNotFoundError', 'ExecutionFailed', 'NotShareableError',
            'create_queue', 'Queue', 'QueueEmpty', 'QueueFull']
print("__all__:", sorted(interpreters.__all__) == sorted(expected), all(hasattr(interpreters, n) for n in expected), flush=True)
E = interpreters
print("hierarchy:", issubclass(E.InterpreterNotFoundError, E.InterpreterError), issubclass(E.InterpreterError, Exception),
      issubclass(E.ExecutionFailed, E.InterpreterError), issubclass(E.NotShareableError, TypeError), flush=True)
