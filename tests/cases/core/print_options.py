# print(): multiple args, sep, end, file=sys.stdout/sys.stderr, flush, None sep/end, objects with __str__, sys.stdout.write.
import sys
print()
print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", "c", sep=" -> ", end=" <end>\n")
print(1, 2.5, None, True, [1, "x"], (2,), {"k": 1}, sep="|")
print("no newline", end="")
print(" continued")
print("x", sep=None, end=None)
print(*range(5), sep=", ")
print(*[], sep="ignored")
print("to stderr (ignored by the test)", file=sys.stderr)
print("explicit stdout", file=sys.stdout, flush=True)
print("flushed", flush=True)
n = sys.stdout.write("written directly\n")
print("write returned", n)
sys.stdout.write("partial ")
sys.stdout.write("line\n")
class Shown:
    def __str__(self):
        return "<shown via __str__>"
class Repr:
    def __repr__(self):
        return "Repr()"
print(Shown(), Repr(), [Repr()], sep=" ; ")
print("multi\nline", "text")
print("tab\tseparated", "é ✓ 🐍")
print("", "", sep="[]")
print("end", end="")
print()
for i in range(3):
    print(i, end=" " if i < 2 else "\n")
try:
    print("x", sep=1)
except TypeError:
    print("TypeError for non-str sep")
print("%d%%" % 50, 'quote"s', "it's")
class Collector:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
c = Collector()
print("into", "collector", sep="_", end="!", file=c)
print(c.parts)
