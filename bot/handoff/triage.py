"""Why a conversation is in the advocates' queue, read from its stored messages.

Reasons are codes (the console words them): `urgent` (with the risk category), `asked_for_person`,
`bot_failed` (the bot could not understand and offered a person), `letter` (a letter was drafted).
The first words of the young person's last message are shown only when they agreed to share the
chat or it is flagged urgent.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.models import Conversation, Message
from payload import CustomPayload

FIRST_WORDS = 8
FIRST_WORDS_CHARS = 60


@dataclass(frozen=True)
class Triage:
    reasons: tuple[str, ...]
    risk_category: str | None
    topic: str | None
    unanswered: bool
    first_words: str | None


def triage(conversation: Conversation, messages: list[Message]) -> Triage:
    """Reasons, topic, whether the young person waits for a reply, and (if allowed) first words."""
    customs = [CustomPayload.from_dict((m.payload or {}).get("custom"))
               for m in messages if m.direction == "out"]
    category = next((c.safeguarding.category for c in reversed(customs) if c.safeguarding), None)
    reasons = []
    if conversation.urgent:
        reasons.append("urgent")
    if conversation.mode != "bot" or any(c.handoff for c in customs):
        reasons.append("asked_for_person")
    if any(c.outcome == "fallback" for c in customs):
        reasons.append("bot_failed")
    if any(c.letter for c in customs):
        reasons.append("letter")
    topic = next((c.topic for c in reversed(customs) if c.topic), None)
    said = [m for m in messages if m.direction == "in" and not m.text.startswith("/")]
    unanswered = bool(messages) and messages[-1].direction == "in"
    words = None
    if said and (conversation.share_history or conversation.urgent):
        visible = [m for m in said if m.seq >= conversation.visible_from_seq]
        if visible:
            words = _first_words(visible[-1].text)
    return Triage(tuple(reasons), category, topic, unanswered, words)


def _first_words(text: str) -> str:
    words = text.split()
    short = " ".join(words[:FIRST_WORDS])[:FIRST_WORDS_CHARS]
    return short + ("…" if len(words) > FIRST_WORDS or len(short) < len(" ".join(words)) else "")
