# _csv.Dialect and the dialect registry: defaults, validation errors, reuse and lookup by name.
import _csv
def show(d):
    return (d.delimiter, d.quotechar, d.escapechar, d.doublequote, d.skipinitialspace,
            d.lineterminator, d.quoting, d.strict)
def t(*a, **kw):
    try:
        print(show(_csv.Dialect(*a, **kw)))
    except Exception as e:
        print(type(e).__name__, e)
t()
t(delimiter=";", quotechar="'", escapechar="\\", doublequote=0, skipinitialspace=1, lineterminator="\n", quoting=_csv.QUOTE_ALL, strict=[1])
t(delimiter=None); t(delimiter="ab"); t(delimiter=1); t(delimiter="")
t(quotechar=None); t(quotechar=None, quoting=_csv.QUOTE_NONE); t(quotechar="ab")
t(escapechar="ab"); t(escapechar=1); t(lineterminator=None); t(lineterminator=1)
t(quoting=9); t(quoting="x"); t(quoting=None)
t(delimiter=" ", skipinitialspace=True)
class Semi:
    delimiter = ";"
    quoting = _csv.QUOTE_NONE
    quotechar = None
t(Semi); t(Semi(), delimiter=":")
_csv.register_dialect("semi", Semi, strict=True)
print(show(_csv.get_dialect("semi")), sorted(_csv.list_dialects()))
t("semi"); t("nope")
d = _csv.get_dialect("semi")
print(_csv.Dialect(d) is d, _csv.Dialect(d, strict=False) is d, type(d).__name__, type(d).__module__)
print(list(_csv.reader(["a;b"], "semi")), list(_csv.reader(["a;b"], dialect=d, delimiter=",")))
_csv.unregister_dialect("semi")
for f in (lambda: _csv.unregister_dialect("semi"), lambda: _csv.get_dialect("semi"), lambda: _csv.register_dialect(1), lambda: _csv.field_size_limit("x")):
    try:
        f()
    except Exception as e:
        print(type(e).__module__, type(e).__name__, e)
print(sorted(_csv.list_dialects()), issubclass(_csv.Error, Exception), _csv.Error.__module__)
print(_csv.QUOTE_MINIMAL, _csv.QUOTE_ALL, _csv.QUOTE_NONNUMERIC, _csv.QUOTE_NONE)
class Sub(_csv.Dialect):
    pass
s = Sub(delimiter="|"); s.extra = 5
print(type(s).__name__, s.delimiter, s.extra, isinstance(s, _csv.Dialect))
for obj in (s, _csv.Dialect()):
    try:
        obj.quoting = 1
    except AttributeError as e:
        print(e)
t(lineterminator=None, quoting="x"); t(lineterminator=None, quotechar=None, quoting=0); t(quoting=7, quotechar=None)
