# open() argument checking and OS errors; unsupported operations on files opened one way
import io

P = '/tmp/rupy_case_io_open_errors.txt'
with open(P, 'w') as f:
    f.write('data\n')
for mode in ('rw', 'rz', '', 'b', 'rr', 'r+b+', 'tb', 'U', 'wa', 'x+r'):
    try:
        open(P, mode)
    except ValueError as e:
        print(repr(mode), type(e).__name__, e)
for kw in ({'newline': 'x'}, {'encoding': 'nope'}, {'buffering': 0},
           {'mode': 'rb', 'encoding': 'utf-8'}, {'mode': 'rb', 'newline': ''},
           {'mode': 'rb', 'errors': 'strict'}, {'mode': 5}, {'encoding': 5}):
    try:
        open(P, **kw)
    except (ValueError, LookupError, TypeError) as e:
        print(sorted(kw), type(e).__name__, e)
for bad in ([], 1.5, None):
    try:
        open(bad)
    except TypeError as e:
        print(type(e).__name__, e)
try:
    open('/nonexistent/dir/file')
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename, isinstance(e, FileNotFoundError))
try:
    open('/tmp')
except OSError as e:
    print(type(e).__name__, e.errno, e.filename)
try:
    open(P, 'x')
except FileExistsError as e:
    print(type(e).__name__, e.errno, e.filename)
with open(P) as f:
    for g in (lambda: f.write('x'), f.fileno and (lambda: f.buffer.write(b'x')), f.detach and (lambda: f.buffer.raw.write(b'x'))):
        try:
            g()
        except io.UnsupportedOperation as e:
            print(type(e).__name__, e, isinstance(e, OSError), isinstance(e, ValueError))
with open(P, 'w') as f:
    try:
        f.read()
    except io.UnsupportedOperation as e:
        print(type(e).__name__, e)
    try:
        f.write(b'bytes')
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        f.seek(1, 1)
    except io.UnsupportedOperation as e:
        print(type(e).__name__, e)
with open(P, 'wb') as f:
    try:
        f.write('text')
    except TypeError as e:
        print(type(e).__name__, e)
print(open is io.open, io.DEFAULT_BUFFER_SIZE, io.text_encoding(None), io.text_encoding('latin-1'))
