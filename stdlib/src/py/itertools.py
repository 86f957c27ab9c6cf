"""itertools: functions creating iterators for efficient looping.

Provides count, cycle, repeat, accumulate, batched, chain (and
chain.from_iterable), compress, dropwhile, filterfalse, groupby, islice,
pairwise, starmap, takewhile, tee, zip_longest, product, permutations,
combinations and combinations_with_replacement, following CPython 3.13
(iteration order, laziness and argument errors).

Every iterator is a class with __iter__/__next__, so type() and repr()
look like CPython's (e.g. <class 'itertools.chain'>, count(3)).

Missing / differences from CPython:
- no pickling support (__reduce__/__setstate__, removed in 3.14 anyway);
- tee() does not detect re-entrant use from another thread;
- __length_hint__ is only provided by repeat.
"""

import operator as _operator
import types as _types

__all__ = ['accumulate', 'batched', 'chain', 'combinations',
           'combinations_with_replacement', 'compress', 'count', 'cycle',
           'dropwhile', 'filterfalse', 'groupby', 'islice', 'pairwise',
           'permutations', 'product', 'repeat', 'starmap', 'takewhile', 'tee',
           'zip_longest']

_MISSING = object()


# ---------------------------------------------------------------------------
# Argument parsing helpers reproducing CPython's error messages
# ---------------------------------------------------------------------------

def _no_kwargs(name, kwargs):
    if kwargs:
        raise TypeError(f"{name}() takes no keyword arguments")


def _check_nargs(name, args, lo, hi):
    """Positional-only argument count check (PyArg_UnpackTuple style)."""
    n = len(args)
    if lo <= n <= hi:
        return
    if lo == hi:
        raise TypeError(f"{name} expected {lo} argument{'s' if lo != 1 else ''}, got {n}")
    if n < lo:
        raise TypeError(f"{name} expected at least {lo} argument{'s' if lo != 1 else ''}, got {n}")
    raise TypeError(f"{name} expected at most {hi} argument{'s' if hi != 1 else ''}, got {n}")


def _parse(name, args, kwargs, names, nrequired, npos=None):
    """Argument-clinic style parsing.

    names lists every parameter; the first npos (default: all) may be
    given positionally, the rest are keyword-only; the first nrequired
    are required.  Returns the values in order (_MISSING when absent).
    """
    if npos is None:
        npos = len(names)
    nargs = len(args)
    total = nargs + len(kwargs)
    if total > len(names):
        kw = "keyword " if nargs == 0 else ""
        raise TypeError(f"{name}() takes at most {len(names)} {kw}argument"
                        f"{'s' if len(names) != 1 else ''} ({total} given)")
    if nargs > npos:
        how = "at most" if nrequired < npos else "exactly"
        raise TypeError(f"{name}() takes {how} {npos} positional argument"
                        f"{'s' if npos != 1 else ''} ({nargs} given)")
    values = list(args) + [_MISSING] * (len(names) - nargs)
    for key, value in kwargs.items():
        if key not in names:
            raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
        i = names.index(key)
        if i < nargs:
            raise TypeError(f"argument for {name}() given by name ('{key}') "
                            f"and position ({i + 1})")
        values[i] = value
    for i in range(nrequired):
        if values[i] is _MISSING:
            raise TypeError(f"{name}() missing required argument '{names[i]}' (pos {i + 1})")
    return values


def _is_number(obj):
    if isinstance(obj, (int, float, complex)):
        return True
    tp = type(obj)
    return (hasattr(tp, '__index__') or hasattr(tp, '__int__')
            or hasattr(tp, '__float__'))


# ---------------------------------------------------------------------------
# Infinite iterators
# ---------------------------------------------------------------------------

class count:
    """Return a count object whose .__next__() method returns consecutive values.

    Equivalent to:
        def count(firstval=0, step=1):
            x = firstval
            while 1:
                yield x
                x += step
    """
    __slots__ = ('_cnt', '_step')

    def __new__(cls, *args, **kwargs):
        start, step = _parse('count', args, kwargs, ('start', 'step'), 0)
        if start is _MISSING:
            start = 0
        if step is _MISSING:
            step = 1
        if not _is_number(start) or not _is_number(step):
            raise TypeError("a number is required")
        self = object.__new__(cls)
        self._cnt = start
        self._step = step
        return self

    def __iter__(self):
        return self

    def __next__(self):
        result = self._cnt
        self._cnt = result + self._step
        return result

    def __repr__(self):
        name = type(self).__name__
        if type(self._step) is int and self._step == 1:
            return f"{name}({self._cnt!r})"
        return f"{name}({self._cnt!r}, {self._step!r})"


