# and/or/not return operands, truthiness of builtin values and user classes (__bool__/__len__), conditional expressions.
values = [0, 1, -1, 0.0, 0.5, "", "0", " ", [], [0], (), (None,), {}, {0: 0}, set(), None, True, False, range(0), range(1), 10 ** 30, b"", b"\x00"]
print([bool(v) for v in values])
print(0 or "default", "" or [] or {}, 3 and 4, 0 and 1 / 0, None or 0, "a" and "b" or "c", [] and "unreached")
print(1 or 1 / 0, not 0, not "x", not not [1], (not None) is True)
class Always:
    def __bool__(self):
        return False
class Sized:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
class Plain:
    pass
print(bool(Always()), bool(Sized(0)), bool(Sized(3)), bool(Plain()), Always() or "fallback", Sized(2) and "sized")
calls = []
def t(v):
    calls.append(v)
    return v
result = t(0) or t("") or t("found") or t("skipped")
print(result, calls)
calls.clear()
result = t(1) and t([1]) and t(None) and t("skipped")
print(result, calls)
x = 7
print("big" if x > 5 else "small", "even" if x % 2 == 0 else "odd", ("a" if x else "b") + "!")
print([("neg" if n < 0 else "zero" if n == 0 else "pos") for n in (-2, 0, 3)])
if []:
    print("not printed")
elif {}:
    print("not printed either")
elif "text":
    print("non-empty string is truthy")
while "":
    print("never")
print(True + True, True * 10, False - 1, sum([True, False, True]), True == 1, False == 0, (True is True) == 1)
print(isinstance(True, int), int(True), str(False), repr(True), True & False, True | False, True ^ True)
print(bool("False"), bool(0j) if False else "skip", all([]), any([]), all([1, [], 2]), any([0, "", None, 5]))
print(type(True and 5).__name__, type(0 or False).__name__, (None and 1) is None)
