"""A collection of string constants and classes.

Provides the constants ascii_letters, ascii_lowercase, ascii_uppercase,
digits, hexdigits, octdigits, punctuation, printable and whitespace, the
function capwords(), Formatter (with CPython's parsing of format strings
and its error messages) and Template.

Not supported / differences from CPython: rupy has no `re`, so Template
parses templates by hand.  A Template subclass may change `delimiter`;
overriding `idpattern`, `braceidpattern`, `flags` or `pattern` has no
effect (identifiers are always ASCII [_a-zA-Z][_a-zA-Z0-9]*).
"""

__all__ = ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords",
           "digits", "hexdigits", "octdigits", "printable", "punctuation",
           "whitespace", "Formatter", "Template"]

# Some strings for ctype-style character classification
whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


# Capitalize the words in a string, e.g. " aBc  dEf " -> "Abc Def".
def capwords(s, sep=None):
    """capwords(s [,sep]) -> string

    Split the argument into words using split, capitalize each
    word using capitalize, and join the capitalized words using
    join.  If the optional second argument sep is absent or None,
    runs of whitespace characters are replaced by a single space
    and leading and trailing whitespace are removed, otherwise
    sep is used to split and join the words.
    """
    return (sep or ' ').join(map(str.capitalize, s.split(sep)))


####################################################################
# Template: $-substitutions

_sentinel_dict = {}
_id_start = frozenset('_' + ascii_letters)
_id_chars = frozenset('_' + ascii_letters + digits)


class _ChainMap:
    """Minimal two-level lookup (keywords first) used by substitute()."""

    def __init__(self, first, second):
        self.first = first
        self.second = second

    def __getitem__(self, key):
        try:
            return self.first[key]
        except KeyError:
            return self.second[key]


class Template:
    """A string class for supporting $-substitutions."""

    delimiter = '$'
    # r'[a-z]' matches to non-ASCII letters when used with IGNORECASE, but
    # without the ASCII flag.  We can't add re.ASCII to flags because of
    # backward compatibility.  So we use the ?a local flag and [a-z] pattern.
    idpattern = r'(?a:[_a-z][_a-z0-9]*)'
    braceidpattern = None

    def __init__(self, template):
        self.template = template

    # Tokenizer: yields (start, end, kind, name) for every delimiter
    # occurrence, kind being 'escaped', 'named', 'braced' or 'invalid'
    # (an invalid one covers the delimiter only), in the way CPython's
    # regular expression matches them.
    def _scan(self):
        s = self.template
        delim = self.delimiter
        dlen = len(delim)
        n = len(s)
        i = s.find(delim)
        while i >= 0:
            j = i + dlen
            if s.startswith(delim, j):
                yield i, j + dlen, 'escaped', None
                i = s.find(delim, j + dlen)
                continue
            if j < n and s[j] in _id_start:
                k = j + 1
                while k < n and s[k] in _id_chars:
                    k += 1
                yield i, k, 'named', s[j:k]
                i = s.find(delim, k)
                continue
            if j + 1 < n and s[j] == '{' and s[j + 1] in _id_start:
                k = j + 2
                while k < n and s[k] in _id_chars:
                    k += 1
                if k < n and s[k] == '}':
                    yield i, k + 1, 'braced', s[j + 1:k]
                    i = s.find(delim, k + 1)
                    continue
            yield i, j, 'invalid', None
            i = s.find(delim, j)

    def _invalid(self, i):
        lines = self.template[:i].splitlines(keepends=True)
        if not lines:
            colno = 1
            lineno = 1
        else:
            colno = i - len(''.join(lines[:-1]))
            lineno = len(lines)
        raise ValueError('Invalid placeholder in string: line %d, col %d' %
                         (lineno, colno))

    def _substitute(self, mapping, safe):
        s = self.template
        out = []
        pos = 0
        for start, end, kind, name in self._scan():
            out.append(s[pos:start])
            pos = end
            if kind == 'escaped':
                out.append(self.delimiter)
            elif kind == 'invalid':
                if not safe:
                    self._invalid(end)
                out.append(s[start:end])
            elif safe:
                try:
                    out.append(str(mapping[name]))
                except KeyError:
                    out.append(s[start:end])
            else:
                out.append(str(mapping[name]))
        out.append(s[pos:])
        return ''.join(out)

    def substitute(self, mapping=_sentinel_dict, /, **kws):
        if mapping is _sentinel_dict:
            mapping = kws
        elif kws:
            mapping = _ChainMap(kws, mapping)
        return self._substitute(mapping, False)

    def safe_substitute(self, mapping=_sentinel_dict, /, **kws):
        if mapping is _sentinel_dict:
            mapping = kws
        elif kws:
            mapping = _ChainMap(kws, mapping)
        return self._substitute(mapping, True)

    def is_valid(self):
        for start, end, kind, name in self._scan():
            if kind == 'invalid':
                return False
        return True

    def get_identifiers(self):
        ids = []
        for start, end, kind, name in self._scan():
            if name is not None and name not in ids:
                ids.append(name)
        return ids


