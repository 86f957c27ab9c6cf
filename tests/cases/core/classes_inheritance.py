# Simple classes with single inheritance: __init__, methods, class vs instance attributes, super(), overriding, isinstance, __str__/__repr__.
class Animal:
    kingdom = "animalia"
    count = 0
    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound
        Animal.count += 1
    def speak(self):
        return f"{self.name} says {self.sound}"
    def kind(self):
        return type(self).__name__.lower()
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
class Dog(Animal):
    def __init__(self, name, tricks=()):
        super().__init__(name, "woof")
        self.tricks = list(tricks)
    def speak(self):
        base = super().speak()
        return base + "!" * len(self.tricks)
    def __str__(self):
        return f"Dog named {self.name}"
class Puppy(Dog):
    kingdom = "cute"
    def speak(self):
        return super().speak().replace("woof", "yip")
a = Animal("generic")
d = Dog("rex", ["sit", "roll"])
p = Puppy("bit")
for x in (a, d, p):
    print(x.speak(), "|", x.kind(), "|", x.kingdom, "|", repr(x), "|", str(x))
print(Animal.count, d.count, isinstance(p, Animal), isinstance(a, Dog), issubclass(Puppy, Dog), issubclass(Dog, Puppy))
print(Puppy.__bases__, Puppy.__mro__, Puppy.__name__, Dog.__qualname__)
d.kingdom = "instance override"
print(d.kingdom, Dog.kingdom, Animal.kingdom, "kingdom" in vars(d), sorted(vars(d)))
del d.kingdom
print(d.kingdom)
class Stack:
    def __init__(self):
        self._items = []
    def push(self, item):
        self._items.append(item)
        return self
    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()
    def __len__(self):
        return len(self._items)
    def __bool__(self):
        return bool(self._items)
    def __eq__(self, other):
        return isinstance(other, Stack) and self._items == other._items
    def __iter__(self):
        return iter(reversed(self._items))
s = Stack().push(1).push(2).push(3)
print(len(s), bool(s), list(s), s.pop(), len(s), s == Stack().push(1).push(2), s != Stack())
try:
    Stack().pop()
except IndexError as e:
    print("IndexError:", e)
m = Stack.push
print(m(Stack(), 5)._items, type(s.push).__name__, s.push.__self__ is s)
class Empty:
    pass
e = Empty()
e.dynamic = 1
print(e.dynamic, type(e).__name__, Empty.__name__, isinstance(e, object))
try:
    e.missing
except AttributeError as err:
    print("AttributeError:", err)
