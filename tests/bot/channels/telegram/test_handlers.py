"""The handlers, end to end: real PTB over real HTTP against a fake Bot API, Rasa down.

Every answer is the holding message, and wording is compared with the real domain.yml.
"""

from __future__ import annotations

import logging

from bot.app import create_app
from bot.channels.telegram import TELEGRAM
from tests.bot.channels.telegram.telegram_client import eventually, history, post_update
from tests.support.fake_bot_api import TOKEN, callback_update, sticker_update, text_update


def wording(domain, name: str) -> str:
    return domain.reply(name)["text"]


async def test_a_text_message_is_answered_in_the_same_chat(client, fake_api, domain):
    resp = await post_update(client, text_update(7001, 48151623, "how do i complain"))
    assert resp.status == 200

    [sent] = await fake_api.wait_for("sendMessage", chat_id=48151623)
    assert sent.params["text"] == wording(domain, "utter_holding_message")
    assert fake_api.calls_to("sendChatAction", chat_id=48151623)
    body = await history(client, 48151623)
    assert body["mode"] == "bot"
    assert [(m["direction"], m["text"][:17]) for m in body["messages"]] == [
        ("in", "how do i complain"), ("out", sent.params["text"][:17])]
    assert body["messages"][0]["client_message_id"] == "tg-update-7001"


async def test_a_redelivered_update_is_answered_again_but_processed_once(client, fake_api):
    update = text_update(7002, 48151624, "hello")
    await post_update(client, update)
    await fake_api.wait_for("sendMessage", chat_id=48151624)
    await post_update(client, update)
    await fake_api.wait_for("sendMessage", count=2, chat_id=48151624)
    assert len((await history(client, 48151624))["messages"]) == 2


async def test_the_risk_card_arrives_with_the_numbers_and_a_safety_question(client, fake_api,
                                                                             domain):
    await post_update(client, text_update(7005, 55556666, "i want to kill myself"))

    card, question = await fake_api.wait_for("sendMessage", count=2, chat_id=55556666)
    assert "0800 1111" in card.params["text"] and "999" in card.params["text"]
    contacts = domain.reply("utter_urgent_help")["custom"]
    for contact in contacts["urgent_help"]:  # one line each, with its number
        lines = card.params["text"].splitlines()
        assert any(line.startswith(f"\N{BULLET} {contact['name']}")
                   and contact.get("phone", "") in line for line in lines)
    safe_now = domain.reply("utter_ask_safe_now")
    assert question.params["text"] == safe_now["text"]
    keyboard = question.params["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == [
        b["payload"] for b in safe_now["buttons"]]
    assert (await history(client, 55556666))["messages"][1]["custom"]["safeguarding"]


async def test_a_button_press_is_acknowledged_and_its_payload_is_the_message(client, fake_api,
                                                                            domain):
    await post_update(client, callback_update(7006, 77778888, "/ask_health",
                                              query_id="99887766554433"))

    [answered] = await fake_api.wait_for("answerCallbackQuery")
    assert answered.params["callback_query_id"] == "99887766554433"
    [sent] = await fake_api.wait_for("sendMessage", chat_id=77778888)
    assert sent.params["text"] == wording(domain, "utter_holding_message")
    inbound = (await history(client, 77778888))["messages"][0]
    assert inbound["text"] == "/ask_health"
    assert inbound["client_message_id"] == "tg-cb-99887766554433"


async def test_a_long_payload_travels_through_a_short_key(client, fake_api):
    payload = '/open_kb_entry{"kb_entry": "leaving_care_personal_adviser_until_25_wales"}'
    assert len(payload.encode()) > 64
    key = client.app[TELEGRAM].payloads.callback_data(payload)
    assert key.startswith("p:") and len(key.encode()) <= 64

    await post_update(client, callback_update(7007, 12121212, key))
    await fake_api.wait_for("sendMessage", chat_id=12121212)
    assert (await history(client, 12121212))["messages"][0]["text"] == payload


async def test_an_expired_long_payload_key_asks_again_without_storing(client, fake_api, domain):
    await post_update(client, callback_update(7008, 13131313, "p:0123456789abcdef"))
    await fake_api.wait_for("answerCallbackQuery")
    [sent] = await fake_api.wait_for("sendMessage", chat_id=13131313)
    assert sent.params["text"] == wording(domain, "utter_rephrase")
    assert sent.params["reply_markup"]["inline_keyboard"]
    assert (await history(client, 13131313))["mode"] is None


