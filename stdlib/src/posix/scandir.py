# posix.DirEntry and the scandir iterator, run into the posix module's namespace at import.
# _scandir (native) lists the directory at once: (name, path, kind, inode) with kind
# 1 directory, 2 regular file, 3 symlink, 4 other; stat results are fetched on demand and
# cached per entry as CPython's DirEntry does.

def _make_generic_alias():
    return type(list[int])


class DirEntry:
    __slots__ = ('_name', '_path', '_kind', '_ino', '_stat', '_lstat')
    __module__ = 'posix'

    def __init__(self, *args, **kwargs):
        raise TypeError("cannot create 'posix.DirEntry' instances")

    @property
    def name(self):
        return self._name

    @property
    def path(self):
        return self._path

    def inode(self):
        return self._ino

    def is_symlink(self):
        return self._kind == 3

    def is_junction(self):
        return False

    def stat(self, *, follow_symlinks=True):
        if follow_symlinks and self._kind == 3:
            if self._stat is None:
                self._stat = stat(self._path)
            return self._stat
        if self._lstat is None:
            self._lstat = lstat(self._path)
        return self._lstat

    def _test(self, kind, follow_symlinks):
        if follow_symlinks and self._kind == 3:
            try:
                st = self.stat()
            except FileNotFoundError:
                return False
            return (st.st_mode & 0o170000) == (0o040000 if kind == 1 else 0o100000)
        return self._kind == kind

    def is_dir(self, *, follow_symlinks=True):
        return self._test(1, follow_symlinks)

    def is_file(self, *, follow_symlinks=True):
        return self._test(2, follow_symlinks)

    def __fspath__(self):
        return self._path

    def __repr__(self):
        return '<DirEntry %r>' % (self._name,)

    __class_getitem__ = classmethod(_make_generic_alias())


def _new_entry(name, path, kind, ino):
    e = object.__new__(DirEntry)
    e._name = name
    e._path = path
    e._kind = kind
    e._ino = ino
    e._stat = None
    e._lstat = None
    return e


class ScandirIterator:
    __module__ = 'posix'

    def __init__(self, *args, **kwargs):
        raise TypeError("cannot create 'posix.ScandirIterator' instances")

    def __iter__(self):
        return self

    def __next__(self):
        if self._items is None:
            raise StopIteration
        try:
            return self._items.pop()
        except IndexError:
            self._items = None
            raise StopIteration

    def close(self):
        self._items = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def scandir(path=None):
    if path is None:
        items = _scandir(None)
    else:
        items = _scandir(path)
    it = object.__new__(_iterator_type)
    entries = [_new_entry(*t) for t in items]
    entries.reverse()
    it._items = entries
    return it

# CPython's posix has no ScandirIterator attribute: keep the type only where scandir finds it.
_iterator_type = ScandirIterator
del ScandirIterator
del _make_generic_alias
