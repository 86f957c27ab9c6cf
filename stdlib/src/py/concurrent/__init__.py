"""concurrent: the package holding concurrent.futures (rupy).

Provides nothing itself; concurrent.futures is its only submodule here
(CPython 3.14's concurrent.interpreters is not part of it).
"""
