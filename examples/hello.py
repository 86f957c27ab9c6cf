# A small tour of what rupy runs: functions, a class, comprehensions, f-strings, exceptions.
import sys


def greet(name, punctuation="!"):
    return f"Hello, {name}{punctuation}"


class Inventory:
    """A tiny inventory with totals and a report."""

    def __init__(self, owner):
        self.owner = owner
        self.items = {}

    def add(self, name, qty, price):
        if qty <= 0:
            raise ValueError(f"quantity must be positive, got {qty}")
        old_qty, _ = self.items.get(name, (0, price))
        self.items[name] = (old_qty + qty, price)
        return self

    def total(self):
        return sum(qty * price for qty, price in self.items.values())

    def report(self):
        lines = [f"{self.owner}'s inventory:"]
        for name, (qty, price) in sorted(self.items.items()):
            lines.append(f"  {name:<8}{qty:>4} x {price:>6.2f} = {qty * price:>8.2f}")
        lines.append(f"  {'total':<8}{'':>15}{self.total():>9.2f}")
        return "\n".join(lines)


def main(argv):
    who = argv[1] if len(argv) > 1 else "world"
    print(greet(who))

    squares = [n * n for n in range(10) if n % 2 == 0]
    print(f"even squares: {squares}, their sum: {sum(squares)}")

    inv = Inventory("Ada").add("apple", 3, 0.5).add("pear", 2, 0.75).add("apple", 2, 0.5)
    print(inv.report())

    try:
        inv.add("plum", 0, 1.0)
    except ValueError as e:
        print(f"refused: {e!r}")

    words = "the quick brown fox jumps over the lazy dog".split()
    lengths = {w: len(w) for w in words}
    longest = max(words, key=len)
    print(f"{len(words)} words, {len(lengths)} distinct, longest {longest!r} ({lengths[longest]} letters)")
    print(f"2**100 = {2 ** 100:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
