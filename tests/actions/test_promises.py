"""action_list_promises: a council's promises as buttons, or ask which council."""

from actions.promises import ActionListPromises


async def test_lists_cambridgeshire_promises_as_buttons(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="council_promises",
                          entities=[{"entity": "council", "value": "cambridgeshire"}])
    await ActionListPromises().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert len(message["buttons"]) >= 10
    assert all(b["payload"].startswith("/open_kb_entry{") for b in message["buttons"])


async def test_unknown_council_asks(dispatcher, domain, tracker_for):
    await ActionListPromises().run(dispatcher, tracker_for(intent="council_promises"), domain)
    assert dispatcher.messages[0]["response"] == "utter_ask_council_for_promises"
