# except clauses: tuple and base-class handlers, the except variable is unbound afterwards, nested try, raising in else, implicit context, retry loops.
try:
    [][0]
except (KeyError, IndexError) as e:
    print("tuple handler:", type(e).__name__)
try:
    {}["k"]
except LookupError as e:
    print("base class handler:", type(e).__name__, isinstance(e, KeyError))
try:
    raise ValueError("scoped")
except ValueError as err:
    pass
try:
    err
except NameError:
    print("except variable is deleted after the handler")
def nested():
    try:
        try:
            raise TypeError("t")
        finally:
            print("inner finally")
    except TypeError:
        print("outer caught")
    finally:
        print("outer finally")
nested()
def exc_in_else():
    try:
        pass
    except Exception:
        print("not here")
    else:
        raise RuntimeError("from else")
try:
    exc_in_else()
except RuntimeError as e:
    print("caught", e)
try:
    try:
        raise ValueError(1)
    except ValueError:
        raise TypeError(2)
except TypeError as e:
    print(repr(e), repr(e.__context__))
count = 0
while True:
    try:
        count += 1
        if count < 3:
            raise OSError(count)
        break
    except OSError as e:
        print("retry after", e.args)
print("count", count)
