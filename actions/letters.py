"""Writing a letter: start the form with what is already known, then draft the letter.

The letter itself (wording, law, dates) is built by the `letters` package from
data/letters/letters.yml; this module only gathers the young person's choices.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import knowledge_base, known_place
from actions.language import language_of, response_text
from actions.letter_form import read_kind, reset_events
from kb import NATIONS, load_places
from letters import LetterRequest, Promise, draft, load_letters, stages
from payload import CustomPayload

#: Topics whose answers lead straight to one kind of letter.
KIND_OF_TOPIC = {"complaints": "complaint", "records": "subject_access"}
UK_TIME = ZoneInfo("Europe/London")


def letters_today() -> dt.date:
    """Today in the UK; LETTERS_TODAY (YYYY-MM-DD) fixes it for tests and demonstrations."""
    fixed = os.environ.get("LETTERS_TODAY", "").strip()
    return dt.date.fromisoformat(fixed) if fixed else dt.datetime.now(UK_TIME).date()


class ActionStartLetter(Action):
    """Starts the letter form afresh, filling in what the conversation already says."""

    def name(self) -> str:
        return "action_start_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """Kind from the message or the topic; stage from the button; place from the council."""
        kind = read_kind(next(tracker.get_latest_entity_values("letter_kind"), "") or "")
        kind = kind or KIND_OF_TOPIC.get(tracker.get_slot("topic") or "")
        stage = next(tracker.get_latest_entity_values("letter_stage"), None) or "1"
        place = known_place(tracker.get_slot("council"))
        return [*reset_events(), SlotSet("letter_kind", kind), SlotSet("letter_stage", str(stage)),
                SlotSet("letter_place", place)]


class ActionDraftLetter(Action):
    """Drafts the letter from the form's answers and says when they should reply."""

    def name(self) -> str:
        return "action_draft_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """The letter (as `custom.letter`), the dates, and what to do next."""
        request = letter_request(tracker)
        letter = draft(request, today=letters_today())
        custom = CustomPayload(letter=letter.payload(), council=request.place).to_dict()
        dispatcher.utter_message(response="utter_letter_ready", json_message=custom)
        dispatcher.utter_message(response="utter_letter_dates", dates=letter.chat)
        # Rasa adds these buttons after the response's own (a person, an advocate).
        buttons = []
        if letter.next_stage:
            title = response_text(domain, "utter_letter_next_stage", language_of(tracker))
            buttons.append({"title": title, "payload": (
                '/write_letter{"letter_kind": "complaint", "letter_stage": "%s"}'
                % letter.next_stage)})
        dispatcher.utter_message(response="utter_letter_next", buttons=buttons)
        return [*reset_events(), SlotSet("topic", "complaints" if request.kind == "complaint"
                                         else "records")]


def letter_request(tracker: Tracker) -> LetterRequest:
    """The young person's choices, read from the form's slots."""
    data = load_letters()
    kind = tracker.get_slot("letter_kind") or "complaint"
    place = known_place(tracker.get_slot("letter_place")) or "england"
    nation = load_places().nation_of(place) or "england"
    about_id = tracker.get_slot("letter_about") or ""
    if kind == "subject_access":
        option = next((o for o in data["records"] if o["id"] == about_id), data["records"][-1])
        return LetterRequest(kind=kind, nation=nation, place=place, records=option["words"],
                             advocate=tracker.get_slot("letter_advocate") == "yes",
                             promise=_promise(option.get("topic"), place, "health history"))
    option = next((o for o in data["complaint_about"] if o["id"] == about_id), None)
    return LetterRequest(
        kind=kind, nation=nation, place=place, stage=_stage(tracker, nation),
        about=option["words"] if option else "",
        what_happened=tracker.get_slot("letter_own_words") or "",
        want=tracker.get_slot("letter_want") or "",
        advocate=tracker.get_slot("letter_advocate") == "yes",
        promise=_promise(option["id"], place, option["words"]) if option else None)


def _stage(tracker: Tracker, nation: str) -> str:
    # A stage this nation doesn't have (Wales has no stage 3) means the one after the last.
    known = stages("complaint", nation)
    stage = str(tracker.get_slot("letter_stage") or "1")
    return stage if stage in known else known[-1]


def _promise(topic: str | None, place: str, words: str) -> Promise | None:
    """The council's own promise on this topic, where we hold one for the place.

    A nation is not a council: the Children's Commissioner for Wales's promise binds the
    Commissioner, not the council the letter goes to, so it is not quoted back to a council.
    """
    if not topic or place not in load_places().with_promises or place in NATIONS:
        return None
    answer = knowledge_base().answer(topic=topic, council=place, text=words)
    entry = answer.local if answer else None
    if entry is None or not entry.is_promise:
        return None
    return Promise(source=entry.source.label(), quote=entry.quote or entry.answer)
