# Interpreter.close(): main refused (also from a thread and a subinterpreter), restricted ops on main, self-close refused, double close, running refused, other thread, sibling, waits for non-daemon threads.
import threading
import time
from concurrent import interpreters

main = interpreters.get_main()
def report(label, func, *args):
    try:
        func(*args)
        print(label, "-> no error", flush=True)
    except interpreters.InterpreterError as e:
        print(label, "->", type(e).__name__, flush=True)
report("main.close()", main.close)
t = threading.Thread(target=report, args=("main.close() from a thread", main.close))
t.start()
t.join()
report("main.exec()", main.exec, "pass")
report("main.prepare_main()", main.prepare_main, {"x": 1})
report("main.call()", main.call, len, ())
print("main still listed:", interpreters.list_all()[0] is main, main.is_running(), flush=True)
sub = interpreters.create()
sub.exec("""if True:
    from concurrent import interpreters
    try:
        interpreters.get_main().close()
    except interpreters.InterpreterError as e:
        print("inside: closing main:", type(e).__name__, str(e), flush=True)
    try:
        interpreters.get_current().close()
    except interpreters.InterpreterError as e:
        print("inside: closing itself:", type(e).__name__, str(e), flush=True)
""")
sub.close()
print("closed:", sub.id in [i.id for i in interpreters.list_all()], flush=True)
report("second close()", sub.close)
report("exec() after close", sub.exec, "pass")
report("prepare_main() after close", sub.prepare_main, {"x": 1})
report("call() after close", sub.call, len, ())
started = interpreters.create_queue()
release = interpreters.create_queue()
busy = interpreters.create()
busy.prepare_main(started=started, release=release)
t = threading.Thread(target=busy.exec, args=("started.put('running')\nrelease.get()",))
t.start()
print(started.get(timeout=5), busy.is_running(), flush=True)
try:
    busy.close()
except interpreters.InterpreterError as e:
    print("close() while running:", type(e).__name__, str(e), flush=True)
release.put(None)
t.join()
print("after exec returned:", busy.is_running(), flush=True)
busy.close()
print("closed after the exec ended:", busy.id in [i.id for i in interpreters.list_all()], flush=True)
other = interpreters.create()
t = threading.Thread(target=other.close)
t.start()
t.join()
report("exec() after close from another thread", other.exec, "pass")
x = interpreters.create()
y = interpreters.create()
y.prepare_main(xid=x.id)
y.exec("""if True:
    from concurrent import interpreters
    interpreters.Interpreter(xid).close()
    print("inside: sibling closed:", xid not in [i.id for i in interpreters.list_all()], flush=True)
""")
report("x.is_running() after a sibling closed x", x.is_running)
report("Interpreter(x.id) after a sibling closed x", interpreters.Interpreter, x.id)
print("x listed:", x.id in [i.id for i in interpreters.list_all()], flush=True)
y.close()
gate = interpreters.create_queue()
w = interpreters.create()
w.prepare_main(gate=gate)
w.exec("""if True:
    import threading, time
    def worker():
        time.sleep(0.3)
        gate.get_nowait()
    threading.Thread(target=worker).start()
""")
gate.put("token")
print("token waiting, background thread not running exec:", gate.qsize(), w.is_running(), flush=True)
start = time.monotonic()
w.close()
elapsed = time.monotonic() - start
print("close() waited for the thread:", gate.empty(), elapsed > 0.15, flush=True)
print("only main left:", [i.id for i in interpreters.list_all()], flush=True)
