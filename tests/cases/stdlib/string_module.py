# string: constants, capwords, Formatter (parse, fields, conversions, nesting, numbering errors), Template.
import string


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


print(string.ascii_letters, string.ascii_lowercase, string.ascii_uppercase)
print(string.digits, string.hexdigits, string.octdigits, repr(string.whitespace), string.punctuation)
print(repr(string.printable), len(string.printable))
print(repr(string.capwords(' hello  wORLD\tagain ')), string.capwords('a-b-c', '-'), repr(string.capwords('')), string.capwords('x,,y', ','))

print('--- Formatter.parse')
f = string.Formatter()
for s in ['', 'plain', '{}', '{0}{1}', 'a{b}c', '{x!r:>10}', '{0.attr[key]}', '{{escaped}}', 'a}}b{{c',
          '{:{width}.{prec}}', '{!s}', '{a!r}', 'x{0:}y', '{0[}', '{a:{{}}}', '}}{{']:
    attempt(repr(s), lambda: list(f.parse(s)))
for s in ['{', '}', 'a{b', '{0!}', '{0!x', '{!', '{0!rr}', '{a{b}', '{0:{', 'x}y', '{0:}}']:
    attempt(repr(s), lambda: list(f.parse(s)))

print('--- Formatter.format')


class Obj:
    attr = 'ATTR'
    items = {'k': 'v', 3: 'three'}

    def __repr__(self):
        return 'Obj()'

    def __str__(self):
        return 'obj-str'

    def __format__(self, spec):
        return 'Obj formatted with %r' % spec


o = Obj()
print(f.format('{0} {1} {0}', 'a', 'b'), f.format('{} {}', 1, 2), f.format('{x}-{y}', x=1, y=2))
print(f.format('{0.attr} {0.items[k]} {0.items[3]} {1[0]}', o, [9]), f.format('{o}', o=o), f.format('{o!s} {o!r} {o!a}', o=o))
print(f.format('{0:>{1}}|{2:^{w}.{p}f}|', 'r', 5, 3.14159, w=9, p=2), f.format('{:*^10}', 'mid'), f.format('{:,}', 1234567))
print(f.format('{0:{1}{2}}', 7, '0', '5'), f.format('{!r:>8}', 'q'), f.format('{a[b]}', a={'b': 1}), f.format('ü{}ß', 'ñ'))
print(f.vformat('{0}{k}', ('pos',), {'k': 'kw'}), f.format('{:%}', 0.25), f.format('{0:x} {0:o} {0:b}', 255), f.format('{{}} {}', 'lit'))
attempt('auto then manual', lambda: f.format('{}{0}', 1))
attempt('manual then auto', lambda: f.format('{0}{}', 1))
attempt('index error', lambda: f.format('{5}', 1))
attempt('key error', lambda: f.format('{missing}'))
attempt('attr error', lambda: f.format('{0.nope}', 1))
attempt('bad conversion', lambda: f.format('{0!x}', 1))
attempt('too deep', lambda: f.format('{:{:{:{}}}}', 1, 2, 3, 4))
attempt('nested ok', lambda: f.format('{:{:{}}}', 'a', '>', 4))
attempt('empty attr', lambda: f.format('{0.}', 1))
attempt('missing bracket', lambda: f.format('{0[1}', [1]))
attempt('after bracket', lambda: f.format('{0[0]x}', [1]))
attempt('auto with attr', lambda: f.format('{.real}', 1))
attempt('bad spec', lambda: f.format('{:d}', 'str'))
print(f.get_field('0.real', (5,), {}), f.get_field('k[1]', (), {'k': 'xy'}), f.get_value(0, ('A',), {}), f.get_value('n', (), {'n': 'N'}))
print(f.convert_field(1, None), f.convert_field('s', 'r'), f.convert_field('é', 'a'), f.format_field(3.5, '>6'))


class Strict(string.Formatter):
    def check_unused_args(self, used_args, args, kwargs):
        unused = set(range(len(args))) | set(kwargs)
        unused -= used_args
        if unused:
            raise ValueError('unused: %s' % sorted(map(str, unused)))


class Defaulting(string.Formatter):
    def get_value(self, key, args, kwargs):
        if isinstance(key, str):
            return kwargs.get(key, '<%s?>' % key)
        return super().get_value(key, args, kwargs)


class Upper(string.Formatter):
    def format_field(self, value, spec):
        return super().format_field(value, spec).upper()

    def convert_field(self, value, conversion):
        if conversion == 'u':
            return str(value).upper()
        return super().convert_field(value, conversion)


print(Strict().format('{0}{a}', 1, a=2))
attempt('strict', lambda: Strict().format('{0}', 1, 2, b=3))
print(Defaulting().format('{known} {unknown}', known='K'), Upper().format('{} {!u}', 'abc', 'def'))

print('--- Template')
t = string.Template('$who likes $what; ${who}s ${what}! $$ $$who')
print(t.template, t.substitute(who='tim', what='ham'), t.substitute({'who': 'ann', 'what': 'eggs'}))
print(t.substitute({'who': 'ann', 'what': 'x'}, what='kw wins'), t.safe_substitute(who='bo'), t.get_identifiers(), t.is_valid())
attempt('missing', lambda: t.substitute(who='x'))
for bad in ['$', 'ok $1', 'line1\nline2 $ x', '${bad-id}', '${}', 'a\n\nbc$!', 'tab\t$ ']:
    tb = string.Template(bad)
    attempt(repr(bad), lambda: tb.substitute(x=1))
    print('   safe:', repr(tb.safe_substitute()), tb.is_valid(), tb.get_identifiers())
print(string.Template('$a$b${c}d $_x $x1 $1 $ü').safe_substitute(a=1, b=2, c=3, _x='U', x1='Y'))
print(string.Template('${a}${a} $a$a').get_identifiers(), string.Template('$a.b $a_b').safe_substitute(a='A'))
print(string.Template('no placeholders').substitute(), string.Template('$x').substitute(x=[1, 2]), string.Template('$x').substitute(x=None))


class Percent(string.Template):
    delimiter = '%'


class Multi(string.Template):
    delimiter = '#{'


print(Percent('%name is %% %{age}').substitute(name='Bo', age=3), Percent('$kept %x').safe_substitute())
print(Multi('#{a} and #{#{ and #{{b}').safe_substitute(a='A', b='B'))
print(string.Template.delimiter, string.Template.idpattern, string.Template.braceidpattern)
print(sorted(string.__all__))
