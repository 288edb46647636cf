"""When the assistant is unsure: "Did you mean…?", then after a second miss, a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_of, response_text, response_variant
from payload import CustomPayload

MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05


def topic_titles(domain: dict[str, Any], language: str = "en") -> dict[str, str]:
    """Button titles for each topic intent, taken from the topics menu in domain.yml."""
    if "utter_what_can_you_do" not in domain.get("responses", {}):
        return {}
    menu = response_variant(domain, "utter_what_can_you_do", language)
    return {b["payload"].lstrip("/"): b["title"] for b in menu.get("buttons", [])}


class ActionClarify(Action):
    """Asks "Did you mean…?" with the likeliest topics; the second miss in a row offers a person.

    It never sends the same fallback twice in a row.
    """

    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """Choose between clarifying and offering an advocate."""
        misses = int(tracker.get_slot("fallback_count") or 0) + 1
        if misses >= 2:
            dispatcher.utter_message(response="utter_second_miss",
                                     json_message=CustomPayload(outcome="fallback").to_dict())
            return [SlotSet("fallback_count", 0)]

        titles = topic_titles(domain, language_of(tracker))
        ranking = tracker.latest_message.get("intent_ranking") or []
        likely = [r["name"] for r in ranking
                  if r.get("name") in titles
                  and r.get("confidence", 0) >= MIN_SUGGESTION_CONFIDENCE]
        buttons = [{"title": titles[name], "payload": f"/{name}"}
                   for name in likely[:MAX_SUGGESTIONS]]
        if buttons:
            something_else = response_text(domain, "utter_clarify_button_something_else",
                                           language_of(tracker))
            buttons.append({"title": something_else, "payload": "/what_can_you_do"})
            dispatcher.utter_message(response="utter_clarify", buttons=buttons,
                                     json_message=CustomPayload(
                                         outcome="clarified",
                                         suggestions=tuple(likely[:MAX_SUGGESTIONS])).to_dict())
        else:
            dispatcher.utter_message(response="utter_rephrase",
                                     json_message=CustomPayload(outcome="clarified").to_dict())
        return [SlotSet("fallback_count", misses)]
