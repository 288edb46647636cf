"""End to end: the real action server, Rasa server and gateway, over HTTP."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e


def new_id() -> str:
    return "e2e-" + uuid.uuid4().hex[:12]


def answers(replies: list[dict]) -> list[dict]:
    return [r["custom"] for r in replies if (r.get("custom") or {}).get("topic")]


def test_healthy(stack):
    status, checks = stack.get("/healthz")
    assert status == 200 and all(checks.values())


@pytest.mark.parametrize(
    "question, topic",
    [
        ("how do I get an advocate", "advocacy"),
        ("how do I complain", "complaints"),
        ("can I see my health history", "health"),
    ],
)
def test_headline_questions_get_sourced_answers(stack, question, topic):
    replies = stack.say(new_id(), question)
    [first, *_] = answers(replies)
    assert first["topic"] == topic
    assert first["kb_entry"] and first["sources"] and first["last_reviewed"]
    assert replies[0]["text"] and "custom" in replies[0]


def test_place_tailors_the_answer(stack):
    entries = {}
    for place in ("wales", "cambridgeshire"):
        conversation = new_id()
        stack.say(conversation, f"i live in {place}")
        replies = stack.say(conversation, "how do i get an advocate")
        metas = answers(replies)
        assert all(m["topic"] == "advocacy" for m in metas)
        assert any(m["jurisdiction"] == place for m in metas), metas
        entries[place] = {m["kb_entry"] for m in metas}
    assert entries["wales"] != entries["cambridgeshire"]


def test_not_understood_is_never_a_dead_end(stack):
    conversation = new_id()
    first = stack.say(conversation, "zxqv blorp")
    second = stack.say(conversation, "qwfp zxcv")
    assert first[0]["text"] != second[0]["text"]
    assert first[0].get("buttons") and second[0].get("buttons")
    assert "0800 1111" in second[0]["text"]


@pytest.mark.parametrize("state", ["fresh", "mid_topic", "after_fallback"])
def test_urgent_card_in_every_state(stack, state):
    conversation = new_id()
    if state == "mid_topic":
        stack.say(conversation, "can i move placement")
    elif state == "after_fallback":
        stack.say(conversation, "zxqv blorp")
    replies = stack.say(conversation, "my carer hits me")
    card = replies[0]
    assert card["custom"]["safeguarding"]["category"] == "abuse_violence"
    assert "999" in card["text"] and "0800 1111" in card["text"]
    assert replies[1]["text"] == "Are you safe right now?"
    status, history = stack.get(f"/api/conversations/{conversation}/messages?after=0")
    assert status == 200 and history["messages"][-1]["seq"] == replies[-1]["seq"]


def test_urgent_card_with_the_bot_engine_stopped(engine_down_stack):
    replies = engine_down_stack.say(new_id(), "ive got nowhere to sleep tonight")
    assert replies[0]["custom"]["safeguarding"]["category"] == "homelessness_running_away"
    assert "0800 1111" in replies[0]["text"]
    ordinary = engine_down_stack.say(new_id(), "how do i complain")
    assert "something has gone wrong" in ordinary[0]["text"]


def test_bad_input_keeps_the_service_running(stack):
    status, body = stack.post("/api/messages", None, raw=b"{oops")
    assert status == 400 and "JSON" in body["error"]
    status, body = stack.post("/api/messages", {"conversation_id": new_id(), "text": ""})
    assert status == 400
    assert stack.say(new_id(), "hello")
