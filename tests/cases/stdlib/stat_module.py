# stat over the native _stat: type tests, S_IMODE/S_IFMT, filemode, constants and mode argument errors
import stat, _stat, os
for a in ['x', -1, 2**40, 1.5, 2**32, 0o100644, True]:
    try: print(repr(_stat.S_ISDIR(a)), repr(stat.filemode(a)), stat.S_IMODE(a), stat.S_IFMT(a), stat.S_ISREG(a), stat.S_ISWHT(a))
    except Exception as e: print(type(e).__name__, e)
print(stat.filemode(0o104755), stat.filemode(0o42775), stat.filemode(0o1777|0o40000), stat.filemode(0o2644|0o100000), stat.filemode(0o1644|0o100000), stat.filemode(0o170000))
for f in [_stat.S_ISDIR, _stat.filemode, _stat.S_ISPORT]:
    try: f()
    except Exception as e: print(e)
print(stat.S_IFDIR, stat.UF_HIDDEN, stat.ST_MTIME, stat.filemode(os.lstat('/').st_mode)[0])
