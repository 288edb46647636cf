"""The advocate console over real HTTP: sign-in, roles, CSRF, the queue, claiming, replies."""

from __future__ import annotations

import asyncio

import pytest

from bot.gateway.keys import DB_SESSIONMAKER, HANDOFF
from bot.store import staff
from tests.support.console import sign_in


async def new_client(aiohttp_client, app_client):
    return await aiohttp_client(app_client.server)


async def queue_urgent(client, conversation_id: str) -> None:
    resp = await client.post("/api/messages", json={"conversation_id": conversation_id,
                                                    "text": "my carer hits me"})
    assert resp.status == 200


async def test_every_console_route_needs_sign_in(app_client):
    public = ("/console/login", "/console/static")
    checked = 0
    for route in app_client.app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix", "")
        if not path.startswith("/console") or path.startswith(public) or route.method == "HEAD":
            continue
        url = path.replace("{conversation_id}", "conv-123456")
        resp = await app_client.request(route.method, url, allow_redirects=False, json={})
        assert resp.status in (401, 303, 302), (route.method, url, resp.status)
        if resp.status in (302, 303):
            assert resp.headers["Location"] == "/console/login"
        checked += 1
    assert checked >= 10


async def test_wrong_password_and_lockout(app_client):
    for _ in range(staff.MAX_FAILED_ATTEMPTS):
        assert await sign_in(app_client, "ava", "wrong password!!") is None
    # Locked now, even with the right password.
    assert await sign_in(app_client, "ava") is None


async def test_changes_need_the_csrf_token(app_client):
    await queue_urgent(app_client, "conv-csrf-01")
    csrf = await sign_in(app_client, "ava")
    resp = await app_client.post("/console/api/conversations/conv-csrf-01/claim", json={})
    assert resp.status == 403
    resp = await app_client.post("/console/api/conversations/conv-csrf-01/claim", json={},
                                 headers={"X-CSRF-Token": csrf})
    assert resp.status == 200


async def test_commissioner_cannot_open_a_transcript(app_client):
    await queue_urgent(app_client, "conv-comm-01")
    csrf = await sign_in(app_client, "cat")
    resp = await app_client.get("/console/api/conversations/conv-comm-01")
    assert resp.status == 403
    resp = await app_client.get("/console/api/queue")
    assert resp.status == 403
    resp = await app_client.post("/console/api/conversations/conv-comm-01/claim", json={},
                                 headers={"X-CSRF-Token": csrf})
    assert resp.status == 403


async def test_two_claims_race_safely(aiohttp_client, app_client):
    await queue_urgent(app_client, "conv-race-01")
    other = await aiohttp_client(app_client.server)
    csrf_a = await sign_in(app_client, "ava")
    csrf_b = await sign_in(other, "ben")
    a, b = await asyncio.gather(
        app_client.post("/console/api/conversations/conv-race-01/claim", json={},
                        headers={"X-CSRF-Token": csrf_a}),
        other.post("/console/api/conversations/conv-race-01/claim", json={},
                   headers={"X-CSRF-Token": csrf_b}),
    )
    assert sorted([a.status, b.status]) == [200, 409]


