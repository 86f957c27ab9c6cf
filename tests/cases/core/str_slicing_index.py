# String indexing and slicing with negative indices, steps, out-of-range bounds and slice objects.
s = "abcdefghij"
print(s[0], s[9], s[-1], s[-10])
print(s[2:5], s[:3], s[7:], s[-3:], s[:-3], s[:], s[5:2])
print(s[::2], s[1::2], s[::-1], s[::-2], s[8:2:-2], s[-2:-8:-3])
print(repr(s[100:]), s[-100:3], s[3:100], repr(s[5:5]), s[-100:100:3])
print(s[slice(2, 8, 2)], s[slice(None, None, -3)], s[slice(4)])
sl = slice(1, -1, 3)
print(sl.start, sl.stop, sl.step, s[sl], sl.indices(len(s)))
print(slice(None, None, -1).indices(5), slice(-100, 100).indices(10))
try:
    s[10]
except IndexError as e:
    print("IndexError:", e)
try:
    s[::0]
except ValueError as e:
    print("ValueError:", e)
try:
    s[0] = "z"
except TypeError:
    print("str is immutable")
words = ["alpha", "beta", "gamma"]
print([w[0] + w[-1] for w in words], [w[1:-1] for w in words])
n = 0
for i in range(-len(s), len(s)):
    n += ord(s[i])
print(n)
print("".join(s[i] for i in range(0, len(s), 3)))
print(s.find("e"), s[s.find("e"):], s[:s.find("z")])
u = "🐍a日b"
print(u[::-1], u[1:3], u[-1], len(u[::2]))
lst = list(range(10))
print(lst[2:8:3], lst[::-4], lst[-3:], tuple(lst)[1:4])
lst[2:5] = ["x"]
print(lst)
lst[::3] = [0, 0, 0]
print(lst)
del lst[::2]
print(lst)
b = b"bytes!"
print(b[0], b[-1], b[1:4], b[::-1])
