# textwrap: chunk splitting (hyphens, em-dashes), wrap/fill options, max_lines/placeholder, shorten, dedent, indent.
import textwrap
from textwrap import TextWrapper, wrap, fill, shorten, dedent, indent

def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)

w = TextWrapper()
for s in ["Look, goof-ball -- use the -b option!", "a-b-c well-known x--y ab-cd-ef ---abc", "e-mail re-use non--stop",
          "2-3 ab-12 ab-c-d a.--b ab--", "one\ttwo\nthree  four", "under_score-word naïve-café", "ab-c-d-e", "--abc -abc- a-"]:
    print(w._split(s))
print(TextWrapper(break_on_hyphens=False)._split("a-b  c\td-e"))
text = ("The textwrap module provides some convenience functions, as well as TextWrapper, the class that does all "
        "the work. If you're just wrapping or filling one or two text strings, the convenience functions should be "
        "good enough; otherwise, you should use an instance of TextWrapper for efficiency.")
for width in (10, 25, 50, 79):
    print(width, wrap(text, width))
print(fill(text, 40, initial_indent="  - ", subsequent_indent="    "))
print(wrap("  leading and trailing  ", 10), wrap("  leading and trailing  ", 10, drop_whitespace=False))
print(wrap("a\tb\tc", 20), wrap("a\tb\tc", 20, expand_tabs=False), wrap("a\tb\tc", 20, tabsize=4),
      wrap("a\tb\nc", 20, expand_tabs=False, replace_whitespace=False), wrap("x\ny", 20, replace_whitespace=False))
print(wrap("Hello there.  How are you? Fine! \"Yes.\" Mr. Smith", 80, fix_sentence_endings=True))
print(wrap("Ends with A. Then x.\nNext", 80, fix_sentence_endings=True))
print(wrap("abcdefghijklmnop", 5), wrap("abcdefghijklmnop", 5, break_long_words=False), wrap("hi abcdefghijklmnop", 5))
print(wrap("well-documented-function-names", 10), wrap("well-documented-function-names", 10, break_on_hyphens=False))
print(wrap("---------", 4), wrap("a---------", 4), wrap("this-is-a-very-long-hyphenated-word", 7))
print(wrap("one two three four five six seven", 12, max_lines=2), wrap("one two three four", 12, max_lines=2))
print(wrap("one two three four five", 9, max_lines=2, placeholder="..."), wrap("aaaaaaaaaa bbbbbbbbbb", 10, max_lines=2, placeholder=" ..."))
t("long first word", lambda: wrap("aaaaaaaaaa bbbbbbbbbb", 10, max_lines=1, placeholder=" [...]"))
print(wrap("a b c d e f g h i j", 8, max_lines=3, subsequent_indent="> "), wrap("", 10), wrap(" \n\t ", 10), wrap("x", 1))
t("width 0", lambda: wrap("abc", 0))
t("placeholder too large", lambda: wrap("abc def", 4, max_lines=1, placeholder=" [....]"))
t("placeholder fits", lambda: wrap("abcdef ghi", 6, max_lines=1, placeholder="[..]"))
print(repr(shorten("Hello  world!", width=12)), repr(shorten("Hello  world!", width=11)), repr(shorten("  a   b  ", 10)))
print(repr(shorten("The quick brown fox jumps over the lazy dog", 15)), repr(shorten("The quick brown fox", 15, placeholder="~")))
t("shorten tiny", lambda: shorten("hello world", 3))
tw = TextWrapper(width=20, initial_indent="* ", subsequent_indent="  ", break_long_words=False)
print(tw.fill("Supercalifragilisticexpialidocious is a long word indeed"))
print(tw.width, tw.max_lines, repr(tw.placeholder), tw.tabsize)
class Upper(TextWrapper):
    def _split(self, text):
        return [c.upper() for c in super()._split(text)]
print(Upper(width=10).wrap("lower case words here"))
# dedent
print(repr(dedent("    hello\n      world\n    !")), repr(dedent("  a\n\tb")), repr(dedent("\ta\n\t\tb\n")))
print(repr(dedent("   \n  x\n \t \n  y\n   ")), repr(dedent("no indent\n  some")), repr(dedent("")), repr(dedent("\n\n")))
print(repr(dedent("  \tx\n  \ty\n  z")), repr(dedent(" x\r\n y\r\n")), repr(dedent("  a\n    b\n   c")))
# indent
print(repr(indent("a\nb\n\n  \nc", "> ")), repr(indent("a\r\nb\rc", "+")), repr(indent("", "x")), repr(indent("x\n", "  ")))
print(repr(indent("a\n\nb", "# ", lambda line: True)), repr(indent("aa\nb\nccc", "-", lambda l: len(l.strip()) > 1)))
print(sorted(textwrap.__all__))
