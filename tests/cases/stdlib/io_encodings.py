# Text files in several encodings: BOMs written once and skipped, errors handlers, append without BOM
import io

P = '/tmp/rupy_case_io_encodings.txt'
for enc in ('utf-8', 'utf-8-sig', 'utf-16', 'utf-32', 'utf-16-be', 'latin-1', 'cp437'):
    with open(P, 'w', encoding=enc) as f:
        f.write('ab\n')
        f.write('ç\n')
    with open(P, 'a', encoding=enc) as f:
        f.write('z')
    with open(P, 'rb') as f:
        raw = f.read()
    with open(P, encoding=enc) as f:
        lines = f.readlines()
        f.seek(0)
        first = f.read(1)
    print(enc, raw, lines, first)
t = io.TextIOWrapper(io.BytesIO('ab€'.encode('utf-16')), encoding='utf-16')
print([t.read(1) for _ in range(4)])
with open(P, 'w', encoding='ascii', errors='backslashreplace') as f:
    f.write('é€\n')
with open(P, 'w', encoding='latin-1', errors='xmlcharrefreplace') as f:
    f.write('é€\n')
print(open(P, 'rb').read())
with open(P, 'wb') as f:
    f.write(b'ok\xff\xfeend\n')
for errors in ('replace', 'ignore', 'backslashreplace'):
    with open(P, encoding='utf-8', errors=errors) as f:
        print(errors, ascii(f.read()))
with open(P, encoding='utf-8') as f:
    try:
        f.read()
    except UnicodeDecodeError as e:
        print(type(e).__name__, e.start, e.end, e.reason)
with open(P, 'w', encoding='ascii') as f:
    try:
        f.write('naïve')
    except UnicodeEncodeError as e:
        print(type(e).__name__, e.start, e.reason)
b = io.BytesIO(b'binary data')
v = b.getbuffer()
print(v.nbytes, bytes(v[:3]))
v[0] = ord('B')
print(b.getvalue())
del v
