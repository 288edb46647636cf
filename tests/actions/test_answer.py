"""action_answer_question: the law first, then the local promise, with metadata."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.answer import ActionAnswerQuestion


def customs(dispatcher):
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


async def test_headline_health_history_in_cambridgeshire(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="ask_health", text="can i see my health history",
                          slots={"council": "cambridgeshire"})
    events = await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    meta = customs(dispatcher)
    assert meta[0]["topic"] == "health" and meta[0]["sources"]
    assert meta[-1]["jurisdiction"] == "cambridgeshire"
    assert meta[-1]["council"] == "cambridgeshire"
    promise = [m for m in dispatcher.messages if m.get("response") == "utter_local_promise"]
    assert "health history" in promise[0]["quote"]
    assert SlotSet("topic", "health") in events


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


async def test_saying_where_you_live_shows_the_local_promise(dispatcher, domain, tracker_for):
    tracker = tracker_for(intent="inform_location", text="im in cambs",
                          slots={"council": "cambridgeshire", "topic": "advocacy"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses == ["utter_council_set", "utter_local_promise"]
    assert customs(dispatcher)[0]["jurisdiction"] == "cambridgeshire"


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
    assert responses[:3] == ["utter_council_set_rules_differ", "utter_answer", "utter_next_steps"]
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
