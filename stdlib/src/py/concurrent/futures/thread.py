"""concurrent.futures.thread: ThreadPoolExecutor and BrokenThreadPool (rupy).

ThreadPoolExecutor(max_workers=None, thread_name_prefix='', initializer=None,
initargs=()) behaves as CPython 3.13's: at most max_workers ordinary
(non-daemon) threads named PREFIX_N (PREFIX defaults to
'ThreadPoolExecutor-K'), started one per submit() only while no worker is
idle; the initializer runs once in each worker, and if it raises the pool
becomes broken (BrokenThreadPool for queued futures and later submits);
shutdown(wait=True, cancel_futures=False); the same error messages.  At
interpreter exit every worker finishes the queued work and stops, so an
executor that was never shut down does not keep the process alive.

What a worker does is pluggable as in CPython 3.14 (InterpreterPoolExecutor
builds on it): the classmethod prepare_context(initializer, initargs,
**ctxkwargs) -- extra keyword arguments of __init__ are passed to it --
returns (create_context, resolve_task).  resolve_task(fn, args, kwargs) turns a
submit() call into a task in the submitting thread; create_context() is called
once per worker (in the thread that starts it) and gives an object with
initialize() (run first in the worker; if it raises, the pool is broken and
finalize() is not called), run(task) (returns the result or raises) and
finalize() (run when the worker stops).  WorkerContext is the default; the
class attribute BROKEN is the exception class used when an initializer fails.

Differences from CPython: the default max_workers is
min(32, (os.process_cpu_count() or os.cpu_count() or 1) + 4), or 4 when the
os module (or both functions) is missing, as in rupy today.  Without the
weakref module, workers hold their executor strongly: an executor dropped
without shutdown() keeps its idle threads until interpreter exit (CPython
stops them when the executor is collected).  When threading has no
_register_atexit, the exit hook is chained in front of threading._shutdown.
A cancelled future left in the queue when the initializer fails stays
cancelled (CPython would raise InvalidStateError in the worker).
"""

import queue
import threading
import types

from . import _base

try:
    import weakref as _weakref
except ImportError:
    _weakref = None

# Set at interpreter exit: no more submits, workers stop once the queue is empty.
_shutdown = False
_global_shutdown_lock = threading.Lock()
# Live worker thread -> its executor's work queue (for the exit hook).
_threads_queues = {}


def _python_exit():
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
    live = list(_threads_queues.items())
    for _, work_queue in live:
        work_queue.put(None)
    for thread, _ in live:
        thread.join()


if hasattr(threading, '_register_atexit'):
    threading._register_atexit(_python_exit)
else:
    def _install_exit_hook():
        joiner = threading._shutdown

        def _shutdown_after_pools():
            try:
                _python_exit()
            finally:
                joiner()

        threading._shutdown = _shutdown_after_pools
    _install_exit_hook()
    del _install_exit_hook


def _executor_ref(executor, work_queue):
    # A callable returning the executor, or None once it is gone.  With weakref
    # the executor's collection also wakes the workers so they can stop.
    if _weakref is not None:
        return _weakref.ref(executor, lambda _, q=work_queue: q.put(None))
    return lambda: executor


def _default_max_workers():
    try:
        import os
    except ImportError:
        return 4
    count_cpus = getattr(os, 'process_cpu_count', None) or getattr(os, 'cpu_count', None)
    if count_cpus is None:
        return 4
    return min(32, (count_cpus() or 1) + 4)


class WorkerContext:
    """How one worker thread runs its tasks (the default: call them directly).

    Subclasses (e.g. InterpreterPoolExecutor's) override prepare, initialize,
    finalize and run; see the module docstring for the protocol.
    """

    @classmethod
    def prepare(cls, initializer, initargs):
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")

        def create_context():
            return cls(initializer, initargs)

        def resolve_task(fn, args, kwargs):
            return (fn, args, kwargs)

        return create_context, resolve_task

    def __init__(self, initializer, initargs):
        self.initializer = initializer
        self.initargs = initargs

    def initialize(self):
        if self.initializer is not None:
            self.initializer(*self.initargs)

    def finalize(self):
        pass

    def run(self, task):
        fn, args, kwargs = task
        return fn(*args, **kwargs)