class cycle:
    """Return elements from the iterable until it is exhausted. Then repeat the sequence indefinitely."""
    __slots__ = ('_it', '_saved', '_index')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('cycle', kwargs)
        _check_nargs('cycle', args, 1, 1)
        self = object.__new__(cls)
        self._it = iter(args[0])
        self._saved = []
        self._index = 0
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._it is not None:
            try:
                item = next(self._it)
            except StopIteration:
                self._it = None
            else:
                self._saved.append(item)
                return item
        saved = self._saved
        if not saved:
            raise StopIteration
        item = saved[self._index]
        self._index += 1
        if self._index >= len(saved):
            self._index = 0
        return item


class repeat:
    """repeat(object [,times]) -> create an iterator which returns the object
for the specified number of times.  If not specified, returns the object
endlessly."""
    __slots__ = ('_element', '_cnt')

    def __new__(cls, *args, **kwargs):
        element, times = _parse('repeat', args, kwargs, ('object', 'times'), 1)
        self = object.__new__(cls)
        self._element = element
        if times is _MISSING:
            self._cnt = -1
        else:
            self._cnt = max(_operator.index(times), 0)
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._cnt == 0:
            raise StopIteration
        if self._cnt > 0:
            self._cnt -= 1
        return self._element

    def __length_hint__(self):
        if self._cnt == -1:
            raise TypeError("len() of unsized object")
        return self._cnt

    def __repr__(self):
        name = type(self).__name__
        if self._cnt == -1:
            return f"{name}({self._element!r})"
        return f"{name}({self._element!r}, {self._cnt})"


# ---------------------------------------------------------------------------
# Iterators terminating on the shortest input sequence
# ---------------------------------------------------------------------------

class accumulate:
    """Return series of accumulated sums (or other binary function results)."""
    __slots__ = ('_it', '_func', '_total', '_initial')

    def __new__(cls, *args, **kwargs):
        iterable, func, initial = _parse('accumulate', args, kwargs,
                                         ('iterable', 'func', 'initial'), 1, 2)
        self = object.__new__(cls)
        self._it = iter(iterable)
        self._func = None if func is _MISSING else func
        self._total = _MISSING
        self._initial = None if initial is _MISSING else initial
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._initial is not None:
            self._total = self._initial
            self._initial = None
            return self._total
        value = next(self._it)
        if self._total is _MISSING:
            self._total = value
        elif self._func is None:
            self._total = self._total + value
        else:
            self._total = self._func(self._total, value)
        return self._total


class batched:
    """Batch data into tuples of length n. The last batch may be shorter than n.

    If strict is true, raise ValueError if the final batch is shorter than n.
    """
    __slots__ = ('_it', '_n', '_strict')

    def __new__(cls, *args, **kwargs):
        iterable, n, strict = _parse('batched', args, kwargs,
                                     ('iterable', 'n', 'strict'), 2, 2)
        n = _operator.index(n)
        if n < 1:
            raise ValueError("n must be at least one")
        self = object.__new__(cls)
        self._it = iter(iterable)
        self._n = n
        self._strict = False if strict is _MISSING else bool(strict)
        return self

    def __iter__(self):
        return self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        batch = []
        for _ in range(self._n):
            try:
                batch.append(next(it))
            except StopIteration:
                self._it = None
                break
        if not batch:
            raise StopIteration
        if self._strict and len(batch) != self._n:
            raise ValueError("batched(): incomplete batch")
        return tuple(batch)


