# ExecutionFailed: excinfo.type (__name__/__qualname__/__module__), msg, formatted (module prefix rules), args[0], str() layout; SystemExit; failures from exec(function) and call(); the interpreter stays usable.
import types
from concurrent import interpreters

interp = interpreters.create()
def show(label, code):
    try:
        interp.exec(code)
        print(label, "-> no error", flush=True)
        return
    except interpreters.ExecutionFailed as e:
        t = e.excinfo.type
        print(label, "->", t.__name__, t.__qualname__, t.__module__, repr(e.excinfo.msg), repr(e.excinfo.formatted), flush=True)
        return e
e = show("ValueError", "raise ValueError('boom')")
print("is InterpreterError:", isinstance(e, interpreters.InterpreterError), type(e).__name__, flush=True)
print("excinfo and excinfo.type are SimpleNamespaces:", isinstance(e.excinfo, types.SimpleNamespace), isinstance(e.excinfo.type, types.SimpleNamespace),
      isinstance(e.excinfo.errdisplay, str), flush=True)
print("args:", e.args == (e.excinfo.formatted,), e.args[0] == "ValueError: boom", flush=True)
s = str(e)
print("str starts with formatted:", s.startswith(e.excinfo.formatted), flush=True)
print("str layout:", s.startswith("ValueError: boom\n\nUncaught in the interpreter:\n\n"), flush=True)
print("str ends with the remote error line:", s.rstrip().endswith("ValueError: boom"), flush=True)
show("KeyError", "{}['missing']")
show("ZeroDivisionError", "1 / 0")
show("user class", "class MyError(Exception):\n    pass\nraise MyError('custom')")
show("nested class", "class Outer:\n    class Inner(Exception):\n        pass\nraise Outer.Inner('nested')")
show("other module", "class SpamError(Exception):\n    pass\nSpamError.__module__ = 'spam'\nraise SpamError('x')")
show("NameError", "undefined_name")
show("SystemExit", "raise SystemExit(3)")
show("sys.exit", "import sys\nsys.exit('bye')")
show("assert", "assert 1 == 2, 'not equal'")
interp.exec("print('still usable after failures', flush=True)")
def failing_script():
    raise RuntimeError("from a function")
try:
    interp.exec(failing_script)
except interpreters.ExecutionFailed as e:
    print("exec(function):", e.excinfo.type.__name__, e.excinfo.msg, flush=True)
def divide(a, b):
    return a / b
try:
    interp.call(divide, 1, 0)
except interpreters.ExecutionFailed as e:
    print("call():", e.excinfo.type.__name__, e.excinfo.type.__module__, e.excinfo.formatted, flush=True)
print("call() still works:", interp.call(divide, 6, 3), flush=True)
interp.close()
