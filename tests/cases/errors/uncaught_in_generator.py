# An exception raised inside a generator propagates out of the consuming for loop uncaught.
def numbers():
    for i in range(10):
        if i == 3:
            raise LookupError(f"generator failed at {i}")
        yield i

for n in numbers():
    print("got", n)
print("not reached")
