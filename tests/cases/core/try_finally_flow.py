# try/except/else/finally ordering, finally overriding return/break/continue, re-raise, nested handlers, exception variable scope.
def order(raise_it):
    log = []
    try:
        log.append("try")
        if raise_it:
            raise ValueError("boom")
    except ValueError as e:
        log.append(f"except {e}")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log
print(order(False), order(True))
def finally_wins():
    try:
        return "try"
    finally:
        print("finally runs before return")
print(finally_wins())
def finally_overrides():
    try:
        return 1
    finally:
        return 2
print(finally_overrides())
def swallow():
    try:
        raise KeyError("lost")
    finally:
        return "swallowed"
print(swallow())
for i in range(4):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)
def reraiser():
    try:
        try:
            int("x")
        except ValueError:
            print("inner handler, re-raising")
            raise
    except ValueError as e:
        return f"outer got: {e}"
print(reraiser())
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
