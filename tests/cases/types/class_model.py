# class model: descriptors, attribute hooks, __slots__, __init_subclass__/__set_name__/__class_getitem__/__prepare__, metaclasses, super, operator dunders, protocols, builtin subclassing
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
class DataD:
    def __get__(self, obj, typ=None): return ('data-get', obj is None)
    def __set__(self, obj, v): obj.__dict__['_d'] = v
class NonDataD:
    def __get__(self, obj, typ=None): return 'nondata-get'
class Named:
    def __set_name__(self, owner, name): self.name = owner.__name__ + '.' + name
    def __get__(self, obj, typ=None): return self.name
class A:
    d = DataD(); nd = NonDataD(); nm = Named()
    def m(self): return 'm'
def desc():
    a = A(); a.__dict__['d'] = 'inst'; a.__dict__['nd'] = 'inst-nd'; a.d = 5
    return a.d, A.d, a.nd, A.nd, a._d, a.nm, type(A.__dict__['m']).__name__, A.m(a), a.m.__self__ is a, a.m.__func__ is A.m
t(desc)
class P:
    def __init__(self): self._x = 1
    @property
    def x(self): return self._x
    @x.setter
    def x(self, v): self._x = v * 10
    @staticmethod
    def s(v): return ('static', v)
    @classmethod
    def c(cls, v): return (cls.__name__, v)
    ro = property(lambda self: 'ro', doc='readonly')
def props():
    p = P(); p.x = 2; return p.x, P.s(1), p.s(2), P.c(3), p.c(4), P.ro.__doc__, type(P.x).__name__
t(props)
t(lambda: setattr(P(), 'ro', 1))
t(lambda: delattr(P(), 'ro'))
class Hooks:
    def __init__(self): object.__setattr__(self, 'log', [])
    def __getattr__(self, name):
        if name.startswith('dyn'): return 'dyn:' + name
        raise AttributeError(f'no {name}')
    def __setattr__(self, name, v): self.log.append(('set', name)); object.__setattr__(self, name, v)
    def __delattr__(self, name): self.log.append(('del', name)); object.__delattr__(self, name)
def hooks():
    h = Hooks(); h.a = 1; del h.a; h.b = 2
    return h.dynX, h.b, getattr(h, 'zz', 'dflt'), hasattr(h, 'nope'), h.log
t(hooks)
t(lambda: Hooks().missing)
class GA:
    def __getattribute__(self, name):
        if name == 'secret': return 42
        return object.__getattribute__(self, name)
    def __getattr__(self, name): return 'fallback-' + name
    real = 'r'
t(lambda: (GA().secret, GA().real, GA().other))
class Sl:
    __slots__ = ('a', 'b')
    def __init__(self): self.a = 1
class SlSub(Sl):
    pass
def slots():
    s = Sl(); r = [s.a, hasattr(s, '__dict__'), Sl.__slots__]
    try: s.c = 3
    except AttributeError as e: r.append(str(e))
    try: s.b
    except AttributeError as e: r.append(str(e))
    ss = SlSub(); ss.c = 3; r.append((ss.c, hasattr(ss, '__dict__')))
    return r
t(slots)
class Base:
    registry = []
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw); Base.registry.append((cls.__name__, tag))
class K1(Base, tag='one'): pass
class K2(K1): pass
t(lambda: Base.registry)
class Gen:
    def __class_getitem__(cls, item): return ('cgi', cls.__name__, item)
t(lambda: (Gen[int], Gen[int, str], list[int], dict[str, list[int]], type(list[int]).__name__))
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        d = {'injected': 'yes'}; return d
    def __new__(mcls, name, bases, ns, **kw):
        ns['order'] = [k for k in ns if not k.startswith('__')]
        return super().__new__(mcls, name, bases, ns)
    def __call__(cls, *a): return ('meta-call', super().__call__(*a).v)
    def __repr__(cls): return f'<M {cls.__name__}>'
    def __len__(cls): return 99
class WithMeta(metaclass=Meta):
    z = 1
    def __init__(self, v=0): self.v = v
    a = 2
t(lambda: (WithMeta.injected, WithMeta.order, WithMeta(7), repr(WithMeta), len(WithMeta), type(WithMeta).__name__, isinstance(WithMeta, Meta)))
t(lambda: (type('Dyn', (object,), {'q': 1})().q, type(1).__name__, type(type).__name__, type.__name__, object.__subclasshook__(int) is NotImplemented))
class S0:
    def who(self): return ['S0']
class S1(S0):
    def who(self): return ['S1'] + super().who()
class S2(S0):
    def who(self): return ['S2'] + super(S2, self).who()
class S3(S1, S2):
    def who(self): return ['S3'] + super().who()
    @classmethod
    def cw(cls): return super().who.__name__
t(lambda: (S3().who(), [c.__name__ for c in S3.__mro__], S3.cw(), super(S1, S3()).who()))
t(lambda: type('X', (S1, S0), {}).__mro__[0].__name__)
def bad_mro():
    class Z(S0, S1): pass
