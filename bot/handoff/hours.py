"""When advocates are on, and what to promise when they are not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class AdvocateHours:
    """Opening hours such as days "mon-fri", 09:00 to 17:00, in a time zone."""

    days: frozenset[int]
    opens: dt.time
    closes: dt.time
    timezone: str
    reply_within: str
    # The promise in hours the advocates are on (8 at 09:00-17:00 is one working day).
    reply_open_hours: float = 8.0

    @classmethod
    def parse(cls, *, days: str, hours: str, timezone: str, reply_within: str,
              reply_open_hours: float = 8.0) -> AdvocateHours:
        """Parse "mon-fri" (or "mon,wed,sat") and "09:00-17:00"."""
        chosen: set[int] = set()
        for part in days.lower().replace(" ", "").split(","):
            if "-" in part:
                start, end = (_day(p, days) for p in part.split("-", 1))
                chosen.update(d % 7 for d in range(start, end + 1 if end >= start else end + 8))
            elif part:
                chosen.add(_day(part, days))
        if not chosen:
            raise ValueError(f"ADVOCATE_DAYS names no day: {days!r}")
        try:
            opens, closes = (dt.time.fromisoformat(t.strip()) for t in hours.split("-", 1))
        except ValueError:
            raise ValueError(f"ADVOCATE_HOURS must look like 09:00-17:00, got {hours!r}") from None
        if closes <= opens:
            raise ValueError(f"ADVOCATE_HOURS must close after it opens, got {hours!r}")
        ZoneInfo(timezone)  # fail early on an unknown zone
        if reply_open_hours <= 0:
            raise ValueError(f"ADVOCATE_REPLY_HOURS must be above 0, got {reply_open_hours}")
        return cls(frozenset(chosen), opens, closes, timezone, reply_within, reply_open_hours)

    def is_open(self, now: dt.datetime | None = None) -> bool:
        """True while advocates are on (in their own time zone)."""
        local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(ZoneInfo(self.timezone))
        return local.weekday() in self.days and self.opens <= local.time() < self.closes


    def reply_due(self, since: dt.datetime) -> dt.datetime:
        """When a reply is due: `reply_open_hours` of opening time after `since` (UTC)."""
        zone = ZoneInfo(self.timezone)
        local = since.astimezone(zone)
        left = dt.timedelta(hours=self.reply_open_hours)
        for _ in range(3660):  # ten years of days: a bound, never reached with a real promise
            opens = dt.datetime.combine(local.date(), self.opens, zone)
            closes = dt.datetime.combine(local.date(), self.closes, zone)
            if local.weekday() in self.days and local < closes:
                start = max(local, opens)
                if start + left <= closes:
                    return (start + left).astimezone(dt.timezone.utc)
                left -= closes - start
            local = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), zone)
        raise ValueError("no opening time found")


def _day(name: str, days: str) -> int:
    if name[:3] not in DAYS:
        raise ValueError(f"ADVOCATE_DAYS: {name!r} is not a day (use mon, tue, ... sun), "
                         f"got {days!r}")
    return DAYS.index(name[:3])
