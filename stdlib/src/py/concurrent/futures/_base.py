"""concurrent.futures._base: Future, Executor, wait() and as_completed() (rupy).

Provides the return_when constants FIRST_COMPLETED, FIRST_EXCEPTION and
ALL_COMPLETED; the exceptions Error, CancelledError, InvalidStateError and
BrokenExecutor (TimeoutError is the builtin one, as in CPython 3.11+);
Future with CPython 3.13's whole API (cancel, cancelled, running, done,
result, exception, add_done_callback, set_running_or_notify_cancel,
set_result, set_exception, the same repr and InvalidStateError messages,
Future[T]); the abstract Executor (submit, map with timeout and chunksize,
shutdown, context manager); wait() returning DoneAndNotDoneFutures; and
as_completed().  The future states (PENDING, RUNNING, CANCELLED,
CANCELLED_AND_NOTIFIED, FINISHED) are the same strings as CPython's, and
wait()/as_completed() count a future as done only once it is FINISHED or
CANCELLED_AND_NOTIFIED, as CPython does.  Waiting blocks on
threading.Condition/Event; nothing polls.

Differences from CPython: when the `logging` module cannot be imported (rupy
has none yet), LOGGER is a small stand-in that writes what logging's
last-resort handler would (the message, then the traceback) to sys.stderr;
its output is not configurable.
"""

import collections
import sys
import threading
import time
import types

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'
_AS_COMPLETED = '_AS_COMPLETED'

# The states a Future goes through.
PENDING = 'PENDING'
RUNNING = 'RUNNING'
CANCELLED = 'CANCELLED'                            # cancelled, waiters not told yet
CANCELLED_AND_NOTIFIED = 'CANCELLED_AND_NOTIFIED'  # cancelled, waiters told
FINISHED = 'FINISHED'

_FUTURE_STATES = [PENDING, RUNNING, CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED]

_STATE_TO_DESCRIPTION_MAP = {
    PENDING: 'pending',
    RUNNING: 'running',
    CANCELLED: 'cancelled',
    CANCELLED_AND_NOTIFIED: 'cancelled',
    FINISHED: 'finished',
}

# A future in one of these will never change state again.
_DONE_STATES = (CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED)
_CANCELLED_STATES = (CANCELLED, CANCELLED_AND_NOTIFIED)
# What wait() and as_completed() count as done (a plainly CANCELLED future is
# only counted once its executor has acknowledged the cancellation).
_SETTLED_STATES = (CANCELLED_AND_NOTIFIED, FINISHED)


class _StderrLogger:
    """The few logging.Logger methods this package calls, printing to sys.stderr
    what logging's last-resort handler prints: the message, then the traceback."""

    name = 'concurrent.futures'

    def _emit(self, msg, args, exc_info):
        stream = sys.stderr
        if stream is None:
            return
        if args:
            msg = msg % args
        if exc_info is True:
            exc_info = sys.exc_info()
        elif isinstance(exc_info, BaseException):
            exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
        try:
            print(msg, file=stream)
            if exc_info and exc_info[0] is not None:
                import traceback
                traceback.print_exception(exc_info[0], exc_info[1], exc_info[2], file=stream)
            if hasattr(stream, 'flush'):
                stream.flush()
        except Exception:
            pass

    def exception(self, msg, *args, exc_info=True, **kwargs):
        self._emit(msg, args, exc_info)

    def critical(self, msg, *args, exc_info=None, **kwargs):
        self._emit(msg, args, exc_info)

    def error(self, msg, *args, exc_info=None, **kwargs):
        self._emit(msg, args, exc_info)

    def warning(self, msg, *args, exc_info=None, **kwargs):
        self._emit(msg, args, exc_info)

    # Below the last-resort handler's level: dropped.
    def info(self, msg, *args, **kwargs):
        pass

    def debug(self, msg, *args, **kwargs):
        pass


try:
    import logging as _logging
except ImportError:
    LOGGER = _StderrLogger()
else:
    LOGGER = _logging.getLogger('concurrent.futures')


class Error(Exception):
    """Base class for all future-related exceptions."""


class CancelledError(Error):
    """The Future was cancelled."""


TimeoutError = TimeoutError


class InvalidStateError(Error):
    """The operation is not allowed in this state."""


class BrokenExecutor(RuntimeError):
    """Raised when an executor has become non-functional after a severe failure."""


class _Waiter:
    """Collects the futures that finish while wait() or as_completed() is blocked.

    A Future calls add_result / add_exception / add_cancelled on every waiter in
    its _waiters list when it settles; `event` is set once the caller should
    wake up, which depends on `mode` (a return_when value or _AS_COMPLETED)."""

    def __init__(self, mode, pending):
        self.event = threading.Event()
        self.lock = threading.Lock()
        self.finished_futures = []
        self._mode = mode
        self._pending = pending

    def _arrived(self, future, failed):
        with self.lock:
            self.finished_futures.append(future)
            self._pending -= 1
            mode = self._mode
            if (mode == FIRST_COMPLETED or mode == _AS_COMPLETED or self._pending <= 0
                    or (failed and mode == FIRST_EXCEPTION)):
                self.event.set()

    def add_result(self, future):
        self._arrived(future, False)

    def add_exception(self, future):
        self._arrived(future, True)

    def add_cancelled(self, future):
        self._arrived(future, False)


