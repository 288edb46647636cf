"""Blend DIET's intent ranking with the gateway's semantic reading of the same message.

The gateway reads each message with a pretrained sentence-embedding model and a classifier trained
on our NLU data (bot/semantic/), and sends its ranking as message metadata
(`{"semantic": {"intent_ranking": [{"name", "confidence"}, ...]}}`). Each intent's confidence
becomes (1 - weight) · DIET + weight · semantic; FallbackClassifier, after this, then decides
on the blended figure. Without that metadata (rasa shell, rasa test) the message is unchanged.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SemanticBlend(GraphComponent, IntentClassifier):
    """Average DIET's intent confidences with the semantic classifier's."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"weight": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._weight = float(config.get("weight", 0.5))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SemanticBlend":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = semantic_ranking(message.get("metadata"))
            if ranking and message.get("intent_ranking"):
                blended = blend(message.get("intent_ranking"), ranking, self._weight)
                message.set("intent", dict(blended[0]), add_to_output=True)
                message.set("intent_ranking", blended, add_to_output=True)
        return messages


def semantic_ranking(metadata: Any) -> Dict[Text, float]:
    """{intent: confidence} from the gateway's metadata; empty if absent or malformed."""
    if not isinstance(metadata, dict) or not isinstance(metadata.get("semantic"), dict):
        return {}
    ranking = {}
    for item in metadata["semantic"].get("intent_ranking") or []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            try:
                ranking[item["name"]] = min(max(float(item.get("confidence", 0.0)), 0.0), 1.0)
            except (TypeError, ValueError):
                continue
    return ranking


def blend(diet: List[Dict[Text, Any]], semantic: Dict[Text, float],
          weight: float) -> List[Dict[Text, Any]]:
    """The union of both rankings, each intent scored by the weighted average, best first."""
    scores = {item["name"]: (1.0 - weight) * float(item.get("confidence") or 0.0)
              for item in diet if item.get("name")}
    for name, confidence in semantic.items():
        scores[name] = scores.get(name, 0.0) + weight * confidence
    ordered = sorted(scores.items(), key=lambda kv: -kv[1])[: max(len(diet), 1)]
    return [{"name": name, "confidence": score} for name, score in ordered]
