"""The scaled-out set-up: two real gateway processes on PostgreSQL and Redis, behind nginx.

Order, wake-ups, console updates and claims hold across processes; a gateway killed
mid-conversation loses nothing and answers nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest

from tests.support.console import Console
from tests.support.scaled import ScaledGateways

pytestmark = pytest.mark.e2e

PASSWORD = "advocate password 1"


@pytest.fixture(scope="module")
def scaled(stack, tmp_path_factory):
    running = ScaledGateways(stack=stack, workdir=tmp_path_factory.mktemp("scaled")).start()
    yield running
    running.stop()


def new_id() -> str:
    return f"scaled-{uuid.uuid4().hex[:12]}"


def history(scaled: ScaledGateways, conversation_id: str, *, after: int = 0,
            wait: int = 0, gateway: int | None = None) -> list[dict]:
    target = scaled.balanced if gateway is None else scaled.gateways[gateway]
    status, body = target.get(f"/api/conversations/{conversation_id}/messages"
                              f"?after={after}&wait={wait}")
    assert status == 200, body
    return body["messages"]


def test_messages_alternating_between_processes_keep_their_order(scaled):
    conversation = new_id()
    scaled.gateways[0].say(conversation, "hi")  # starts the conversation (and its secret)
    questions = ["how do i complain", "can i see my file", "how do i get an advocate",
                 "what is a pathway plan", "can i see my brother", "what is staying put"]

    def send(n: int) -> None:
        time.sleep(0.05 * n)  # sent in this order, each to the other process
        scaled.gateways[n % 2].say(conversation, questions[n], client_message_id=f"order-{n:04d}")

    with ThreadPoolExecutor(len(questions)) as pool:
        list(pool.map(send, range(len(questions))))

    messages = history(scaled, conversation)
    assert [m["seq"] for m in messages] == list(range(1, len(messages) + 1))
    inbound = [m for m in messages if m["direction"] == "in"]
    assert [m["text"] for m in inbound] == ["hi", *questions]
    # Each question's replies follow it directly: no two turns interleave.
    directions = "".join(m["direction"][0] for m in messages)  # "i" or "o"
    assert "ii" not in directions and directions.endswith("o"), directions


def test_a_long_poll_on_one_process_wakes_for_a_reply_stored_by_the_other(scaled):
    conversation = new_id()
    first = scaled.gateways[0].say(conversation, "hi")
    last = max(r["seq"] for r in first)
    woke: dict = {}

    def poll() -> None:
        started = time.monotonic()
        woke["messages"] = history(scaled, conversation, after=last, wait=20, gateway=0)
        woke["after"] = time.monotonic() - started

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(1.0)  # the poll is waiting on process 0
    scaled.gateways[1].say(conversation, "how do i complain")
    poller.join(timeout=30)
    assert woke["messages"], "the long poll on process 0 returned nothing"
    assert woke["messages"][0]["text"] == "how do i complain"
    assert woke["after"] < 10, f"woke only after {woke['after']:.1f}s (its timeout is 20 s)"


def test_the_console_on_one_process_sees_a_message_that_arrived_on_the_other(scaled):
    scaled.add_user("wendy", PASSWORD)
    console = Console(scaled.gateways[0].url)
    console.sign_in("wendy", PASSWORD)
    cookies = {c.name: c.value for h in console.opener.handlers
               if hasattr(h, "cookiejar") for c in h.cookiejar}
    conversation = new_id()

    async def watch() -> list[str]:
        seen: list[str] = []
        async with aiohttp.ClientSession(cookies=cookies) as http, \
                http.ws_connect(scaled.gateways[0].url + "/console/ws") as ws:
            await asyncio.sleep(0.5)
            await asyncio.to_thread(scaled.gateways[1].say, conversation, "hello")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and conversation not in seen:
                message = await ws.receive(timeout=deadline - time.monotonic())
                seen.append(json.loads(message.data).get("conversation_id"))
        return seen

    assert conversation in asyncio.run(watch())


def test_two_advocates_claiming_on_different_processes_one_wins(scaled):
    conversation = new_id()
    scaled.gateways[0].say(conversation, "hi")
    replies = scaled.gateways[1].say(conversation, "can i talk to a real person")
    assert any("read our chat" in r.get("text", "") for r in replies), replies
    scaled.gateways[0].say(conversation, "/affirm")
    for name in ("amir", "bea"):
        scaled.add_user(name, PASSWORD)
    consoles = [Console(g.url) for g in scaled.gateways]
    for console, name in zip(consoles, ("amir", "bea")):
        console.sign_in(name, PASSWORD)
    barrier = threading.Barrier(2)

    def claim(console: Console) -> bool:
        barrier.wait()
        try:
            console.post(f"/conversations/{conversation}/claim", {})
            return True
        except Exception:  # noqa: BLE001 - the loser's refusal (HTTP 409)
            return False

    with ThreadPoolExecutor(2) as pool:
        won = list(pool.map(claim, consoles))
    assert sorted(won) == [False, True]
    joined = [m for m in history(scaled, conversation) if "An advocate has joined" in m["text"]]
    assert len(joined) == 1


def test_a_gateway_killed_mid_conversation_loses_nothing_and_answers_nothing_twice(scaled):
    conversation = new_id()
    scaled.gateways[0].say(conversation, "hi")
    scaled.engine.delay = 3.0  # the engine is slow: gateway 0 is killed while it waits
    try:
        def send_to_the_doomed_gateway() -> None:
            with contextlib.suppress(OSError):  # its connection drops when it is killed
                scaled.gateways[0].post(
                    "/api/messages", {"conversation_id": conversation, "text": "how do i complain",
                                      "client_message_id": "kill-test-0001"})

        first_try = threading.Thread(target=send_to_the_doomed_gateway, daemon=True)
        first_try.start()
        time.sleep(1.0)
        scaled.kill(0)
        scaled.engine.delay = 0.0
        # The web chat retries with the same client_message_id; nginx sends it to gateway 1.
        status, replies = scaled.balanced.post(
            "/api/messages", {"conversation_id": conversation, "text": "how do i complain",
                              "client_message_id": "kill-test-0001"})
        assert status == 200, replies
        assert any("Source:" in r.get("text", "") or "complain" in r.get("text", "").lower()
                   for r in replies), replies
        assert not any(r.get("custom", {}).get("holding") for r in replies)
        # Retried again: the same stored replies, not a second answer.
        status, again = scaled.balanced.post(
            "/api/messages", {"conversation_id": conversation, "text": "how do i complain",
                              "client_message_id": "kill-test-0001"})
        assert [r["seq"] for r in again] == [r["seq"] for r in replies]
    finally:
        scaled.engine.delay = 0.0
    messages = history(scaled, conversation)
    asked = [m for m in messages if m["client_message_id"] == "kill-test-0001"]
    assert len(asked) == 1
    after = [m for m in messages if m["seq"] > asked[0]["seq"]]
    answers = after[:next((i for i, m in enumerate(after) if m["direction"] == "in"), len(after))]
    assert [m["seq"] for m in answers] == [r["seq"] for r in replies]
    assert scaled.balanced.say(conversation, "can i see my file")  # the conversation goes on
