# types: type objects from live objects, SimpleNamespace, new_class & co.
import types
import sys

def f(): pass
class C:
    __slots__ = ('a',)
    def m(self): return 'm'
def gen(): yield 1
print(types.FunctionType, types.LambdaType, types.CodeType, types.MappingProxyType)
print(types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType, types.ModuleType)
print(types.GeneratorType, types.CellType, types.MemberDescriptorType)
print(types.NoneType, types.NotImplementedType, types.EllipsisType)
print(isinstance(f, types.FunctionType), isinstance(lambda: 0, types.LambdaType), isinstance(len, types.FunctionType))
print(isinstance(C().m, types.MethodType), isinstance(len, types.BuiltinFunctionType), isinstance([].append, types.BuiltinMethodType))
print(isinstance(gen(), types.GeneratorType), isinstance(sys, types.ModuleType), isinstance(f.__code__, types.CodeType))
print(isinstance(C.__dict__['a'], types.MemberDescriptorType), isinstance(C.__dict__, types.MappingProxyType))
print(isinstance(None, types.NoneType), isinstance(NotImplemented, types.NotImplementedType), isinstance(..., types.EllipsisType))

ns = types.SimpleNamespace(a=1, b='x')
print(ns, ns.a, ns.b, types.SimpleNamespace)
ns.c = [1]
del ns.a
print(ns, vars(ns), repr(types.SimpleNamespace()))
print(types.SimpleNamespace({'p': 1}, q=2), types.SimpleNamespace([('k', 'v')]))
print(types.SimpleNamespace(a=1) == types.SimpleNamespace(a=1), types.SimpleNamespace(a=1) == types.SimpleNamespace(a=2), types.SimpleNamespace(a=1) != types.SimpleNamespace(a=1))
class NS(types.SimpleNamespace):
    pass
print(NS(z=0), NS(z=0) == types.SimpleNamespace(z=0))
r = types.SimpleNamespace(x=1)
r.me = r
print(r)
for bad in [lambda: types.SimpleNamespace({1: 2}), lambda: hash(types.SimpleNamespace())]:
    try:
        bad()
    except TypeError as e:
        print('TypeError', str(e).split(':')[0])

X = types.new_class('X', (object,), {}, lambda ns: ns.update(a=1, hello=lambda self: 'hi'))
print(X.__name__, X.a, X().hello(), X.__bases__)
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print('prepare', name, kw)
        return {'from_prepare': True}
    def __new__(mcls, name, bases, ns, **kw):
        return super().__new__(mcls, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
Y = types.new_class('Y', (), {'metaclass': Meta, 'flag': 1})
print(type(Y).__name__, Y.from_prepare)
meta, ns2, kw = types.prepare_class('Z', (int,), {'x': 1})
print(meta, ns2, kw)
print(types.resolve_bases((int, str)))
class Entry:
    def __mro_entries__(self, bases):
        return (dict,)
print(types.resolve_bases((Entry(), int)))
Z = types.new_class('Z', (Entry(),))
print(Z.__bases__, Z.__orig_bases__[0].__class__.__name__, types.get_original_bases(Z)[0].__class__.__name__)
print(types.get_original_bases(int))
class M1(type): pass
class M2(type): pass
class A1(metaclass=M1): pass
class A2(metaclass=M2): pass
try:
    types.new_class('Bad', (A1, A2))
except TypeError as e:
    print('TypeError', e)
print(sorted(n for n in types.__all__ if n in ('SimpleNamespace', 'new_class', 'FunctionType')))
