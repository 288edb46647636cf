"""Read one message with the semantic models: likely intents, and how likely it discloses risk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.safeguarding.categories import CATEGORIES
from bot.semantic.dense import DenseModel
from bot.semantic.encoder import SentenceEncoder
from bot.settings import ROOT

THRESHOLDS = ROOT / "data" / "semantic" / "thresholds.yml"


@dataclass(frozen=True)
class Thresholds:
    """Risk probabilities at which the gateway shows the card, or asks "are you safe?"; below
    `lexicon_doubt` a lexicon finding in `lexicon_doubt_categories` that is not immediate
    becomes the question."""

    risk_card: float
    risk_check: float
    lexicon_doubt: float = 0.0
    lexicon_doubt_categories: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path = THRESHOLDS) -> Thresholds:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        card, check = float(data["risk_card"]), float(data["risk_check"])
        doubt = float(data.get("lexicon_doubt", 0.0))
        if not 0.0 <= doubt < check <= card < 1.0:
            raise ValueError(f"{path}: need 0 <= lexicon_doubt < risk_check <= risk_card < 1")
        categories = frozenset(data.get("lexicon_doubt_categories") or ())
        if not categories <= set(CATEGORIES):
            raise ValueError(f"{path}: unknown lexicon_doubt_categories "
                             f"{sorted(categories - set(CATEGORIES))}")
        return cls(risk_card=card, risk_check=check, lexicon_doubt=doubt,
                   lexicon_doubt_categories=categories)


@dataclass(frozen=True)
class Segmenter:
    """Splits a long message into sentences, each read for risk on its own: a disclosure in the
    middle of a long message about something else is otherwise averaged away."""

    boundary: re.Pattern
    min_words: int

    @classmethod
    def load(cls, path: Path = THRESHOLDS) -> Segmenter:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["segments"]
        return cls(boundary=re.compile(data["split_on"]), min_words=int(data["min_words"]))

    def __call__(self, text: str) -> list[str]:
        parts = [p.strip() for p in self.boundary.split(text)]
        parts = [p for p in parts if len(p.split()) >= self.min_words]
        return [text, *parts] if len(parts) > 1 else [text]


@dataclass(frozen=True)
class Reading:
    """What the semantic models make of one message. Holds no text."""

    intents: tuple[tuple[str, float], ...]  # most likely first
    risk: float  # probability that the message discloses risk
    risk_category: str  # the most likely kind of risk, if it is risk

    def for_rasa(self) -> dict:
        """The metadata Rasa's SemanticBlend component reads (nlu_components/)."""
        return {"intent_ranking": [{"name": n, "confidence": round(p, 4)}
                                   for n, p in self.intents]}


class SemanticReader:
    """The three trained models (bot/semantic/training.py) over one sentence encoder."""

    def __init__(self, *, encoder: SentenceEncoder, models_dir: Path,
                 segmenter: Segmenter | None = None):
        self._encoder = encoder
        self._segment = segmenter or Segmenter.load()
        self._intents = DenseModel.load(models_dir / "intents.npz")
        self._risk = DenseModel.load(models_dir / "risk.npz")
        self._categories = DenseModel.load(models_dir / "categories.npz")
        self._risk_column = self._risk.labels.index("risk")

    def read(self, text: str) -> Reading:
        return self.read_many([text])[0]

    def read_many(self, texts: list[str]) -> list[Reading]:
        """Intents from each whole message; risk from its riskiest sentence."""
        segments = [self._segment(t) for t in texts]
        vectors = self._encoder.encode([s for group in segments for s in group])
        risk = self._risk.probabilities(vectors)[:, self._risk_column]
        categories = self._categories.probabilities(vectors).argmax(axis=1)
        readings, start = [], 0
        for group in segments:
            end = start + len(group)
            riskiest = start + int(risk[start:end].argmax())
            readings.append(Reading(
                intents=tuple(self._intents.ranking(vectors[start])),
                risk=float(risk[riskiest]),
                risk_category=self._categories.labels[int(categories[riskiest])]))
            start = end
        return readings
