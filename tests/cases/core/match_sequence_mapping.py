# match statement: sequence patterns (fixed, starred, nested), mapping patterns (**rest), and what does not count as a sequence.
def seq(x):
    match x:
        case []:
            return "empty"
        case [a]:
            return f"one: {a}"
        case [[x1, y1], [x2, y2]]:
            return f"segment {(x1, y1)}->{(x2, y2)}"
        case [a, b] if a == b:
            return f"pair of equal {a}"
        case (a, b):
            return f"pair {a},{b}"
        case [first, *_, last] if len(x) > 4:
            return f"long {first}..{last}"
        case [0, *rest]:
            return f"starts with 0, rest {rest}"
        case [int() | float() as num, str() as label, *more]:
            return f"num {num} label {label} more {more}"
        case _:
            return "no sequence match"
cases = [[], [5], (7, 7), [1, 2], (1, 2, 3, 4, 5), [0, 8, 9], [[0, 0], [3, 4]], [2.5, "x", 1], [1, 2, 3], "ab", "abc", b"ab", {1: 2}, range(3)]
for c in cases:
    print(repr(c), "->", seq(c))
def cmd(event):
    match event:
        case {"type": "click", "pos": (x, y)}:
            return f"click at {x},{y}"
        case {"type": "key", "key": str(k), **rest} if rest:
            return f"key {k} with extras {sorted(rest)}"
        case {"type": "key", "key": k}:
            return f"key {k}"
        case {"type": t}:
            return f"unknown type {t}"
        case {}:
            return "empty-ish mapping"
        case _:
            return "not a mapping"
events = [
    {"type": "click", "pos": (1, 2)},
    {"type": "click", "pos": [3, 4], "extra": True},
    {"type": "key", "key": "q", "mod": "ctrl", "rep": 2},
    {"type": "key", "key": "w"},
    {"type": "key", "key": 5},
    {"type": "scroll"},
    {"other": 1},
    [("type", "click")],
]
for e in events:
    print(cmd(e))
match {"a": 1, "b": 2, "c": 3}:
    case {"a": 1, **others}:
        print("others", others)
match (1, (2, (3, 4))):
    case (a, (b, (c, d))):
        print("nested", a + b + c + d)
match [1, 2, 3, 4, 5]:
    case [*head, 4, 5]:
        print("head", head)
