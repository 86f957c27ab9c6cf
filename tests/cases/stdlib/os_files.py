# os: files and directories in a fresh temporary folder (mkdir, listdir, stat, rename, links, chmod, utime, walk, scandir)
import os, stat
base = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'rupy_os_files_%d' % os.getpid())
os.mkdir(base, 0o755)
old = os.getcwd()
os.chdir(base)
try:
    os.makedirs('a/b/c')
    os.makedirs('a/b', exist_ok=True)
    with open('a/f.txt', 'w') as f:
        f.write('hello world')
    print(sorted(os.listdir('a')), sorted(os.listdir(b'a')))
    st = os.stat('a/f.txt')
    print(st.st_size, stat.S_ISREG(st.st_mode), stat.S_ISDIR(os.stat('a').st_mode))
    print(st[6] == st.st_size, st[0] == st.st_mode, len(st), type(st).__name__)
    print(st.st_mtime_ns // 10**9 == int(st.st_mtime) == st[8])
    os.rename('a/f.txt', 'a/g.txt')
    os.replace('a/g.txt', 'a/h.txt')
    os.link('a/h.txt', 'a/hard.txt')
    print(os.stat('a/h.txt').st_nlink, os.path.samefile('a/h.txt', 'a/hard.txt'))
    os.symlink('h.txt', 'a/sym')
    print(os.readlink('a/sym'), os.readlink(b'a/sym'), os.path.islink('a/sym'))
    print(stat.S_ISLNK(os.lstat('a/sym').st_mode), stat.S_ISLNK(os.stat('a/sym').st_mode))
    print(os.stat('a/sym', follow_symlinks=False).st_mode == os.lstat('a/sym').st_mode)
    os.chmod('a/h.txt', 0o640)
    print(oct(stat.S_IMODE(os.stat('a/h.txt').st_mode)))
    os.utime('a/h.txt', (1000000000, 1500000000))
    st = os.stat('a/h.txt')
    print(st.st_atime, st.st_mtime, st.st_mtime_ns)
    os.utime('a/h.txt', ns=(5, 123456789012345678))
    print(os.stat('a/h.txt').st_mtime_ns, os.stat('a/h.txt').st_atime_ns)
    print(os.access('a/h.txt', os.F_OK), os.access('nope', os.F_OK), os.access('a', os.R_OK | os.X_OK))
    for root, dirs, files in os.walk('.'):
        dirs.sort()
        print(root, sorted(dirs), sorted(files))
    with os.scandir('a') as it:
        for e in sorted(it, key=lambda e: e.name):
            print(repr(e), e.path, e.is_dir(), e.is_file(), e.is_symlink(), e.is_file(follow_symlinks=False), e.inode() == os.lstat(e.path).st_ino)
    print([e.path for e in os.scandir(b'a/b')], os.fspath(next(os.scandir('a/b'))))
    os.unlink('a/sym')
    os.remove('a/hard.txt')
    os.rmdir('a/b/c')
    print(sorted(os.listdir('a')))
finally:
    os.chdir(old)
    for root, dirs, files in os.walk(base, topdown=False):
        for n in files:
            os.unlink(os.path.join(root, n))
        for n in dirs:
            p = os.path.join(root, n)
            os.unlink(p) if os.path.islink(p) else os.rmdir(p)
    os.rmdir(base)
print(os.path.exists(base))
