# re: findall/finditer/sub/subn with callables and group references, split, empty matches
import re

print(re.findall(r'\w+', 'hello big world'), re.findall(r'(\w)(\d)?', 'a1b c2'))
print(re.findall(r'(a)', 'xaxa'), re.findall('', 'ab'), re.findall(r'x*', 'axxb'))
print([m.span() for m in re.finditer(r'\d+', 'a1b22c333')])
print([m.group() for m in re.finditer(r'x*', 'axb')])
print(re.sub(r'(\w+) (\w+)', r'\2 \1', 'hello world, big apple'))
print(re.sub(r'(?P<w>\w+)', r'<\g<w>>', 'a bc'), re.sub(r'(\w)', r'\g<1>0', 'ab'))
print(re.sub(r'\d', lambda m: str(int(m.group()) * 2), 'a1b5c9'))
print(re.sub('a', 'x', 'aaaa', count=2), re.subn('a', 'x', 'banana'))
print(re.sub('x*', '-', 'abxd'), re.sub('', '-', 'abc'), re.sub('(b)?c', r'[\1]', 'ac bc'))
print(re.sub(r'a', r'\n\t\\', 'bab'), re.sub('a', lambda m: '', 'banana'))
print(re.subn(r'(\d+)', lambda m: m.group(1)[::-1], 'x123y45'))
print(re.split(r'\W+', 'Words, words, words.'), re.split(r'(\W+)', 'Words, words.'))
print(re.split(r'\W+', 'Words, words, words.', maxsplit=1), re.split('x*', 'axbc'))
print(re.split(r'(a)|b', 'xaybz'), re.split(',', ''), re.split('', 'ab'))
p = re.compile(r'\d')
print(p.sub('#', 'a1b2'), p.findall('a1b2c3', 2, 5), p.split('a1b2c'))
s = p.scanner('a1b2')
print(s.search().group(), s.search().group(), s.search(), s.pattern is p)
s = re.compile(r'\w').scanner('ab c')
print(s.match().group(), s.match().group(), s.match())
print(re.sub(b'a', b'b', b'aXa'), re.findall(rb'\d', b'1a2'), re.split(b',', b'a,b'))
print(re.sub(r'(a)(b)?', lambda m: repr(m.groups()), 'a ab'))
for repl in (r'\3', r'\g<nope>', r'\q'):
    try:
        re.sub(r'(a)(b)', repl, 'ab')
    except (re.error, IndexError) as e:
        print('re.error' if isinstance(e, re.error) else type(e).__name__, e)
try:
    re.sub('a', lambda m: 5, 'a')
except TypeError as e:
    print('TypeError', e)
try:
    re.sub('a', 'b', b'a')
except TypeError as e:
    print('TypeError', e)
try:
    re.search(b'a', 'a')
except TypeError as e:
    print('TypeError', e)
try:
    re.search('a', 3)
except TypeError as e:
    print('TypeError', e)
