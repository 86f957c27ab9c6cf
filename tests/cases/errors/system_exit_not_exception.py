# SystemExit(4) is not caught by `except Exception`; finally blocks still run; the process exits with status 4 and no traceback.
def work():
    try:
        print("working")
        raise SystemExit(4)
    except Exception:
        print("not reached: SystemExit is not an Exception")
    finally:
        print("finally runs")

work()
print("not reached")
