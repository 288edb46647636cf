"""The gateway's own messages (card, check, holding message) in the conversation's language."""

from __future__ import annotations

from bot.responses import DomainResponses
from tests.conftest import ROOT

RESPONSES = DomainResponses.from_file(ROOT / "domain.yml")


def test_english_is_the_variant_without_conditions():
    reply = RESPONSES.reply("utter_urgent_help")
    assert reply["language"] == "en" and reply["text"].startswith("Thank you for telling me")


def test_welsh_is_the_variant_for_language_cy_with_meic_on_the_card():
    reply = RESPONSES.reply("utter_urgent_help", language="cy", custom={"extra": 1})
    assert reply["language"] == "cy" and "Thank you" not in reply["text"]
    phones = [item.get("phone") for item in reply["custom"]["urgent_help"]]
    assert "080 880 23456" in phones and "0800 1111" in phones and "999" in phones
    assert reply["custom"]["extra"] == 1


def test_placeholders_and_buttons_are_filled_in_welsh_too():
    reply = RESPONSES.reply("utter_queue_open", values={"position": 3}, language="cy")
    assert "3" in reply["text"] and "{position}" not in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == ["/handoff_cancel"]
    check = RESPONSES.reply("utter_check_in_safe", language="cy")
    assert [b["payload"] for b in check["buttons"]] == ["/affirm", "/deny"]
