"""Places: the shipped gazetteer, ambiguous town names in a place context, "i live in X".

Town names that are also ordinary words (March, Reading, Bath ...) are only tagged in a
place context; nations, counties and council areas are kept (they cover too many people
to identify anyone, and are already an analytics dimension).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.privacy.spans import Rank, Span
from bot.privacy.tokens import words_after, words_before

if TYPE_CHECKING:
    from bot.privacy.lexicon import Lexicon

_I = re.IGNORECASE

#: "live in X", "moved to X", "ran away to X": X starts at group "p".
PLACE_CONTEXT_RE = re.compile(
    r"\b(?:live|lives|living|lived|stay|stays|staying|stayed|moved|move|moving|placed|"
    r"placement|based|relocated|sent|grew\s+up|brought\s+up|born|from|go\s+to\s+school|"
    r"ran\s+away|run\s+away|running\s+away|runaway|escaped|went\s+back|go\s+back|going\s+back)"
    r"\s+(?:(?:is|was)\s+)?"
    r"(?:in|to|at|near|nr|outside|around|by|out\s+in|up\s+in|down\s+in|over\s+in)"
    r"\s+(?P<p>)", _I)
#: A living-somewhere phrase just before "in"/"to"/"at" ("i have lived with my nan in").
_LIVE_WORDS_RE = re.compile(
    r"\b(?:live|lives|living|lived|stay|stays|staying|stayed|moved|moving|placed|placement|"
    r"based|relocated|grew\s+up|born)\b(?:\s+\S+){0,4}\s+(?:in|to|at)\s*$", _I)
#: Words after a town that make it a place ("march town", "reading station").
_PLACE_SUFFIX_RE = re.compile(
    r"\s+(?:town|station|area|high\s+street|way|council|library|hospital|"
    r"police\s+station|town\s+centre|college|market)\b", _I)

#: Words right before an ambiguous town that make it a place on their own ("near march").
_NEAR_WORDS = ("near", "nr", "outside", "around", "from")
#: Words right before an ambiguous town that do so after a living word ("live in march").
_IN_WORDS = ("in", "to", "at")
#: Words before "in"/"to"/"at" that make the next word a place ("moved to reading").
_LIVING_WORDS = (
    "live", "lives", "living", "lived", "stay", "staying", "stayed", "moved", "move", "moving",
    "placed", "placement", "based", "relocated", "sent", "up", "school", "college", "born",
    "grew",
)
#: At most this many words after a place context are taken as the place.
_MAX_PLACE_WORDS = 3


def find_places(text: str, stop: frozenset[str], lex: Lexicon) -> Iterator[Span]:
    """Kept areas (as keep-spans), listed places, ambiguous places in context, "live in X"."""
    for m in lex.keep_areas_re.finditer(text):
        yield Span(m.start(), m.end(), "", Rank.PLACE)
    for m in lex.places_re.finditer(text):
        yield Span(m.start(), m.end(), "PLACE", Rank.PLACE)
    for m in lex.ambiguous_places_re.finditer(text):
        if _in_place_context(text, m.start(), m.end()):
            yield Span(m.start(), m.end(), "PLACE", Rank.PLACE)
    for m in PLACE_CONTEXT_RE.finditer(text):
        span = _place_after(text, m.end("p"), stop, lex)
        if span:
            yield span


def _in_place_context(text: str, start: int, end: int) -> bool:
    """Is the ambiguous town name at `start:end` used as a place here?"""
    lows = [w.lower() for _s, _e, w in words_before(text, start, 3)]
    if lows and lows[0] in _NEAR_WORDS:
        return True
    if lows and lows[0] in _IN_WORDS and _LIVE_WORDS_RE.search(text[max(0, start - 40):start]):
        return True
    if lows and lows[0] in _IN_WORDS and len(lows) > 1 and lows[1] in _LIVING_WORDS:
        return True
    return bool(_PLACE_SUFFIX_RE.match(text, end))


def _place_after(text: str, pos: int, stop: frozenset[str], lex: Lexicon) -> Span | None:
    """The run of place-name words at `pos` (up to three), or None."""
    words = lex.words
    run: list[tuple[int, int]] = []
    for start, end, word in words_after(text, pos, _MAX_PLACE_WORDS):
        low = word.lower()
        if low in stop or low in words.topic_words or low in words.not_place_words \
                or low in words.not_names or lex.keep_areas_re.fullmatch(low):
            break
        run.append((start, end))
    return Span(run[0][0], run[-1][1], "PLACE", Rank.PLACE_CONTEXT) if run else None
