"""Word lists that steer an action, kept as data: whole words and phrases, loaded once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_WORD = re.compile(r"[a-z]+")


def plain_words(text: str) -> str:
    """Lower case, apostrophes dropped, only letters: "What's my SW's" -> "whats my sws"."""
    return " ".join(_WORD.findall(text.lower().replace("'", "").replace("’", "")))


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]
    phrases: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        """True when the text holds one of the words (whole) or phrases (anywhere)."""
        plain = plain_words(text)
        return bool(self.words & set(plain.split())) or any(
            plain_words(p) in plain for p in self.phrases)


@functools.cache
def load_vocabulary(path: Path, words_key: str, phrases_key: str) -> Vocabulary:
    """A vocabulary file with exactly these two lists (ValueError otherwise)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {words_key, phrases_key}:
        raise ValueError(f"{path}: expected exactly {words_key!r} and {phrases_key!r}")
    return Vocabulary(frozenset(data[words_key]), tuple(data[phrases_key]))
