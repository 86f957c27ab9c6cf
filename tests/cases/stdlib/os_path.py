# os.path, os.environ and process helpers over posix: pure path functions, existence tests, environ mapping, struct sequences
import os, stat
print(os.name, os.sep, os.pathsep, os.curdir, os.pardir, os.devnull, os.linesep == '\n')
print(os.path.join('a', 'b', 'c.txt'), os.path.join('/a', '/b'), os.path.join(b'a', b'b'))
print(os.path.split('/x/y.py'), os.path.split('y'), os.path.splitext('y.tar.gz'), os.path.splitext('.bashrc'))
print(os.path.normpath('a//b/../c/./d'), os.path.normpath('/../x'), os.path.basename('/a/b'), os.path.dirname('/a/b'))
print(os.path.relpath('/a/b/c', '/a'), os.path.commonpath(['/a/b', '/a/c']), os.path.isabs('/x'), os.path.isabs('x'))
base = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'rupy_os_path_%d' % os.getpid())
os.makedirs(os.path.join(base, 'sub'))
os.makedirs(os.path.join(base, 'sub'), exist_ok=True)
try:
    os.makedirs(os.path.join(base, 'sub'))
except FileExistsError as e:
    print('FileExistsError', e.strerror)
f = os.path.join(base, 'sub', 'f.txt')
with open(f, 'w') as fh:
    fh.write('12345')
os.symlink(f, os.path.join(base, 'link'))
os.symlink('missing', os.path.join(base, 'dangling'))
print(os.path.exists(f), os.path.isfile(f), os.path.isdir(f), os.path.getsize(f))
print(os.path.exists(os.path.join(base, 'dangling')), os.path.lexists(os.path.join(base, 'dangling')))
print(os.path.islink(os.path.join(base, 'link')), os.path.realpath(os.path.join(base, 'link')) == os.path.realpath(f))
print(os.path.abspath('rel') == os.path.join(os.getcwd(), 'rel'), os.path.isdir(os.path.join(base, 'sub')))
print(os.path.samefile(f, os.path.join(base, 'link')), os.path.getmtime(f) == os.stat(f).st_mtime)
os.unlink(os.path.join(base, 'link'))
os.unlink(os.path.join(base, 'dangling'))
os.unlink(f)
os.removedirs(os.path.join(base, 'sub'))
print(os.path.exists(base))
os.environ['RUPY_TEST_VAR'] = 'value'
print(os.environ['RUPY_TEST_VAR'], os.getenv('RUPY_TEST_VAR'), os.environb[b'RUPY_TEST_VAR'])
del os.environ['RUPY_TEST_VAR']
print(os.getenv('RUPY_TEST_VAR'), os.getenv('RUPY_TEST_VAR', 'default'), 'RUPY_TEST_VAR' in os.environ)
try:
    os.environ['RUPY_TEST_VAR']
except KeyError as e:
    print('KeyError', e)
os.environ['HOME'] = '/home/someone'
print(os.path.expanduser('~/x'), os.path.expanduser('~'))
print(os.terminal_size((80, 24)), os.terminal_size((80, 24)).lines, type(os.statvfs('/')).__name__, len(os.statvfs('/')))
print(os.stat_result(tuple(range(10))), os.stat_result.n_fields, os.stat_result.n_sequence_fields)
print(os.uname()._fields if hasattr(os.uname(), '_fields') else len(os.uname()), len(os.times()), os.times().elapsed > 0)
old = os.umask(0o27)
print(oct(os.umask(old)), os.getpid() == os.getpid(), os.cpu_count() >= 1)
print(os.WIFEXITED(0), os.WEXITSTATUS(3 << 8), os.WIFSIGNALED(9), os.WTERMSIG(9), os.WIFSTOPPED(0x137f), os.WSTOPSIG(0x137f), os.waitstatus_to_exitcode(3 << 8), os.waitstatus_to_exitcode(9))
print(os.fsencode('abc'), os.fsdecode(b'abc'), os.fspath(os.DirEntry.__name__), os.error.__name__)
r, w = os.pipe()
try:
    os.get_terminal_size(r)
except OSError as e:
    print(type(e).__name__, e)
os.close(r); os.close(w)
os.kill(os.getpid(), 0)
