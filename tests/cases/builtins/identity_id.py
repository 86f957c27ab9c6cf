# id() and the is operator: identity of the same object, distinct mutable objects, None/True/False singletons, aliasing.
a = [1, 2]
b = a
c = [1, 2]
print(id(a) == id(b), id(a) == id(c), a is b, a is c, a == c, type(id(a)).__name__)
def same(x):
    return x
print(same(a) is a, id(same(a)) == id(a))
print(None is None, True is True, (1 == 1) is True, type(None)() is None)
x = object()
y = object()
print(x is x, x is y, x is not y, id(x) != id(y))
d = {"k": a}
print(d["k"] is a, list(d.values())[0] is b)
a.append(3)
print(b, c, d)
copy = a[:]
print(copy == a, copy is a, list(a) is a, tuple(a) == (1, 2, 3))
class Node:
    pass
n1 = Node()
n2 = n1
n2.tag = "shared"
print(n1.tag, n1 is n2, isinstance(id(n1), int), id(n1) >= 0)
items = [Node() for _ in range(3)]
print(len({id(i) for i in items}), items[0] is items[1])
s = "interned?"
print(s is s, s == "interned?")
def default_list(val, acc=[]):
    acc.append(val)
    return acc
print(default_list(1) is default_list(2))
f = lambda: None
print(f is f, f == f, (lambda: None) == (lambda: None))
