"""Replies as Telegram messages: inline keyboards, short callback keys, the card, splitting."""

from __future__ import annotations

from bot.channels.telegram import PayloadStore, render_reply, split_text


def test_a_reply_with_buttons_becomes_an_inline_keyboard():
    payloads = PayloadStore()
    long_payload = "/council_promises" + '{"council": "%s"}' % ("x" * 60)
    [message] = render_reply({"text": "Pick a topic", "buttons": [
        {"title": "Health", "payload": "/ask_health"},
        {"title": "Promises", "payload": long_payload},
    ]}, payloads)
    assert message.text == "Pick a topic"
    rows = message.reply_markup.inline_keyboard
    assert (rows[0][0].text, rows[0][0].callback_data) == ("Health", "/ask_health")
    key = rows[1][0].callback_data
    assert key.startswith("p:") and len(key.encode()) <= 64
    assert payloads.payload(key) == long_payload
    assert payloads.payload("/ask_health") == "/ask_health"


def test_an_answer_shows_its_sources_and_the_card_lists_every_number():
    [answer] = render_reply({"text": "You can ask.", "custom": {
        "topic": "health", "sources": ["Children Act 1989", "Kent pledge"]}}, PayloadStore())
    assert answer.text == "You can ask.\n\nSource: Children Act 1989; Kent pledge"
    assert answer.reply_markup is None

    [card] = render_reply({"text": "Thank you for telling me.", "custom": {"urgent_help": [
        {"name": "Childline", "phone": "0800 1111", "hours": "free, any time"},
        {"name": "Shout", "text": "Text SHOUT to 85258"},
        {"name": "Duty team", "hours": "when your social worker is not there"},
    ]}}, PayloadStore())
    lines = card.text.splitlines()
    assert lines[0].endswith("Childline: 0800 1111 (free, any time)")
    assert lines[1].endswith("Shout: Text SHOUT to 85258")
    assert lines[2].endswith("Duty team (when your social worker is not there)")
    assert lines[-1] == "Thank you for telling me."


def test_the_card_shows_each_number_once_and_childlines_online_chat():
    contacts = [{"name": "Emergency (if you are in danger right now)", "phone": "999"},
                {"name": "Childline", "phone": "0800 1111", "hours": "free, any time",
                 "url": "https://www.childline.org.uk", "url_label": "online chat"},
                {"name": "Shout (if you can't talk)", "text": "Text SHOUT to 85258",
                 "sms": "85258"},
                {"name": "Your council's out-of-hours emergency duty team",
                 "text": "ask your carer or social worker for its number"}]
    text = ("Thank you for telling me. I've let an advocate know.\n"
            "If you are in danger right now, call 999.\nChildline: 0800 1111 (free, any time)\n"
            "If you can't talk, text SHOUT to 85258 (free, any time).\n"
            "Your council's out-of-hours emergency duty team can help: ask your carer.")
    [card] = render_reply({"text": text, "custom": {"urgent_help": contacts},
                           "buttons": [{"title": "Call 999", "payload": "tel:999"}]},
                          PayloadStore())
    for number in ("999", "0800 1111", "85258"):
        assert card.text.count(number) == 1, (number, card.text)
    assert "online chat: https://www.childline.org.uk" in card.text
    assert "I've let an advocate know." in card.text
    assert card.reply_markup is None  # Telegram's buttons cannot dial


def test_empty_replies_are_skipped_and_long_text_is_split():
    assert render_reply({"text": "  "}, PayloadStore()) == []
    [only_buttons] = render_reply({"text": "", "buttons": [{"title": "A", "payload": "/a"}]},
                                  PayloadStore())
    assert only_buttons.text.strip() and only_buttons.reply_markup
    text = "\n".join(["a line of an answer"] * 400) + "\n" + "😀" * 3000
    pieces = split_text(text)
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in pieces)
    assert "".join(p.replace("\n", "") for p in pieces) == text.replace("\n", "")
    messages = render_reply({"text": text, "buttons": [{"title": "A", "payload": "/a"}]},
                            PayloadStore())
    assert len(messages) > 1 and messages[-1].reply_markup and not messages[0].reply_markup
