# re: differential sweep of generated patterns (nesting, quantifiers, lookarounds, atomic,
# possessive, conditionals) over short subjects; prints a digest of every result per block
import re
atoms = ['(a|b)*', '(?(1)a|b)', '(?:a|b)+?', '(a*)*', '(?i:A)', '[^b]+?', 'a{0,2}+', '(?s:.)', '(?m:^)', '\\B', 'a', 'b', '.', '[ab]', '[^a]', '(a)', '(b|a)', '(?:ab)', '(a|)', 'a?', '\\w', '(?P<n>a)', '(?=a)', '(?!b)', '(?<=a)', '(?<!b)', '\\b', '$', '^', '(?>a|ab)']
quants = ['', '*', '+', '?', '*?', '+?', '??', '{1,2}', '{2}', '*+', '{0,1}?', '++']
class R:
    x = 777
    def r(self):
        self.x = (self.x * 1103515245 + 12345) % 2147483648
        return self.x / 2147483648
    def randint(self, a, b):
        return a + int(self.r() * (b - a + 1))
    def choice(self, l):
        return l[int(self.r() * len(l))]
    def random(self):
        return self.r()
random = R()
subjects = ['', 'a', 'ab', 'aab', 'abab', 'ba', 'aaa', 'abba', 'bbaa', 'a\nb', 'abcab']
out = []
for i in range(600):
    n = random.randint(1, 4)
    p = ''.join(random.choice(atoms) + random.choice(quants) for _ in range(n))
    if random.random() < 0.3:
        p = '(' + p + ')' + random.choice(quants)
    if random.random() < 0.2:
        p += '|' + random.choice(atoms)
    if random.random() < 0.15:
        p += '\\1' if '(a)' in p or '(b|a)' in p else ''
    try:
        c = re.compile(p)
    except re.error:
        continue
    for s in subjects:
        m = c.search(s)
        r = None if m is None else (m.span(), m.groups(), m.lastindex)
        out.append('%r %r %r %r' % (p, s, r, c.findall(s)))
def digest(lines):
    h = 0
    for line in lines:
        for ch in line:
            h = (h * 31 + ord(ch)) % 1000000007
    return h
for k in range(0, len(out), 400):
    print(k, digest(out[k:k + 400]))
print(len(out))
