"""The bot's side of safeguarding: the urgent-help card and "are you safe right now?".

The gateway checks every message with its lexicon first; this action runs when the
lexicon or the NLU model (intent disclose_risk) spots risk. The lexicon's finding brings
the urgent-help card at once. The NLU model alone misreads figures of speech too often
("this homework is killing me"), so on its own it asks "are you safe right now?", and a
"no" brings the card (utter_safe_no) and flags the conversation.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_of, response_variant
from payload import CustomPayload, Safeguarding

UNCLASSIFIED = "unclassified"  # the NLU model saw risk but not which kind


class ActionSafeguardingResponse(Action):
    """Sends the urgent-help card with safeguarding metadata, then asks if they are safe."""

    def name(self) -> str:
        return "action_safeguarding_response"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """Card first, then the question."""
        flagged = (tracker.latest_message.get("metadata") or {}).get("safeguarding") or {}
        if not flagged:
            dispatcher.utter_message(response="utter_check_in_safe",
                                     json_message=CustomPayload(safeguarding_check=True).to_dict())
            return []
        category = (flagged.get("category")
                    or next(tracker.get_latest_entity_values("risk_category"), None)
                    or UNCLASSIFIED)
        level = flagged.get("level") or "high"
        card = response_variant(domain, "utter_urgent_help", language_of(tracker))
        custom = dataclasses.replace(CustomPayload.from_dict(card.get("custom")),
                                     safeguarding=Safeguarding(category=category, level=level))
        dispatcher.utter_message(response="utter_urgent_help", json_message=custom.to_dict())
        dispatcher.utter_message(response="utter_ask_safe_now")
        return []
