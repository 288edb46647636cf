"""Turn one field of the gateway's message metadata into an entity, so a slot fills from it.

The gateway decides the conversation's language (en / cy) and sends it with every message as
metadata. A `from_entity` slot mapping on this entity fills the `language` slot inside Rasa,
where a custom slot mapping would cost a call to the action server on every message (the
tracker serialised, sent and parsed). Only the configured values are accepted; without the
metadata (rasa shell, rasa test) nothing is added.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class MetadataEntity(GraphComponent, EntityExtractorMixin):
    """Adds entity `entity` with the metadata's value of `field` when it is one of `values`."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"field": None, "entity": None, "values": []}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._field = config.get("field")
        self._entity = config.get("entity") or self._field
        self._values = {str(v) for v in config.get("values") or []}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MetadataEntity":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            metadata = message.get("metadata")
            value = metadata.get(self._field) if isinstance(metadata, dict) else None
            if isinstance(value, str) and value in self._values:
                entity = {"entity": self._entity, "value": value, "start": 0, "end": 0,
                          "confidence_entity": 1.0}
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name([entity]),
                            add_to_output=True)
        return messages