class chain:
    """Return a chain object whose .__next__() method returns elements from the
first iterable until it is exhausted, then elements from the next
iterable, until all of the iterables are exhausted."""
    __slots__ = ('_source', '_active')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('chain', kwargs)
        return cls._from_source(iter(args))

    @classmethod
    def _from_source(cls, source):
        self = object.__new__(cls)
        self._source = source
        self._active = None
        return self

    @classmethod
    def from_iterable(cls, iterable):
        """Alternative chain() constructor taking a single iterable argument that evaluates lazily."""
        return cls._from_source(iter(iterable))

    def __iter__(self):
        return self

    def __next__(self):
        while self._source is not None:
            if self._active is None:
                try:
                    iterable = next(self._source)
                    self._active = iter(iterable)
                except BaseException:
                    self._source = None
                    raise
            try:
                return next(self._active)
            except StopIteration:
                self._active = None
        raise StopIteration

    __class_getitem__ = classmethod(_types.GenericAlias)


class compress:
    """Return data elements corresponding to true selector elements.

Forms a shorter iterator from selected data elements using the selectors to
choose the data elements."""
    __slots__ = ('_data', '_selectors')

    def __new__(cls, *args, **kwargs):
        data, selectors = _parse('compress', args, kwargs, ('data', 'selectors'), 2)
        self = object.__new__(cls)
        self._data = iter(data)
        self._selectors = iter(selectors)
        return self

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            datum = next(self._data)
            selector = next(self._selectors)
            if selector:
                return datum


class dropwhile:
    """Drop items from the iterable while predicate(item) is true.

Afterwards, return every element until the iterable is exhausted."""
    __slots__ = ('_pred', '_it', '_dropped')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('dropwhile', kwargs)
        _check_nargs('dropwhile', args, 2, 2)
        self = object.__new__(cls)
        self._pred = args[0]
        self._it = iter(args[1])
        self._dropped = False
        return self

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            item = next(self._it)
            if self._dropped:
                return item
            if not self._pred(item):
                self._dropped = True
                return item


class takewhile:
    """Return successive entries from an iterable as long as the predicate evaluates to true for each entry."""
    __slots__ = ('_pred', '_it', '_stop')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('takewhile', kwargs)
        _check_nargs('takewhile', args, 2, 2)
        self = object.__new__(cls)
        self._pred = args[0]
        self._it = iter(args[1])
        self._stop = False
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._stop:
            raise StopIteration
        item = next(self._it)
        if self._pred(item):
            return item
        self._stop = True
        raise StopIteration


class filterfalse:
    """Return those items of iterable for which function(item) is false.

If function is None, return the items that are false."""
    __slots__ = ('_func', '_it')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('filterfalse', kwargs)
        _check_nargs('filterfalse', args, 2, 2)
        self = object.__new__(cls)
        self._func = args[0]
        self._it = iter(args[1])
        return self

    def __iter__(self):
        return self

    def __next__(self):
        func = self._func
        while True:
            item = next(self._it)
            if func is None or func is bool:
                ok = bool(item)
            else:
                ok = bool(func(item))
            if not ok:
                return item


def _same_key(a, b):
    # PyObject_RichCompareBool: identity implies equality.
    return a is b or bool(a == b)


class groupby:
    """make an iterator that returns consecutive keys and groups from the iterable

  iterable
    Elements to divide into groups according to the key function.
  key
    A function for computing the group category for each element.
    If the key function is not specified or is None, the element itself
    is used for grouping."""
    __slots__ = ('_it', '_keyfunc', '_tgtkey', '_currkey', '_currvalue',
                 '_currgrouper')

    def __new__(cls, *args, **kwargs):
        iterable, key = _parse('groupby', args, kwargs, ('iterable', 'key'), 1)
        self = object.__new__(cls)
        self._it = iter(iterable)
        self._keyfunc = None if key is _MISSING else key
        self._tgtkey = _MISSING
        self._currkey = _MISSING
        self._currvalue = _MISSING
        self._currgrouper = None
        return self

    def _step(self):
        value = next(self._it)
        key = value if self._keyfunc is None else self._keyfunc(value)
        self._currvalue = value
        self._currkey = key

    def __iter__(self):
        return self

    def __next__(self):
        self._currgrouper = None
        # Skip to the start of the next group.
        while True:
            if self._currkey is _MISSING:
                pass
            elif self._tgtkey is _MISSING:
                break
            elif not _same_key(self._tgtkey, self._currkey):
                break
            self._step()
        self._tgtkey = self._currkey
        grouper = _grouper(self, self._tgtkey)
        self._currgrouper = grouper
        return (self._currkey, grouper)


