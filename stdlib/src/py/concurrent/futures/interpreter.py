"""concurrent.futures.interpreter: InterpreterPoolExecutor (CPython 3.14) for rupy.

A ThreadPoolExecutor whose every worker thread owns one isolated interpreter (created when
the worker starts, closed when it stops), so tasks run truly in parallel. A task
`submit(fn, *args, **kwargs)` runs as `interp.call(fn, *args, **kwargs)`: plain functions
travel as shared compiled code (their globals resolve in the worker interpreter's __main__),
arguments and results as shareable values or native copies. The initializer runs in each
worker interpreter. An exception raised by a task reaches the future as an exception of the
same builtin class with the same arguments, its __cause__ the ExecutionFailed that describes
the original (its exact class, if user-defined, survives only in that description).

Differences from CPython: no pickle — callables that are neither closure-free functions nor
builtins (bound methods, closures, local classes) fail with NotShareableError when the
worker runs them; string scripts are refused at submit as in CPython.
"""

from . import thread as _thread
from concurrent import interpreters as _interpreters

__all__ = ['InterpreterPoolExecutor', 'BrokenInterpreterPool']


class BrokenInterpreterPool(_thread.BrokenThreadPool):
    """Raised when a worker interpreter's initializer failed."""


def _do_call(fn, args, kwargs):
    # Runs in the worker interpreter; an exception comes back as a value so the caller can
    # raise it as itself rather than only as ExecutionFailed.
    try:
        return (True, fn(*args, **kwargs))
    except BaseException as exc:
        return (False, exc)


class _WorkerContext(_thread.WorkerContext):

    @classmethod
    def prepare(cls, initializer, initargs):
        create_context, resolve_task = super().prepare(initializer, initargs)

        def resolve_scripts_refused(fn, args, kwargs):
            if isinstance(fn, str):
                raise TypeError('scripts not supported')
            return resolve_task(fn, args, kwargs)

        return create_context, resolve_scripts_refused

    def __init__(self, initializer, initargs):
        super().__init__(initializer, initargs)
        self.interp = None

    def initialize(self):
        self.interp = _interpreters.create()
        if self.initializer is not None:
            try:
                self.interp.call(self.initializer, *self.initargs)
            except BaseException:
                self.finalize()
                raise

    def finalize(self):
        interp, self.interp = self.interp, None
        if interp is not None:
            interp.close()

    def run(self, task):
        fn, args, kwargs = task
        ok, value = self.interp.call(_do_call, fn, args, kwargs)
        if ok:
            return value
        info = _interpreters._ExcInfo((
            type(value).__name__, type(value).__qualname__, type(value).__module__,
            str(value), f'{type(value).__name__}: {value}' if str(value) else type(value).__name__,
            ''))
        raise value from _interpreters.ExecutionFailed(info)


class InterpreterPoolExecutor(_thread.ThreadPoolExecutor):
    """An Executor that runs each call in one of a pool of isolated interpreters."""

    BROKEN = BrokenInterpreterPool

    @classmethod
    def prepare_context(cls, initializer, initargs):
        return _WorkerContext.prepare(initializer, initargs)

    def __init__(self, max_workers=None, thread_name_prefix='', initializer=None, initargs=()):
        super().__init__(max_workers, thread_name_prefix or
                         'InterpreterPoolExecutor-%d' % _thread._next_pool_number(),
                         initializer, initargs)
