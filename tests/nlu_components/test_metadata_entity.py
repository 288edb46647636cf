"""The gateway's language metadata becomes the `language` entity, which fills the slot."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from nlu_components.metadata_entity import MetadataEntity

ROOT = Path(__file__).resolve().parents[2]
CONFIG = {"field": "language", "entity": "language", "values": ["en", "cy"]}


def _entities(metadata, entities=()):
    message = Message(data={"text": "sut dw i'n cwyno", "metadata": metadata})
    if entities:
        message.set("entities", list(entities))
    return MetadataEntity(CONFIG).process([message])[0].get("entities") or []


def test_the_language_in_the_metadata_becomes_an_entity():
    [entity] = _entities({"language": "cy"})
    assert (entity["entity"], entity["value"], entity["extractor"]) == \
        ("language", "cy", "MetadataEntity")


def test_entities_found_by_diet_are_kept():
    council = {"entity": "council", "value": "cardiff", "start": 0, "end": 7}
    assert [e["entity"] for e in _entities({"language": "en"}, [council])] == \
        ["council", "language"]


@pytest.mark.parametrize("metadata", [None, "cy", {}, {"language": "fr"}, {"language": ["cy"]},
                                      {"language": None}, {"other": "cy"}])
def test_missing_or_unexpected_metadata_adds_nothing(metadata):
    assert _entities(metadata) == []


async def test_the_entity_fills_the_language_slot_with_the_real_domain():
    domain = Domain.load(str(ROOT / "domain.yml"))
    assert domain.slots[[s.name for s in domain.slots].index("language")].influence_conversation \
        is False
    [entity] = _entities({"language": "cy"})
    tracker = DialogueStateTracker.from_events("t", [UserUttered(
        "sut dw i'n cwyno", intent={"name": "ask_complaints", "confidence": 0.9},
        entities=[entity])], slots=domain.slots)
    events = await ActionExtractSlots(None).run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
        tracker, domain)
    assert SlotSet("language", "cy") in events
