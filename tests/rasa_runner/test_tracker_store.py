"""The lean SQL tracker store writes the same rows and gives back the same trackers as Rasa's
own SQLTrackerStore, through a conversation with a new session, repeated saves and copies."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import pytest
import yaml
from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from rasa_runner.tracker_store import LeanSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
COLUMNS = "sender_id, type_name, timestamp, intent_name, action_name, data"


def _turn(n: int, text: str) -> list:
    return [UserUttered(text, intent={"name": "ask_health", "confidence": 0.9},
                        timestamp=1000.0 + 10 * n),
            SlotSet("topic", "health", timestamp=1001.0 + 10 * n),
            ActionExecuted("action_answer_question", timestamp=1002.0 + 10 * n),
            BotUttered("an answer", timestamp=1003.0 + 10 * n),
            ActionExecuted("action_listen", timestamp=1004.0 + 10 * n)]


async def _conversation(store, sender: str) -> list:
    """A conversation as Rasa's processor drives it: retrieve, add a turn, save, again."""
    tracker = DialogueStateTracker(sender, DOMAIN.slots)  # as Rasa's create_tracker makes it
    tracker.update(ActionExecuted("action_listen", timestamp=999.0))
    await store.save(tracker)
    for n in range(3):
        tracker = await store.retrieve(sender)
        for event in _turn(n, f"question {n}"):
            tracker.update(event)
        await store.save(tracker)
        await store.save(tracker)  # saved twice: nothing is stored twice
    tracker = await store.retrieve(sender)
    tracker.update(ActionExecuted("action_session_start", timestamp=1100.0))
    tracker.update(SessionStarted(timestamp=1101.0))
    tracker.update(SlotSet("language", "cy", timestamp=1102.0))
    tracker.update(ActionExecuted("action_listen", timestamp=1103.0))
    await store.save(tracker)
    tracker = await store.retrieve(sender)
    copied = copy.deepcopy(tracker)
    for event in _turn(20, "after the new session"):
        copied.update(event)
    await store.save(copied)  # a copy: counted as Rasa counts, not taken on trust
    return [e.as_dict() for e in (await store.retrieve(sender)).events]


def _rows(path: Path) -> list:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT {COLUMNS} FROM events ORDER BY id").fetchall()


async def test_the_same_rows_and_trackers_as_rasas_own_store(tmp_path):
    rasa = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    lean = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "lean.db"))
    theirs = await _conversation(rasa, "someone")
    ours = await _conversation(lean, "someone")
    assert ours == theirs
    assert _rows(tmp_path / "lean.db") == _rows(tmp_path / "rasa.db")
    assert len(_rows(tmp_path / "lean.db")) > 20
    full = await lean.retrieve_full_tracker("someone")
    assert len(full.events) == len(_rows(tmp_path / "lean.db"))


async def test_a_conversation_it_has_never_seen_is_none(tmp_path):
    lean = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "lean.db"))
    assert await lean.retrieve("nobody") is None


def test_sqlite_uses_the_write_ahead_log(tmp_path):
    lean = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "lean.db"))
    with lean.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.parametrize("endpoints", ["endpoints.yml", "endpoints.scaled.yml"])
def test_the_endpoints_files_name_this_store(endpoints):
    config = yaml.safe_load((ROOT / endpoints).read_text(encoding="utf-8"))["tracker_store"]
    assert config["type"] == "rasa_runner.tracker_store.LeanSQLTrackerStore"


def test_rasa_loads_it_from_the_endpoints_file(tmp_path):
    # Rasa falls back to an in-memory store, with only a warning, when a type cannot be loaded.
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: rasa_runner.tracker_store.LeanSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {tmp_path / 'lean.db'}\n")
    store = create_tracker_store(read_endpoint_config(str(endpoints), "tracker_store"), DOMAIN)
    assert isinstance(getattr(store, "_tracker_store", store), LeanSQLTrackerStore)
