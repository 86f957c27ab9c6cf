"""calendar (the date arithmetic only): isleap, leapdays, weekday, monthrange, monthcalendar,
timegm, the name sequences and the weekday constants. Not provided: the text and HTML
calendars (TextCalendar, month(), prcal(), ...), setfirstweekday."""

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
day_name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
day_abbr = [d[:3] for d in day_name]
month_name = ["", "January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December"]
month_abbr = [m[:3] for m in month_name]
mdays = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


class IllegalMonthError(ValueError):
    def __init__(self, month):
        self.month = month

    def __str__(self):
        return "bad month number %r; must be 1-12" % self.month


def isleap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def leapdays(y1, y2):
    y1 -= 1
    y2 -= 1
    return (y2 // 4 - y1 // 4) - (y2 // 100 - y1 // 100) + (y2 // 400 - y1 // 400)


def _days_before_year(year):
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


def _days_before_month(year, month):
    return sum(mdays[1:month]) + (1 if month > 2 and isleap(year) else 0)


def weekday(year, month, day):
    if not 1 <= month <= 12:
        raise IllegalMonthError(month)
    ordinal = _days_before_year(year) + _days_before_month(year, month) + day
    return (ordinal + 6) % 7


def monthrange(year, month):
    if not 1 <= month <= 12:
        raise IllegalMonthError(month)
    ndays = mdays[month] + (month == 2 and isleap(year))
    return weekday(year, month, 1), ndays


def monthcalendar(year, month):
    first, ndays = monthrange(year, month)
    weeks = []
    week = [0] * first
    for day in range(1, ndays + 1):
        week.append(day)
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week + [0] * (7 - len(week)))
    return weeks


def timegm(tuple):
    year, month, day, hour, minute, second = tuple[:6]
    days = _days_before_year(year) - _days_before_year(1970) + _days_before_month(year, month) + day - 1
    return ((days * 24 + hour) * 60 + minute) * 60 + second
