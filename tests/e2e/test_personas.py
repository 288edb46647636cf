"""Ten young people, end to end over HTTP: the right nation, the right stage, a kind word.

Nations × stages of care × moods, each a short conversation through the real gateway, Rasa
and action server. What every one of them must get: the law of their own nation (Wales never
an England rule or citation), one answer with one "Was this helpful?" (the topic metadata on
one reply) and the local promise offered by a button that opens it, the urgent card with each
contact once, and no dead end.
"""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e

ENGLAND_ONLY = ("england", "cambridgeshire", "dorset")


def new_id() -> str:
    return "e2e-persona-" + uuid.uuid4().hex[:10]


def topic_replies(replies: list[dict]) -> list[dict]:
    """The replies that carry an answer's metadata (each gets one "Was this helpful?")."""
    return [r for r in replies if (r.get("custom") or {}).get("topic")]


def buttons(replies: list[dict]) -> list[dict]:
    return [b for r in replies for b in r.get("buttons") or ()]


def promise_button(replies: list[dict]) -> dict:
    [button] = [b for b in buttons(replies) if b["payload"].startswith("/open_kb_entry")]
    return button


def said(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def assert_wales_only(replies: list[dict]) -> None:
    for reply in topic_replies(replies):
        custom = reply["custom"]
        assert custom.get("jurisdiction") not in ENGLAND_ONLY, custom
        assert not any("England" in s or "26A" in s for s in custom.get("sources", ())), custom
    assert not said(replies).startswith("In England")


def test_cerys_17_wales_anxious_asks_before_saying_where(stack):
    cid = new_id()
    first = stack.say(cid, "how do i complain")
    assert first[0]["text"].startswith("In England: ")  # never as if it applied in Wales too
    changed = stack.say(cid, '/inform_location{"council": "wales"}')
    assert "different there" in changed[0]["text"]  # the place change is acknowledged
    assert "2 working days" in said(changed)
    assert_wales_only(changed)
    later = stack.say(cid, "how long do they have to reply")
    assert "working days" in said(later)
    assert_wales_only(later)


def test_jay_14_cambridgeshire_in_care_asks_for_health_history(stack):
    cid = new_id()
    # The start screen's buttons: where they live, and that they are in care.
    stack.say(cid, '/inform_location{"council": "cambridgeshire"}')
    stage = stack.say(cid, '/inform_stage{"care_stage": "in_care"}')
    assert stage[0]["text"].startswith("Thanks. I'll answer for someone who is in care")
    replies = stack.say(cid, "can i see my health history")
    [answer] = topic_replies(replies)
    # Framed for someone still in care, not for care leavers.
    assert answer["custom"]["kb_entry"] == "health-england-health-history-in-care"
    button = promise_button(replies)
    assert button["title"] == "What has Cambridgeshire promised?"
    promise = stack.say(cid, button["payload"])
    assert promise[0]["text"].startswith("In short: ")
    assert "Cambridgeshire's Pledge" in promise[0]["text"]
    assert len(topic_replies(promise)) == 1


def test_mo_19_left_care_in_england_asks_about_help_after_18(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "england"}')
    stage = stack.say(cid, '/inform_stage{"care_stage": "left_care"}')
    assert "has left care" in stage[0]["text"]
    health = stack.say(cid, "can i see my health history")
    assert topic_replies(health)[0]["custom"]["kb_entry"] == "health-england-health-history-summary"
    replies = stack.say(cid, "do i still get help after 18")
    [answer] = topic_replies(replies)
    assert answer["custom"]["topic"] == "leaving_care"
    assert "Personal Adviser" in answer["text"] and "local offer" in answer["text"]
    adviser = stack.say(cid, "what does a personal adviser do")
    assert "Personal Adviser" in said(adviser)


def test_a_14_year_old_who_types_their_age_gets_the_in_care_answer(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "dorset"}')
    replies = stack.say(cid, '/ask_health{"age": "14"}')
    assert topic_replies(replies)[0]["custom"]["kb_entry"] == \
        "health-england-health-history-in-care"


def test_tia_12_dorset_misses_her_brother(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "dorset"}')
    replies = stack.say(cid, "I miss my brother. can I see him?")
    [answer] = topic_replies(replies)
    assert answer["custom"]["topic"] == "family_contact"
    assert answer["text"].startswith("Missing someone is really hard.")
    assert "We don't have the detailed rules" not in answer["text"].split("\n")[1][:40]
    assert promise_button(replies)["title"] == "What has Dorset promised?"


def test_sam_16_wales_angry_wants_to_complain(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "wales"}')
    replies = stack.say(cid, "im so angry nobody listens to me, how do i complain")
    [answer] = topic_replies(replies)
    assert answer["custom"]["topic"] == "complaints"
    assert answer["text"].startswith("It makes sense to feel angry")
    assert_wales_only(replies)
    assert promise_button(replies)["title"] == "What has the Commissioner for Wales promised?"
    assert "Help me write to them" in [b["title"] for b in buttons(replies)]


def test_alex_15_england_at_risk_gets_the_card_and_a_way_forward(stack):
    cid = new_id()
    replies = stack.say(cid, "my carer hits me")
    card = replies[0]["custom"]["urgent_help"]
    numbers = [c.get("phone") or c.get("sms") for c in card if c.get("phone") or c.get("sms")]
    assert len(numbers) == len(set(numbers)) and "999" in numbers and "85258" in numbers
    assert "advocate" in replies[0]["text"]  # they are told someone will see this
    assert "If you can't talk" in replies[0]["text"]
    duty_team = [c for c in card if "out-of-hours" in c["name"]]
    assert duty_team and "ask your carer or social worker" in duty_team[0]["text"]
    not_safe = stack.say(cid, "/deny")
    assert {"Talk to a person now", "Call 999"} <= {b["title"] for b in buttons(not_safe)}
    assert {"tel:999", "/request_human"} <= {b["payload"] for b in buttons(not_safe)}


def test_rhys_20_wales_left_care(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "wales"}')
    replies = stack.say(cid, "what help do i get when i leave care")
    assert topic_replies(replies)[0]["custom"]["topic"] == "leaving_care"
    assert_wales_only(replies)


def test_priya_16_cambridgeshire_nervous_wants_an_advocate(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "cambridgeshire"}')
    replies = stack.say(cid, "how do i get an advocate, im nervous about my review")
    [answer] = topic_replies(replies)
    assert answer["custom"]["topic"] == "advocacy"
    assert answer["text"].startswith("It's OK to feel worried")
    promise = stack.say(cid, promise_button(replies)["payload"])
    assert promise[0]["custom"]["jurisdiction"] == "cambridgeshire"


def test_kai_18_moves_from_dorset_to_wales(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "dorset"}')
    before = stack.say(cid, "how do i complain")
    assert "10 working days" in said(before) and "20" in said(before)
    moved = stack.say(cid, '/inform_location{"council": "wales"}')
    assert "different there" in moved[0]["text"]
    assert_wales_only(moved)
    assert "2 working days" in said(moved) and "20" not in said(moved)  # England's extension


def test_lee_13_not_sure_what_to_ask_is_never_at_a_dead_end(stack):
    cid = new_id()
    replies = stack.say(cid, "can someone help me")
    titles = [b["title"] for b in buttons(replies)]
    assert "Talk to a person" in titles and len(titles) > 3, replies  # topics and a person
    assert "not quite sure what you mean" not in said(replies)
