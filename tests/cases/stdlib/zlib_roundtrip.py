# zlib: one-shot and streaming round trips in every container (zlib, raw, gzip, auto), checksums
import zlib

data = bytes(range(256)) * 40 + b'tail' * 500
for w in [15, 9, -15, -9, 31, 25]:
    for level in [-1, 0, 1, 9]:
        c = zlib.compress(data, level, w)
        auto = zlib.decompress(c, 47) == data if w > 0 else None
        print(w, level, zlib.decompress(c, w) == data, auto, zlib.decompress(c, w, bufsize=1) == data)
print(zlib.compress(b'') != b'', zlib.decompress(zlib.compress(b'')), zlib.decompress(zlib.compress(data), wbits=0) == data)
for strategy in range(5):
    for mem_level in (1, 9):
        co = zlib.compressobj(6, zlib.DEFLATED, -12, mem_level, strategy)
        print(strategy, mem_level, zlib.decompress(co.compress(data) + co.flush(), -12) == data)
co = zlib.compressobj(zdict=b'tail tail')
c = co.compress(b'tail tail tail') + co.flush()
print(zlib.decompressobj(zdict=b'tail tail').decompress(c), zlib.decompressobj(-15, zdict=b'ab').decompress(b''))
co = zlib.compressobj(wbits=-15, zdict=b'tail tail')
c = co.compress(b'tail tail tail') + co.flush()
print(zlib.decompressobj(-15, zdict=bytearray(b'tail tail')).decompress(c))
# A stream fed in pieces, flushed midway, copied; the copy finishes on its own.
co = zlib.compressobj()
parts = [co.compress(data[:1000]), co.flush(zlib.Z_SYNC_FLUSH), co.compress(data[1000:])]
cp = co.copy()
parts.append(co.flush())
print(b''.join(parts) == b''.join(parts[:3]) + cp.flush(), zlib.decompress(b''.join(parts)) == data)
print(co.flush(zlib.Z_NO_FLUSH), co.flush(zlib.Z_NO_FLUSH))
d = zlib.decompressobj()
out = d.decompress(zlib.compress(data), 100)
print(len(out), len(d.unconsumed_tail) > 0, d.eof)
dc = d.copy()
while d.unconsumed_tail:
    out += d.decompress(d.unconsumed_tail, 5000)
print(out == data, d.eof, d.unused_data, d.flush(), d.eof)
rest = dc.decompress(dc.unconsumed_tail) + dc.flush()
print(len(rest), dc.eof)
d = zlib.decompressobj()
print(d.decompress(zlib.compress(b'hi') + b'extra'), d.eof, d.unused_data, d.unconsumed_tail)
print(d.decompress(b'more'), d.unused_data, d.flush(), d.eof)
print(zlib.crc32(data), zlib.adler32(data), zlib.crc32(b'abc', -1), zlib.adler32(b'abc', 2**40))
print(zlib.crc32(data[100:], zlib.crc32(data[:100])) == zlib.crc32(data), zlib.adler32(b''), zlib.crc32(b''))
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.DEF_MEM_LEVEL, zlib.DEF_BUF_SIZE, zlib.Z_BEST_COMPRESSION, zlib.Z_FINISH, zlib.Z_RLE)
print(type(zlib.ZLIB_VERSION), zlib.ZLIB_RUNTIME_VERSION[0], type(zlib.compressobj()).__name__, type(zlib.decompressobj()).__name__)