t(bad_mro)
class V:
    def __init__(self, v): self.v = v
    def __repr__(self): return f'V({self.v})'
    def _o(self, o): return o.v if isinstance(o, V) else o
for nm, op in [('add', '+'), ('sub', '-'), ('mul', '*'), ('truediv', '/'), ('floordiv', '//'), ('mod', '%'), ('pow', '**'), ('lshift', '<<'), ('rshift', '>>'), ('and', '&'), ('or', '|'), ('xor', '^'), ('matmul', '@')]:
    setattr(V, f'__{nm}__', eval(f'lambda s, o: V(("{nm}", s.v, s._o(o)))'))
    setattr(V, f'__r{nm}__', eval(f'lambda s, o: V(("r{nm}", o, s.v))'))
V.__iadd__ = lambda s, o: V(('iadd', s.v, o))
V.__neg__ = lambda s: 'neg'; V.__pos__ = lambda s: 'pos'; V.__invert__ = lambda s: 'inv'; V.__abs__ = lambda s: 'abs'
V.__divmod__ = lambda s, o: 'divmod'; V.__rdivmod__ = lambda s, o: 'rdivmod'
def opers():
    v = V(1); r = [v + 2, 3 + v, v - 1, 1 - v, v * 2, 2 * v, v / 2, 2 / v, v // 2, 2 // v, v % 2, 2 % v, v ** 2, 2 ** v, v << 1, 1 << v, v >> 1, 1 >> v, v & 1, 1 & v, v | 1, 1 | v, v ^ 1, 1 ^ v, v @ 1, 1 @ v]
    r += [-v, +v, ~v, abs(v), divmod(v, 1), divmod(1, v), pow(v, 2)]
    w = v; w += 5; x = v; x -= 5; y = v; y @= 1
    return r + [w, x, y]
t(opers)
class NI:
    def __add__(self, o): return NotImplemented
    def __eq__(self, o): return NotImplemented
    def __lt__(self, o): return NotImplemented
class RAdd:
    def __radd__(self, o): return 'radd-called'
    def __gt__(self, o): return 'reflected-gt'
t(lambda: (NI() + RAdd(), NI() < RAdd(), NI() == NI() if False else 'skip', NI() != 5))
t(lambda: NI() + 1)
t(lambda: NI() < 1)
class SubV(V):
    def __radd__(self, o): return 'sub-radd-first'
t(lambda: (V(1) + SubV(2), SubV(1) + V(2)))
class E1:
    def __eq__(self, o): return True
class E2:
    __eq__ = lambda s, o: False
    __hash__ = lambda s: 7
t(lambda: (E1.__hash__, E1() == 3, E1() != 3, hash(E2()), E2() != E2()))
class Truth:
    def __init__(self, b=None, n=None): self.b, self.n = b, n
    def __bool__(self): return self.b
    def __len__(self): return self.n
class OnlyLen:
    def __len__(self): return 0
t(lambda: (bool(Truth(b=True)), bool(OnlyLen()), bool(object()), not OnlyLen(), len(OnlyLen())))
t(lambda: bool(Truth(b=1)))
t(lambda: len(Truth(n=-1)))
t(lambda: len(Truth(n='x')))
class GI:
    def __getitem__(self, i):
        if i > 2: raise IndexError
        return i * i
class Cont(GI):
    def __contains__(self, x): return x == 'magic'
class Call:
    def __call__(self, *a, **k): return ('called', a, k)
t(lambda: (list(GI()), 4 in GI(), 3 in GI(), 'magic' in Cont(), 0 in Cont(), Call()(1, k=2), callable(Call()), callable(GI())))
t(lambda: GI()())
class CM:
    def __init__(self, sup): self.sup, self.log = sup, []
    def __enter__(self): self.log.append('enter'); return 'as-val'
    def __exit__(self, et, ev, tb): self.log.append(('exit', et.__name__ if et else None)); return self.sup
def ctx():
    c1 = CM(True)
    with c1 as v:
        raise KeyError('x')
    c2 = CM(False)
    try:
        with c2: raise ValueError('y')
    except ValueError as e: c2.log.append('propagated')
    return v, c1.log, c2.log
t(ctx)
class Fmt:
    def __format__(self, spec): return f'<{spec}>'
    def __index__(self): return 3
    def __int__(self): return 4
    def __float__(self): return 5.5
t(lambda: (format(Fmt(), 'xyz'), f'{Fmt():>5}', '{:q}'.format(Fmt()), [0, 1, 2, 3][Fmt()], hex(Fmt()), int(Fmt()), float(Fmt()), range(Fmt())))
t(lambda: format(object(), 'x'))
class CA: pass
class CB: pass
def cls_assign():
    o = CA(); o.__class__ = CB; return type(o).__name__
t(cls_assign)
t(lambda: setattr(1, '__class__', CB))
class MyList(list):
    def __init__(self, *a): super().__init__(*a); self.tag = 'L'
class MyDict(dict):
    def __getitem__(self, k): return ('custom', dict.__getitem__(self, k))
class MyInt(int):
    def __new__(cls, v, unit='u'): o = super().__new__(cls, v); o.unit = unit; return o
    def __repr__(self): return f'MyInt({int(self)}{self.unit})'
class MyStr(str):
    def shout(self): return self.upper() + '!'
class MyErr(Exception):
    def __init__(self, msg, code): super().__init__(msg); self.code = code
def subclasses():
    L = MyList([1, 2]); L.append(3); D = MyDict(a=1); i = MyInt(5, 'kg'); s = MyStr('hi')
    try: raise MyErr('bad', 42)
    except MyErr as e: err = (str(e), e.code, e.args, repr(e))
    return L, L.tag, D['a'], D.get('a'), i, i + 1, type(i + 1).__name__, i.unit, s.shout(), type(s + 'x').__name__, isinstance(s, str), err, MyInt.__mro__[1].__name__
t(subclasses)
# more protocol hooks
class DelD:
    def __get__(self, o, t=None): return 'g'
    def __set__(self, o, v): o.__dict__['set'] = v
    def __delete__(self, o): o.__dict__['deleted'] = True
class HasDel:
    x = DelD()
def deldesc():
    h = HasDel(); h.x = 1; del h.x; return h.__dict__
t(deldesc)
class PropErr:
    @property
    def p(self): raise AttributeError('inner')
    def __getattr__(self, n): return 'getattr-' + n
t(lambda: PropErr().p)
class IAddNI:
    def __init__(self): self.v = 'orig'
    def __iadd__(self, o): return NotImplemented
    def __add__(self, o): return 'add-fallback'
def iadd_ni():
    x = IAddNI(); x += 1; return x
t(iadd_ni)
class Cmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __eq__(self, o): return self.v == o.v
t(lambda: (Cmp(1) > Cmp(0), Cmp(1) != Cmp(1), sorted([Cmp(3), Cmp(1)], key=lambda c: c)[0].v, max(Cmp(1), Cmp(2)).v))
t(lambda: Cmp(1) <= Cmp(2))
class Items:
    def __init__(self): self.d = {}
    def __getitem__(self, k): return ('get', k)
    def __setitem__(self, k, v): self.d[repr(k)] = v
    def __delitem__(self, k): self.d[repr(k)] = 'deleted'
def items():
    i = Items(); i[1:2] = 'a'; i[::3] = 'b'; i['k', 1] = 'c'; del i[0]
    return i[1:2:3], i[...], sorted(i.d.items())
t(items)
class NewOther:
    def __new__(cls): return 42
    def __init__(self): raise RuntimeError('should not run')
t(lambda: NewOther())
class ReprOnly:
    def __repr__(self): return 'R!'
class StrOnly:
    def __str__(self): return 'S!'
t(lambda: (str(ReprOnly()), f'{ReprOnly()}', repr(StrOnly()).startswith('<'), str(StrOnly()), format(StrOnly()), '%s|%r' % (ReprOnly(), ReprOnly())))
class InstCheck(type):
    def __instancecheck__(cls, o): return o == 'yes'
    def __subclasscheck__(cls, c): return c is int
class IC(metaclass=InstCheck): pass
t(lambda: (isinstance('yes', IC), isinstance('no', IC), issubclass(int, IC), issubclass(str, IC), isinstance(1, (str, IC))))
class Num:
    def __round__(self, n=None): return ('round', n)
    def __trunc__(self): return 't'
    def __floor__(self): return 'f'
    def __ceil__(self): return 'c'
    def __complex__(self): return 2j
    def __bytes__(self): return b'B'
    def __reversed__(self): return iter([3, 2])
    def __length_hint__(self): return 5
    def __dir__(self): return ['zz', 'aa']
import math
t(lambda: (round(Num()), round(Num(), 2), math.trunc(Num()), math.floor(Num()), math.ceil(Num()), complex(Num()), bytes(Num()), list(reversed(Num())), dir(Num())))
class Init:
    def __init__(self): return 5
t(lambda: Init())
t(lambda: (object.__eq__(1, 1), object.__ne__(1, 2), object().__eq__(object()), object.__lt__(1, 2)))
# (rupy has no separate slot-wrapper types: type(object.__hash__) is builtin_function_or_method, not wrapper_descriptor.)
class AbstractLike:
    def __init_subclass__(cls, **kw): raise TypeError('no subclass of ' + cls.__name__)
def sub_abstract():
    class C(AbstractLike): pass
t(sub_abstract)
t(lambda: type('X', (int, str), {}))
class SM(type):
    def __new__(m, n, b, ns, flag=False): c = super().__new__(m, n, b, ns); c.flag = flag; return c
    def __init__(cls, n, b, ns, flag=False): super().__init__(n, b, ns)
class WithKw(metaclass=SM, flag=True): pass
t(lambda: (WithKw.flag, type(WithKw).__name__, WithKw.__class__.__name__, WithKw.__name__, WithKw.__qualname__, WithKw.__module__))
