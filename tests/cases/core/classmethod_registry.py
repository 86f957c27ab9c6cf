# classmethod state on subclasses, properties computed on each access, operator dunders used by sorted/min, getattr defaults.
class Registry:
    items = []
    @classmethod
    def register(cls, name):
        cls.items.append(name)
        return cls
    @classmethod
    def reset(cls):
        cls.items = []
Registry.register("a").register("b")
print(Registry.items)
class Sub(Registry):
    pass
Sub.reset()
Sub.register("c")
print(Registry.items, Sub.items)
class Lazy:
    def __init__(self):
        self.computed = 0
    @property
    def value(self):
        self.computed += 1
        return 42
l = Lazy()
print(l.value, l.value, l.computed)
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __add__(self, other):
        return Money(self.cents + other.cents)
    def __lt__(self, other):
        return self.cents < other.cents
    def __repr__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"
print(Money(150) + Money(275), sorted([Money(5), Money(300), Money(99)]), min(Money(7), Money(3)))
print(hasattr(l, "value"), getattr(l, "nope", "default"), callable(Registry.register), l.computed)
