# struct: pack/unpack in every byte order, native alignment, calcsize, Struct, iter_unpack, pack_into
import struct

print(struct.pack('<hIq', -2, 7, -2**60))
print(struct.pack('>hIq', -2, 7, -2**60))
print(struct.pack('!HiQ', 65535, -1, 2**64 - 1))
print(struct.unpack('<hIq', struct.pack('<hIq', -2, 7, -2**60)))
print(struct.unpack('=bBhHiIlLqQ', bytes(range(1, 39))))
print(struct.calcsize('bhiqd'), struct.calcsize('@ci'), struct.calcsize('ci0q'), struct.calcsize('<ci'))
print(struct.calcsize('=l'), struct.calcsize('@l'), struct.calcsize('P'), struct.calcsize('nN'))
print(struct.pack('@bhi', 1, 2, 3))
print(struct.unpack('@bhiqd', struct.pack('@bhiqd', 1, -2, 3, -4, 5.5)))
print(struct.pack('<?c3s0s5p2x', [1], b'z', b'abcdef', b'', b'pascal string'))
print(struct.unpack('<?c3s5p', b'\x05zabc\x09abcd'))
print(struct.unpack('@QqNnP', b'\xff' * 40))
print(struct.pack('<e', 1.5), struct.pack('>e', -65504.0), struct.pack('<e', 5.960464477539063e-08))
print(struct.unpack('<eee', b'\x00\x7c\x00\xfc\x01\x00'))
print(struct.pack('<e', 2.9e-08), struct.pack('<e', 3e-08), struct.pack('<e', 65519.0))
print(struct.unpack('>fd', struct.pack('>fd', 0.1, 0.1)))
print(struct.pack('< 2h 3x\ti ', 1, 2, 3))
print(struct.pack(b'>h', 258), struct.unpack(b'<h', bytearray(b'ab')), struct.unpack('<h', memoryview(b'ab')))

class Idx:
    def __index__(self):
        return 42

print(struct.pack('<iQ', Idx(), True))
s = struct.Struct('<hI')
print(s.format, s.size, struct.Struct(b'>q').format)
print(s.pack(1, 2), s.unpack(b'\x01\x00\x02\x00\x00\x00'))
print(s.unpack_from(b'xx\x01\x00\x02\x00\x00\x00', 2), s.unpack_from(buffer=b'\x01\x00\x02\x00\x00\x00yy', offset=0))
print(struct.unpack_from('<h', b'abcd', -2))
print(list(struct.iter_unpack('<h', b'abcdef')))
it = struct.iter_unpack('>H', b'\x00\x01\x00\x02')
print(it.__length_hint__(), next(it), it.__length_hint__(), list(it))
buf = bytearray(8)
struct.pack_into('<hh', buf, 2, 1, -1)
s.pack_into(buf, -6, 3, 4)
print(buf)
mv = memoryview(bytearray(4))
struct.pack_into('>H', mv, 1, 0x1234)
print(mv.tobytes())
print(struct.pack('3x'), struct.pack('0p', b'abc'))
print(struct.error.__mro__[1:], struct.Struct)

class Pair(struct.Struct):
    def __init__(self, order):
        super().__init__(order + 'hh')
    def swap(self, data):
        a, b = self.unpack(data)
        return self.pack(b, a)

p = Pair('>')
print(type(p).__name__, p.format, p.size, p.swap(b'\x00\x01\x00\x02'), isinstance(p, struct.Struct))
