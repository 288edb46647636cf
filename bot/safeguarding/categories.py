"""Kinds of risk and how serious a finding is: ids shared with the gateway and the card texts."""

from __future__ import annotations

#: The category ids are a contract with the gateway and the card texts.
CATEGORIES: tuple[str, ...] = (
    "suicide_self_harm",
    "abuse_violence",
    "sexual_exploitation",
    "criminal_exploitation",
    "immediate_danger",
    "homelessness_running_away",
)

#: Finding levels, most serious first.
LEVELS: tuple[str, ...] = ("immediate", "high")

#: Categories whose findings are always "immediate".
IMMEDIATE_CATEGORIES: frozenset[str] = frozenset({"suicide_self_harm", "immediate_danger"})

#: Tie-break between findings of the same level (most serious first).
SEVERITY_ORDER: tuple[str, ...] = (
    "suicide_self_harm",
    "immediate_danger",
    "abuse_violence",
    "sexual_exploitation",
    "criminal_exploitation",
    "homelessness_running_away",
)
