# Helper module imported by import_local_module.py (no .out: not a test on its own).
GREETING = "hello from helper"
_private = "underscore"
calls = 0
print("helper_mod loading, __name__ =", __name__)

def greet(name):
    global calls
    calls += 1
    return f"{GREETING}, {name}"

class Shape:
    sides = 0
    def describe(self):
        return f"{type(self).__name__} with {self.sides} sides"

class Square(Shape):
    sides = 4

if __name__ == "__main__":
    print("never printed when imported")
