# os.scandir: DirEntry type tests with and without following symlinks (dir, file, links, dangling), stat caching, iterator close
import os
base = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'rupy_os_scandir_%d' % os.getpid())
os.mkdir(base)
os.chdir(base)
os.mkdir('d')
open('f', 'w').close()
os.symlink('d', 'ld')
os.symlink('f', 'lf')
os.symlink('nope', 'dangling')
for e in sorted(os.scandir('.'), key=lambda e: e.name):
    r = [e.name, e.is_dir(), e.is_dir(follow_symlinks=False), e.is_file(), e.is_file(follow_symlinks=False), e.is_symlink()]
    try:
        r.append(oct(e.stat().st_mode)[:4])
    except OSError as x:
        r.append(type(x).__name__)
    r.append(oct(e.stat(follow_symlinks=False).st_mode)[:4])
    print(r)
it = os.scandir()
print(type(it).__name__)
it.close()
print(list(it))
try:
    os.DirEntry()
except TypeError as e:
    print(e)
e = next(os.scandir())
print(isinstance(e, os.PathLike), os.path.join('x', e) .startswith('x/'))
try:
    e.name = 'x'
except AttributeError as x:
    print('AttributeError')
st = e.stat()
print(e.stat() is st, e.stat(follow_symlinks=False) is e.stat(follow_symlinks=False))
with os.scandir(b'.') as it:
    print(sorted(x.name for x in it))
os.chdir('/')
for n in ['ld', 'lf', 'dangling', 'f']:
    os.unlink(os.path.join(base, n))
os.rmdir(os.path.join(base, 'd'))
os.rmdir(base)
