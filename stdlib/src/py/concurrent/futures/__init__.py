"""concurrent.futures: run callables asynchronously in pools of workers (rupy).

Provides FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, CancelledError,
TimeoutError (the builtin), InvalidStateError, BrokenExecutor, Future,
Executor, wait, as_completed and ThreadPoolExecutor, as CPython 3.13 does
(see _base and thread); InterpreterPoolExecutor (CPython 3.14) is loaded on
first access from concurrent.futures.interpreter.

Lacks: ProcessPoolExecutor -- rupy runs no child processes.  The name exists
so that imports keep working, but creating one raises NotImplementedError;
InterpreterPoolExecutor is the parallel alternative.  There is no
concurrent.futures.process module.
"""

from ._base import (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED,
                    CancelledError, TimeoutError, InvalidStateError,
                    BrokenExecutor, Future, Executor, wait, as_completed)
from .thread import ThreadPoolExecutor

__all__ = (
    'FIRST_COMPLETED',
    'FIRST_EXCEPTION',
    'ALL_COMPLETED',
    'CancelledError',
    'TimeoutError',
    'InvalidStateError',
    'BrokenExecutor',
    'Future',
    'Executor',
    'wait',
    'as_completed',
    'ProcessPoolExecutor',
    'ThreadPoolExecutor',
)


class ProcessPoolExecutor(Executor):
    """Not available in rupy (no child processes): creating one raises
    NotImplementedError.  Use InterpreterPoolExecutor instead."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError(
            "rupy has no ProcessPoolExecutor; use InterpreterPoolExecutor")


def __dir__():
    return list(__all__) + ['__doc__']


def __getattr__(name):
    if name == 'InterpreterPoolExecutor':
        from .interpreter import InterpreterPoolExecutor
        globals()['InterpreterPoolExecutor'] = InterpreterPoolExecutor
        return InterpreterPoolExecutor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
