# An uncaught exception whose class lives in an imported module is reported with the module-qualified name.
import helper_errors

print("calling helper")
helper_errors.fail("disk full")
