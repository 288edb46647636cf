"""Demonstration data (`python -m bot demo-data`): made-up anonymous events, never real ones.

The shape (topics, places, trends, the questions it could not answer, a few queued
conversations) is in data/demo/demo.yml; a fixed seed makes every run the same.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store import analytics
from bot.store.models import Conversation, Message, UnansweredQuestion, utcnow
from payload import CustomPayload, Safeguarding

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo" / "demo.yml"


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: small means only, which is all a demonstration needs.
    limit, k, p = pow(2.718281828459045, -max(mean, 0.0)), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


async def write_demo_data(session: AsyncSession, *, weeks: int = 12, seed: int = 1,
                          today: dt.date | None = None, path: Path = DEMO_FILE) -> int:
    """Add `weeks` weeks of made-up events (and a few queued conversations); return the count."""
    shape = yaml.safe_load(path.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    today = today or dt.date.today()
    added = 0

    async def event(day: dt.date, **fields) -> None:
        nonlocal added
        await analytics.record_event(session, day=day, **fields)
        added += 1

    for back in range(weeks - 1, -1, -1):
        day = today - dt.timedelta(weeks=back)
        growth = (weeks - 1 - back) / max(weeks - 1, 1)
        for topic, spec in shape["topics"].items():
            mean = spec["per_week"] * (1 + spec["trend"] * (growth - 0.5))
            for _ in range(_poisson(rng, mean)):
                place = _pick(rng, shape["places"])
                council = None if place == "unknown" else place
                channel = _pick(rng, shape["channels"])
                roll = rng.random()
                outcome = ("fallback" if roll < shape["not_understood"] else "clarified"
                           if roll < shape["not_understood"] + shape["clarified"] else "answered")
                await event(day, kind="question", channel=channel, council=council,
                            outcome=outcome, topic=topic if outcome == "answered" else None)
                if outcome == "answered" and rng.random() < 0.3:
                    await event(day, kind="feedback", channel=channel, topic=topic,
                                council=council, helpful=rng.random() < shape["helpful"])
                if rng.random() < shape["escalated"]:
                    await event(day, kind="escalation", channel=channel, council=council)
                if outcome != "answered":
                    theme = rng.choice(list(shape["unanswered"]))
                    session.add(UnansweredQuestion(
                        iso_week=analytics.iso_week(day), theme=theme, council=council,
                        scrubbed_text=rng.choice(shape["unanswered"][theme])))
        for category, mean in shape["safeguarding"].items():
            for _ in range(_poisson(rng, mean)):
                await event(day, kind="safeguarding", channel=_pick(rng, shape["channels"]),
                            council=None, safeguarding_category=category)
        for kind, mean in shape["letters"].items():
            for _ in range(_poisson(rng, mean)):
                await event(day, kind="letter", channel="any", topic=kind,
                            council=rng.choice(["england", "wales"]))
    for number, item in enumerate(shape["queue"], start=1):
        _queued_conversation(session, number=number, item=item)
    return added


def _queued_conversation(session: AsyncSession, *, number: int, item: dict) -> None:
    conversation_id = f"demo-{number:03d}-{random.Random(number).getrandbits(32):08x}"
    urgent = bool(item.get("urgent"))
    session.add(Conversation(
        id=conversation_id, channel="web", mode="bot" if urgent else "queued", urgent=urgent,
        share_history=bool(item.get("share_history")), queued_at=utcnow(), last_seq=2,
        council="wales" if number % 2 else "dorset"))
    custom = CustomPayload(safeguarding=Safeguarding(item["category"])) if urgent else \
        CustomPayload(handoff="consent_asked")
    session.add(Message(conversation_id=conversation_id, seq=1, direction="in",
                        author="young_person", text=item["text"]))
    session.add(Message(conversation_id=conversation_id, seq=2, direction="out", author="bot",
                        text="(demonstration)", payload={"custom": custom.to_dict()}))
