"""A long conversation: the bot engine starts a new session at a resting point, and keeps what
the dialogue needs (the place) — so a message late in a long chat costs what an early one does."""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def short_sessions(stack, tmp_path_factory):
    """A gateway on the session's Rasa that starts a new engine session every 6 messages."""
    gateway = Stack(workdir=tmp_path_factory.mktemp("long"), rasa_port=stack.rasa_port,
                    action_port=stack.action_port,
                    env_overrides={"ENGINE_SESSION_MESSAGES": "6",
                                   "RASA_TRACKER_URL":
                                       f"sqlite+aiosqlite:///{stack.workdir / 'tracker.db'}"})
    gateway.start_gateway()
    yield gateway
    gateway.stop()


def sessions_started(stack: Stack, conversation_id: str) -> int:
    with sqlite3.connect(stack.workdir / "tracker.db") as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ? AND "
                          "type_name = 'session_started'", (conversation_id,)).fetchone()[0]


def test_new_engine_sessions_keep_the_place_and_answer_as_before(stack, short_sessions):
    conversation = "web-long-000001"
    short_sessions.say(conversation, '/inform_location{"council": "wales"}')
    questions = ["how do i complain", "how do i get an advocate", "can i see my file",
                 "how do i complain", "what is a pathway plan", "how do i get an advocate",
                 "how do i complain", "how do i get an advocate"]
    jurisdictions = []
    for question in questions:
        replies = short_sessions.say(conversation, question)
        jurisdictions += [r["custom"].get("jurisdiction") for r in replies
                          if (r.get("custom") or {}).get("topic") in ("complaints", "advocacy")]
    assert sessions_started(stack, conversation) >= 3  # the first, and at least two more
    # Still Wales after each new session: no England rule, no "where do you live?" again.
    assert jurisdictions and set(jurisdictions) <= {"wales"}, jurisdictions
