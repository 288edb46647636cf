"""The letter form and drafting, with real trackers and the real Domain."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.letter_form import ActionAskLetterAbout, ValidateLetterForm
from actions.letters import ActionDraftLetter, ActionStartLetter
from tests.actions.conftest import make_tracker

FORM = ValidateLetterForm()


def slots_of(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setenv("LETTERS_TODAY", "2026-12-18")


async def test_start_takes_kind_from_the_topic_and_place_from_the_council(dispatcher, domain):
    tracker = make_tracker(intent="write_letter", text="can u help me write to them",
                           slots={"topic": "records", "council": "wales"})
    slots = slots_of(await ActionStartLetter().run(dispatcher, tracker, domain))
    assert slots["letter_kind"] == "subject_access"
    assert slots["letter_place"] == "wales"
    assert slots["letter_stage"] == "1"
    assert slots["letter_want"] is None  # a second letter starts afresh


async def test_start_takes_kind_and_stage_from_the_button(dispatcher, domain):
    tracker = make_tracker(intent="write_letter", entities=[
        {"entity": "letter_kind", "value": "complaint"}, {"entity": "letter_stage", "value": "2"}])
    slots = slots_of(await ActionStartLetter().run(dispatcher, tracker, domain))
    assert (slots["letter_kind"], slots["letter_stage"], slots["letter_place"]) == (
        "complaint", "2", None)


@pytest.mark.parametrize(("text", "kind"), [
    ("Make a complaint", "complaint"), ("i want to complain", "complaint"),
    ("Ask for my records", "subject_access"), ("my file", "subject_access"), ("fjfjfj", None)])
def test_kind_is_read_from_buttons_and_words(dispatcher, domain, text, kind):
    tracker = make_tracker(intent="chitchat", text=text)
    assert FORM.validate_letter_kind(text, dispatcher, tracker, domain) == {"letter_kind": kind}


@pytest.mark.parametrize(("text", "place"), [
    ("Somewhere else in England", "england"), ("Wales", "wales"), ("i live in cymru", "wales"),
    ("Cambridgeshire", "cambridgeshire"), ("dunno", None)])
def test_place_is_read_and_remembered_for_the_conversation(dispatcher, domain, text, place):
    result = FORM.validate_letter_place(text, dispatcher, make_tracker(intent="x", text=text),
                                        domain)
    assert result["letter_place"] == place
    assert result.get("council") == place


def test_about_takes_a_button_or_their_own_words(dispatcher, domain):
    tracker = make_tracker(intent="x", slots={"letter_kind": "complaint"})
    assert FORM.validate_letter_about("Seeing my family", dispatcher, tracker, domain) == {
        "letter_about": "family_contact", "letter_own_words": None}
    own = FORM.validate_letter_about("they moved me without telling me", dispatcher, tracker,
                                     domain)
    assert own == {"letter_about": "own_words",
                   "letter_own_words": "they moved me without telling me"}
    assert FORM.validate_letter_about("😂", dispatcher, tracker, domain) == {"letter_about": None}


def test_records_are_read_from_buttons_or_words(dispatcher, domain):
    tracker = make_tracker(intent="x", slots={"letter_kind": "subject_access"})
    read = lambda text: FORM.validate_letter_about(text, dispatcher, tracker, domain)  # noqa: E731
    assert read("My health history") == {"letter_about": "health"}
    assert read("my medical stuff") == {"letter_about": "health"}
    assert read("everything you have") == {"letter_about": "both"}


@pytest.mark.parametrize(("text", "intent", "answer"), [
    ("Yes", "affirm", "yes"), ("yeah", "chitchat", "yes"), ("No", "deny", "no"),
    ("nah", "out_of_scope", "no"), ("what", "chitchat", None)])
def test_advocate_yes_or_no(dispatcher, domain, text, intent, answer):
    tracker = make_tracker(intent=intent, text=text)
    assert FORM.validate_letter_advocate(text, dispatcher, tracker, domain) == {
        "letter_advocate": answer}


async def test_records_request_skips_what_do_you_want(dispatcher, domain):
    slots = ["letter_kind", "letter_place", "letter_about", "letter_want", "letter_advocate"]
    records = make_tracker(intent="x", slots={"letter_kind": "subject_access"})
    assert "letter_want" not in await FORM.required_slots(slots, dispatcher, records, domain)
    complaint = make_tracker(intent="x", slots={"letter_kind": "complaint"})
    assert "letter_want" in await FORM.required_slots(slots, dispatcher, complaint, domain)


async def test_ask_about_offers_the_buttons_for_the_kind_and_cancel(dispatcher, domain):
    tracker = make_tracker(intent="x", slots={"letter_kind": "subject_access"})
    await ActionAskLetterAbout().run(dispatcher, tracker, domain)
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == ["My social care file", "My health history", "Both", "Cancel"]
    assert dispatcher.messages[0]["buttons"][-1]["payload"] == "/cancel"


async def test_draft_complaint_in_wales(
        dispatcher, domain, fixed_today):
    tracker = make_tracker(intent="affirm", slots={
        "letter_kind": "complaint", "letter_stage": "1", "letter_place": "wales",
        "letter_about": "family_contact", "letter_want": "an apology", "letter_advocate": "yes"})
    events = await ActionDraftLetter().run(dispatcher, tracker, domain)
    letter = dispatcher.messages[0]["custom"]["letter"]
    assert letter["kind"] == "complaint" and letter["stage"] == 1
    assert letter["jurisdiction"] == "wales" and letter["council"] == "wales"
    assert letter["reply_by"] == "2026-12-22"
    assert "Social Services and Well-being (Wales) Act 2014, section 178" in letter["text"]
    # The Commissioner's promise is not the council's: it is not quoted back to the council.
    assert "Commissioner" not in letter["text"] and "promise" not in letter["text"]
    assert "26A" not in letter["text"]
    assert "22 December 2026" in dispatcher.messages[1]["dates"]
    next_buttons = [b["payload"] for b in dispatcher.messages[2]["buttons"]]
    assert '/write_letter{"letter_kind": "complaint", "letter_stage": "2"}' in next_buttons
    assert SlotSet("letter_kind", None) in events


async def test_draft_records_request_in_cambridgeshire_quotes_the_health_pledge(
        dispatcher, domain, fixed_today):
    tracker = make_tracker(intent="deny", slots={
        "letter_kind": "subject_access", "letter_place": "cambridgeshire",
        "letter_about": "health", "letter_advocate": "no"})
    await ActionDraftLetter().run(dispatcher, tracker, domain)
    letter = dispatcher.messages[0]["custom"]["letter"]
    assert letter["reply_by"] == "2027-01-18"  # one month after 18 December 2026, a Monday
    assert "your health history that we hold for you" in letter["text"]
    assert "Cambridgeshire's Pledge" in letter["text"]
    assert "stage" not in letter
    # A records request has no next stage: only the response's own buttons (a person, advocacy).
    assert dispatcher.messages[2]["buttons"] == []
    assert len(domain["responses"]["utter_letter_next"][0]["buttons"]) == 2


async def test_draft_complaint_in_cambridgeshire_quotes_its_pledge(dispatcher, domain,
                                                                   fixed_today):
    tracker = make_tracker(intent="affirm", slots={
        "letter_kind": "complaint", "letter_place": "cambridgeshire",
        "letter_about": "family_contact", "letter_want": "an apology", "letter_advocate": "yes"})
    await ActionDraftLetter().run(dispatcher, tracker, domain)
    letter = dispatcher.messages[0]["custom"]["letter"]
    pledge = ("You promised this in Cambridgeshire's Pledge — Contact: "
              "“We will help you stay in touch")
    assert pledge in letter["text"]
    assert "I don't think this promise has been kept for me." in letter["text"]
    assert "Children Act 1989, section 26A" in letter["text"]
    assert letter["reply_by"] == "2027-01-06"


async def test_stage_3_in_wales_means_the_ombudsman(dispatcher, domain, fixed_today):
    tracker = make_tracker(intent="affirm", slots={
        "letter_kind": "complaint", "letter_stage": "3", "letter_place": "wales",
        "letter_about": "placement", "letter_want": "an apology", "letter_advocate": "no"})
    await ActionDraftLetter().run(dispatcher, tracker, domain)
    letter = dispatcher.messages[0]["custom"]["letter"]
    assert letter["stage"] == "ombudsman" and letter["reply_by"] is None
    assert "Public Services Ombudsman for Wales" in letter["text"]
