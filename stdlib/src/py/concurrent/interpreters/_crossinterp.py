"""concurrent.interpreters._crossinterp: the sentinels that say what a queue does with an
item whose interpreter was destroyed (UNBOUND, UNBOUND_ERROR, UNBOUND_REMOVE)."""


class UnboundItem:
    """A queue item whose interpreter was destroyed (its value is gone)."""

    __slots__ = ()

    def __new__(cls):
        raise TypeError(f'{cls.__name__} is a singleton')

    def __repr__(self):
        return 'concurrent.interpreters._queues.UNBOUND'


UNBOUND = object.__new__(UnboundItem)
UNBOUND_ERROR = object()
UNBOUND_REMOVE = object()

_UNBOUND_CONSTANT_TO_FLAG = {
    UNBOUND_REMOVE: 1,
    UNBOUND_ERROR: 2,
    UNBOUND: 3,
}
_UNBOUND_FLAG_TO_CONSTANT = {v: k for k, v in _UNBOUND_CONSTANT_TO_FLAG.items()}


def serialize_unbound(unbound):
    try:
        return (_UNBOUND_CONSTANT_TO_FLAG[unbound],)
    except KeyError:
        raise NotImplementedError(f'unsupported unbound replacement op {unbound!r}')


def resolve_unbound(flag, exctype_destroyed):
    try:
        op = _UNBOUND_FLAG_TO_CONSTANT[flag]
    except KeyError:
        raise NotImplementedError(f'unsupported unbound replacement op {flag!r}')
    if op is UNBOUND_REMOVE:
        raise AssertionError('UNBOUND_REMOVE items never reach get()')
    if op is UNBOUND_ERROR:
        raise exctype_destroyed("item's original interpreter destroyed")
    return UNBOUND
