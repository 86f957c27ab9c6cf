# threading.Thread: repr through its life, name/daemon/ident/native_id, is_alive, join(timeout), run override, enumerate/active_count, errors
import threading


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


def show(th):
    # The ident appears in the repr once started; hide its digits.
    text = repr(th)
    if th.ident is not None:
        text = text.replace(str(th.ident), 'IDENT')
    return text


main = threading.main_thread()
print(main is threading.current_thread(), main.name, main.daemon, show(main))
print(threading.get_ident() == main.ident, threading.get_native_id() == main.native_id)
print(type(threading.TIMEOUT_MAX).__name__, threading.TIMEOUT_MAX > 1e6)

gate = threading.Event()
th = threading.Thread(target=gate.wait, name='waiter')
print(show(th), th.is_alive(), th.ident, th.native_id, th.daemon)
attempt('join unstarted:', th.join)
th.start()
print(show(th), th.is_alive(), type(th.ident).__name__, type(th.native_id).__name__)
print(th.ident != main.ident, th.native_id != main.native_id)
th.join(0.05)
print('after join(0.05):', th.is_alive())
print(sorted(t.name for t in threading.enumerate()), threading.active_count())
attempt('start twice:', th.start)
attempt('daemon of started:', lambda: setattr(th, 'daemon', True))
gate.set()
th.join()
print(show(th), th.is_alive())
print(sorted(t.name for t in threading.enumerate()), threading.active_count())
attempt('join current:', threading.current_thread().join)


def f():
    pass


# Default names count up from Thread-1 and mention the target's name.
print(threading.Thread(target=f).name, threading.Thread().name, threading.Thread(target=lambda: 0).name)
d = threading.Thread(target=f, name='dm', daemon=True)
print(show(d), d.daemon)
d.start()
d.join()
print(show(d))
print(threading.Thread(name=42).name, threading.Thread(daemon=False).daemon)


class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__(name=f'worker-{n}')
        self.n = n
        self.result = None

    def run(self):
        self.result = (self.name, threading.current_thread() is self, sum(range(self.n)))


ws = [Worker(n) for n in (10, 100, 1000)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print([w.result for w in ws])

# target with args and kwargs.
out = []
t2 = threading.Thread(target=lambda a, b=0: out.append(a * b), args=(6,), kwargs={'b': 7})
t2.start()
t2.join()
print(out)
