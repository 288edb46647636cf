"""Cymraeg over HTTP, with the real Rasa and action server: Welsh in, Welsh out.

Issue 18: a message in Welsh got a string of English apologies and broke the conversation.
"""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.test_telegram_handoff import send_update, wait_for_message
from tests.support.fake_bot_api import text_update

pytestmark = pytest.mark.e2e


def new_id() -> str:
    return "e2e-cy-" + uuid.uuid4().hex[:10]


def answers(replies: list[dict]) -> list[dict]:
    return [r for r in replies if (r.get("custom") or {}).get("topic")]


# The three headline questions, written in Welsh (with the topic the answer must be on).
HEADLINES = [
    ("Ga i weld fy hanes iechyd?", "health"),
    ("Sut ydw i'n cael eiriolwr?", "advocacy"),
    ("Sut ydw i'n cwyno am fy ngofal?", "complaints"),
]


@pytest.mark.parametrize("question, topic", HEADLINES)
def test_a_headline_question_in_welsh_is_answered_in_welsh_with_its_source(stack, question,
                                                                           topic):
    replies = stack.say(new_id(), question)
    assert all(r.get("language") == "cy" for r in replies), replies
    [answer] = answers(replies)
    custom = answer["custom"]
    assert custom["topic"] == topic and custom["sources"]
    assert custom["jurisdiction"] in ("wales", "uk")  # Welsh: Wales's law until told otherwise
    assert "Ar gyfer Cymru" in answer["text"] or custom["jurisdiction"] == "uk"
    assert " the " not in answer["text"].lower()  # not the English answer


def test_a_risk_message_in_welsh_brings_the_welsh_card_with_meic(stack):
    replies = stack.say(new_id(), "dw i isio lladd fy hun heno")
    card = replies[0]
    assert card["language"] == "cy" and card["custom"]["safeguarding"]
    phones = [item.get("phone") for item in card["custom"]["urgent_help"]]
    assert "080 880 23456" in phones and "0800 1111" in phones and "999" in phones


def test_switching_language_mid_conversation_on_the_web_chat(stack):
    cid = new_id()
    first = stack.say(cid, "how do i get an advocate", channel="web")
    assert first[0]["language"] == "en"
    switched = stack.say(cid, "/cymraeg", channel="web")
    assert [r["language"] for r in switched] == ["cy"]
    welsh = stack.say(cid, "complaints please", channel="web")  # short English: stays Welsh
    assert any(r["language"] == "cy" for r in welsh)
    back = stack.say(cid, "/english", channel="web")
    assert back[0]["language"] == "en" and "English" in back[0]["text"]
    english = stack.say(cid, "what is a care plan", channel="web")
    assert all(r["language"] == "en" for r in english)


def test_writing_in_welsh_switches_and_the_long_poll_says_so(stack):
    cid = new_id()
    stack.say(cid, "helo there", channel="api")
    replies = stack.say(cid, "Dwi eisiau siarad ag eiriolwr am fy adolygiad", channel="api")
    assert replies and all(r["language"] == "cy" for r in replies)
    assert not any("I'm not quite sure" in r["text"] for r in replies)


def test_switching_language_on_telegram(telegram_gateway, fake_telegram):
    chat = 515151
    send_update(telegram_gateway, text_update(700, chat, "how do i complain"))
    wait_for_message(fake_telegram, "Source: ", chat=chat)
    send_update(telegram_gateway, text_update(701, chat, "/cymraeg"))
    wait_for_message(fake_telegram, "Gymraeg", chat=chat)
    send_update(telegram_gateway, text_update(702, chat, "Sut ydw i'n cael eiriolwr?"))
    wait_for_message(fake_telegram, "Ffynhonnell: ", chat=chat)
    send_update(telegram_gateway, text_update(703, chat, "/english"))
    wait_for_message(fake_telegram, "answer in English", chat=chat)


def test_with_the_engine_down_welsh_gets_the_welsh_card_and_the_welsh_holding_message(
        engine_down_stack):
    risk = engine_down_stack.say(new_id(), "dw i isio lladd fy hun heno")
    assert risk[0]["custom"]["safeguarding"] and risk[0]["language"] == "cy"
    assert "080 880 23456" in [item.get("phone") for item in risk[0]["custom"]["urgent_help"]]
    holding = engine_down_stack.say(new_id(), "Sut ydw i'n cwyno am fy ngofal?")
    assert [r["language"] for r in holding] == ["cy"]
    assert holding[0]["custom"]["holding"] and "wedi'i chadw" in holding[0]["text"]
