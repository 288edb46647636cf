"""action_answer_question: the law first, then the local promise, with metadata."""

from __future__ import annotations

import json

import pytest
from rasa_sdk.events import SlotSet

from actions.answer import ActionAnswerQuestion


def customs(dispatcher):
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


def promise_button(dispatcher) -> dict:
    [button] = [b for m in dispatcher.messages for b in m.get("buttons") or ()
                if b["payload"].startswith("/open_kb_entry")]
    return button


async def test_headline_health_history_in_cambridgeshire(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="ask_health", text="can i see my health history",
                          slots={"council": "cambridgeshire"})
    events = await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    # One answer, so one "Was this helpful?": only the answer carries the topic metadata.
    [meta] = customs(dispatcher)
    assert meta["topic"] == "health" and meta["sources"]
    assert meta["council"] == "cambridgeshire"
    # The council's promise is offered by a button under the answer, not appended.
    button = promise_button(dispatcher)
    assert button["title"] == "What has Cambridgeshire promised?"
    assert dispatcher.messages[-1]["buttons"][-1] == button
    assert SlotSet("topic", "health") in events

    entry_id = json.loads(button["payload"].removeprefix("/open_kb_entry"))["kb_entry"]
    dispatcher.messages.clear()
    tracker = tracker_for(intent="open_kb_entry", slots={"council": "cambridgeshire"},
                          entities=[{"entity": "kb_entry", "value": entry_id}])
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    promise = dispatcher.messages[0]
    assert promise["response"] == "utter_local_promise_explained"
    assert "health history" in promise["quote"] and promise["summary"]
    assert customs(dispatcher)[0]["jurisdiction"] == "cambridgeshire"


