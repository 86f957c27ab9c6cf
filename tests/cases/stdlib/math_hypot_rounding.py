# math.hypot is correctly rounded (compared with CPython on pseudo-random vectors).
import math
seed = 12345
def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
    return (seed >> 11) / 2**53
bad = 0
for i in range(2000):
    n = i % 5 + 2
    v = [(rnd() - 0.5) * 10 ** int(rnd() * 6) for _ in range(n)]
    print(repr(math.hypot(*v)))
