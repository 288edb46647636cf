"""Safeguarding risk check: the lexicon detector against labelled message sets.

Run: .venv/bin/python -m pytest tests/bot/safeguarding -q -p no:cacheprovider

Sets (tests/bot/safeguarding/, loaded by tests/support/safeguarding_eval.py):
* safeguarding_risk.yml / safeguarding_ordinary.yml: written together with the
  lexicon, so they show what it was built for (over-fitted by construction).
* safeguarding_risk_unseen.yml / safeguarding_ordinary_unseen.yml: written fresh
  without reading the lexicon, to measure generalisation.

Targets: recall 100% on every risk set (a missed disclosure fails the suite and
is listed), false alarms <= 5% on every ordinary set, category agreement >= 90%.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safeguarding import CATEGORIES
from tests.support.safeguarding_eval import (
    ORDINARY_SETS,
    RISK_SETS,
    evaluate,
    load_ordinary,
    load_risk,
)

ROOT = Path(__file__).resolve().parents[3]
NLU_FILE = ROOT / "data/nlu/safeguarding.yml"

MAX_FALSE_ALARM_RATE = 0.05
MIN_CATEGORY_AGREEMENT = 0.9


def _nlu_examples() -> list[str]:
    data = yaml.safe_load(NLU_FILE.read_text(encoding="utf-8"))
    blocks = [b for b in data["nlu"] if b.get("intent") == "disclose_risk"]
    assert len(blocks) == 1
    return [line[2:].strip() for line in blocks[0]["examples"].splitlines() if line.strip()]


def _say(capsys, line: str) -> None:
    """Print a figures line even when pytest captures output."""
    with capsys.disabled():
        print(f"\n[safeguarding] {line}")


# --------------------------------------------------------------------------- the sets


def test_unseen_sets_are_big_enough_and_cover_every_category():
    risk = load_risk("safeguarding_risk_unseen.yml")
    assert len(risk) >= 40
    assert {c for _, c in risk} == set(CATEGORIES)
    assert len(load_ordinary("safeguarding_ordinary_unseen.yml")) >= 40


def test_no_message_is_both_risk_and_ordinary(detector):
    risk = {detector.normalise(t) for name in RISK_SETS for t, _ in load_risk(name)}
    ordinary = {detector.normalise(t) for name in ORDINARY_SETS for t in load_ordinary(name)}
    assert not risk & ordinary


def test_nlu_training_data_is_separate_from_the_test_sets(detector):
    data = yaml.safe_load(NLU_FILE.read_text(encoding="utf-8"))
    assert str(data["version"]) == "3.1"
    examples = _nlu_examples()
    assert 100 <= len(examples) <= 150
    assert len(set(examples)) == len(examples)
    tested = {detector.normalise(t) for name in RISK_SETS for t, _ in load_risk(name)}
    tested |= {detector.normalise(t) for name in ORDINARY_SETS for t in load_ordinary(name)}
    leaked = [e for e in examples if detector.normalise(e) in tested]
    assert not leaked, f"test messages copied into {NLU_FILE.name}: {leaked}"


# --------------------------------------------------------------------------- the floors


@pytest.mark.parametrize("name", RISK_SETS)
def test_recall_is_total(detector, name, capsys):
    result = evaluate(detector, load_risk(name), [])
    per = ", ".join(
        f"{cat} {round(row['recall'] * row['n'])}/{row['n']}"
        for cat, row in sorted(
            result["per_category"].items(), key=lambda kv: CATEGORIES.index(kv[0])
        )
    )
    caught = result["n_risk"] - len(result["missed"])
    _say(
        capsys,
        f"{name}: recall {caught}/{result['n_risk']} ({per}); "
        f"category agreement {result['category_agreement']:.3f}; "
        f"mean assess {result['mean_assess_ms']:.3f} ms",
    )
    missed = [f"[{m['category']}] {m['text']}" for m in result["missed"]]
    assert result["recall"] == 1.0, (
        f"{len(missed)} risk message(s) missed in {name}:\n" + "\n".join(missed)
    )


@pytest.mark.parametrize("name", ORDINARY_SETS)
def test_false_alarms_are_rare(detector, name, capsys):
    result = evaluate(detector, [], load_ordinary(name))
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
    result = evaluate(detector, load_risk(name), [])
    assert result["category_agreement"] >= MIN_CATEGORY_AGREEMENT, "\n".join(
        f"[{m['category']}] found {m['found']}: {m['text']}" for m in result["category_mismatches"]
    )
