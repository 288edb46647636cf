"""Which language a conversation is in: English ("en") or Welsh ("cy").

A young person switches with a command (`/cymraeg`, `/english`: the web chat's header button
and Telegram send these), or by writing in the other language: a message that a language
identifier (lingua, trained on both) is sure is Welsh switches the conversation to Welsh;
back to English takes a longer English message, so "ok" or a name never flips it.
The choice lives on the conversation only.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from bot.settings import ROOT
from payload.language import ENGLISH, LANGUAGE_SLOT, WELSH

log = logging.getLogger(__name__)

SWITCH_COMMANDS = {"/cymraeg": WELSH, "/english": ENGLISH, "/saesneg": ENGLISH}
PHRASES = ROOT / "data" / "cymraeg" / "phrases.yml"
_WORD = re.compile(r"[^\W\d_]+")
# A Rasa intent payload: "/intent" or "/intent{json entities}" (buttons, the gateway's own).
_INTENT_PAYLOAD = re.compile(r"^/(?P<intent>[\w.-]+)(?P<entities>\{.*\})?$", re.DOTALL)


def with_language_entity(text: str, language: str) -> str:
    """An intent payload with the `language` entity added; other text unchanged.

    Rasa's pipeline turns the language metadata into that entity (which fills the slot), but
    Rasa reads a payload without its pipeline, so a payload carries the entity itself.
    """
    match = _INTENT_PAYLOAD.match(text)
    if not match:
        return text
    entities: object = {}
    if match["entities"]:
        try:
            entities = json.loads(match["entities"])
        except ValueError:
            return text
    if not isinstance(entities, dict):
        return text
    entities[LANGUAGE_SLOT] = language
    return f"/{match['intent']}{json.dumps(entities, ensure_ascii=False)}"


@dataclass(frozen=True)
class SwitchRule:
    """How sure the identifier must be, and how long the message, before the language changes.

    why both a whole-message and a per-word figure: lingua is sure "I live in Caerdydd" is
    Welsh (one strong Welsh word); the mean over its words is not.
    """

    confidence: float = 0.7  # of the whole message
    word_mean: float = 0.5  # mean of its words' own Welsh confidence
    min_words_to_english: int = 4


class LanguageReader:
    """Reads a message's language (lingua, restricted to English and Welsh)."""

    def __init__(self, rule: SwitchRule | None = None, *, phrases: frozenset[str] = frozenset()):
        self._rule = rule or SwitchRule()
        self._phrases = phrases  # short greetings too short to identify, Welsh on their own

    @classmethod
    def from_file(cls, path: Path = PHRASES) -> LanguageReader:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(phrases=frozenset(p.lower() for p in data.get("welsh_on_their_own", [])))

    @cached_property
    def _detector(self):
        # why lazily: the two language models load in about a second; a gateway that never
        # sees a message should not pay for them (and tests that don't need them don't).
        from lingua import Language, LanguageDetectorBuilder
        return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.WELSH) \
            .with_preloaded_language_models().build()

    def warm_up(self) -> None:
        self.welsh_confidence("warm up")

    @staticmethod
    def command(text: str) -> str | None:
        """The language a switch command asks for (`/cymraeg`, `/english`), if it is one."""
        return SWITCH_COMMANDS.get(text.strip().lower().split("@")[0])

    def welsh_confidence(self, text: str) -> float:
        from lingua import Language
        return self._detector.compute_language_confidence(text, Language.WELSH)

    def is_welsh(self, text: str) -> bool:
        """Whether a message is written in Welsh (mixing in English words is fine)."""
        words = _WORD.findall(text)
        if not words:
            return False
        if " ".join(words).lower() in self._phrases:
            return True
        if self.welsh_confidence(text) < self._rule.confidence:
            return False
        mean = sum(self.welsh_confidence(w) for w in words) / len(words)
        return mean >= self._rule.word_mean

    def is_english(self, text: str) -> bool:
        """Whether a message is surely English, and long enough to say so."""
        words = _WORD.findall(text)
        return len(words) >= self._rule.min_words_to_english \
            and 1 - self.welsh_confidence(text) >= self._rule.confidence

    def language_after(self, text: str, current: str) -> str:
        """The conversation's language after this message (the same unless the message is
        surely in the other language)."""
        if text.startswith("/"):  # a button payload or a command: not written in any language
            return current
        if current != WELSH and self.is_welsh(text):
            return WELSH
        if current == WELSH and self.is_english(text):
            return ENGLISH
        return current
