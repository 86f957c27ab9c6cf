# types.UnionType from |: args, dedup, None, isinstance, equality, errors
u = int | str
print(u, u.__args__, int | None, None | int, int | int)
print(isinstance(3, u), isinstance(3.0, u), issubclass(bool, u))
print((int | str) == (str | int), list[int] | None)
print(type(u).__name__, hash(int|str) == hash(str|int))
try:
    int | 3
except TypeError as e:
    print(e)
