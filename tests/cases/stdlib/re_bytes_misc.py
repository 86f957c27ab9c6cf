# re: bytes and bytearray subjects, LOCALE/ASCII on bytes, templates, scanner, copies, reprs
import re, copy, _sre

print(re.findall(rb'\w+', b'caf\xe9 ok_1'), re.findall(rb'(?i)[a-c]+', b'xABcD\xc1'))
print(re.findall(rb'(?L)\w+', b'ab cd'), re.match(rb'(?L)(?i)a', b'A'))
m = re.search(rb'(\d+)-(\d+)', bytearray(b'tel 12-34'))
print(m.group(), m.groups(), type(m.group(1)).__name__, type(m.string).__name__)
print(re.sub(rb'(\d)', rb'<\1>', b'a1b2'), re.sub(rb'x', lambda m: b'yy', b'axb'))
print(re.split(rb'\s+', b'a b\tc'), re.search(b'\\x00', b'a\x00b').span())
print(re.sub(b'a', bytearray(b'Z'), b'banana'), re.findall(b'.', memoryview(b'ab')))
m = re.match(r'(?P<first>\w+) (?P<second>\w+)', 'Jane Doe')
print(m.expand(r'\g<second>, \g<first>!'), m.expand(r'\2\n'), m.expand(r'\g<0>'))
try:
    m.expand(r'\g<third>')
except IndexError as e:
    print('IndexError', e)
p = re.compile(r'(\w)(\d)?')
it = p.finditer('a1 b c3', 1, 6)
print([(x.span(), x.groups(), x.pos, x.endpos) for x in it])
print(re.sub('', '-', ''), re.sub('$', '!', 'ab\n'), re.sub('(?m)^', '> ', 'a\nb'))
print(re.split('x', 'axbxc', maxsplit=-1), re.split('(x)', 'axbxc', maxsplit=1))
print(re.subn('a|(b)', r'[\1]', 'abc', count=1), re.sub('a', r'\\', 'xax'))
print(copy.copy(p) is p, copy.deepcopy(p) is p, p.pattern, p.groups, p.flags)
print(re.compile('x' * 300)  == re.compile('x' * 300), len(repr(re.compile('y' * 300))))
print(repr(re.compile(b'abc', re.I | re.X)), repr(re.compile('a', re.A | re.S)))
print(repr(re.compile(r'a\d', re.U)), repr(re.compile('a', re.M | re.L | re.I)) if False else '')
print(_sre.MAGIC == re._constants.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, _sre.getcodesize())
print(_sre.ascii_iscased(ord('a')), _sre.ascii_iscased(ord('1')), _sre.ascii_tolower(ord('Q')))
print(_sre.unicode_iscased(0xdf), _sre.unicode_iscased(0x3a3), _sre.unicode_tolower(0x130))
print(_sre.unicode_tolower(0x1e9e), _sre.unicode_iscased(ord('5')), _sre.unicode_tolower(0x3a3))
print(re.match('(?i)\u03c3', '\u03a3'), re.match('(?i)\u03c2', '\u03a3'), re.match('(?i)\u0130', 'i'))
print(re.Pattern.__name__, re.Match.__name__, re.Pattern.__module__)
print(re.search('a', 'ba').re is re.search('a', 'ba').re)
for bad in [lambda: re.compile('a').match(), lambda: re.compile('a').search('a', 'x'),
            lambda: re.compile('(a)').match('a').start(2), lambda: re.compile(b'a').sub('b', b'a')]:
    try:
        bad()
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)
p = re.compile('a')
for f in [lambda: p.match('a', 1, 2, 3), lambda: p.search('a', string='a'),
          lambda: p.sub('a'), lambda: p.split(), lambda: re.sub(b'a', 'b', b'xa'), lambda: re.sub('a', 5, 'x')]:
    try:
        print(f())
    except TypeError as e:
        print('TypeError', e)
print(re.sub(b'a', 'b', b'xyz'), re.sub(b'a', memoryview(b'q'), b'xa'))
