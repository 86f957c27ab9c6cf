# io.StringIO: write/read/readline/iteration/seek/tell/truncate, newline modes, errors
import io

s = io.StringIO("héllo\nworld\nlast")
print(s.read(3), s.tell(), repr(s.readline()), s.readlines())
s.seek(0)
print([line for line in s], s.read() == "")
s = io.StringIO()
print(s.write("abc"), s.write("def\n"), s.getvalue(), s.tell())
s.seek(10)
s.write("Z")
print(repr(s.getvalue()), s.seek(0, 2), s.truncate(4), repr(s.getvalue()), s.tell())
print(s.readable(), s.writable(), s.seekable(), s.isatty(), s.line_buffering, s.closed)
print(repr(io.StringIO("a\r\nb\rc\n", newline=None).getvalue()))
u = io.StringIO("a\r\nb\rc\nd", newline="")
print(u.readlines(), repr(u.newlines))
t = io.StringIO(newline=None)
t.write("x\r\ny\n")
print(repr(t.getvalue()), t.newlines)
print(repr(io.StringIO("1\n2\n", newline="\r\n").getvalue()))
print(io.StringIO("ab\rcd\r", newline="\r").readlines())
print(io.StringIO("one two\nthree").readline(5))
print(isinstance(s, io.TextIOBase), isinstance(s, io.IOBase), isinstance(s, io.BufferedIOBase))
with io.StringIO("ctx") as c:
    print(c.read())
print(c.closed)
for f in (c.read, c.getvalue, c.tell, lambda: c.write("x"), lambda: c.seek(0), c.readline):
    try:
        f()
    except ValueError as e:
        print(type(e).__name__, e)
s = io.StringIO()
for args in [(1,), ("x", "bad"), (None, 5)]:
    try:
        io.StringIO(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
for f in (lambda: s.write(5), lambda: s.seek(-1), lambda: s.seek(1, 1), lambda: s.seek(0, 3),
          lambda: s.truncate(-1), s.fileno, s.detach):
    try:
        f()
    except (TypeError, ValueError, OSError) as e:
        print(type(e).__name__, e, isinstance(e, io.UnsupportedOperation))
class Sub(io.StringIO):
    def __init__(self, v):
        super().__init__(v.upper())
print(Sub("abc\ndef").readlines(), Sub.__mro__[1])
for h in (0, 1, 2, 3, 4, None):
    print(h, io.StringIO('a\nbb\nc\n').readlines(h), io.BytesIO(b'a\nbb\nc\n').readlines(h))