async def test_forget_deletes_the_conversation_and_confirms(client, fake_api, domain):
    await post_update(client, text_update(7009, 24242424, "hello"))
    await fake_api.wait_for("sendMessage", chat_id=24242424)
    assert len((await history(client, 24242424))["messages"]) == 2

    await post_update(client, text_update(7010, 24242424, "/forget"))
    _, confirmation = await fake_api.wait_for("sendMessage", count=2, chat_id=24242424)
    assert confirmation.params["text"] == wording(domain, "utter_forgotten")
    assert (await history(client, 24242424)) == {
        "conversation_id": "tg-24242424", "mode": None, "messages": []}


async def test_commands_go_through_the_gateway_as_intents(client, fake_api, domain):
    holding = wording(domain, "utter_holding_message")
    note = wording(domain, "utter_privacy_note")
    cases = [("/start", "/greet", True), ("/help", "/what_can_you_do", True),
             ("/topics", "/what_can_you_do", False),
             ("/start@care_rights_test_bot", "/greet", True)]
    for n, (command, _, _) in enumerate(cases):
        chat_id = 36363600 + n
        await post_update(client, text_update(7200 + n, chat_id, command))
        # A later message in the same chat: handled after the command, so when its reply
        # arrives every reply to the command has been sent.
        await post_update(client, text_update(7210 + n, chat_id, "hello"))
    for n, (command, sent_as, with_note) in enumerate(cases):
        chat_id = 36363600 + n
        sent = await fake_api.wait_for("sendMessage", chat_id=chat_id, count=2 + with_note)
        texts = [c.params["text"] for c in sent]
        assert texts[0] == holding and texts[-1] == holding, command
        assert texts[1:-1] == ([note] if with_note else []), command
        inbound = [m["text"] for m in (await history(client, chat_id))["messages"]
                   if m["direction"] == "in"]
        assert inbound == [sent_as, "hello"], command


async def test_a_sticker_gets_the_text_only_reply_and_is_not_stored(client, fake_api, domain):
    await post_update(client, sticker_update(7013, 48484848))
    [sent] = await fake_api.wait_for("sendMessage", chat_id=48484848)
    assert sent.params["text"] == wording(domain, "utter_text_only")
    assert (await history(client, 48484848))["mode"] is None


async def test_group_chats_are_ignored(client, fake_api):
    update = text_update(7014, -1001234567890, "hello")
    update["message"]["chat"] = {"id": -1001234567890, "type": "supergroup", "title": "Friends"}
    await post_update(client, update)
    await post_update(client, text_update(7015, 60606060, "hello"))
    await fake_api.wait_for("sendMessage", chat_id=60606060)
    assert not fake_api.calls_to("sendMessage", chat_id=-1001234567890)


async def test_too_long_text_gets_the_readable_reason(client, fake_api, settings):
    await post_update(client, text_update(7016, 61616161, "a" * (settings.max_message_chars + 1)))
    [sent] = await fake_api.wait_for("sendMessage", chat_id=61616161)
    assert "too long" in sent.params["text"]


async def test_failures_are_logged_without_the_message_text_or_token(aiohttp_client, settings,
                                                                     fake_api, caplog):
    caplog.set_level(logging.DEBUG)  # as with LOG_LEVEL=DEBUG
    client = await aiohttp_client(create_app(settings))
    fake_api.blocked_chats.add(63636363)
    await post_update(client, text_update(7017, 63636363, "my private words about home"))
    await fake_api.wait_for("sendMessage", chat_id=63636363)
    await eventually(lambda: "telegram: update 7017 failed: Forbidden" in caplog.text)
    logging.getLogger("httpx").warning("still reaches the log")  # the capture itself works
    # The bridge's own loggers and the libraries it brings (not aiosqlite's SQL echo, nor the
    # fake Telegram server's access log, which are not the bridge's).
    ours = "\n".join(r.getMessage() + str(r.exc_info) for r in caplog.records
                     if r.name.split(".")[0] in ("bot", "telegram", "httpx", "httpcore"))
    assert "still reaches the log" in ours
    assert "my private words" not in ours
    assert TOKEN not in ours and "63636363" not in ours
