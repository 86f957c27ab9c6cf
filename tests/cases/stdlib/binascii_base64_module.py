# base64 (Lib/base64.py on _struct and binascii): every codec round-trips; bad input raises
import base64
import binascii

data = bytes(range(0, 256, 7)) + b'hello world'
for enc, dec in [(base64.b64encode, base64.b64decode), (base64.urlsafe_b64encode, base64.urlsafe_b64decode),
                 (base64.b32encode, base64.b32decode), (base64.b32hexencode, base64.b32hexdecode),
                 (base64.b16encode, base64.b16decode), (base64.b85encode, base64.b85decode),
                 (base64.a85encode, base64.a85decode), (base64.standard_b64encode, base64.standard_b64decode)]:
    e = enc(data)
    print(enc.__name__, e, dec(e) == data)
print(base64.b64encode(b'\xfb\xff', altchars=b'-_'), base64.b64decode('-_8=', altchars='-_'))
print(base64.b32decode(b'mfrgg===', casefold=True), base64.b16decode(b'cafe', casefold=True))
print(base64.a85encode(b'hello', adobe=True, wrapcol=5), base64.a85encode(b'\0' * 8), base64.b85encode(b'abc', pad=True))
print(base64.encodebytes(b'x' * 60), base64.decodebytes(b'eHh4\n'))

def t(f):
    try:
        print(repr(f()))
    except (binascii.Error, ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)

t(lambda: base64.b64decode(b'YWJj!', validate=True))
t(lambda: base64.b64decode('YWJ'))
t(lambda: base64.b32decode(b'MFRGG'))
t(lambda: base64.b16decode(b'zz'))
t(lambda: base64.b85decode(b'|NsC0~'))
t(lambda: base64.b64encode('text'))
