# os: exception classes, errno/strerror/filename attributes, messages and argument type errors
import os, errno
class P:
    def __init__(self, p): self.p = p
    def __fspath__(self): return self.p
    def __repr__(self): return 'P(%r)' % self.p
base = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'rupy_os_err_%d' % os.getpid())
os.mkdir(base)
os.chdir(base)
open('file', 'w').close()
os.mkdir('dir')
open('dir/inner', 'w').close()
cases = [
    lambda: os.stat('nope'), lambda: os.lstat(b'nope'), lambda: os.stat(P('nope')),
    lambda: os.mkdir('dir'), lambda: os.rmdir('dir'), lambda: os.rmdir('file'),
    lambda: os.listdir('file'), lambda: os.unlink('dir'), lambda: os.rename('nope', 'other'),
    lambda: os.link('nope', 'x'), lambda: os.symlink('file', 'dir'), lambda: os.readlink('file'),
    lambda: os.chdir('nope'), lambda: os.chmod('nope', 0o644),
    lambda: os.open('nope', os.O_RDONLY), lambda: os.scandir('nope'),
    lambda: os.stat([]), lambda: os.listdir(1.5), lambda: os.mkdir(None),
    lambda: os.rename('a', 3), lambda: os.fspath(3),
    lambda: os.fspath(P(3)), lambda: os.urandom(-1), lambda: os.utime('file', (1, 2), ns=(1, 2)),
    lambda: os.putenv('', 'x'), lambda: os.putenv('A=B', 'x'),
]
for c in cases:
    try:
        c()
        print('no error')
    except OSError as e:
        print(type(e).__name__, e.errno, errno.errorcode[e.errno], repr(e.strerror), repr(e.filename), repr(e.filename2), e.args)
        print('  ', e)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(os.fspath('s'), os.fspath(b'b'), os.fspath(P('p')))
print(os.strerror(errno.ENOENT), os.strerror(errno.EACCES), os.strerror(0))
print(errno.EAGAIN == errno.EWOULDBLOCK, errno.errorcode[errno.EEXIST], len(os.urandom(16)))
e = OSError(2, 'msg', 'f', None, 'g')
print(type(e).__name__, e, e.args, e.filename2)
print(OSError(1, 'x').filename, OSError('just text'), OSError('a', 'b', 'c', 'd', 'e', 'f').args)
print(isinstance(OSError(13, 'denied'), PermissionError), os.error is OSError)
os.chdir('/')
for n in ['dir/inner', 'file']:
    os.unlink(os.path.join(base, n))
os.rmdir(os.path.join(base, 'dir'))
os.rmdir(base)
