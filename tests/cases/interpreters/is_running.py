# Interpreter.is_running(): main always, idle False, True from inside and while another thread runs exec in it, background threads do not count, a running interpreter refuses exec/prepare_main, closed -> InterpreterNotFoundError.
import threading
from concurrent import interpreters

main = interpreters.get_main()
print("main:", main.is_running(), flush=True)
interp = interpreters.create()
print("new interpreter:", interp.is_running(), flush=True)
interp.exec("x = 1")
print("after exec:", interp.is_running(), flush=True)
interp.exec("""if True:
    from concurrent import interpreters
    print("inside, current:", interpreters.get_current().is_running(), flush=True)
    print("inside, main:", interpreters.get_main().is_running(), flush=True)
""")
def check_self():
    from concurrent import interpreters
    return interpreters.get_current().is_running()
print("inside via call():", interp.call(check_self), interp.is_running(), flush=True)
started = interpreters.create_queue()
release = interpreters.create_queue()
interp.prepare_main(started=started, release=release)
t = threading.Thread(target=interp.exec, args=("started.put(1)\nrelease.get()\nx = 2",))
t.start()
started.get(timeout=5)
print("while a thread runs exec in it:", interp.is_running(), flush=True)
try:
    interp.exec("x = 3")
    print("exec while running -> no error", flush=True)
except interpreters.InterpreterError as e:
    print("exec while running:", type(e).__name__, "already running" in str(e), flush=True)
try:
    interp.prepare_main(x=4)
    print("prepare_main while running -> no error", flush=True)
except interpreters.InterpreterError as e:
    print("prepare_main while running:", type(e).__name__, flush=True)
release.put(None)
t.join()
print("after the thread's exec returned:", interp.is_running(), flush=True)
interp.exec("print('x =', x, flush=True)")
interp.exec("""if True:
    import threading
    bg = threading.Thread(target=release.get)
    bg.start()
""")
print("background thread only:", interp.is_running(), flush=True)
release.put(None)
interp.exec("bg.join()\nprint('background thread joined:', bg.is_alive(), flush=True)")
print("idle again:", interp.is_running(), flush=True)
interp.close()
try:
    interp.is_running()
except interpreters.InterpreterNotFoundError:
    print("after close: InterpreterNotFoundError", flush=True)
