"""What a turn of the conversation adds to the anonymous trends.

Called by the gateway after it has stored the replies; reads only their `custom` payloads
and the conversation's coarse place. No ids, no free text except an already-scrubbed
unanswered question, which is kept with no link to its conversation.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.store import analytics
from bot.store.models import Conversation
from kb import NATIONS
from payload import LETTER_KINDS, CustomPayload


async def record_turn(session: AsyncSession, *, conversation: Conversation, replies: list[dict],
                      channel: str, scrubbed: str | None = None, was_urgent: bool = False) -> None:
    """Count one answered, clarified or failed question, or one safeguarding flag."""
    customs = [CustomPayload.of_reply(r) for r in replies]
    for custom in customs:
        if custom.council:
            conversation.council = custom.council
    safeguarding = next((c.safeguarding for c in customs if c.safeguarding), None)
    if safeguarding:
        conversation.urgent = True
        if not was_urgent:  # one count per flagged conversation, not per follow-up card
            await analytics.record_event(
                session, kind="safeguarding", channel=channel, council=conversation.council,
                safeguarding_category=safeguarding.category)
        return
    letter = next((c.letter for c in customs if c.letter), None)
    if letter:
        await record_letter(session, letter=letter)
        return
    answered = next((c for c in customs if c.topic), None)
    outcome = next((c.outcome for c in customs if c.outcome), None)
    age_band = next((c.age_band for c in customs if c.age_band), None)
    if answered:
        await analytics.record_event(
            session, kind="question", channel=channel, topic=answered.topic,
            council=conversation.council, outcome="answered", age_band=age_band)
    elif outcome:
        await analytics.record_event(
            session, kind="question", channel=channel, council=conversation.council,
            outcome=outcome, age_band=age_band)
        if scrubbed:
            suggestions = next((c.suggestions for c in customs if c.suggestions), ())
            theme = suggestions[0].removeprefix("ask_") if suggestions else None
            await analytics.record_unanswered(session, scrubbed_text=scrubbed, theme=theme,
                                              council=conversation.council)


def needs_scrubbing(replies: list[dict]) -> bool:
    """True when the bot could not answer (its question may be kept, scrubbed, for themes)."""
    return any(CustomPayload.of_reply(r).outcome for r in replies)


async def record_letter(session: AsyncSession, *, letter: dict) -> None:
    """Count a drafted letter by kind, nation and week only: no channel, place or stage."""
    kind = letter.get("kind") if letter.get("kind") in LETTER_KINDS else "other"
    nation = letter.get("jurisdiction") if letter.get("jurisdiction") in NATIONS else None
    await analytics.record_event(session, kind="letter", channel="any", topic=kind, council=nation)
