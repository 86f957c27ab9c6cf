# Arbitrary-size ints: arithmetic, comparisons, bit operations, conversions and mixing with small ints.
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

f50 = fact(50)
print(f50)
print(len(str(fact(200))), fact(25) // fact(23))
a = 2 ** 64
b = a - 1
print(a, b, a + b, a * b)
print(a - 2 * a, -a // 3, -a % 3, abs(-a))
print(a > b, a == 2 ** 64, b < 2 ** 63, -a < -b)
print(a >> 60, a >> 64, a >> 100, 1 << 70, -1 << 70, (-a) >> 1)
print(a | 1, a & (a - 1), a ^ b, ~a, ~(-a))
print(hex(a), oct(a), bin(b).count("1"))
print(int("123456789" * 4), int("-" + "9" * 30) + 1)
print(int("ffffffffffffffffffff", 16), int("1" * 70, 2))
n = 9223372036854775807  # i64 max
print(n + 1, n * 2, -n - 1, -n - 2, (n + 1) // 2, n * n)
print(-(-n - 1), abs(-n - 1))
print(type(n + 1).__name__, (n + 1) - 1 == n)
x = 1
for _ in range(100):
    x = x * 3 + 1
print(x % 1000007, x.bit_length())
print(f50 == fact(50), f50 != f50 + 1, hash(f50) == hash(fact(50)))
print(sorted([10 ** 20, -10 ** 20, 5, 10 ** 19, -3]))
print(max(2 ** 70, 2 ** 69), min(-(2 ** 70), 0))
print(float(2 ** 80), int(1e20), int(-1.5e19))
print(str(10 ** 40)[::-1][:5], (10 ** 40 + 1) % 10)
print(divmod(fact(30), fact(28)), fact(30) % 1000)
print((2 ** 127 - 1) % 2 ** 32, (2 ** 100).to_bytes(13, "big").hex())
print(int.from_bytes(b"\x01\x00\x00\x00\x00\x00\x00\x00\x00", "big"))
