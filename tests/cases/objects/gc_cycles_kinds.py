# Cycles through every kind of container are collected, and what they hold is finalized.
import gc

class Tag:
    count = 0
    def __del__(self):
        Tag.count += 1

def through_list():
    t = Tag(); l = [t]; t.l = l
def through_tuple():
    t = Tag(); l = []; tup = (t, l); l.append(tup)
def through_dict():
    t = Tag(); t.d = {"t": t}
def through_set():
    t = Tag(); t.s = {t}
def through_method():
    class C:
        def m(self): pass
    c = C(); c.cb = c.m; c.tag = Tag()
def through_class():
    class K:
        pass
    K.me = K
    K.tag = Tag()
def through_generator():
    def gen():
        t = Tag()
        yield t
    g = gen(); next(g)
    lst = [g]; 
    def keep(): return lst
    lst.append(keep)
def through_exception():
    try:
        raise ValueError("x")
    except ValueError as e:
        err = e
    err.tag = Tag()
    err.self = err
def through_slots():
    class S:
        __slots__ = ("a", "t")
    s = S(); s.a = s; s.t = Tag()
def through_default():
    t = Tag()
    def f(x=[t]): pass
    t.f = f
def through_subclass():
    class L(list):
        pass
    l = L(); l.append(l); l.tag = Tag()

for f in [through_list, through_tuple, through_dict, through_set, through_method, through_class,
          through_generator, through_exception, through_slots, through_default, through_subclass]:
    before = Tag.count
    f()
    gc.collect()
    print(f.__name__, Tag.count - before)
