"""The word lists made ready for matching: regexes and derived word sets, built once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from bot.privacy.patterns import PostcodePatterns, postcode_patterns
from bot.privacy.tokens import alt
from bot.privacy.word_lists import WordLists, load_word_lists

_I = re.IGNORECASE


@dataclass(frozen=True)
class Lexicon:
    """What the detectors match against; built from checked `WordLists`."""

    words: WordLists
    places_re: re.Pattern[str]
    ambiguous_places_re: re.Pattern[str]
    keep_areas_re: re.Pattern[str]
    first_names_re: re.Pattern[str]
    #: Every single word of a kept area ("vale", "of", "glamorgan").
    keep_area_words: frozenset[str]
    #: Words that make no entity worth tagging on their own.
    harmless_words: frozenset[str]
    school_name_endings: tuple[str, ...]
    service_number_prefixes: tuple[str, ...]
    postcodes: PostcodePatterns

    @classmethod
    def build(cls, words: WordLists) -> Lexicon:
        """Compile the regexes and derived sets for `words`."""
        keep_area_words = frozenset(w for p in words.keep_areas for w in p.split())
        return cls(
            words=words,
            places_re=re.compile(rf"(?<![\w\-])(?:{alt(words.places)})(?![\w\-])", _I),
            ambiguous_places_re=re.compile(rf"\b(?:{alt(words.ambiguous_places)})\b", _I),
            keep_areas_re=re.compile(rf"(?<![\w\-])(?:{alt(words.keep_areas)})(?![\w\-])", _I),
            first_names_re=re.compile(
                rf"(?<![\w\-'’])(?:{alt(words.first_names)})(?![\w\-]|['’][a-rt-z])", _I),
            keep_area_words=keep_area_words,
            harmless_words=(words.topic_words | keep_area_words | words.not_names
                            | words.org_words),
            school_name_endings=tuple(sorted(words.school_name_endings)),
            service_number_prefixes=tuple(sorted(words.service_number_prefixes)),
            postcodes=postcode_patterns(words.postcode_areas),
        )


def get_lexicon(directory: Path | str | None = None) -> Lexicon:
    """The lexicon for the word lists in `directory` (default: the shipped ones), built once."""
    return _build(Path(directory).resolve() if directory else None)


@functools.lru_cache(maxsize=8)
def _build(directory: Path | None) -> Lexicon:
    return Lexicon.build(load_word_lists(directory))


def stop_words(words: WordLists) -> frozenset[str]:
    """spaCy's English stop words plus chat words (imports spaCy's word list)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | words.chat_words
