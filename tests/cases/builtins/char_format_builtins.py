# ord/chr/hex/oct/bin/format/repr/ascii builtins and str(), including negative numbers, large values and format specs.
print(ord("a"), ord("€"), ord("🙂"), chr(97), chr(8364), chr(128578), chr(0x10FFFF) == "\U0010ffff")
try:
    chr(-1)
except ValueError:
    print("ValueError for chr(-1)")
try:
    ord("ab")
except TypeError:
    print("TypeError for ord of 2 chars")
print(hex(0), hex(255), hex(-255), hex(2 ** 70), oct(8), oct(-8), bin(5), bin(-5), bin(0))
print(format(3.14159, ".2f"), format(42, "5d"), format(42, "<5") + "|", format("s", ">3"), format(1234567, ","), format(0.5, "%"))
print(format(255, "x"), format(255, "#06x"), format(-1, "+"), format(1e-5), format(12.0), format(True), format(None))
print(format(10, "b"), format(10, "o"), format(65, "c"), format(3, "03"), format(1.0, "e"), format(2 ** 64, "_x"))
print(repr(1), repr(1.0), repr("a'b"), repr([1, "2", 3.0]), repr((1,)), repr({1: "a"}), repr(None), repr(...))
print(ascii("plain"), ascii("ñ"), ascii("日本"), ascii(["é"]), repr("ñ"))
print(str(-0), str(10 ** 21), str(1e21), str(1e-7), str(0.1 + 0.7), str(3.0e-5))
print([chr(ord(c) ^ 32) for c in "aBc"], "".join(chr(ord("a") + i) for i in range(26)))
word = "python"
shifted = "".join(chr((ord(ch) - 97 + 13) % 26 + 97) for ch in word)
print(shifted, "".join(chr((ord(ch) - 97 + 13) % 26 + 97) for ch in shifted))
print(int(hex(12345), 16), int(oct(12345), 8), int(bin(12345), 2))
print("{:>10}".format(format(1.5, ".3f")), f"{ord('x'):08b}", f"{255:#o}")
for v in (0, 1, -1, 127, 128, 65535):
    print(f"{v:>6} {v:>8x} {v:>12b} {hex(v):>7}")