class _AllLocked:
    """Holds the condition of every future in a collection (taken in id order, so
    two callers locking overlapping collections cannot deadlock)."""

    def __init__(self, futures):
        self._futures = sorted(futures, key=id)

    def __enter__(self):
        for f in self._futures:
            f._condition.acquire()

    def __exit__(self, *exc):
        for f in self._futures:
            f._condition.release()


def _detach(waiter, futures):
    for f in futures:
        with f._condition:
            try:
                f._waiters.remove(waiter)
            except ValueError:
                pass


DoneAndNotDoneFutures = collections.namedtuple(
    'DoneAndNotDoneFutures', 'done not_done', module=__name__)


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    """Wait for the futures in fs to complete.

    Returns a named 2-tuple of sets: `done` holds the futures that completed
    (finished or were cancelled) before the wait ended, `not_done` the others.
    return_when is FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED; timeout
    (seconds) bounds the wait, None meaning no limit.  Duplicate futures in fs
    are counted once.
    """
    fs = set(fs)
    with _AllLocked(fs):
        done = {f for f in fs if f._state in _SETTLED_STATES}
        not_done = fs - done
        if not not_done:
            return DoneAndNotDoneFutures(done, not_done)
        if return_when == FIRST_COMPLETED and done:
            return DoneAndNotDoneFutures(done, not_done)
        if return_when == FIRST_EXCEPTION and any(
                f._state == FINISHED and f._exception is not None for f in done):
            return DoneAndNotDoneFutures(done, not_done)
        if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
            raise ValueError(f"Invalid return condition: {return_when!r}")
        waiter = _Waiter(return_when, len(not_done))
        for f in not_done:
            f._waiters.append(waiter)

    waiter.event.wait(timeout)
    _detach(waiter, not_done)
    with waiter.lock:
        done.update(waiter.finished_futures)
    return DoneAndNotDoneFutures(done, fs - done)


