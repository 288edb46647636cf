"""Talking to the gateway as Telegram does: post updates to its webhook, read a chat back."""

from __future__ import annotations

import asyncio
import time

from bot.channels.telegram import conversation_id_for

SECRET = "test-webhook-secret_0123456789"


async def post_update(client, update: dict, *, secret: str | None = SECRET):
    """POST one update to the webhook, with the secret header unless `secret` is None."""
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return await client.post("/telegram/webhook", json=update, headers=headers)


async def history(client, chat_id: int) -> dict:
    """The gateway's record of a chat (mode and messages), through its public API."""
    resp = await client.get(f"/api/conversations/{conversation_id_for(chat_id)}/messages?after=0")
    assert resp.status == 200
    return await resp.json()


async def eventually(condition, timeout: float = 5.0) -> None:
    """Wait until condition() is true (polling), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)
