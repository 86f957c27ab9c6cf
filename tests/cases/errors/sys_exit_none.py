# sys.exit() with no argument ends the program with status 0 and nothing on stderr; code after it does not run.
import sys
for i in range(5):
    print("line", i)
    if i == 2:
        sys.exit()
print("not reached")
