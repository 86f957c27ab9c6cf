# hashlib (Lib/hashlib.py on _md5, _sha1, _sha2, _sha3, _blake2): digests, attributes, copy, errors
import hashlib

names = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256',
         'sha3_384', 'sha3_512', 'blake2b', 'blake2s']
for name in names:
    h = getattr(hashlib, name)(b'abc')
    h2 = h.copy()
    h2.update(b'def')
    h3 = hashlib.new(name, b'abcdef', usedforsecurity=False)
    print(h.name, h.digest_size, h.block_size, h.hexdigest())
    print(' ', h2.hexdigest() == h3.hexdigest(), h.digest() == bytes.fromhex(h.hexdigest()), h.hexdigest() == h.hexdigest())
big = bytes(range(256)) * 4096
print(hashlib.sha256(big).hexdigest(), hashlib.md5(memoryview(big)).hexdigest())
h = hashlib.sha1()
for i in range(0, len(big), 1000):
    h.update(big[i:i + 1000])
print(h.hexdigest() == hashlib.sha1(big).hexdigest(), hashlib.new('SHA256').name, hashlib.new('MD5').name)
for name in ['shake_128', 'shake_256']:
    h = hashlib.new(name, b'abc')
    print(h.name, h.digest_size, h.block_size, h.hexdigest(20), h.digest(5), h.copy().hexdigest(0))
print(hashlib.blake2b(b'abc', digest_size=16, key=b'k', salt=b's', person=b'p').hexdigest())
print(hashlib.blake2s(b'abc', key=b'key').hexdigest(), hashlib.blake2s(digest_size=5).digest_size)
print(hashlib.blake2s(b'abc', salt=b'12345678', person=b'abcdefgh').hexdigest())
print(hashlib.blake2b(b'', key=b'x' * 64, salt=b's' * 16, person=b'p' * 16).hexdigest())
print(hashlib.blake2b.SALT_SIZE, hashlib.blake2b.PERSON_SIZE, hashlib.blake2s.MAX_KEY_SIZE, hashlib.blake2s.MAX_DIGEST_SIZE)
print(sorted(hashlib.algorithms_guaranteed))

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ':', e)

t(lambda: hashlib.new('nope'))
t(lambda: hashlib.sha256('text'))
t(lambda: hashlib.md5().update('text'))
t(lambda: hashlib.sha1(1))
t(lambda: hashlib.blake2b(digest_size=65))
t(lambda: hashlib.blake2s(digest_size=0))
t(lambda: hashlib.blake2b(salt=b'x' * 17))
t(lambda: hashlib.blake2s(person=b'x' * 9))
t(lambda: hashlib.blake2b(key=b'x' * 65))
t(lambda: hashlib.blake2b(fanout=256))
t(lambda: hashlib.blake2b(depth=0))
t(lambda: hashlib.blake2b(node_depth=256))
t(lambda: hashlib.blake2b(inner_size=65))
t(lambda: hashlib.blake2b(b'a', b'b'))
