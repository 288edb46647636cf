"""Welsh in Rasa: the `language` slot, domain.yml's Welsh variations, Welsh knowledge-base text."""

from __future__ import annotations

import re

import pytest
import yaml

from actions.answer import ActionAnswerQuestion
from actions.language import response_text
from actions.safeguarding import ActionSafeguardingResponse
from kb import load_knowledge_base
from tests.actions.conftest import ROOT

PLACEHOLDER = re.compile(r"\{(\w+)\}")
NUMBER = re.compile(r"\d[\d ]*\d|\d")


def _split(variants: list[dict]) -> tuple[list[dict], list[dict]]:
    def welsh(v: dict) -> bool:
        return any(c.get("name") == "language" and c.get("value") == "cy"
                   for c in v.get("condition") or [])
    return [v for v in variants if not welsh(v)], [v for v in variants if welsh(v)]


RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_a_welsh_variation_that_keeps_what_must_not_change(name):
    english, welsh = _split(RESPONSES[name])
    assert len(welsh) == len(english), f"{name}: one Welsh variation per English one"
    for en, cy in zip(english, welsh):
        assert set(PLACEHOLDER.findall(cy.get("text", ""))) == \
            set(PLACEHOLDER.findall(en.get("text", "")))
        assert [b["payload"] for b in cy.get("buttons") or []] == \
            [b["payload"] for b in en.get("buttons") or []]
        # Every number the English gives (phones, ages, days) is in the Welsh too.
        cy_numbers = set(NUMBER.findall(cy.get("text", "")))
        assert set(NUMBER.findall(en.get("text", ""))) <= cy_numbers
        en_conditions = [c for c in en.get("condition") or [] if c["name"] != "language"]
        cy_conditions = [c for c in cy.get("condition") or [] if c["name"] != "language"]
        assert [c for c in cy_conditions if c.get("value") is not None] == en_conditions


async def test_a_welsh_question_gets_wales_law_in_welsh(tracker_for, dispatcher, domain):
    tracker = tracker_for(intent="ask_complaints", text="sut dw i'n cwyno",
                          slots={"language": "cy"})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    answer = dispatcher.messages[0]
    entry = load_knowledge_base(ROOT / "data" / "knowledge").by_id[
        answer["custom"]["kb_entry"]]
    assert entry.jurisdiction == "wales" and entry.cy is not None
    assert answer["answer"] == entry.cy.answer
    assert answer["response"] == "utter_answer_in_nation" and answer["nation"] == "Cymru"
    assert entry.cy.next_steps[0] in answer["steps"]
    assert response_text(domain, "utter_next_steps", "cy").split("{")[0] in answer["steps"]
    # The Commissioner's promise is offered in Welsh too.
    titles = [b["title"] for b in answer["buttons"]]
    assert response_text(domain, "utter_promise_button_commissioner", "cy").format(
        place="Cymru") in titles


async def test_the_urgent_card_in_welsh_names_meic(tracker_for, dispatcher, domain):
    tracker = tracker_for(intent="disclose_risk", slots={"language": "cy"},
                          metadata={"safeguarding": {"category": "suicide_self_harm",
                                                     "level": "immediate"}})
    await ActionSafeguardingResponse().run(dispatcher, tracker, domain)
    card = dispatcher.messages[0]["custom"]["urgent_help"]
    assert any(item.get("phone") == "080 880 23456" for item in card)
    assert any(item.get("phone") == "0800 1111" for item in card)
