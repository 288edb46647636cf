"""Who may read or write a conversation: its own channel only, and on the web or the API only
with the secret issued with its first reply (sent back in the X-Conversation-Token header)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from bot.store.models import Conversation

TOKEN_HEADER = "X-Conversation-Token"
TOKEN_CHANNELS = ("web", "api")  # Telegram's chats are its own: the webhook's secret guards them


class NotAllowed(Exception):
    """This client may not read or write that conversation (403); the message is safe to show."""


def issue_token(conversation: Conversation) -> str:
    """A new secret for a new web or API conversation; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    conversation.token_hash = _digest(token)
    return token


def check_access(conversation: Conversation, *, token: str | None,
                 channel: str | None = None) -> None:
    """Raise NotAllowed unless the client presents the conversation's secret on its channel.

    `channel` is the channel a message arrives on (None for reads, which come from the web
    chat or the API). A Telegram conversation is never reachable through the web or the API.
    """
    if conversation.channel not in TOKEN_CHANNELS:
        if channel != conversation.channel:
            raise NotAllowed("this conversation cannot be reached from here")
        return
    if channel is not None and channel != conversation.channel:
        raise NotAllowed("this conversation belongs to another channel")
    expected = conversation.token_hash
    if not token or not expected or not hmac.compare_digest(_digest(token), expected):
        raise NotAllowed(f"this conversation needs its {TOKEN_HEADER} header")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
