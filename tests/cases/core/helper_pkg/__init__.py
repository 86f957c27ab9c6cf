# Package used by import_local_module.py.
PKG_NAME = "helper_pkg"
