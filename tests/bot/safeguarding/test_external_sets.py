"""The lexicon on the external sets (tests/eval/external/, written apart from the project, frozen).

These are regression floors just under what the lexicon scores today (card recall 116/173,
false alarms 18/320 on 2026-12-02), not the targets: the targets (card recall >= 98%, false alarms
<= 3%) need the trained risk classifier of issue 12. Never tune the lexicon on these sets.
"""

from __future__ import annotations

from pathlib import Path

import yaml

EXTERNAL = Path(__file__).resolve().parents[2] / "eval" / "external"


def _load(name: str):
    return yaml.safe_load((EXTERNAL / name).read_text(encoding="utf-8"))


def test_card_recall_on_external_risk_messages_does_not_fall(detector):
    messages = [m for group in _load("risk.yml").values() for m in group]
    caught = sum(detector.assess(m) is not None for m in messages)
    print(f"\n[external] card recall {caught}/{len(messages)} ({caught / len(messages):.1%})")
    assert caught / len(messages) >= 0.65


def test_card_false_alarms_on_external_ordinary_messages_do_not_rise(detector):
    messages = _load("ordinary.yml")["messages"]
    alarms = sum(detector.assess(m) is not None for m in messages)
    print(f"\n[external] card false alarms {alarms}/{len(messages)} ({alarms / len(messages):.1%})")
    assert alarms / len(messages) <= 0.06
