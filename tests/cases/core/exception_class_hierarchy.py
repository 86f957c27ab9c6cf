# User-defined exception hierarchies: catching by base class, handler order, attributes, __str__, exception in handler, builtin hierarchy.
class AppError(Exception):
    pass
class ConfigError(AppError):
    def __init__(self, key, reason="missing"):
        super().__init__(key, reason)
        self.key = key
        self.reason = reason
    def __str__(self):
        return f"config key {self.key!r}: {self.reason}"
class NetworkError(AppError):
    pass
class TimeoutErr(NetworkError):
    pass
def risky(kind):
    if kind == "config":
        raise ConfigError("port")
    if kind == "timeout":
        raise TimeoutErr("30s")
    if kind == "net":
        raise NetworkError("down")
    if kind == "value":
        raise ValueError("builtin")
    return "ok"
for kind in ["config", "timeout", "net", "value", "none"]:
    try:
        result = risky(kind)
    except TimeoutErr as e:
        print(kind, "-> timeout handler:", e)
    except NetworkError as e:
        print(kind, "-> network handler:", e, e.args)
    except AppError as e:
        print(kind, "-> app handler:", e, repr(e.key), e.args)
    except Exception as e:
        print(kind, "-> generic handler:", type(e).__name__, e)
    else:
        print(kind, "-> no error:", result)
print([c.__name__ for c in TimeoutErr.__mro__])
print(issubclass(KeyError, LookupError), issubclass(IndexError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
print(issubclass(FileNotFoundError, OSError), issubclass(RecursionError, RuntimeError), issubclass(NotImplementedError, RuntimeError))
print(issubclass(ModuleNotFoundError, ImportError), issubclass(UnboundLocalError, NameError), issubclass(StopIteration, Exception))
print(issubclass(KeyboardInterrupt, Exception), issubclass(GeneratorExit, BaseException), issubclass(TabError, SyntaxError))
print(issubclass(UnicodeDecodeError, ValueError), issubclass(bool, int), issubclass(OverflowError, ArithmeticError))
try:
    try:
        raise ConfigError("host", "empty")
    except AppError as e:
        raise NetworkError(f"while handling: {e}")
except NetworkError as e:
    print(e, "| context:", type(e.__context__).__name__)
class WithDefault(Exception):
    def __init__(self, msg="default message"):
        super().__init__(msg)
print(str(WithDefault()), repr(WithDefault("x")))
errors = []
for exc_type in (ValueError, TypeError, KeyError):
    try:
        raise exc_type("item")
    except (ValueError, TypeError) as e:
        errors.append(("pair", type(e).__name__))
    except Exception as e:
        errors.append(("other", type(e).__name__))
print(errors)
e = ValueError("stored")
print(e.__traceback__, isinstance(e, Exception), e.with_traceback(None) is e)