def as_completed(fs, timeout=None):
    """Yield the futures in fs as they complete (finished or cancelled).

    Futures already complete come first.  Duplicates are yielded once.  If
    timeout (seconds, counted from the first next()) runs out before every
    future completed, TimeoutError('N (of M) futures unfinished') is raised.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    fs = set(fs)
    total = len(fs)
    with _AllLocked(fs):
        ready = [f for f in fs if f._state in _SETTLED_STATES]
        pending = fs.difference(ready)
        waiter = _Waiter(_AS_COMPLETED, len(pending))
        for f in pending:
            f._waiters.append(waiter)
    del fs
    try:
        while ready:
            yield ready.pop()
        while pending:
            if deadline is None:
                left = None
            else:
                left = deadline - time.monotonic()
                if left < 0:
                    raise TimeoutError(f'{len(pending)} (of {total}) futures unfinished')
            waiter.event.wait(left)
            with waiter.lock:
                batch = waiter.finished_futures
                waiter.finished_futures = []
                waiter.event.clear()
            batch.reverse()
            while batch:
                f = batch.pop()
                pending.discard(f)
                _detach(waiter, (f,))
                yield f
                del f
    finally:
        _detach(waiter, pending)


class Future:
    """Represents the result of an asynchronous computation."""

    def __init__(self):
        """Initializes the future. Should not be called by clients."""
        self._condition = threading.Condition()
        self._state = PENDING
        self._result = None
        self._exception = None
        self._waiters = []
        self._done_callbacks = []

    def __repr__(self):
        text = f'<{self.__class__.__name__} at {id(self):#x} state={_STATE_TO_DESCRIPTION_MAP[self._state]}'
        if self._state == FINISHED:
            if self._exception is not None:
                text += f' raised {self._exception.__class__.__name__}'
            else:
                text += f' returned {self._result.__class__.__name__}'
        return text + '>'

    def _call_callback(self, fn):
        try:
            fn(self)
        except Exception:
            LOGGER.exception('exception calling callback for %r', self)

    def _invoke_callbacks(self):
        for fn in self._done_callbacks:
            self._call_callback(fn)

    def cancel(self):
        """Cancel the future if possible.

        Returns True if the future was cancelled, False otherwise. A future
        cannot be cancelled if it is running or has already completed.
        """
        with self._condition:
            if self._state in _CANCELLED_STATES:
                return True
            if self._state != PENDING:
                return False
            self._state = CANCELLED
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        """Return True if the future was cancelled."""
        return self._state in _CANCELLED_STATES

    def running(self):
        """Return True if the future is currently executing."""
        return self._state == RUNNING

    def done(self):
        """Return True if the future was cancelled or finished executing."""
        return self._state in _DONE_STATES

    def _wait_settled(self, timeout):
        # Called with the condition held: returns once the future is FINISHED,
        # raises CancelledError or TimeoutError otherwise.
        if self._state not in _DONE_STATES:
            self._condition.wait_for(lambda: self._state in _DONE_STATES, timeout)
        if self._state in _CANCELLED_STATES:
            raise CancelledError()
        if self._state != FINISHED:
            raise TimeoutError()

    def result(self, timeout=None):
        """Return the result of the call that the future represents.

        Waits up to timeout seconds (None: no limit).  Raises CancelledError if
        the future was cancelled, TimeoutError if it did not finish in time,
        and the call's own exception if the call raised.
        """
        try:
            with self._condition:
                self._wait_settled(timeout)
                if self._exception is not None:
                    raise self._exception
                return self._result
        finally:
            # Do not keep the exception's traceback -> this frame -> self alive.
            self = None

    def exception(self, timeout=None):
        """Return the exception raised by the call that the future represents.

        None if the call completed without raising.  Waits and raises as
        result() does (CancelledError, TimeoutError).
        """
        with self._condition:
            self._wait_settled(timeout)
            return self._exception

    def add_done_callback(self, fn):
        """Attaches a callable that will be called when the future finishes.

        fn is called with the future as its only argument, in the thread that
        completed or cancelled the future, or at once (in this thread) if the
        future is already done.  Callbacks run in the order they were added;
        an Exception one raises is logged and ignored.
        """
        with self._condition:
            if self._state not in _DONE_STATES:
                self._done_callbacks.append(fn)
                return
        self._call_callback(fn)

    def set_running_or_notify_cancel(self):
        """Mark the future as running or process any cancel notifications.

        Should only be used by Executor implementations and unit tests.
        Returns False if the future was cancelled (its waiters are then told),
        True if it is now RUNNING; raises RuntimeError if it was already
        running or done.
        """
        with self._condition:
            if self._state == PENDING:
                self._state = RUNNING
                return True
            if self._state == CANCELLED:
                self._state = CANCELLED_AND_NOTIFIED
                for waiter in self._waiters:
                    waiter.add_cancelled(self)
                return False
            LOGGER.critical('Future %s in unexpected state: %s', id(self), self._state)
            raise RuntimeError('Future in unexpected state')

    def _settle(self, result, exception, raised):
        with self._condition:
            if self._state in _DONE_STATES:
                raise InvalidStateError(f'{self._state}: {self!r}')
            self._result = result
            self._exception = exception
            self._state = FINISHED
            for waiter in self._waiters:
                if raised:
                    waiter.add_exception(self)
                else:
                    waiter.add_result(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def set_result(self, result):
        """Sets the return value of work associated with the future.

        Should only be used by Executor implementations and unit tests.
        """
        self._settle(result, None, False)

    def set_exception(self, exception):
        """Sets the result of the future as being the given exception.

        Should only be used by Executor implementations and unit tests.
        """
        self._settle(None, exception, True)

    __class_getitem__ = classmethod(types.GenericAlias)


def _result_or_cancel(future, timeout=None):
    # The result of `future`; whatever happens, the future is cancelled
    # afterwards (a no-op once it finished), so a timeout leaves no stray work.
    try:
        try:
            return future.result(timeout)
        finally:
            future.cancel()
    finally:
        del future


def _results_in_order(futures, deadline):
    # The generator Executor.map returns.  `futures` is reversed so that pop()
    # takes the earliest; closing the generator cancels the ones not reached.
    futures.reverse()
    try:
        while futures:
            if deadline is None:
                yield _result_or_cancel(futures.pop())
            else:
                yield _result_or_cancel(futures.pop(), deadline - time.monotonic())
    finally:
        for future in futures:
            future.cancel()


class Executor:
    """This is an abstract base class for concrete asynchronous executors."""

    def submit(self, fn, /, *args, **kwargs):
        """Submits a callable to be executed with the given arguments.

        Schedules the callable to be executed as fn(*args, **kwargs) and returns
        a Future instance representing the execution of the callable.
        """
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """Returns an iterator equivalent to map(fn, *iterables).

        Every call is submitted at once; the iterator yields their results in
        order, re-raising a call's exception when its turn comes.  With a
        timeout, TimeoutError is raised by next() if a result is not available
        timeout seconds after map() was called.  chunksize is accepted for
        ProcessPoolExecutor compatibility and ignored here.  Closing the
        iterator early cancels the calls that have not started.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        futures = [self.submit(fn, *args) for args in zip(*iterables)]
        return _results_in_order(futures, deadline)

    def shutdown(self, wait=True, *, cancel_futures=False):
        """Clean-up the resources associated with the Executor.

        It is safe to call this method several times. Otherwise, no other
        methods can be called after this one.  wait=True blocks until the
        pending calls finished; cancel_futures=True cancels the calls that
        have not started.
        """
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False
