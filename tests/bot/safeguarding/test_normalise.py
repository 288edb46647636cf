"""Normalising: the lexicon's vocabulary reaches the normaliser; HTML and bytes are read as text."""

from __future__ import annotations

import copy

from bot.safeguarding import RiskDetector


def test_normaliser_vocabulary_comes_from_the_lexicon(lexicon_data, detector):
    assert detector.normalise("im dead \U0001f480") == "i am dead lol"
    assert detector.normalise("hes got a \U0001f52a") == "he is got a knife"
    assert detector.normalise("i want 2 die") == "i want to die"
    assert detector.normalise("i need 2 go") == "i ned to go"
    data = copy.deepcopy(lexicon_data)
    del data["emoji"], data["two_means_to_after"]
    bare = RiskDetector.from_dict(data)
    assert bare.normalise("im dead \U0001f480") == "i am dead"
    assert bare.normalise("i want 2 die") == "i want 2 die"


def test_html_does_not_hide_a_disclosure(detector):
    assert detector.assess("<p>i <b>want</b> to <i>kill</i> myself</p>") is not None
    assert detector.assess("<script>i want to kill myself</script>") is not None
    assert detector.assess("<script>alert('hello')</script>") is None


def test_bytes_are_read_as_text(detector):
    finding = detector.assess(b"i want to kill myself")
    assert finding is not None and finding.category == "suicide_self_harm"
