""""Your message is saved": a message that got the holding message is answered when the engine
is back, once, in the same conversation, where the web chat's long poll (or Telegram) shows it."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from tests.support.proxy import TcpProxy
from tests.support.stack import Stack


def _history(gateway, conversation_id):
    status, history = gateway.get(f"/api/conversations/{conversation_id}/messages?after=0")
    assert status == 200
    return history["messages"]


def test_a_saved_message_is_answered_when_the_engine_is_back(stack, tmp_path):
    network = TcpProxy(target_port=stack.rasa_port)  # closed: Rasa is unreachable
    gateway = Stack(workdir=tmp_path, with_bot_engine=False, rasa_port=network.port,
                    action_port=stack.action_port,
                    env_overrides={"PENDING_RETRY_SECONDS": "1"}).start()
    try:
        [holding] = gateway.say("web-saved-00001", "how do i make a complaint")
        assert holding["custom"]["holding"] is True
        time.sleep(2.5)  # retries while the engine is still down change nothing
        assert len(_history(gateway, "web-saved-00001")) == 2

        network.open()
        deadline = time.monotonic() + 60
        while not any((m.get("custom") or {}).get("topic") == "complaints"
                      for m in _history(gateway, "web-saved-00001")):
            assert time.monotonic() < deadline, "the saved message was never answered"
            time.sleep(0.5)
        time.sleep(2.5)  # a few more retry rounds: it must not be answered twice
        messages = _history(gateway, "web-saved-00001")
        assert [m["direction"] for m in messages].count("in") == 1
        assert sum("Sorry that took a while" in m["text"] for m in messages) == 1
        assert all(m["seq"] == i + 1 for i, m in enumerate(messages))  # in order, no gaps

        replies = gateway.say("web-saved-00001", "how do i get an advocate")  # and carries on
        assert any((r.get("custom") or {}).get("topic") == "advocacy" for r in replies)
    finally:
        gateway.stop()
        network.close()


def test_a_burst_to_a_slow_engine_waits_one_timeout_and_is_answered_in_order(stack, tmp_path):
    network = TcpProxy(target_port=stack.rasa_port)
    network.open()
    gateway = Stack(workdir=tmp_path, with_bot_engine=False, rasa_port=network.port,
                    action_port=stack.action_port,
                    env_overrides={"PENDING_RETRY_SECONDS": "1",
                                   "RASA_TIMEOUT_SECONDS": "3"}).start()
    conversation = "web-burst-00001"
    questions = ["how do i make a complaint", "how do i get an advocate", "can i see my file"]
    try:
        gateway.say(conversation, "hi")  # the conversation and its secret, engine still quick
        network.delay = 6.0  # now slower than the gateway waits (3 s)
        answered_at: dict[int, float] = {}
        started = time.monotonic()

        def send(n: int) -> None:
            time.sleep(0.2 * n)
            replies = gateway.say(conversation, questions[n], client_message_id=f"burst-{n:04d}")
            answered_at[n] = time.monotonic() - started
            assert any((r.get("custom") or {}).get("holding") for r in replies), replies

        with ThreadPoolExecutor(3) as pool:
            list(pool.map(send, range(3)))
        # The first waits its timeout; the two behind it are saved at once, not 3 s each.
        assert max(answered_at.values()) < 3 + 2.5, answered_at

        network.delay = 0.0
        deadline = time.monotonic() + 90
        while True:
            messages = _history(gateway, conversation)
            late = [m["text"] for m in messages if "Sorry that took a while" in m["text"]]
            if len(late) >= 3:
                break
            assert time.monotonic() < deadline, f"answered late: {late}"
            time.sleep(0.5)
        # Answered once each, in the order they were sent.
        assert [next(q for q in questions if q in text) for text in late] == questions
    finally:
        gateway.stop()
        network.close()
