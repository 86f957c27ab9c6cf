# _csv.writer: quoting modes, doubling and escaping quotes, line terminators, writerows and errors.
import _csv
class Out:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
def t(rows, **kw):
    o = Out()
    try:
        w = _csv.writer(o, **kw)
        for row in rows:
            print(w.writerow(row), end=" ")
        print(repr("".join(o.parts)))
    except Exception as e:
        print(type(e).__module__, type(e).__name__, e, repr("".join(o.parts)))
t([["a", "b,c", 'd"e', "multi\nline", 1, 2.5, None, ""], []])
t([[""], [None], ["x"]])
t([["a", 1, None, 2.5, True]], quoting=_csv.QUOTE_ALL, lineterminator="\n")
t([["a", 1, None, 2.5, True]], quoting=_csv.QUOTE_NONNUMERIC)
t([["semi;colon", "it's", "plain"]], delimiter=";", quotechar="'")
t([["a,b"]], quoting=_csv.QUOTE_NONE)
t([["a,b", 'q"', "\\", "x\ny"]], quoting=_csv.QUOTE_NONE, escapechar="\\")
t([[""]], quoting=_csv.QUOTE_NONE)
t([['a"b']], doublequote=False, escapechar="\\")
t([['a"b']], doublequote=False)
t([["a b", " x", "y\r", "t\tz"]])
t([["a", "b"]], lineterminator="!")
t([["a!b"]], lineterminator="!")
t([1])
t([range(3), (x * 2 for x in range(2)), "ab"])
o = Out()
_csv.register_dialect("tab", delimiter="\t", lineterminator="\n")
w = _csv.writer(o, dialect="tab")
print(w.writerows([["a", "b\tc"], [1, 2]]), repr("".join(o.parts)), w.dialect.delimiter == "\t")
for bad in (1, object()):
    try:
        _csv.writer(bad)
    except TypeError as e:
        print("TypeError", e)
class Boom:
    def __str__(self):
        raise ValueError("no str")
t([["a", Boom()]])
