"""_sre: the Pattern, Match and Scanner types and the helpers Lib/re expects, on top of the
native matcher `_sre_engine` (stdlib/src/sre/engine.rs), which runs the code lists
re._compiler produces (MAGIC 20230612, CPython 3.13's layout).

A subject is widened to code points once per call (once per scan for findall, finditer, sub,
split and scanners; the last str/bytes subject is reused by identity). Groups of a bytearray or
memoryview subject are returned as bytes, as in CPython. Method arguments are bound with
Argument Clinic's messages. Known differences: these types are Python classes (assigning a
read-only attribute says "property ... has no setter", not "readonly attribute"); no
DeprecationWarning for a positional count/maxsplit; Pattern.sub raises a wrong-typed
replacement as soon as it is produced, where CPython first calls the callable for every match."""

import _sre_engine as _e

MAGIC = _e.MAGIC
CODESIZE = 4
MAXREPEAT = _e.MAXREPEAT
MAXGROUPS = _e.MAXGROUPS
unicode_tolower = _e.unicode_tolower
unicode_iscased = _e.unicode_iscased

_MAXSIZE = 9223372036854775807


def getcodesize():
    return CODESIZE


def ascii_iscased(ch):
    ch = ch.__index__()
    return ch < 128 and (65 <= ch <= 90 or 97 <= ch <= 122)


def ascii_tolower(ch):
    ch = ch.__index__()
    return ch + 32 if 65 <= ch <= 90 else ch


def _index(v):
    if isinstance(v, int):
        return int(v)
    try:
        f = type(v).__index__
    except AttributeError:
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(v).__name__) from None
    return f(v)


def _bounds(n, pos, endpos):
    pos = _index(pos)
    endpos = _index(endpos)
    if pos < 0:
        pos = 0
    elif pos > n:
        pos = n
    if endpos < 0:
        endpos = 0
    elif endpos > n:
        endpos = n
    return pos, endpos


def _parse(fname, args, kw, names, nreq, defaults):
    """Bind arguments the way CPython's Argument Clinic does, with its messages."""
    n = len(names)
    if len(args) + len(kw) > n:
        raise TypeError("%s() takes at most %d argument%s (%d given)"
                        % (fname, n, '' if n == 1 else 's', len(args) + len(kw)))
    out = list(args) + [None] * (n - len(args))
    have = [True] * len(args) + [False] * (n - len(args))
    for k, v in kw.items():
        if k not in names:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (fname, k))
        i = names.index(k)
        if have[i]:
            raise TypeError("argument for %s() given by name ('%s') and position (%d)"
                            % (fname, k, i + 1))
        out[i] = v
        have[i] = True
    for i in range(n):
        if not have[i]:
            if i < nreq:
                raise TypeError("%s() missing required argument '%s' (pos %d)"
                                % (fname, names[i], i + 1))
            out[i] = defaults[i - nreq]
    return out


_SPAN = ('string', 'pos', 'endpos')
_SPAN_DEFAULTS = (0, _MAXSIZE)


class _State:
    """One subject prepared for the engine: the original object, a sliceable text, and the
    code points."""
    __slots__ = ('string', 'text', 'subj', 'n')

    def __init__(self, pattern, string):
        if isinstance(string, str):
            if pattern._isbytes is True:
                raise TypeError("cannot use a bytes pattern on a string-like object")
            text = string
        elif isinstance(string, (bytes, bytearray, memoryview)):
            if pattern._isbytes is False:
                raise TypeError("cannot use a string pattern on a bytes-like object")
            text = string if type(string) is bytes else bytes(string)
        else:
            raise TypeError("expected string or bytes-like object, got '%s'"
                            % type(string).__name__)
        self.string = string
        self.text = text
        self.subj = _e.subject(text)
        self.n = len(text)


# The last str/bytes subject widened, kept with the object itself so that identity stays
# meaningful: loops like json's `match(s, end)` then widen a long string once, not per call.
# One tuple, replaced whole, so threads never see a string paired with another's state.
_last = (None, None)


def _state(pattern, string):
    global _last
    last = _last
    if last[0] is string and type(string) in (str, bytes) \
            and pattern._isbytes in (None, type(string) is bytes):
        return last[1]
    st = _State(pattern, string)
    if type(string) in (str, bytes):
        _last = (string, st)
    return st


