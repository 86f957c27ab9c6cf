# sys.exit() with a non-int, non-None argument prints its str() to stderr and exits with status 1.
import sys
print("about to exit")
sys.exit(["config", "missing"])
