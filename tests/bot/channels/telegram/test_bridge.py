"""Messages the young person did not ask for (an advocate's) reach their Telegram chat."""

from __future__ import annotations

import pytest

from bot.channels.telegram import deliver


async def test_deliver_pushes_replies_to_a_telegram_conversation(client, fake_api):
    await deliver(client.app, "tg-62626262", [
        {"text": "Hi, I'm Jo, an advocate.", "buttons": [{"title": "Reply", "payload": "/affirm"}]},
    ])
    [sent] = fake_api.calls_to("sendMessage", chat_id=62626262)
    assert sent.params["text"] == "Hi, I'm Jo, an advocate."
    assert sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/affirm"
    with pytest.raises(ValueError):
        await deliver(client.app, "web-conversation-1", [{"text": "hi"}])


async def test_a_letter_comes_as_a_message_to_copy_and_a_txt_document(client, fake_api):
    letter = {"kind": "subject_access", "jurisdiction": "england", "council": "dorset",
              "text": "[your name]\nSubject: Subject access request\n\nYours sincerely,",
              "reply_by": "2027-01-18"}
    await deliver(client.app, "tg-63636363", [
        {"text": "Here is your letter.", "custom": {"letter": letter}}])
    texts = [c.params["text"] for c in fake_api.calls_to("sendMessage", chat_id=63636363)]
    assert texts == ["Here is your letter.", letter["text"]]
    [document] = fake_api.calls_to("sendDocument", chat_id=63636363)
    assert document.params["document"] == {"filename": "records-request.txt",
                                           "text": letter["text"] + "\n"}