class _grouper:
    __slots__ = ('_parent', '_tgtkey')

    def __new__(cls, parent, tgtkey):
        self = object.__new__(cls)
        self._parent = parent
        self._tgtkey = tgtkey
        return self

    def __iter__(self):
        return self

    def __next__(self):
        gbo = self._parent
        if gbo._currgrouper is not self:
            raise StopIteration
        if gbo._currvalue is _MISSING:
            gbo._step()
        if not _same_key(self._tgtkey, gbo._currkey):
            raise StopIteration
        value = gbo._currvalue
        gbo._currvalue = _MISSING
        return value


_ISLICE_STOP_ERR = ("Stop argument for islice() must be None or an integer: "
                    "0 <= x <= sys.maxsize.")
_ISLICE_IDX_ERR = ("Indices for islice() must be None or an integer: "
                   "0 <= x <= sys.maxsize.")
_ISLICE_STEP_ERR = "Step for islice() must be a positive integer or None."


def _islice_arg(value, message):
    if value is None:
        return None
    try:
        value = _operator.index(value)
    except TypeError:
        raise ValueError(message) from None
    if value < 0:
        raise ValueError(message)
    return value


class islice:
    """islice(iterable, stop) --> islice object
islice(iterable, start, stop[, step]) --> islice object

Return an iterator whose next() method returns selected values from an
iterable.  If start is specified, will skip all preceding elements;
otherwise, start defaults to zero.  Step defaults to one.  If
specified as another value, step determines how many values are
skipped between successive calls.  Works like a slice() on a list
but returns an iterator."""
    __slots__ = ('_it', '_next', '_stop', '_step', '_cnt')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('islice', kwargs)
        _check_nargs('islice', args, 2, 4)
        iterable = args[0]
        start, step = 0, 1
        if len(args) == 2:
            stop = _islice_arg(args[1], _ISLICE_STOP_ERR)
        else:
            start = _islice_arg(args[1], _ISLICE_IDX_ERR)
            stop = _islice_arg(args[2], _ISLICE_IDX_ERR)
            if start is None:
                start = 0
            if len(args) == 4 and args[3] is not None:
                try:
                    step = _operator.index(args[3])
                except TypeError:
                    raise ValueError(_ISLICE_STEP_ERR) from None
                if step < 1:
                    raise ValueError(_ISLICE_STEP_ERR)
        self = object.__new__(cls)
        self._it = iter(iterable)
        self._next = start
        self._stop = stop
        self._step = step
        self._cnt = 0
        return self

    def __iter__(self):
        return self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        stop = self._stop
        try:
            while self._cnt < self._next:
                next(it)
                self._cnt += 1
            if stop is not None and self._cnt >= stop:
                raise StopIteration
            item = next(it)
        except StopIteration:
            self._it = None
            raise
        self._cnt += 1
        self._next += self._step
        if stop is not None and self._next > stop:
            self._next = stop
        return item


class pairwise:
    """Return an iterator of overlapping pairs taken from the input iterator.

    s -> (s0,s1), (s1,s2), (s2, s3), ..."""
    __slots__ = ('_it', '_old')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('pairwise', kwargs)
        _check_nargs('pairwise', args, 1, 1)
        self = object.__new__(cls)
        self._it = iter(args[0])
        self._old = _MISSING
        return self

    def __iter__(self):
        return self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        if self._old is _MISSING:
            try:
                self._old = next(it)
            except StopIteration:
                self._it = None
                raise
        try:
            new = next(it)
        except StopIteration:
            self._it = None
            self._old = _MISSING
            raise
        result = (self._old, new)
        self._old = new
        return result


class starmap:
    """Return an iterator whose values are returned from the function evaluated with an argument tuple taken from the given sequence."""
    __slots__ = ('_func', '_it')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('starmap', kwargs)
        _check_nargs('starmap', args, 2, 2)
        self = object.__new__(cls)
        self._func = args[0]
        self._it = iter(args[1])
        return self

    def __iter__(self):
        return self

    def __next__(self):
        args = next(self._it)
        if type(args) is not tuple:
            args = tuple(args)
        return self._func(*args)


