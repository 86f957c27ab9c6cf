# An exception raised inside an except block is reported with "During handling of the above exception"; last line is the new one.
data = {"a": 1}
try:
    value = data["b"]
except KeyError:
    print("handling missing key")
    value = data["a"] / 0.5
    raise TypeError(f"fallback produced {value}, giving up")
