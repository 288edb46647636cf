"""The Rasa pipeline component that blends DIET with the gateway's semantic ranking (.venv-rasa)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.semantic_blend import SemanticBlend, blend, semantic_ranking

DIET = [{"name": "ask_care_plan", "confidence": 0.55}, {"name": "ask_advocacy", "confidence": 0.4},
        {"name": "greet", "confidence": 0.05}]


def test_the_weighted_average_can_change_the_top_intent():
    blended = blend(DIET, {"ask_advocacy": 0.9, "ask_care_plan": 0.1}, weight=0.5)
    assert [b["name"] for b in blended][:2] == ["ask_advocacy", "ask_care_plan"]
    assert blended[0]["confidence"] == pytest.approx(0.65)
    assert len(blended) == len(DIET)


@pytest.mark.parametrize("metadata", [None, "x", {}, {"semantic": "x"},
                                      {"semantic": {"intent_ranking": [{"name": 3}, "y", {}]}},
                                      {"semantic": {"intent_ranking": [{"name": "a",
                                                                        "confidence": "high"}]}}])
def test_missing_or_malformed_metadata_is_ignored(metadata):
    assert semantic_ranking(metadata) == {}


def test_confidences_from_metadata_are_clamped():
    ranking = semantic_ranking({"semantic": {"intent_ranking": [
        {"name": "a", "confidence": 7}, {"name": "b", "confidence": -1}]}})
    assert ranking == {"a": 1.0, "b": 0.0}


def _message(metadata):
    message = Message(data={"text": "can someone speak up for me", "metadata": metadata})
    message.set("intent", dict(DIET[0]), add_to_output=True)
    message.set("intent_ranking", [dict(d) for d in DIET], add_to_output=True)
    return message


def test_process_sets_intent_and_ranking_only_when_the_gateway_sent_a_reading():
    component = SemanticBlend({"weight": 0.5})
    with_reading, without = component.process([
        _message({"semantic": {"intent_ranking": [{"name": "ask_advocacy", "confidence": 0.9}]}}),
        _message(None)])
    assert with_reading.get("intent")["name"] == "ask_advocacy"
    assert without.get("intent")["name"] == "ask_care_plan"
