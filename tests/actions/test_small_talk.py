"""action_small_talk: small talk stays small talk; a rights question never gets chit-chat."""

from __future__ import annotations

import pytest

from actions.small_talk import ActionSmallTalk, mentions_rights


@pytest.mark.parametrize("text", [
    "can someone speak up for me at my meeting cos i get nervous",
    "the council promised me a laptop",
    "whats my review for", "they wont show me my file", "my sw is never there",
])
async def test_rights_words_get_did_you_mean(dispatcher, domain, tracker_for, text):
    tracker = tracker_for(intent="chitchat", text=text,
                          ranking=[("chitchat", 0.55), ("ask_advocacy", 0.2), ("ask_records", 0.1)])
    await ActionSmallTalk().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_clarify"


@pytest.mark.parametrize("intent, response", [("chitchat", "utter_chitchat"),
                                              ("out_of_scope", "utter_out_of_scope")])
async def test_small_talk_stays_small_talk(dispatcher, domain, tracker_for, intent, response):
    tracker = tracker_for(intent=intent, text="whats your favourite football team")
    events = await ActionSmallTalk().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == [response] and events == []


def test_rights_words_are_whole_words():
    assert mentions_rights("My Social Worker's late") and mentions_rights("what's a PEP")
    assert not mentions_rights("i love swimming") and not mentions_rights("scared of the dark")
