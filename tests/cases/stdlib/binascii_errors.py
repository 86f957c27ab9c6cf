# binascii: bad input raises binascii.Error (a ValueError) or TypeError with CPython's messages
import binascii as b

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ':', e, isinstance(e, ValueError))

t(lambda: b.a2b_hex('abc'))
t(lambda: b.a2b_hex('zz'))
t(lambda: b.a2b_hex('é'))
t(lambda: b.a2b_hex(1))
t(lambda: b.unhexlify())
t(lambda: b.hexlify('abc'))
t(lambda: b.hexlify(b'abc', 'ab'))
t(lambda: b.hexlify(b'abc', b''))
t(lambda: b.hexlify(b'abc', [1]))
for s in [b'YWJ', b'Y', b'YWJjZ', b'=YQ==', b'Y!Q==', b'YQ=a=', b'YQ===', b'YQ==x', b'====']:
    t(lambda: b.a2b_base64(s))
    t(lambda: b.a2b_base64(s, strict_mode=True))
t(lambda: b.a2b_base64(b'YWJj', True))
t(lambda: b.b2a_base64('x'))
t(lambda: b.b2a_base64(b'a', b'b'))
t(lambda: b.b2a_uu(b'a' * 46))
t(lambda: b.a2b_uu(b'#86)C  x'))
t(lambda: b.a2b_uu(b'#8\x016)C'))
t(lambda: b.a2b_uu())
t(lambda: b.b2a_qp('text'))
t(lambda: b.b2a_qp(b'', 1, 1, 1, 1))
t(lambda: b.crc32('abc'))
t(lambda: b.crc32(b'abc', 1.5))
t(lambda: b.crc32(b'a', crc=1))
t(lambda: b.crc32())
t(lambda: b.crc_hqx(b'abc'))
