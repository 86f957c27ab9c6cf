# A new interpreter's __main__ holds only __name__ ('__main__'), __doc__, __package__, __spec__ (None), __loader__ and __builtins__; exec, call(dir), call(eval) and call(exec) all run against it.
from concurrent import interpreters

def attempt(interp, func, *args):
    try:
        return interp.call(func, *args)
    except interpreters.ExecutionFailed as e:
        return "ExecutionFailed: " + e.excinfo.formatted

interp = interpreters.create()
interp.exec("print(sorted(globals()), flush=True)")
interp.exec("""if True:
    g = globals()
    print(g.get('__name__', 'MISSING'), g.get('__doc__', 'MISSING'), g.get('__package__', 'MISSING'),
          g.get('__spec__', 'MISSING'), '__loader__' in g, '__builtins__' in g, flush=True)
    import sys
    print('sys.modules["__main__"] is this namespace:', sys.modules['__main__'].__dict__ is g, flush=True)
    del g, sys
""")
other = interpreters.create()
print("call(dir):", attempt(other, dir), flush=True)
print("call(eval):", attempt(other, eval, "__name__"), attempt(other, eval, "__doc__"), flush=True)
other.prepare_main(spam=42)
names = attempt(other, dir)
print("after prepare_main:", names[-1] if isinstance(names, list) and names else names, attempt(other, eval, "spam + 1"), flush=True)
print("unknown name:", attempt(other, eval, "undefined_name"), flush=True)
attempt(other, exec, "made_by_exec = 7")
other.exec("print('made_by_exec:', globals().get('made_by_exec', 'MISSING'), flush=True)")
interp.close()
other.close()
