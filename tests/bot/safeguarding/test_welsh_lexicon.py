"""The Welsh lexicon (data/safeguarding/lexicon.cy.yml), read beside the English one."""

from __future__ import annotations

import pytest

from bot.safeguarding import CATEGORIES, CombinedDetector, RiskDetector
from tests.conftest import ROOT

WELSH = ROOT / "data" / "safeguarding" / "lexicon.cy.yml"
ENGLISH = ROOT / "data" / "safeguarding" / "lexicon.yml"


@pytest.fixture(scope="module")
def both() -> CombinedDetector:
    return CombinedDetector.from_files(ENGLISH, WELSH)


def test_every_pattern_catches_its_examples_and_every_category_is_covered():
    welsh = RiskDetector.from_file(WELSH)
    assert welsh.self_check() == []
    covered = {welsh.assess(ex).category for ex in (
        "dw i eisiau marw", "mae fy ngofalwr yn fy nharo i", "mae o'n gwneud i fi anfon lluniau",
        "dw i'n gorfod cario pecynnau iddyn nhw", "dw i ofn mynd adref",
        "does gen i unman i gysgu heno")}
    assert covered == set(CATEGORIES)


@pytest.mark.parametrize("text", [
    "dw i'n mynd i ladd fy hun", "dwi isio marw pls", "mae o'n fy nharo i",
    "i want to kill myself",  # English still caught when both read
    "dw i isio kill myself",  # and a mix
])
def test_both_lexicons_read_every_message(both, text):
    assert both.assess(text) is not None


@pytest.mark.parametrize("text", [
    "mae'r gwaith cartref yn fy lladd i", "nes i bron â lladd fy hun yn chwerthin",
    "ges i fy nghicio allan o'r tîm", "Sut ydw i'n cwyno?", "dw i'n byw yng Nghaerdydd",
    "mae fy ffôn wedi marw",
])
def test_figures_of_speech_and_questions_bring_no_card(both, text):
    assert both.assess(text) is None


def test_the_most_serious_finding_comes_first(both):
    findings = both.assess_all("dw i eisiau marw a does gen i unman i gysgu")
    assert findings[0].category == "suicide_self_harm"
    assert {f.category for f in findings} >= {"suicide_self_harm", "homelessness_running_away"}
