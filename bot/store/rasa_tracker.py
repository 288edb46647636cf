"""Rasa's tracker store holds a copy of each conversation: retention and "forget me" apply there.

Rasa's SQL tracker store keeps one `events` table (sender_id, timestamp, data…). The gateway
deletes from it directly because Rasa's HTTP API stays switched off.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.store.engine import make_engine

log = logging.getLogger(__name__)


async def delete_rasa_events(tracker_url: str, *, sender_id: str | None = None,
                             before: dt.datetime | None = None) -> int:
    """Delete one conversation's events, or all events older than `before`; returns the count."""
    if not tracker_url:
        return 0
    if sender_id is None and before is None:
        raise ValueError("give a sender_id or a cut-off time")
    engine = make_engine(tracker_url)
    try:
        async with engine.begin() as conn:
            if sender_id is not None:
                result = await conn.execute(text("DELETE FROM events WHERE sender_id = :s"),
                                            {"s": sender_id})
            else:
                result = await conn.execute(text("DELETE FROM events WHERE timestamp < :t"),
                                            {"t": before.timestamp()})
            return result.rowcount or 0
    except (OperationalError, ProgrammingError):
        # No tracker store yet (Rasa has not written anything): nothing to delete.
        log.info("Rasa tracker store has no events table yet")
        return 0
    finally:
        await engine.dispose()
