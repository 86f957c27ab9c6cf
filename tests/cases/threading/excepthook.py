# threading.excepthook: a custom hook gets exc_type/exc_value/exc_traceback/thread for each failing thread (SystemExit too); restoring the default
import threading
import _thread

calls = []


def hook(args):
    calls.append((args.exc_type.__name__, str(args.exc_value), args.thread.name,
                  args.exc_traceback is not None))


print(threading.excepthook is threading.__excepthook__)
threading.excepthook = hook


def fail(exc):
    raise exc


for name, exc in [('t-value', ValueError('bad value')), ('t-key', KeyError('k')),
                  ('t-exit', SystemExit(3)), ('t-custom', type('MyError', (Exception,), {})('mine'))]:
    th = threading.Thread(target=fail, args=(exc,), name=name)
    th.start()
    th.join()
    print(th.name, 'alive:', th.is_alive())

th = threading.Thread(target=_thread.exit, name='t-thread-exit')
th.start()
th.join()


class Broken(threading.Thread):
    def run(self):
        1 / 0


b = Broken(name='broken-run')
b.start()
b.join()

ok = threading.Thread(target=lambda: None, name='t-ok')
ok.start()
ok.join()
for c in calls:
    print(c)

# With the default hook back, the traceback goes to stderr and the program goes on.
threading.excepthook = threading.__excepthook__
th = threading.Thread(target=fail, args=(RuntimeError('to stderr'),), name='t-default')
th.start()
th.join()
print('still running', len(calls), threading.excepthook is threading.__excepthook__)
