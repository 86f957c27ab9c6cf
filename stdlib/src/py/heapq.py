"""heapq: heap queue (priority queue) algorithms on plain lists.

Provides heappush, heappop, heapify, heapreplace, heappushpop, merge
(key=, reverse=), nlargest and nsmallest (key=), plus the private
max-heap helpers _heapify_max, _heappop_max and _heapreplace_max.

Heaps are lists where heap[k] <= heap[2*k+1] and heap[k] <= heap[2*k+2];
the sift algorithms are the same as CPython's, so heapify()/heappush()
leave lists in exactly CPython's order.

Differences from CPython: no detection of a heap list being mutated by
a comparison ("list changed size during iteration").
"""

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge',
           'nlargest', 'nsmallest', 'heappushpop']


def _check_list(heap, funcname, single=True):
    if not isinstance(heap, list):
        which = "argument" if single else "argument 1"
        raise TypeError(f"{funcname}() {which} must be list, "
                        f"not {type(heap).__name__}")


# ---------------------------------------------------------------------------
# Sift primitives (min-heap)
# ---------------------------------------------------------------------------

def _siftdown(heap, startpos, pos):
    """Move heap[pos] up towards startpos until its parent is not larger."""
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup(heap, pos):
    """Move the smaller child up until a leaf is reached, put heap[pos]
    there, then bubble it back up (fewer comparisons than the textbook
    version)."""
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)


# ---------------------------------------------------------------------------
# Sift primitives (max-heap)
# ---------------------------------------------------------------------------

