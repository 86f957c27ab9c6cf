"""concurrent.interpreters._queues: cross-interpreter queues (PEP 734) over `_interpqueues`.

Differences from CPython (deliberate): blocking put/get wait on the queue itself instead of
polling every 10 ms, and fractional timeouts are honoured; lists, dicts and sets travel as
native deep copies instead of pickles.
"""

import queue as _queue

import _interpqueues
from ._crossinterp import (
    UNBOUND, UNBOUND_ERROR, UNBOUND_REMOVE, serialize_unbound as _serialize_unbound,
    resolve_unbound as _resolve_unbound,
)

__all__ = [
    'UNBOUND', 'UNBOUND_ERROR', 'UNBOUND_REMOVE',
    'create', 'list_all',
    'Queue',
    'QueueError', 'QueueNotFoundError', 'QueueEmpty', 'QueueFull',
    'ItemInterpreterDestroyed',
]


class QueueError(RuntimeError):
    """Indicates that a queue-related error happened."""


class QueueNotFoundError(QueueError):
    pass


class QueueEmpty(QueueError, _queue.Empty):
    """Raised from get_nowait() when the queue is empty (also from get() with a timeout)."""


class QueueFull(QueueError, _queue.Full):
    """Raised from put_nowait() when the queue is full (also from put() with a timeout)."""


class ItemInterpreterDestroyed(QueueError):
    """Raised from get() and get_nowait() for an item whose interpreter was destroyed."""


for _cls in (QueueError, QueueNotFoundError, QueueEmpty, QueueFull, ItemInterpreterDestroyed):
    _cls.__module__ = 'concurrent.interpreters'
del _cls


def create(maxsize=0, *, unbounditems=UNBOUND):
    """Return a new cross-interpreter queue (maxsize <= 0 means unbounded)."""
    if not isinstance(maxsize, int):
        raise TypeError(f'maxsize must be an int, not {type(maxsize).__name__}')
    unboundop, = _serialize_unbound(unbounditems)
    qid = _interpqueues.create(maxsize, unboundop)
    self = Queue(qid)
    self._set_unbound(unboundop, unbounditems)
    return self


def list_all():
    """Return a list of all open queues."""
    queues = []
    for qid, unboundop in _interpqueues.list_all():
        self = Queue(qid)
        if not hasattr(self, '_unbound'):
            self._set_unbound(unboundop)
        queues.append(self)
    return queues


import _interpreters


class Queue:
    """A cross-interpreter queue (one object per id in each interpreter; the queue lives
    while some Queue object for it does, in any interpreter)."""

    _bound = False

    def __new__(cls, id, /):
        if not isinstance(id, int):
            raise TypeError(f'id must be an int, got {id!r}')
        id = int(id)
        self = _interpreters._cache_get(1, id)
        if self is not None:
            return self
        _interpqueues.bind(id)
        self = super().__new__(cls)
        self._id = id
        self._bound = True
        _interpreters._cache_set(1, id, self)
        return self

    def __del__(self):
        if self._bound:
            self._bound = False
            try:
                _interpqueues.release(self._id)
            except Exception:
                pass

    def _set_unbound(self, op, items=None):
        if not hasattr(self, '_unbound'):
            if items is None:
                from ._crossinterp import _UNBOUND_FLAG_TO_CONSTANT
                items = _UNBOUND_FLAG_TO_CONSTANT[op]
            self._unbound = (op, items)
        return self._unbound

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
    def unbounditems(self):
        try:
            _, items = self._unbound
        except AttributeError:
            op, = _interpqueues.get_queue_defaults(self._id)
            _, items = self._set_unbound(op)
        return items

    @property
    def maxsize(self):
        try:
            return self._maxsize
        except AttributeError:
            self._maxsize = _interpqueues.get_maxsize(self._id)
            return self._maxsize

    def empty(self):
        return self.qsize() == 0

    def full(self):
        return _interpqueues.is_full(self._id)

    def qsize(self):
        return _interpqueues.get_count(self._id)

    def put(self, obj, block=True, timeout=None, *, unbounditems=None):
        """Add obj to the queue, waiting for room if it is full (block=True)."""
        if timeout is not None:
            if timeout < 0:
                raise ValueError('timeout value must be non-negative')
        if unbounditems is None:
            unboundop = None
        else:
            unboundop, = _serialize_unbound(unbounditems)
        _interpqueues.put(self._id, obj, unboundop, block, timeout)

    def put_nowait(self, obj, *, unbounditems=None):
        if unbounditems is None:
            unboundop = None
        else:
            unboundop, = _serialize_unbound(unbounditems)
        _interpqueues.put(self._id, obj, unboundop, False)

    def get(self, block=True, timeout=None):
        """Return the next object, waiting for one if the queue is empty (block=True)."""
        if timeout is not None and timeout < 0:
            raise ValueError('timeout value must be non-negative')
        obj, unboundop = _interpqueues.get(self._id, block, timeout)
        if unboundop is not None:
            return _resolve_unbound(unboundop, ItemInterpreterDestroyed)
        return obj

    def get_nowait(self):
        """Return the next object, or raise QueueEmpty at once."""
        obj, unboundop = _interpqueues.get(self._id, False)
        if unboundop is not None:
            return _resolve_unbound(unboundop, ItemInterpreterDestroyed)
        return obj


_interpqueues._register_heap_types(Queue, QueueEmpty, QueueFull, QueueNotFoundError)