async def test_urgent_first_then_oldest_and_reply_reaches_offline_young_person(app_client):
    # An ordinary request for a person goes in the queue through the service, as Rasa's
    # consent answer would make it; an urgent one arrives later but goes first.
    handoff = app_client.app[HANDOFF]
    await app_client.post("/api/messages", json={"conversation_id": "conv-plain-1", "text": "hi"})
    async with app_client.app[DB_SESSIONMAKER]() as session, session.begin():
        from bot.store.conversations import get_conversation

        conversation = await get_conversation(session, conversation_id="conv-plain-1")
        await handoff.enqueue(session, conversation=conversation, share_history=True)
    await queue_urgent(app_client, "conv-urgent-1")

    csrf = await sign_in(app_client, "ava")
    queue = (await (await app_client.get("/console/api/queue")).json())["items"]
    assert [i["conversation_id"] for i in queue][:2] == ["conv-urgent-1", "conv-plain-1"]
    # Consented, so its first words are shown: that view of what they wrote is audited.
    assert queue[1]["first_words"] == "hi" and "asked_for_person" in queue[1]["reasons"]
    async with app_client.app[DB_SESSIONMAKER]() as session:
        from sqlalchemy import select

        from bot.store.models import AuditEntry

        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert "view_queue" in actions

    headers = {"X-CSRF-Token": csrf}
    url = "/console/api/conversations/conv-plain-1"
    assert (await app_client.post(url + "/claim", json={}, headers=headers)).status == 200
    transcript = await (await app_client.get(url)).json()
    assert transcript["messages"][0]["text"] == "hi"  # consented: the chat so far
    # The young person is offline (not polling); the reply is stored and waits for them.
    assert (await app_client.post(url + "/reply", json={"text": "Hi, I'm Ava, an advocate."},
                                  headers=headers)).status == 200
    assert (await app_client.post(url + "/notes", json={"text": "private"},
                                  headers=headers)).status == 200
    history = await (await app_client.get(
        "/api/conversations/conv-plain-1/messages?after=0")).json()
    texts = [m["text"] for m in history["messages"]]
    assert "Hi, I'm Ava, an advocate." in texts and "private" not in texts
    assert history["mode"] == "advocate"

    # While the advocate has it, the bot stays silent.
    replies = await (await app_client.post("/api/messages", json={
        "conversation_id": "conv-plain-1", "text": "thanks ava"})).json()
    assert replies == []

    # "thanks ava" has no reply yet: closing needs a second, deliberate press.
    refused = await app_client.post(url + "/close", json={"outcome": "resolved"}, headers=headers)
    assert refused.status == 409 and "no reply" in (await refused.json())["error"]
    assert (await app_client.post(url + "/close", json={"outcome": "resolved",
                                                        "close_unanswered": True},
                                  headers=headers)).status == 200
    history = await (await app_client.get(
        "/api/conversations/conv-plain-1/messages?after=0")).json()
    assert history["mode"] == "bot"
    assert "finished this chat" in history["messages"][-1]["text"]


async def test_unconsented_urgent_transcript_starts_at_the_flagged_message(app_client):
    await app_client.post("/api/messages", json={"conversation_id": "conv-priv-01",
                                                 "text": "something private first"})
    await queue_urgent(app_client, "conv-priv-01")
    await sign_in(app_client, "ava")
    transcript = await (await app_client.get("/console/api/conversations/conv-priv-01")).json()
    texts = [m["text"] for m in transcript["messages"]]
    assert "something private first" not in texts
    assert texts[0] == "my carer hits me"


def test_canned_replies_are_checked_when_loaded(tmp_path):
    from bot.console.rendering import CANNED_FILE, load_canned_replies

    replies = load_canned_replies(CANNED_FILE)
    assert sum(lang == "en" for lang, _ in replies) >= 3
    assert sum(lang == "cy" for lang, _ in replies) >= 3
    for text in ("canned_replies: []\n", "canned_replies: [a, a]\n", "other: [a]\n",
                 "canned_replies: ['']\n"):
        bad = tmp_path / "canned.yml"
        bad.write_text(text)
        with pytest.raises(ValueError, match="canned_replies"):
            load_canned_replies(bad)


async def test_a_welsh_conversation_shows_its_language_and_its_card_is_welsh(app_client):
    await app_client.post("/api/messages", json={"conversation_id": "conv-cymraeg-1",
                                                 "text": "/cymraeg"})
    resp = await app_client.post("/api/messages", json={"conversation_id": "conv-cymraeg-1",
                                                        "text": "mae fy ngofalwr yn fy nharo i"})
    card = (await resp.json())[0]
    assert card["language"] == "cy" and card["custom"]["safeguarding"]
    await sign_in(app_client, "ava")
    queue = (await (await app_client.get("/console/api/queue")).json())["items"]
    assert {i["conversation_id"]: i["language"] for i in queue}["conv-cymraeg-1"] == "cy"
    transcript = await (await app_client.get("/console/api/conversations/conv-cymraeg-1")).json()
    assert transcript["language"] == "cy"
    page = await (await app_client.get("/console")).text()
    assert 'lang="cy"' in page  # the Welsh saved replies