class _TeeLink:
    """One cell of the buffer shared by tee iterators."""
    __slots__ = ('value', 'next')

    def __init__(self):
        self.value = _MISSING
        self.next = None


class _TeeSource:
    __slots__ = ('it', 'running')

    def __init__(self, it):
        self.it = it
        self.running = False


class _tee:
    """Iterator wrapped to make it copyable."""
    __slots__ = ('_source', '_link')

    def __new__(cls, *args, **kwargs):
        _no_kwargs('_tee', kwargs)
        _check_nargs('_tee', args, 1, 1)
        it = iter(args[0])
        if isinstance(it, _tee):
            return it.__copy__()
        self = object.__new__(cls)
        self._source = _TeeSource(it)
        self._link = _TeeLink()
        return self

    def __iter__(self):
        return self

    def __next__(self):
        link = self._link
        if link.next is None:
            source = self._source
            if source.running:
                raise RuntimeError("cannot re-enter the tee iterator")
            source.running = True
            try:
                link.value = next(source.it)
            finally:
                source.running = False
            link.next = _TeeLink()
        self._link = link.next
        return link.value

    def __copy__(self):
        new = object.__new__(type(self))
        new._source = self._source
        new._link = self._link
        return new


def tee(*args, **kwargs):
    """Returns a tuple of n independent iterators."""
    _no_kwargs('itertools.tee', kwargs)
    _check_nargs('tee', args, 1, 2)
    n = _operator.index(args[1]) if len(args) > 1 else 2
    if n < 0:
        raise ValueError("n must be >= 0")
    it = iter(args[0])
    if n == 0:
        return ()
    copy = getattr(it, '__copy__', None)
    if copy is None:
        it = _tee(it)
        copy = it.__copy__
    return (it,) + tuple(copy() for _ in range(n - 1))


class zip_longest:
    """Return a zip_longest object whose .__next__() method returns a tuple where
the i-th element comes from the i-th iterable argument.  The .__next__()
method continues until the longest iterable in the argument sequence
is exhausted and then it raises StopIteration.  When the shorter iterables
are exhausted, the fillvalue is substituted in their place.  The fillvalue
defaults to None or can be specified by a keyword argument."""
    __slots__ = ('_its', '_active', '_fillvalue')

    def __new__(cls, *args, **kwargs):
        fillvalue = None
        if kwargs:
            if len(kwargs) != 1 or 'fillvalue' not in kwargs:
                raise TypeError("zip_longest() got an unexpected keyword argument")
            fillvalue = kwargs['fillvalue']
        self = object.__new__(cls)
        self._its = [iter(arg) for arg in args]
        self._active = len(self._its)
        self._fillvalue = fillvalue
        return self

    def __iter__(self):
        return self

    def __next__(self):
        its = self._its
        if not its or self._active == 0:
            raise StopIteration
        result = []
        for i, it in enumerate(its):
            if it is None:
                result.append(self._fillvalue)
                continue
            try:
                result.append(next(it))
            except StopIteration:
                self._active -= 1
                if self._active == 0:
                    raise
                its[i] = None
                result.append(self._fillvalue)
        return tuple(result)


# ---------------------------------------------------------------------------
# Combinatoric iterators
# ---------------------------------------------------------------------------

class product:
    """Cartesian product of input iterables.  Equivalent to nested for-loops.

For example, product(A, B) returns the same as:  ((x,y) for x in A for y in B).
The leftmost iterators are in the outermost for-loop, so the output tuples
cycle in a manner similar to an odometer (with the rightmost element changing
on every iteration)."""
    __slots__ = ('_pools', '_indices', '_result', '_stopped')

    def __new__(cls, *args, **kwargs):
        repeat = 1
        for key, value in kwargs.items():
            if key != 'repeat':
                raise TypeError(f"product() got an unexpected keyword argument '{key}'")
            repeat = _operator.index(value)
            if repeat < 0:
                raise ValueError("repeat argument cannot be negative")
        pools = [tuple(arg) for arg in args] * repeat
        self = object.__new__(cls)
        self._pools = pools
        self._indices = [0] * len(pools)
        self._result = None
        self._stopped = False
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pools = self._pools
        if self._result is None:
            if any(len(pool) == 0 for pool in pools):
                self._stopped = True
                raise StopIteration
            self._result = [pool[0] for pool in pools]
            return tuple(self._result)
        indices = self._indices
        result = self._result
        # Advance the odometer, rightmost wheel first.
        for i in range(len(pools) - 1, -1, -1):
            pool = pools[i]
            indices[i] += 1
            if indices[i] == len(pool):
                indices[i] = 0
                result[i] = pool[0]
            else:
                result[i] = pool[indices[i]]
                return tuple(result)
        self._stopped = True
        raise StopIteration


