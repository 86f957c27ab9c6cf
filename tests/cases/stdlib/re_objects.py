# re: Pattern/Match objects: str subclasses, index arguments, group lookup errors, equality, hashing, lastgroup
import re
class S(str): pass
m = re.match('(a)(?P<n>b)?', S('ab'))
print(type(m.string).__name__, type(m.group(0)).__name__, m.group(True), m['n'], m[0], bool(m))
p = re.compile('a')
print(p.match('xa', True), p.search('bca', endpos=2**62))
for f in [lambda: m.start(1.5), lambda: m.group('zz'), lambda: m.span(5), lambda: p.sub('b', 'aaa', 1.5),
          lambda: p.search('a', pos=None), lambda: p.search('abc', 10**30), lambda: m.groups(1, 2), lambda: re.compile('(a)').match('a').expand(r'\2')]:
    try:
        print(f())
    except Exception as e:
        print('re.error' if isinstance(e, re.error) else type(e).__name__, e)
print(type(p.finditer('a')).__name__, next(p.finditer('xa')).span())
print(hash(p) == hash(re.compile('a')), p != re.compile('b'), p == 'a')
print(re.compile('(?P<x>a)|(?P<y>b)').match('b').lastgroup, re.compile('(a)|b').match('b').lastgroup)
print(re.sub('(?P<x>a)', lambda m: m.expand(r'[\g<x>]'), 'banana'))
print(re.compile(r'\w+').findall(S('ab cd')), re.split('(b)', S('abc')))
print(re.fullmatch(r'a|ab', 'ab'), re.fullmatch(r'(?:a|ab)(?=b)?', 'ab'))
print(re.match(r'(?P<n>a)', 'a').groupdict(), re.compile(r'(?P<n>a)(?P<m>b)').groupindex)
print(re.match('', 'abc', 0).span())
