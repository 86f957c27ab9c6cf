# A memoryview put on a queue shares its buffer with the receiver (CPython: PyBUF_FULL_RO view, not a copy).
from concurrent import interpreters
q = interpreters.create_queue()
data = bytearray(b"shared")
try:
    q.put(memoryview(data))
    view = q.get()
    data[0] = ord("S")
    print("memoryview:", type(view).__name__, bytes(view), flush=True)
except interpreters.NotShareableError:
    print("memoryview: NotShareableError", flush=True)