async def test_wales_offers_the_commissioners_promise(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="ask_advocacy", text="how do i get an advocate",
                          slots={"council": "wales"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert promise_button(dispatcher)["title"] == "What has the Commissioner for Wales promised?"
    assert len(customs(dispatcher)) == 1


async def test_without_a_place_answers_first_then_asks_once(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="ask_advocacy", text="how do i get an advocate")
    events = await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    # Not yet knowing the nation, England's law is said to be England's.
    assert responses[0] == "utter_answer_in_nation"
    assert dispatcher.messages[0]["nation"] == "England"
    assert responses[-1] == "utter_ask_council"
    assert SlotSet("answer_nation", "england") in events
    assert SlotSet("council_asked", True) in events

    dispatcher.messages.clear()
    tracker = tracker_for(intent="ask_complaints", text="how do i complain",
                          slots={"council_asked": True})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert "utter_ask_council" not in [m.get("response") for m in dispatcher.messages]


async def test_wales_and_cambridgeshire_differ_on_advocacy(dispatcher, domain, tracker_for):
    seen = {}
    for place in ("wales", "cambridgeshire"):
        dispatcher.messages.clear()
        tracker = tracker_for(intent="ask_advocacy", text="how do i get an advocate",
                              slots={"council": place})
        await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        seen[place] = [m["kb_entry"] for m in customs(dispatcher)]
        assert all(m["topic"] == "advocacy" for m in customs(dispatcher))
    assert seen["wales"] != seen["cambridgeshire"]


async def test_follow_up_stays_on_topic(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="follow_up", text="what if they say no",
                          slots={"topic": "complaints"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert customs(dispatcher)[0]["topic"] == "complaints"


@pytest.mark.parametrize("text", ["what if they say no", "wot if they wont", "they said no",
                                  "what if they refuse", "they turned me down"])
async def test_being_refused_gets_what_to_do_next_not_the_answer_again(dispatcher, domain,
                                                                        tracker_for, text):
    tracker = tracker_for(intent="follow_up", text=text, slots={"topic": "family_contact"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_if_refused"
    assert customs(dispatcher)[0]["topic"] == "family_contact"


@pytest.mark.parametrize("text", ["how", "and then?", "what happens next", "is that it"])
async def test_other_follow_ups_get_the_next_steps_not_the_answer_again(dispatcher, domain,
                                                                         tracker_for, text):
    tracker = tracker_for(intent="follow_up", text=text, slots={"topic": "complaints"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_next_steps"]


async def test_a_refused_complaint_goes_to_the_next_stage(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="follow_up", text="they said no to my complaint",
                          slots={"topic": "complaints"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_if_refused_complaint"


async def test_follow_up_without_topic_is_not_a_dead_end(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="follow_up", text="what if they say no")
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_follow_up_no_topic"


async def test_saying_where_you_live_offers_the_local_promise(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="inform_location", text="im in cambs",
                          slots={"council": "cambridgeshire", "topic": "advocacy"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses == ["utter_council_set"]
    assert promise_button(dispatcher)["title"] == "What has Cambridgeshire promised?"


async def test_saying_where_you_live_without_a_promise_says_so(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="inform_location", text="somewhere else in england",
                          slots={"council": "england", "topic": "advocacy"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_council_set"]


async def test_open_a_promise_by_id(dispatcher, domain, tracker_for):
    from actions.knowledge import knowledge_base

    entry = knowledge_base().promises_of("dorset")[0]
    tracker = tracker_for(intent="open_kb_entry",
                          entities=[{"entity": "kb_entry", "value": entry.id}])
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert customs(dispatcher)[0]["kb_entry"] == entry.id


async def test_a_change_of_place_says_what_changes(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="inform_location", text="wales",
                          entities=[{"entity": "council", "value": "wales"}],
                          slots={"council": "wales", "topic": "complaints",
                                 "answer_nation": "england"})
    events = await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[:2] == ["utter_council_set_rules_differ", "utter_answer"]
    assert "What you can do next" in dispatcher.messages[1]["steps"]  # the same bubble
    assert customs(dispatcher)[0]["kb_entry"] == "complaints-wales-how-to-complain"
    assert "2 working days" in dispatcher.messages[1]["answer"]
    assert SlotSet("answer_nation", "wales") in events
    assert len(dispatcher.messages) <= 4


async def test_the_same_nation_again_is_not_repeated(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="inform_location", text="dorset",
                          slots={"council": "dorset", "topic": "complaints",
                                 "answer_nation": "england"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[0] == "utter_council_set" and "utter_answer" not in responses


TOPICS = ["health", "records", "advocacy", "complaints", "social_worker", "family_contact",
          "placement", "care_plan", "education", "leaving_care", "life_story", "rights",
          "have_a_say", "corporate_parent"]


@pytest.mark.parametrize("topic", TOPICS)
async def test_wales_never_gets_an_england_rule_or_citation(dispatcher, domain, tracker_for,
                                                             topic):
    tracker = tracker_for(intent=f"ask_{topic}", text="", slots={"council": "wales"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    for meta in customs(dispatcher):
        assert meta.get("jurisdiction") in ("wales", "uk", None), meta
        assert not any("England" in s or "26A" in s for s in meta.get("sources", ())), meta


@pytest.mark.parametrize("text, first_line", [
    ("I miss my brother. can I see him?", "Missing someone is really hard."),
    ("im so angry they wont let me see my sister", "It makes sense to feel angry"),
])
async def test_a_question_with_feelings_gets_a_kind_first_line(dispatcher, domain, tracker_for,
                                                               text, first_line):
    tracker = tracker_for(intent="ask_family_contact", text=text, slots={"council": "dorset"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["warmth"].startswith(first_line)


@pytest.mark.parametrize("text", ["what if i miss my review", "can i see my sister"])
async def test_a_plain_question_gets_no_feelings_line(dispatcher, domain, tracker_for, text):
    tracker = tracker_for(intent="ask_family_contact", text=text, slots={"council": "dorset"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["warmth"] == ""


@pytest.mark.parametrize("age, entry", [("14", "health-england-health-history-in-care"),
                                        ("19", "health-england-health-history-summary"),
                                        (None, "health-england-health-history-summary")])
async def test_health_history_is_framed_for_the_askers_stage(dispatcher, domain, tracker_for,
                                                             age, entry):
    tracker = tracker_for(intent="ask_health", text="can i see my health history",
                          slots={"council": "dorset", "age": age})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert customs(dispatcher)[0]["kb_entry"] == entry


@pytest.mark.parametrize("text, entry", [
    ("do i still get help after 18", "leaving_care-england-overview"),
    ("whats a personal adviser", "leaving_care-england-personal-adviser"),
])
async def test_leaving_care_questions_get_the_right_entry(dispatcher, domain, tracker_for,
                                                          text, entry):
    tracker = tracker_for(intent="ask_leaving_care", text=text, slots={"council": "england"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert customs(dispatcher)[0]["kb_entry"] == entry
    if entry.endswith("overview"):
        said = dispatcher.messages[0]["answer"]
        assert "Personal Adviser" in said and "local offer" in said and "21" in said


async def test_a_place_chosen_first_is_followed_by_the_stage_question(dispatcher, domain,
                                                                      tracker_for):
    tracker = tracker_for(intent="inform_location", text="wales", slots={"council": "wales"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert [b["payload"] for b in message["buttons"]] == [
        '/inform_stage{"care_stage": "in_care"}', '/inform_stage{"care_stage": "left_care"}']
    dispatcher.messages.clear()
    tracker = tracker_for(intent="inform_location", text="wales",
                          slots={"council": "wales", "care_stage": "left_care"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert not dispatcher.messages[0].get("buttons")
