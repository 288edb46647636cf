"""A drafted letter is counted by kind, nation and week only."""

from __future__ import annotations

from sqlalchemy import select

from bot.store.engine import create_schema, make_engine, make_sessionmaker
from bot.store.models import AnalyticsEvent, Conversation
from bot.trends.recording import record_turn

LETTER = {"kind": "complaint", "stage": 2, "jurisdiction": "wales", "council": "wales",
          "text": "[your name]\nI want to make a complaint about my social worker.",
          "reply_by": "2027-01-27"}


async def recorded(tmp_path, replies: list[dict], *, channel: str) -> AnalyticsEvent:
    """Record one turn in a fresh database; return the one event it made."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    await create_schema(engine)
    async with make_sessionmaker(engine)() as session:
        conversation = Conversation(id="web-letter-1", channel=channel)
        session.add(conversation)
        await record_turn(session, conversation=conversation, replies=replies, channel=channel)
        await session.commit()
        [event] = (await session.scalars(select(AnalyticsEvent))).all()
    await engine.dispose()
    return event


async def test_a_letter_is_counted_by_kind_nation_and_week_only(tmp_path):
    replies = [{"text": "Here is your letter.", "custom": {"letter": LETTER, "council": "wales"}},
               {"text": "If you send it today..."}]
    event = await recorded(tmp_path, replies, channel="telegram")
    assert (event.kind, event.topic, event.council) == ("letter", "complaint", "wales")
    assert event.channel == "any" and event.outcome is None and event.age_band is None
    assert event.iso_week


async def test_a_malformed_letter_is_not_counted_as_anything_it_is_not(tmp_path):
    odd = {**LETTER, "kind": "poem", "jurisdiction": "<script>"}
    event = await recorded(tmp_path, [{"text": "x", "custom": {"letter": odd}}], channel="web")
    assert (event.topic, event.council) == ("other", None)
