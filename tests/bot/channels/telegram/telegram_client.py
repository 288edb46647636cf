"""Talking to the gateway as Telegram does: post updates to its webhook, read a chat back."""

from __future__ import annotations

import asyncio
import time

from bot.channels.telegram import conversation_id_for
from bot.gateway.keys import DB_SESSIONMAKER
from bot.store import conversations

SECRET = "test-webhook-secret_0123456789"


async def post_update(client, update: dict, *, secret: str | None = SECRET):
    """POST one update to the webhook, with the secret header unless `secret` is None."""
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return await client.post("/telegram/webhook", json=update, headers=headers)


async def history(client, chat_id: int) -> dict:
    """The gateway's record of a chat (mode and messages), read from its store.

    (A Telegram chat is never readable through the web API: that is tested too.)
    """
    conversation_id = conversation_id_for(chat_id)
    async with client.app[DB_SESSIONMAKER]() as session:
        conversation = await conversations.get_conversation(session,
                                                            conversation_id=conversation_id)
        messages = await conversations.messages_after(session, conversation_id=conversation_id,
                                                      after=0)
    return {"conversation_id": conversation_id,
            "mode": conversation.mode if conversation else None,
            "messages": [{**m.as_reply(), "direction": m.direction,
                          "client_message_id": m.client_message_id} for m in messages]}


async def eventually(condition, timeout: float = 5.0) -> None:
    """Wait until condition() is true (polling), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)
