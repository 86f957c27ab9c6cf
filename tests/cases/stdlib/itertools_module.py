# Tests for itertools: behaviour, laziness, types/reprs and argument errors.
import itertools as it
from itertools import *
import operator

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

# count
print(list(islice(count(), 4)), list(islice(count(2.5), 3)), list(islice(count(10, -3), 4)))
print(list(islice(count(1j, 1j), 3)), repr(count()), repr(count(5, 1)), repr(count(0, 1.0)), repr(count(2**70)))
print(list(islice(count(start=3, step=2), 3)), type(count()), type(count()).__name__)
class MyCount(count): pass
print(repr(MyCount(4, 2)))
t("count 3 args", lambda: count(1, 2, 3))
t("count str", lambda: count('a'))
t("count bad kw", lambda: count(x=1))
# cycle
c = cycle("ab"); print([next(c) for _ in range(5)])
def gen():
    yield 1; yield 2
print(list(islice(cycle(gen()), 5)), list(cycle([])))
t("cycle()", lambda: cycle())
t("cycle(1)", lambda: cycle(1))
t("cycle kw", lambda: cycle(iterable=[1]))
# repeat
r = repeat(7, 3); print(r.__length_hint__(), next(r), r.__length_hint__(), list(r), r.__length_hint__())
print(repr(repeat('x')), repr(repeat(1, -2)), list(repeat(1, -2)), repr(repeat(None, times=2)))
print(list(map(pow, range(5), repeat(2))))
t("repeat()", lambda: repeat())
t("repeat hint", lambda: repeat(1).__length_hint__())
t("repeat times str", lambda: repeat(1, 'x'))
# accumulate
print(list(accumulate([1, 2, 3, 4, 5])), list(accumulate([1, 2, 3], initial=10)), list(accumulate([], initial=5)))
print(list(accumulate([5, 3, 9, 1], min)), list(accumulate("abc", lambda a, b: b + a)), list(accumulate([[1], [2]])))
print(list(accumulate([None, 1], lambda a, b: (a, b))), list(accumulate(iterable=[1, 2], func=operator.sub)))
t("accumulate 3 pos", lambda: accumulate([1], None, None))
t("accumulate(1)", lambda: accumulate(1))
# batched
print(list(batched("ABCDEFG", 3)), list(batched([], 2)), list(batched(range(4), 2, strict=True)))
t("batched n=0", lambda: batched([1], 0))
t("batched strict", lambda: list(batched(range(5), 2, strict=True)))
t("batched 3 pos", lambda: batched([1], 2, True))
t("batched n str", lambda: batched([1], 'a'))
# chain
print(list(chain("ab", [1], (), range(2))), list(chain.from_iterable(["xy", "z"])), type(chain.from_iterable([])).__name__)
lazy = chain.from_iterable(iter([1], None) for _ in range(0))
print(list(lazy))
bad = chain([1], 5)
print(next(bad)); t("chain non-iterable", lambda: next(bad)); t("chain after error", lambda: next(bad, "done"))
t("chain kw", lambda: chain(a=1))
t("chain.from_iterable(1)", lambda: chain.from_iterable(1))
t("chain[int]", lambda: chain[int])
# compress / dropwhile / takewhile / filterfalse / starmap
print(list(compress(range(10), cycle([1, 0, 0]))), list(compress("abc", [1, 1])), list(compress(data="ab", selectors=[0, 1])))
print(list(dropwhile(lambda x: x < 3, [1, 2, 3, 1, 5])), list(takewhile(lambda x: x < 3, [1, 2, 3, 1, 5])))
tw = takewhile(lambda x: x < 3, iter([1, 5, 2])); print(list(tw), list(tw))
print(list(filterfalse(None, [0, 1, "", "a", None, [], [0]])), list(filterfalse(bool, [0, 2])))
print(list(starmap(operator.add, [(1, 2), [3, 4], "ab"])), list(starmap(lambda *a: a, [(), (1,)])))
t("dropwhile 1 arg", lambda: dropwhile(None))
t("takewhile(1)", lambda: takewhile(None, 1))
t("filterfalse 3", lambda: filterfalse(None, [], []))
t("starmap bad item", lambda: list(starmap(pow, [1])))
t("compress missing", lambda: compress([1]))
# groupby
print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, g in groupby("AAAABBBCCD")], [(k, list(g)) for k, g in groupby([1, 2, 3, 4, 6], key=lambda x: x // 2)])
gb = groupby("aabbc")
k1, g1 = next(gb); k2, g2 = next(gb)
print(k1, list(g1), k2, list(g2))
gb = groupby("aaabb"); k, g = next(gb); print(next(g), k, [(k, list(g)) for k, g in gb])
print(type(next(groupby([1]))[1]).__name__, list(groupby([])))
nan = float('nan'); print([(k is nan, len(list(g))) for k, g in groupby([nan, nan, 1])])
t("groupby()", lambda: groupby())
t("groupby 3", lambda: groupby([1], None, 3))
# islice
print(list(islice(range(10), 2, 8, 2)), list(islice(range(10), None)), list(islice(range(10), 3, None)), list(islice("abc", 0)))
print(list(islice(range(10), None, None, 3)), list(islice(range(10), 5, 2)), list(islice(range(3), 10)))
src = iter(range(10)); print(list(islice(src, 3)), next(src))
src = iter(range(10)); print(list(islice(src, 1, 6, 4)), next(src))
src = iter(range(10)); s = islice(src, 3, 4); print(list(s), next(src))
for args in [(-1,), ('a',), (3.0,), (-1, 3), (1, -3), (1, 3, 0), (1, 3, -1), (1, 3, 'a'), (), (1, 2, 3, 4)]:
    t("islice%r" % (args,), lambda: islice([1], *args))
t("islice kw", lambda: islice([1], stop=3))
t("islice()", lambda: islice())
# pairwise
print(list(pairwise("abcde")), list(pairwise("a")), list(pairwise("")))
t("pairwise()", lambda: pairwise())
# tee
a, b = tee(iter("abc")); print(next(a), next(a), list(b), list(a))
a, b, c = tee(range(3), 3); print(list(a), list(b), list(c), type(a).__name__)
x, = tee([1, 2], 1); print(list(x), tee([1], 0))
a, b = tee([1, 2, 3]); next(a); c, d = tee(a); print(c is a, list(c), list(d), list(b))
a, b = tee([1, 2]); import copy; e = copy.copy(a); print(list(a), list(e))
t("tee n<0", lambda: tee([1], -1))
t("tee n str", lambda: tee([1], 'a'))
t("tee kw", lambda: tee([1], n=3))
t("tee(1)", lambda: tee(1))
# zip_longest
print(list(zip_longest("ABCD", "xy", fillvalue="-")), list(zip_longest()), list(zip_longest([1, 2])), list(zip_longest([], [])))
z = zip_longest([1], [2, 3]); print(list(z), list(z))
t("zip_longest bad kw", lambda: zip_longest([1], x=2))
t("zip_longest(1)", lambda: zip_longest(1))
# product
print(list(product("ab", range(2))), list(product(range(2), repeat=2)), list(product()), list(product(repeat=3)))
print(list(product("ab", [])), list(product("ab", repeat=0)), len(list(product("abc", "de", repeat=2))))
p = product(iter([1, 2]), iter([3])); print(list(p), list(p))
t("product repeat<0", lambda: product([1], repeat=-1))
t("product bad kw", lambda: product([1], foo=1))
t("product(1)", lambda: product(1))
# permutations
print(list(permutations(range(3))), list(permutations("abcd", 2))[:7])
print(list(permutations("ab", 3)), list(permutations("ab", 0)), list(permutations([])), list(permutations("ab", None)))
print(len(list(permutations(range(6)))), list(permutations([1, 1])))
t("perm r<0", lambda: permutations([1], -1))
t("perm r str", lambda: permutations([1], 'a'))
t("perm()", lambda: permutations())
# combinations
print(list(combinations("ABCD", 2)), list(combinations(range(4), 4)), list(combinations(range(4), 0)), list(combinations([], 0)))
print(list(combinations(range(3), 5)), len(list(combinations(range(10), 4))), list(combinations(r=1, iterable="ab")))
t("comb r<0", lambda: combinations([1], -1))
t("comb r None", lambda: combinations([1], None))
t("comb missing r", lambda: combinations([1]))
# combinations_with_replacement
print(list(combinations_with_replacement("ABC", 2)), list(combinations_with_replacement([], 0)), list(combinations_with_replacement([], 2)))
print(list(combinations_with_replacement("ab", 0)), len(list(combinations_with_replacement(range(5), 3))))
t("cwr r<0", lambda: combinations_with_replacement([1], -1))
# types and module
for name in ['count', 'cycle', 'repeat', 'accumulate', 'batched', 'chain', 'compress', 'dropwhile', 'takewhile',
             'filterfalse', 'groupby', 'islice', 'pairwise', 'starmap', 'zip_longest', 'product',
             'permutations', 'combinations', 'combinations_with_replacement']:
    cls = getattr(it, name)
    print(name, cls.__name__, cls.__module__, isinstance(cls, type), end="; ")
print()
print(type(tee([])[0]), iter(count()) is not None)
