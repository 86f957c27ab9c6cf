# CPython Lib enum: Enum, IntFlag, StrEnum, auto, lookup by name
import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
print(Color.RED, Color(2), list(Color), Color.RED.name, Color.GREEN.value)
class F(enum.IntFlag):
    A = 1
    B = 2
print(F.A | F.B, repr(F.A|F.B))
class S(enum.StrEnum):
    X = enum.auto()
print(S.X, repr(S.X))
print(Color['GREEN'], Color.RED in Color)
