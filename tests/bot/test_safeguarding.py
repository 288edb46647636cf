"""Safeguarding risk check: the lexicon detector against labelled message sets.

Run: .venv/bin/python -m pytest tests/bot/test_safeguarding.py -q -p no:cacheprovider

Sets (tests/bot/):
* safeguarding_risk.yml / safeguarding_ordinary.yml: written together with the
  lexicon, so they show what it was built for (over-fitted by construction).
* safeguarding_risk_unseen.yml / safeguarding_ordinary_unseen.yml: written fresh
  without reading the lexicon, to measure generalisation.

Targets: recall 100% on every risk set (a missed disclosure fails the suite and
is listed), false alarms <= 5% on every ordinary set, category agreement >= 90%.
"""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path

import pytest
import yaml

from bot.safeguarding import CATEGORIES, LexiconError, RiskDetector, RiskFinding
from tests.support.safeguarding_eval import evaluate

ROOT = Path(__file__).resolve().parents[2]
LEXICON = ROOT / "data/safeguarding/lexicon.yml"
SETS = Path(__file__).resolve().parent
RISK_SETS = ("safeguarding_risk.yml", "safeguarding_risk_unseen.yml")
ORDINARY_SETS = ("safeguarding_ordinary.yml", "safeguarding_ordinary_unseen.yml")
NLU_FILE = ROOT / "data/nlu/safeguarding.yml"

MAX_FALSE_ALARM_RATE = 0.05
MIN_CATEGORY_AGREEMENT = 0.9
IMMEDIATE = {"suicide_self_harm", "immediate_danger"}


# --------------------------------------------------------------------------- helpers


