# Attribute builtins: getattr (with default), setattr, hasattr, delattr, vars, dir (filtered), __dict__, globals/locals.
class Config:
    version = 1
    def __init__(self):
        self.name = "cfg"
        self.debug = False
    def method(self):
        return "m"
c = Config()
print(getattr(c, "name"), getattr(c, "missing", "default"), getattr(Config, "version"), getattr(c, "method")())
setattr(c, "level", 3)
setattr(Config, "shared", "class-level")
print(c.level, c.shared, hasattr(c, "level"), hasattr(c, "nope"), hasattr(Config, "method"))
delattr(c, "debug")
print(hasattr(c, "debug"), vars(c), c.__dict__ is vars(c))
try:
    getattr(c, "nope")
except AttributeError as e:
    print("AttributeError:", e)
try:
    delattr(c, "nope")
except AttributeError:
    print("AttributeError on delattr")
print([n for n in dir(c) if not n.startswith("_")])
print([n for n in dir(Config) if not n.startswith("_")])
print("__init__" in dir(Config), "append" in dir([]), "upper" in dir(""))
v = vars(c)
v["injected"] = "via vars"
print(c.injected)
for attr in ["name", "level", "version"]:
    print(attr, "=", getattr(c, attr))
module_value = "at module level"
g = globals()
print(g["module_value"], "Config" in g, g["__name__"])
g["made_by_globals"] = 99
print(made_by_globals)
def f(a, b=2):
    c = a + b
    return sorted(locals().items())
print(f(1))
def closure_locals():
    x = 1
    def inner():
        return sorted(locals())
    y = 2
    return inner(), sorted(locals())
print(closure_locals())
print(getattr(str, "upper")("abc"), getattr([1, 2], "__len__")(), getattr(5, "real"), getattr(3, "bit_length")())
try:
    setattr(5, "x", 1)
except AttributeError:
    print("AttributeError: cannot set attribute on int")
print(sorted(k for k in vars(Config) if not k.startswith("__")))
name = "dynamic"
setattr(c, name, name.upper())
print(c.dynamic, getattr(c, name))
