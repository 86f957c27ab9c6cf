# Writes testdata/cases.txt for the engine's unit tests: code lists from CPython 3.13's
# re._compiler and the results CPython's own matcher gives for them.
# Run: PYENV_VERSION=3.13.0 python3 stdlib/src/sre/gen_fixture.py > stdlib/src/sre/testdata/cases.txt
import re
from re import _compiler, _parser

CASES = [
    ("abc", 0, "xxabcxx"), ("a|b|c", 0, "zzc"), ("(a)|b", 0, "b"), ("(a)|(b)", 0, "b"),
    ("a*b", 0, "aaab"), ("a*?b", 0, "aab"), ("(?:ab)*c", 0, "ababc"), ("(?:ab)*?c", 0, "abc"),
    ("(a+)+$", 0, "aaaa"), ("(a|ab)(c|bcd)(d*)", 0, "abcd"), ("a{2,3}", 0, "aaaa"),
    ("a{2,3}?", 0, "aaaa"), ("(?:a{2})*", 0, "aaaaa"), ("a*+a", 0, "aaa"), ("(?:ab|a)*+b", 0, "abab"),
    ("(?>ab|a)b", 0, "ab"), ("(?>a|ab)b", 0, "ab"), ("(?=a)\\w+", 0, "abc"), ("\\w+(?<!c)", 0, "abc"),
    ("(?!a)\\w", 0, "ab"), ("(?<=a)b", 0, "ab"), ("(a)?(?(1)b|c)", 0, "c"), ("(a)?(?(1)b|c)", 0, "ab"),
    ("(\\w)\\1", 0, "xyzzy"), ("(?i)(\\w)\\1", 0, "xyzZy"), ("^\\d+$", re.M, "ab\n123\n"),
    ("\\bfoo\\b", 0, "a foo b"), ("\\Bo", 0, "foo"), ("[a-z0-9]+", 0, "--ab09--"),
    ("[^\u1234\u5678]+", 0, "\u1234ab\u5678"), ("(?i)straße", 0, "STRASSE strasSe"),
    ("(?i)[a-c]+", 0, "xABCd"), ("(?i)k", 0, "\u212a"), ("\\s+", 0, "a \t\u3000b"),
    ("\\d+", 0, "x\u0661\u0662y"), ("\\d+", re.A, "x\u0661\u066212y"), ("$", 0, "ab\n"),
    ("a.c", 0, "a\nc abc"), ("a.c", re.S, "a\nc"), ("(?:a|)*b", 0, "aab"), ("(a*)*b", 0, "aab"),
    ("(a*)+b", 0, "b"), ("(?:(a)|b)*", 0, "ab"), ("(a)|b", 0, "ab"), ("x*", 0, ""),
    ("(?P<n>a)(?P=n)", 0, "aa"), ("[\u0100-\u0200\u1000]+", 0, "a\u0150\u1000b"),
    ("(?i)\u0150", 0, "\u0151"), ("(a|b)*?c", 0, "abac"), ("(?:a+?)+?b", 0, "aab"),
    ("a(?=b)|a", 0, "ac"), ("\\Aab\\Z", 0, "ab"), ("(?s).*x", 0, "ab\nx\n"),
]

def ints(xs):
    return ",".join(str(int(x)) for x in xs)

for pat, flags, subj in CASES:
    p = re.compile(pat, flags)
    code = _compiler._code(_parser.parse(pat, flags), p.flags)
    for mode, fn in (("search", p.search), ("match", p.match), ("fullmatch", p.fullmatch)):
        m = fn(subj)
        if m is None:
            res = "none"
        else:
            marks = [x for i in range(1, p.groups + 1) for x in m.span(i)]
            res = "%d,%d;%s;%d" % (m.start(), m.end(), ints(marks), m.lastindex or -1)
        print("|".join([mode, ints(code), ints(map(ord, subj)), str(p.groups), res, repr(pat)]))
