# True division always yields a float for ints; results printed with repr-style shortest float output.
print(1 / 2, 3 / 3, -7 / 2, 7 / -2, 0 / 5, -0 / 5)
print(10 / 4, 1 / 3, 2 / 3, 22 / 7)
print(type(4 / 2).__name__, 4 / 2)
print(10 ** 20 / 10 ** 10, 2 ** 60 / 2 ** 30)
print(1 / 10 ** 5, 3 / 10 ** 20)
print(0.1 + 0.2, 0.3 - 0.1, 1.1 * 3)
print(1e300 * 1e10, -1e300 * 1e10)
print(2.0 ** 0.5, 10.0 / 3.0)
print(-0.0, 0.0 == -0.0, str(-0.0))
print(7.0 // 2, 7.0 / 2, 7 // 2.0)
big = 123456789012345678901234567890
print(big / 1000, big / big, (big + 1) / big)
print(1 / 3 * 3 == 1.0, 0.1 * 3 == 0.3)
values = [1, 2.5, -3, 10 ** 3]
print([v / 4 for v in values])
acc = 100
acc /= 8
print(acc, type(acc).__name__)
acc /= 0.5
print(acc)
print(float(7) / 7, 7 / float(7))
print(5e-324 / 2, 1.7976931348623157e308 * 10)
