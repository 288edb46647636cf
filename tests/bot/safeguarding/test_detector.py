"""The detector: findings carry no message text, levels follow the category, bad input is safe."""

from __future__ import annotations

import time

import pytest

from bot.safeguarding import RiskFinding
from tests.support.safeguarding_eval import RISK_SETS, load_risk

IMMEDIATE = {"suicide_self_harm", "immediate_danger"}


def test_findings_never_carry_the_message(detector):
    messages = [t for name in RISK_SETS for t, _ in load_risk(name)]
    for text in messages:
        findings = detector.assess_all(text)
        assert findings
        for f in findings:
            assert isinstance(f, RiskFinding)
            assert set(vars(f)) == {"category", "level", "pattern_id"}
            assert f.pattern_id in detector.pattern_ids
            blob = repr(f) + str(f) + " ".join(vars(f).values())
            assert text not in blob and text.lower() not in blob.lower()
            assert detector.normalise(text) not in blob


def test_levels(detector):
    seen = set()
    for name in RISK_SETS:
        for text, _ in load_risk(name):
            for f in detector.assess_all(text):
                seen.add(f.category)
                expected = "immediate" if f.category in IMMEDIATE else "high"
                assert f.level == expected, (f, text)
    assert IMMEDIATE <= seen
    top = detector.assess("i want to kill myself")
    assert top is not None and top.category == "suicide_self_harm" and top.level == "immediate"
    top = detector.assess("hes outside my door with a knife")
    assert top is not None and top.level == "immediate"


_CHAT = "hi can u help me with my pathway plan lol my sw never replies and im bored of waiting "
BAD_INPUTS = {
    "empty": "",
    "spaces": "   \n\t  ",
    "none": None,
    "bytes": b"i want to kill myself",
    "bad bytes": b"\xff\xfe\x00\x81 hello \xc3\x28",
    "int": 12345,
    "100k chat": (_CHAT * (100_000 // len(_CHAT) + 1))[:100_000],
    "100k letter": "a" * 100_000,
    "100k one-letter words": "i " * 50_000,
    "binary-ish": bytes(range(256)) * 400,
    "binary-ish str": "".join(chr(c) for c in range(0, 0x3000, 7)) * 8,
    "html script": "<script>alert('x')</script><img src=x onerror=alert(1)>" * 500,
    "unclosed tags": "<" * 50_000 + "i want to die" + ">" * 50_000,
    "emoji": "\U0001f480\U0001f602\U0001f52a" * 10_000,
}


@pytest.mark.parametrize("label", list(BAD_INPUTS))
def test_bad_input_never_raises_and_is_fast(detector, label):
    text = BAD_INPUTS[label]
    # Not a speed test (make bench measures speed): a bound ten times what a slow machine takes,
    # so only runaway matching (catastrophic backtracking, combinations) turns this red. This
    # thread's CPU time: a busy machine, or the semantic model's threads, do not count.
    started = time.thread_time()
    findings = detector.assess_all(text)
    top = detector.assess(text)
    elapsed = time.thread_time() - started
    assert isinstance(findings, list)
    assert top is None or isinstance(top, RiskFinding)
    assert elapsed / 2 < 10.0, f"{label}: {elapsed / 2:.2f}s per call"
