"""Harm told of as past and over (data/safeguarding/resolved.yml)."""

from __future__ import annotations

import pytest

from bot.safeguarding import LexiconError
from bot.safeguarding.resolved import ResolvedPast
from bot.settings import ROOT

LEXICON = ROOT / "data" / "safeguarding" / "lexicon.yml"
RESOLVED = ROOT / "data" / "safeguarding" / "resolved.yml"


@pytest.fixture(scope="module")
def resolved() -> ResolvedPast:
    return ResolvedPast.from_files(RESOLVED, LEXICON)  # its own examples are checked as it loads


@pytest.mark.parametrize("text", [
    "i was homeless for a bit last year but the council found me a flat",
    "I used to self-harm but I'm fine now, can I volunteer?",
    "years ago i got caught up in county lines but i got out",
])
def test_past_and_over(resolved, text):
    assert resolved.tells(text)


@pytest.mark.parametrize("text", [
    "i used to cut but ive started again this week",
    "when i was 10 he hit me and he still does",
    "i was homeless last year and im scared it will happen",
    "i am safe now",  # nothing past
    "years ago my dad hit me",  # nothing over
    "", None, b"\xff\xfe", "<script>alert(1)</script>",
])
def test_anything_now_or_not_both_keeps_the_card(resolved, text):
    assert not resolved.tells(text)


def test_the_risk_training_data_is_never_read_as_past_and_over(resolved):
    import yaml

    for path in sorted((ROOT / "data" / "safeguarding" / "training").glob("risk*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        told = [t for texts in data.values() for t in texts if resolved.tells(t)]
        assert not told, f"{path.name}: {told}"


def test_a_bad_file_names_its_problem(tmp_path):
    bad = tmp_path / "resolved.yml"
    bad.write_text("past: ['(unclosed']\nover: ['x']\nstill: ['y']\n")
    with pytest.raises(LexiconError, match="invalid regex"):
        ResolvedPast.from_files(bad, LEXICON)
    bad.write_text("past: ['years ago']\nover: ['im fine now']\nstill: ['again']\n"
                   "examples:\n  resolved: ['i want to die']\n")
    with pytest.raises(LexiconError, match="reads otherwise"):
        ResolvedPast.from_files(bad, LEXICON)
    bad.write_text("past: ['x']\n")
    with pytest.raises(LexiconError, match="needs lists"):
        ResolvedPast.from_files(bad, LEXICON)
