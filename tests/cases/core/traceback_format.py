# traceback.format_exception / format_exception_only output for chained exceptions (caret lines and paths normalised).
import traceback
def clean(text):
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and set(stripped) <= set("^~"):
            continue
        if line.startswith('  File "'):
            path = line.split('"')[1]
            line = line.replace(path, path.replace("\\", "/").split("/")[-1])
        out.append(line)
    return "\n".join(out)
def parse(text):
    return int(text)
def load(text):
    try:
        return parse(text)
    except ValueError as e:
        raise RuntimeError("load failed") from e
try:
    load("nope")
except RuntimeError as exc:
    print(clean("".join(traceback.format_exception(exc))))
print("-" * 10)
def handler():
    try:
        [1, 2][5]
    except IndexError:
        {}["missing"]
try:
    handler()
except KeyError as exc:
    print(clean("".join(traceback.format_exception(exc))))
print("-" * 10)
try:
    try:
        raise OSError("low")
    except OSError:
        raise ValueError("high") from None
except ValueError as exc:
    print(clean("".join(traceback.format_exception(exc))))
print("-" * 10)
print("".join(traceback.format_exception_only(ZeroDivisionError("custom"))), end="")
print("".join(traceback.format_exception_only(KeyError("k"))), end="")
print("".join(traceback.format_exception_only(Exception())), end="")
class Mine(Exception):
    pass
print("".join(traceback.format_exception_only(Mine("m"))), end="")
print(clean("".join(traceback.format_exception(ValueError("no traceback")))))
try:
    raise Mine("with limit")
except Mine as exc:
    print(clean("".join(traceback.format_exception(exc, limit=0))))
