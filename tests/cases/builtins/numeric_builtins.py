# Numeric builtins: abs, divmod, pow, round (banker's, ndigits), min/max/sum with start/key/default, int/float edge cases.
print(abs(-5), abs(5), abs(-2.5), abs(-(10 ** 30)), abs(True), abs(-0.0))
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(17.5, 5), divmod(-1, 10 ** 20))
print(pow(2, 8), pow(2, -1), pow(2.0, 3), pow(5, 3, 13), pow(-2, 3), pow(0, 0))
print(round(3.5), round(4.5), round(-2.5), round(2.675, 2), round(123.456, 1), round(123.456, -1), round(7))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0), round(-0.4), round(1e20 + 0.5))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(5, 2))
print(min(3, 1, 2), max(3, 1, 2), min([4, 9]), max("apple", "fig", key=len), min([], default="empty"), max((), default=None))
print(min(1, 1.0), max(1.0, 1), min([3, 1], key=lambda v: -v), max([[1, 2], [1, 3], [0, 9]]))
print(sum([1, 2, 3]), sum([1, 2, 3], 10), sum([0.5, 0.25]), sum([[1], [2, 3]], []), sum(range(101)), sum(()))
print(sum([10 ** 20, -10 ** 20, 1]), sum([True, True, False]), sum((x / 2 for x in range(5)), 0.0))
try:
    sum(["a", "b"], "")
except TypeError:
    print("TypeError: sum() refuses strings")
try:
    min([])
except ValueError:
    print("ValueError: min() of empty sequence")
try:
    max(1)
except TypeError:
    print("TypeError: int is not iterable")
print(int(), float(), int(" 12 "), float("-.5"), int(-0.99))
print(hash(1) == hash(1.0) == hash(True), hash(0) == hash(0.0) == hash(False), hash(-1), hash(-2), hash(2 ** 61 - 1), hash(2 ** 61))
print(hash((1, 2)) == hash((1, 2)), hash(7) == 7, hash(1.5) == hash(1.5), hash(None) == hash(None))
print(isinstance(hash("s"), int), hash(frozenset()) == hash(frozenset()))
try:
    hash([])
except TypeError:
    print("TypeError: list is unhashable")
print(max(range(10), key=lambda n: (n % 3, n)), min("hello"), max(b"hello"), sorted([3, -1, 2], key=abs))
print(divmod(7, 7), divmod(0, 3), pow(10, 20) % 7, pow(10, 20, 7), 7 ** 2 ** 0)
