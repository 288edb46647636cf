"""A kind first line when a question carries a feeling ("I miss my brother")."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from actions.language import response_text
from actions.vocabulary import Vocabulary

FEELINGS_FILE = Path(__file__).resolve().parent.parent / "data" / "feelings.yml"


@functools.cache
def load_feelings(path: Path = FEELINGS_FILE) -> tuple[tuple[str, Vocabulary], ...]:
    """Each feeling's name and words, in the file's order (ValueError if malformed)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of feelings")
    feelings = []
    for name, lists in data.items():
        if not isinstance(lists, dict) or set(lists) != {"words", "phrases"}:
            raise ValueError(f"{path}: {name!r} needs exactly 'words' and 'phrases'")
        feelings.append((name, Vocabulary(frozenset(lists["words"]), tuple(lists["phrases"]))))
    return tuple(feelings)


def feeling_in(text: str) -> str | None:
    """The first feeling the text carries ("missing", "worried", ...), else None."""
    return next((name for name, words in load_feelings() if words.found_in(text)), None)


def warm_words(text: str, domain: dict[str, Any] | None, language: str = "en") -> str:
    """domain.yml's kind line for the feeling in `text`, ready to go before an answer; or ""."""
    feeling = feeling_in(text)
    if feeling is None or not domain:
        return ""
    return response_text(domain, f"utter_feeling_{feeling}", language) + "\n"
