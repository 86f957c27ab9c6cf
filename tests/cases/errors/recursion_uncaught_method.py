# Unbounded recursion through a method is an uncaught RecursionError (exit 1), not a crash of the interpreter.
class Walker:
    def __init__(self):
        self.steps = 0

    def walk(self, n):
        self.steps += 1
        return self.walk(n + 1) + 1

print("walking")
Walker().walk(0)
