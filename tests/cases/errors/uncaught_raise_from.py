# An uncaught exception raised with `from`: both tracebacks are printed, the last line is the outer exception.
def read_config(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError("config value is not a number") from e

print("reading")
read_config("forty")
