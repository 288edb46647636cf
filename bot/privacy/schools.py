"""School names: "st mary's primary", "parkside academy", "my school is called X"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.privacy.patterns import SCHOOL_IS_RE, SCHOOL_RE
from bot.privacy.spans import Rank, Span
from bot.privacy.tokens import sentence_start, words_after, words_before

if TYPE_CHECKING:
    from bot.privacy.lexicon import Lexicon

_SPACES_RE = re.compile(r"\s+")
#: Stop words that can still be part of a school's name ("st mary's", "school of art").
_SAINTS = ("st", "saint")
_SAINTS_AND_OF = ("st", "saint", "of")
#: Words that end a school's name after "my school is" ("... in march").
_PLACE_PREPOSITIONS = ("in", "at", "near")
_MAX_NAME_WORDS = 4


def find_schools(text: str, stop: frozenset[str], lex: Lexicon) -> Iterator[Span]:
    """Schools named after "my school is", then names before "school", "academy" ..."""
    for m in SCHOOL_IS_RE.finditer(text):
        span = _named_after(text, m.end("n"), stop, lex)
        if span:
            yield span
    for m in SCHOOL_RE.finditer(text):
        span = _named_before(text, m, stop, lex)
        if span:
            yield span


def _named_after(text: str, pos: int, stop: frozenset[str], lex: Lexicon) -> Span | None:
    """"my old school was queen elizabeth's": the name, up to four words (and a suffix)."""
    words = lex.words
    run: list[tuple[int, int]] = []
    for start, end, word in words_after(text, pos, _MAX_NAME_WORDS):
        low = word.lower()
        if (low in stop and low not in _SAINTS_AND_OF) or low in words.not_names \
                or low in words.topic_words or low in _PLACE_PREPOSITIONS:
            break
        run.append((start, end))
    if not run:
        return None
    end = run[-1][1]
    suffix = SCHOOL_RE.match(text, end + 1) if end < len(text) else None
    if suffix and text[end:end + 1] == " ":
        end = suffix.end()
    return Span(run[0][0], end, "SCHOOL", Rank.SCHOOL)


def _named_before(text: str, m: re.Match[str], stop: frozenset[str],
                  lex: Lexicon) -> Span | None:
    """The name before a school word ("parkside academy"), if it looks like a name."""
    words = lex.words
    run: list[tuple[int, int, str]] = []
    for start, end, word in words_before(text, m.start(), _MAX_NAME_WORDS):
        low = word.lower()
        if (low in stop and low not in _SAINTS) or low in words.not_school_words \
                or low in words.topic_words or low in lex.keep_area_words:
            break
        if low.endswith("ing") and not lex.places_re.fullmatch(low):
            break
        run.append((start, end, word))
    if not run:
        return None
    # "i hate school", "change school": a word before "school" is not enough; it has to
    # look like a name. "... academy" is always a name.
    suffix = _SPACES_RE.sub(" ", m.group().lower())
    if suffix != "academy" and not _looks_like_a_name(text, run, lex):
        return None
    return Span(run[-1][0], m.end(), "SCHOOL", Rank.SCHOOL)


def _looks_like_a_name(text: str, run: list[tuple[int, int, str]], lex: Lexicon) -> bool:
    names = [w.lower() for _s, _e, w in run]
    words = lex.words
    return (
        any(n in ("st", "st.", "saint") for n in names)
        or any("-" in n or "'" in n or "’" in n for n in names)
        or any(w[:1].isupper() and not sentence_start(text, st) for st, _e, w in run)
        or any(n.endswith(lex.school_name_endings) for n in names)
        or any(lex.places_re.fullmatch(n) or n in words.first_names or n in words.surnames
               for n in names)
    )
