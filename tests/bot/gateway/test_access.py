"""Each conversation is readable and writable only by its owner: its secret, its channel."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import create_app
from bot.gateway.access import TOKEN_HEADER
from bot.gateway.incoming import Incoming
from bot.gateway.keys import CONVERSATIONS, DB_SESSIONMAKER
from bot.store.models import AnalyticsEvent


@pytest.fixture
async def raw(aiohttp_client, settings):
    """A plain client: it sends a secret only when a test says so."""
    return await aiohttp_client(create_app(settings))


async def start(client, conversation_id: str, channel: str = "web") -> str:
    resp = await client.post("/api/messages", json={
        "conversation_id": conversation_id, "text": "hello", "channel": channel,
        "client_message_id": f"first-{conversation_id}"})
    assert resp.status == 200 and isinstance(await resp.json(), list)
    return resp.headers[TOKEN_HEADER]


async def test_the_first_reply_carries_a_secret_every_later_request_needs(raw):
    token = await start(raw, "conv-own-0001")
    assert len(token) >= 40
    body = {"conversation_id": "conv-own-0001", "text": "again", "channel": "web"}
    assert (await raw.post("/api/messages", json=body)).status == 403
    assert (await raw.post("/api/messages", json=body,
                           headers={TOKEN_HEADER: "x" * len(token)})).status == 403
    resp = await raw.post("/api/messages", json=body, headers={TOKEN_HEADER: token})
    assert resp.status == 200 and TOKEN_HEADER not in resp.headers

    url = "/api/conversations/conv-own-0001/messages?after=0"
    assert (await raw.get(url)).status == 403
    assert (await raw.get(url, headers={TOKEN_HEADER: token + "x"})).status == 403
    resp = await raw.get(url, headers={TOKEN_HEADER: token})
    assert resp.status == 200 and len((await resp.json())["messages"]) == 4
    error = await (await raw.get(url)).json()
    assert TOKEN_HEADER in error["error"]


async def test_a_conversation_is_never_reached_through_another_channel(raw):
    token = await start(raw, "conv-web-0001", channel="web")
    resp = await raw.post("/api/messages", headers={TOKEN_HEADER: token}, json={
        "conversation_id": "conv-web-0001", "text": "from the api", "channel": "api"})
    assert resp.status == 403


async def test_a_telegram_chat_cannot_be_read_or_written_through_the_api(raw):
    await raw.app[CONVERSATIONS].receive(Incoming("tg-12345678", "telegram", "hello"))
    assert (await raw.get("/api/conversations/tg-12345678/messages?after=0")).status == 403
    resp = await raw.post("/api/messages", json={"conversation_id": "tg-12345678", "text": "x"})
    assert resp.status == 403
    resp = await raw.post("/api/feedback", json={"conversation_id": "tg-12345678", "seq": 2,
                                                 "helpful": True})
    assert resp.status == 403


async def test_a_lost_first_reply_is_answered_again_with_a_new_secret(raw):
    old = await start(raw, "conv-lost-001")
    resp = await raw.post("/api/messages", json={
        "conversation_id": "conv-lost-001", "text": "hello", "channel": "web",
        "client_message_id": "first-conv-lost-001"})
    assert resp.status == 200
    new = resp.headers[TOKEN_HEADER]
    assert new != old
    url = "/api/conversations/conv-lost-001/messages?after=0"
    assert (await raw.get(url, headers={TOKEN_HEADER: old})).status == 403
    history = await (await raw.get(url, headers={TOKEN_HEADER: new})).json()
    assert [m["text"] for m in history["messages"] if m["direction"] == "in"] == ["hello"]


async def test_feedback_counts_once_per_answer_and_a_second_vote_changes_it(raw):
    token = await start(raw, "conv-vote-001")
    [answer] = await raw.app[CONVERSATIONS].post(
        "conv-vote-001", "bot", [{"text": "An answer.", "custom": {"topic": "health"}}])

    async def vote(helpful, token=token):
        return (await raw.post("/api/feedback", headers={TOKEN_HEADER: token} if token else {},
                               json={"conversation_id": "conv-vote-001", "seq": answer["seq"],
                                     "helpful": helpful})).status

    async def votes():
        async with raw.app[DB_SESSIONMAKER]() as session:
            rows = (await session.execute(select(AnalyticsEvent.helpful).where(
                AnalyticsEvent.kind == "feedback"))).scalars()
            return sorted(rows)

    assert await vote(True, token=None) == 403
    assert await vote(True) == 204
    assert await vote(True) == 204
    assert await votes() == [True]
    assert await vote(False) == 204
    assert await votes() == [False]
