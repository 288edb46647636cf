"""Analytics events cannot hold a sender id, message text or an exact time."""

import datetime as dt

import pytest

from bot.store.analytics import iso_week, record_event
from bot.store.engine import create_schema, make_engine, make_sessionmaker
from bot.store.models import AnalyticsEvent

ALLOWED_COLUMNS = {"id", "kind", "iso_week", "channel", "topic", "council", "outcome",
                   "safeguarding_category", "helpful", "age_band"}


def test_event_table_has_only_anonymous_columns():
    assert set(AnalyticsEvent.__table__.columns.keys()) == ALLOWED_COLUMNS
    for column in AnalyticsEvent.__table__.columns:
        # short closed-vocabulary strings only: nowhere to put free text
        assert getattr(column.type, "length", None) in (None, 8, 10, 20, 40)


def test_iso_week():
    assert iso_week(dt.date(2026, 11, 23)) == "2026-W48"


async def test_record_event_rejects_unknown_vocabulary(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    await create_schema(engine)
    async with make_sessionmaker(engine)() as session:
        with pytest.raises(ValueError):
            await record_event(session, kind="chat", channel="web")
        with pytest.raises(ValueError):
            await record_event(session, kind="question", channel="web", outcome="great")
    await engine.dispose()
