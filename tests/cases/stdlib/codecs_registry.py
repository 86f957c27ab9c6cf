# _codecs and codecs: lookup through encodings, encode/decode, escapes, charmap codecs, incremental utf-8, errors
import codecs
print(codecs.lookup('UTF-8').name, codecs.lookup('latin1').name, codecs.lookup('cp1252').name)
print(codecs.encode('héllo', 'utf-8'), codecs.decode(b'h\xc3\xa9llo', 'utf-8'))
print('ab\n\té'.encode('unicode_escape'), b'a\\n\\x41\\u00e9'.decode('unicode_escape'))
print('é€'.encode('raw_unicode_escape'), b'\\u20ac'.decode('raw_unicode_escape'))
print(codecs.escape_decode(b'\\x41\\n')[0], codecs.escape_encode(b'A\n\x00'))
print('€'.encode('cp1252'), b'\x80'.decode('cp1252'), 'ä'.encode('cp437'))
d = codecs.getincrementaldecoder('utf-8')()
print(repr(d.decode(b'\xe2\x82')), repr(d.decode(b'\xac')))
print(codecs.utf_8_decode(b'a\xc3', 'strict', False))
try:
    codecs.lookup('nope')
except LookupError as e:
    print(e)
try:
    b'\xff'.decode('ascii')
except UnicodeDecodeError as e:
    print(e.start, e.end, e.reason)
print(codecs.ignore_errors(UnicodeDecodeError('utf-8', b'\xff', 0, 1, 'x')))
print(b'\xff'.decode('utf-8', 'replace'), 'ÿ'.encode('ascii', 'xmlcharrefreplace'))
