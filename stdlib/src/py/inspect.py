"""Introspection of live objects: the subset rupy ships (signatures of Python functions)."""


class _Empty:
    pass


class Parameter:
    POSITIONAL_ONLY = 0
    POSITIONAL_OR_KEYWORD = 1
    VAR_POSITIONAL = 2
    KEYWORD_ONLY = 3
    VAR_KEYWORD = 4
    empty = _Empty

    _KIND_NAMES = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL",
                   "KEYWORD_ONLY", "VAR_KEYWORD")

    def __init__(self, name, kind, *, default=_Empty, annotation=_Empty):
        self.name = name
        self.kind = kind
        self.default = default
        self.annotation = annotation

    def __str__(self):
        kind = self.kind
        text = self.name
        if self.annotation is not _Empty:
            text = "{}: {}".format(text, _annotation_repr(self.annotation))
        if self.default is not _Empty:
            if self.annotation is not _Empty:
                text = "{} = {!r}".format(text, self.default)
            else:
                text = "{}={!r}".format(text, self.default)
        if kind == Parameter.VAR_POSITIONAL:
            text = "*" + text
        elif kind == Parameter.VAR_KEYWORD:
            text = "**" + text
        return text

    def __repr__(self):
        return "<Parameter \"{}\">".format(self)

    def __eq__(self, other):
        if not isinstance(other, Parameter):
            return NotImplemented
        return (self.name == other.name and self.kind == other.kind
                and self.default == other.default and self.annotation == other.annotation)


def _annotation_repr(a):
    if isinstance(a, type):
        if a.__module__ == "builtins":
            return a.__qualname__
        return a.__module__ + "." + a.__qualname__
    return repr(a)


class Signature:
    empty = _Empty

    def __init__(self, parameters=None, *, return_annotation=_Empty):
        self.parameters = {}
        for p in parameters or ():
            self.parameters[p.name] = p
        self.return_annotation = return_annotation

    def __str__(self):
        parts = []
        render_pos_sep = False
        render_kw_sep = True
        for p in self.parameters.values():
            kind = p.kind
            if kind == Parameter.POSITIONAL_ONLY:
                render_pos_sep = True
            elif render_pos_sep:
                parts.append("/")
                render_pos_sep = False
            if kind == Parameter.VAR_POSITIONAL:
                render_kw_sep = False
            elif kind == Parameter.KEYWORD_ONLY and render_kw_sep:
                parts.append("*")
                render_kw_sep = False
            parts.append(str(p))
        if render_pos_sep:
            parts.append("/")
        text = "({})".format(", ".join(parts))
        if self.return_annotation is not _Empty:
            text += " -> {}".format(_annotation_repr(self.return_annotation))
        return text

    def __repr__(self):
        return "<Signature {}>".format(self)


def signature(obj):
    func = obj
    skip_first = False
    if hasattr(func, "__func__") and hasattr(func, "__self__"):
        func = func.__func__
        skip_first = True
    if not hasattr(func, "__code__"):
        if isinstance(func, type) and hasattr(func, "__init__") and hasattr(func.__init__, "__code__"):
            func = func.__init__
            skip_first = True
        else:
            raise ValueError("no signature found for {!r}".format(obj))
    code = func.__code__
    names = code.co_varnames
    npos = code.co_argcount
    nposonly = code.co_posonlyargcount
    nkw = code.co_kwonlyargcount
    defaults = func.__defaults__ or ()
    kwdefaults = func.__kwdefaults__ or {}
    annotations = func.__annotations__ or {}
    params = []
    first_default = npos - len(defaults)
    for i in range(npos):
        name = names[i]
        kind = Parameter.POSITIONAL_ONLY if i < nposonly else Parameter.POSITIONAL_OR_KEYWORD
        default = defaults[i - first_default] if i >= first_default else _Empty
        params.append(Parameter(name, kind, default=default,
                                annotation=annotations.get(name, _Empty)))
    index = npos + nkw
    if code.co_flags & 4:
        name = names[index]
        params.append(Parameter(name, Parameter.VAR_POSITIONAL,
                                annotation=annotations.get(name, _Empty)))
        index += 1
    for i in range(npos, npos + nkw):
        name = names[i]
        params.append(Parameter(name, Parameter.KEYWORD_ONLY,
                                default=kwdefaults.get(name, _Empty),
                                annotation=annotations.get(name, _Empty)))
    if code.co_flags & 8:
        name = names[index]
        params.append(Parameter(name, Parameter.VAR_KEYWORD,
                                annotation=annotations.get(name, _Empty)))
    if skip_first and params:
        params = params[1:]
    return Signature(params, return_annotation=annotations.get("return", _Empty))
