# list and tuple operations: mutation methods, sorting with key/reverse, slicing assignment, copying, equality and repr.
a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5)
a.extend((3, 5))
a.insert(0, 8)
a.insert(-1, 7)
a.insert(100, 0)
print(a, len(a))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(5), a.count(5), a.index(5, 4))
b = sorted(a)
a.sort(reverse=True)
print(a, b, b[::-1] == a)
words = ["banana", "Apple", "cherry", "date", "Elder"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=lambda w: (-len(w), w)))
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "y")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[0]))
c = a[:]
c[1:3] = []
c[0:0] = ["start"]
c[len(c):] = ["end"]
print(c, a == c, a is not c)
nested = [[0] * 3 for _ in range(3)]
nested[1][2] = 5
alias = [[0] * 3] * 3
alias[1][2] = 5
print(nested, alias)
print([1, 2] + [3], [0] * 4, [1, [2, [3, []]]], list("abc"), list(range(3)))
t = (1, "two", 3.0, None, (5,))
print(t, t[1], t[-1][0], len(t), t.index(3.0), (1, 2) + (3,), (0,) * 3, ())
x, y = (1, 2), [1, 2]
print(x == tuple(y), list(x) == y, x == y, (1, 2) < (1, 2, 3), [2] > [1, 9])
d = [5, 3, 8]
d.reverse()
print(d, d.copy(), d * 2)
d.clear()
print(d, bool(d), bool([0]))
lst = [10, 20, 30]
lst += [40]
lst *= 2
print(lst, 20 in lst, 25 not in lst)
del lst[1], lst[-1]
print(lst)
s = [3, 1, 2]
s.sort(key=lambda v: -v)
print(s, min(s), max(s), sum(s))
print(list(reversed((1, 2, 3))), tuple(enumerate("ab")))
stack = []
for ch in "({[]})":
    if ch in "({[":
        stack.append(ch)
    else:
        print(stack.pop() + ch, end=" ")
print(stack)
