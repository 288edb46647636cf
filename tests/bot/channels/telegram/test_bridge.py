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
