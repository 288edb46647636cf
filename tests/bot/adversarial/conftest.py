"""One running gateway (Rasa unreachable, as it may be) that every attack is aimed at."""

from __future__ import annotations

# why: the gateway warms its PII scrubber up in a thread at start-up (spaCy imports numpy), and
# Hypothesis looks at sys.modules["numpy"] while drawing examples: a half-imported numpy there
# made a generated test fail at random. Importing it first removes the race.
import numpy  # noqa: F401
import pytest

from bot.app import create_app
from bot.gateway.keys import DB_SESSIONMAKER
from bot.store import staff
from tests.support.console import PASSWORD


@pytest.fixture
async def gateway(aiohttp_client, make_settings):
    client = await aiohttp_client(create_app(make_settings(rasa_timeout_seconds=0.5)))
    async with client.app[DB_SESSIONMAKER]() as session, session.begin():
        await staff.create_user(session, username="ava", password=PASSWORD, role="advocate")
    return client


async def still_answers(client) -> None:
    """After the attacks, an ordinary young person is still answered and stored."""
    resp = await client.post("/api/messages", json={"conversation_id": "after-the-storm",
                                                    "text": "how do i complain"})
    assert resp.status == 200 and await resp.json()
