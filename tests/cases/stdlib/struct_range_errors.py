# struct: out-of-range integers name the code and its bounds (CPython 3.12+ wording; 3.11 differed)
import struct

def t(fmt, v):
    try:
        print(fmt, repr(struct.pack(fmt, v)))
    except struct.error as e:
        print(fmt, 'error:', e)

for fmt in ['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'n', 'N']:
    for v in [-2**70, -2**63 - 1, -2**63, -2**31 - 1, -32769, -129, -1, 0]:
        t(fmt, v)
    for v in [127, 128, 255, 256, 32767, 65536, 2**31, 2**32, 2**63, 2**64]:
        t(fmt, v)
for fmt in ['<b', '>B', '=h', '!H', '<i', '>I', '<l', '>L', '<q', '>Q']:
    t(fmt, -2**70)
    t(fmt, 2**70)
t('P', -1)
t('P', -2**63)
t('P', 2**64 - 1)
t('P', 2**64)
t('P', -2**63 - 1)
t('?', 2**100)
t('<?', [])
