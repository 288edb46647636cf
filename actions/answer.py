"""Answer a question on a topic from the knowledge base: the law first, then the local promise."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feelings import warm_words
from actions.follow_up import answer_follow_up
from actions.knowledge import age_band, care_stage, knowledge_base, known_place, place_name
from actions.language import WELSH, language_of, response_text, response_variant
from actions.letters import KIND_OF_TOPIC
from kb import NATIONS, Entry, load_places
from payload import button_payload


def entry_metadata(entry: Entry, tracker: Tracker) -> dict[str, Any]:
    """The `custom` payload of an answer: entry metadata plus coarse context for analytics."""
    return dataclasses.replace(entry.metadata(), council=known_place(tracker.get_slot("council")),
                               age_band=age_band(tracker.get_slot("age"))).to_dict()


def _steps_text(entry: Entry) -> str:
    lines = [f"• {step}" for step in entry.next_steps]
    for contact in entry.contacts:
        reach = ", ".join(x for x in (contact.phone, contact.text, contact.url) if x)
        hours = f" ({contact.hours})" if contact.hours else ""
        lines.append(f"• {contact.name}: {reach}{hours}" if reach else f"• {contact.name}{hours}")
    return "\n".join(lines)


def letter_buttons(topic: str, domain: dict[str, Any] | None,
                   language: str = "en") -> list[dict[str, str]]:
    """"Help me write to them" after an answer on complaints or records."""
    kind = KIND_OF_TOPIC.get(topic)
    if not kind or not domain:
        return []
    title = response_text(domain, "utter_letter_offer", language)
    return [{"title": title, "payload": '/write_letter{"letter_kind": "%s"}' % kind}]


def promise_buttons(entry: Entry | None, domain: dict[str, Any] | None,
                    language: str = "en") -> list[dict[str, str]]:
    """"What has Cambridgeshire promised?": the local promise offered, not appended."""
    if entry is None or not domain:
        return []
    # Wales is a nation whose promise is the Commissioner's; a council's is the council's own.
    response = "utter_promise_button_commissioner" if entry.jurisdiction in NATIONS \
        else "utter_promise_button_council"
    title = response_text(domain, response, language).format(
        place=place_name(entry.jurisdiction, language))
    return [{"title": title, "payload": "/open_kb_entry" + json.dumps({"kb_entry": entry.id})}]


def _steps_part(entry: Entry, domain: dict[str, Any] | None, language: str) -> str:
    """The entry's "What you can do next" (domain.yml wording), to end the same bubble; or ""."""
    steps = _steps_text(entry)
    if not steps or not domain:
        return ""
    # why one line break: Rasa's REST channel splits a text at blank lines into separate
    # messages (and the metadata would go with none of them).
    return "\n" + response_text(domain, "utter_next_steps", language).format(steps=steps)


def utter_entry(dispatcher: CollectingDispatcher, entry: Entry, tracker: Tracker,
                domain: dict[str, Any] | None = None,
                buttons: list[dict[str, str]] | None = None, warmth: str = "") -> None:
    """Say an entry in one message: its plain answer, then what you can do next.

    While we don't know where the young person lives, one nation's law is said to be that
    nation's ("In England: ..."), never as if it applied in both. The source line and
    "Was this helpful?" follow the message (from its metadata), so they come last.
    """
    language = language_of(tracker)
    entry = entry.in_language(language)
    unlabelled = known_place(tracker.get_slot("council")) or entry.jurisdiction not in NATIONS
    dispatcher.utter_message(response="utter_answer" if unlabelled else "utter_answer_in_nation",
                             answer=entry.answer, warmth=warmth,
                             steps=_steps_part(entry, domain, language),
                             nation=place_name(entry.jurisdiction, language)
                             if entry.jurisdiction in NATIONS else "",
                             buttons=[*letter_buttons(entry.topic, domain, language),
                                      *(buttons or [])],
                             json_message=entry_metadata(entry, tracker))


def _quoted(entry: Entry) -> str:
    # Some seed lines are cut off at the start; an ellipsis says the quote is partial.
    quote = entry.quote or entry.answer
    return f"…{quote}" if quote[:1].islower() else quote


def utter_promise(dispatcher: CollectingDispatcher, entry: Entry, tracker: Tracker,
                  domain: dict[str, Any] | None = None) -> None:
    """Quote a local promise with its source, beside what it means in plain words."""
    response = "utter_local_promise_explained" if entry.quote else "utter_local_promise"
    language = language_of(tracker)
    entry = entry.in_language(language)
    dispatcher.utter_message(response=response, summary=entry.answer,
                             source=entry.source.label(), quote=_quoted(entry),
                             steps=_steps_part(entry, domain, language),
                             json_message=entry_metadata(entry, tracker))


