# Type-related builtins: type(), isinstance/issubclass with tuples, callable, bool/int/str/list/tuple/dict/set/frozenset constructors, object().
print(type(1), type(1.0), type("s"), type(None), type([]), type(()), type({}), type(set()), type(True), type(range(1)), type(print))
print(type(1).__name__, type(type), type(object), type(int) is type, type(len).__name__)
print(isinstance(1, int), isinstance(True, int), isinstance(1, (str, float)), isinstance(1, (str, (float, int))), isinstance(None, type(None)))
print(issubclass(bool, int), issubclass(int, object), issubclass(bool, (str, int)), issubclass(type, object), issubclass(object, type))
print(callable(len), callable(1), callable(int), callable(lambda: 0), callable("s".upper), callable(type))
class C:
    def __call__(self):
        return "called"
class D:
    pass
print(callable(C()), callable(D()), C()(), isinstance(C(), object))
print(bool(), int(), float(), str(), list(), tuple(), dict(), set(), frozenset())
print(list("abc"), list((1, 2)), list({"k": 0}), list(range(3)), tuple([1, 2]), tuple("ab"), tuple({1: 2}))
print(dict([(1, 2)]), dict(a=1), dict({"x": 1}, y=2), dict(zip("ab", "cd")), dict([["k", "v"]]))
print(sorted(set([3, 1, 3])), sorted(frozenset("aba")), set() == frozenset(), type(frozenset([1]) | {2}).__name__)
print(str(12), str(1.5), str([1]), str(b"x"), str(None), repr("s"), repr([None, "a"]), str(str))
print(int("7"), float("7"), bool("x"), bool(""), list(map(bool, [0, 1, [], [1]])))
T = type("Dyn", (D,), {"attr": 5, "m": lambda self: "dyn method"})
obj = T()
print(T.__name__, obj.attr, obj.m(), isinstance(obj, D), T.__bases__)
o = object()
print(type(o).__name__, isinstance(o, object), o == o, o != object())
try:
    o.x = 1
except AttributeError:
    print("AttributeError: plain object has no __dict__")
print(type(3) == int, type(True) == int, type(True) is bool, int.__mro__, bool.__mro__)
print(isinstance([], list), isinstance([], (tuple, dict)), isinstance(int, type), isinstance(3, object))
print(list.__name__, dict.__name__, NotImplemented, Ellipsis, ..., type(...).__name__, type(NotImplemented).__name__)
print(type(None)(), bool(None), int(False), float(True), str(True) + str(None))
