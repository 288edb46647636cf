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


def validated(incoming: Incoming, *, max_chars: int) -> Incoming:
    """The message with its text tidied; raise BadMessage with a readable reason."""
    if not CONVERSATION_ID.match(incoming.conversation_id or ""):
        raise BadMessage("conversation_id must be 8-64 letters, digits, '-' or '_'")
    if incoming.channel not in CHANNELS:
        raise BadMessage(f"channel must be one of {', '.join(CHANNELS)}")
    text = (incoming.text or "").replace("\x00", "").strip()
    if not text:
        raise BadMessage("text must not be empty")
    if len(text) > max_chars:
        raise BadMessage(f"text is too long: at most {max_chars} characters")
    cmid = incoming.client_message_id
    if cmid is not None and not CONVERSATION_ID.match(cmid):
        raise BadMessage("client_message_id must be 8-64 letters, digits, '-' or '_'")
    return Incoming(incoming.conversation_id, incoming.channel, text, cmid)
