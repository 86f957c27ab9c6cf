# hmac: new/update/digest/copy with named digests (builtin _hmac), hmac.digest, compare_digest
import hashlib
import hmac

for name in ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_256', 'blake2b', 'blake2s']:
    h = hmac.new(b'key', b'The quick brown fox', name)
    print(h.name, h.digest_size, h.block_size, h.hexdigest())
    print(' ', hmac.digest(b'key', b'The quick brown fox', name) == h.digest())
print(hmac.new(b'k' * 200, b'msg', 'sha512').hexdigest())
print(hmac.new(b'Jefe', b'what do ya want for nothing?', digestmod='SHA256').hexdigest())
h = hmac.new(b'key', digestmod='sha256')
h.update(b'm')
c = h.copy()
h.update(b'sg')
c.update(bytearray(b'sg'))
print(h.hexdigest() == c.hexdigest() == hmac.new(b'key', b'msg', 'sha256').hexdigest())
print(h.hexdigest() == h.hexdigest(), hmac.new(bytearray(b'key'), memoryview(b'msg'), 'sha1').hexdigest())
print(hmac.digest(b'key', b'msg', 'md5').hex(), hmac.digest(b'k' * 100, b'', 'sha384').hex()[:32])
print(hmac.compare_digest(b'abc', b'abc'), hmac.compare_digest(b'abc', b'abd'), hmac.compare_digest(b'ab', b'abc'))
print(hmac.compare_digest('abc', 'abc'), hmac.compare_digest(bytearray(b'a'), memoryview(b'a')))

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ':', e)

t(lambda: hmac.compare_digest('abc', b'abc'))
t(lambda: hmac.compare_digest('é', 'é'))
t(lambda: hmac.compare_digest(1, 2))
t(lambda: hmac.new('key', b'x', 'sha256'))
t(lambda: hmac.new(b'key', 'text', 'sha256'))
t(lambda: hmac.new(b'key', b'x', 'sha256').update('text'))
