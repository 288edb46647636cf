"""What the gateway makes of a message before Rasa sees it: risk, and a semantic reading.

Risk has two readers. The lexicon (bot/safeguarding/) is the floor: a pattern that fires brings
the urgent-help card. The semantic reader (bot/semantic/) catches what the lexicon's words miss:
above `risk_card` it brings the card too, above `risk_check` the bot asks "are you safe right
now?". Where the lexicon's words for running away or exploitation fire on an English message that
the semantic reader is almost sure is not risk (below `lexicon_doubt`: a school lesson, a board
game), the bot asks instead of showing the card; never for the lexicon's immediate patterns. A
message that tells of harm as past and over (bot/safeguarding/resolved.py) gets the question too.
Both run in the gateway, so the card and the check work with Rasa down. The semantic intent
ranking travels to Rasa as metadata (nlu_components/semantic_blend.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.safeguarding import CombinedDetector, RiskDetector, RiskFinding
from bot.safeguarding.categories import IMMEDIATE_CATEGORIES
from bot.safeguarding.resolved import ResolvedPast
from bot.semantic.reader import Reading, SemanticReader, Thresholds

log = logging.getLogger(__name__)
SEMANTIC_PATTERN = "semantic"  # the pattern id of a finding made by the semantic reader


@dataclass(frozen=True)
class Understanding:
    finding: RiskFinding | None = None  # show the urgent-help card
    check: bool = False  # ask "are you safe right now?"
    reading: Reading | None = None

    def rasa_metadata(self) -> dict:
        return {"semantic": self.reading.for_rasa()} if self.reading else {}


class BatchedReads:
    """Messages that arrive while the encoder is busy are read together, in one batch.

    why: under load each message waited for the encoder in turn; a batch of short messages costs
    little more than one, so a busy gateway spends far less time reading. One message alone
    is read at once, as before.
    """

    def __init__(self, reader: SemanticReader, *, max_batch: int = 32):
        self._reader = reader
        self._max_batch = max_batch
        self._waiting: list[tuple[str, asyncio.Future]] = []
        self._draining: asyncio.Task | None = None

    async def read(self, text: str) -> Reading:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((text, future))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._waiting:
            batch = self._waiting[:self._max_batch]
            del self._waiting[:self._max_batch]
            try:
                readings = await asyncio.to_thread(self._reader.read_many,
                                                   [text for text, _ in batch])
            except Exception as exc:  # noqa: BLE001 - each caller falls back to the lexicon
                readings = [exc] * len(batch)
            for (_, future), reading in zip(batch, readings):
                if future.done():
                    continue
                if isinstance(reading, Exception):
                    future.set_exception(reading)
                else:
                    future.set_result(reading)


class Understander:
    """Reads each message with the lexicon and, when it is available, the semantic reader."""

    def __init__(self, *, detector: RiskDetector | CombinedDetector,
                 reader: SemanticReader | None = None, thresholds: Thresholds | None = None,
                 is_english: Callable[[str], bool] | None = None,
                 resolved: ResolvedPast | None = None):
        self._detector = detector
        self._resolved = resolved
        self._reader = BatchedReads(reader) if reader and thresholds else None
        self._thresholds = thresholds
        # why: the sentence model reads English only; without a way to tell, it never doubts
        self._is_english = is_english

    async def read(self, text: str) -> Understanding:
        seen = await self._read(text)
        if seen.finding is not None and self._resolved is not None and self._resolved.tells(text):
            return Understanding(check=True, reading=seen.reading)
        return seen

    async def _read(self, text: str) -> Understanding:
        finding = self._detector.assess(text)
        if self._reader is None or text.startswith("/") or not any(c.isalnum() for c in text):
            return Understanding(finding=finding)
        try:
            reading = await self._reader.read(text)
        except Exception:  # noqa: BLE001 - the lexicon still stands; never lose the message
            log.exception("semantic reader failed; the lexicon alone checked this message")
            return Understanding(finding=finding)
        if finding is None and reading.risk >= self._thresholds.risk_card:
            level = "immediate" if reading.risk_category in IMMEDIATE_CATEGORIES else "high"
            finding = RiskFinding(reading.risk_category, level, SEMANTIC_PATTERN)
        elif finding is not None and self._doubts(finding, reading, text):
            return Understanding(check=True, reading=reading)
        check = finding is None and reading.risk >= self._thresholds.risk_check
        return Understanding(finding=finding, check=check, reading=reading)

    def _doubts(self, finding: RiskFinding, reading: Reading, text: str) -> bool:
        """Whether a lexicon finding should be a question, not the card (see the module)."""
        return (finding.level != "immediate"
                and finding.category in self._thresholds.lexicon_doubt_categories
                and reading.risk < self._thresholds.lexicon_doubt
                and self._is_english is not None and self._is_english(text))
