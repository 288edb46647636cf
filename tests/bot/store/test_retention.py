"""The purge deletes old transcripts and keeps the anonymous aggregates."""

import datetime as dt

from sqlalchemy import func, select

from bot.store import analytics, conversations
from bot.store.engine import create_schema, make_engine, make_sessionmaker
from bot.store.models import AnalyticsEvent, Conversation, Message
from bot.store.retention import purge_transcripts


async def test_purge_keeps_recent_and_aggregates(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    await create_schema(engine)
    sessions = make_sessionmaker(engine)
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=45)
    async with sessions() as session, session.begin():
        for cid in ("conv-old-001", "conv-new-001"):
            conversation = await conversations.get_or_create_conversation(
                session, conversation_id=cid, channel="web")
            await conversations.add_message(session, conversation=conversation, direction="in",
                                            author="young_person", text="my name is sam")
            await analytics.record_event(session, kind="question", channel="web", topic="health",
                                         outcome="answered")
        await session.flush()
        (await session.get(Conversation, "conv-old-001")).updated_at = old
    async with sessions() as session, session.begin():
        deleted = await purge_transcripts(session, retention_days=30)
    assert deleted == 1
    async with sessions() as session:
        assert await session.get(Conversation, "conv-old-001") is None
        assert await session.get(Conversation, "conv-new-001") is not None
        left = (await session.execute(select(Message.conversation_id))).scalars().all()
        assert left == ["conv-new-001"]
        assert (await session.execute(select(func.count(AnalyticsEvent.id)))).scalar() == 2
    await engine.dispose()


async def test_rasa_tracker_copy_is_purged_and_forgotten(tmp_path):
    import sqlite3
    import time

    from bot.store.rasa_tracker import delete_rasa_events

    path = tmp_path / "tracker.db"
    url = f"sqlite+aiosqlite:///{path}"
    assert await delete_rasa_events(url, sender_id="nobody-yet") == 0  # no table yet
    with sqlite3.connect(path) as db:
        db.execute("create table events (id integer primary key, sender_id text, type_name text,"
                   " timestamp float, data text)")
        now = time.time()
        db.executemany("insert into events (sender_id, type_name, timestamp, data) "
                       "values (?,?,?,?)",
                       [("old", "user", now - 40 * 86400, "{}"), ("new", "user", now, "{}"),
                        ("gone", "user", now, "{}")])
    assert await delete_rasa_events(url, sender_id="gone") == 1
    assert await delete_rasa_events(
        url, before=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)) == 1
    with sqlite3.connect(path) as db:
        assert [r[0] for r in db.execute("select sender_id from events")] == ["new"]


def test_old_log_files_are_deleted_with_the_retention_period(tmp_path):
    import os
    import time

    from bot.store.retention import purge_logs

    old, recent, other = tmp_path / "rasa.log.3", tmp_path / "gateway.log", tmp_path / "notes.txt"
    for path in (old, recent, other):
        path.write_text("x")
    forty_days_ago = time.time() - 40 * 86400
    os.utime(old, (forty_days_ago, forty_days_ago))
    os.utime(other, (forty_days_ago, forty_days_ago))
    assert purge_logs(tmp_path, retention_days=30) == 1
    assert not old.exists() and recent.exists() and other.exists()
