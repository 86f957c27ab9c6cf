# re: flags, classes, lookarounds, backrefs, conditionals, atomic/possessive, re.error messages
import re

print(re.findall(r'^\w+$', 'ab\ncd\n', re.M), re.findall(r'a.c', 'a\nc abc', re.S))
print(re.findall(r'(?i)[a-c]+', 'xABcD'), re.findall(r'(?i)k', 'K\u212ak'))
print(re.match(r'(?i)stra\u00dfe', 'STRA\u1e9eE'), re.match('(?i)\u0150', '\u0151').span())
print(re.findall(r'\d+', 'x\u0661\u0662 34'), re.findall(r'\d+', 'x\u0661\u0662 34', re.A))
print(re.findall(r'\s+', 'a \t\u3000b'), re.findall(r'\w+', 'caf\u00e9 na\u00efve', re.A))
print(re.findall(r'\bfoo\b', 'foo foobar barfoo foo.'), re.findall(r'\Bo\B', 'foo boot'))
print(re.findall(r'\w+(?=,)', 'a, b, c'), re.findall(r'(?<!-)\b\d', '1 -2 3'))
print(re.findall(r'(?<=\$)\d+', '$10 20 $30'), re.findall(r'\d+(?!px)\b', '10px 20 30em'))
print(re.match(r'(\w)\1', 'aa'), re.match(r'(?i)(\w)\1', 'aA'), re.search(r'(\w)\1', 'abcc'))
print(re.match(r'(?P<q>[\'"]).*?(?P=q)', '"hi" there"').group())
print(re.findall(r'(<)?\w+(?(1)>)', '<a> b <c'), re.match(r'(a)?(?(1)b|c)', 'c').group())
print(re.match(r'(?>ab|a)b', 'ab'), re.match(r'(?>a|ab)b', 'ab'))
print(re.match(r'a*+a', 'aaa'), re.match(r'(?:ab|a)++b', 'abab'), re.match(r'a++b', 'aab'))
print(re.findall(r'[^\u1234\u5678]+', '\u1234ab\u5678cd'), re.findall('[\u0100-\u0200]+', 'a\u0150\u0180b'))
print(re.findall(r'(?x) a \s* b  # comment', 'a  b ab'), re.findall(r'\Aab\Z', 'ab'))
print(re.findall(r'a$', 'a\na\n'), re.findall(r'a\Z', 'a\na\n'), re.findall(r'(?m)a$', 'a\na\n'))
print(re.match(r'[\d-]+', '1-2x').group(), re.match(r'[]a]+', ']a]').group())
print(re.escape('a.b*c'), re.match(re.escape('1+1=2'), '1+1=2').group())
print(re.match(r'(?s:.)(.)', '\n\n'), re.match(r'(?i:a)A', 'aA'), re.match(r'(?i:a)A', 'aa'))
print(re.match(r'x{3}', 'xxxx').group(), re.match(r'x{,2}', 'xxx').group(), re.match('a{2,}?', 'aaa').group())
print(re.match(r'(?:a|)*b', 'aab').span(), re.match(r'(a*)+b', 'b').groups())
print(re.compile(r'\d', re.A | re.I | re.M), re.compile(b'x', re.I), re.compile('x', re.U))
print(re.compile(r'(?P<a>x)(y)').groupindex, re.compile(r'(a)(b)').groups)
print(re.compile('a', re.X).flags, re.compile(b'a').flags, re.compile('(?i)a').flags)
bad = ['(', 'a)', '[a', 'a**', '(?P<1>a)', r'\1', '(?<=a+)b', '(?P=x)', 'x{2,1}', r'\x', '(?z)']
for p in bad:
    try:
        re.compile(p)
    except re.error as e:
        print(repr(p), '->', e, e.pos)
