""""Your message is saved": a message that got the holding message is answered when the engine
is back, once, in the same conversation, where the web chat's long poll (or Telegram) shows it."""

from __future__ import annotations

import time

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
