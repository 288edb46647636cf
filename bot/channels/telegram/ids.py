"""Ids the Telegram channel gives the gateway: conversation ids from chat ids, retry keys.

Privacy: the conversation id comes from the chat id only, never from the user's name.
"""

from __future__ import annotations

import hashlib
import re

from bot.gateway.conversations import CONVERSATION_ID

_TG_CONVERSATION = re.compile(r"^tg-(?:chat-)?(-?\d+)$")


def conversation_id_for(chat_id: int) -> str:
    """The gateway conversation id for a Telegram chat (always 8-64 chars [A-Za-z0-9_-])."""
    conversation_id = f"tg-{chat_id}"
    return conversation_id if len(conversation_id) >= 8 else f"tg-chat-{chat_id}"


def chat_id_for(conversation_id: str) -> int:
    """The Telegram chat id behind a conversation id made by `conversation_id_for`."""
    match = _TG_CONVERSATION.match(conversation_id or "")
    if not match:
        raise ValueError("not a Telegram conversation id")
    return int(match.group(1))


def client_message_id(prefix: str, raw: object) -> str:
    """A retry key the gateway accepts: f"{prefix}-{raw}", hashed if that would not fit."""
    candidate = f"{prefix}-{raw}"
    if CONVERSATION_ID.match(candidate):
        return candidate
    return f"{prefix}-{hashlib.sha256(str(raw).encode()).hexdigest()[:32]}"
