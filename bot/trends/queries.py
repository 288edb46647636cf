"""Counting anonymous analytics events for the commissioners' dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.analytics import iso_week
from bot.store.models import AnalyticsEvent, UnansweredQuestion
from kb import load_places

UNKNOWN = "unknown"


def councils() -> tuple[str, ...]:
    """The places of data/places.yml, then "unknown" (place not given)."""
    return (*load_places().ids, UNKNOWN)


@dataclass(frozen=True)
class Period:
    """A run of ISO weeks, oldest first, and an optional council filter."""

    weeks: tuple[str, ...]
    council: str | None = None

    @classmethod
    def last_weeks(cls, count: int, *, council: str | None = None,
                   today: dt.date | None = None) -> Period:
        today = today or dt.date.today()
        weeks = tuple(iso_week(today - dt.timedelta(weeks=n)) for n in range(count - 1, -1, -1))
        return cls(weeks=weeks, council=council)


async def count_events(session: AsyncSession, *, period: Period, kind: str, row: str, col: str,
                       outcome: str | None = None) -> dict[tuple[str, str], int]:
    """Counts of `kind` events grouped by two event columns (missing values -> "unknown")."""
    row_col, col_col = getattr(AnalyticsEvent, row), getattr(AnalyticsEvent, col)
    query = (
        select(row_col, col_col, func.count())
        .where(AnalyticsEvent.kind == kind, AnalyticsEvent.iso_week.in_(period.weeks))
        .group_by(row_col, col_col)
    )
    if outcome:
        query = query.where(AnalyticsEvent.outcome == outcome)
    if period.council:
        if period.council == UNKNOWN:
            query = query.where(AnalyticsEvent.council.is_(None))
        else:
            query = query.where(AnalyticsEvent.council == period.council)
    counts: dict[tuple[str, str], int] = {}
    for r, c, n in (await session.execute(query)).all():
        key = (_label(r), _label(c))
        counts[key] = counts.get(key, 0) + n
    return counts


def _label(value: object) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


async def unanswered_themes(session: AsyncSession, *, period: Period,
                            examples_per_theme: int = 10,
                            ) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Counts of unanswered questions by theme, and a few scrubbed examples of each."""
    query = select(UnansweredQuestion).where(UnansweredQuestion.iso_week.in_(period.weeks))
    if period.council:
        query = query.where(UnansweredQuestion.council.is_(None) if period.council == UNKNOWN
                            else UnansweredQuestion.council == period.council)
    counts: dict[str, int] = {}
    examples: dict[str, list[str]] = {}
    for row in (await session.execute(query.order_by(UnansweredQuestion.id.desc()))).scalars():
        counts[row.theme] = counts.get(row.theme, 0) + 1
        if len(examples.setdefault(row.theme, [])) < examples_per_theme:
            examples[row.theme].append(row.scrubbed_text)
    return counts, examples
