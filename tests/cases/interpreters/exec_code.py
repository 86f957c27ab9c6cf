# Interpreter.exec(): str, str subclass, no-arg function (its globals ignored), code object; SyntaxError raised in the caller; bad types and bad functions refused; state persists; exec in a thread; the caller's other threads run while exec blocks.
import threading
from concurrent import interpreters

marker = "the caller's marker"
interp = interpreters.create()
print("exec returns:", interp.exec("x = 1"), flush=True)
interp.exec("x += 1")
interp.exec("print('state persists: x =', x, flush=True)")
class Script(str):
    pass
interp.exec(Script("print('str subclass ran, x =', x, flush=True)"))
def script():
    print("function ran, marker:", marker, flush=True)
interp.prepare_main(marker="the target's marker")
interp.exec(script)
interp.exec(compile("y = x * 10\nprint('code object ran, y =', y, flush=True)", "<test>", "exec"))
try:
    interp.exec("z = 1\nprint('bad syntax ran'\n")
except SyntaxError:
    print("SyntaxError raised in the caller", flush=True)
except interpreters.ExecutionFailed:
    print("ExecutionFailed for bad syntax", flush=True)
interp.exec("print('nothing of the bad script ran:', 'z' not in globals(), flush=True)")
for label, bad in (("int", 42), ("None", None), ("list", ["x = 1"])):
    try:
        interp.exec(bad)
        print(label, "-> accepted", flush=True)
    except TypeError:
        print(label, "-> TypeError", flush=True)
def takes_args(a):
    print("unreachable", flush=True)
def returns_value():
    return 42
def make_closure():
    n = 1
    def closure():
        print("unreachable", n, flush=True)
    return closure
for label, func in (("function with args", takes_args), ("function returning a value", returns_value),
                    ("closure", make_closure())):
    try:
        interp.exec(func)
        print(label, "-> accepted", flush=True)
    except ValueError:
        print(label, "-> ValueError", flush=True)
interp.exec("""if True:
    def helper(n):
        return [i * i for i in range(n)]
    squares = helper(5)
""")
interp.exec("print('a def from an earlier exec:', squares, helper(3), flush=True)")
done = []
main_ident = threading.get_ident()
def run_in_thread():
    interp.prepare_main(caller_native_id=threading.get_native_id())
    interp.exec("import threading\nprint('exec runs in the calling OS thread:', threading.get_native_id() == caller_native_id, flush=True)")
    done.append(threading.get_ident() != main_ident)
t = threading.Thread(target=run_in_thread, name="worker-thread")
t.start()
t.join()
print("thread finished:", done, flush=True)
release = interpreters.create_queue()
interp.prepare_main(release=release)
progress = []
def helper():
    progress.append(sum(range(1000)))
    release.put("go")
threading.Thread(target=helper).start()
interp.exec("got = release.get(timeout=5)")
interp.exec("print('the caller interpreter kept running its other threads:', got, flush=True)")
print("helper ran while exec blocked:", progress, flush=True)
print("caller's globals untouched:", "x" not in globals(), "squares" not in globals(), marker, flush=True)
interp.close()
