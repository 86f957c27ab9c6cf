# match statement: literal, capture, wildcard, value (dotted) patterns, or-patterns, as-patterns and guards.
class Color:
    RED = "red"
    GREEN = "green"
def describe(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case "hello" | "hi":
            return "greeting"
        case b"raw":
            return "bytes"
        case True:
            return "true"
        case None:
            return "none"
        case Color.RED:
            return "the colour red"
        case str() as s if len(s) > 5:
            return f"long string {s!r}"
        case int(n) if n < 0:
            return f"negative {n}"
        case other:
            return f"something else: {other!r}"
for value in [0, 2, -1, 1.5, "hi", b"raw", True, None, "red", "abcdefg", -7, 1.0, 3.0, "x", 100, False]:
    print(repr(value), "->", describe(value))
def http(status):
    match status:
        case 200 | 201 | 204 as ok:
            return f"ok({ok})"
        case 301 | 302:
            return "redirect"
        case code if 400 <= code < 500:
            return "client error"
        case _:
            return "other"
print([http(s) for s in (200, 204, 302, 404, 500)])
def guard_order(n):
    match n:
        case x if x % 15 == 0:
            return "FizzBuzz"
        case x if x % 3 == 0:
            return "Fizz"
        case x if x % 5 == 0:
            return "Buzz"
        case x:
            return str(x)
print(" ".join(guard_order(i) for i in range(1, 16)))
match 42:
    case captured:
        pass
print("captured after match:", captured)
match "wild":
    case _:
        print("wildcard matches anything")
