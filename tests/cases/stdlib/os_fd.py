# os: descriptor I/O (open flags, read/write/lseek/fstat/ftruncate/dup/pipe/close) and its errors
import os, stat
base = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'rupy_os_fd_%d' % os.getpid())
os.mkdir(base)
path = os.path.join(base, 'data.bin')
try:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    print(type(fd).__name__, os.write(fd, b'hello world'), os.write(fd, bytearray(b'!')))
    print(os.lseek(fd, 0, os.SEEK_SET), os.read(fd, 5), os.read(fd, 100), os.read(fd, 10))
    print(os.lseek(fd, -6, os.SEEK_END), os.read(fd, 3), os.lseek(fd, 0, os.SEEK_CUR))
    st = os.fstat(fd)
    print(st.st_size, stat.S_ISREG(st.st_mode), oct(stat.S_IMODE(st.st_mode)))
    os.ftruncate(fd, 4)
    print(os.fstat(fd).st_size, os.stat(fd).st_size, os.get_inheritable(fd))
    fd2 = os.dup(fd)
    os.lseek(fd2, 0, os.SEEK_SET)
    print(os.read(fd, 10), fd2 != fd, os.isatty(fd))
    os.close(fd2)
    os.fsync(fd)
    os.close(fd)
    try:
        os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError as e:
        print('FileExistsError', e.errno, e.strerror, e.filename == path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    os.write(fd, b'++')
    os.close(fd)
    fd = os.open(path, os.O_RDONLY)
    print(os.read(fd, 100))
    try:
        os.write(fd, b'x')
    except OSError as e:
        print(type(e).__name__, e)
    os.close(fd)
    for call in (lambda: os.close(fd), lambda: os.read(fd, 1), lambda: os.fstat(fd)):
        try:
            call()
        except OSError as e:
            print(type(e).__name__, e, e.filename)
    try:
        os.read(0, -1)
    except OSError as e:
        print(type(e).__name__, e)
    r, w = os.pipe()
    print(os.write(w, b'through the pipe'), os.read(r, 7), os.read(r, 100))
    print(os.get_blocking(r), os.set_blocking(r, False), os.get_blocking(r))
    try:
        os.read(r, 1)
    except BlockingIOError as e:
        print(type(e).__name__, e)
    os.close(w)
    print(os.read(r, 10))
    os.close(r)
    try:
        os.open(os.path.join(base, 'nope', 'x'), os.O_RDONLY)
    except FileNotFoundError as e:
        print('FileNotFoundError', e.strerror, e.filename.endswith('nope/x'))
    print(os.SEEK_SET, os.SEEK_CUR, os.SEEK_END, os.F_OK, os.R_OK, os.W_OK, os.X_OK, os.O_RDONLY, os.O_WRONLY, os.O_RDWR)
finally:
    os.unlink(path)
    os.rmdir(base)
