# An uncaught ValueError raised three calls deep after some output: stdout is kept, traceback goes to stderr, exit status 1.
def validate(n):
    if n > 40:
        raise ValueError(f"bad input {n}")
    return n

def process(items):
    total = 0
    for item in items:
        total += validate(item)
        print("accepted", item)
    return total

def main():
    print("start")
    return process([10, 20, 42, 5])

main()
print("not reached")
