"""Safeguarding risk check: does a message disclose that a young person may be at risk?

This is the rule-based detector. It reads a maintained lexicon
(`data/safeguarding/lexicon.yml`) of regular-expression patterns, grouped by
category, plus a list of figure-of-speech exceptions ("this homework is killing
me"). The gateway calls `RiskDetector.assess()` on every incoming message; a
finding raises the safeguarding card. A second, trained detector (the Rasa NLU
intent `disclose_risk`) can raise the same card independently.

Modules: `categories` (the ids and levels), `normalise` (message text to the
plain form patterns see), `lexicon` (reading and compiling the YAML),
`detector` (RiskDetector, RiskFinding) and `resolved` (harm told of as past
and over: the gateway asks instead of showing the card).

Design rules:

* Stdlib + PyYAML only, nothing happens at import time: build a detector with
  `RiskDetector.from_file(path)`.
* A finding names the category, the level and the lexicon pattern id, never the
  message text, so findings can be logged without personal data.
* Messages and patterns are normalised the same way before matching, so lexicon
  authors write ordinary spelling.
* An exception only suppresses a finding when it covers the whole matched span.
* Bad input (None, bytes, huge or binary-ish text, HTML) never raises.
"""

from __future__ import annotations

from bot.safeguarding.categories import CATEGORIES, LEVELS
from bot.safeguarding.detector import CombinedDetector, RiskDetector, RiskFinding
from bot.safeguarding.lexicon import LexiconError
from bot.safeguarding.normalise import Normaliser

__all__ = [
    "CATEGORIES",
    "CombinedDetector",
    "LEVELS",
    "LexiconError",
    "Normaliser",
    "RiskDetector",
    "RiskFinding",
]
