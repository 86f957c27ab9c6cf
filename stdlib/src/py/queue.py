"""queue: synchronized queues for passing data between threads.

Provides the exceptions Empty, Full and ShutDown, and the classes Queue
(FIFO, optionally bounded), LifoQueue (stack), PriorityQueue (smallest item
first, via heapq) and SimpleQueue (unbounded FIFO without task tracking).

Queue, LifoQueue and PriorityQueue behave as CPython 3.13's: put/get with
block and timeout, the *_nowait variants, task_done/join, shutdown(immediate)
and the subclass hooks _init(maxsize), _qsize(), _put(item) and _get().  The
public attributes maxsize, queue, mutex (a threading.Lock), not_empty,
not_full and all_tasks_done (threading.Conditions sharing mutex),
unfinished_tasks and is_shutdown are the same as CPython's, and every check
happens in the same order, so the errors raised are the same.  Every class
supports Class[T] (types.GenericAlias).

Differences from CPython:
- SimpleQueue is written in Python here (CPython's is in C, in _queue).  It
  guards its items with a lock, so it is not reentrant: calling put() from a
  __del__ method or a signal handler that runs inside get() on the same
  thread can deadlock.  A timeout too large for the platform's clock is not
  rejected with OverflowError, and a wrong number of arguments gives Python's
  usual TypeError text rather than the C one.
- Empty and SimpleQueue say they come from '_queue' (as CPython's reprs and
  tracebacks show them), but there is no importable _queue module.
"""

import threading
import types
from collections import deque
from heapq import heappush as _heappush, heappop as _heappop
from time import monotonic as _monotonic

__all__ = ['Empty', 'Full', 'ShutDown', 'Queue', 'PriorityQueue',
           'LifoQueue', 'SimpleQueue']


class Empty(Exception):
    'Exception raised by Queue.get(block=0)/get_nowait().'


Empty.__module__ = '_queue'


class Full(Exception):
    'Exception raised by Queue.put(block=0)/put_nowait().'


class ShutDown(Exception):
    '''Raised when put/get with shut-down queue.'''


_NEGATIVE_TIMEOUT = "'timeout' must be a non-negative number"


def _block_while(q, cond, must_wait, block, timeout, exc, putting):
    # Called with the mutex held.  Returns once must_wait() is false;
    # raises exc when that does not happen in time (or at once when not
    # blocking) and ShutDown when the queue is shut down while waiting.
    if not block:
        if must_wait():
            raise exc
        return
    if timeout is None:
        deadline = None
    elif timeout < 0:
        raise ValueError(_NEGATIVE_TIMEOUT)
    else:
        deadline = _monotonic() + timeout
    while must_wait():
        if deadline is None:
            cond.wait()
        else:
            left = deadline - _monotonic()
            if left <= 0.0:
                raise exc
            cond.wait(left)
        # A shut-down queue refuses all puts; gets still drain the items.
        if q.is_shutdown and (putting or must_wait()):
            raise ShutDown


