# Helper with a syntax error, imported by syntax_error_in_import.py (no .out: not a test on its own).
def broken(:
    pass
