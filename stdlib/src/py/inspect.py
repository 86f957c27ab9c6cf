"""Introspection of live objects: the subset rupy ships (signatures of Python functions)."""


class _Empty:
    pass


class _ParameterKind:
    def __init__(self, value, name, description):
        self.value = value
        self.name = name
        self.description = description

    def __str__(self):
        return self.name

    def __repr__(self):
        return "<_ParameterKind.{}: {}>".format(self.name, self.value)

    def __eq__(self, other):
        if isinstance(other, _ParameterKind):
            return self.value == other.value
        return self.value == other

    def __lt__(self, other):
        return self.value < (other.value if isinstance(other, _ParameterKind) else other)

    def __hash__(self):
        return hash(self.value)

    def __int__(self):
        return self.value

    __index__ = __int__


_POSITIONAL_ONLY = _ParameterKind(0, "POSITIONAL_ONLY", "positional-only")
_POSITIONAL_OR_KEYWORD = _ParameterKind(1, "POSITIONAL_OR_KEYWORD", "positional or keyword")
_VAR_POSITIONAL = _ParameterKind(2, "VAR_POSITIONAL", "variadic positional")
_KEYWORD_ONLY = _ParameterKind(3, "KEYWORD_ONLY", "keyword-only")
_VAR_KEYWORD = _ParameterKind(4, "VAR_KEYWORD", "variadic keyword")


class Parameter:
    POSITIONAL_ONLY = _POSITIONAL_ONLY
    POSITIONAL_OR_KEYWORD = _POSITIONAL_OR_KEYWORD
    VAR_POSITIONAL = _VAR_POSITIONAL
    KEYWORD_ONLY = _KEYWORD_ONLY
    VAR_KEYWORD = _VAR_KEYWORD
    empty = _Empty

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

    def bind(self, *args, **kwargs):
        return self._bind(args, kwargs, False)

    def bind_partial(self, *args, **kwargs):
        return self._bind(args, kwargs, True)

    def _bind(self, args, kwargs, partial):
        arguments = {}
        params = list(self.parameters.values())
        kwargs = dict(kwargs)
        i = 0
        for p in params:
            if p.kind == Parameter.VAR_POSITIONAL:
                arguments[p.name] = tuple(args[i:])
                i = len(args)
                continue
            if p.kind in (Parameter.KEYWORD_ONLY, Parameter.VAR_KEYWORD):
                break
            if i < len(args):
                if p.name in kwargs and p.kind != Parameter.POSITIONAL_ONLY:
                    raise TypeError("multiple values for argument {!r}".format(p.name))
                arguments[p.name] = args[i]
                i += 1
        if i < len(args):
            raise TypeError("too many positional arguments")
        for p in params:
            if p.name in arguments or p.kind == Parameter.VAR_POSITIONAL:
                continue
            if p.kind == Parameter.VAR_KEYWORD:
                extra = {}
                for k in list(kwargs):
                    if k not in self.parameters or self.parameters[k].kind == Parameter.POSITIONAL_ONLY:
                        extra[k] = kwargs.pop(k)
                arguments[p.name] = extra
                continue
            if p.name in kwargs and p.kind != Parameter.POSITIONAL_ONLY:
                arguments[p.name] = kwargs.pop(p.name)
            elif p.default is _Empty and not partial:
                raise TypeError("missing a required argument: {!r}".format(p.name))
        if kwargs:
            raise TypeError("got an unexpected keyword argument {!r}".format(next(iter(kwargs))))
        return BoundArguments(self, arguments)


class BoundArguments:
    def __init__(self, signature, arguments):
        self._signature = signature
        self.arguments = arguments

    @property
    def signature(self):
        return self._signature

    @property
    def args(self):
        out = []
        for p in self._signature.parameters.values():
            if p.kind in (Parameter.KEYWORD_ONLY, Parameter.VAR_KEYWORD):
                break
            if p.name not in self.arguments:
                break
            if p.kind == Parameter.VAR_POSITIONAL:
                out.extend(self.arguments[p.name])
            else:
                out.append(self.arguments[p.name])
        return tuple(out)

    @property
    def kwargs(self):
        out = {}
        started = False
        for p in self._signature.parameters.values():
            if p.kind in (Parameter.KEYWORD_ONLY, Parameter.VAR_KEYWORD):
                started = True
            if p.name not in self.arguments:
                started = True
                continue
            if not started:
                continue
            if p.kind == Parameter.VAR_KEYWORD:
                out.update(self.arguments[p.name])
            else:
                out[p.name] = self.arguments[p.name]
        return out

    def apply_defaults(self):
        new = {}
        for p in self._signature.parameters.values():
            if p.name in self.arguments:
                new[p.name] = self.arguments[p.name]
            elif p.default is not _Empty:
                new[p.name] = p.default
            elif p.kind == Parameter.VAR_POSITIONAL:
                new[p.name] = ()
            elif p.kind == Parameter.VAR_KEYWORD:
                new[p.name] = {}
        self.arguments = new

    def __repr__(self):
        items = ", ".join("{}={!r}".format(k, v) for k, v in self.arguments.items())
        return "<BoundArguments ({})>".format(items)


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
