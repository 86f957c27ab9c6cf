# Importing a .py module placed beside the script: import, from-import, aliases, module caching, module attributes.
import helper_mod
import helper_mod as hm
from helper_mod import greet, Square as Sq, GREETING
import sys
print(helper_mod is hm, hm.__name__, type(hm).__name__)
print(greet("world"), helper_mod.greet("again"), helper_mod.calls)
print(Sq().describe(), isinstance(Sq(), helper_mod.Shape), GREETING)
print("helper_mod" in sys.modules, sys.modules["helper_mod"] is helper_mod)
import helper_mod
print("second import does not re-run the module")
helper_mod.GREETING = "changed"
print(greet("x"), GREETING)
print(hasattr(helper_mod, "_private"), "greet" in dir(helper_mod))
print(__name__)
try:
    import no_such_module_here
except ImportError as e:
    print(type(e).__name__, e.name)
try:
    from helper_mod import missing_name
except ImportError as e:
    print("ImportError for missing name")
import helper_pkg.inner
from helper_pkg import inner as inn
from helper_pkg.inner import double
print(helper_pkg.inner.double(21), inn is helper_pkg.inner, double(4), helper_pkg.PKG_NAME)
