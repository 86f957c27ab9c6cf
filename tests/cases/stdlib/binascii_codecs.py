# binascii: hex (with sep), base64, uuencode and quoted-printable round trips, crc32 and crc_hqx
import binascii as b

data = bytes(range(0, 256, 9)) + b'hello world'
print(b.hexlify(data), b.b2a_hex(b'\x00\xff', sep='_'))
print(b.hexlify(b'abcdefg', b'-', 2), b.hexlify(b'abcdefg', ':', -2), b.hexlify(b'abc', '|', 9))
print(b.unhexlify('0aFF'), b.a2b_hex(bytearray(b'cafe')), b.unhexlify(b.hexlify(data)) == data)
for s in [b'', b'a', b'ab', b'abc', b'abcd', data]:
    e = b.b2a_base64(s)
    print(e, b.b2a_base64(s, newline=False) == e[:-1], b.a2b_base64(e) == s)
print(b.a2b_base64('YW Jj\nZA=='), b.a2b_base64(b'YQ==YQ=='), b.a2b_base64(b'YWJ!j'))
print(b.a2b_base64(b'YWJjZA==', strict_mode=True))
for s in [b'', b'x', b'Cat', bytes(range(45))]:
    u = b.b2a_uu(s)
    print(u, b.b2a_uu(s, backtick=True), b.a2b_uu(u) == s)
print(b.a2b_uu(b'#86)C\n'), b.a2b_uu(' '), b.a2b_uu(b'!80  \n'))
for s in [b'hello world \nfoo\tbar\t\r\nx.\n.\nend ', b'a b_c=d\xff', b'line1\r\nline2 \r\n',
          b'x' * 75 + b'=' + b'y' * 80 + b'\n' + b'z' * 76]:
    q = b.b2a_qp(s)
    print(q, b.a2b_qp(q) == s)
print(b.b2a_qp(b'a b_c\td\n', quotetabs=True, header=True), b.b2a_qp(b'a\r\nb\n', istext=False))
print(b.a2b_qp(b'a=3D=\r\nb=\nc=4x=41_=', header=True), b.a2b_qp('=e9t=C3=A9'), b.a2b_qp(b'==41=4'))
print(b.crc32(b'hello world'), b.crc32(b'world', b.crc32(b'hello ')), b.crc32(b'abc', -1), b.crc32(b'abc', 2**70 + 5))
print(b.crc_hqx(b'123456789', 0), b.crc_hqx(b'abc', -1), b.crc_hqx(b'', 0x12345))
print(b.Error.__mro__[1], b.Incomplete.__mro__[1])
