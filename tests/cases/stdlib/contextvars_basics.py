# contextvars: get/set/reset, tokens, copy_context, Context.run isolation, errors
import contextvars
v = contextvars.ContextVar('v', default=1)
w = contextvars.ContextVar('w')
print(v.get(), v.name)
try:
    w.get()
except LookupError as e:
    print('LookupError', type(e.args[0]).__name__)
print(w.get(5))
t = v.set(2)
print(v.get(), t.var is v, t.old_value is contextvars.Token.MISSING)
ctx = contextvars.copy_context()
v.set(3)
print(v.get(), ctx[v], v in ctx, w in ctx, len(ctx))
def inside(x):
    v.set(x)
    return v.get()
print(ctx.run(inside, 10), ctx[v], v.get())
v.reset(t)
print(v.get())
try:
    v.reset(t)
except RuntimeError as e:
    print('RuntimeError')
try:
    ctx.run(lambda: ctx.run(print))
except RuntimeError as e:
    print('RuntimeError', 'already entered' in str(e))
try:
    contextvars.ContextVar(1)
except TypeError as e:
    print(e)
print(sorted(k.name for k in ctx), list(ctx.values()))
