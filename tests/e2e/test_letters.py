"""Letters end to end over HTTP: the real gateway, Rasa, action server and letter form.

The action server's date is fixed (LETTERS_TODAY) so that the counts cross Christmas and New
Year (from Friday 18 December 2026) and Easter (from Monday 22 March 2027).
"""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e

ENGLAND_REGULATIONS = "Children Act 1989 Representations Procedure (England) Regulations 2006"
WALES_REGULATIONS = "Social Services Complaints Procedure (Wales) Regulations 2014"


@pytest.fixture(scope="module")
def letters_stack(stack):
    stack.restart_actions(LETTERS_TODAY="2026-12-18")
    yield stack
    stack.restart_actions()


def new_id() -> str:
    return "e2e-letter-" + uuid.uuid4().hex[:10]


def converse(stack, conversation_id: str, *messages: str) -> list[dict]:
    """Send each message in turn; return the replies to the last one."""
    replies: list[dict] = []
    for text in messages:
        replies = stack.say(conversation_id, text)
        assert replies, text
    return replies


def letter_in(replies: list[dict]) -> dict:
    [letter] = [r["custom"]["letter"] for r in replies if (r.get("custom") or {}).get("letter")]
    return letter


def text_of(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def test_england_complaint_typed_request_crosses_christmas_and_new_year(letters_stack):
    cid = new_id()
    asked = converse(letters_stack, cid, "can u help me write a complaint")
    assert "The law is different in England and Wales" in text_of(asked)
    assert {"title": "Cancel", "payload": "/cancel"} in asked[-1]["buttons"]
    replies = converse(letters_stack, cid, "Somewhere else in England", "Where I live",
                       "An apology", "Yes")
    letter = letter_in(replies)
    assert (letter["kind"], letter["stage"], letter["jurisdiction"], letter["council"]) == (
        "complaint", 1, "england", "england")
    assert letter["reply_by"] == "2027-01-06"
    assert ENGLAND_REGULATIONS in letter["text"]
    assert "Children Act 1989, section 26A" in letter["text"]
    assert "which is by 6 January 2027" in letter["text"]
    assert "I want to make a complaint about where I live (my placement)." in letter["text"]
    assert "[your name]" in letter["text"] and "[your council's name]" in letter["text"]
    assert "they should reply by 6 January 2027" in text_of(replies)
    # The next stage is one tap away, and its letter is dated from the same day.
    next_stage = [b for r in replies for b in r.get("buttons") or ()
                  if "letter_stage" in b["payload"]]
    assert next_stage and '"letter_stage": "2"' in next_stage[0]["payload"]
    stage_2 = letter_in(converse(letters_stack, cid, next_stage[0]["payload"], "Where I live",
                                 "Things to change", "No"))
    assert stage_2["stage"] == 2 and stage_2["reply_by"] == "2027-01-27"
    assert "stage 2" in stage_2["text"] and "advocate" not in stage_2["text"]


def test_wales_complaint_after_an_answer_uses_wales_law(letters_stack):
    cid = new_id()
    answer = converse(letters_stack, cid, "how do i complain")
    offer = [b["payload"] for r in answer for b in r.get("buttons") or ()
             if b["payload"].startswith("/write_letter")]
    assert offer == ['/write_letter{"letter_kind": "complaint"}']
    converse(letters_stack, cid, '/inform_location{"council": "wales"}')
    replies = converse(letters_stack, cid, offer[0], "they stopped me seeing my brother",
                       "Things to change", "yeah")
    letter = letter_in(replies)
    assert (letter["jurisdiction"], letter["council"], letter["reply_by"]) == (
        "wales", "wales", "2026-12-22")
    assert WALES_REGULATIONS in letter["text"]
    assert "Social Services and Well-being (Wales) Act 2014, section 178" in letter["text"]
    assert "26A" not in letter["text"] and "England" not in letter["text"]
    assert "What happened: they stopped me seeing my brother" in letter["text"]
    assert "which is by 8 January 2027" in letter["text"]


def test_records_request_in_cambridgeshire_quotes_the_health_pledge(letters_stack):
    cid = new_id()
    replies = converse(letters_stack, cid, '/inform_location{"council": "cambridgeshire"}',
                       "can you help me write a letter to get my records",
                       "My health history", "No")
    letter = letter_in(replies)
    assert (letter["kind"], letter["jurisdiction"], letter["council"]) == (
        "subject_access", "england", "cambridgeshire")
    assert "stage" not in letter
    assert letter["reply_by"] == "2027-01-18"
    assert "subject access request under the UK GDPR" in letter["text"]
    assert "your health history that we hold for you" in letter["text"]
    assert "Cambridgeshire's Pledge" in letter["text"]


def test_records_request_in_wales(letters_stack):
    cid = new_id()
    replies = converse(letters_stack, cid, "help me write a subject access request", "Wales",
                       "My social care file", "Yes")
    letter = letter_in(replies)
    assert (letter["kind"], letter["jurisdiction"], letter["reply_by"]) == (
        "subject_access", "wales", "2027-01-18")
    assert "my social care file" in letter["text"]
    assert "I would like an advocate" in letter["text"]


def test_cancel_at_any_step_then_carry_on(letters_stack):
    cid = new_id()
    converse(letters_stack, cid, "help me write a letter", "Make a complaint")
    cancelled = converse(letters_stack, cid, "/cancel")
    assert "I've stopped the letter" in text_of(cancelled)
    answer = converse(letters_stack, cid, "how do i make a complaint")
    assert "complaints" in [(r.get("custom") or {}).get("topic") for r in answer]


def test_risk_in_the_middle_of_a_letter_gets_urgent_help_and_ends_the_letter(letters_stack):
    cid = new_id()
    asked = converse(letters_stack, cid, "help me write a complaint", "Dorset")
    assert "What is your complaint about?" in text_of(asked)
    replies = converse(letters_stack, cid, "i want to kill myself")
    assert any((r.get("custom") or {}).get("urgent_help") for r in replies)
    answer = converse(letters_stack, cid, "how do i make a complaint")
    assert "complaints" in [(r.get("custom") or {}).get("topic") for r in answer]


def test_a_count_that_crosses_easter(letters_stack):
    letters_stack.restart_actions(LETTERS_TODAY="2027-03-22")
    try:
        cid = new_id()
        england = letter_in(converse(letters_stack, cid, "help me write a complaint",
                                     "Cambridgeshire", "Seeing my family", "An explanation",
                                     "No"))
        assert england["reply_by"] == "2027-04-07"  # Good Friday and Easter Monday skipped
        assert ("You promised this in Cambridgeshire's Pledge — Contact: “We will help you "
                "stay in touch") in england["text"]
        assert "I don't think this promise has been kept for me." in england["text"]
        wales = letter_in(converse(letters_stack, new_id(), "help me write a complaint",
                                   "Wales", "School or college", "An apology", "No"))
        assert wales["reply_by"] == "2027-03-24"
        assert "which is by 9 April 2027" in wales["text"]  # the discussion: 10 more working days
    finally:
        letters_stack.restart_actions(LETTERS_TODAY="2026-12-18")
