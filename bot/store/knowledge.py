"""Copy the curated knowledge base (YAML, the source of truth) into the SQL store."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import KnowledgeEntry
from kb import KnowledgeBase


async def load_knowledge(session: AsyncSession, *, knowledge_base: KnowledgeBase) -> int:
    """Upsert every entry and drop entries no longer in the YAML. Idempotent; returns the count."""
    for entry in knowledge_base.entries:
        body = asdict(entry)
        body["last_reviewed"] = entry.last_reviewed.isoformat()
        await session.merge(
            KnowledgeEntry(
                id=entry.id,
                topic=entry.topic,
                jurisdiction=entry.jurisdiction,
                title=entry.title,
                source_file=entry.source.file,
                last_reviewed=entry.last_reviewed,
                body=body,
            )
        )
    ids = [e.id for e in knowledge_base.entries]
    await session.execute(delete(KnowledgeEntry).where(KnowledgeEntry.id.not_in(ids)))
    result = await session.execute(select(KnowledgeEntry.id))
    return len(result.all())
