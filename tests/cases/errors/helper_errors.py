# Helper module for uncaught_module_exception.py (no .out: not a test on its own).
class HelperError(Exception):
    pass

def fail(what):
    raise HelperError(f"raised from helper: {what}")
