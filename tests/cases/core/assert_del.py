# assert (with and without message, messages evaluated lazily) and del of names, items, slices, attributes.
assert True
assert 1 + 1 == 2, "math"
calls = []
def msg():
    calls.append("evaluated")
    return "message"
assert [1], msg()
print("lazy message:", calls)
try:
    assert 1 > 2, msg()
except AssertionError as e:
    print("AssertionError:", e, e.args, calls)
try:
    assert False
except AssertionError as e:
    print("bare:", repr(e), e.args)
try:
    assert [], ("tuple", 1)
except AssertionError as e:
    print("tuple message:", e.args)
x = 10
del x
try:
    x
except NameError as e:
    print("NameError:", e)
a, b, c = 1, 2, 3
del a, b
print("c" in dir(), "a" in dir(), c)
lst = list(range(10))
del lst[0]
del lst[-1]
del lst[2:4]
del lst[::3]
print(lst)
d = {"k": 1, "j": 2, "m": 3}
del d["j"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)
class Obj:
    pass
o = Obj()
o.attr = 5
o.other = 6
del o.attr
print(hasattr(o, "attr"), o.other, vars(o))
try:
    del o.attr
except AttributeError:
    print("AttributeError on second del")
def local_del():
    v = 1
    del v
    try:
        return v
    except UnboundLocalError:
        return "UnboundLocalError"
print(local_del())
nested = [[1, 2], [3, 4]]
del nested[0][1], nested[1]
print(nested)
(p, q) = (1, 2)
del (p, q)
print("p" in dir())
for item in range(3):
    pass
del item
print("item" in dir())