class Pattern:
    __slots__ = ('_pattern', '_flags', '_groups', '_groupindex', '_indexgroup', '_code',
                 '_prog', '_isbytes', '__weakref__')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 're.Pattern' instances")

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type 're.Pattern' is not an acceptable base type")

    pattern = property(lambda self: self._pattern, doc="The pattern string from which the "
                       "RE object was compiled.")
    flags = property(lambda self: self._flags, doc="The regex matching flags.")
    groups = property(lambda self: self._groups, doc="The number of capturing groups "
                      "in the pattern.")

    @property
    def groupindex(self):
        try:
            from types import MappingProxyType
            return MappingProxyType(self._groupindex)
        except Exception:
            return dict(self._groupindex)

    def _run(self, string, pos, endpos, mode):
        st = _state(self, string)
        pos, endpos = _bounds(st.n, pos, endpos)
        r = _e.run(self._prog, st.subj, pos, endpos, mode, 0)
        if r is None:
            return None
        return _new_match(self, st, pos, endpos, r)

    def match(self, *args, **kw):
        string, pos, endpos = _parse('match', args, kw, _SPAN, 1, _SPAN_DEFAULTS)
        return self._run(string, pos, endpos, 0)

    def fullmatch(self, *args, **kw):
        string, pos, endpos = _parse('fullmatch', args, kw, _SPAN, 1, _SPAN_DEFAULTS)
        return self._run(string, pos, endpos, 1)

    def search(self, *args, **kw):
        string, pos, endpos = _parse('search', args, kw, _SPAN, 1, _SPAN_DEFAULTS)
        return self._run(string, pos, endpos, 2)

    def _iter(self, string, pos=0, endpos=_MAXSIZE, count=0):
        """Successive search results as (state, pos, endpos, raw result)."""
        st = _state(self, string)
        pos, endpos = _bounds(st.n, pos, endpos)
        start = pos
        advance = 0
        n = 0
        while start <= endpos and (not count or n < count):
            r = _e.run(self._prog, st.subj, start, endpos, 2, advance)
            if r is None:
                break
            yield st, pos, endpos, r
            n += 1
            advance = 1 if r[0] == r[1] else 0
            start = r[1]

    def findall(self, *args, **kw):
        string, pos, endpos = _parse('findall', args, kw, _SPAN, 1, _SPAN_DEFAULTS)
        out = []
        empty = None
        for st, p, e, r in self._iter(string, pos, endpos):
            text = st.text
            if self.groups == 0:
                out.append(text[r[0]:r[1]])
                continue
            if empty is None:
                empty = text[:0]
            marks = r[2]
            items = []
            for g in range(1, self.groups + 1):
                a = marks[2 * g - 2] if 2 * g - 2 < len(marks) else -1
                b = marks[2 * g - 1] if 2 * g - 1 < len(marks) else -1
                items.append(text[a:b] if a >= 0 and b >= a else empty)
            out.append(items[0] if self.groups == 1 else tuple(items))
        return out

    def finditer(self, *args, **kw):
        string, pos, endpos = _parse('finditer', args, kw, _SPAN, 1, _SPAN_DEFAULTS)
        return iter(self.scanner(string, pos, endpos).search, None)

    def scanner(self, *args, **kw):
        string, pos, endpos = _parse('scanner', args, kw, _SPAN, 1, _SPAN_DEFAULTS)
        sc = object.__new__(SRE_Scanner)
        sc._pattern = self
        sc._st = _state(self, string)
        sc._pos, sc._endpos = _bounds(sc._st.n, pos, endpos)
        sc._start = sc._pos
        sc._advance = 0
        sc._done = False
        return sc

    def _subx(self, repl, string, count, name):
        count = _index(count)
        if count < 0:
            count = 0
        filt = None
        literal = None
        if callable(repl):
            filt = repl
        else:
            # Like CPython: a str or bytes-like without a backslash is used as it is (its type
            # is checked when a piece is joined); anything else goes through the template.
            if isinstance(repl, str):
                plain = '\\' not in repl
            elif isinstance(repl, (bytes, bytearray, memoryview)):
                plain = b'\\' not in bytes(repl)
            else:
                plain = False
            if plain:
                literal = repl
            else:
                import re
                tmpl = re._compile_template(self, repl)
                if len(tmpl._items) == 1:
                    literal = tmpl._items[0]
                else:
                    filt = tmpl._expand
        st = None
        pieces = []
        last = 0
        n = 0
        for st, p, e, r in self._iter(string, 0, _MAXSIZE, count):
            if last < r[0]:
                pieces.append(st.text[last:r[0]])
            if literal is not None:
                v = literal
            else:
                v = filt(_new_match(self, st, p, e, r))
            if v is not None:
                # The message names the piece's index, as CPython's final join does.
                if type(st.text) is bytes:
                    if not isinstance(v, (bytes, bytearray, memoryview)):
                        raise TypeError("sequence item %d: expected a bytes-like object, "
                                        "%s found" % (len(pieces), type(v).__name__))
                    v = bytes(v)
                elif not isinstance(v, str):
                    raise TypeError("sequence item %d: expected str instance, %s found"
                                    % (len(pieces), type(v).__name__))
                pieces.append(v)
            last = r[1]
            n += 1
        if st is None:
            st = _state(self, string)
        if last < st.n:
            pieces.append(st.text[last:])
        joined = st.text[:0].join(pieces)
        if n == 0 and type(string) in (str, bytes):
            joined = string
        return joined, n

    def sub(self, *args, **kw):
        repl, string, count = _parse('sub', args, kw, ('repl', 'string', 'count'), 2, (0,))
        return self._subx(repl, string, count, 'sub')[0]

    def subn(self, *args, **kw):
        repl, string, count = _parse('subn', args, kw, ('repl', 'string', 'count'), 2, (0,))
        return self._subx(repl, string, count, 'subn')

    def split(self, *args, **kw):
        string, maxsplit = _parse('split', args, kw, ('string', 'maxsplit'), 1, (0,))
        maxsplit = _index(maxsplit)
        if maxsplit < 0:
            st = _state(self, string)
            return [st.text[:]]
        out = []
        last = 0
        st = None
        for st, p, e, r in self._iter(string, 0, _MAXSIZE, maxsplit):
            text = st.text
            out.append(text[last:r[0]])
            marks = r[2]
            for g in range(1, self.groups + 1):
                a = marks[2 * g - 2] if 2 * g - 2 < len(marks) else -1
                b = marks[2 * g - 1] if 2 * g - 1 < len(marks) else -1
                out.append(text[a:b] if a >= 0 and b >= a else None)
            last = r[1]
        if st is None:
            st = _state(self, string)
        out.append(st.text[last:])
        return out

    def __repr__(self):
        flags = self.flags
        if not self._isbytes and (flags & (4 | 32 | 256)) == 32:
            flags &= ~32
        if not flags:
            return "re.compile(%s)" % repr(self.pattern)[:200]
        names = []
        for bit, name in ((1, 're.TEMPLATE'), (2, 're.IGNORECASE'), (4, 're.LOCALE'),
                          (8, 're.MULTILINE'), (16, 're.DOTALL'), (32, 're.UNICODE'),
                          (64, 're.VERBOSE'), (128, 're.DEBUG'), (256, 're.ASCII')):
            if flags & bit:
                names.append(name)
                flags &= ~bit
        if flags:
            names.append('0x%x' % flags)
        return "re.compile(%s, %s)" % (repr(self.pattern)[:200], '|'.join(names))

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self is other or (self.flags == other.flags and self._isbytes == other._isbytes
                                  and self._code == other._code
                                  and self.pattern == other.pattern))

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash((self.pattern, self.flags, self._isbytes, tuple(self._code)))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __class_getitem__(cls, item):
        from types import GenericAlias
        return GenericAlias(cls, item)


