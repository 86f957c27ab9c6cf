# match statement: class patterns with positional (__match_args__) and keyword sub-patterns, builtin type patterns, inheritance.
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
class Point3(Point):
    __match_args__ = ("x", "y", "z")
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
class Circle:
    def __init__(self, center, r):
        self.center = center
        self.r = r
def where(obj):
    match obj:
        case Point3(0, 0, 0):
            return "3d origin"
        case Point3(x, y, z=zz) if zz > 0:
            return f"above plane at {x},{y},{zz}"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y axis at {yy}"
        case Point(xx, 0):
            return f"on x axis at {xx}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Circle(center=Point(x=cx, y=cy), r=r) if r > 0:
            return f"circle at {cx},{cy} radius {r}"
        case Point():
            return "some point"
        case int(v) | float(v):
            return f"number {v}"
        case str(s):
            return f"string {s}"
        case list([*items]):
            return f"list of {len(items)}"
        case dict():
            return "a dict"
        case bool():
            return "never: bools are ints and matched above"
        case _:
            return "unknown"
things = [Point(0, 0), Point(0, 5), Point(3, 0), Point(2, 2), Point(1, 9), Point3(0, 0, 0), Point3(1, 2, 3), Point3(1, 2, -3),
          Circle(Point(4, 5), 2), Circle(Point(4, 5), 0), 7, 2.5, True, "txt", [1, 2], {"a": 1}, None]
for t in things:
    print(type(t).__name__, "->", where(t))
try:
    match Point(1, 2):
        case Point(1, 2, 3):
            pass
except TypeError as e:
    print("TypeError:", e)
class NoArgs:
    pass
match NoArgs():
    case NoArgs():
        print("matched NoArgs()")
