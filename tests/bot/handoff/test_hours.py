"""Advocates' opening hours: which moments are open, in their own time zone, and clear errors."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from bot.handoff.hours import AdvocateHours

LONDON = ZoneInfo("Europe/London")


def office(days: str = "mon-fri", hours: str = "09:00-17:00") -> AdvocateHours:
    return AdvocateHours.parse(days=days, hours=hours, timezone="Europe/London",
                               reply_within="within one working day")


def at(year, month, day, hour, minute=0, tz=LONDON) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


@pytest.mark.parametrize("moment, expected", [
    (at(2026, 12, 2, 9, 0), True),      # Wednesday, opening minute
    (at(2026, 12, 2, 16, 59), True),
    (at(2026, 12, 2, 17, 0), False),    # closing time is closed
    (at(2026, 12, 2, 8, 59), False),
    (at(2026, 12, 5, 12, 0), False),    # Saturday
    (at(2026, 12, 6, 12, 0), False),    # Sunday
    (at(2026, 12, 7, 12, 0), True),     # Monday
])
def test_weekdays_nine_to_five(moment, expected):
    assert office().is_open(moment) is expected


def test_summer_time_is_local_time():
    # 08:30 UTC in July is 09:30 in London (BST): open. In December it is 08:30: closed.
    assert office().is_open(dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.timezone.utc))
    assert not office().is_open(dt.datetime(2026, 12, 2, 8, 30, tzinfo=dt.timezone.utc))


def test_day_lists_and_ranges_that_wrap_the_week():
    assert office("mon,wed,sat").days == frozenset({0, 2, 5})
    assert office("fri-mon").days == frozenset({4, 5, 6, 0})
    assert office("Monday - Friday").days == frozenset(range(5))


@pytest.mark.parametrize("days, hours, fragment", [
    ("mon-fry", "09:00-17:00", "'fry' is not a day"),
    ("", "09:00-17:00", "names no day"),
    ("mon-fri", "nine to five", "must look like 09:00-17:00"),
    ("mon-fri", "17:00-09:00", "close after it opens"),
])
def test_bad_settings_are_clear_errors(days, hours, fragment):
    with pytest.raises(ValueError, match=fragment):
        office(days, hours)


def test_unknown_time_zone_fails_at_start_up():
    with pytest.raises(ZoneInfoNotFoundError):
        AdvocateHours.parse(days="mon-fri", hours="09:00-17:00", timezone="Mars/Olympus",
                            reply_within="soon")


UTC = dt.timezone.utc
WORKING_DAY = AdvocateHours.parse(days="mon-fri", hours="09:00-17:00",
                                  timezone="Europe/London", reply_within="within one working day")


@pytest.mark.parametrize(("queued", "due"), [
    # Thursday 10:00 -> Friday 10:00 (8 opening hours later).
    (dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC), dt.datetime(2026, 12, 4, 10, 0, tzinfo=UTC)),
    # Friday 16:00 -> one hour on Friday, seven on Monday.
    (dt.datetime(2026, 12, 4, 16, 0, tzinfo=UTC), dt.datetime(2026, 12, 7, 16, 0, tzinfo=UTC)),
    # Saturday: the clock starts on Monday at 09:00.
    (dt.datetime(2026, 12, 5, 12, 0, tzinfo=UTC), dt.datetime(2026, 12, 7, 17, 0, tzinfo=UTC)),
    # After closing: the next morning.
    (dt.datetime(2026, 12, 3, 20, 0, tzinfo=UTC), dt.datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),
    # Summer time: 15:00 UTC on a Friday is 16:00 in London.
    (dt.datetime(2026, 7, 3, 15, 0, tzinfo=UTC), dt.datetime(2026, 7, 6, 15, 0, tzinfo=UTC)),
])
def test_reply_due_counts_only_opening_hours(queued, due):
    assert WORKING_DAY.reply_due(queued) == due


def test_reply_hours_must_be_positive():
    with pytest.raises(ValueError, match="ADVOCATE_REPLY_HOURS"):
        AdvocateHours.parse(days="mon-fri", hours="09:00-17:00", timezone="Europe/London",
                            reply_within="x", reply_open_hours=0)
