"""concurrent.interpreters: many isolated interpreters in one process (PEP 734).

Each interpreter has its own GIL, modules and objects; they run truly in parallel and share
data only through queues and the values passed to exec/call/prepare_main.

Differences from CPython (deliberate): plain functions passed to call() travel as shared
compiled code, never pickled (globals resolve in the target's __main__, or in the sender's
script run once as <fake __main__> when they use its globals); lists, dicts, sets, exceptions
and the other values CPython pickles are copied natively; ints of any size are shareable.
Not provided: interpreter configs, and memoryviews shared between interpreters.
"""

import threading as _threading

import _interpreters
from _interpreters import (
    InterpreterError, InterpreterNotFoundError, NotShareableError, is_shareable,
)
from ._queues import (
    create as create_queue,
    Queue, QueueEmpty, QueueFull,
)

__all__ = [
    'get_current', 'get_main', 'create', 'list_all', 'is_shareable',
    'Interpreter',
    'InterpreterError', 'InterpreterNotFoundError', 'ExecutionFailed',
    'NotShareableError',
    'create_queue', 'Queue', 'QueueEmpty', 'QueueFull',
]


def _ExcInfo(info):
    """What is known of an exception raised in another interpreter (a SimpleNamespace with
    type (__name__, __qualname__, __module__), msg, formatted and errdisplay)."""
    from types import SimpleNamespace
    name, qualname, module, msg, formatted, errdisplay = info
    exctype = SimpleNamespace(__name__=name, __qualname__=qualname, __module__=module)
    return SimpleNamespace(type=exctype, msg=msg, formatted=formatted, errdisplay=errdisplay)


_EXEC_FAILURE_STR = """
{superstr}

Uncaught in the interpreter:

{formatted}
""".strip()


class ExecutionFailed(InterpreterError):
    """An unhandled exception happened during execution in another interpreter."""

    def __init__(self, excinfo):
        msg = excinfo.formatted
        if not msg:
            if excinfo.type and excinfo.msg:
                msg = f'{excinfo.type.__name__}: {excinfo.msg}'
            else:
                msg = excinfo.type.__name__ or excinfo.msg
        super().__init__(msg)
        self.excinfo = excinfo

    def __str__(self):
        try:
            formatted = self.excinfo.errdisplay
        except Exception:
            return super().__str__()
        else:
            return _EXEC_FAILURE_STR.format(superstr=super().__str__(), formatted=formatted)


def create():
    """Return a new (idle) Python interpreter."""
    id = _interpreters.create()
    return Interpreter(id, _whence=_interpreters.WHENCE_STDLIB)


def list_all():
    """Return all existing interpreters."""
    return [Interpreter(id, _whence=whence) for id, whence in _interpreters.list_all()]


def get_current():
    """Return the currently running interpreter."""
    id, whence = _interpreters.get_current()
    return Interpreter(id, _whence=whence)


def get_main():
    """Return the main interpreter."""
    id, whence = _interpreters.get_main()
    return Interpreter(id, _whence=whence)


class Interpreter:
    """A single Python interpreter (one object per id in each interpreter)."""

    _ownsref = False

    def __new__(cls, id, /, _whence=None):
        if not isinstance(id, int):
            raise TypeError(f'id must be an int, got {id!r}')
        if id < 0:
            raise ValueError(f'id must be a non-negative int, got {id!r}')
        id = int(id)
        if _whence is None:
            # Raises InterpreterNotFoundError for an id closed anywhere, even if cached here.
            _whence = _interpreters.whence(id)
        self = _interpreters._cache_get(0, id)
        if self is None:
            self = super().__new__(cls)
            self._id = id
            self._whence = _whence
            if _whence == _interpreters.WHENCE_STDLIB:
                # Interpreters made by create() live while some Interpreter object does.
                _interpreters.incref(id)
                self._ownsref = True
            _interpreters._cache_set(0, id, self)
        return self

    def __del__(self):
        if self._ownsref:
            self._ownsref = False
            try:
                _interpreters.decref(self._id)
            except Exception:
                pass

    def __repr__(self):
        return f'{type(self).__name__}({self.id})'

    def __hash__(self):
        return hash(self._id)

    def __reduce__(self):
        return (type(self), (self._id,))

    @property
    def id(self):
        return self._id

    @property
    def whence(self):
        return self._whence

    def is_running(self):
        """Return whether or not the identified interpreter is running."""
        return _interpreters.is_running(self._id)

    def close(self):
        """Finalize and destroy the interpreter."""
        _interpreters.destroy(self._id)

    def prepare_main(self, ns=None, /, **kwargs):
        """Bind the given values into the interpreter's __main__."""
        if ns is None:
            ns = kwargs
        else:
            ns = dict(ns, **kwargs)
        if not ns:
            raise ValueError('at least one binding required')
        _interpreters.set___main___attrs(self._id, ns)

    def exec(self, code, /):
        """Run the given source code (or function, or code object) in the interpreter's
        __main__, in the current thread; raise ExecutionFailed if it fails."""
        if isinstance(code, str) and type(code) is not str:
            code = str(code)
        excinfo = _interpreters.exec(self._id, code)
        if excinfo is not None:
            raise ExecutionFailed(_ExcInfo(excinfo))

    def _call(self, callable, args, kwargs):
        res, excinfo = _interpreters.call(self._id, callable, args, kwargs)
        if excinfo is not None:
            raise ExecutionFailed(_ExcInfo(excinfo))
        return res

    def call(self, callable, /, *args, **kwargs):
        """Call the object in the interpreter with given args/kwargs and return the result."""
        return self._call(callable, args, kwargs)

    def call_in_thread(self, callable, /, *args, **kwargs):
        """Start a thread that runs call(); return the (started) Thread."""
        t = _threading.Thread(target=self._call, args=(callable, args, kwargs))
        t.start()
        return t
