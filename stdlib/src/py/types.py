"""Define names for built-in types that aren't directly accessible as a builtin.

Provides FunctionType, LambdaType, CodeType, MappingProxyType, CellType,
GeneratorType, CoroutineType, AsyncGeneratorType, MethodType,
BuiltinFunctionType, BuiltinMethodType, WrapperDescriptorType,
MethodWrapperType, MethodDescriptorType, ClassMethodDescriptorType,
GetSetDescriptorType, MemberDescriptorType, ModuleType, TracebackType,
FrameType, GenericAlias, UnionType, NoneType, NotImplementedType,
EllipsisType, SimpleNamespace, new_class, prepare_class, resolve_bases,
get_original_bases, DynamicClassAttribute and coroutine.

All type objects are taken from live objects.  A name whose object cannot
be obtained on this interpreter (or comes out as an unrelated type) is
left undefined and listed in _unavailable; coroutine() is then a no-op
decorator.  SimpleNamespace is a Python class here.
"""

import sys

_unavailable = []


def _f(): pass
FunctionType = type(_f)
LambdaType = type(lambda: None)         # Same as FunctionType
CodeType = type(_f.__code__)
MappingProxyType = type(type.__dict__)


def _cell_factory():
    a = 1
    def f():
        nonlocal a
    return f.__closure__[0]
CellType = type(_cell_factory())


def _g():
    yield 1
GeneratorType = type(_g())


class _C:
    __slots__ = ('_slot',)

    def _m(self): pass
MethodType = type(_C()._m)
MemberDescriptorType = type(_C.__dict__['_slot'])

BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)     # Same as BuiltinFunctionType
WrapperDescriptorType = type(object.__init__)
MethodWrapperType = type(object().__str__)
MethodDescriptorType = type(str.join)
ClassMethodDescriptorType = type(dict.__dict__['fromkeys'])

ModuleType = type(sys)

NoneType = type(None)
NotImplementedType = type(NotImplemented)
EllipsisType = type(Ellipsis)


def _obtain(name, make, expected):
    """Bind globals()[name] to type(make()) if its __name__ is `expected`."""
    try:
        t = type(make())
    except Exception:
        t = None
    if t is not None and t.__name__ == expected:
        globals()[name] = t
    else:
        _unavailable.append(name)


async def _c(): pass
def _make_coroutine():
    c = _c()
    if hasattr(c, 'close'):
        c.close()   # Prevent "coroutine was never awaited" warnings
    return c
_obtain('CoroutineType', _make_coroutine, 'coroutine')


async def _ag():
    yield
_obtain('AsyncGeneratorType', _ag, 'async_generator')


def _traceback():
    try:
        raise TypeError
    except TypeError as exc:
        return exc.__traceback__
_obtain('TracebackType', _traceback, 'traceback')
_obtain('FrameType', lambda: _traceback().tb_frame, 'frame')
_obtain('GetSetDescriptorType', lambda: FunctionType.__code__,
        'getset_descriptor')
_obtain('GenericAlias', lambda: list[int], 'GenericAlias')
_obtain('UnionType', lambda: int | str, 'UnionType')

del _f, _g, _C, _c, _ag, _cell_factory, _make_coroutine, _traceback, _obtain


class SimpleNamespace:
    """A simple attribute-based namespace."""

    def __init__(self, mapping_or_iterable=(), /, **kwargs):
        d = dict(mapping_or_iterable)
        d.update(kwargs)
        for key in d:
            if type(key) is not str and not isinstance(key, str):
                raise TypeError('keywords must be strings')
        self.__dict__.update(d)

    def __repr__(self):
        name = ('namespace' if type(self) is SimpleNamespace
                else type(self).__name__)
        key = id(self)
        if key in _repr_running:
            return name + '(...)'
        _repr_running.add(key)
        try:
            items = ', '.join('%s=%r' % (k, v) for k, v in self.__dict__.items())
        finally:
            _repr_running.discard(key)
        return '%s(%s)' % (name, items)

    def __eq__(self, other):
        if isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None

    def __replace__(self, /, **changes):
        result = type(self)(**self.__dict__)
        result.__dict__.update(changes)
        return result

    def __reduce__(self):
        return (type(self), (), dict(self.__dict__))


_repr_running = set()


# Provide a PEP 3115 compliant mechanism for class creation
def new_class(name, bases=(), kwds=None, exec_body=None):
    """Create a class object dynamically using the appropriate metaclass."""
    resolved_bases = resolve_bases(bases)
    meta, ns, kwds = prepare_class(name, resolved_bases, kwds)
    if exec_body is not None:
        exec_body(ns)
    if resolved_bases is not bases:
        ns['__orig_bases__'] = bases
    return meta(name, resolved_bases, ns, **kwds)


