"""The letter form's questions and how typed answers are read (data/letters/letters.yml)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import known_place
from actions.language import language_of, response_text
from actions.vocabulary import plain_words
from letters import load_letters

#: The shortest typed answer used as the young person's own words.
MIN_OWN_WORDS = 2


def _matches(text: str, words: list[str]) -> bool:
    plain = f" {plain_words(text)} "
    return any(f" {plain_words(w)} " in plain for w in words)


def _recognised(text: str, table: dict[str, list[str]]) -> str | None:
    """The first key of `table` whose words or phrases are in `text`."""
    return next((key for key, words in table.items() if _matches(text, words)), None)


def _button(options: list[dict], text: str) -> dict | None:
    wanted = plain_words(text)
    return next((o for o in options if plain_words(o["button"]) == wanted), None)


def cancel_button(domain: DomainDict, language: str = "en") -> dict[str, str]:
    """The Cancel button every question of the form carries."""
    title = response_text(domain, "utter_letter_button_cancel", language)
    return {"title": title, "payload": "/cancel"}


def read_kind(text: str) -> str | None:
    """'Make a complaint' -> complaint; 'ask for my records' -> subject_access."""
    if text in ("complaint", "subject_access"):
        return text
    return _recognised(text, load_letters()["recognise"]["kinds"])


def read_place(text: str) -> str | None:
    """A place id from a button title, a place name or a nation word."""
    return known_place(text) or _recognised(text, load_letters()["recognise"]["places"])


def read_yes_no(text: str, intent: str | None) -> str | None:
    """'yes' / 'no' from the affirm / deny intents or the words."""
    if intent in ("affirm", "deny"):
        return "yes" if intent == "affirm" else "no"
    table = load_letters()["recognise"]
    return _recognised(text, {"no": table["no"], "yes": table["yes"]})


def read_records(text: str) -> str:
    """Which records: a button id, or by the words typed (both when unsure: ask for everything)."""
    data = load_letters()
    chosen = _button(data["records"], text)
    if chosen:
        return chosen["id"]
    found = {k for k, words in data["recognise"]["records"].items() if _matches(text, words)}
    return found.pop() if len(found) == 1 else "both"


class ValidateLetterForm(FormValidationAction):
    """Reads each answer; an answer it cannot read leaves the slot empty, so the form asks again."""

    def name(self) -> str:
        return "validate_letter_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        """A records request needs no "what do you want to happen"."""
        if tracker.get_slot("letter_kind") == "subject_access":
            return [s for s in domain_slots if s != "letter_want"]
        return domain_slots

    def validate_letter_kind(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        """A complaint or a records request."""
        return {"letter_kind": read_kind(str(value or ""))}

    def validate_letter_place(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Where they are looked after: it decides the law. Remembered for the conversation."""
        place = read_place(str(value or ""))
        return {"letter_place": place, "council": place} if place else {"letter_place": None}

    def validate_letter_about(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """A button, or their own words about what happened."""
        text = str(value or "").strip()
        if tracker.get_slot("letter_kind") == "subject_access":
            return {"letter_about": read_records(text)}
        chosen = _button(load_letters()["complaint_about"], text)
        if chosen:
            return {"letter_about": chosen["id"], "letter_own_words": None}
        if len(plain_words(text)) < MIN_OWN_WORDS:
            return {"letter_about": None}
        return {"letter_about": "own_words", "letter_own_words": text}

    def validate_letter_want(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """A button, or their own words."""
        text = str(value or "").strip()
        chosen = _button(load_letters()["complaint_want"], text)
        if chosen:
            return {"letter_want": chosen["words"]}
        return {"letter_want": text.rstrip(".!") if len(plain_words(text)) >= MIN_OWN_WORDS
                else None}

    def validate_letter_advocate(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Yes or no."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return {"letter_advocate": read_yes_no(str(value or ""), intent)}


class ActionAskLetterAbout(Action):
    """What the complaint is about, or which records: buttons from the letters file."""

    def name(self) -> str:
        return "action_ask_letter_about"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        """Ask with the buttons for this kind of letter."""
        data = load_letters()
        records = tracker.get_slot("letter_kind") == "subject_access"
        options = data["records"] if records else data["complaint_about"]
        buttons = [{"title": o["button"], "payload": o["button"]} for o in options]
        dispatcher.utter_message(
            response="utter_ask_letter_about_records" if records
            else "utter_ask_letter_about_complaint",
            buttons=[*buttons, cancel_button(domain, language_of(tracker))])
        return []


class ActionAskLetterWant(Action):
    """What they would like to happen: buttons from the letters file."""

    def name(self) -> str:
        return "action_ask_letter_want"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        """Ask with the usual outcomes as buttons."""
        buttons = [{"title": o["button"], "payload": o["button"]}
                   for o in load_letters()["complaint_want"]]
        dispatcher.utter_message(response="utter_ask_letter_want",
                                 buttons=[*buttons, cancel_button(domain, language_of(tracker))])
        return []


def reset_events() -> list[EventType]:
    """Empty every letter slot, so a second letter starts afresh."""
    return [SlotSet(name, None) for name in (
        "letter_kind", "letter_stage", "letter_place", "letter_about", "letter_own_words",
        "letter_want", "letter_advocate")]
