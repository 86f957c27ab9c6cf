# time: struct_time, gmtime (local-time functions only by type: the zone is the machine's), strftime/strptime in the C locale, sleep errors; calendar arithmetic.
import time, calendar
print(repr(time.gmtime(0)))
print(time.strptime('2023-07-04', '%Y-%m-%d'))
print(type(time.localtime(0)).__name__, len(time.tzname))
for bad in [-1, 'x', float('nan')]:
    try: time.sleep(bad)
    except (ValueError, TypeError) as e: print(type(e).__name__, e)
print(time.asctime(time.gmtime(0)), type(time.ctime(0)).__name__)
print(type(time.mktime(time.gmtime(0))).__name__)
g = time.gmtime(1e9); print(g.tm_zone, g.tm_gmtoff, g)
for f in ["%a %A %b %B %c", "%d %e %H %I %j %m %M %p %S %U %w %W %x %X %y %Y %%", "%D %F %T %R %u %V %G %g %C %k %l"]:
    print(time.strftime(f, g))
for s, f in [("12:30 PM", "%I:%M %p"), ("Tue Jul  4 10:00:00 2023", "%a %b %d %H:%M:%S %Y"), ("2023 185", "%Y %j"), ("1 2 2000", "%d %m %Y")]:
    print(time.strptime(s, f)[:9])
for s, f in [("2023-07", "%Y-%m-%d"), ("2023-07-04x", "%Y-%m-%d"), ("x", "%Q")]:
    try: time.strptime(s, f)
    except ValueError as e: print(e)
print(calendar.timegm(g), calendar.isleap(2024), calendar.weekday(2024, 2, 29), calendar.leapdays(1900, 2000))
print(time.struct_time((2024, 2, 29, 13, 45, 30, 3, 60, 0)).tm_yday, len(time.gmtime()), type(time.time_ns()).__name__)