class ActionAnswerQuestion(Action):
    """Answers ask_<topic>, follow-ups, a chosen promise, or a change of place."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """Pick the entries for the topic and place, and say them."""
        kb = knowledge_base()
        intent = tracker.get_intent_of_latest_message() or ""
        place = known_place(tracker.get_slot("council"))
        council = place if place != "england" else None  # England alone has no council promise
        if place is None and language_of(tracker) == WELSH:
            # Someone writing in Welsh most likely lives in Wales: Wales's law (said to be
            # Wales's, "Ar gyfer Cymru:") until they tell us where they live.
            council = "wales"
        events: list[EventType] = [SlotSet("fallback_count", 0)]

        if intent == "open_kb_entry":
            entry = kb.by_id.get(next(tracker.get_latest_entity_values("kb_entry"), ""))
            if entry is None:
                dispatcher.utter_message(response="utter_follow_up_no_topic")
                return events
            (utter_promise if entry.is_promise else utter_entry)(dispatcher, entry, tracker,
                                                                 domain)
            return [*events, SlotSet("topic", entry.topic)]

        topic = intent[4:] if intent.startswith("ask_") else tracker.get_slot("topic")

        if intent == "inform_location":
            if place is None:
                dispatcher.utter_message(response="utter_ask_council")
                return events
            events.append(SlotSet("council_asked", True))
            national = _law_that_changed(kb, tracker, topic=topic, council=council, place=place)
            local = kb.answer(topic=topic, council=council) if topic and council else None
            offer = promise_buttons(local.local if local else None, domain,
                                    language_of(tracker)) \
                or _stage_buttons(tracker, domain, asked_topic=bool(topic))
            dispatcher.utter_message(
                response="utter_council_set_rules_differ" if national else "utter_council_set",
                place=place_name(place, language_of(tracker)),
                buttons=[] if national else offer)
            if national:
                utter_entry(dispatcher, national, tracker, domain, buttons=offer)
                events.append(SlotSet("answer_nation", national.jurisdiction))
            if topic and council and not offer:
                dispatcher.utter_message(response="utter_no_local_promise")
            return events

        if not topic:
            dispatcher.utter_message(response="utter_follow_up_no_topic")
            return events

        answer = kb.answer(topic=topic, council=council,
                           text=tracker.latest_message.get("text") or "",
                           stage=tracker.get_slot("care_stage")
                           or care_stage(tracker.get_slot("age")))
        if intent == "follow_up":
            entry = answer.national if answer else None
            answer_follow_up(dispatcher, tracker, topic=topic, entry=entry,
                             steps=_steps_text(entry) if entry else "")
            return [*events, SlotSet("topic", topic)]
        if answer is None:
            dispatcher.utter_message(response="utter_topic_silent")
            return [*events, SlotSet("topic", topic)]
        if answer.national:
            # One answer, one "Was this helpful?": the local promise is a button under it.
            utter_entry(dispatcher, answer.national, tracker, domain,
                        buttons=promise_buttons(answer.local, domain, language_of(tracker)),
                        warmth=warm_words(tracker.latest_message.get("text") or "", domain,
                                          language_of(tracker)))
            events.append(SlotSet("answer_nation", answer.national.jurisdiction))
        elif answer.local:
            utter_promise(dispatcher, answer.local, tracker, domain)
        else:
            dispatcher.utter_message(response="utter_topic_silent")
        if place is None and not tracker.get_slot("council_asked"):
            dispatcher.utter_message(response="utter_ask_council")
            events.append(SlotSet("council_asked", True))
        return [*events, SlotSet("topic", topic)]


def _stage_buttons(tracker: Tracker, domain: dict[str, Any] | None, *,
                   asked_topic: bool) -> list[dict[str, str]]:
    """"I'm in care" / "I've left care" (the start screen's), when a place came first."""
    if asked_topic or tracker.get_slot("care_stage") or not domain:
        return []
    return [{**b, "payload": button_payload(b["payload"])}
            for b in response_variant(domain, "utter_about_you",
                                      language_of(tracker)).get("buttons", [])
            if b["payload"].startswith("/inform_stage")]


def _law_that_changed(kb, tracker: Tracker, *, topic: str | None, council: str | None,
                      place: str) -> Entry | None:
    """The new nation's law on the topic, when the answer already given was another nation's."""
    shown = tracker.get_slot("answer_nation")
    nation = load_places().nation_of(place)
    if not topic or not shown or shown == nation or shown not in NATIONS:
        return None
    answer = kb.answer(topic=topic, council=council)
    national = answer.national if answer else None
    return national if national and national.jurisdiction == nation else None
