"""Which language a conversation is in: switch commands, and messages written in Welsh."""

from __future__ import annotations

import pytest

from bot.gateway.language import ENGLISH, WELSH, LanguageReader, with_language_entity


@pytest.fixture(scope="module")
def reader() -> LanguageReader:
    return LanguageReader.from_file()


@pytest.mark.parametrize("text, language", [
    ("/cymraeg", WELSH), (" /Cymraeg ", WELSH), ("/english", ENGLISH), ("/saesneg", ENGLISH),
    ("/cymraeg@CareRightsBot", WELSH), ("cymraeg please", None), ("/greet", None)])
def test_switch_commands(reader, text, language):
    assert reader.command(text) == language


@pytest.mark.parametrize("text", [
    "Sut ydw i'n cwyno am fy ngofalwr?",
    "dw i moyn gweld fy nhad",
    "dwi isio gweld fy file",  # English words mixed in
    "pls help dwi ofn mynd adra",
    "Bore da!", "Su'mae",  # too short to identify: phrases that are Welsh on their own
])
def test_a_message_in_welsh_switches_to_welsh(reader, text):
    assert reader.language_after(text, ENGLISH) == WELSH


@pytest.mark.parametrize("text", [
    "how do i complain about my placement", "I live in Caerdydd", "what does eiriolwr mean",
    "can i get an advocate in Cymru", "ok", "na", "fjfjfj", "😀", "helo", "/ask_health",
])
def test_english_or_unclear_messages_stay_english(reader, text):
    assert reader.language_after(text, ENGLISH) == ENGLISH


@pytest.mark.parametrize("text, after", [
    ("ok", WELSH), ("help", WELSH), ("fy social worker", WELSH),  # short: no flip back
    ("how do i get my records from the council", ENGLISH),  # a longer English message does
])
def test_back_to_english_only_on_a_longer_english_message(reader, text, after):
    assert reader.language_after(text, WELSH) == after


@pytest.mark.parametrize("text, language, expected", [
    ("/ask_advocacy", "cy", '/ask_advocacy{"language": "cy"}'),
    ('/disclose_risk{"risk_category": "suicide"}', "cy",
     '/disclose_risk{"risk_category": "suicide", "language": "cy"}'),
    ('/inform_stage{"care_stage": "in_care", "language": "cy"}', "en",
     '/inform_stage{"care_stage": "in_care", "language": "en"}'),
])
def test_an_intent_payload_carries_the_language_entity(text, language, expected):
    # Rasa reads payloads without its pipeline, so the metadata's language must ride in them.
    assert with_language_entity(text, language) == expected


@pytest.mark.parametrize("text", ["how do i complain", "/", "/ask advocacy", "/ask{not json",
                                  '/ask["a"]', "/ask@0.9", " /ask_advocacy", "ok /ask"])
def test_other_text_is_sent_as_written(text):
    assert with_language_entity(text, "cy") == text
