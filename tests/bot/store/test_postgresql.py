"""The same store on PostgreSQL (the scaled-out set-up): one setting, DATABASE_URL.

Uses the machine's PostgreSQL on 127.0.0.1:5432 in a throw-away database.
"""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from bot.handoff.hours import AdvocateHours
from bot.handoff.service import HandoffError, HandoffService
from bot.responses import DomainResponses
from bot.store import analytics, conversations, staff
from bot.store.engine import create_schema, make_engine, make_sessionmaker
from tests.conftest import ROOT

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
async def pg_url():
    name = "cra_test_" + uuid.uuid4().hex[:8]
    try:
        admin = await asyncpg.connect(ADMIN_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"PostgreSQL not reachable on 127.0.0.1:5432: {exc}")
    await admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    await admin.close()


async def test_store_and_claim_race_on_postgresql(pg_url):
    engine = make_engine(pg_url)
    await create_schema(engine)
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        conversation = await conversations.get_or_create_conversation(
            session, conversation_id="conv-pg-0001", channel="web")
        await conversations.add_message(session, conversation=conversation, direction="in",
                                        author="young_person", text="can i talk to someone")
        await analytics.record_event(session, kind="question", channel="web", topic="advocacy",
                                     outcome="answered")
        users = [await staff.create_user(session, username=n, password="long password 123",
                                         role="advocate") for n in ("ava", "ben")]

    posted = []

    async def post(conversation_id, author, replies):
        posted.append((conversation_id, author))

    handoff = HandoffService(sessionmaker=sessions,
                             responses=DomainResponses.from_file(ROOT / "domain.yml"),
                             hours=AdvocateHours.parse(days="mon-sun", hours="00:00-23:59",
                                                       timezone="Europe/London",
                                                       reply_within="soon"),
                             post=post)
    async with sessions() as session, session.begin():
        conversation = await conversations.get_conversation(session, conversation_id="conv-pg-0001")
        [status] = await handoff.enqueue(session, conversation=conversation, share_history=True)
    assert "number 1" in status["text"]

    results = await asyncio.gather(
        *(handoff.claim(conversation_id="conv-pg-0001", user=u) for u in users),
        return_exceptions=True)
    assert sum(r is None for r in results) == 1
    assert sum(isinstance(r, HandoffError) for r in results) == 1
    await engine.dispose()
