# complex: construction from str/numbers, repr, attributes, conjugate, operators incl reflected/in-place, errors
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: (complex(), complex(1), complex(1.5, -2), complex('1+2j'), complex(' (3-4j) '), complex('j'), complex('-j'), complex('1e3j'), complex('inf+nanj'), complex('1_0+2_0j'), complex(True), complex(1+2j, 1j), complex('5'), complex('-1.5e-3-2.5E+2J')))
for bad in ['', '1+', 'j1', '1+2', '(1+2j', '1 + 2j', 'abc', '1+2jj', '1__0j']:
    t(lambda: complex(bad))
t(lambda: complex('1', 2))
t(lambda: complex(1, '2'))
t(lambda: complex(None))
t(lambda: complex([]))
t(lambda: [repr(z) for z in (1j, -1j, 1+0j, -0j, 0j, complex(-0.0, -0.0), complex(0.0, -0.0), 1.5+2.25j, 1e20j, 1e-20+1j, complex(float('nan'), float('inf')), complex(-float('inf'), float('-nan')), 2j * 2, complex(1, 1e16))])
z = 3 + 4j
t(lambda: (z.real, z.imag, z.conjugate(), abs(z), abs(-1j), z == 3 + 4j, z != 3, (1 + 0j) == 1, (1 + 0j) == 1.0, 1j == 1, hash(1 + 0j) == hash(1), hash(complex(0, 1)), hash(complex(2, 3)), bool(0j), bool(-0j), bool(1e-300j)))
t(lambda: (z + 1, 1 + z, z - 1, 1 - z, z * 2, 2 * z, z * z, z / 2, 2 / z, z / (1 + 1j), z ** 2, z ** 0.5, 2 ** z, z ** z, (1j) ** 2, 0j ** 0, -z, +z, z + 1.5, 1.5 - z))
t(lambda: (complex(1, 2) * complex(float('inf'), 0), 1j ** 1j, (1e200 + 1e200j) * (1e200 + 1e200j), (2 + 0j) ** 3, (2+0j) ** -1, 1j ** -2))
t(lambda: z / 0)
t(lambda: z / 0j)
t(lambda: 0j ** -1)
t(lambda: 0j ** 1j)
t(lambda: z // 2)
t(lambda: z % 2)
t(lambda: divmod(z, 2))
t(lambda: z < 1j)
t(lambda: z > 1)
t(lambda: int(z))
t(lambda: float(z))
t(lambda: round(z))
t(lambda: z & 1)
t(lambda: z + 'a')
t(lambda: (z.__add__(1), z.__radd__(1), z.__rsub__(1), z.__rmul__(2), z.__rtruediv__(1), z.__rpow__(2), z.__add__('x'), z.__eq__('x'), z.__lt__(1) if hasattr(z, '__lt__') else None, z.__ne__(z)))
def inplace():
    w = 1 + 1j; r = []
    w += 1; r.append(w); w -= 1j; r.append(w); w *= 2j; r.append(w); w /= 2; r.append(w); w **= 2; r.append(w)
    return r
t(inplace)
t(lambda: (format(z), format(z, '.3f'), format(z, '^20'), format(1j, 'g'), str(z), f"{z!r}", format(1.5 + 0j, ''), format(complex(1, -0.0), ''), format(-0j, 'z.1f')))
t(lambda: (sum([1j, 2, 3.5]), (1+2j).__class__.__name__, isinstance(1j, complex), type(1j.real).__name__, complex.__new__(complex, 1, 2), z.__getnewargs__(), complex.__name__))
t(lambda: (1j).real.__class__)
class C(complex):
    def __repr__(self): return 'C' + super().__repr__()
t(lambda: (C(1, 2), C(1, 2) + 1, type(C(1, 2) + 1).__name__, C('3j'), C(1).conjugate()))
class Cx:
    def __complex__(self): return 5j
class Fl:
    def __float__(self): return 2.5
class Ix:
    def __index__(self): return 7
t(lambda: (complex(Cx()), complex(Fl()), complex(Ix()), complex(Fl(), Fl()), complex(1j, 1j)))
class BadC:
    def __complex__(self): return 1
t(lambda: complex(BadC()))