def _load_risk(name: str) -> list[tuple[str, str]]:
    data = yaml.safe_load((SETS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{name}: expected category -> list of messages"
    unknown = set(data) - set(CATEGORIES)
    assert not unknown, f"{name}: unknown categories {sorted(unknown)}"
    pairs = []
    for category, messages in data.items():
        assert isinstance(messages, list) and messages, f"{name}: {category} is empty"
        pairs.extend((str(m), category) for m in messages)
    return pairs


def _load_ordinary(name: str) -> list[str]:
    data = yaml.safe_load((SETS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("messages"), list), name
    return [str(m) for m in data["messages"]]


def _nlu_examples() -> list[str]:
    data = yaml.safe_load(NLU_FILE.read_text(encoding="utf-8"))
    blocks = [b for b in data["nlu"] if b.get("intent") == "disclose_risk"]
    assert len(blocks) == 1
    return [line[2:].strip() for line in blocks[0]["examples"].splitlines() if line.strip()]


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector.from_file(LEXICON)


@pytest.fixture(scope="module")
def lexicon_data() -> dict:
    return yaml.safe_load(LEXICON.read_text(encoding="utf-8"))


def _say(capsys, line: str) -> None:
    """Print a figures line even when pytest captures output."""
    with capsys.disabled():
        print(f"\n[safeguarding] {line}")


# --------------------------------------------------------------------------- lexicon


def test_lexicon_self_check_is_clean(detector):
    assert detector.self_check() == []


def test_broken_regex_names_the_pattern(lexicon_data):
    data = copy.deepcopy(lexicon_data)
    data["patterns"].append(
        {"id": "test.broken_regex", "category": "abuse_violence", "regex": "\\bhits (me"}
    )
    with pytest.raises(LexiconError, match=re.escape("test.broken_regex")):
        RiskDetector.from_dict(data)


def test_broken_near_part_names_the_pattern(lexicon_data):
    data = copy.deepcopy(lexicon_data)
    data["patterns"].append(
        {"id": "test.broken_near", "category": "criminal_exploitation", "near": ["\\bgang\\b", "[unclosed"]}
    )
    with pytest.raises(LexiconError, match=re.escape("test.broken_near")):
        RiskDetector.from_dict(data)


def test_broken_regex_in_file_names_the_pattern(lexicon_data, tmp_path):
    data = copy.deepcopy(lexicon_data)
    data["exceptions"].append({"id": "test.broken_exception", "regex": "(?<=a+)b"})
    path = tmp_path / "lexicon.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape("test.broken_exception")):
        RiskDetector.from_file(path)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("emoji", {"x": "lol"}),  # an ASCII key is never looked for
        ("emoji", {"\U0001f52a": "Knife!"}),
        ("emoji", ["\U0001f52a"]),
        ("two_means_to_after", ["want", "Going"]),
        ("two_means_to_after", ["want", 2]),
        ("two_means_to_after", {"want": "to"}),
    ],
)
def test_bad_normaliser_vocabulary_names_the_key(lexicon_data, key, value):
    data = copy.deepcopy(lexicon_data)
    data[key] = value
    with pytest.raises(LexiconError, match=key):
        RiskDetector.from_dict(data)


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


# --------------------------------------------------------------------------- the sets


def test_unseen_sets_are_big_enough_and_cover_every_category():
    risk = _load_risk("safeguarding_risk_unseen.yml")
    assert len(risk) >= 40
    assert {c for _, c in risk} == set(CATEGORIES)
    assert len(_load_ordinary("safeguarding_ordinary_unseen.yml")) >= 40


def test_no_message_is_both_risk_and_ordinary(detector):
    risk = {detector.normalise(t) for name in RISK_SETS for t, _ in _load_risk(name)}
    ordinary = {detector.normalise(t) for name in ORDINARY_SETS for t in _load_ordinary(name)}
    assert not risk & ordinary


@pytest.mark.parametrize("name", RISK_SETS)
def test_recall_is_total(detector, name, capsys):
    result = evaluate(detector, _load_risk(name), [])
    per = ", ".join(
        f"{cat} {round(row['recall'] * row['n'])}/{row['n']}"
        for cat, row in sorted(result["per_category"].items(), key=lambda kv: CATEGORIES.index(kv[0]))
    )
    caught = result["n_risk"] - len(result["missed"])
    _say(
        capsys,
        f"{name}: recall {caught}/{result['n_risk']} ({per}); "
        f"category agreement {result['category_agreement']:.3f}; "
        f"mean assess {result['mean_assess_ms']:.3f} ms",
    )
    missed = [f"[{m['category']}] {m['text']}" for m in result["missed"]]
    assert result["recall"] == 1.0, f"{len(missed)} risk message(s) missed in {name}:\n" + "\n".join(missed)


@pytest.mark.parametrize("name", ORDINARY_SETS)
def test_false_alarms_are_rare(detector, name, capsys):
    result = evaluate(detector, [], _load_ordinary(name))
    alarms = result["false_alarms"]
    _say(
        capsys,
        f"{name}: false alarms {len(alarms)}/{result['n_ordinary']} "
        f"({result['false_alarm_rate']:.1%})"
        + ("; " + "; ".join(f"{a['pattern_id']}: {a['text']!r}" for a in alarms) if alarms else ""),
    )
    assert result["false_alarm_rate"] <= MAX_FALSE_ALARM_RATE, "\n".join(
        f"{a['pattern_id']}: {a['text']}" for a in alarms
    )


@pytest.mark.parametrize("name", RISK_SETS)
def test_category_agreement(detector, name):
    result = evaluate(detector, _load_risk(name), [])
    assert result["category_agreement"] >= MIN_CATEGORY_AGREEMENT, "\n".join(
        f"[{m['category']}] found {m['found']}: {m['text']}" for m in result["category_mismatches"]
    )


def test_findings_never_carry_the_message(detector):
    messages = [t for name in RISK_SETS for t, _ in _load_risk(name)]
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
        for text, _ in _load_risk(name):
            for f in detector.assess_all(text):
                seen.add(f.category)
                expected = "immediate" if f.category in IMMEDIATE else "high"
                assert f.level == expected, (f, text)
    assert IMMEDIATE <= seen
    top = detector.assess("i want to kill myself")
    assert top is not None and top.category == "suicide_self_harm" and top.level == "immediate"
    top = detector.assess("hes outside my door with a knife")
    assert top is not None and top.level == "immediate"


# --------------------------------------------------------------------------- bad input

_CHAT = "hi can u help me with my pathway plan lol my sw never replies and im bored of waiting "
BAD_INPUTS = {
    "empty": "",
    "spaces": "   \n\t  ",
    "none": None,
    "bytes": "i want to kill myself".encode("utf-8"),
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
    # CPU time, not wall time: a busy CI machine should not turn this red.
    started = time.process_time()
    findings = detector.assess_all(text)
    top = detector.assess(text)
    elapsed = time.process_time() - started
    assert isinstance(findings, list)
    assert top is None or isinstance(top, RiskFinding)
    assert elapsed / 2 < 1.0, f"{label}: {elapsed / 2:.2f}s per call"


def test_html_does_not_hide_a_disclosure(detector):
    assert detector.assess("<p>i <b>want</b> to <i>kill</i> myself</p>") is not None
    assert detector.assess("<script>i want to kill myself</script>") is not None
    assert detector.assess("<script>alert('hello')</script>") is None


def test_bytes_are_read_as_text(detector):
    finding = detector.assess("i want to kill myself".encode("utf-8"))
    assert finding is not None and finding.category == "suicide_self_harm"


# --------------------------------------------------------------------------- NLU data


def test_nlu_training_data_is_separate_from_the_test_sets(detector):
    data = yaml.safe_load(NLU_FILE.read_text(encoding="utf-8"))
    assert str(data["version"]) == "3.1"
    examples = _nlu_examples()
    assert 100 <= len(examples) <= 150
    assert len(set(examples)) == len(examples)
    tested = {detector.normalise(t) for name in RISK_SETS for t, _ in _load_risk(name)}
    tested |= {detector.normalise(t) for name in ORDINARY_SETS for t in _load_ordinary(name)}
    leaked = [e for e in examples if detector.normalise(e) in tested]
    assert not leaked, f"test messages copied into {NLU_FILE.name}: {leaked}"
