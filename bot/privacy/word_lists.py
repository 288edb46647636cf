"""The scrubber's word lists: read from data/privacy/*.yml and checked like a lexicon.

Nothing is read at import time: `load_word_lists()` reads and checks the files the
first time a Scrubber is built, and keeps the result. Every problem raises a
`WordListError` naming the file, the list and the word.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: Where the shipped word lists live.
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "privacy"

#: file -> {list name: kind}. Every list must be present, and nothing else. Kinds: "word"
#: is one word, lower-cased; "phrase" may hold several (spaces normalised), lower-cased;
#: "code" is kept as written (postcode areas are matched in capitals).
LAYOUT: dict[str, dict[str, str]] = {
    "names.yml": {
        "first_names": "word",
        "ambiguous_first_names": "word",
        "surnames": "word",
        "not_names": "word",
    },
    "places.yml": {
        "places": "phrase",
        "ambiguous_places": "word",
        "keep_areas": "phrase",
        "not_place_words": "word",
        "not_street_words": "word",
        "generic_street_words": "word",
        "postcode_areas": "code",
        "postcode_lookalikes": "word",
    },
    "vocabulary.yml": {
        "topic_words": "word",
        "chat_words": "word",
        "org_words": "word",
        "not_school_words": "word",
        "school_name_endings": "word",
        "conditional_words": "word",
        "not_handles": "word",
        "service_number_prefixes": "code",
        "helpline_numbers": "code",
    },
}

#: Pairs of lists that must share no entry. Either the code gives one list priority, so
#: an entry in both contradicts itself (a first name is tagged anywhere, an ambiguous
#: one only in a name context), or the code checks both lists together wherever the
#: narrower one is used, so the entry is dead weight (topic_words is checked with
#: not_names, not_place_words and not_school_words everywhere those are used).
EXCLUSIVE_PAIRS: tuple[tuple[str, str], ...] = (
    ("first_names", "ambiguous_first_names"),
    ("first_names", "not_names"),
    ("ambiguous_first_names", "not_names"),
    ("surnames", "not_names"),
    ("first_names", "topic_words"),
    ("ambiguous_first_names", "topic_words"),
    ("surnames", "topic_words"),
    ("first_names", "keep_areas"),
    ("places", "ambiguous_places"),
    ("places", "keep_areas"),
    ("ambiguous_places", "keep_areas"),
    ("places", "topic_words"),
    ("ambiguous_places", "topic_words"),
    ("topic_words", "not_names"),
    ("topic_words", "not_place_words"),
    ("topic_words", "not_school_words"),
    ("topic_words", "not_handles"),
    ("topic_words", "org_words"),
    ("keep_areas", "org_words"),
)


class WordListError(ValueError):
    """A privacy word-list file is missing, malformed, or breaks one of the rules."""

    def __init__(self, path: Path | str, message: str, *, list_name: str | None = None,
                 word: Any = None) -> None:
        self.path = str(path)
        self.list_name = list_name
        self.word = word
        where = f"{path}: list '{list_name}'" if list_name else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class WordLists:
    """Every word list, normalised (see LAYOUT for each list's file and kind)."""

    first_names: frozenset[str]
    ambiguous_first_names: frozenset[str]
    surnames: frozenset[str]
    not_names: frozenset[str]
    places: frozenset[str]
    ambiguous_places: frozenset[str]
    keep_areas: frozenset[str]
    not_place_words: frozenset[str]
    not_street_words: frozenset[str]
    generic_street_words: frozenset[str]
    postcode_areas: frozenset[str]
    postcode_lookalikes: frozenset[str]
    topic_words: frozenset[str]
    chat_words: frozenset[str]
    org_words: frozenset[str]
    not_school_words: frozenset[str]
    school_name_endings: frozenset[str]
    conditional_words: frozenset[str]
    not_handles: frozenset[str]
    service_number_prefixes: frozenset[str]
    helpline_numbers: frozenset[str]


def load_word_lists(directory: Path | str | None = None) -> WordLists:
    """Read and check the word lists in `directory` (default: the shipped ones), once."""
    return _load(Path(directory or DATA_DIR).resolve())


@functools.lru_cache(maxsize=8)
def _load(directory: Path) -> WordLists:
    found: dict[str, tuple[Path, list[str]]] = {}
    for file_name, kinds in LAYOUT.items():
        path = directory / file_name
        for name, entries in _read_file(path, kinds).items():
            found[name] = (path, entries)
    _check_exclusive(found)
    return WordLists(**{name: frozenset(entries) for name, (_path, entries) in found.items()})


def _read_file(path: Path, kinds: dict[str, str]) -> dict[str, list[str]]:
    """The lists of one file, each checked and normalised."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise WordListError(path, f"cannot read ({err.strerror or err})") from None
    except yaml.YAMLError as err:
        raise WordListError(path, f"not valid YAML ({err})") from None
    if not isinstance(data, dict):
        raise WordListError(path, "the top level must be a mapping of list names to lists")
    unknown = sorted(str(key) for key in data if key not in kinds)
    if unknown:
        raise WordListError(path, f"unknown top-level key(s) {unknown}; "
                                  f"expected {sorted(kinds)}", list_name=unknown[0])
    missing = [name for name in kinds if name not in data]
    if missing:
        raise WordListError(path, f"missing list(s) {missing}", list_name=missing[0])
    return {name: _read_list(path, name, data[name], kinds[name]) for name in kinds}


def _read_list(path: Path, name: str, value: Any, kind: str) -> list[str]:
    """One list's entries, normalised; no entry may be empty, mistyped or repeated."""
    if not isinstance(value, list):
        raise WordListError(path, f"must be a list of strings, not {type(value).__name__}",
                            list_name=name)
    seen: dict[str, str] = {}
    entries: list[str] = []
    for item in value:
        entry = _normalise(path, name, item, kind)
        key = entry.lower()
        if key in seen:
            raise WordListError(path, f"{item!r} appears more than once", list_name=name,
                                word=item)
        seen[key] = entry
        entries.append(entry)
    return entries


def _normalise(path: Path, name: str, item: Any, kind: str) -> str:
    if not isinstance(item, str) or not item.strip():
        # Unquoted YAML turns `no`, `on` or `0800` into something else: quote them.
        raise WordListError(path, f"{item!r} is not a non-empty string (quote it in YAML)",
                            list_name=name, word=item)
    words = item.split()
    if kind == "word" and len(words) > 1:
        raise WordListError(path, f"{item!r} must be a single word", list_name=name, word=item)
    entry = " ".join(words)
    return entry if kind == "code" else entry.lower()


def _check_exclusive(found: dict[str, tuple[Path, list[str]]]) -> None:
    """No entry may be in both lists of an exclusive pair."""
    for first, second in EXCLUSIVE_PAIRS:
        first_path, first_entries = found[first]
        second_path, second_entries = found[second]
        shared = sorted({e.lower() for e in first_entries} & {e.lower() for e in second_entries})
        if shared:
            raise WordListError(
                second_path, f"{shared[0]!r} is also in '{first}' ({first_path}); "
                             f"the two lists must not overlap", list_name=second, word=shared[0])

