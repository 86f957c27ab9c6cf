# Floor division, modulo and divmod signs for ints and floats, and the identity a == (a//b)*b + a%b.
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (0, -5), (1, 7), (-1, 7), (13, 13), (-13, 13)]
for a, b in pairs:
    q, r = a // b, a % b
    assert (q, r) == divmod(a, b)
    assert q * b + r == a
    print(f"{a:>4} // {b:>3} = {q:>3}   {a:>4} % {b:>3} = {r:>3}")

fpairs = [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2.0), (5.0, 0.5), (-0.5, 3)]
for a, b in fpairs:
    print(a, "//", b, "=", a // b, "|", a, "%", b, "=", a % b, "|", divmod(a, b))

# modulo result takes the sign of the divisor
print(-1 % 10, 1 % -10, -11 % 10, 11 % -10)
print(-0.0 % 5, 0.0 % -5)
# big operands mixed with small
big = 10 ** 30 + 7
print(big // 7, big % 7, (-big) // 7, (-big) % 7)
print(divmod(-big, 10 ** 15))
print(divmod(big, -3))
# bool participates as int
print(True // 2, True % 2, divmod(True, True))
# in-place forms
x = -17
x //= 5
print(x)
x %= 3
print(x)
y = 17.25
y //= -4
print(y)
y %= 2.5
print(y)
