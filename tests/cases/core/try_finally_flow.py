# try/except/else/finally ordering, and finally overriding return/break/continue, bare re-raise.
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
