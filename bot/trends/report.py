"""What the commissioners' dashboard shows: its tables, each suppressed, and coarser totals.

Every table is counted from the anonymous events and suppressed (`suppress_table`) before
anything leaves this module. When a breakdown is all hidden, a coarser one is offered (all
places together, then the whole period), so the dashboard still says something.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.safeguarding import CATEGORIES
from bot.store.analytics import OUTCOMES
from bot.trends.queries import UNKNOWN, Period, councils, count_events
from bot.trends.suppression import SuppressedTable, suppress_table
from kb import NATIONS, TOPICS, KnowledgeBase, load_places
from payload import LETTER_KINDS

ALL = "all together"


@dataclass(frozen=True)
class Section:
    """One table (and its chart) on the dashboard.

    `row` and `col` are event columns; "nation" is the place's nation; "iso_week" columns make
    a trend over the period's weeks.
    """

    id: str
    title: str
    kind: str
    row: str
    col: str
    rows: tuple[str, ...] | None  # None: the period's weeks; places: only the chosen place
    cols: tuple[str, ...] | None
    outcome: str | None = None

    @property
    def is_trend(self) -> bool:
        return self.col == "iso_week"


@dataclass(frozen=True)
class Shown:
    """A section's suppressed table, and a coarser one when the breakdown shows nothing."""

    section: Section
    table: SuppressedTable
    coarser: SuppressedTable | None = None
    coarser_title: str = ""


def sections() -> tuple[Section, ...]:
    """The dashboard's tables, in order (places come from data/places.yml)."""
    return (
        Section("topics", "Questions answered, by topic and week", "question", "topic", "iso_week",
                TOPICS, None, outcome="answered"),
        Section("nations", "Questions asked, by nation and week", "question", "nation",
                "iso_week", (*NATIONS, UNKNOWN), None),
        Section("outcomes", "Answered, clarified or not understood, by place", "question",
                "council", "outcome", councils(), OUTCOMES),
        Section("escalations", "Conversations handed to an advocate, by place and week",
                "escalation", "council", "iso_week", councils(), None),
        Section("safeguarding", "Urgent-help cards shown, by kind of risk and week", "safeguarding",
                "safeguarding_category", "iso_week", (*CATEGORIES, "unclassified"), None),
        Section("letters", "Letters drafted, by kind and week", "letter", "topic", "iso_week",
                LETTER_KINDS, None),
        Section("helpful", "Was this helpful? Answers by topic", "feedback", "topic", "helpful",
                TOPICS, ("yes", "no")),
    )


def section_rows(section: Section, period: Period) -> tuple[str, ...]:
    """The rows a section shows: filtered to a place, only that place (or its nation)."""
    if section.rows is None:
        return period.weeks
    if period.council and section.row == "council":
        return (period.council,)
    if period.council and section.row == "nation":
        return (load_places().nation_of(period.council) or UNKNOWN,)
    return section.rows


async def count_section(session: AsyncSession, *, section: Section,
                        period: Period) -> dict[tuple[str, str], int]:
    """The section's counts; by nation, folded from the places before anything is hidden."""
    row = "council" if section.row == "nation" else section.row
    counts = await count_events(session, period=period, kind=section.kind, row=row,
                                col=section.col, outcome=section.outcome)
    if section.row != "nation":
        return counts
    folded: dict[tuple[str, str], int] = {}
    for (place, col), n in counts.items():
        key = (load_places().nation_of(place) or UNKNOWN, col)
        folded[key] = folded.get(key, 0) + n
    return folded


def show(section: Section, period: Period, counts: dict[tuple[str, str], int], *,
         threshold: int) -> Shown:
    """Suppress the section's table; if it shows too few numbers, add a coarser one."""
    rows = section_rows(section, period)
    cols = section.cols or period.weeks
    counts = {k: v for k, v in counts.items() if k[0] in rows and k[1] in cols}
    table = suppress_table(rows, cols, counts, threshold=threshold)
    if not counts or _says_enough(table):
        return Shown(section, table)
    by_col: dict[tuple[str, str], int] = {}
    for (_, col), n in counts.items():
        by_col[(ALL, col)] = by_col.get((ALL, col), 0) + n
    coarser = suppress_table((ALL,), cols, by_col, threshold=threshold)
    title = f"{section.title.split(',')[0]}: every {section.row.replace('_', ' ')} together"
    if not _says_enough(coarser):
        total = sum(by_col.values())
        coarser = suppress_table((ALL,), ("whole period",), {(ALL, "whole period"): total},
                                 threshold=threshold)
        title = f"{section.title.split(',')[0]}: the whole period together"
    return Shown(section, table, coarser, title)


#: Below this share of non-zero cells shown as numbers, a breakdown says too little on its own.
ENOUGH_SHOWN = 0.2


def _says_enough(table: SuppressedTable) -> bool:
    """Are enough of the cells that aren't zero shown as numbers?"""
    cells = [table.cell(r, c) for r in table.rows for c in table.cols]
    non_zero = [v for v in cells if v != "0"]
    shown = [v for v in non_zero if v.isdigit()]
    return bool(shown) and len(shown) >= ENOUGH_SHOWN * len(non_zero)


async def promises_asked_about(session: AsyncSession, *, period: Period, kb: KnowledgeBase,
                               threshold: int) -> list[tuple[str, SuppressedTable, dict]]:
    """Per council with promises: answered questions by the pledge heading they concern."""
    places = load_places()
    chosen = [p for p in places.with_promises if not period.council or p == period.council]
    out = []
    for council in chosen:
        promises = {e.topic: e for e in kb.promises_of(council)}
        if not promises:
            continue
        counts = await count_events(session, period=Period(period.weeks, council=council),
                                    kind="question", row="topic", col="council",
                                    outcome="answered")
        headings = {e.id: e.source.section or e.title for e in promises.values()}
        cells = {(promises[t].id, "questions"): n for (t, _), n in counts.items()
                 if t in promises}
        table = suppress_table(tuple(headings), ("questions",), cells, threshold=threshold)
        out.append((places.names[council], table, headings))
    return out
