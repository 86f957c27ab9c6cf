# GIL: sys.getswitchinterval default 0.005, setswitchinterval round trips (process-wide, int accepted) and its errors
import sys
import threading

print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
sys.setswitchinterval(0.25)
print(sys.getswitchinterval())
for bad in (0, -1, 0.0):
    try:
        sys.setswitchinterval(bad)
    except ValueError as e:
        print('ValueError', e)
try:
    sys.setswitchinterval('fast')
except TypeError:
    print('TypeError')
print(sys.getswitchinterval())
sys.setswitchinterval(0.005)

# The interval is process-wide: a value set in one thread is seen by the others.
seen = []
t = threading.Thread(target=lambda: (sys.setswitchinterval(0.002), seen.append(sys.getswitchinterval())))
t.start()
t.join()
print(seen, sys.getswitchinterval())
sys.setswitchinterval(1)
print(sys.getswitchinterval())
sys.setswitchinterval(0.005)
print(sys.getswitchinterval())