class Queue:
    '''Create a queue object with a given maximum size.

    If maxsize is <= 0, the queue size is infinite.
    '''

    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._init(maxsize)
        # One lock guards the items; the three conditions share it so that a
        # thread holding any of them holds the queue.
        self.mutex = threading.Lock()
        self.not_empty = threading.Condition(self.mutex)
        self.not_full = threading.Condition(self.mutex)
        self.all_tasks_done = threading.Condition(self.mutex)
        self.unfinished_tasks = 0
        self.is_shutdown = False

    # -- task accounting ---------------------------------------------------

    def task_done(self):
        '''Mark one item taken by get() as processed.

        Every put() adds one unfinished task; each call here removes one,
        and when none are left the threads waiting in join() go on.  Calling
        it more often than items were put raises ValueError.
        '''
        with self.all_tasks_done:
            remaining = self.unfinished_tasks - 1
            if remaining < 0:
                raise ValueError('task_done() called too many times')
            if remaining == 0:
                self.all_tasks_done.notify_all()
            self.unfinished_tasks = remaining

    def join(self):
        '''Block until every item put in the queue has been processed,
        i.e. until task_done() has been called once for each of them.
        '''
        with self.all_tasks_done:
            while self.unfinished_tasks:
                self.all_tasks_done.wait()

    # -- size queries (approximate once the lock is released) ---------------

    def qsize(self):
        '''Number of items right now (may change as soon as it returns).'''
        with self.mutex:
            return self._qsize()

    def empty(self):
        '''Whether there are no items right now (may change at once).'''
        with self.mutex:
            return not self._qsize()

    def full(self):
        '''Whether the queue is bounded and at its limit right now.'''
        with self.mutex:
            return 0 < self.maxsize <= self._qsize()

    # -- putting and getting -----------------------------------------------

    def put(self, item, block=True, timeout=None):
        '''Put an item into the queue.

        With block true and timeout None (the default), wait until a free
        slot is available.  With a non-negative timeout, wait at most that
        many seconds and raise Full if no slot became free.  With block
        false, put the item if a slot is free at once, else raise Full
        (timeout is then ignored).  Raises ShutDown if the queue has been
        shut down.
        '''
        with self.not_full:
            if self.is_shutdown:
                raise ShutDown
            if self.maxsize > 0:
                _block_while(self, self.not_full,
                         lambda: self._qsize() >= self.maxsize,
                         block, timeout, Full, True)
            self._put(item)
            self.unfinished_tasks += 1
            self.not_empty.notify()

    def get(self, block=True, timeout=None):
        '''Remove and return an item from the queue.

        With block true and timeout None (the default), wait until an item
        is available.  With a non-negative timeout, wait at most that many
        seconds and raise Empty if none arrived.  With block false, return
        an item if one is available at once, else raise Empty (timeout is
        then ignored).  Raises ShutDown if the queue has been shut down and
        is empty, or was shut down immediately.
        '''
        with self.not_empty:
            if self.is_shutdown and not self._qsize():
                raise ShutDown
            _block_while(self, self.not_empty, lambda: not self._qsize(),
                         block, timeout, Empty, False)
            item = self._get()
            self.not_full.notify()
            return item

    def put_nowait(self, item):
        '''Same as put(item, block=False): raises Full if there is no room.'''
        return self.put(item, block=False)

    def get_nowait(self):
        '''Same as get(block=False): raises Empty if there is no item.'''
        return self.get(block=False)

    def shutdown(self, immediate=False):
        '''Stop the queue: from now on put() raises ShutDown.

        By default get() goes on returning the items left and raises
        ShutDown once the queue is empty.  With immediate
        true, the queue is drained first (each removed item counts as a
        finished task) and gets raise at once.  Threads blocked in put(),
        get() or join() are woken up.
        '''
        with self.mutex:
            self.is_shutdown = True
            if immediate:
                while self._qsize():
                    self._get()
                    if self.unfinished_tasks > 0:
                        self.unfinished_tasks -= 1
                self.all_tasks_done.notify_all()
            self.not_empty.notify_all()
            self.not_full.notify_all()

    # -- storage hooks: override these to change the order -----------------
    # They are always called with the mutex held.

    def _init(self, maxsize):
        self.queue = deque()

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.popleft()

    __class_getitem__ = classmethod(types.GenericAlias)


class PriorityQueue(Queue):
    '''Variant of Queue that retrieves open entries in priority order (lowest first).

    Entries are typically tuples of the form:  (priority number, data).
    '''

    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        _heappush(self.queue, item)

    def _get(self):
        return _heappop(self.queue)


class LifoQueue(Queue):
    '''Variant of Queue that retrieves most recently added entries first.'''

    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.pop()


def _seconds(timeout):
    # SimpleQueue converts its timeout as CPython's C clock code does:
    # a float (not NaN) or anything with __index__.
    if isinstance(timeout, float):
        if timeout != timeout:
            raise ValueError('Invalid value NaN (not a number)')
        return timeout
    try:
        index = type(timeout).__index__
    except AttributeError:
        raise TypeError(f"'{type(timeout).__name__}' object cannot be "
                        f"interpreted as an integer") from None
    return index(timeout)


class SimpleQueue:
    '''Simple, unbounded, reentrant FIFO queue.'''

    def __init__(self):
        self._items = deque()
        self._ready = threading.Condition(threading.Lock())

    def put(self, item, block=True, timeout=None):
        '''Append item to the queue.  Never blocks: block and timeout are
        accepted only so that the signature matches Queue.put().
        '''
        with self._ready:
            self._items.append(item)
            self._ready.notify()

    def put_nowait(self, item):
        '''Same as put(item); exists for symmetry with Queue.'''
        return self.put(item, block=False)

    def get(self, block=True, timeout=None):
        '''Remove and return the oldest item.

        Waits for one when block is true: forever if timeout is None, else
        for at most timeout seconds (raising Empty when the time is up).
        When block is false, raises Empty at once if there is no item and
        timeout is not looked at.
        '''
        deadline = None
        if block and timeout is not None:
            seconds = _seconds(timeout)
            if seconds < 0:
                raise ValueError(_NEGATIVE_TIMEOUT)
            deadline = _monotonic() + seconds
        with self._ready:
            while not self._items:
                if not block:
                    raise Empty
                if deadline is None:
                    self._ready.wait()
                else:
                    left = deadline - _monotonic()
                    if left <= 0.0:
                        raise Empty
                    self._ready.wait(left)
            return self._items.popleft()

    def get_nowait(self):
        '''Same as get(False): an item if there is one now, else Empty.'''
        return self.get(False)

    def empty(self):
        '''Whether there are no items right now (may change at once).'''
        with self._ready:
            return not self._items

    def qsize(self):
        '''Number of items right now (may change as soon as it returns).'''
        with self._ready:
            return len(self._items)

    __class_getitem__ = classmethod(types.GenericAlias)


SimpleQueue.__module__ = '_queue'
