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
        # One answer, then the local promise offered by a button, opened when pressed.
        [button] = [b for r in replies for b in r.get("buttons") or ()
                    if b["payload"].startswith("/open_kb_entry")]
        promise = answers(stack.say(conversation, button["payload"]))
        assert promise[0]["jurisdiction"] == place, promise
        entries[place] = {m["kb_entry"] for m in metas + promise}
    assert entries["wales"] != entries["cambridgeshire"]


# Messages the model cannot place; which of them falls below the confidence threshold
# depends on the trained model, so tests take the first that does.
GIBBERISH = ("zxqv blorp", "qwfp zxcv ghjk", "blorp glorp flarn", "xyzzy plugh frotz",
             "mmm bzzt fnord", "wibble wobble zonk")


def first_not_understood(stack, conversation: str, suffix: str = "") -> tuple[str, list[dict]]:
    for text in GIBBERISH:
        replies = stack.say(conversation, f"{text} {suffix}".strip())
        if (replies[0].get("custom") or {}).get("outcome") in ("clarified", "fallback"):
            return text, replies
    raise AssertionError("the model placed every gibberish message in a topic")


def test_not_understood_is_never_a_dead_end(stack):
    conversation = new_id()
    _, first = first_not_understood(stack, conversation)
    second = stack.say(conversation, "/nlu_fallback")  # a second miss in a row, whatever the model
    assert first[0]["text"] != second[0]["text"]
    assert first[0].get("buttons") and second[0].get("buttons")
    assert "0800 1111" in second[0]["text"] and "Talk to a person" in [
        b["title"] for b in second[0]["buttons"]]
    third = stack.say(conversation, "/nlu_fallback")  # and never the same fallback twice
    assert third[0]["text"] != second[0]["text"]


@pytest.mark.parametrize("state", ["fresh", "mid_topic", "after_fallback"])
def test_urgent_card_in_every_state(stack, state):
    conversation = new_id()
    if state == "mid_topic":
        stack.say(conversation, "can i move placement")
    elif state == "after_fallback":
        first_not_understood(stack, conversation)
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


TOPIC_QUESTIONS = {
    "health": "can i see a dentist while im in care",
    "records": "how do i get a copy of my file",
    "advocacy": "what does an advocate actually do",
    "complaints": "i want to make a complaint about my placement",
    "social_worker": "my social worker never answers her phone",
    "family_contact": "when can i see my little brother",
    "placement": "i dont like where im living can i move",
    "care_plan": "what happens at my review meeting",
    "education": "what is a pep meeting",
    "leaving_care": "what help do i get when i turn 18",
    "life_story": "what is life story work",
    "rights": "what rights do i have in care",
    "have_a_say": "how do i join the children in care council",
    "corporate_parent": "what is a corporate parent",
}


@pytest.mark.parametrize("topic", sorted(TOPIC_QUESTIONS))
def test_every_topic_gets_an_answer_on_that_topic(stack, topic):
    conversation = new_id()
    stack.say(conversation, "i live in cambridgeshire")
    metas = answers(stack.say(conversation, TOPIC_QUESTIONS[topic]))
    assert metas and metas[0]["topic"] == topic, metas


def test_council_promises_list_opens_an_entry(stack):
    conversation = new_id()
    replies = stack.say(conversation, "what has dorset promised me")
    buttons = replies[0]["buttons"]
    assert len(buttons) >= 5
    opened = answers(stack.say(conversation, buttons[0]["payload"]))
    assert opened[0]["jurisdiction"] == "dorset"


def test_unanswered_questions_are_kept_only_scrubbed(stack):
    import sqlite3

    first_not_understood(stack, new_id(), suffix="Sarah Jones 07700 900123")
    with sqlite3.connect(stack.workdir / "app.db") as db:
        kept = [row[0] for row in db.execute("select scrubbed_text from unanswered_questions")]
        columns = [row[1] for row in db.execute("pragma table_info(unanswered_questions)")]
    assert any("[PHONE]" in text for text in kept), kept
    assert not any("07700" in text or "Sarah" in text for text in kept)
    assert set(columns) == {"id", "iso_week", "theme", "council", "scrubbed_text"}


@pytest.mark.parametrize("text", [
    "this homework is killing me", "i want to die my hair pink is that allowed",
    "hit me up with the link", "im dying to know when my review is",
])
def test_figures_of_speech_never_bring_the_urgent_card(stack, text):
    replies = stack.say(new_id(), text)
    assert not any((r.get("custom") or {}).get("safeguarding") for r in replies), replies


def test_model_only_risk_checks_in_and_no_brings_the_card(stack):
    conversation = new_id()
    check = stack.say(conversation, "/disclose_risk")  # the NLU model's verdict, no lexicon hit
    assert check[0]["text"].endswith("Are you safe right now?")
    assert "safeguarding" not in check[0].get("custom", {})
    card = stack.say(conversation, "/deny")
    assert card[0]["custom"]["safeguarding"]["level"] == "immediate"
    assert "999" in card[0]["text"] and "0800 1111" in card[0]["text"]
