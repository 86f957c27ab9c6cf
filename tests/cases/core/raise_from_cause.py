# raise ... from ...: __cause__, __context__, __suppress_context__, from None, bare raise, exception args and str/repr.
def convert(s):
    try:
        return int(s)
    except ValueError as e:
        raise TypeError(f"cannot convert {s!r}") from e
try:
    convert("abc")
except TypeError as e:
    print(repr(e), type(e.__cause__).__name__, e.__suppress_context__, e.__context__ is e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("k") from None
except KeyError as e:
    print(repr(e), e.__cause__, e.__suppress_context__, type(e.__context__).__name__)
try:
    try:
        raise ValueError("first")
    except ValueError:
        raise RuntimeError("second")
except RuntimeError as e:
    print(e, "| context:", e.__context__, "| cause:", e.__cause__)
try:
    raise ValueError("explicit") from KeyError("why")
except ValueError as e:
    print(e, repr(e.__cause__), e.__context__)
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
try:
    raise AppError(404, "not found")
except AppError as e:
    print(e.args, e.code, str(e), repr(e))
print(repr(Exception()), str(Exception()), repr(Exception("one")), str(Exception("a", 2)))
print(repr(ValueError(1, 2)), str(KeyError("x")), str(KeyError()), str(IndexError(7)))
e = RuntimeError("manual")
e.__cause__ = ValueError("set by hand")
print(e.__suppress_context__, repr(e.__cause__))
try:
    raise TypeError
except TypeError as t:
    print(repr(t), t.args)
def wrap():
    try:
        raise OSError("disk")
    except OSError as inner:
        raise ValueError("wrapped") from inner
try:
    wrap()
except ValueError as outer:
    chain = []
    cur = outer
    while cur is not None:
        chain.append(type(cur).__name__)
        cur = cur.__cause__ or cur.__context__
    print(" <- ".join(chain))
try:
    raise ValueError("x") from 42
except TypeError as e:
    print("TypeError:", e)
err = None
try:
    raise StopIteration(5)
except StopIteration as si:
    err = si
print(err.value, err.args)
