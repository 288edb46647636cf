"""What a channel hands the gateway, and the checks every message passes first."""

from __future__ import annotations

import re
from dataclasses import dataclass

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
CHANNELS = ("web", "api", "telegram")


class BadMessage(ValueError):
    """A message the gateway refuses, with a reason the sender can read."""


@dataclass(frozen=True)
class Incoming:
    """One message from a young person, as a channel hands it over."""

    conversation_id: str
    channel: str
    text: str
    client_message_id: str | None = None
    token: str | None = None  # the conversation's secret, as a web or API client presented it


def is_id(value: object) -> bool:
    """8-64 letters, digits, '-' or '_', and nothing else (not even a trailing newline)."""
    return isinstance(value, str) and CONVERSATION_ID.fullmatch(value) is not None


def is_unicode(text: str) -> bool:
    """False for text holding lone surrogates (JSON allows them; UTF-8 and databases don't)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validated(incoming: Incoming, *, max_chars: int) -> Incoming:
    """The message with its text tidied; raise BadMessage with a readable reason."""
    if not is_id(incoming.conversation_id):
        raise BadMessage("conversation_id must be 8-64 letters, digits, '-' or '_'")
    if incoming.channel not in CHANNELS:
        raise BadMessage(f"channel must be one of {', '.join(CHANNELS)}")
    text = (incoming.text or "").replace("\x00", "").strip()
    if not text:
        raise BadMessage("text must not be empty")
    if not is_unicode(text):
        raise BadMessage("text must be valid Unicode (it holds a lone surrogate)")
    if len(text) > max_chars:
        raise BadMessage(f"text is too long: at most {max_chars} characters")
    cmid = incoming.client_message_id
    if cmid is not None and not is_id(cmid):
        raise BadMessage("client_message_id must be 8-64 letters, digits, '-' or '_'")
    return Incoming(incoming.conversation_id, incoming.channel, text, cmid, incoming.token)
