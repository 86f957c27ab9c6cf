# f-strings: expressions, conversions (!r !s !a), format specs (width, fill, align, sign, grouping, precision, types), nesting and =.
name, n, pi = "Ada", 1234567, 3.14159265
print(f"{name}|{name!r}|{name!s}|{'é'!a}|{n}|{pi}")
print(f"[{name:>8}] [{name:<8}] [{name:^8}] [{name:*^9}] [{name:.2}]")
print(f"{n:,} {n:_} {n:>12,} {n:012d} {-n:+,} {n:+d} {n: d}")
print(f"{pi:.2f} {pi:8.3f} {pi:<8.1f}| {pi:e} {pi:.3e} {pi:g} {pi:%} {0.25:.0%}")
print(f"{255:x} {255:X} {255:#x} {255:o} {255:#o} {255:b} {255:#010b} {-255:x}")
print(f"{65:c} {3.0:g} {1e-10:g} {12345678.9:,.2f} {0.000123:.2e}")
width, prec = 10, 3
print(f"[{pi:{width}.{prec}f}] [{name:{'>'}{width}}] [{n:{width},}]")
items = [("apple", 3, 0.5), ("kiwi", 12, 0.25), ("melon", 1, 2.75)]
for item, qty, price in items:
    print(f"{item:<8}{qty:>4} x {price:>5.2f} = {qty * price:>7.2f}")
print(f"{'nested ' + f'{1 + 1}'} {[x * 2 for x in range(3)]} {dict(a=1)['a']}")
print(f"{n = }", f"{pi = :.1f}", f"{name=!r}", f"{1 + 2=}")
print(f"{{literal}} {{{n}}} {'a' if n > 0 else 'b'}")
print(f"{True} {None} {[1, 'two']!r} {(1,)} {-7 // 2}")
class P:
    def __repr__(self):
        return "P()"
    def __str__(self):
        return "a P"
    def __format__(self, spec):
        return f"P<{spec}>"
p = P()
print(f"{p} {p!r} {p!s} {p:xyz} {format(p, '')}")
print(format(42, "08.3f"), format("x", "^5"), format(-0.0, "+.1f"), format(1e100, ".3g"))
print(f"{-12:=8} {12:=+8} {'x':=^7} {0:#x} {0:#b}")
print(f"{2.5:.0f} {3.5:.0f} {1.005:.2f} {1.25:.1f} {-1.5:.0f}")
print(f"{1234.5:_.2f} {10**20:,} {-0.001:.1%}")
multi = (f"line {1}"
         f" continues {2:>3}")
print(multi)
