"""Why a conversation is in the queue, from its stored messages."""

from __future__ import annotations

from bot.handoff.triage import triage
from bot.store.models import Conversation, Message


def conversation(**fields) -> Conversation:
    base = dict(id="web-t-1", channel="web", mode="queued", urgent=False, share_history=True,
                visible_from_seq=0)
    return Conversation(**{**base, **fields})


def message(seq: int, direction: str, text: str, custom: dict | None = None) -> Message:
    return Message(seq=seq, direction=direction, author="young_person" if direction == "in"
                   else "bot", text=text, payload={"custom": custom} if custom else {})


def test_reasons_topic_and_first_words_when_shared():
    messages = [
        message(1, "in", "fjfjfj"), message(2, "out", "Sorry", {"outcome": "fallback"}),
        message(3, "in", "how do i complain"), message(4, "out", "You can...",
                                                      {"topic": "complaints"}),
        message(5, "out", "Here is your letter", {"letter": {"kind": "complaint", "text": "x"}}),
        message(6, "in", "/request_human"), message(7, "out", "Can the advocate read it?",
                                                    {"handoff": "consent_asked"}),
        message(8, "in", "my social worker keeps cancelling every single visit she promised"),
    ]
    found = triage(conversation(), messages)
    assert found.reasons == ("asked_for_person", "bot_failed", "letter")
    assert found.topic == "complaints" and found.unanswered
    assert found.first_words == "my social worker keeps cancelling every single visit…"


def test_no_first_words_without_consent_unless_urgent():
    messages = [message(1, "in", "i dont feel safe at home"),
                message(2, "out", "Thank you for telling me",
                        {"safeguarding": {"category": "unsafe_at_home", "level": "high"}})]
    private = triage(conversation(mode="bot", share_history=False), messages)
    assert private.first_words is None and private.reasons == ()
    urgent = triage(conversation(mode="bot", share_history=False, urgent=True), messages)
    assert urgent.reasons == ("urgent",) and urgent.risk_category == "unsafe_at_home"
    assert urgent.first_words == "i dont feel safe at home" and not urgent.unanswered


def test_only_what_was_shared_is_quoted():
    messages = [message(1, "in", "something from before"), message(2, "out", "ok"),
                message(3, "in", "something new")]
    found = triage(conversation(share_history=False, urgent=True, visible_from_seq=3), messages)
    assert found.first_words == "something new"
