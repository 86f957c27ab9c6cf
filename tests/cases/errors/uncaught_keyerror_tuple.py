# An uncaught KeyError whose key is a tuple shows the repr of the key.
grid = {(0, 0): "origin", (1, 0): "east"}
for key in [(0, 0), (1, 0), ("a", 1)]:
    print(key, grid[key])
