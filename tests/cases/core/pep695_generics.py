# PEP 695: generic functions and classes, type aliases (lazy values), bounds, ParamSpec, TypeVarTuple
def first[T](xs: list[T]) -> T:
    return xs[0]
print(first([3, 4]), first.__type_params__, first.__name__, first.__qualname__)
class Box[T]:
    def __init__(self, v: T):
        self.v = v
    def get(self) -> T:
        return self.v
print(Box(5).get(), Box.__type_params__, Box.__mro__)
print(Box.__parameters__)
type IntList = list[int]
print(IntList, IntList.__value__, type(IntList).__name__, IntList.__name__)
type Later = Undefined
class Undefined: pass
print(Later.__value__)
type Pair[A, B] = tuple[A, B]
print(Pair.__type_params__, Pair.__value__)
class Bounded[T: int, *Ts, **P]:
    pass
T, Ts, P = Bounded.__type_params__
print(T.__bound__, T.__name__, Ts, P, P.args, P.kwargs)
def constrained[S: (int, str)](x: S) -> S:
    return x
print(constrained.__type_params__[0].__constraints__)
class Outer:
    class Inner[U]:
        pass
print(Outer.Inner.__qualname__, Outer.Inner.__type_params__)
import typing
print(isinstance(T, typing.TypeVar), repr(typing.TypeVar('X', covariant=True)))
