# open(): reading a text fixture (read/readline/readlines/iteration), binary read, writing and appending text and bytes, with-blocks.
with open("data.txt") as f:
    print(repr(f.read()))
with open("data.txt", encoding="utf-8") as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.readline()), repr(f.readline()), repr(f.readline()))
with open("data.txt", "r") as f:
    print(f.readlines())
with open("data.txt") as f:
    for number, line in enumerate(f, 1):
        print(number, line.rstrip("\n"))
with open("data.txt", "rb") as f:
    raw = f.read()
print(type(raw).__name__, len(raw), raw[:10], raw.count(b"\n"), raw.decode("utf-8").count("é"))
with open("data.txt", "rb") as f:
    print(f.read(5), f.read(6), f.readline())
f = open("data.txt")
print(f.closed, f.read(3))
f.close()
print(f.closed)
name = "open_files.tmp"
with open(name, "w") as out:
    n = out.write("alpha\n")
    out.write("beta ✓\n")
    print("wrote", n)
with open(name, "a") as out:
    print("gamma", 3, sep="=", file=out)
    out.writelines(["x\n", "y\n"])
with open(name) as back:
    print(back.read().splitlines())
with open(name, "wb") as out:
    out.write(bytes(range(250, 256)) + b"\x00end")
with open(name, "rb") as back:
    data = back.read()
print(list(data[:6]), data[6:], len(data))
with open(name, "w") as out:
    out.write("")
with open(name) as back:
    print(repr(back.read()))
try:
    open("definitely_missing_file.txt")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.filename)
try:
    with open(name) as ro:
        ro.write("x")
except Exception as e:
    print("cannot write to a file opened for reading:", type(e).__name__)
with open(name, "w") as out:
    print(out.closed)
print(out.closed)