########################################################################
# The Formatter class (PEP 3101)

def _parse_field(s, i, n):
    """Parse a replacement field starting just after its '{' at s[i].

    Returns (field_name, format_spec, conversion, index after the '}').
    """
    start = i
    c = None
    while i < n:
        c = s[i]
        i += 1
        if c == '{':
            raise ValueError("unexpected '{' in field name")
        if c == '[':
            while i < n and s[i] != ']':
                i += 1
            continue
        if c in '}:!':
            break
    else:
        raise ValueError("expected '}' before end of string")
    field_name = s[start:i - 1]
    if c == '}':
        return field_name, '', None, i
    conversion = None
    if c == '!':
        if i >= n:
            raise ValueError("end of string while looking for conversion "
                             "specifier")
        conversion = s[i]
        i += 1
        if i < n:
            c = s[i]
            i += 1
            if c == '}':
                return field_name, '', conversion, i
            if c != ':':
                raise ValueError("expected ':' after conversion specifier")
    spec_start = i
    count = 1
    while i < n:
        c = s[i]
        i += 1
        if c == '{':
            count += 1
        elif c == '}':
            count -= 1
            if count == 0:
                return field_name, s[spec_start:i - 1], conversion, i
    raise ValueError("unmatched '{' in format spec")


def _formatter_parser(s):
    """Yield (literal_text, field_name, format_spec, conversion) tuples,
    exactly like CPython's _string.formatter_parser."""
    n = len(s)
    i = 0
    while i < n:
        start = i
        c = None
        markup_follows = False
        while i < n:
            c = s[i]
            i += 1
            if c == '{' or c == '}':
                markup_follows = True
                break
        at_end = i >= n
        end = i
        if c == '}' and markup_follows and (at_end or s[i] != '}'):
            raise ValueError("Single '}' encountered in format string")
        if at_end and c == '{' and markup_follows:
            raise ValueError("Single '{' encountered in format string")
        if markup_follows:
            if s[i] == c:
                # escaped '{{' or '}}': the literal keeps one of them
                i += 1
                markup_follows = False
            else:
                end -= 1
        literal = s[start:end]
        if not markup_follows:
            yield literal, None, None, None
            continue
        field_name, format_spec, conversion, i = _parse_field(s, i, n)
        yield literal, field_name, format_spec, conversion


def _get_integer(s):
    """int(s) if s is a non-empty run of decimal digits, else -1."""
    if not s or not s.isdecimal():
        return -1
    return int(s)


def _formatter_field_name_split(field_name):
    """Split 'a.b[c]' into ('a', iterator of (is_attr, key)), like
    CPython's _string.formatter_field_name_split (the rest is parsed
    lazily, so its errors come up while iterating)."""
    n = len(field_name)
    i = 0
    while i < n and field_name[i] not in '.[':
        i += 1
    first = field_name[:i]
    idx = _get_integer(first)
    if idx != -1:
        first = idx
    return first, _field_name_rest(field_name, i)


