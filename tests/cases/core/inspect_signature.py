# inspect.signature of Python functions: parameter kinds, defaults, annotations, str() of signatures and Parameter attributes.
import inspect
def plain(a, b, c):
    pass
def full(a, b=2, /, c=3, *args, d, e=5, **kwargs):
    pass
def annotated(x: int, y: str = "s", *, z: float = 1.5) -> bool:
    return True
def only_kw(*, key, value=None):
    pass
lam = lambda p, q=1: None
class Widget:
    def method(self, size, color="red"):
        pass
    @staticmethod
    def stat(a, b=0):
        pass
    @classmethod
    def make(cls, n):
        pass
for fn in (plain, full, annotated, only_kw, lam, Widget.method, Widget().method, Widget.stat, Widget.make):
    print(getattr(fn, "__name__"), inspect.signature(fn))
sig = inspect.signature(full)
for name, param in sig.parameters.items():
    default = "-" if param.default is inspect.Parameter.empty else repr(param.default)
    print(f"  {name:8} {str(param.kind):24} {default}")
print(list(inspect.signature(annotated).parameters), inspect.signature(annotated).return_annotation)
p = inspect.signature(annotated).parameters["x"]
print(p.name, p.annotation, p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD)
bound = sig.bind(1, 2, 3, 4, 5, d=6, extra=7)
print(bound.arguments)
try:
    sig.bind(1)
except TypeError as e:
    print("TypeError:", e)
print(len(inspect.signature(plain).parameters), str(inspect.signature(lambda: 0)))
