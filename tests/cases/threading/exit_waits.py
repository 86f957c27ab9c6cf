# at exit the interpreter waits for every non-daemon thread still running, but not for daemon threads
import threading
import time


def slow():
    time.sleep(0.1)
    print('non-daemon thread: slept 0.1 s')


def after(other):
    other.join()
    print('second non-daemon thread: done last')


def never():
    threading.Event().wait()  # blocks forever; a daemon does not hold up exit
    print('daemon: never printed')


threading.Thread(target=never, daemon=True).start()
first = threading.Thread(target=slow)
first.start()
threading.Thread(target=after, args=(first,)).start()
print('main: end of module', threading.active_count())
