# abc: ABCMeta, ABC, abstractmethod, register, __subclasshook__, caches, error messages.
import abc
from abc import ABC, ABCMeta, abstractmethod


class Base(ABC):
    @abstractmethod
    def run(self):
        return 'base'

    @abstractmethod
    def stop(self):
        pass

    def helper(self):
        return 'helper'


print(sorted(Base.__abstractmethods__), type(Base.__abstractmethods__).__name__)
for cls in (Base,):
    try:
        cls()
    except TypeError as e:
        print('TypeError:', e)


class Half(Base):
    def run(self):
        return 'half + ' + super().run()


print(sorted(Half.__abstractmethods__))
try:
    Half()
except TypeError as e:
    print('TypeError:', e)


class Full(Half):
    def stop(self):
        return 'stopped'


f = Full()
print(f.run(), f.stop(), f.helper(), Full.__abstractmethods__)
print(isinstance(f, Base), issubclass(Full, Base), issubclass(Full, ABC), type(Base) is ABCMeta)


# abstractmethod in a class without ABCMeta has no effect on instantiation
class NotAbstract:
    @abstractmethod
    def m(self):
        return 1


print(NotAbstract().m(), NotAbstract.m.__isabstractmethod__)


# register: virtual subclasses
class Drawable(metaclass=ABCMeta):
    @abstractmethod
    def draw(self):
        ...


class Circle:
    def draw(self):
        return 'circle'


print(Drawable.register(Circle) is Circle)
print(isinstance(Circle(), Drawable), issubclass(Circle, Drawable), Drawable not in Circle.__mro__)


class SubCircle(Circle):
    pass


print(issubclass(SubCircle, Drawable), isinstance(SubCircle(), Drawable))


@Drawable.register
class Square:
    pass


print(Square.__name__, issubclass(Square, Drawable), issubclass(int, Drawable))
try:
    Drawable.register(3)
except TypeError as e:
    print('TypeError:', e)
try:
    issubclass(3, Drawable)
except TypeError as e:
    print('TypeError:', e)


# registering a superclass is refused (cycle)
class Top(ABC):
    pass


class Bottom(Top):
    pass


try:
    Bottom.register(Top)
except RuntimeError as e:
    print('RuntimeError:', e)
print(Top.register(Bottom) is Bottom)


# get_cache_token changes on register
t1 = abc.get_cache_token()
Top.register(dict)
t2 = abc.get_cache_token()
print(t1 != t2, issubclass(dict, Top))


# __subclasshook__
class HasLen(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is HasLen:
            if any('__len__' in B.__dict__ for B in C.__mro__):
                return True
        return NotImplemented


class Sized2(HasLen):
    pass


print(issubclass(list, HasLen), issubclass(int, HasLen), isinstance('abc', HasLen))
print(issubclass(list, Sized2), issubclass(Sized2, HasLen))


class Veto(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return False


class VetoChild(Veto):
    pass


print(issubclass(VetoChild, Veto), isinstance(VetoChild(), Veto))


# abstract classmethod / staticmethod stacked with abstractmethod
class Factory(ABC):
    @classmethod
    @abstractmethod
    def create(cls):
        ...

    @staticmethod
    @abstractmethod
    def kind():
        ...


print(sorted(Factory.__abstractmethods__))


class Concrete(Factory):
    @classmethod
    def create(cls):
        return cls.__name__

    @staticmethod
    def kind():
        return 'static'


print(Concrete.create(), Concrete.kind(), Concrete().kind())


# update_abstractmethods after adding methods later
class Later(ABC):
    @abstractmethod
    def a(self):
        ...


Later.a = lambda self: 'now concrete'
print(sorted(Later.__abstractmethods__), sorted(abc.update_abstractmethods(Later).__abstractmethods__))
print(Later().a())


# many abstract methods: plural message lists them sorted
class Many(ABC):
    @abstractmethod
    def zeta(self): ...
    @abstractmethod
    def alpha(self): ...
    @abstractmethod
    def mid(self): ...


try:
    Many()
except TypeError as e:
    print('TypeError:', e)


# metaclass keyword arguments and __init_subclass__ still work
class WithInit(ABC):
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag


class Tagged(WithInit, tag='t1'):
    pass


print(Tagged.tag, Tagged().tag)


# ABCMeta subclass
class MyMeta(ABCMeta):
    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, ns, **kw)
        cls.created_by = 'MyMeta'
        return cls


class UsesMyMeta(metaclass=MyMeta):
    @abstractmethod
    def f(self): ...


print(UsesMyMeta.created_by, sorted(UsesMyMeta.__abstractmethods__), isinstance(UsesMyMeta, ABCMeta))
print(abc.ABC.__slots__, [n for n in ('ABCMeta', 'ABC', 'abstractmethod', 'get_cache_token', 'update_abstractmethods') if hasattr(abc, n)])


# abstract properties (property.__isabstractmethod__ reflects its fget)
class Shape(ABC):
    @property
    @abstractmethod
    def name(self):
        ...


class Named(Shape):
    @property
    def name(self):
        return 'named'


print(sorted(Shape.__abstractmethods__), Named().name, Shape.__dict__['name'].__isabstractmethod__)


# the deprecated helpers are still available
class Old(ABC):
    @abc.abstractproperty
    def p(self): ...

    @abc.abstractclassmethod
    def c(cls): ...

    @abc.abstractstaticmethod
    def s(): ...


print(sorted(Old.__abstractmethods__))


class OldImpl(Old):
    p = 1

    @classmethod
    def c(cls):
        return 'c'

    @staticmethod
    def s():
        return 's'


print(OldImpl().p, OldImpl.c(), OldImpl.s())
