"""The dashboard's tables: coarser totals when a breakdown says too little; place filters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.store.engine import create_schema, make_engine, make_sessionmaker
from bot.store.models import AnalyticsEvent, Conversation
from bot.trends.demo import write_demo_data
from bot.trends.queries import Period
from bot.trends.report import ALL, section_rows, sections, show

PERIOD = Period(weeks=("2026-W47", "2026-W48", "2026-W49"))
ESCALATIONS = next(s for s in sections() if s.id == "escalations")
NATIONS = next(s for s in sections() if s.id == "nations")


def test_a_breakdown_of_small_numbers_gives_the_places_together():
    counts = {("cambridgeshire", "2026-W47"): 3, ("dorset", "2026-W47"): 2,
              ("wales", "2026-W48"): 4, ("dorset", "2026-W48"): 3,
              ("cambridgeshire", "2026-W49"): 2, ("wales", "2026-W49"): 4}
    shown = show(ESCALATIONS, PERIOD, counts, threshold=5)
    assert shown.coarser is not None and shown.coarser.rows == (ALL,)
    assert [shown.coarser.cell(ALL, w) for w in PERIOD.weeks] == ["5", "7", "6"]


def test_when_even_the_weeks_are_small_the_whole_period():
    counts = {("cambridgeshire", "2026-W47"): 2, ("dorset", "2026-W48"): 3,
              ("wales", "2026-W49"): 1}
    shown = show(ESCALATIONS, PERIOD, counts, threshold=5)
    assert shown.coarser.cols == ("whole period",)
    assert shown.coarser.cell(ALL, "whole period") == "6"


def test_big_enough_numbers_need_nothing_coarser():
    counts = {("cambridgeshire", w): 12 for w in PERIOD.weeks}
    assert show(ESCALATIONS, PERIOD, counts, threshold=5).coarser is None


def test_a_place_filter_shows_that_place_or_its_nation_only():
    wales = Period(weeks=PERIOD.weeks, council="wales")
    assert section_rows(ESCALATIONS, wales) == ("wales",)
    assert section_rows(NATIONS, Period(weeks=PERIOD.weeks, council="dorset")) == ("england",)
    counts = {("wales", "2026-W47"): 9, ("cambridgeshire", "2026-W47"): 30}
    table = show(ESCALATIONS, wales, counts, threshold=5).table
    assert table.rows == ("wales",) and table.grand_total() == "9"


async def test_demo_data_is_made_up_and_the_same_every_time(tmp_path):
    totals = []
    for name in ("a", "b"):
        engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / name}.db")
        await create_schema(engine)
        async with make_sessionmaker(engine)() as session, session.begin():
            added = await write_demo_data(session, weeks=6, seed=7, today=dt.date(2026, 12, 3))
        async with make_sessionmaker(engine)() as session:
            count = await session.scalar(select(func.count()).select_from(AnalyticsEvent))
            queued = await session.scalar(select(func.count()).select_from(Conversation))
        await engine.dispose()
        assert count == added and queued == 3
        totals.append(added)
    assert totals[0] == totals[1] > 100
