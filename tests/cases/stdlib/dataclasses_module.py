# dataclasses: generated methods, field options, kw_only/KW_ONLY, InitVar, ClassVar, frozen, hash rules, slots,
# inheritance, asdict/astuple/replace/make_dataclass, error messages.
import dataclasses
from dataclasses import *
from collections import namedtuple, defaultdict

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

@dataclass
class P:
    x: int
    y: int = 0
    z: list = field(default_factory=list, repr=False)
p = P(1)
print(p, P(1, 2, [3]).z, p == P(1), p == P(1, 0, [9]), p != P(2), P.__eq__(p, 5), P.__doc__)
print(P.__init__.__qualname__, P.__repr__.__qualname__, P.__init__.__annotations__, P.__match_args__, P.__hash__)
print(repr(fields(P)[1]).replace(repr(MISSING), "MISSING"))
print([(f.name, f.type, f.default is MISSING, f.init, f.repr, f.compare, f.hash, f.kw_only) for f in fields(p)])
print(P.__dataclass_params__, MISSING is dataclasses.MISSING, repr(dataclasses._HAS_DEFAULT_FACTORY))
t("P()", lambda: P())
t("P(1,2,3,4)", lambda: P(1, 2, 3, 4))
t("P(1, q=2)", lambda: P(1, q=2))

class Weird:
    def __eq__(self, other):
        return "weird"
@dataclass
class One:
    a: object
print(One(Weird()) == One(Weird()), One(1) == One(1.0))
@dataclass
class Empty:
    pass
print(Empty(), Empty() == Empty(), Empty.__match_args__, Empty.__doc__)

@dataclass(order=True, frozen=True)
class V:
    major: int
    minor: int = 0
    tag: str = field(default="", compare=False)
print(sorted([V(2), V(1, 5), V(1, 2, "b"), V(1, 2, "a")]), V(1) <= V(1, 0, "x"), V(1) == V(1, 0, "x"))
print(hash(V(1, 2)) == hash((1, 2)), hash(V(1, 2, "x")) == hash(V(1, 2, "y")))
t("V < 1", lambda: V(1) < 1)
t("frozen set", lambda: setattr(V(1), "major", 5))
t("frozen del", lambda: delattr(V(1), "major"))
t("frozen new attr", lambda: setattr(V(1), "other", 5))
print(issubclass(FrozenInstanceError, AttributeError))

# hash rules
@dataclass
class H1:
    a: int
@dataclass(eq=False)
class H2:
    a: int
@dataclass(unsafe_hash=True)
class H3:
    a: int
    b: int = field(hash=False)
    c: int = field(default=0, compare=False, hash=True)
@dataclass
class H4:
    a: int
    def __hash__(self):
        return 42
print(H1.__hash__, H2.__hash__ is object.__hash__, hash(H3(1, 2, 3)) == hash((1, 3)), hash(H4(1)))
t("explicit hash + unsafe_hash", lambda: dataclass(unsafe_hash=True)(type("X", (), {"__hash__": lambda s: 1, "__annotations__": {}})))

# kw_only and KW_ONLY
@dataclass(kw_only=True)
class K1:
    a: int
    b: int = 1
@dataclass
class K2:
    a: int
    _: KW_ONLY
    b: int
    c: int = 3
@dataclass
class K3:
    a: int = 0
    b: int = field(kw_only=True)
print(K1(a=1), K2(1, b=2), K3(b=5), K2.__match_args__, K3.__match_args__)
t("K1(1)", lambda: K1(1))
t("K2(1, 2)", lambda: K2(1, 2))
t("double KW_ONLY", lambda: exec("@dataclass\nclass D:\n  _: KW_ONLY\n  __: KW_ONLY\n", globals()))

# InitVar, __post_init__, ClassVar-like, init=False
@dataclass
class C:
    a: int
    scale: InitVar[int] = 2
    total: int = field(init=False)
    def __post_init__(self, scale):
        self.total = self.a * scale
print(C(3), C(3, 10), [f.name for f in fields(C)], C.__dataclass_fields__["scale"]._field_type, InitVar[int], InitVar[list[int]])
print(replace(C(2), a=5, scale=3))
t("replace init=False", lambda: replace(C(2), total=1))
@dataclass
class CV:
    a: int
    count: "ClassVar[int]" = 0
    label: "dataclasses.InitVar[str]" = "x"
    def __post_init__(self, label):
        self.lab = label
