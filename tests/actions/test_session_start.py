"""action_session_start: each slot's current value carried over once, never the whole history."""

from __future__ import annotations

from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from actions.session_start import ActionSessionStart


async def test_each_slot_is_carried_over_once_with_its_current_value(dispatcher, domain,
                                                                      tracker_for):
    tracker = tracker_for(intent="session_start", text="/session_start",
                          slots={"council": "wales", "care_stage": "left_care", "age": None,
                                 "requested_slot": "letter_kind"})
    events = await ActionSessionStart().run(dispatcher, tracker, domain)
    assert events[0] == SessionStarted() and events[-1] == ActionExecuted("action_listen")
    carried = [e for e in events if e["event"] == "slot"]
    assert SlotSet("council", "wales") in carried and SlotSet("care_stage", "left_care") in carried
    names = [e["name"] for e in carried]
    assert len(names) == len(set(names)) and "age" not in names and "requested_slot" not in names
    assert not dispatcher.messages
