"""Working days and the subject access "one month", against known calendars."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters.dates import add_working_days, is_working_day, one_month_after

D = dt.date


@pytest.mark.parametrize("nation", ["england", "wales"])
@pytest.mark.parametrize(("day", "holiday"), [
    (D(2026, 12, 25), "Christmas Day"),
    (D(2026, 12, 28), "Boxing Day, moved from Saturday 26th"),
    (D(2027, 1, 1), "New Year's Day"),
    (D(2027, 3, 26), "Good Friday"),
    (D(2027, 3, 29), "Easter Monday"),
    (D(2027, 5, 3), "Early May bank holiday"),
    (D(2027, 5, 31), "Spring bank holiday"),
    (D(2027, 8, 30), "Summer bank holiday (England and Wales)"),
    (D(2027, 12, 27), "Christmas Day, moved from Saturday 25th"),
    (D(2027, 12, 28), "Boxing Day, moved from Sunday 26th"),
])
def test_bank_holidays_are_not_working_days(nation, day, holiday):
    assert not is_working_day(day, nation=nation), holiday


def test_ordinary_weekdays_and_weekends():
    assert is_working_day(D(2026, 12, 3), nation="england")  # a Thursday
    assert not is_working_day(D(2026, 12, 5), nation="wales")  # a Saturday
    # 2 January is a bank holiday in Scotland only: a working day in England and Wales.
    assert is_working_day(D(2029, 1, 2), nation="england")


@pytest.mark.parametrize(("start", "count", "nation", "due"), [
    # Friday 18 December 2026 + 10: skips Christmas, Boxing Day (Mon 28th) and New Year's Day.
    (D(2026, 12, 18), 10, "england", D(2027, 1, 6)),
    (D(2026, 12, 18), 2, "wales", D(2026, 12, 22)),
    (D(2026, 12, 22), 10, "wales", D(2027, 1, 8)),
    # Monday 22 March 2027 + 10: skips Good Friday (26th) and Easter Monday (29th).
    (D(2027, 3, 22), 10, "england", D(2027, 4, 7)),
    (D(2027, 3, 22), 25, "wales", D(2027, 4, 28)),
    # A request that arrives on a Saturday: the first working day is Monday.
    (D(2026, 12, 5), 1, "england", D(2026, 12, 7)),
    (D(2026, 12, 3), 0, "england", D(2026, 12, 3)),
])
def test_add_working_days(start, count, nation, due):
    assert add_working_days(start, count, nation=nation) == due


@pytest.mark.parametrize(("received", "due"), [
    (D(2026, 9, 3), D(2026, 10, 5)),  # 3 October 2026 is a Saturday: Monday 5th
    (D(2026, 12, 3), D(2027, 1, 4)),  # 3 January 2027 is a Sunday: Monday 4th
    (D(2026, 12, 1), D(2027, 1, 4)),  # 1 January is New Year's Day, then the weekend
    (D(2027, 1, 31), D(2027, 3, 1)),  # no 31 February: 28th, a Sunday, so Monday 1 March
    (D(2028, 1, 30), D(2028, 2, 29)),  # leap year: the last day of February
    (D(2027, 4, 3), D(2027, 5, 4)),  # 3 May 2027 is the Early May bank holiday
    (D(2027, 2, 26), D(2027, 3, 30)),  # Good Friday 26 March 2027, the weekend, Easter Monday
])
def test_one_month_after(received, due):
    assert one_month_after(received, nation="england") == due
    assert one_month_after(received, nation="wales") == due


def test_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="scotland"):
        add_working_days(D(2026, 12, 3), 5, nation="scotland")


days = st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31))
nations = st.sampled_from(["england", "wales"])


@given(start=days, count=st.integers(min_value=1, max_value=70), nation=nations)
def test_working_days_are_counted_one_by_one(start, count, nation):
    due = add_working_days(start, count, nation=nation)
    assert is_working_day(due, nation=nation)
    between = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d, nation=nation) for d in between) == count


@given(received=days, nation=nations)
def test_one_month_is_the_same_date_next_month_or_the_next_working_day(received, nation):
    due = one_month_after(received, nation=nation)
    assert is_working_day(due, nation=nation)
    assert 28 <= (due - received).days <= 31 + 5
    month = received.month % 12 + 1
    # Either the corresponding date itself, or pushed on by a weekend or bank holiday.
    assert due.month == month or (due.month == month % 12 + 1 and due.day <= 5)
