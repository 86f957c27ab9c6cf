# sys struct sequences (version_info, flags, float_info, int_info, hash_info) and implementation
import sys
print(sys.version_info.major, sys.version_info >= (3, 8), sys.version_info[3])
print(sys.flags.optimize, sys.flags.dont_write_bytecode, len(sys.flags) > 15)
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig)
print(sys.int_info.bits_per_digit, sys.hash_info.modulus, sys.hash_info.inf)
print(type(sys.implementation).__name__, sys.implementation.version == sys.version_info)
print(repr(sys.float_info)[:40])
a, b, c, d, e = sys.version_info
print(a, d)