def compile(pattern, flags, code, groups, groupindex, indexgroup):
    p = object.__new__(Pattern)
    p._pattern = pattern
    p._flags = flags
    p._groups = groups
    p._groupindex = dict(groupindex)
    p._indexgroup = tuple(indexgroup)
    p._code = [int(c) for c in code]
    p._prog = _e.prepare(p._code)
    # Compiled from a parsed pattern (re.Scanner): no source, so any subject kind goes.
    p._isbytes = None if pattern is None else not isinstance(pattern, str)
    return p


class Match:
    __slots__ = ('_re', '_string', '_pos', '_endpos', '_text', '_marks', '_lastindex',
                 '_span')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 're.Match' instances")

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type 're.Match' is not an acceptable base type")

    re = property(lambda self: self._re, doc="The regular expression object.")
    string = property(lambda self: self._string, doc="The string passed to match() or "
                      "search().")
    pos = property(lambda self: self._pos, doc="The index into the string at which the RE "
                   "engine started looking for a match.")
    endpos = property(lambda self: self._endpos, doc="The index into the string beyond "
                      "which the RE engine will not go.")

    def _g(self, g):
        if isinstance(g, str) or (not isinstance(g, int) and hasattr(g, 'encode')):
            try:
                i = self.re._groupindex[g]
            except (KeyError, TypeError):
                raise IndexError("no such group") from None
            return i
        try:
            i = _index(g)
        except TypeError:
            raise IndexError("no such group") from None
        if i < 0 or i > self.re.groups:
            raise IndexError("no such group")
        return i

    def _sp(self, i):
        if i == 0:
            return self._span
        m = self._marks
        a = m[2 * i - 2] if 2 * i - 2 < len(m) else -1
        b = m[2 * i - 1] if 2 * i - 1 < len(m) else -1
        if a < 0 or b < a:
            return (-1, -1)
        return (a, b)

    def _get(self, i, default=None):
        a, b = self._sp(i)
        if a < 0:
            return default
        return self._text[a:b]

    def group(self, *args):
        if not args:
            return self._get(0)
        if len(args) == 1:
            return self._get(self._g(args[0]))
        return tuple(self._get(self._g(a)) for a in args)

    def __getitem__(self, g):
        return self._get(self._g(g))

    def groups(self, default=None):
        return tuple(self._get(i, default) for i in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._get(i, default) for name, i in self.re._groupindex.items()}

    def start(self, group=0):
        return self._sp(self._g(group))[0]

    def end(self, group=0):
        return self._sp(self._g(group))[1]

    def span(self, group=0):
        return self._sp(self._g(group))

    @property
    def regs(self):
        return tuple(self._sp(i) for i in range(self.re.groups + 1))

    @property
    def lastindex(self):
        return None if self._lastindex < 0 else self._lastindex

    @property
    def lastgroup(self):
        i = self._lastindex
        if i < 0 or i >= len(self.re._indexgroup):
            return None
        return self.re._indexgroup[i]

    def expand(self, template):
        import re
        return re._compile_template(self.re, template)._expand(self)

    def __repr__(self):
        return "<re.Match object; span=%r, match=%s>" % (self._span, repr(self.group(0))[:50])

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __class_getitem__(cls, item):
        from types import GenericAlias
        return GenericAlias(cls, item)


