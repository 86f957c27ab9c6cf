"""time: clocks, sleep, struct_time and the conversions between timestamps, struct_time
and text (C locale). The clocks and conversions are native (_time); this module adds
struct_time and CPython's argument handling. Not provided: clock_gettime and friends,
get_clock_info, tzset."""

import _time
from _time import (time, time_ns, monotonic, monotonic_ns, perf_counter, perf_counter_ns,
                   process_time, process_time_ns, thread_time, thread_time_ns, sleep,
                   timezone, altzone, daylight, tzname)

_FIELDS = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec',
           'tm_wday', 'tm_yday', 'tm_isdst')


class struct_time(tuple):
    """The time value as returned by gmtime(), localtime(), and strptime()."""
    n_sequence_fields = 9
    n_fields = 11
    n_unnamed_fields = 0

    def __new__(cls, seq, dict=None):
        seq = tuple(seq)
        if len(seq) < 9:
            raise TypeError("time.struct_time() takes an at least 9-sequence (%d-sequence given)" % len(seq))
        if len(seq) > 11:
            raise TypeError("time.struct_time() takes an at most 11-sequence (%d-sequence given)" % len(seq))
        self = tuple.__new__(cls, seq[:9])
        self._extra = seq[9:] + (None,) * (11 - len(seq))
        return self

    def __repr__(self):
        inner = ", ".join("%s=%r" % (n, v) for n, v in zip(_FIELDS, self))
        return "time.struct_time(" + inner + ")"

    def __reduce__(self):
        return (struct_time, (tuple(self) + self._extra,))

    tm_year = property(lambda self: self[0])
    tm_mon = property(lambda self: self[1])
    tm_mday = property(lambda self: self[2])
    tm_hour = property(lambda self: self[3])
    tm_min = property(lambda self: self[4])
    tm_sec = property(lambda self: self[5])
    tm_wday = property(lambda self: self[6])
    tm_yday = property(lambda self: self[7])
    tm_isdst = property(lambda self: self[8])
    tm_zone = property(lambda self: self._extra[0])
    tm_gmtoff = property(lambda self: self._extra[1])


struct_time.__module__ = "time"


def gmtime(secs=None):
    return struct_time(_time._gmtime(secs))


def localtime(secs=None):
    return struct_time(_time._localtime(secs))


def _tuple(t, fname):
    if not isinstance(t, tuple):
        raise TypeError("Tuple or struct_time argument required")
    if len(t) != 9 and not isinstance(t, struct_time):
        raise TypeError("%s(): illegal time tuple argument" % fname)
    return tuple(t)[:9]


def mktime(t):
    return _time._mktime(_tuple(t, "mktime"))


def strftime(format, t=None):
    if t is None:
        t = localtime()
    return _time._strftime(format, _tuple(t, "strftime"))


def asctime(t=None):
    if t is None:
        t = localtime()
    t = _tuple(t, "asctime")
    return _time._strftime("%a %b %e %H:%M:%S ", t) + str(t[0])


def ctime(secs=None):
    return asctime(localtime(secs))


def strptime(string, format="%a %b %d %H:%M:%S %Y"):
    if not isinstance(string, str):
        raise TypeError("strptime() argument 0 must be str, not %s" % type(string).__name__)
    if not isinstance(format, str):
        raise TypeError("strptime() argument 1 must be str, not %s" % type(format).__name__)
    return struct_time(_time._strptime(string, format))
