"""The conversation's language (en / cy) for Rasa: the `language` slot and the words in it.

The gateway decides the language (a switch command, or a message written in Welsh) and sends
it with every message as metadata; this slot mapping action copies it into the slot, so
domain.yml's Welsh variations (conditions on `language`) are chosen.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from payload.language import ENGLISH, LANGUAGES, WELSH, variant_in
from payload.language import LANGUAGE_SLOT as SLOT


def language_of(tracker: Tracker) -> str:
    """The conversation's language: "cy" or "en"."""
    return WELSH if tracker.get_slot(SLOT) == WELSH else ENGLISH


def response_variant(domain: dict[str, Any], name: str, language: str) -> dict[str, Any]:
    """The variant of response `name` in `language` that depends on nothing else (English:
    the first without conditions), as Rasa itself would choose it for that language."""
    return variant_in(domain["responses"][name], language)


def response_text(domain: dict[str, Any], name: str, language: str) -> str:
    return response_variant(domain, name, language).get("text", "")


class ActionReadLanguage(Action):
    """Fills the `language` slot from the gateway's metadata (run on every user message)."""

    def name(self) -> str:
        return "action_read_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """SlotSet when the gateway's language differs from the slot; otherwise nothing."""
        metadata = tracker.latest_message.get("metadata") or {}
        language = metadata.get(SLOT)
        if language in LANGUAGES and language != tracker.get_slot(SLOT):
            return [SlotSet(SLOT, language)]
        return []
