# io.BytesIO: read/readline/readinto/write/seek/tell/truncate/iteration, closed and bad arguments
import io

b = io.BytesIO(b"first\nsecond\nthird")
print(b.read(3), b.readline(), b.tell(), b.readlines())
b.seek(0)
print(list(b), b.read(), b.read(5))
b = io.BytesIO()
print(b.write(b"abc"), b.write(bytearray(b"de")), b.write(memoryview(b"f")), b.getvalue())
print(b.seek(8), b.write(b"Z"), b.getvalue(), b.tell())
print(b.seek(-2, 2), b.read(), b.seek(-100, 1), b.truncate(3), b.getvalue(), b.tell())
buf = bytearray(5)
b.seek(1)
print(b.readinto(buf), buf, b.read1(), b.readline(1))
mv = memoryview(buf)
print(io.BytesIO(b"xyz").readinto(mv[1:3]), buf)
print(io.BytesIO(b"ab\ncd\nef").readlines(3), io.BytesIO(b"xyz").readline(2))
print(b.readable(), b.writable(), b.seekable(), b.isatty(), b.closed)
print(isinstance(b, io.BufferedIOBase), isinstance(b, io.IOBase), isinstance(b, io.TextIOBase))
with io.BytesIO(b"ctx") as c:
    print(c.read())
print(c.closed)
for f in (c.read, c.getvalue, c.tell, lambda: c.write(b"x"), lambda: c.seek(0), c.readline, lambda: iter(c)):
    try:
        f()
    except ValueError as e:
        print(type(e).__name__, e)
for f in (lambda: b.write("str"), lambda: b.seek(-1), lambda: b.seek(0, 5), lambda: b.truncate(-2),
          lambda: io.BytesIO("text"), b.fileno, lambda: b.read("x")):
    try:
        f()
    except (TypeError, ValueError, OSError) as e:
        print(type(e).__name__, e, isinstance(e, io.UnsupportedOperation))
class Sub(io.BytesIO):
    def readline(self, size=-1):
        return super().readline(size).upper()
print(list(Sub(b"ab\ncd")))
