# atexit: callbacks run at exit last-registered first, with their arguments; unregister and _clear
import atexit
def say(*args, **kwargs):
    print('exit', args, sorted(kwargs.items()))
def never():
    print('never printed')
print(atexit.register(say, 1, key='a') is say)
atexit.register(never)
atexit.register(say, 2)
atexit.register(never)
print(atexit._ncallbacks())
atexit.unregister(never)
atexit.unregister(print)
try:
    atexit.register(42)
except TypeError as e:
    print('TypeError', e)
@atexit.register
def decorated():
    print('decorated runs first')
    atexit.register(lambda: print('registered during exit'))
print('end of script')
