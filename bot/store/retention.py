"""Retention: transcripts go after a set number of days; anonymous aggregates stay."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import AdvocateNote, Conversation, Message, StaffSession, utcnow
from bot.store.rasa_tracker import delete_rasa_events

log = logging.getLogger(__name__)


async def purge_transcripts(session: AsyncSession, *, retention_days: int,
                            now: dt.datetime | None = None) -> int:
    """Delete conversations (with their messages and notes) untouched for `retention_days`.

    Conversations still with an advocate are kept until they are closed. Analytics
    events have no link to a conversation, so they are not affected.
    """
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    old = select(Conversation.id).where(Conversation.updated_at < cutoff,
                                        Conversation.queued_at.is_(None))
    ids = list((await session.execute(old)).scalars())
    if ids:
        # Messages first: bulk deletes skip ORM cascades, and SQLite may not enforce FKs.
        await session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
        await session.execute(delete(AdvocateNote).where(AdvocateNote.conversation_id.in_(ids)))
        await session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
    await session.execute(delete(StaffSession).where(StaffSession.expires_at < (now or utcnow())))
    return len(ids)


async def purge_all(sessionmaker: async_sessionmaker, *, retention_days: int,
                    rasa_tracker_url: str) -> tuple[int, int]:
    """Our transcripts and Rasa's copy: (conversations deleted, Rasa events deleted)."""
    async with sessionmaker() as session, session.begin():
        count = await purge_transcripts(session, retention_days=retention_days)
    events = await delete_rasa_events(
        rasa_tracker_url, before=utcnow() - dt.timedelta(days=retention_days))
    return count, events


def purge_logs(log_dir: Path, *, retention_days: int, now: dt.datetime | None = None) -> int:
    """Delete log files (rotated copies included) last written more than the retention ago."""
    cutoff = (now or utcnow()).timestamp() - retention_days * 86400
    old = [p for p in log_dir.glob("*.log*") if p.is_file() and p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


async def retention_loop(sessionmaker: async_sessionmaker, *, retention_days: int,
                         rasa_tracker_url: str, log_dir: Path | None = None,
                         every_seconds: float = 3600) -> None:
    """Run the purge now and then every `every_seconds`, for the gateway's lifetime."""
    while True:
        try:
            if log_dir is not None and log_dir.is_dir():
                purge_logs(log_dir, retention_days=retention_days)
            count, events = await purge_all(sessionmaker, retention_days=retention_days,
                                            rasa_tracker_url=rasa_tracker_url)
            if count or events:
                log.info("retention: deleted %d conversation(s) and %d Rasa event(s) older than "
                         "%d days", count, events, retention_days)
        except Exception:  # noqa: BLE001 - try again next time; never stop the gateway
            log.exception("retention purge failed")
        await asyncio.sleep(every_seconds)
