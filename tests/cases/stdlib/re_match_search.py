# re: match/search/fullmatch, groups, named groups, spans, pos/endpos, Match attributes
import re

m = re.match(r'(\w+) (?P<last>\w+)(x)?', 'Isaac Newton, physicist')
print(m.group(0), m.group(1), m.group('last'), m[2], m.group(1, 'last'))
print(m.groups(), m.groups('-'), m.groupdict(), m.span(), m.span(2), m.start(3), m.end(3))
print(m.lastindex, m.lastgroup, m.regs, m.pos, m.endpos, m.re.pattern, m.string)
print(repr(m))
print(re.search(r'\d+', 'abc 123 def'))
print(re.match(r'\d+', 'abc 123'), re.fullmatch(r'\d+', '123'), re.fullmatch(r'\d+', '123a'))
p = re.compile(r'o')
print(p.search('dog', 1), p.search('dog', 2), p.match('dog', 1), p.search('dog', 0, 1))
print(p.search('dog', -5), p.search('dog', 1, 100).span(), p.fullmatch('xox', 1, 2))
print(re.compile('^a').search('ba', 1), re.compile('a$').search('ab', 0, 1))
print(re.match(r'(a)|(b)', 'b').groups(), re.match(r'(a)|(b)', 'b').lastindex)
print(re.match(r'(?:(a)|b)*', 'ab').groups(), re.match(r'(a*)*', 'aa').span(1))
print(re.match(r'(?P<n>a)(?P<m>b)?', 'a').lastgroup, re.match(r'((a)b)', 'ab').lastindex)
print(re.match(r'(a|ab)(c|bcd)(d*)', 'abcd').groups())
print(re.search(r'a{2,3}', 'aaaa').group(), re.search(r'a{2,3}?', 'aaaa').group())
print(re.match(r'(a+)+b', 'aaab').groups(), re.match(r'(?:a|bc)*', 'abcbca').end())
m = re.match(r'(?P<a>x)(?P<b>y)?', 'x')
print(m.groupdict(), m.groupdict(0), m.expand(r'[\g<a>|\g<b>|\1]'))
for bad in (3, 'zz', -1):
    try:
        m.group(bad)
    except IndexError as e:
        print('IndexError', e)
print(type(m).__name__, type(m.re).__name__, type(m).__module__)
print(re.search('x*', 'abc').span(), re.search('', '').span())
print(re.match('a', 'A', re.I), re.match(b'a', b'A', re.I))
print(bool(re.match('a', 'a')), m == m, re.compile('a') == re.compile('a'))
print(re.compile('a') == re.compile('a', re.I), hash(re.compile('ab')) == hash(re.compile('ab')))
