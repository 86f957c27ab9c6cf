# Mixing tabs and spaces inconsistently in one block is a TabError.
if True:
        x = 1
	y = 2
print(x, y)