class permutations:
    """Return successive r-length permutations of elements in the iterable.

permutations(range(3), 2) --> (0,1), (0,2), (1,0), (1,2), (2,0), (2,1)"""
    __slots__ = ('_pool', '_r', '_indices', '_cycles', '_first', '_stopped')

    def __new__(cls, *args, **kwargs):
        iterable, r = _parse('permutations', args, kwargs, ('iterable', 'r'), 1)
        pool = tuple(iterable)
        n = len(pool)
        if r is _MISSING or r is None:
            r = n
        elif not isinstance(r, int):
            raise TypeError("Expected int as r")
        if r < 0:
            raise ValueError("r must be non-negative")
        self = object.__new__(cls)
        self._pool = pool
        self._r = r
        self._indices = list(range(n))
        self._cycles = list(range(n, n - r, -1))
        self._first = True
        self._stopped = r > n
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pool, r = self._pool, self._r
        indices, cycles = self._indices, self._cycles
        n = len(pool)
        if self._first:
            self._first = False
            return tuple(pool[i] for i in indices[:r])
        if n == 0:
            self._stopped = True
            raise StopIteration
        for i in range(r - 1, -1, -1):
            cycles[i] -= 1
            if cycles[i] == 0:
                # Rotate indices[i:] left by one.
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                return tuple(pool[k] for k in indices[:r])
        self._stopped = True
        raise StopIteration


class combinations:
    """Return successive r-length combinations of elements in the iterable.

combinations(range(4), 3) --> (0,1,2), (0,1,3), (0,2,3), (1,2,3)"""
    __slots__ = ('_pool', '_r', '_indices', '_first', '_stopped')

    def __new__(cls, *args, **kwargs):
        iterable, r = _parse('combinations', args, kwargs, ('iterable', 'r'), 2)
        pool = tuple(iterable)
        r = _operator.index(r)
        if r < 0:
            raise ValueError("r must be non-negative")
        self = object.__new__(cls)
        self._pool = pool
        self._r = r
        self._indices = list(range(r))
        self._first = True
        self._stopped = r > len(pool)
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pool, r, indices = self._pool, self._r, self._indices
        n = len(pool)
        if self._first:
            self._first = False
            return tuple(pool[i] for i in indices)
        # Find the rightmost index that can still be incremented.
        for i in range(r - 1, -1, -1):
            if indices[i] != i + n - r:
                break
        else:
            self._stopped = True
            raise StopIteration
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        return tuple(pool[i] for i in indices)


class combinations_with_replacement:
    """Return successive r-length combinations of elements in the iterable allowing individual elements to have successive repeats.

combinations_with_replacement('ABC', 2) --> ('A','A'), ('A','B'), ('A','C'), ('B','B'), ('B','C'), ('C','C')"""
    __slots__ = ('_pool', '_r', '_indices', '_first', '_stopped')

    def __new__(cls, *args, **kwargs):
        iterable, r = _parse('combinations_with_replacement', args, kwargs,
                             ('iterable', 'r'), 2)
        pool = tuple(iterable)
        r = _operator.index(r)
        if r < 0:
            raise ValueError("r must be non-negative")
        self = object.__new__(cls)
        self._pool = pool
        self._r = r
        self._indices = [0] * r
        self._first = True
        self._stopped = len(pool) == 0 and r > 0
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pool, r, indices = self._pool, self._r, self._indices
        n = len(pool)
        if self._first:
            self._first = False
            return tuple(pool[i] for i in indices)
        for i in range(r - 1, -1, -1):
            if indices[i] != n - 1:
                break
        else:
            self._stopped = True
            raise StopIteration
        indices[i:] = [indices[i] + 1] * (r - i)
        return tuple(pool[i] for i in indices)
