"""Rasa's SQL tracker store with less work per message: the same table, the same rows.

Rasa's own store (py-spy under load: 43% of Rasa's CPU) counts the stored events with a query
before every save, builds an ORM object for every event it loads or stores, and, on SQLite,
opens a new connection and waits for an fsync on every commit while the event loop waits with
it. This subclass remembers how many events a retrieved tracker came with, reads and writes
rows with plain SQL statements, keeps one SQLite connection per thread and uses SQLite's
write-ahead log. A tracker it did not retrieve itself (a new one, a copy) is counted by Rasa's
own query, as before.

Endpoints: `tracker_store: {type: rasa_runner.tracker_store.LeanSQLTrackerStore, ...}` with
the same keys as Rasa's `type: SQL`.
"""

from __future__ import annotations

import itertools
import json
from typing import Any, Dict, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

# How many of a tracker's events are in the store, and for which tracker object: set when a
# tracker is retrieved or saved. A copy of the tracker (another id) counts again, as Rasa does.
_STORED = "_lean_sql_stored"


class LeanSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with fewer queries and no ORM objects per event (same schema)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # why: the default pool opens a connection per session; Rasa calls the store from
            # its one event-loop thread, so one connection per thread is kept instead.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=sa.pool.SingletonThreadPool)
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            query = self._event_query(session, sender_id,
                                      fetch_events_from_all_sessions=fetch_events_from_all_sessions)
            rows = query.with_entities(self.SQLEvent.data).all()
        events = [json.loads(data) for (data,) in rows]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            # Exactly the events Rasa's save would count: those of the latest session.
            _remember_stored(tracker, len(events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        stored = _stored(tracker)
        with self.session_scope() as session:
            if stored is None:
                stored = self._event_query(session, tracker.sender_id,
                                           fetch_events_from_all_sessions=False).count()
            rows = [event_row(tracker.sender_id, event)
                    for event in itertools.islice(tracker.events, stored, None)]
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()
        _remember_stored(tracker, len(tracker.events))


def event_row(sender_id: Text, event: Event) -> Dict[Text, Any]:
    """The row Rasa's SQLTrackerStore stores for `event`."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _remember_stored(tracker: DialogueStateTracker, count: int) -> None:
    setattr(tracker, _STORED, (id(tracker), count))


def _stored(tracker: DialogueStateTracker) -> Optional[int]:
    """How many of this tracker's events are stored; None when not known for this object."""
    owner, count = getattr(tracker, _STORED, (None, 0))
    if owner != id(tracker) or count > len(tracker.events):
        return None
    return count


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Write-ahead log, synced at checkpoints: a commit survives the process crashing (the
    gateway has already stored the young person's message durably in its own database)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()

