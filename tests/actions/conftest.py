"""Actions are tested with real rasa_sdk trackers and the project's real Domain."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict:
    return Domain.load(str(ROOT / "domain.yml")).as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(*, intent: str, text: str = "", slots: dict | None = None,
                 entities: list[dict] | None = None, ranking: list[tuple[str, float]] | None = None,
                 metadata: dict | None = None) -> Tracker:
    """A tracker whose latest message has this intent, text, entities and slots."""
    ranking = ranking or [(intent, 0.95)]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": ranking[0][1]},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        "entities": entities or [],
        "metadata": metadata or {},
    }
    return Tracker("test-sender", slots or {}, latest, [], False, None, {}, "action_listen")


@pytest.fixture
def tracker_for():
    return make_tracker
