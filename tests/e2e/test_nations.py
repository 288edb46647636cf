"""The right nation's law, over HTTP: said to be England's until we know, changed when they say.

Issue: a young person in Wales who asks before saying where they live got England's
complaint timescales, and nothing corrected it once they picked Wales.
"""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e


def new_id() -> str:
    return "e2e-nation-" + uuid.uuid4().hex[:10]


def customs(replies: list[dict]) -> list[dict]:
    return [r["custom"] for r in replies if r.get("custom")]


def england_anywhere(replies: list[dict]) -> list[str]:
    """Sources or jurisdictions that are England's, in these replies."""
    found = []
    for custom in customs(replies):
        if custom.get("jurisdiction") in ("england", "cambridgeshire", "dorset"):
            found.append(custom["jurisdiction"])
        found += [s for s in custom.get("sources", ()) if "England" in s or "26A" in s]
    return found


def test_wales_after_an_answer_gets_wales_law_and_keeps_it(stack):
    cid = new_id()
    first = stack.say(cid, "how do i complain")
    assert first[0]["text"].startswith("In England: ")
    assert "different in England and Wales" in first[-1]["text"]

    changed = stack.say(cid, '/inform_location{"council": "wales"}')
    assert "The rules on this are different there" in changed[0]["text"]
    answers = [c for c in customs(changed) if c.get("topic") == "complaints"]
    assert answers and all(c["jurisdiction"] == "wales" for c in answers)
    assert answers[0]["kb_entry"] == "complaints-wales-how-to-complain"
    assert "2 working days" in "\n".join(r["text"] for r in changed)
    assert not england_anywhere(changed)

    later = stack.say(cid, "how long do they have to reply")
    texts = "\n".join(r["text"] for r in later)
    assert "not checked yet" not in texts and "working days" in texts
    assert not england_anywhere(later)
    assert not [r for r in later if r["text"].startswith("In England")]


@pytest.mark.parametrize("question", ["how do i get an advocate", "how do i complain",
                                      "what help do i get when i leave care",
                                      "i want to move placement"])
def test_wales_first_never_gets_england_rules(stack, question):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "wales"}')
    replies = stack.say(cid, question)
    assert customs(replies), replies
    assert not england_anywhere(replies), replies


def test_england_known_first_is_not_labelled_and_not_repeated(stack):
    cid = new_id()
    stack.say(cid, '/inform_location{"council": "dorset"}')
    replies = stack.say(cid, "how do i complain")
    assert not replies[0]["text"].startswith("In England")
    again = stack.say(cid, '/inform_location{"council": "england"}')
    assert "different there" not in again[0]["text"]
