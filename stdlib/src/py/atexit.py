"""atexit: functions run when the interpreter exits (after non-daemon threads are joined),
last registered first. The interpreter's exit path calls _run_exitfuncs when this module was
imported. A callback's exception is reported as CPython reports it ('Exception ignored in
atexit callback') and the remaining callbacks still run."""

_callbacks = []


def register(func, *args, **kwargs):
    if not callable(func):
        raise TypeError("the first argument must be callable")
    _callbacks.append((func, args, kwargs))
    return func


def unregister(func):
    _callbacks[:] = [c for c in _callbacks if not (c[0] == func)]


def _clear():
    del _callbacks[:]


def _ncallbacks():
    return len(_callbacks)


def _run_exitfuncs():
    import sys
    # Callbacks registered while these run are dropped, as in CPython.
    todo = _callbacks[:]
    for func, args, kwargs in reversed(todo):
        try:
            func(*args, **kwargs)
        except SystemExit:
            pass
        except BaseException as e:
            print("Exception ignored in atexit callback %r:" % (func,), file=sys.stderr)
            import traceback
            tb = e.__traceback__
            # Report from the callback's own frame, as CPython does.
            tb = getattr(tb, 'tb_next', None) or tb
            traceback.print_exception(type(e), e, tb)
    _clear()
