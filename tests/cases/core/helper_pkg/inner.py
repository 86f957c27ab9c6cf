# Submodule used by import_local_module.py.
def double(x):
    return x * 2
