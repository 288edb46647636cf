"""The rule-based safeguarding detector: which lexicon patterns fire on a message.

An exception only suppresses a finding when the exception's own match covers
the whole span the pattern matched; it never silences a message globally.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.safeguarding.categories import LEVELS, SEVERITY_ORDER
from bot.safeguarding.lexicon import (
    ExceptionRule,
    Lexicon,
    RiskPattern,
    load_lexicon,
    parse_lexicon,
)
from bot.safeguarding.normalise import Normaliser

# Caps the work one "near" anchor may cost on hostile input (many repeated words).
_MAX_NEAR_COMBINATIONS = 2000


@dataclass(frozen=True)
class RiskFinding:
    """One reason to raise the safeguarding card. Never carries the message text."""

    category: str  # one of CATEGORIES
    level: str  # "immediate" or "high"
    pattern_id: str  # which lexicon pattern fired


class RiskDetector:
    """Rule-based safeguarding detector built from a validated lexicon."""

    def __init__(
        self,
        patterns: Sequence[RiskPattern],
        exceptions: Sequence[ExceptionRule],
        normaliser: Normaliser,
        source: str = "<dict>",
    ):
        self._patterns = tuple(patterns)
        self._exceptions = tuple(exceptions)
        self._normalise = normaliser
        self.source = source
        self._exceptions_for = {
            p.id: tuple(e for e in self._exceptions if e.applies(p)) for p in self._patterns
        }

    # ---- construction --------------------------------------------------- #

    @classmethod
    def from_file(cls, path: str | Path) -> RiskDetector:
        """Load and validate a lexicon YAML file. Raises LexiconError naming the bad entry."""
        return cls.from_lexicon(load_lexicon(path))

    @classmethod
    def from_dict(cls, data: Any, source: str = "<dict>") -> RiskDetector:
        """Build from an already-parsed lexicon mapping (same validation as from_file)."""
        return cls.from_lexicon(parse_lexicon(data, source=source))

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> RiskDetector:
        return cls(lexicon.patterns, lexicon.exceptions, lexicon.normaliser, source=lexicon.source)

    # ---- introspection -------------------------------------------------- #

    @property
    def pattern_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self._patterns)

    def normalise(self, text: Any) -> str:
        """The normalised form the patterns see (for debugging and tests)."""
        return self._normalise(text)

    def self_check(self) -> list[str]:
        """Problems with the lexicon's own examples (empty list = all good).

        Every pattern example must be caught *by that pattern*; every exception
        example must raise no finding at all.
        """
        problems = []
        for p in self._patterns:
            for ex in p.examples:
                ids = {f.pattern_id for f in self.assess_all(ex)}
                if p.id not in ids:
                    problems.append(f"pattern '{p.id}' does not catch its example {ex!r}")
        for e in self._exceptions:
            for ex in e.examples:
                found = self.assess_all(ex)
                if found:
                    problems.append(
                        f"exception '{e.id}' example {ex!r} is still flagged by "
                        f"{[f.pattern_id for f in found]}"
                    )
        return problems

    # ---- assessment ----------------------------------------------------- #

    def assess(self, text: Any) -> RiskFinding | None:
        """The most serious finding for a message, or None."""
        findings = self.assess_all(text)
        return findings[0] if findings else None

    def assess_all(self, text: Any) -> list[RiskFinding]:
        """Every pattern that fired (one finding per pattern), most serious first."""
        norm = self._normalise(text)
        if not norm:
            return []
        token_starts: list[int] | None = None
        exception_spans: dict[str, list[tuple[int, int]]] = {}
        fired: list[RiskPattern] = []
        for p in self._patterns:
            if len(p.parts) > 1 and token_starts is None:
                token_starts = [m.start() for m in re.finditer(r"\S+", norm)]
            for start, end in _spans(p, norm, token_starts):
                if not self._covered(p, start, end, norm, exception_spans):
                    fired.append(p)
                    break
        fired.sort(
            key=lambda p: (LEVELS.index(p.level), SEVERITY_ORDER.index(p.category), p.order)
        )
        return [RiskFinding(p.category, p.level, p.id) for p in fired]

    def _covered(
        self,
        p: RiskPattern,
        start: int,
        end: int,
        norm: str,
        cache: dict[str, list[tuple[int, int]]],
    ) -> bool:
        for e in self._exceptions_for[p.id]:
            spans = cache.get(e.id)
            if spans is None:
                spans = cache[e.id] = [m.span() for m in e.regex.finditer(norm)]
            for s, t in spans:
                if s <= start and t >= end:
                    return True
        return False


def _spans(
    p: RiskPattern, norm: str, token_starts: list[int] | None
) -> Iterator[tuple[int, int]]:
    """Character spans where the pattern matches; for "near", one span per anchor at most."""
    if len(p.parts) == 1:
        for m in p.parts[0].finditer(norm):
            yield m.span()
        return
    assert token_starts is not None
    per_part: list[list[tuple[int, int, int, int]]] = []
    for rx in p.parts:
        found = []
        for m in rx.finditer(norm):
            t0 = bisect.bisect_right(token_starts, m.start()) - 1
            t1 = bisect.bisect_right(token_starts, max(m.end() - 1, m.start())) - 1
            found.append((t0, t1, m.start(), m.end()))
        if not found:
            return
        per_part.append(found)
    anchors, others = per_part[0], per_part[1:]
    other_starts = [[f[0] for f in part] for part in others]
    for a in anchors:
        lo, hi = a[1] - p.within, a[0] + p.within
        candidates = []
        for part, starts in zip(others, other_starts):
            i, j = bisect.bisect_left(starts, lo), bisect.bisect_right(starts, hi)
            if i >= j:
                break
            candidates.append(part[i:j])
        else:
            for n, combo in enumerate(itertools.product(*candidates)):
                if n >= _MAX_NEAR_COMBINATIONS:
                    break
                chosen = (a, *combo)
                first = min(c[0] for c in chosen)
                last = max(c[1] for c in chosen)
                if last - first + 1 <= p.within:
                    yield min(c[2] for c in chosen), max(c[3] for c in chosen)
                    break


class CombinedDetector:
    """Several lexicons read every message: English and Welsh (young people in Wales mix the
    two, and a risk message gets the card whatever the conversation's language)."""

    def __init__(self, detectors: Sequence[RiskDetector]):
        self._detectors = tuple(detectors)

    @classmethod
    def from_files(cls, *paths: str | Path) -> CombinedDetector:
        return cls([RiskDetector.from_file(p) for p in paths])

    @property
    def pattern_ids(self) -> tuple[str, ...]:
        return tuple(i for d in self._detectors for i in d.pattern_ids)

    def self_check(self) -> list[str]:
        return [problem for d in self._detectors for problem in d.self_check()]

    def assess(self, text: Any) -> RiskFinding | None:
        """The most serious finding of any lexicon, or None."""
        findings = self.assess_all(text)
        return findings[0] if findings else None

    def assess_all(self, text: Any) -> list[RiskFinding]:
        findings = [f for d in self._detectors for f in d.assess_all(text)]
        return sorted(findings, key=lambda f: (LEVELS.index(f.level),
                                               SEVERITY_ORDER.index(f.category)))
