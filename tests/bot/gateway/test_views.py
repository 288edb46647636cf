"""The gateway over real HTTP (aiohttp test server) with the bot engine unreachable.

Rasa being down is the real situation here: nothing listens on the ports given, so
these tests prove bad input is refused clearly and nothing is lost when Rasa fails.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.app import create_app
from tests.support.api import TokenClient


@pytest.fixture
async def client(aiohttp_client, settings):
    return TokenClient(await aiohttp_client(create_app(settings)))


async def post(client, body=None, *, data=None):
    resp = await client.post("/api/messages", json=body) if data is None else await client.post(
        "/api/messages", data=data, headers={"Content-Type": "application/json"})
    return resp.status, await resp.json()


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"{not json", "valid UTF-8 JSON"),
        (b"\xff\xfe\x00binary", "valid UTF-8 JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"conversation_id": "conv-123456", "text": ""}', "empty"),
        (b'{"conversation_id": "conv-123456", "text": "   "}', "empty"),
        (b'{"conversation_id": "conv-123456", "text": 5}', "'text' must be a string"),
        (b'{"text": "hello"}', "'conversation_id' must be a string"),
        (b'{"conversation_id": "../etc", "text": "hi"}', "conversation_id must be"),
        (b'{"conversation_id": "conv-123456", "text": "hi", "channel": "telegram"}', "channel"),
    ],
)
async def test_bad_input_gets_a_clear_400(client, data, fragment):
    status, body = await post(client, data=data)
    assert status == 400
    assert fragment in body["error"]


async def test_too_long_text_is_refused(client, settings):
    status, body = await post(client, {"conversation_id": "conv-123456",
                                       "text": "a" * (settings.max_message_chars + 1)})
    assert status == 400 and "too long" in body["error"]


async def test_huge_body_is_refused_and_service_keeps_running(client):
    resp = await client.post("/api/messages", data=b"x" * (200 * 1024),
                             headers={"Content-Type": "application/json"})
    assert resp.status == 413
    status, _ = await post(client, {"conversation_id": "conv-123456", "text": "hello"})
    assert status == 200


async def test_engine_down_sends_holding_message_and_keeps_the_message(client):
    status, replies = await post(client, {"conversation_id": "conv-down-1",
                                          "text": "<script>alert(1)</script> how do i complain"})
    assert status == 200
    assert len(replies) == 1 and "something has gone wrong" in replies[0]["text"]
    resp = await client.get("/api/conversations/conv-down-1/messages?after=0")
    history = (await resp.json())["messages"]
    assert [m["direction"] for m in history] == ["in", "out"]
    assert history[0]["text"] == "<script>alert(1)</script> how do i complain"


async def test_risk_with_engine_down_gets_the_urgent_card_first(client):
    status, replies = await post(client, {"conversation_id": "conv-risk-1",
                                          "text": "i want to kill myself"})
    assert status == 200
    safeguarding = replies[0]["custom"]["safeguarding"]
    assert safeguarding["category"] == "suicide_self_harm"
    assert "999" in replies[0]["text"] and "0800 1111" in replies[0]["text"]
    assert replies[1]["text"] == "Are you safe right now?"


async def test_a_retry_is_answered_once(client):
    body = {"conversation_id": "conv-retry-1", "text": "hello", "client_message_id": "msg-000001"}
    _, first = await post(client, body)
    _, second = await post(client, body)
    assert first == second
    resp = await client.get("/api/conversations/conv-retry-1/messages?after=0")
    assert len((await resp.json())["messages"]) == 2


async def test_history_after_a_seq_and_unknown_conversation(client):
    await post(client, {"conversation_id": "conv-hist-1", "text": "hello"})
    resp = await client.get("/api/conversations/conv-hist-1/messages?after=1")
    assert [m["seq"] for m in (await resp.json())["messages"]] == [2]
    resp = await client.get("/api/conversations/nobody-here/messages?after=0&wait=0")
    assert (await resp.json()) == {"conversation_id": "nobody-here", "mode": None,
                                   "language": "en", "messages": []}
    resp = await client.get("/api/conversations/conv-hist-1/messages?after=x")
    assert resp.status == 400


async def test_feedback_only_on_answers(client):
    await post(client, {"conversation_id": "conv-feed-1", "text": "hello"})
    resp = await client.post("/api/feedback", json={"conversation_id": "conv-feed-1", "seq": 2,
                                                    "helpful": True})
    assert resp.status == 400
    resp = await client.post("/api/feedback", json={"conversation_id": "conv-feed-1", "seq": "2",
                                                    "helpful": "yes"})
    assert resp.status == 400


async def test_healthz_is_503_while_the_engine_is_down(client):
    resp = await client.get("/healthz")
    assert resp.status == 503
    assert (await resp.json()) == {"rasa": False, "action_server": False, "gateway": True}


async def test_page_is_served_with_no_store_and_strict_csp(client):
    resp = await client.get("/")
    assert resp.status == 200
    assert resp.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert "Leave this site quickly" in await resp.text()


@pytest.fixture
async def slow_poll_client(aiohttp_client, make_settings):
    """A gateway whose long poll waits 30 s, so only a wake-up can answer sooner."""
    return TokenClient(await aiohttp_client(create_app(make_settings(long_poll_seconds=30))))


async def test_long_poll_wakes_when_a_message_arrives(slow_poll_client):
    client = slow_poll_client
    await post(client, {"conversation_id": "conv-poll-01", "text": "hello"})
    poll = asyncio.create_task(client.get(
        "/api/conversations/conv-poll-01/messages?after=2&wait=30"))
    await asyncio.sleep(0.2)
    assert not poll.done(), "the long poll answered before anything new arrived"
    await post(client, {"conversation_id": "conv-poll-01", "text": "again"})
    # Without a wake-up the poll would sleep its full 30 s: 10 s is far more than a wake needs.
    resp = await asyncio.wait_for(poll, timeout=10)
    assert [m["seq"] for m in (await resp.json())["messages"]][:1] == [3]


async def test_risk_the_lexicon_has_no_words_for_gets_the_card_with_engine_down(client):
    # One of the examples of a card the lexicon missed (never in an evaluation set).
    status, replies = await post(client, {"conversation_id": "conv-risk-2",
                                          "text": "my boyfriend is making me send pictures"})
    assert status == 200
    assert replies[0]["custom"]["safeguarding"]["category"] == "sexual_exploitation"
    assert replies[1]["text"] == "Are you safe right now?"


async def test_a_maybe_risk_message_gets_the_check_with_engine_down(aiohttp_client, settings,
                                                                     monkeypatch):
    # Thresholds set so that any message the semantic reader reads is "maybe risk".
    from bot import app as app_module
    from bot.semantic.reader import Thresholds

    monkeypatch.setattr(app_module.Thresholds, "load",
                        classmethod(lambda cls, *a: Thresholds(risk_card=0.999999,
                                                               risk_check=1e-9)))
    client = TokenClient(await aiohttp_client(create_app(settings)))
    status, replies = await post(client, {"conversation_id": "conv-check-1",
                                          "text": "things at home are getting a bit much"})
    assert status == 200
    assert replies[0]["custom"]["safeguarding_check"] is True
    assert "Are you safe right now?" in replies[0]["text"]
    assert "safeguarding" not in replies[0]["custom"]


async def test_the_welcome_is_domain_wording_and_stores_nothing(client):
    resp = await client.get("/api/welcome")
    assert resp.status == 200
    greeting = await resp.json()
    assert greeting["text"].startswith("Hi! I'm the Care Rights Assistant")
    assert [b["payload"] for b in greeting["buttons"]][:1] == ["/what_can_you_do"]
    # Skippable "about you": places and stage of care, as Rasa reads payloads (one brace).
    about = [b["payload"] for b in greeting["about_you"]["buttons"]]
    assert '/inform_location{"council": "wales"}' in about
    assert '/inform_stage{"care_stage": "left_care"}' in about
    history = await (await client.get("/api/conversations/web-nobody-yet/messages?after=0")).json()
    assert history["mode"] is None and history["messages"] == []


async def test_a_source_line_links_to_the_document_itself(client):
    resp = await client.get("/sources/facts.md")
    assert resp.status == 200 and resp.content_type == "text/html"
    page = await resp.text()
    assert "Checked facts for the knowledge base" in page and "Back to the chat" in page
    assert resp.headers["Cache-Control"] == "no-store"
    seed = await client.get("/sources/000_bd1dbc2786a4842b.txt")
    assert seed.status == 200 and "THE PLEDGE: OUR PROMISE" in await seed.text()


@pytest.mark.parametrize("name", ["nope.txt", "..%2F..%2Fpyproject.toml", "README.md",
                                  "%00facts.md"])
async def test_only_the_source_documents_are_served(client, name):
    resp = await client.get(f"/sources/{name}")
    assert resp.status == 404
