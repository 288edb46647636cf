"""Welsh text in the knowledge base, and the record of which Welsh strings a speaker reviewed."""

from __future__ import annotations

import re

import pytest

from kb import load_knowledge_base
from kb.welsh import WelshString, all_welsh_strings, load_reviews, report, unreviewed
from tests.conftest import ROOT

KB = load_knowledge_base(ROOT / "data" / "knowledge")
NUMBER = re.compile(r"\d[\d ,.:]*\d|\d")
WELSH_ENTRIES = [e for e in KB.entries if e.jurisdiction in ("wales", "uk")]


@pytest.mark.parametrize("entry", WELSH_ENTRIES, ids=lambda e: e.id)
def test_every_wales_and_uk_wide_entry_has_welsh_that_keeps_its_facts(entry):
    assert entry.cy is not None, "Wales and UK-wide entries carry Welsh text"
    english = " ".join([entry.answer, *entry.next_steps])
    welsh = " ".join([entry.cy.answer, *entry.cy.next_steps])
    assert {n.strip(" ,.:") for n in NUMBER.findall(english)} <= \
        {n.strip(" ,.:") for n in NUMBER.findall(welsh)}
    assert len(entry.cy.answer.split()) <= 70  # short, as the English (<= 60 words)
    assert len(entry.cy.next_steps) in (0, len(entry.next_steps))


def test_an_entry_in_welsh_keeps_its_quote_and_source_in_the_sources_english():
    entry = next(e for e in WELSH_ENTRIES if e.quote and e.cy)
    welsh = entry.in_language("cy")
    assert welsh.answer == entry.cy.answer and welsh.title == entry.cy.title
    assert welsh.quote == entry.quote and welsh.source == entry.source
    assert entry.in_language("en") is entry


def test_reviews_are_tied_to_the_exact_text(tmp_path):
    strings = [WelshString("domain:utter_greet#1", "Helo!"), WelshString("kb:x/title", "Teitl")]
    reviews = tmp_path / "reviews.yml"
    reviews.write_text("reviews:\n  - where: domain:utter_greet#1\n"
                       f"    fingerprint: {strings[0].fingerprint}\n"
                       "  - where: kb:x/title\n    fingerprint: 000000000000\n")
    # The second was reviewed when its text was different: it is listed again.
    assert unreviewed(strings, load_reviews(reviews)) == [strings[1]]


def test_the_report_counts_every_welsh_string():
    strings = all_welsh_strings(ROOT)
    kinds = {s.where.split(":")[0] for s in strings}
    assert {"domain", "kb", "console"} <= kinds
    assert len(strings) > 300
    assert report(ROOT).startswith(f"Welsh strings: {len(strings)}; ")
