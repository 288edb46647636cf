"""action_clarify: "Did you mean…?" first, a person after the second miss, never twice the same."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.clarify import ActionClarify


async def test_first_miss_offers_likeliest_topics_and_something_else(dispatcher, domain,
                                                                      tracker_for):
    tracker = tracker_for(intent="nlu_fallback", text="the thing with my file",
                          ranking=[("nlu_fallback", 0.6), ("ask_records", 0.3),
                                   ("ask_life_story", 0.25), ("greet", 0.1), ("ask_health", 0.06),
                                   ("ask_rights", 0.05)])
    events = await ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_clarify"
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/ask_records", "/ask_life_story", "/ask_health", "/what_can_you_do"]
    assert message["custom"]["outcome"] == "clarified"
    assert events == [SlotSet("fallback_count", 1)]


async def test_second_miss_offers_a_person_and_urgent_numbers(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="nlu_fallback", text="???", slots={"fallback_count": 1})
    events = await ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_second_miss"
    text = domain["responses"]["utter_second_miss"][0]["text"]
    assert "0800 1111" in text and "999" in text
    assert events == [SlotSet("fallback_count", 0)]


async def test_no_candidates_asks_to_rephrase(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="nlu_fallback", text="blah", ranking=[("nlu_fallback", 0.9)])
    await ActionClarify().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_rephrase"
