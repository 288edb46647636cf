"""'What has my council promised me?': the council's promises as buttons."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import knowledge_base, known_place, place_name
from actions.language import language_of


class ActionListPromises(Action):
    """Lists the promises of the young person's council, each opening its entry."""

    def name(self) -> str:
        return "action_list_promises"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """Ask for the council if unknown; otherwise list its promises."""
        mentioned = known_place(next(tracker.get_latest_entity_values("council"), None))
        place = mentioned or known_place(tracker.get_slot("council"))
        if place is None:
            dispatcher.utter_message(response="utter_ask_council_for_promises")
            return []
        promises = knowledge_base().promises_of(place) if place != "england" else []
        if not promises:
            dispatcher.utter_message(response="utter_no_promises_for_place")
            return [SlotSet("council", place)]
        buttons = [
            {"title": e.in_language(language_of(tracker)).title,
             "payload": "/open_kb_entry" + json.dumps({"kb_entry": e.id})}
            for e in promises
        ]
        dispatcher.utter_message(response="utter_council_promises_intro",
                                 place=place_name(place, language_of(tracker)),
                                 buttons=buttons)
        return [SlotSet("council", place), SlotSet("council_asked", True)]
