# sys.argv when run as a script, and catching SystemExit from sys.exit() with various arguments.
import sys
print(sys.argv, len(sys.argv), type(sys.argv).__name__)
print(sys.argv[0].replace("\\", "/").split("/")[-1])
for arg in [None, 0, 3, "message", (1, 2)]:
    try:
        sys.exit(arg)
    except SystemExit as e:
        print(repr(arg), "->", type(e).__name__, repr(e.code), e.args)
try:
    sys.exit()
except SystemExit as e:
    print("no arg ->", e.code, e.args)
try:
    raise SystemExit(7)
except SystemExit as e:
    print("raise SystemExit(7) ->", e.code)
try:
    sys.exit(1)
except Exception:
    print("not reached: SystemExit is not an Exception")
except BaseException as e:
    print("BaseException caught", type(e).__name__, issubclass(SystemExit, Exception))
def cleanup_on_exit():
    try:
        sys.exit(4)
    finally:
        print("finally runs during sys.exit")
try:
    cleanup_on_exit()
except SystemExit as e:
    print("code", e.code)
print(sys.getrecursionlimit() >= 1000, type(sys.maxsize).__name__, sys.maxsize > 2 ** 31)
print(hasattr(sys, "stdout"), hasattr(sys, "stderr"), sys.version_info[0], sys.version_info >= (3, 0))
print(isinstance(sys.modules, dict), "sys" in sys.modules, sys.modules["sys"] is sys)
print("done")
