"""The `custom` payload contract: what the actions write is what the gateway reads."""

from __future__ import annotations

from payload import CustomPayload, HandoffRequest, Safeguarding


def test_round_trip_leaves_empty_fields_off_the_wire():
    custom = CustomPayload(topic="health", kb_entry="health-history", jurisdiction="england",
                           sources=("Cambridgeshire's Pledge — Health",), council="dorset",
                           safeguarding=Safeguarding("abuse_violence", "high"),
                           handoff=HandoffRequest(share_history=True))
    wire = custom.to_dict()
    assert wire == {"topic": "health", "kb_entry": "health-history", "jurisdiction": "england",
                    "sources": ["Cambridgeshire's Pledge — Health"], "council": "dorset",
                    "safeguarding": {"category": "abuse_violence", "level": "high"},
                    "handoff": {"share_history": True}}
    assert CustomPayload.from_dict(wire) == custom
    assert CustomPayload().to_dict() == {}


def test_malformed_fields_are_dropped_not_raised():
    raw = {"topic": 3, "sources": "not a list", "outcome": "exploded", "suggestions": ["ask_x", 7],
           "safeguarding": {"level": "high"}, "handoff": {"share_history": "yes"},
           "urgent_help": [{"name": "Childline", "phone": "0800 1111"}, "junk"], "extra": 1}
    custom = CustomPayload.from_dict(raw)
    assert custom == CustomPayload(suggestions=("ask_x",),
                                   urgent_help=({"name": "Childline", "phone": "0800 1111"},))
    assert CustomPayload.from_dict(None) == CustomPayload()
    assert CustomPayload.of_reply({"text": "hi"}) == CustomPayload()


def test_consent_question_and_outcomes():
    assert CustomPayload.from_dict({"handoff": "consent_asked"}).handoff == "consent_asked"
    assert CustomPayload.from_dict({"outcome": "fallback"}).outcome == "fallback"
    assert CustomPayload.from_dict({"safeguarding": {"category": "x"}}).safeguarding.level == "high"


def test_a_letter_travels_whole_and_a_letter_without_text_is_dropped():
    letter = {"kind": "subject_access", "jurisdiction": "england", "council": "cambridgeshire",
              "text": "[your name]\n...", "reply_by": "2027-01-18"}
    assert CustomPayload.from_dict({"letter": letter}).to_dict() == {"letter": letter}
    assert CustomPayload.from_dict({"letter": {"kind": "complaint"}}).letter is None
    assert CustomPayload.from_dict({"letter": "a letter"}).letter is None