print(CV(1).lab, [f.name for f in fields(CV)], CV.count, CV.__dataclass_fields__["count"]._field_type)
@dataclass
class NoInit:
    a: int = field(init=False, default=7)
    b: int = field(init=False)
n = NoInit(); print(n.a, hasattr(n, "b"))
t("repr unset", lambda: repr(n))

# inheritance
@dataclass
class Base:
    x: int = 1
    y: int = 2
@dataclass
class Derived(Base):
    y: int = 20
    z: int = 30
print(Derived(), Derived(5), [f.name for f in fields(Derived)], Derived.__match_args__)
@dataclass(frozen=True)
class FB:
    a: int = 0
t("non-frozen from frozen", lambda: dataclass(type("NF", (FB,), {"__annotations__": {"b": int}, "b": 1})))
t("frozen from non-frozen", lambda: dataclass(frozen=True)(type("FN", (Base,), {"__annotations__": {}})))

# errors at decoration
t("non-default after default", lambda: exec("@dataclass\nclass E:\n  a: int = 1\n  b: int\n", globals()))
t("mutable default", lambda: exec("@dataclass\nclass E:\n  a: dict = {}\n", globals()))
t("both defaults", lambda: field(default=1, default_factory=list))
t("field without annotation", lambda: exec("@dataclass\nclass E:\n  a = field(default=1)\n", globals()))
t("order without eq", lambda: dataclass(order=True, eq=False)(type("E", (), {})))
t("order overwrite", lambda: exec("@dataclass(order=True)\nclass E:\n  a: int\n  def __lt__(self, o): return True\n", globals()))
t("weakref_slot without slots", lambda: dataclass(weakref_slot=True)(type("E", (), {})))
t("fields(int)", lambda: fields(int))

# a field named self, custom methods kept
@dataclass
class S:
    self: int
    def __repr__(self):
        return "custom"
print(S(self=3).self, repr(S(1)))

# recursive repr
@dataclass
class Node:
    val: int
    nxt: object = None
nd = Node(1); nd.nxt = nd; print(nd)

# slots
@dataclass(slots=True)
class SL:
    a: int
    b: int = 5
s = SL(1)
print(s, SL.__slots__, hasattr(s, "__dict__"), SL.__qualname__)
t("slots new attr", lambda: setattr(s, "c", 1))

# asdict / astuple
Pt = namedtuple("Pt", "x y")
@dataclass
class Wrap:
    p: P
    items: list
    mapping: dict
    nt: Pt
    dd: defaultdict
w = Wrap(P(1, 2), [P(3), (4, [5])], {"k": P(6)}, Pt(P(7), 8), {"a": [1]})
d = asdict(w)
print(d["p"], d["items"], d["mapping"], d["nt"], type(d["nt"]).__name__)
print(astuple(w)[:4], astuple(P(1, 2, [P(3)])))
dd = Wrap(1, [], {}, Pt(1, 2), defaultdict(list, {"a": [P(1)]}))
t("asdict defaultdict", lambda: (asdict(dd)["dd"], asdict(dd)["dd"].default_factory))
t("astuple defaultdict", lambda: astuple(dd)[4])
print(asdict(P(1), dict_factory=lambda kv: list(kv)), astuple(P(1), tuple_factory=list))
inner = [1]; cp = asdict(P(1, 2, inner)); print(cp["z"] is inner, cp["z"] == inner)
t("asdict(P)", lambda: asdict(P))
t("astuple(1)", lambda: astuple(1))
t("replace(1)", lambda: replace(1))
t("replace bad field", lambda: replace(P(1), nope=2))
print(is_dataclass(P), is_dataclass(p), is_dataclass(1), is_dataclass(dict))

# make_dataclass
M = make_dataclass("M", ["a", ("b", int), ("c", int, field(default=3))], namespace={"double": lambda self: self.b * 2})
m = M(1, 2)
print(m, m.double(), [f.type for f in fields(M)], M.__name__)
t("make_dataclass bad name", lambda: make_dataclass("X", ["a b"]))
t("make_dataclass keyword", lambda: make_dataclass("X", ["for"]))
t("make_dataclass dup", lambda: make_dataclass("X", ["a", "a"]))

# match
match Derived(1, 2, 3):
    case Derived(x, y, z=zz):
        print("matched", x, y, zz)
print(Field, KW_ONLY is dataclasses.KW_ONLY, sorted(dataclasses.__all__))