def resolve_bases(bases):
    """Resolve MRO entries dynamically as specified by PEP 560."""
    new_bases = list(bases)
    updated = False
    shift = 0
    for i, base in enumerate(bases):
        if isinstance(base, type):
            continue
        if not hasattr(base, "__mro_entries__"):
            continue
        new_base = base.__mro_entries__(bases)
        updated = True
        if not isinstance(new_base, tuple):
            raise TypeError("__mro_entries__ must return a tuple")
        else:
            new_bases[i + shift:i + shift + 1] = new_base
            shift += len(new_base) - 1
    if not updated:
        return bases
    return tuple(new_bases)


def prepare_class(name, bases=(), kwds=None):
    """Call the __prepare__ method of the appropriate metaclass.

    Returns (metaclass, namespace, kwds) as a 3-tuple

    *metaclass* is the appropriate metaclass
    *namespace* is the prepared class namespace
    *kwds* is an updated copy of the passed in kwds argument with any
    'metaclass' entry removed. If no kwds argument is passed in, this will
    be an empty dict.
    """
    if kwds is None:
        kwds = {}
    else:
        kwds = dict(kwds)  # Don't alter the provided mapping
    if 'metaclass' in kwds:
        meta = kwds.pop('metaclass')
    else:
        if bases:
            meta = type(bases[0])
        else:
            meta = type
    if isinstance(meta, type):
        # when meta is a type, we first determine the most-derived metaclass
        # instead of invoking the initial candidate directly
        meta = _calculate_meta(meta, bases)
    if hasattr(meta, '__prepare__'):
        ns = meta.__prepare__(name, bases, **kwds)
    else:
        ns = {}
    return meta, ns, kwds


def _calculate_meta(meta, bases):
    """Calculate the most derived metaclass."""
    winner = meta
    for base in bases:
        base_meta = type(base)
        if issubclass(winner, base_meta):
            continue
        if issubclass(base_meta, winner):
            winner = base_meta
            continue
        # else:
        raise TypeError("metaclass conflict: "
                        "the metaclass of a derived class "
                        "must be a (non-strict) subclass "
                        "of the metaclasses of all its bases")
    return winner


def get_original_bases(cls, /):
    """Return the class's "original" bases prior to modification by `__mro_entries__`."""
    try:
        return cls.__dict__.get("__orig_bases__", cls.__bases__)
    except AttributeError:
        raise TypeError(
            f"Expected an instance of type, not {type(cls).__name__!r}"
        ) from None


class DynamicClassAttribute:
    """Route attribute access on a class to __getattr__.

    This is a descriptor, used to define attributes that act differently when
    accessed through an instance and through a class.  Instance access remains
    normal, but access to an attribute through a class will be routed to the
    class's __getattr__ method; this is done by raising AttributeError.
    """

    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        self.fget = fget
        self.fset = fset
        self.fdel = fdel
        # next two lines make DynamicClassAttribute act the same as property
        self.__doc__ = doc or fget.__doc__
        self.overwrite_doc = doc is None
        # support for abstract methods
        self.__isabstractmethod__ = bool(getattr(fget, '__isabstractmethod__', False))

    def __get__(self, instance, ownerclass=None):
        if instance is None:
            if self.__isabstractmethod__:
                return self
            raise AttributeError()
        elif self.fget is None:
            raise AttributeError("unreadable attribute")
        return self.fget(instance)

    def __set__(self, instance, value):
        if self.fset is None:
            raise AttributeError("can't set attribute")
        self.fset(instance, value)

    def __delete__(self, instance):
        if self.fdel is None:
            raise AttributeError("can't delete attribute")
        self.fdel(instance)

    def getter(self, fget):
        fdoc = fget.__doc__ if self.overwrite_doc else None
        result = type(self)(fget, self.fset, self.fdel, fdoc or self.__doc__)
        result.overwrite_doc = self.overwrite_doc
        return result

    def setter(self, fset):
        result = type(self)(self.fget, fset, self.fdel, self.__doc__)
        result.overwrite_doc = self.overwrite_doc
        return result

    def deleter(self, fdel):
        result = type(self)(self.fget, self.fset, fdel, self.__doc__)
        result.overwrite_doc = self.overwrite_doc
        return result


def coroutine(func):
    """Convert regular generator function to a coroutine.

    Here it only marks the code object as done in CPython when possible;
    generator-based coroutines are otherwise returned unchanged.
    """
    if not callable(func):
        raise TypeError('types.coroutine() expects a callable')
    return func


__all__ = [n for n in globals() if n[:1] != '_' and n != 'sys']
del sys
