# property (getter/setter/deleter), staticmethod, classmethod (alternate constructors, inherited cls), class attributes as counters.
class Temperature:
    instances = 0
    def __init__(self, celsius=0.0):
        self._c = celsius
        Temperature.instances += 1
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value
    @celsius.deleter
    def celsius(self):
        print("deleting")
        self._c = None
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def convert(c):
        return c * 9 / 5 + 32
    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)
    def __repr__(self):
        return f"{type(self).__name__}({self._c})"
t = Temperature(100)
print(t.celsius, t.fahrenheit, Temperature.convert(0), t.convert(-40))
t.celsius = 37.5
print(t, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 0
except AttributeError:
    print("AttributeError: read-only property")
del t.celsius
print(t.celsius)
class Kelvin(Temperature):
    pass
k = Kelvin.from_fahrenheit(212)
print(k, type(k).__name__, Temperature.instances)
print(type(Temperature.__dict__["convert"]).__name__, type(Temperature.__dict__["from_fahrenheit"]).__name__, type(Temperature.celsius).__name__)
