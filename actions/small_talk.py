"""Small talk and "out of scope", unless the message is about rights: then "Did you mean…?"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import ActionClarify
from actions.vocabulary import load_vocabulary

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "rights_words.yml"
RESPONSES = {"chitchat": "utter_chitchat", "out_of_scope": "utter_out_of_scope"}


def mentions_rights(text: str) -> bool:
    """True when a message holds a word about care or rights ("meeting", "council", ...)."""
    return load_vocabulary(WORDS_FILE, "words", "phrases").found_in(text)


class ActionSmallTalk(Action):
    """A small-talk reply, or "Did you mean…?" when the message is really about rights."""

    def name(self) -> str:
        return "action_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """Never answer a rights question as small talk."""
        if mentions_rights(tracker.latest_message.get("text") or ""):
            return await ActionClarify().run(dispatcher, tracker, domain)
        intent = tracker.get_intent_of_latest_message() or "chitchat"
        dispatcher.utter_message(response=RESPONSES.get(intent, "utter_chitchat"))
        return []
