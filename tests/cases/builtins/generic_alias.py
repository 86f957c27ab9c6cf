# Subscripted builtin generics: types.GenericAlias, __mro_entries__, __orig_bases__.
print(list[int], dict[str, list[int]], tuple[int, ...], type(list[int]))
a = list[int]
print(a.__origin__, a.__args__, a.__parameters__, a((1, 2)), a == list[int], a != list[str])
class C: pass
print(list[C], dict[str, "C"])
class L(list[int]): pass
print(L.__bases__, L.__orig_bases__, L([1]))
try: isinstance([], list[int])
except TypeError as e: print(e)
print(hash(list[int]) == hash(list[int]), type[int], set[C], frozenset[int])
