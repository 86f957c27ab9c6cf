# An unindent that matches no outer indentation level is an IndentationError.
def f():
        x = 1
    return x
print(f())
