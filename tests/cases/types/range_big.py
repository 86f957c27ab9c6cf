# range with bounds beyond 2**63: len/OverflowError, indexing, slicing, in, index, reversed, equality
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
B = 2**64
try:
    r = range(B, B * 4, 7)
except Exception as e:
    print(type(e).__name__, e); r = None
t(lambda: (r, r.start, r.stop, r.step, r[0], r[-1], r[10**6], r[1:3], r[::-1], (B + 7) in r, (B + 8) in r, r.index(B + 70), r.count(B), bool(r)))
t(lambda: len(r))
t(lambda: r.__len__())
t(lambda: len(range(2**63)))
t(lambda: len(range(2**63 - 1)))
t(lambda: (range(2**63)[-1], range(2**100)[2**99], range(-2**100, 0)[0], 2**99 in range(2**100), range(2**100).index(2**99), range(2**70)[2**69:][:3]))
t(lambda: range(2**100)[2**100])
t(lambda: (list(range(B, B + 3)), list(reversed(range(B, B + 3))), next(iter(range(2**200, 2**201)))))
t(lambda: (range(0, B, B // 2) == range(0, B - 1, B // 2), list(range(0, B, B // 2)), hash(range(B, B + 1)) == hash(range(B, B + 5, 5))))
t(lambda: (sum(range(B, B + 10)), list(range(-B, -B - 3, -1)), range(10)[B:], range(10)[-B:2], range(10)[::B], list(range(10)[::-B])))
t(lambda: list(zip(range(2**64, 2**65), 'ab')))
t(lambda: (range(2**64).start, range(5, 2**64)[2**64 - 6], len(range(2**64)[2**64 - 10:])))
t(lambda: slice(0, 2**70, 3).indices(2**80))
t(lambda: slice(-2**70, None).indices(5))
