# The ** operator and pow(): negative exponents, big exponents, negative bases, precedence and 3-argument pow.
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, (-2) ** 4)
print(-2 ** 2, (-2) ** 2, 2 ** -1, 2 ** -3, 10 ** -2)
print(2 ** 3 ** 2, (2 ** 3) ** 2)
print(2 ** 100)
print(3 ** 80)
print((-3) ** 41)
print(7 ** 0, 1 ** 1000, (-1) ** 1001, (-1) ** 1000)
print(len(str(2 ** 10000)), str(2 ** 10000)[:20], str(2 ** 10000)[-20:])
print(4 ** 0.5, 8 ** (1 / 3), 2.0 ** 10, 2 ** 0.0)
print(1.5 ** 2, (-1.5) ** 3, 10.0 ** -3)
print(pow(2, 10), pow(2, -2), pow(3, 4, 5), pow(-3, 3, 7), pow(7, 123456789, 1000003))
print(pow(2, 1000, 10 ** 9 + 7))
print(pow(3, -1, 7), pow(10, -1, 17))
x = 3
x **= 4
print(x)
x **= -1
print(x)
print(type(2 ** 2).__name__, type(2 ** -2).__name__, type(2.0 ** 2).__name__)
print([n ** 2 for n in range(-3, 4)])
print(sum(2 ** k for k in range(64)) == 2 ** 64 - 1)
print((10 ** 18) ** 2 == 10 ** 36, 10 ** 18 * 10 ** 18)
try:
    0 ** -1
except ZeroDivisionError:
    print("0 ** -1 raises ZeroDivisionError")
try:
    pow(2, 3, 0)
except ValueError:
    print("pow with modulus 0 raises ValueError")