def _new_match(pattern, st, pos, endpos, r):
    m = object.__new__(Match)
    m._re = pattern
    m._string = st.string
    m._text = st.text
    m._pos = pos
    m._endpos = endpos
    m._span = (r[0], r[1])
    m._marks = r[2]
    m._lastindex = r[3]
    return m


class SRE_Scanner:
    __slots__ = ('_pattern', '_st', '_pos', '_endpos', '_start', '_advance', '_done')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '_sre.SRE_Scanner' instances")

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_sre.SRE_Scanner' is not an acceptable base type")

    pattern = property(lambda self: self._pattern)

    def _next(self, mode):
        if self._done or self._start > self._endpos:
            return None
        r = _e.run(self.pattern._prog, self._st.subj, self._start, self._endpos, mode,
                   self._advance)
        if r is None:
            self._done = True
            return None
        self._advance = 1 if r[0] == r[1] else 0
        self._start = r[1]
        return _new_match(self.pattern, self._st, self._pos, self._endpos, r)

    def match(self):
        return self._next(0)

    def search(self):
        return self._next(2)


class SRE_Template:
    __slots__ = ('_items', '_pattern')

    def _expand(self, m):
        items = self._items
        out = [items[0]] if items[0] else []
        for k in range(1, len(items), 2):
            v = m._get(items[k])
            if v:
                out.append(v)
            if items[k + 1]:
                out.append(items[k + 1])
        empty = m._text[:0]
        return empty.join(out)


def template(pattern, template):
    if not isinstance(template, list):
        raise TypeError("template() argument 2 must be list, not %s" % type(template).__name__)
    t = SRE_Template()
    items = list(template)
    for k in range(1, len(items), 2):
        i = _index(items[k])
        if i < 0 or i > pattern.groups:
            raise IndexError("invalid group reference %d" % i)
        items[k] = i
    t._items = items
    t._pattern = pattern
    return t


for _c in (Pattern, Match):
    _c.__module__ = 're'
SRE_Scanner.__module__ = '_sre'
del _c
