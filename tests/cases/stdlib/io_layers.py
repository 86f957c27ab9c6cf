# TextIOWrapper/Buffered*/BufferedRWPair/IncrementalNewlineDecoder over in-memory and Python raw streams
import io

t = io.TextIOWrapper(io.BytesIO('a€b\r\nc\rd'.encode()), encoding='utf-8')
print(t.read(2), repr(t.readline()), t.readlines(), t.newlines, t.encoding, t.errors)
t = io.TextIOWrapper(io.BytesIO(b'x\r\ny'), encoding='latin-1', newline='')
print(list(t), repr(t.newlines))
t = io.TextIOWrapper(io.BytesIO(), encoding='utf-8', newline='\r\n', line_buffering=True)
print(t.write('x\ny\n'), t.buffer.getvalue(), t.line_buffering, t.write_through)
t.reconfigure(line_buffering=False, errors='replace')
print(t.line_buffering, t.errors, t.tell())
raw = t.detach()
print(type(raw).__name__, raw.getvalue())
for g in (lambda: t.write('x'), t.read):
    try:
        g()
    except ValueError as e:
        print(type(e).__name__, e)
try:
    io.TextIOWrapper(io.BytesIO(), encoding='utf-8').write(b'x')
except TypeError as e:
    print(type(e).__name__, e)
try:
    io.TextIOWrapper(io.BytesIO(b'\xff'), encoding='utf-8').read()
except UnicodeDecodeError as e:
    print(type(e).__name__, e.reason)
print(io.TextIOWrapper(io.BytesIO(b'\xffok'), encoding='utf-8', errors='replace').read())
b = io.BufferedReader(io.BytesIO(b'xyz\n12'), buffer_size=2)
print(b.peek(1)[:1], b.read(1), list(b), b.read(), type(b.raw).__name__)
w = io.BufferedWriter(io.BytesIO())
print(w.write(b'data'), w.raw.getvalue(), w.flush(), w.raw.getvalue(), w.tell())
rw = io.BufferedRandom(io.BytesIO(b'0123456789'))
print(rw.read(3), rw.write(b'AB'), rw.tell(), rw.seek(0), rw.read(), rw.raw.getvalue())
p = io.BufferedRWPair(io.BytesIO(b'in\ndata'), io.BytesIO())
print(p.readline(), p.write(b'out'), p.read(), p.readable(), p.writable(), p.closed)
try:
    io.BufferedReader(io.BytesIO(), buffer_size=0)
except ValueError as e:
    print(type(e).__name__, e)
d = io.IncrementalNewlineDecoder(None, translate=True)
print(repr(d.decode('a\r')), repr(d.decode('\nb\r')), repr(d.decode('', final=True)), d.newlines, d.getstate())
d.reset()
print(d.newlines, d.getstate())
class Raw(io.RawIOBase):
    def __init__(self):
        self.d = b'raw\ndata\nend'
    def readable(self):
        return True
    def readinto(self, b):
        n = min(len(b), len(self.d), 3)
        b[:n] = self.d[:n]
        self.d = self.d[n:]
        return n
r = Raw()
print(r.read(2), r.readline(), r.readall(), r.closed, isinstance(r, io.IOBase))
r.close()
print(r.closed)
print(list(io.TextIOWrapper(io.BufferedReader(Raw()), encoding='utf-8')))
for cls in (io.IOBase, io.RawIOBase, io.BufferedIOBase, io.TextIOBase):
    print(cls.__name__, [m for m in ('read', 'readinto', 'write', 'seek', 'fileno') if hasattr(cls, m)])
