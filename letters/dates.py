"""The dates a letter promises: working days and the subject access "one month".

The bank holidays come from the maintained `holidays` package (England and Wales share one
list), never from a hand-written table. The rules are in data/sources/facts.md, "Counting days".
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

import holidays

#: `holidays` subdivision codes of the United Kingdom, by our nation ids.
_SUBDIVISIONS = {"england": "ENG", "wales": "WLS"}


@functools.lru_cache(maxsize=4)
def _bank_holidays(nation: str) -> holidays.HolidayBase:
    try:
        subdivision = _SUBDIVISIONS[nation]
    except KeyError:
        raise ValueError(f"no bank-holiday calendar for nation {nation!r}") from None
    return holidays.country_holidays("GB", subdiv=subdivision)


def is_working_day(day: dt.date, *, nation: str) -> bool:
    """Not a Saturday, a Sunday or a bank holiday (Christmas, Boxing Day and Good Friday are)."""
    return day.weekday() < 5 and day not in _bank_holidays(nation)


def add_working_days(start: dt.date, count: int, *, nation: str) -> dt.date:
    """The day `count` working days after `start` (the day it arrives is day 0)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    for _ in range(count):
        day += dt.timedelta(days=1)
        while not is_working_day(day, nation=nation):
            day += dt.timedelta(days=1)
    return day


def next_working_day_from(day: dt.date, *, nation: str) -> dt.date:
    """`day` itself if it is a working day, else the next one."""
    while not is_working_day(day, nation=nation):
        day += dt.timedelta(days=1)
    return day


def one_month_after(received: dt.date, *, nation: str) -> dt.date:
    """A subject access reply date: the same date next month (ICO guidance).

    With no such date (31 January), the last day of the next month; on a weekend or a bank
    holiday, the next working day.
    """
    year, month_index = divmod(received.year * 12 + received.month, 12)  # the next month
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    due = dt.date(year, month, min(received.day, last_day))
    return next_working_day_from(due, nation=nation)
