# bytes and bytearray basics: literals, indexing gives ints, slicing, methods, encode/decode round trips, repr.
b = b"hello\x00\xff world"
print(b, len(b), b[0], b[-1], b[1:5], b[::-1][:3], type(b[0]).__name__)
print(b"abc" + b"def", b"ab" * 3, b"b" in b"abc", 98 in b"abc", b"abc" < b"abd")
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("é", "utf-8"), list(b"AZ"))
print(b"a,b,c".split(b","), b"  x ".strip(), b"-".join([b"1", b"2"]), b"Hello".upper(), b"abc".replace(b"b", b"B"))
print(b"hello".find(b"l"), b"hello".count(b"l"), b"hello".startswith(b"he"), b"hi".hex(), bytes.fromhex("4142 43"))
print(repr(b"quote'"), repr(b'\t\n\r'), repr(b"\x7f\x80"), str(b"x"))
s = "naïve ☃"
enc = s.encode("utf-8")
print(enc, len(enc), enc.decode("utf-8") == s, s.encode("latin-1", "replace"), s.encode("ascii", "ignore"))
try:
    b"\xff\xfe".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e.reason, e.start, e.end)
print(b"\xff".decode("utf-8", "replace"), b"\xe9".decode("latin-1"), "é".encode("utf-16-le"))
ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
ba += b"!"
print(ba, len(ba), bytes(ba), ba.pop(), ba)
del ba[0:2]
print(ba, ba.decode(), bytearray(2), bytearray([1, 2]) == b"\x01\x02")
try:
    b"abc"[0] = 1
except TypeError:
    print("bytes are immutable")
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
print(b"%d items, %s" % (3, b"ok"), b"abc".isalpha(), b"123".isdigit())
print(sorted(b"cab"), max(b"xyz"), sum(b"\x01\x02\x03"), bytes(reversed(b"abc")))
print(hash(b"same") == hash(b"same"), b"a" == "a", {b"k": 1}[b"k"])