def _siftdown_max(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if parent < newitem:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup_max(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[rightpos] < heap[childpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown_max(heap, startpos, pos)


# ---------------------------------------------------------------------------
# Public min-heap API
# ---------------------------------------------------------------------------

def heappush(heap, item, /):
    """Push item onto heap, maintaining the heap invariant."""
    _check_list(heap, 'heappush', False)
    heap.append(item)
    _siftdown(heap, 0, len(heap) - 1)


def heappop(heap, /):
    """Pop the smallest item off the heap, maintaining the heap invariant."""
    _check_list(heap, 'heappop')
    if not heap:
        raise IndexError("index out of range")
    lastelt = heap.pop()
    if heap:
        returnitem = heap[0]
        heap[0] = lastelt
        _siftup(heap, 0)
        return returnitem
    return lastelt


def heapreplace(heap, item, /):
    """Pop and return the current smallest value, and add the new item.

This is more efficient than heappop() followed by heappush(), and can be
more appropriate when using a fixed-size heap.  Note that the value
returned may be larger than item!  That constrains reasonable uses of
this routine unless written as part of a conditional replacement:

    if item > heap[0]:
        item = heapreplace(heap, item)"""
    _check_list(heap, 'heapreplace', False)
    if not heap:
        raise IndexError("index out of range")
    returnitem = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return returnitem


def heappushpop(heap, item, /):
    """Push item on the heap, then pop and return the smallest item from the heap.

The combined action runs more efficiently than heappush() followed by
a separate call to heappop()."""
    _check_list(heap, 'heappushpop', False)
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _siftup(heap, 0)
    return item


def heapify(heap, /):
    """Transform list into a heap, in-place, in O(len(heap)) time."""
    _check_list(heap, 'heapify')
    for i in reversed(range(len(heap) // 2)):
        _siftup(heap, i)


# ---------------------------------------------------------------------------
# Private max-heap API (used by merge(reverse=True))
# ---------------------------------------------------------------------------

def _heapify_max(heap, /):
    """Maxheap variant of heapify."""
    _check_list(heap, '_heapify_max')
    for i in reversed(range(len(heap) // 2)):
        _siftup_max(heap, i)


def _heappop_max(heap, /):
    """Maxheap variant of heappop."""
    _check_list(heap, '_heappop_max')
    if not heap:
        raise IndexError("index out of range")
    lastelt = heap.pop()
    if heap:
        returnitem = heap[0]
        heap[0] = lastelt
        _siftup_max(heap, 0)
        return returnitem
    return lastelt


def _heapreplace_max(heap, item, /):
    """Maxheap variant of heapreplace."""
    _check_list(heap, '_heapreplace_max', False)
    if not heap:
        raise IndexError("index out of range")
    returnitem = heap[0]
    heap[0] = item
    _siftup_max(heap, 0)
    return returnitem


# ---------------------------------------------------------------------------
# merge, nsmallest, nlargest
# ---------------------------------------------------------------------------

def merge(*iterables, key=None, reverse=False):
    """Merge multiple sorted inputs into a single sorted output.

    Similar to sorted(itertools.chain(*iterables)) but returns a generator,
    does not pull the data into memory all at once, and assumes that each of
    the input streams is already sorted (smallest to largest).

    If *key* is not None, applies a key function to each element to
    determine its sort order.  If *reverse* is True, the inputs must be
    sorted from largest to smallest and so is the output.  Equal elements
    come out in the order of the iterables they were taken from.
    """
    if reverse:
        heapify_, pop_, replace_, sign = _heapify_max, _heappop_max, _heapreplace_max, -1
    else:
        heapify_, pop_, replace_, sign = heapify, heappop, heapreplace, 1

    # Entries are [sort_key, tie_breaker, value, iterator]; the tie
    # breaker makes earlier iterables win ties in both directions.
    entries = []
    for order, iterable in enumerate(iterables):
        it = iter(iterable)
        try:
            value = next(it)
        except StopIteration:
            continue
        sort_key = value if key is None else key(value)
        entries.append([sort_key, order * sign, value, it])
    heapify_(entries)

    while len(entries) > 1:
        try:
            while True:
                entry = entries[0]
                _, _, value, it = entry
                yield value
                value = next(it)
                entry[0] = value if key is None else key(value)
                entry[2] = value
                replace_(entries, entry)
        except StopIteration:
            pop_(entries)

    if entries:
        # Only one input left: pass the rest of it through unchanged.
        _, _, value, it = entries[0]
        yield value
        yield from it


def nsmallest(n, iterable, key=None):
    """Find the n smallest elements in a dataset.

    Equivalent to:  sorted(iterable, key=key)[:n]
    """
    if n == 1:
        missing = object()
        result = min(iter(iterable), default=missing, key=key)
        return [] if result is missing else [result]

    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key)[:n]

    # Keep a max-heap of the n best (key, order, elem) triples seen so far;
    # the order counter keeps ties stable and avoids comparing elements.
    it = iter(iterable)
    heap = []
    for order, elem in zip(range(n), it):
        heap.append((elem if key is None else key(elem), order, elem))
    if not heap:
        return []
    _heapify_max(heap)
    top = heap[0][0]
    order = n
    for elem in it:
        k = elem if key is None else key(elem)
        if k < top:
            _heapreplace_max(heap, (k, order, elem))
            top = heap[0][0]
            order += 1
    heap.sort()
    return [elem for _, _, elem in heap]


def nlargest(n, iterable, key=None):
    """Find the n largest elements in a dataset.

    Equivalent to:  sorted(iterable, key=key, reverse=True)[:n]
    """
    if n == 1:
        missing = object()
        result = max(iter(iterable), default=missing, key=key)
        return [] if result is missing else [result]

    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key, reverse=True)[:n]

    # Keep a min-heap of the n best (key, order, elem) triples; the order
    # counter decreases so that, after a reverse sort, earlier elements
    # come first among equal keys.
    it = iter(iterable)
    heap = []
    for order, elem in zip(range(0, -n, -1), it):
        heap.append((elem if key is None else key(elem), order, elem))
    if not heap:
        return []
    heapify(heap)
    top = heap[0][0]
    order = -n
    for elem in it:
        k = elem if key is None else key(elem)
        if top < k:
            heapreplace(heap, (k, order, elem))
            top = heap[0][0]
            order -= 1
    heap.sort(reverse=True)
    return [elem for _, _, elem in heap]
