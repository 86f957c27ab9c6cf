# open() on descriptors 0/1/2: stdin read through open(0), output through fd 1 (flushed in order)
import io
import sys

print('first')
sys.stdout.flush()
out = open(1, 'w', closefd=False)
n = out.write('via fd 1\n')
out.flush()
print(n, out.name, out.mode, out.buffer.raw.closefd, out.readable(), out.writable())
sys.stdout.flush()
b = open(sys.stdout.fileno(), 'wb', closefd=False)
n = b.write(b'bytes out\n')
b.flush()
print(n, type(b).__name__, b.raw)
inp = open(0)
print(repr(inp.readline()), [line.upper() for line in inp], inp.name)
try:
    open(5)
except OSError as e:
    print(type(e).__name__)
try:
    out.read()
except io.UnsupportedOperation as e:
    print(type(e).__name__, e)
sys.stdout.flush()
raw = io.FileIO(1, 'w', closefd=False)
raw.write(b'raw write\n')
raw.close()
print(raw.closed)
sys.stdout.flush()
late = open(1, 'w', closefd=False)
late.write('written when the file is finalized\n')
