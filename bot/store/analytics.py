"""Anonymous analytics events: counts by week, never who or what exactly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import AnalyticsEvent, Message, UnansweredQuestion

EVENT_KINDS = ("question", "safeguarding", "feedback", "escalation", "letter")
OUTCOMES = ("answered", "clarified", "fallback")


def iso_week(day: dt.date | None = None) -> str:
    """The ISO week of `day` (today by default), e.g. '2026-W48'."""
    year, week, _ = (day or dt.date.today()).isocalendar()
    return f"{year}-W{week:02d}"


async def record_event(
    session: AsyncSession,
    *,
    kind: str,
    channel: str,
    topic: str | None = None,
    council: str | None = None,
    outcome: str | None = None,
    safeguarding_category: str | None = None,
    helpful: bool | None = None,
    age_band: str | None = None,
    day: dt.date | None = None,
) -> AnalyticsEvent:
    """Store one event. Only closed vocabularies go in: no ids, no free text."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    event = AnalyticsEvent(
        kind=kind,
        iso_week=iso_week(day),
        channel=channel,
        topic=topic,
        council=council,
        outcome=outcome,
        safeguarding_category=safeguarding_category,
        helpful=helpful,
        age_band=age_band,
    )
    session.add(event)
    return event


async def record_unanswered(session: AsyncSession, *, scrubbed_text: str, theme: str | None,
                            council: str | None, day: dt.date | None = None) -> None:
    """Keep an unanswered question. The caller must have scrubbed it already."""
    session.add(UnansweredQuestion(iso_week=iso_week(day), theme=theme or "unknown",
                                   council=council, scrubbed_text=scrubbed_text[:500]))


async def record_feedback(session: AsyncSession, *, message: Message, helpful: bool, channel: str,
                          topic: str, council: str | None) -> None:
    """Count one "Was this helpful?" vote per answer: a second vote changes the first.

    The vote is kept on the answer (until the transcript is deleted) only to know whether it
    was counted; the event itself stays anonymous.
    """
    if message.helpful is None:
        event = await record_event(session, kind="feedback", channel=channel, topic=topic,
                                   council=council, helpful=helpful)
        message.helpful, message.helpful_week = helpful, event.iso_week
        return
    if message.helpful == helpful:
        return
    counted = await session.scalar(
        select(AnalyticsEvent).where(
            AnalyticsEvent.kind == "feedback", AnalyticsEvent.iso_week == message.helpful_week,
            AnalyticsEvent.topic == topic, AnalyticsEvent.channel == channel,
            AnalyticsEvent.helpful == message.helpful).limit(1))
    if counted is not None:
        counted.helpful = helpful
    message.helpful = helpful