def _field_name_rest(field_name, i):
    n = len(field_name)
    while i < n:
        c = field_name[i]
        i += 1
        if c == '.':
            start = i
            while i < n and field_name[i] not in '.[':
                i += 1
            name = field_name[start:i]
            is_attr = True
        elif c == '[':
            start = i
            while i < n and field_name[i] != ']':
                i += 1
            if i >= n:
                raise ValueError("Missing ']' in format string")
            name = field_name[start:i]
            i += 1
            is_attr = False
        else:
            raise ValueError("Only '.' or '[' may follow ']' in format field "
                             "specifier")
        if not name:
            raise ValueError("Empty attribute in format string")
        if not is_attr:
            idx = _get_integer(name)
            if idx != -1:
                name = idx
        yield is_attr, name


class Formatter:
    def format(self, format_string, /, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        used_args = set()
        result, _ = self._vformat(format_string, args, kwargs, used_args, 2)
        self.check_unused_args(used_args, args, kwargs)
        return result

    def _vformat(self, format_string, args, kwargs, used_args, recursion_depth,
                 auto_arg_index=0):
        if recursion_depth < 0:
            raise ValueError('Max string recursion exceeded')
        result = []
        for literal_text, field_name, format_spec, conversion in \
                self.parse(format_string):

            # output the literal text
            if literal_text:
                result.append(literal_text)

            # if there's a field, output it
            if field_name is not None:
                # this is some markup, find the object and do
                #  the formatting

                # handle arg indexing when empty field_names are given.
                if field_name == '':
                    if auto_arg_index is False:
                        raise ValueError('cannot switch from manual field '
                                         'specification to automatic field '
                                         'numbering')
                    field_name = str(auto_arg_index)
                    auto_arg_index += 1
                elif field_name.isdigit():
                    if auto_arg_index:
                        raise ValueError('cannot switch from manual field '
                                         'specification to automatic field '
                                         'numbering')
                    # disable auto arg incrementing, if it gets
                    # used later on, then an exception will be raised
                    auto_arg_index = False

                # given the field_name, find the object it references
                #  and the argument it came from
                obj, arg_used = self.get_field(field_name, args, kwargs)
                used_args.add(arg_used)

                # do any conversion on the resulting object
                obj = self.convert_field(obj, conversion)

                # expand the format spec, if needed
                format_spec, auto_arg_index = self._vformat(
                    format_spec, args, kwargs,
                    used_args, recursion_depth-1,
                    auto_arg_index=auto_arg_index)

                # format the object and append to the result
                result.append(self.format_field(obj, format_spec))

        return ''.join(result), auto_arg_index

    def get_value(self, key, args, kwargs):
        if isinstance(key, int):
            return args[key]
        else:
            return kwargs[key]

    def check_unused_args(self, used_args, args, kwargs):
        pass

    def format_field(self, value, format_spec):
        return format(value, format_spec)

    def convert_field(self, value, conversion):
        # do any conversion on the resulting object
        if conversion is None:
            return value
        elif conversion == 's':
            return str(value)
        elif conversion == 'r':
            return repr(value)
        elif conversion == 'a':
            return ascii(value)
        raise ValueError("Unknown conversion specifier {0!s}".format(conversion))

    def parse(self, format_string):
        """Return an iterable of (literal_text, field_name, format_spec,
        conversion) tuples, one per literal/replacement-field pair;
        field_name is None when there is no replacement field."""
        return _formatter_parser(format_string)

    def get_field(self, field_name, args, kwargs):
        """Given a field_name, find the object it references.

        field_name:   the field being looked up, e.g. "0.name"
                      or "lookup[3]"
        used_args:    a set of which args have been used
        args, kwargs: as passed in to vformat
        """
        first, rest = _formatter_field_name_split(field_name)

        obj = self.get_value(first, args, kwargs)

        # loop through the rest of the field_name, doing
        #  getattr or getitem as needed
        for is_attr, i in rest:
            if is_attr:
                obj = getattr(obj, i)
            else:
                obj = obj[i]

        return obj, first
