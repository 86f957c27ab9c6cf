# int()/float()/str() conversions: bases, underscores, whitespace, signs, errors, hex/oct/bin round trips, int literal forms.
print(int("42"), int("-17"), int("  +8  "), int("1_000_000"), int("0"), int("-0"))
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0), int("z", 36), int("777", 8))
print(int(3.9), int(-3.9), int(True), int(1e18), int("10", 2), int(" 0b11 ", 2))
print(0x1F, 0o17, 0b1010, 1_000, 0xdead_beef, 00, 1e3, 1_0.5, .5, 5., 0e0)
for bad in ["", "abc", "1.5", "1__0", "0x", " ", "١٢"]:
    try:
        print(repr(bad), "->", int(bad))
    except ValueError as e:
        print(repr(bad), "-> ValueError")
try:
    int("12", 1)
except ValueError as e:
    print("ValueError:", e)
for n in [0, 7, 255, -255, 2 ** 40]:
    print(n, hex(n), oct(n), bin(n), int(hex(n), 16) == n, int(bin(n), 0) == n)
print(float("1.5"), float(" -2 "), float("1e-3"), float(3), float("inf") > 0, float("-0.0"))
for bad in ["", "1.2.3", "e5", "nan?"]:
    try:
        float(bad)
    except ValueError as e:
        print("ValueError:", e)
print(str(255), str(-0.5), str(1e-9), str(123456789012345678), repr(1.0), repr(-1e16))
print(int("9" * 50) + 1 == 10 ** 50, str(-10 ** 25), int(str(2 ** 100)) == 2 ** 100)
print(format(255, "x"), format(255, "#b"), format(-10, "o"), "%x %o %X" % (3054, 8, 3054))
print(int.__name__, type(int("5")).__name__, isinstance(int("5"), int))
print((255).to_bytes(2, "little"), int.from_bytes(b"\xff\x00", "little"), (-1).to_bytes(2, "big", signed=True))
print((10).bit_length(), (0).bit_length(), (-8).bit_length(), (5).bit_count() if hasattr(int, "bit_count") else 2)
print(abs(-7), -(-7), +7, ~7, -7 // 2, int(-7 / 2), round(-7 / 2))
print(ord("A"), chr(ord("A") + 25), [chr(c) for c in range(ord("a"), ord("f"))])
print(bool(int("0")), str(True).lower(), float(int("3")), int(float("3.0")))
print(int("٣"), float("١.٥"), int("１２"))
