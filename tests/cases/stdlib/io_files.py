# open()/FileIO/Buffered*/TextIOWrapper on a real file: modes, newlines, seek/tell, buffering, closed errors
import io

P = '/tmp/rupy_case_io_files.txt'
with open(P, 'w') as f:
    print(f.write('héllo\nworld\r\nthird\rlast'), f.name, f.mode, f.encoding, f.tell())
    print(type(f).__name__, type(f.buffer).__name__, type(f.buffer.raw).__name__, f.buffer.raw.mode)
    print(f.readable(), f.writable(), f.seekable(), f.closed, f.line_buffering)
print(f.closed, f.buffer.closed, f.buffer.raw.closed)
with open(P) as f:
    print(f.readlines(), f.newlines)
with open(P, newline='') as f:
    print(list(f))
with open(P, newline='\r') as f:
    print(f.readlines())
with open(P, 'rb') as f:
    print(f.read(3), f.read1(2), f.readline(), f.tell(), f.seek(0), f.read(), f.read())
with open(P) as f:
    print(f.read(4), f.tell(), repr(f.readline()), f.tell())
    f.seek(0)
    print(repr(f.read(8)), f.seek(0, 2), repr(f.read()))
with open(P, 'a') as f:
    f.write('\nappended')
with open(P, encoding='latin-1') as f:
    print(f.read().splitlines())
with open(P, 'w+b') as f:
    f.write(b'abc\ndef')
    f.seek(0)
    print(f.readline(), f.read(), f.tell(), f.truncate(2), f.seek(0), f.read())
with open(P, 'w', encoding='ascii', errors='replace') as f:
    f.write('é-ok\n')
with open(P, 'rb', buffering=0) as f:
    print(type(f).__name__, f.read(), f.readall())
with io.open_code(P) as c:
    print(type(c).__name__, c.mode, c.readinto(memoryview(bytearray(4))[1:]))
r = io.FileIO(P)
print(r.read(2), r.readable(), r.writable(), r.mode, r.closefd)
r.close()
print(r.closed, repr(r))
for what, g in [('FileIO.read', r.read), ('FileIO.write', lambda: r.write(b'x'))]:
    try:
        g()
    except ValueError as e:
        print(what, type(e).__name__, e)
b = open(P, 'rb')
b.close()
for name in ('read', 'readline', 'peek', 'seek', 'flush'):
    try:
        getattr(b, name)(0) if name == 'seek' else getattr(b, name)()
    except ValueError as e:
        print(name, e)
t = open(P)
t.close()
for g in (t.read, t.readline, lambda: t.write('x'), t.tell, t.flush, lambda: next(t)):
    try:
        g()
    except ValueError as e:
        print(type(e).__name__, e)