class _WorkItem:
    """A submitted call: its future and the task the worker context runs."""

    def __init__(self, future, task):
        self.future = future
        self.task = task

    def run(self, ctx):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = ctx.run(self.task)
        except BaseException as exc:
            self.future.set_exception(exc)
            # exc's traceback holds this frame: drop self to break the cycle.
            self = None
        else:
            self.future.set_result(result)

    __class_getitem__ = classmethod(types.GenericAlias)


def _worker_loop(executor_reference, ctx, work_queue):
    while True:
        try:
            item = work_queue.get_nowait()
        except queue.Empty:
            # About to block: tell submit() there is an idle worker to reuse.
            executor = executor_reference()
            if executor is not None:
                executor._idle_semaphore.release()
            del executor
            item = work_queue.get(block=True)

        if item is not None:
            item.run(ctx)
            del item
            continue

        # None: a wake-up.  Stop if the executor or the interpreter is going
        # away, passing the None on so the next worker wakes up too.
        executor = executor_reference()
        if _shutdown or executor is None or executor._shutdown:
            if executor is not None:
                executor._shutdown = True
            work_queue.put(None)
            return
        del executor


def _worker(executor_reference, ctx, work_queue):
    me = threading.current_thread()
    try:
        try:
            ctx.initialize()
        except BaseException:
            _base.LOGGER.critical('Exception in initializer:', exc_info=True)
            executor = executor_reference()
            if executor is not None:
                executor._initializer_failed()
            return
        try:
            _worker_loop(executor_reference, ctx, work_queue)
        except BaseException:
            _base.LOGGER.critical('Exception in worker', exc_info=True)
        finally:
            ctx.finalize()
    finally:
        _threads_queues.pop(me, None)


class BrokenThreadPool(_base.BrokenExecutor):
    """Raised when a worker thread in a ThreadPoolExecutor failed initializing."""


_pool_numbers_lock = threading.Lock()
_pool_numbers = 0


def _next_pool_number():
    global _pool_numbers
    with _pool_numbers_lock:
        number = _pool_numbers
        _pool_numbers += 1
    return number


class ThreadPoolExecutor(_base.Executor):
    """An Executor that runs each call in one of a pool of threads."""

    BROKEN = BrokenThreadPool

    @classmethod
    def prepare_context(cls, initializer, initargs):
        return WorkerContext.prepare(initializer, initargs)

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=(), **ctxkwargs):
        """Initializes a new ThreadPoolExecutor instance.

        Args:
            max_workers: The maximum number of threads that can be used to
                execute the given calls.
            thread_name_prefix: An optional name prefix to give our threads.
            initializer: A callable used to initialize worker threads.
            initargs: A tuple of arguments to pass to the initializer.
            ctxkwargs: Additional arguments to prepare_context().
        """
        if max_workers is None:
            max_workers = _default_max_workers()
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")

        (self._create_worker_context,
         self._resolve_work_item_task) = type(self).prepare_context(
            initializer, initargs, **ctxkwargs)

        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = (thread_name_prefix or
                                    ("ThreadPoolExecutor-%d" % _next_pool_number()))
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise self.BROKEN(self._broken)
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')
            future = _base.Future()
            task = self._resolve_work_item_task(fn, args, kwargs)
            self._work_queue.put(_WorkItem(future, task))
            self._adjust_thread_count()
            return future

    submit.__doc__ = _base.Executor.submit.__doc__

    def _adjust_thread_count(self):
        # An idle worker will pick the new item up: no new thread.
        if self._idle_semaphore.acquire(timeout=0):
            return
        count = len(self._threads)
        if count >= self._max_workers:
            return
        name = '%s_%d' % (self._thread_name_prefix or self, count)
        thread = threading.Thread(
            name=name, target=_worker,
            args=(_executor_ref(self, self._work_queue),
                  self._create_worker_context(),
                  self._work_queue))
        self._threads.add(thread)
        _threads_queues[thread] = self._work_queue
        thread.start()

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = ('A thread initializer failed, the thread pool '
                            'is not usable anymore')
            # Fail every queued call.
            woken = False
            while True:
                try:
                    item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    woken = True
                elif not item.future.done():
                    item.future.set_exception(self.BROKEN(self._broken))
            if woken:
                self._work_queue.put(None)

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is not None:
                        item.future.cancel()
            # Wakes one idle worker, which passes it on to the next.
            self._work_queue.put(None)
        if wait:
            for thread in list(self._threads):
                thread.join()

    shutdown.__doc__ = _base.Executor.shutdown.__doc__
