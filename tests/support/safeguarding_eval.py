"""The labelled safeguarding message sets, and scoring the detector on them (test aids).

The sets live beside their tests in tests/bot/safeguarding/:
* safeguarding_risk.yml / safeguarding_ordinary.yml: written together with the
  lexicon, so they show what it was built for (over-fitted by construction).
* safeguarding_risk_unseen.yml / safeguarding_ordinary_unseen.yml: written fresh
  without reading the lexicon, to measure generalisation.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bot.safeguarding import CATEGORIES, RiskDetector

SETS_DIR = Path(__file__).resolve().parents[1] / "bot" / "safeguarding"
RISK_SETS = ("safeguarding_risk.yml", "safeguarding_risk_unseen.yml")
ORDINARY_SETS = ("safeguarding_ordinary.yml", "safeguarding_ordinary_unseen.yml")


def load_risk(name: str) -> list[tuple[str, str]]:
    """(message, category) pairs from a risk set: category id -> messages."""
    data = yaml.safe_load((SETS_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{name}: expected category -> list of messages"
    unknown = set(data) - set(CATEGORIES)
    assert not unknown, f"{name}: unknown categories {sorted(unknown)}"
    pairs = []
    for category, messages in data.items():
        assert isinstance(messages, list) and messages, f"{name}: {category} is empty"
        pairs.extend((str(m), category) for m in messages)
    return pairs


def load_ordinary(name: str) -> list[str]:
    """The messages of an ordinary set: `messages: [...]`."""
    data = yaml.safe_load((SETS_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("messages"), list), name
    return [str(m) for m in data["messages"]]


def evaluate(
    detector: RiskDetector,
    risk_messages: Iterable[tuple[str, str]],
    ordinary_messages: Iterable[str],
) -> dict:
    """Score a detector on labelled risk messages and ordinary messages.

    A risk message counts as caught when any finding is raised (the card shows);
    `category_agreement` reports how often the labelled category is among the
    findings. Empty sets score recall 1.0 / false-alarm rate 0.0.
    """
    risk = list(risk_messages)
    ordinary = list(ordinary_messages)
    per: dict[str, dict[str, Any]] = {}
    missed: list[dict[str, str]] = []
    mismatched: list[dict[str, Any]] = []
    caught = agreed = 0
    elapsed = 0.0
    for text, category in risk:
        t = time.perf_counter()
        findings = detector.assess_all(text)
        elapsed += time.perf_counter() - t
        row = per.setdefault(category, {"n": 0, "caught": 0, "category_agreement": 0})
        row["n"] += 1
        if findings:
            caught += 1
            row["caught"] += 1
            if category in {f.category for f in findings}:
                agreed += 1
                row["category_agreement"] += 1
            else:
                mismatched.append(
                    {"text": text, "category": category, "found": [f.category for f in findings]}
                )
        else:
            missed.append({"text": text, "category": category})
    false_alarms: list[dict[str, str]] = []
    for text in ordinary:
        t = time.perf_counter()
        finding = detector.assess(text)
        elapsed += time.perf_counter() - t
        if finding is not None:
            false_alarms.append(
                {"text": text, "category": finding.category, "pattern_id": finding.pattern_id}
            )
    per_category = {
        cat: {
            "n": row["n"],
            "recall": row["caught"] / row["n"],
            "category_agreement": row["category_agreement"] / row["n"],
        }
        for cat, row in per.items()
    }
    total = len(risk) + len(ordinary)
    return {
        "recall": caught / len(risk) if risk else 1.0,
        "false_alarm_rate": len(false_alarms) / len(ordinary) if ordinary else 0.0,
        "missed": missed,
        "false_alarms": false_alarms,
        "per_category": per_category,
        "category_agreement": agreed / len(risk) if risk else 1.0,
        "category_mismatches": mismatched,
        "n_risk": len(risk),
        "n_ordinary": len(ordinary),
        "mean_assess_ms": (elapsed / total * 1000.0) if total else 0.0,
    }
