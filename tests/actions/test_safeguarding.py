"""action_safeguarding_response: the card with metadata, then "are you safe right now?"."""

from actions.safeguarding import ActionSafeguardingResponse


async def test_card_carries_category_from_gateway(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="disclose_risk", metadata={
        "safeguarding": {"category": "abuse_violence", "level": "high"}})
    await ActionSafeguardingResponse().run(dispatcher, tracker, domain)
    card, question = dispatcher.messages
    assert card["custom"]["safeguarding"] == {"category": "abuse_violence", "level": "high"}
    phones = [c.get("phone") for c in card["custom"]["urgent_help"]]
    assert {"999", "0800 1111", "116 123"} <= set(phones)
    assert question["response"] == "utter_ask_safe_now"


async def test_nlu_only_detection_checks_in_first(dispatcher, domain, tracker_for):
    # The model alone misreads figures of speech, so it asks before showing the card.
    await ActionSafeguardingResponse().run(dispatcher, tracker_for(intent="disclose_risk"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_check_in_safe"
    assert "safeguarding" not in message["custom"]
    no = domain["responses"]["utter_safe_no"][0]
    assert no["custom"]["safeguarding"]["level"] == "immediate"
    assert {"999", "0800 1111"} <= {c.get("phone") for c in no["custom"]["urgent_help"]}
