# zlib._ZlibDecompressor (3.12+, what gzip reads with): max_length, needs_input, eof, errors
import zlib

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ':', e)

c = zlib.compress(b'hello world' * 100)
dz = zlib._ZlibDecompressor()
print(dz.decompress(c[:10], 5), dz.needs_input, dz.eof)
print(dz.decompress(b'', 5), dz.needs_input, dz.eof)
print(dz.decompress(b'', 0), dz.needs_input)
print(len(dz.decompress(c[10:] + b'junk')), dz.needs_input, dz.eof, dz.unused_data)
t(lambda: dz.decompress(b''))
raw = zlib.compressobj(wbits=-15)
r = raw.compress(b'abc' * 1000) + raw.flush()
dz = zlib._ZlibDecompressor(wbits=-15)
out, calls = b'', 0
while not dz.eof and calls < 1000:
    calls += 1
    if dz.needs_input:
        piece, r = r[:7], r[7:]
    else:
        piece = b''
    chunk = dz.decompress(piece, 999)
    assert len(chunk) <= 999
    out += chunk
print(len(out), out == b'abc' * 1000, dz.eof, dz.needs_input)
for w in (31, 47):
    gz = zlib.compressobj(wbits=31)
    g = gz.compress(b'gzip data') + gz.flush()
    print(w, zlib._ZlibDecompressor(wbits=w).decompress(g))
t(lambda: zlib._ZlibDecompressor().decompress(b'xyz'))
t(lambda: zlib._ZlibDecompressor(wbits=99))
