# Importing a module that has a syntax error raises SyntaxError at the import, after earlier output.
print("before import")
import helper_broken
print("not reached")
