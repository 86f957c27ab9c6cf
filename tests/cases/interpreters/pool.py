# InterpreterPoolExecutor: submit/result, map, kwargs, initializer, task exceptions (original type, __cause__ ExecutionFailed), closures -> NotShareableError, scripts refused at submit, initializer failure -> BrokenInterpreterPool, workers' interpreters closed at shutdown.
import concurrent.futures
from concurrent.futures import InterpreterPoolExecutor
from concurrent.futures.interpreter import BrokenInterpreterPool
from concurrent.futures.thread import BrokenThreadPool
from concurrent import interpreters

def square(x):
    return x * x

def power(base, exp=2):
    return base ** exp

def fail(msg):
    raise ValueError(msg)

def whoami():
    from concurrent import interpreters
    return interpreters.get_current().id

def make_closure(n):
    return lambda: n

def set_marker(value):
    import __main__
    __main__.marker = value

def read_marker():
    import __main__
    return __main__.marker

def bad_init():
    raise RuntimeError("initializer failed")

if __name__ == "__main__":
    print("classes:", issubclass(InterpreterPoolExecutor, concurrent.futures.ThreadPoolExecutor),
          issubclass(BrokenInterpreterPool, BrokenThreadPool), flush=True)
    with InterpreterPoolExecutor(max_workers=2) as ex:
        print("submit:", ex.submit(square, 7).result(timeout=10), flush=True)
        print("map:", list(ex.map(square, range(8))), flush=True)
        print("kwargs and defaults:", ex.submit(power, 3).result(timeout=10), ex.submit(power, 2, exp=10).result(timeout=10), flush=True)
        futures = [ex.submit(square, i) for i in range(20)]
        print("saturated:", [f.result(timeout=10) for f in futures] == [i * i for i in range(20)], flush=True)
        ids = {ex.submit(whoami).result(timeout=10) for _ in range(6)}
        live = [i.id for i in interpreters.list_all()]
        print("tasks run in worker interpreters:", 0 not in ids, 1 <= len(ids) <= 2, ids <= set(live), flush=True)
        f = ex.submit(fail, "bad task")
        exc = f.exception(timeout=10)
        print("exception:", type(exc).__name__, exc.args, flush=True)
        cause = exc.__cause__
        print("cause:", type(cause).__name__, isinstance(cause, interpreters.ExecutionFailed), cause.excinfo.type.__name__, cause.excinfo.msg, flush=True)
        try:
            f.result()
        except ValueError as e:
            print("result() raises:", repr(e), flush=True)
        try:
            ex.submit("x = 1")
            print("script accepted", flush=True)
        except TypeError as e:
            print("script at submit:", type(e).__name__, e, flush=True)
        f = ex.submit(make_closure(3))
        exc = f.exception(timeout=10)
        print("closure:", type(exc).__name__, isinstance(exc, interpreters.NotShareableError), flush=True)
        f = ex.submit(square, make_closure(3))
        print("closure argument:", type(f.exception(timeout=10)).__name__, flush=True)
        print("still usable:", ex.submit(square, 9).result(timeout=10), flush=True)
    print("after shutdown:", [i.id for i in interpreters.list_all()], flush=True)
    try:
        ex.submit(square, 1)
    except RuntimeError:
        print("submit after shutdown: RuntimeError", flush=True)
    with InterpreterPoolExecutor(max_workers=2, initializer=set_marker, initargs=("initialized",)) as ex:
        print("initializer ran in the worker:", {ex.submit(read_marker).result(timeout=10) for _ in range(4)}, flush=True)
    ex = InterpreterPoolExecutor(max_workers=1, initializer=bad_init)
    outcomes = []
    for i in range(3):
        try:
            f = ex.submit(square, i)
        except BrokenInterpreterPool:
            outcomes.append("broken")
            continue
        try:
            f.result(timeout=10)
            outcomes.append("ran")
        except BrokenInterpreterPool:
            outcomes.append("broken")
    print("initializer failure:", outcomes, flush=True)
    try:
        ex.submit(square, 5)
    except BrokenInterpreterPool as e:
        print("submit on a broken pool:", type(e).__name__, isinstance(e, BrokenThreadPool), flush=True)
    ex.shutdown()
    try:
        InterpreterPoolExecutor(initializer="x = 1")
        print("script initializer accepted", flush=True)
    except TypeError:
        print("script initializer: TypeError", flush=True)
    print("at the end:", [i.id for i in interpreters.list_all()], flush=True)
